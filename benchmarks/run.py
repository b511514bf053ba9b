#!/usr/bin/env python3
"""fxaudit's benchmark: run by hand, prints a table (never part of the test suite).

    python benchmarks/run.py [--corpus PATH] [--limit N]

Measures: ``import fxaudit`` time (fresh interpreter, best of 5), first and warm
``rate()`` lookups, memory of the loaded rate table, and - when a corpus is
available (default ../shared/corpora/reuters21578.jsonl) - text throughput.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl"


def import_time(runs: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import fxaudit; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True, cwd=ROOT).stdout) for _ in range(runs)]
    return min(times)


def rate_lookups() -> tuple[float, float, float]:
    """(first call s, warm call µs, MiB allocated by loading the table)."""
    import fxaudit
    from fxaudit import rates

    tracemalloc.start()
    t = time.perf_counter()
    fxaudit.rate("USD", "CNY", "2020-04-15")
    first = time.perf_counter() - t
    mem = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    n = 20000
    days = ["2020-04-15", "2015-08-11", "2008-10-10", "2024-02-29"]
    t = time.perf_counter()
    for i in range(n):
        fxaudit.rate("USD", "CNY", days[i & 3])
    warm = (time.perf_counter() - t) / n * 1e6
    assert rates.bundled_table() is rates.bundled_table()
    return first, warm, mem


def load_corpus(path: Path, limit: int | None) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if path.suffix == ".jsonl":
                texts.append(json.loads(line).get("text") or "")
            else:
                texts.append(line)
            if limit and len(texts) >= limit:
                break
    return texts


def _timed(fn, texts) -> float:
    t = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - t


def throughput(texts: list[str], mb: float) -> list[tuple[str, str]]:
    import re

    import fxaudit

    fxaudit.extract("warm-up: $5 and 5 yuan")  # loads the lexicon once
    floor_re = re.compile(r"\d[\d,.]*")
    floor = _timed(floor_re.findall, texts)
    ext = _timed(fxaudit.extract, texts)
    sample = texts[: max(1, len(texts) // 4)]
    aud = _timed(lambda t: fxaudit.audit(t, "2020-04-15"), sample)
    return [
        ("regex floor \\d[\\d,.]*", f"{mb / floor:.1f} MB/s"),
        ("extract", f"{mb / ext:.1f} MB/s, {len(texts) / ext:,.0f} docs/s "
                    f"({ext / floor:.1f}x the floor's time)"),
        ("audit (first quarter of the docs)", f"{len(sample) / aud:,.0f} docs/s"),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))

    rows = [("import fxaudit", f"{import_time() * 1000:.0f} ms")]
    first, warm, mem = rate_lookups()
    rows += [("first rate() (loads the table)", f"{first * 1000:.0f} ms"),
             ("warm rate()", f"{warm:.1f} µs"),
             ("memory of the loaded rate table", f"{mem:.1f} MiB")]
    if args.corpus.exists():
        texts = load_corpus(args.corpus, args.limit)
        mb = sum(len(t.encode()) for t in texts) / 1e6
        rows.append(("corpus", f"{args.corpus.name}: {len(texts)} docs, {mb:.1f} MB"))
        rows += throughput(texts, mb)
    width = max(len(r[0]) for r in rows)
    print(f"python {sys.version.split()[0]} on {sys.platform}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
