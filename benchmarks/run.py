#!/usr/bin/env python3
"""fxaudit's benchmark: run by hand, prints a Markdown table (never part of the test suite).

    python benchmarks/run.py [--corpus PATH] [--limit N] [--quick] [--profile] [--no-peers]

On one corpus (default ../shared/corpora/reuters21578.jsonl; any JSONL file
with a "text" field per record, or a plain text file split into documents at
blank lines) it measures, in the same run on the same texts:

- the floor: a bare ``\\d[\\d,.]*`` regex scan;
- ``extract`` (MB/s, docs/s), ``audit`` (docs/s) and ``audit_many`` on 2
  processes (docs/s, pool start-up included);
- the peers, installed with the ``bench`` extra, sentence by sentence:
  price-parser's ``Price.fromstring`` and quantulum3's ``parser.parse`` (a few
  hundred times slower than extract, so timed on the first ``--peer-kb`` KB
  only, each pass paired with a pass of extract over the corpus; extract is
  also timed on exactly that sample);

then ``import fxaudit`` time, warm ``rate()`` µs, peak memory, and the time of
extract on 100 KB and 1 MB of each adversarial input family (should be ~10×).
``--quick`` is a smoke run (small samples, 10 KB vs 100 KB); ``--profile``
runs pyinstrument over extract on the corpus and prints where the time goes.
Timings are the best of a few runs; on a shared machine expect ±15 %. The ratios
that the goals are judged on (extract against the floor and against quantulum3) are
taken from passes timed back to back, alternately, and the median pair is reported.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl"
DAY = "2020-04-15"
TEXT_FIELDS = ("text", "body", "content")

#: Goals of issue #7 on the project's machine.
GOAL_EXTRACT_MBS = 10.0
GOAL_FLOOR_FRACTION = 0.25
GOAL_VS_QUANTULUM = 300
GOAL_IMPORT_S = 0.3


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add(self, measure: str, result: str, goal: str = "") -> None:
        self.rows.append((measure, result, goal))
        print(f"  {measure}: {result}", file=sys.stderr, flush=True)  # progress while it runs

    def markdown(self) -> str:
        lines = ["| measure | result | goal |", "| --- | --- | --- |"]
        lines += [f"| {m} | {r} | {g} |" for m, r, g in self.rows]
        return "\n".join(lines)


# ---- the corpus -------------------------------------------------------------------

def load_corpus(path: Path, limit: int | None) -> list[str]:
    """Documents of a JSONL file (its text field) or of a text file (split at blank lines)."""
    texts: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as f:
        if path.suffix in (".jsonl", ".ndjson"):
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{n}: not JSON ({exc}); pass a JSONL or a plain text file")
                if isinstance(record, str):
                    texts.append(record)
                elif isinstance(record, dict):
                    field = next((k for k in TEXT_FIELDS if k in record), None)
                    if field is None:
                        raise SystemExit(f"{path}:{n}: no text field (looked for {', '.join(TEXT_FIELDS)})")
                    texts.append(record[field] or "")
                if limit and len(texts) >= limit:
                    break
        else:
            texts = [d for d in re.split(r"\n\s*\n", f.read()) if d.strip()]
            texts = texts[:limit] if limit else texts
    if not texts:
        raise SystemExit(f"{path}: no documents")
    return texts


def sentences(texts: list[str]) -> list[str]:
    """The sentences the peers get one at a time (they are made for short strings)."""
    split = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
    return [s for t in texts for s in split.split(t) if s.strip()]


def first_kb(items: list[str], kb: float) -> list[str]:
    out, size = [], 0
    for s in items:
        if size >= kb * 1000:
            break
        out.append(s)
        size += len(s.encode())
    return out


def size(mb: float) -> str:
    return f"{mb:.1f} MB" if mb >= 1 else f"{mb * 1000:.3g} KB"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3g} ms" if seconds < 1 else f"{seconds * 1000:,.0f} ms"


def mb_of(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6


# ---- timing helpers -------------------------------------------------------------

def best_of(runs: int, fn, *args) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t)
    return max(best, 1e-9)


def paired(runs: int, a, b, *args) -> tuple[float, float, list[float]]:
    """Time ``a(*args)`` and ``b(*args)`` alternately: (best a, best b, each pass's a/b).

    The ratio of two timings taken back to back moves far less with the machine's load than
    the ratio of two bests taken minutes apart."""
    ta, tb, ratios = float("inf"), float("inf"), []
    for i in range(runs):
        order = (a, b) if i % 2 == 0 else (b, a)
        got = {}
        for fn in order:
            t = time.perf_counter()
            fn(*args)
            got[fn] = max(time.perf_counter() - t, 1e-9)
        ta, tb = min(ta, got[a]), min(tb, got[b])
        ratios.append(got[a] / got[b])
    return ta, tb, ratios


def median(values: list[float]) -> float:
    v = sorted(values)
    return (v[len(v) // 2] + v[(len(v) - 1) // 2]) / 2


def spread(values: list[float], fmt: str) -> str:
    """'(x–y over n passes)', or '' for one pass."""
    return f" ({format(min(values), fmt)}–{format(max(values), fmt)} over {len(values)} passes)" if len(values) > 1 else ""


def each(fn):
    def run(items):
        for item in items:
            fn(item)
    return run


def machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{usable} usable cores of {model}{mem}; Python {platform.python_version()} "
            f"({platform.python_implementation()}) on {platform.system()} {platform.release()}")


# ---- the measures -----------------------------------------------------------------

def import_time(runs: int) -> float:
    code = "import time; t = time.perf_counter(); import fxaudit; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True, cwd=ROOT).stdout) for _ in range(runs))


def rate_lookups(n: int, runs: int) -> tuple[float, float, float]:
    """(first call s, warm call µs, MiB allocated by loading the table).

    The first call is timed in fresh interpreters (best of ``runs``), without tracemalloc,
    which slows the loading it measures; the memory is traced in this process."""
    import fxaudit

    code = (f"import time, fxaudit; t = time.perf_counter(); fxaudit.rate('USD', 'CNY', {DAY!r}); "
            "print(time.perf_counter() - t)")
    first = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                     check=True, cwd=ROOT).stdout) for _ in range(runs))
    tracemalloc.start()
    fxaudit.rate("USD", "CNY", DAY)
    mem = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    days = ["2020-04-15", "2015-08-11", "2008-10-10", "2024-02-29"]
    t = time.perf_counter()
    for i in range(n):
        fxaudit.rate("USD", "CNY", days[i & 3])
    return first, (time.perf_counter() - t) / n * 1e6, mem


def throughput(table: Table, texts: list[str], mb: float, runs: int) -> dict[str, float]:
    import fxaudit

    fxaudit.extract("warm-up: $5 and 5 yuan, 5万元, five million dollars")
    fxaudit.audit("warm-up: 5,000 yuan (US$818)", DAY)
    floor_re = re.compile(r"\d[\d,.]*")
    # the floor and extract alternate, so that their ratio is taken from passes back to back;
    # the floor's side of a pair is five passes (a single one, ~0.1 s, is too short to be steady)
    floor_pass = each(floor_re.findall)

    def floor_5(items: list[str]) -> None:
        for _ in range(5):
            floor_pass(items)

    floor, ext, shares = paired(runs, floor_5, each(fxaudit.extract), texts)
    floor, shares = floor / 5, [r / 5 for r in shares]
    n = len(texts)
    table.add("regex floor `\\d[\\d,.]*` (findall per document)", f"{mb / floor:.1f} MB/s")
    share = median(shares)
    table.add("`extract`", f"**{mb / ext:.1f} MB/s**, {n / ext:,.0f} docs/s; "
              f"{share:.2f} of the floor's speed{spread(shares, '.2f')}",
              f"≥ {GOAL_EXTRACT_MBS:g} MB/s: {'met' if mb / ext >= GOAL_EXTRACT_MBS else 'NOT met'}; "
              f"≥ {GOAL_FLOOR_FRACTION:g} of the floor: {'met' if share >= GOAL_FLOOR_FRACTION else 'NOT met'}")
    aud = best_of(1, each(lambda t: fxaudit.audit(t, DAY)), texts)
    table.add(f"`audit` (date {DAY}), one process", f"{n / aud:,.0f} docs/s, {mb / aud:.1f} MB/s")
    if hasattr(fxaudit, "audit_many"):
        docs = [(t, DAY) for t in texts]
        t0 = time.perf_counter()
        count = sum(1 for _ in fxaudit.audit_many(docs, processes=2, progress=False))
        many = time.perf_counter() - t0
        assert count == n
        table.add("`audit_many`, 2 processes (spawn; pool start-up included)",
                  f"{n / many:,.0f} docs/s, {mb / many:.1f} MB/s ({aud / many:.2f}× one process)")
    else:
        table.add("`audit_many`, 2 processes", "n/a (fxaudit.audit_many not available)")
    return {"floor": floor, "extract": ext}


def peers(table: Table, texts: list[str], mb: float, ext_time: float, quick: bool,
          peer_kb: float, runs: int) -> None:
    import fxaudit

    sents = sentences(texts)
    ext_mbs = mb / ext_time
    if not sents:
        table.add("peers", "n/a: the corpus has no sentences")
        return
    try:
        from price_parser import Price
    except ImportError:
        table.add("price-parser", "not installed (pip install -e '.[bench]')")
    else:
        sample = first_kb(sents, 50) if quick else sents
        smb = mb_of(sample)
        t = best_of(1, each(Price.fromstring), sample)
        what = "the whole corpus" if sample is sents else f"the first {size(smb)}"
        table.add(f"price-parser `Price.fromstring`, sentence by sentence ({what})",
                  f"{smb / t:.2f} MB/s; extract runs at {ext_mbs / (smb / t):.1f}× its speed")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser as q_parser

            t0 = time.perf_counter()
            q_parser.parse("It cost 5 dollars.")  # loads its unit tables (timed separately)
            load = time.perf_counter() - t0
    except ImportError:
        table.add("quantulum3", "not installed (pip install -e '.[bench]')")
        return
    sample = first_kb(sents, peer_kb)
    smb = mb_of(sample)
    # each pass of quantulum3 on the sample is paired with a pass of extract on the corpus
    # right before or after it: the ratio of the pair is what the goal is judged on (the
    # median of the pairs), since the machine's speed drifts between timings minutes apart
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q, _, pairs = paired(runs, lambda: each(q_parser.parse)(sample), lambda: each(fxaudit.extract)(texts))
    ratios = [r * mb / smb for r in pairs]  # (q time / extract time) × (corpus MB / sample MB)
    ratio = median(ratios)
    same = best_of(3, each(fxaudit.extract), sample)
    table.add(f"quantulum3 `parser.parse`, sentence by sentence (the first {size(smb)} only; "
              f"{load:.1f} s first-call load not counted)",
              f"{smb / q:.3f} MB/s; extract is **{ratio:,.0f}×** faster{spread(ratios, ',.0f')} "
              f"({q / same:,.0f}× on that same sample, sentence by sentence)",
              f"≥ {GOAL_VS_QUANTULUM}×: {'met' if ratio >= GOAL_VS_QUANTULUM else 'NOT met'}")


def memory(table: Table, texts: list[str], dense_kb: int) -> None:
    import fxaudit

    sample = first_kb(texts, 2000) + sorted(texts, key=len)[-3:]
    tracemalloc.start()
    for t in sample:
        fxaudit.extract(t)
    peak = tracemalloc.get_traced_memory()[1] / 2**10
    tracemalloc.stop()
    dense = "5,000 yuan (US$818), " * (dense_kb * 50)  # 2 mentions every 20 characters
    tracemalloc.start()
    found = len(fxaudit.extract(dense))
    dense_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    table.add("peak Python memory of `extract` (tracemalloc)",
              f"{peak:,.0f} KiB for any corpus document (longest: {max(map(len, texts)):,} characters); "
              f"{dense_peak:.0f} MiB for {dense_kb:,} KB holding {found:,} mentions")
    try:
        import resource
    except ImportError:  # Windows
        return
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss /= 2**20 if sys.platform == "darwin" else 2**10  # bytes on macOS, KiB on Linux
    table.add("peak RSS of this benchmark process (ru_maxrss)", f"{rss:.0f} MiB (corpus and peers loaded)")


#: Adversarial families: (name, function of the size in characters -> text).
def _rep(unit: str):
    return lambda n: (unit * (n // len(unit) + 1))[:n]


FAMILIES = [
    ("digits", _rep("1234567890")),
    ('"$" signs', _rep("$")),
    ('"1,000," groups', _rep("1,000,")),
    ("nested parentheses", lambda n: "(" * (n // 2) + ")" * (n - n // 2)),
    ("currency words", _rep("dollars yuan euro ")),
    ("scale words", _rep("million billion lakh crore ")),
    ('"5 million " (number + scale)', _rep("5 million ")),
    ('"5-" chains', _rep("5-")),
    ("mixed scripts", _rep("价格 цена 価格 سعر עברית ελληνικά हिन्दी ")),
    ("NUL/BOM/zero-width + $5", _rep("\x00\ufeff\u200b$5 ")),
    ("lone surrogates + $5", _rep("\ud800$5\udfff ")),
    ("dense conversions", _rep("5,000 yuan (US$818), ")),
]


def scaling(table: Table, small: int, large: int) -> None:
    import fxaudit

    def label(n: int) -> str:
        return f"{n / 1000:g} KB" if n < 1_000_000 else f"{n / 1_000_000:g} MB"

    for name, make in FAMILIES:
        a, b = make(small), make(large)
        ta = best_of(3, fxaudit.extract, a)
        tb = best_of(1, fxaudit.extract, b)
        if tb < 0.5:  # cheap: take the best of three as for the small input
            tb = min(tb, best_of(2, fxaudit.extract, b))
        table.add(f"adversarial: {name}",
                  f"{label(small)} {ms(ta)}, {label(large)} {ms(tb)}: "
                  f"**{tb / ta:.1f}×** ({len(b) / 1e6 / tb:.1f} MB/s)", "~10× (linear)")


def profile(texts: list[str], top: int) -> None:
    import fxaudit

    try:
        from pyinstrument import Profiler
    except ImportError:
        print("\n--profile needs pyinstrument: pip install -e '.[bench]'")
        return
    fxaudit.extract("warm-up: $5")
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for t in texts:
        fxaudit.extract(t)
    profiler.stop()
    def body(report: str) -> list[str]:  # without pyinstrument's banner
        lines = report.splitlines()
        start = next((i for i, line in enumerate(lines) if line.startswith("Profile at")), -1)
        return [line for line in lines[start + 1:] if line.strip()]

    total = profiler.last_session.duration if profiler.last_session else 0
    tree = body(profiler.output_text(unicode=True, color=False))
    print(f"\n## Profile of extract over the corpus (pyinstrument, {total:.1f} s)\n")
    print("Call tree, seconds including callees ([self]: the function's own code):\n\n```")
    print("\n".join(tree[:top]))
    print("```")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None,
                    help=f"JSONL (a text field per record) or plain text; default {DEFAULT_CORPUS}")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--quick", action="store_true", help="a fast smoke run: small samples, 1 run each")
    ap.add_argument("--profile", action="store_true", help="profile extract with pyinstrument")
    ap.add_argument("--no-peers", action="store_true", help="skip price-parser and quantulum3")
    ap.add_argument("--peer-kb", type=float, default=None,
                    help="KB of sentences for quantulum3 (default 100; 5 with --quick)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))

    corpus = args.corpus or DEFAULT_CORPUS
    if not corpus.is_file():
        if args.corpus is None:
            print(f"error: the default corpus {DEFAULT_CORPUS} is not there.\n"
                  "Put the shared corpora next to the repository (../shared/corpora/), or pass\n"
                  "--corpus PATH with any JSONL file (a \"text\" field per record) or plain text file.",
                  file=sys.stderr)
        else:
            print(f"error: --corpus {corpus}: no such file", file=sys.stderr)
        return 2
    limit = args.limit or (300 if args.quick else None)
    runs = 1 if args.quick else 3
    peer_kb = args.peer_kb or (5 if args.quick else 100)

    texts = load_corpus(corpus, limit)
    mb = mb_of(texts)
    print(f"Machine: {machine()}", file=sys.stderr)
    table = Table()
    table.add("corpus", f"{corpus.name}: {len(texts):,} documents, {size(mb)}"
              + (f" (the first {limit})" if limit and len(texts) == limit else ""))
    t_import = import_time(2 if args.quick else 5)
    table.add("`import fxaudit` (fresh interpreter, best of runs)", f"{t_import * 1000:.0f} ms",
              f"< {GOAL_IMPORT_S * 1000:.0f} ms: {'met' if t_import < GOAL_IMPORT_S else 'NOT met'}")
    first, warm, table_mem = rate_lookups(2000 if args.quick else 20000, 1 if args.quick else 3)
    table.add("first `rate()` (reads the rate table; fresh interpreter, best of runs)", f"{first * 1000:.0f} ms")
    table.add("warm `rate()`", f"{warm:.1f} µs")
    table.add("memory of the loaded rate table", f"{table_mem:.1f} MiB")
    times = throughput(table, texts, mb, runs)
    if not args.no_peers:
        peers(table, texts, mb, times["extract"], args.quick, peer_kb, runs)
    memory(table, texts, 100 if args.quick else 1000)
    scaling(table, *((2_000, 20_000) if args.quick else (100_000, 1_000_000)))

    print(f"Machine: {machine()}")
    print(f"Command: python benchmarks/run.py {' '.join(sys.argv[1:] if argv is None else argv)}".rstrip())
    print()
    print(table.markdown())
    if args.profile:
        profile(texts, 40)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
