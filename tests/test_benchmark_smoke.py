"""Smoke tests of the scripts run by hand: the benchmark and the fuzzing harness.

They check that the scripts run from a clone and print what they should; they
assert nothing about speed (the benchmark's figures are for docs/performance.md).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "run.py"
FUZZ = ROOT / "fuzz" / "fuzz_extract.py"

ROWS = ["corpus", "`import fxaudit`", "warm `rate()`", "regex floor", "`extract`", "`audit`",
        "`audit_many`", "price-parser", "quantulum3", "peak Python memory", "peak RSS",
        "adversarial: digits", "adversarial: nested parentheses", "adversarial: dense conversions"]


def _run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], check=False, capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


@pytest.mark.skipif(not BENCH.exists(), reason="benchmarks/ is not in this checkout")
def test_benchmark_quick_run_prints_the_table(tmp_path):
    corpus = tmp_path / "small.jsonl"
    docs = ["A reward of 5,000 yuan (US$818) was offered.", "No money here, only 1987.",
            "He paid $5 million (4.5 million euros). Profit rose 5 mln dlrs.", ""]
    corpus.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(docs)))
    result = _run(str(BENCH), "--quick", "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "| measure | result | goal |" in out
    table = [line for line in out.splitlines() if line.startswith("| ")]
    for row in ROWS:
        assert any(line.startswith(f"| {row}") for line in table), (row, out)
    assert "small.jsonl: 4 documents" in out


def _bench_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("fxaudit_benchmark_run", BENCH)
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    return run


@pytest.mark.skipif(not BENCH.exists(), reason="benchmarks/ is not in this checkout")
def test_benchmark_reads_plain_text_and_jsonl(tmp_path, capsys):
    run = _bench_module()
    text = tmp_path / "story.txt"
    text.write_text("A reward of 5,000 yuan (US$818).\nSecond line.\n\n  \nNothing here.\n")
    assert run.load_corpus(text, None) == ["A reward of 5,000 yuan (US$818).\nSecond line.",
                                           "Nothing here.\n"]
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text('{"text": "a"}\n\n"b"\n{"body": "c", "id": 3}\n{"text": null}\n')
    assert run.load_corpus(jsonl, None) == ["a", "b", "c", ""]
    assert run.load_corpus(jsonl, 2) == ["a", "b"]
    assert run.main(["--corpus", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.skipif(not FUZZ.exists(), reason="fuzz/ is not in this checkout")
def test_fuzz_harness_plain_mode():
    result = _run(str(FUZZ), "--plain", "300", "--seed", "7")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "plain mode: 300 inputs checked" in result.stdout


@pytest.mark.skipif(not BENCH.exists(), reason="benchmarks/ is not in this checkout")
def test_benchmark_without_the_default_corpus_says_what_to_do(tmp_path, monkeypatch, capsys):
    run = _bench_module()
    monkeypatch.setattr(run, "DEFAULT_CORPUS", tmp_path / "absent" / "reuters21578.jsonl")
    assert run.main([]) == 2
    err = capsys.readouterr().err
    assert "default corpus" in err and "--corpus PATH" in err


@pytest.mark.skipif(not BENCH.exists(), reason="benchmarks/ is not in this checkout")
def test_paired_timings_alternate_and_give_one_ratio_per_pass():
    run = _bench_module()
    calls = []
    a, b = (lambda x: calls.append(("a", x))), (lambda x: calls.append(("b", x)))
    ta, tb, ratios = run.paired(4, a, b, 7)
    # a then b, b then a, ...: each pair is timed back to back, and neither always goes first
    assert calls == [("a", 7), ("b", 7), ("b", 7), ("a", 7), ("a", 7), ("b", 7), ("b", 7), ("a", 7)]
    assert len(ratios) == 4 and all(r > 0 for r in ratios) and ta > 0 and tb > 0
    assert run.median([3.0, 1.0, 2.0]) == 2.0 and run.median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert run.spread([250.4, 314.2, 290.0], ",.0f") == " (250–314 over 3 passes)"
    assert run.spread([1.0], ".2f") == ""
