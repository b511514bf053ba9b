"""The `fxaudit audit` and `fxaudit extract` commands: inputs, formats, exit codes, colour, progress."""
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fxaudit.cli_io import _use_color
from fxaudit.cli import main
from fxaudit.tabular import COLUMN_NAMES

DAY = "2020-04-15"
ROOT = Path(__file__).resolve().parent.parent
STORY = str(ROOT / "examples" / "story.txt")
CORPUS = ROOT / "examples" / "corpus.jsonl"
BAD = "A reward of 5,000 yuan (US$818) was offered."
GOOD = "A fine of 3,000 yuan (US$425) was imposed."


def _script() -> str:
    """The `fxaudit` console script of this environment."""
    bindir = Path(sys.executable).parent
    for name in ("fxaudit", "fxaudit.exe"):
        if (bindir / name).exists():
            return str(bindir / name)
    pytest.skip("the fxaudit console script is not installed in this environment")


@pytest.fixture
def jsonl(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "bad", "text": BAD, "date": DAY}) + "\n"
                    + "\n"
                    + json.dumps({"id": "good", "text": GOOD, "date": DAY}) + "\n"
                    + json.dumps({"text": "No money here.", "date": DAY}) + "\n")
    return path


def test_story_exits_1_and_says_why(capsys):
    assert main(["audit", STORY, "--date", DAY]) == 1
    out = capsys.readouterr().out
    assert "4 conversions checked at the rates of 2020-04-15, 1 inconsistent" in out
    assert "INCONSISTENT (gross): '5,000 yuan' -> 'US$818'  +15.5 %" in out
    assert "likely cause: stale rate" in out
    assert out.rstrip().endswith("1 document, 4 conversions: 1 inconsistent (1 gross), 3 consistent")
    assert "\033[" not in out                                    # not a terminal: no colour
    assert main(["audit", STORY, "--date", DAY, "--no-fail"]) == 0


def test_colour_only_when_asked_or_on_a_terminal(capsys, monkeypatch):
    assert main(["audit", STORY, "--date", DAY, "--color", "always"]) == 1
    assert "\033[1;31mINCONSISTENT\033[0m" in capsys.readouterr().out

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert _use_color("auto", Tty()) is True
    assert _use_color("auto", io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _use_color("auto", Tty()) is False
    assert _use_color("always", io.StringIO()) is True


def test_text_file_needs_a_date(capsys):
    assert main(["audit", STORY]) == 2
    err = capsys.readouterr().err
    assert "story.txt is read as one text: give its date with --date YYYY-MM-DD" in err
    assert main(["audit", STORY, "--date", "15/04/2020"]) == 2
    assert "--date '15/04/2020' is not an ISO date" in capsys.readouterr().err


def test_unreadable_file(capsys, tmp_path):
    assert main(["audit", str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl: cannot read: No such file or directory" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["audit", STORY, "--format", "xml"])
    assert exc.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_json_is_one_array_of_reports(capsys, jsonl):
    assert main(["audit", str(jsonl), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in data] == ["bad", "good", f"{jsonl}:4"]
    assert [d["line"] for d in data] == [1, 3, 4]
    assert data[0]["schema"] == "fxaudit.report/1" and data[0]["file"] == str(jsonl)
    assert data[0]["findings"][0]["verdict"] == "inconsistent"
    assert data[2]["findings"] == []


def test_json_of_no_documents_is_an_empty_array(capsys, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert main(["audit", str(empty), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_jsonl_output(capsys, jsonl):
    assert main(["audit", str(jsonl), "--format", "jsonl", "--no-fail"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert json.loads(lines[1])["findings"][0]["reported"]["text"] == "US$425"


def test_csv_output_is_the_findings_table(capsys, jsonl):
    assert main(["audit", str(jsonl), "--format", "csv"]) == 1
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == list(COLUMN_NAMES)
    assert [(r["id"], r["verdict"]) for r in rows] == [("bad", "inconsistent"), ("good", "consistent")]
    bad = rows[0]
    assert bad["severity"] == "gross" and bad["rate_text"] == "7.0621 CNY per USD"
    assert bad["rate_date"] == DAY and bad["rate_source"] == "ecb-bundled"
    assert bad["deviation"].startswith("0.15535841511")              # exact decimal, as a string
    assert bad["accepted_low"] == "817.5" and bad["error"] == ""


def test_bad_json_lines_are_reported_with_their_line_and_the_rest_is_audited(capsys, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"id": 1, "text": BAD, "date": DAY}) + "\n"
                    + "{not json\n"
                    + "[1, 2]\n"
                    + json.dumps({"id": 4, "body": GOOD, "date": DAY}) + "\n"
                    + json.dumps({"id": 5, "text": GOOD}) + "\n"
                    + json.dumps({"id": 6, "text": GOOD, "date": "yesterday"}) + "\n"
                    + json.dumps({"id": 7, "text": GOOD, "date": DAY}) + "\n")
    assert main(["audit", str(path), "--format", "csv"]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert f"{path}:2: not valid JSON" in err
    assert f"{path}:3: expected a JSON object, got list" in err
    assert f"{path}:4: no 'text' field (use --text-field to name it)" in err
    assert f"{path}:5: no 'date' field" in err
    assert f"{path}:6: the text's date 'yesterday' is not an ISO date" in err
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert [(r["id"], r["verdict"] or "error") for r in rows] == [
        ("1", "inconsistent"), (f"{path}:2", "error"), (f"{path}:3", "error"), ("4", "error"),
        ("5", "error"), ("6", "error"), ("7", "consistent")]


def test_records_dated_by_default_and_custom_fields(capsys, tmp_path):
    path = tmp_path / "stories.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["url", "body", "published"])
        w.writerow(["https://example.org/1", BAD, ""])
        w.writerow(["https://example.org/2", "Two lines:\n" + GOOD, "2020-04-15"])
    args = ["audit", str(path), "--text-field", "body", "--date-field", "published", "--id-field", "url",
            "--format", "jsonl"]
    assert main(args) == 2                                         # the first row has no date
    assert f"{path}:2: no 'published' field" in capsys.readouterr().err
    assert main(args + ["--date", DAY]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["id"] for d in out] == ["https://example.org/1", "https://example.org/2"]
    assert [d["line"] for d in out] == [2, 3]                      # where each row starts
    assert main(["audit", str(path), "--date", DAY]) == 2
    assert "no 'text' column (its columns: url, body, published)" in capsys.readouterr().err


def test_stdin_text(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(BAD))
    assert main(["audit", "-", "--date", DAY]) == 1
    assert "<stdin>: 1 conversion checked" in capsys.readouterr().out


def test_stdin_jsonl_through_the_console_script():
    docs = "".join(json.dumps({"id": i, "text": t, "date": DAY}) + "\n" for i, t in enumerate([GOOD, BAD]))
    out = subprocess.run([_script(), "audit", "-", "--input-format", "jsonl", "--format", "csv"],
                         check=False, input=docs, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["id"], r["verdict"]) for r in rows] == [("0", "consistent"), ("1", "inconsistent")]
    assert out.stderr == ""                                        # no bar, no summary when piped


def test_gzipped_jsonl(capsys, tmp_path):
    import gzip

    path = tmp_path / "docs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "z", "text": GOOD, "date": DAY}) + "\n")
    assert main(["audit", str(path), "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "z"


def test_several_files_and_processes(capsys, jsonl):
    assert main(["audit", str(jsonl), STORY, "--date", DAY, "--processes", "2", "--format", "csv",
                 "--no-fail"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == ["bad", "good"] + [STORY] * 4


def test_forced_progress_bar_goes_to_stderr(capsys, jsonl):
    pytest.importorskip("tqdm")
    assert main(["audit", str(jsonl), "--format", "csv", "--progress"]) == 1
    err = capsys.readouterr().err
    assert "3/3" in err and "doc" in err


def _run_with_stderr_on_a_terminal(args):
    """Run the console script with stderr on a pseudo-terminal; return (code, stdout, stderr)."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios
    import threading

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    proc = subprocess.Popen([_script(), *args], stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()))
    reader.start()
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    proc.wait(timeout=120)
    reader.join()
    os.close(master)
    return proc.returncode, out[0].decode(), err.decode("utf-8", "replace")


def test_the_1000_document_corpus_to_csv_with_a_progress_bar():
    pytest.importorskip("tqdm")
    code, out, err = _run_with_stderr_on_a_terminal(["audit", str(CORPUS), "--format", "csv"])
    assert code == 1                                                # some figures are wrong
    assert "1000/1000" in err and "doc/s" in err                    # the bar
    assert "fxaudit: 1,000 documents, 858 conversions: 246 inconsistent" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(COLUMN_NAMES)
    labels = {d["id"]: d["label"] for d in map(json.loads, CORPUS.read_text().splitlines())}
    verdicts = {r["id"]: r["verdict"] for r in rows}
    assert len(verdicts) == len(rows)                               # one conversion per document
    for doc_id, label in labels.items():
        expected = {"ok": "consistent", "none": None}.get(label, "inconsistent")
        assert verdicts.get(doc_id) == expected, (doc_id, label)
    diagnoses = {r["id"]: r["diagnosis"] for r in rows}
    assert all(diagnoses[i].startswith("magnitude slip") for i, lab in labels.items() if lab == "slip")
    assert all(diagnoses[i].startswith("inverted rate") for i, lab in labels.items() if lab == "inverted")


def test_one_text_shows_no_bar_even_on_a_terminal():
    code, out, err = _run_with_stderr_on_a_terminal(["audit", STORY, "--date", DAY])
    assert code == 1 and "INCONSISTENT" in out and "doc/s" not in err


def test_python_dash_m_audit():
    out = subprocess.run([sys.executable, "-m", "fxaudit", "audit", "-", "--date", DAY, "--format", "jsonl"],
                         check=False, input=BAD, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert json.loads(out.stdout)["findings"][0]["severity"] == "gross"


def test_extract_formats(capsys, jsonl):
    assert main(["extract", STORY]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{STORY}:131-141\t5000\tCNY\texact\t'5,000 yuan'"
    assert len(lines) == 9
    assert main(["extract", str(jsonl), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["id"], r["text"], r["currency"]) for r in rows] == [
        ("bad", "5,000 yuan", "CNY"), ("bad", "US$818", "USD"), ("good", "3,000 yuan", "CNY"),
        ("good", "US$425", "USD")]
    assert main(["extract", str(jsonl), "--format", "jsonl"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first == {"id": "bad", "start": 12, "end": 22, "text": "5,000 yuan", "amount": "5000", "high": None,
                     "currency": "CNY", "qualifier": "exact", "precision": "1000", "candidates": [],
                     "evidence": None}


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    text = capsys.readouterr().out
    for needle in ("--date-field", "--format {table,json,jsonl,csv}", "fxaudit audit corpus.jsonl --format csv",
                   "exit status", ".jsonl / .ndjson"):
        assert needle in text
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "fxaudit rate USD CNY 2020-04-15" in capsys.readouterr().out


def test_reference_flags_check_several_references(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text("The firm paid 5,000 yuan (US$708) for it.")
    assert main(["audit", str(path), "--date", DAY, "--reference", "ecb", "--reference", "fed",
                 "--format", "csv"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert row["best_reference"] == "ecb" and row["verdict"] == "consistent"
    assert main(["audit", str(path), "--date", DAY, "--reference", "ecb", "--reference", "fed"]) == 0
    assert "Of 2 references it fits ecb best" in capsys.readouterr().out


def test_unknown_reference_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(GOOD)
    with pytest.raises(SystemExit) as exc:
        main(["audit", str(path), "--date", DAY, "--reference", "boe"])
    assert exc.value.code == 2 and "invalid choice" in capsys.readouterr().err
