"""audit_many, audit_frame and findings_frame: order, streaming, errors, pools, progress."""
import datetime as dt
import io
import subprocess
import sys

import pandas as pd
import pytest

import fxaudit
from fxaudit import DocumentError, audit_frame, audit_many, findings_frame
from fxaudit.tabular import COLUMN_NAMES

DAY = "2020-04-15"
TEXTS = ["A reward of 5,000 yuan (US$818) was offered.",
         "A fine of 3,000 yuan (US$425) was imposed.",
         "No money at all.",
         "The tip line pays 5,000 yuan (700 USD) per lead."]


def _docs(n):
    return [{"id": f"d{i}", "text": TEXTS[i % len(TEXTS)], "date": DAY} for i in range(n)]


def _verdicts(result):
    return [f.verdict.value for f in result.findings]


def test_input_shapes_and_ids():
    docs = [(TEXTS[0], DAY),                                   # (text, date)
            ("x", TEXTS[1], dt.date(2020, 4, 15)),               # (id, text, date)
            {"text": TEXTS[3], "date": "2020-04-15T09:30:00Z"},  # dict without id
            {"id": "mine", "text": TEXTS[0], "date": DAY}]
    results = list(audit_many(docs, progress=False))
    assert [r.id for r in results] == [0, "x", 2, "mine"]
    assert [_verdicts(r) for r in results] == [["inconsistent"], ["consistent"], ["consistent"], ["inconsistent"]]
    assert all(isinstance(r, fxaudit.Report) and r.date == dt.date(2020, 4, 15) for r in results)


def test_bare_strings_with_a_default_date():
    (r,) = audit_many([TEXTS[0]], default_date=DAY, progress=False)
    assert r.id == 0 and _verdicts(r) == ["inconsistent"]


def test_order_is_kept():
    results = list(audit_many(_docs(40), progress=False))
    assert [r.id for r in results] == [f"d{i}" for i in range(40)]
    assert [len(r.findings) for r in results[:4]] == [1, 1, 0, 1]


def test_errors_are_recorded_and_the_run_goes_on():
    docs = [{"id": "ok", "text": TEXTS[0], "date": DAY},
            {"id": "bad-date", "text": TEXTS[0], "date": "15/04/2020"},
            {"id": "no-date", "text": TEXTS[0]},
            {"id": "no-text", "date": DAY},
            {"id": "nan-text", "text": float("nan"), "date": DAY},
            42,
            {"id": "after", "text": TEXTS[1], "date": DAY}]
    results = list(audit_many(docs, progress=False))
    assert [type(r).__name__ for r in results] == ["Report"] + ["DocumentError"] * 5 + ["Report"]
    errors = results[1:6]
    assert [e.index for e in errors] == [1, 2, 3, 4, 5]
    assert [e.id for e in errors] == ["bad-date", "no-date", "no-text", "nan-text", 5]
    assert errors[0].error_type == "InvalidDateError" and "YYYY-MM-DD" in errors[0].message
    assert "no date" in errors[1].message and "no 'text' field" in errors[2].message
    assert "missing" in errors[3].message
    # an error looks like an empty report to code that loops over findings
    assert errors[0].findings == () and errors[0].inconsistent == [] and len(errors[0]) == 0
    assert errors[0].to_dict()["error"]["type"] == "InvalidDateError"
    assert str(errors[0]).startswith("document 'bad-date' (#1): InvalidDateError:")


def test_errors_raise_when_asked():
    docs = [{"text": TEXTS[0], "date": DAY}, {"text": TEXTS[0], "date": "April"}]
    with pytest.raises(fxaudit.InvalidDateError):
        list(audit_many(docs, errors="raise", progress=False))


def test_bad_arguments_raise_at_the_call():
    with pytest.raises(ValueError):
        audit_many([], processes=-1)
    with pytest.raises(ValueError):
        audit_many([], chunksize=0)
    with pytest.raises(ValueError):
        audit_many([], errors="ignore")


def test_audit_options_are_passed_on():
    doc = [("A fine of 3,000 yuan (about US$445).", DAY)]
    (r,) = audit_many(doc, progress=False)                       # the default hedge is 3 %
    assert _verdicts(r) == ["inconsistent"]
    (r,) = audit_many(doc, progress=False, hedge="0.05")
    assert _verdicts(r) == ["consistent"]


class _Watched:
    """An input that records how far it has been read and refuses to run far ahead."""

    def __init__(self, n, limit):
        self.n, self.limit, self.read, self.consumed = n, limit, 0, 0

    def __iter__(self):
        for i in range(self.n):
            if self.read - self.consumed > self.limit:
                raise AssertionError(f"read {self.read} documents with only {self.consumed} consumed")
            self.read += 1
            yield {"id": i, "text": TEXTS[i % len(TEXTS)], "date": DAY}


def test_serial_run_streams_one_document_at_a_time():
    source = _Watched(200, limit=1)
    for result in audit_many(source, progress=False):
        source.consumed += 1
        assert source.read == source.consumed                 # nothing read ahead
    assert source.consumed == 200


def test_pool_of_spawned_processes_matches_serial_and_streams():
    docs = _docs(120) + [{"id": "bad", "text": "x", "date": "nope"}]
    serial = list(audit_many(docs, progress=False))
    # 2 workers × 4 chunks in flight × 8 documents: at most 64 read ahead
    source = _Watched(len(docs), limit=2 * 4 * 8 + 8)
    source_docs = iter(docs)

    def feed():
        for _ in source:
            yield next(source_docs)

    pooled = []
    for result in audit_many(feed(), processes=2, chunksize=8, progress=False, mp_context="spawn"):
        source.consumed += 1
        pooled.append(result)
    assert pooled == serial
    assert isinstance(pooled[-1], DocumentError) and pooled[-1].id == "bad"


def test_progress_is_off_when_stderr_is_not_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    list(audit_many(_docs(5)))
    assert sys.stderr.getvalue() == ""


def test_progress_can_be_forced(monkeypatch):
    pytest.importorskip("tqdm")
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    list(audit_many(_docs(5), progress=True))
    assert "5/5" in err.getvalue() and "doc" in err.getvalue()


def test_findings_frame_of_reports_and_errors():
    results = list(audit_many(_docs(4) + [{"id": "e", "text": "x", "date": None}], progress=False))
    df = findings_frame(results)
    assert list(df.columns) == list(COLUMN_NAMES)
    assert df["id"].tolist() == ["d0", "d1", "d3", "e"]          # d2 has no findings: no row
    assert df["verdict"].tolist()[:3] == ["inconsistent", "consistent", "consistent"]
    assert df["error"].notna().tolist() == [False, False, False, True]
    assert "no date" in df["error"].iloc[-1]


def test_audit_frame():
    frame = pd.DataFrame({"story": TEXTS, "published": pd.to_datetime([DAY] * 4),
                          "slug": ["a", "b", "c", "d"]}, index=[10, 11, 12, 13])
    df = audit_frame(frame, text="story", date="published", id="slug")
    assert df["id"].tolist() == ["a", "b", "d"]
    assert df["verdict"].tolist() == ["inconsistent", "consistent", "consistent"]
    by_index = audit_frame(frame, text="story", date="published")
    assert by_index["id"].tolist() == [10, 11, 13]
    counts = df["verdict"].value_counts()
    assert counts["consistent"] == 2


def test_audit_frame_dates_missing_and_defaulted():
    frame = pd.DataFrame({"text": TEXTS[:2], "date": [DAY, None]})
    df = audit_frame(frame)
    assert df["error"].notna().tolist() == [False, True]
    df = audit_frame(frame, default_date=DAY)
    assert df["verdict"].tolist() == ["inconsistent", "consistent"]
    df = audit_frame(frame[["text"]], default_date=DAY)
    assert len(df) == 2


def test_audit_frame_names_missing_columns():
    with pytest.raises(fxaudit.InvalidArgumentError, match="no text column 'body'"):
        audit_frame(pd.DataFrame({"text": []}), text="body")
    with pytest.raises(fxaudit.InvalidArgumentError, match="no date column"):
        audit_frame(pd.DataFrame({"text": []}))


def test_missing_values_from_pandas_count_as_missing_dates():
    docs = [{"id": 1, "text": TEXTS[1], "date": pd.NA}, {"id": 2, "text": TEXTS[1], "date": pd.NaT},
            {"id": 3, "text": TEXTS[1], "date": float("nan")}, {"id": 4, "text": TEXTS[1], "date": ""}]
    results = list(audit_many(docs, progress=False))
    assert all("no date" in r.message for r in results)
    results = list(audit_many(docs, default_date=DAY, progress=False))
    assert [_verdicts(r) for r in results] == [["consistent"]] * 4


def test_document_error_html():
    (error,) = audit_many([{"id": "<b>", "text": "x", "date": "soon"}], progress=False)
    page = error._repr_html_()
    assert "&lt;b&gt;" in page and "InvalidDateError" in page and "<b>" not in page


def test_import_fxaudit_loads_no_optional_dependency():
    code = ("import sys, fxaudit; print(sorted(m for m in ('pandas', 'dask', 'tqdm', 'distributed', "
            "'multiprocessing', 'concurrent.futures') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"
