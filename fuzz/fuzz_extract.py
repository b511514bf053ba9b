#!/usr/bin/env python3
"""Fuzz ``fxaudit.extract`` and ``fxaudit.audit`` with atheris, or with plain random input.

With atheris (coverage-guided, for long runs by hand)::

    pip install -e '.[fuzz]'
    python fuzz/fuzz_extract.py -max_total_time=600            # libFuzzer options pass through
    python fuzz/fuzz_extract.py fuzz/corpus -max_total_time=600 # keep a corpus between runs

Without atheris (random texts built from money-like pieces; what the test suite runs)::

    python fuzz/fuzz_extract.py --plain 20000 [--seed 1]

Each input becomes a text, a date and a locale. For every one the harness checks:
``extract`` and ``audit`` raise nothing (a locale outside CLDR may raise
``InvalidArgumentError``, and nothing else may escape); every mention's span
points at its own text; mentions are sorted and do not overlap; amounts are
finite and ranges go upwards; findings pair mentions of the report; mentions and
reports survive a pickle round trip; ``Report.to_dict()`` is JSON.
A failed check raises ``AssertionError``, which atheris reports as a crash with
the input that caused it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: Locales to try; the last two are not CLDR names and must raise InvalidArgumentError.
LOCALES = ["en", "en", "en_IN", "en_AU", "de", "de_CH", "fr", "es", "zh_CN", "ja", "ru", "xx", ""]
BAD_LOCALES = {"xx", ""}

#: Pieces of money-like text the random texts are made of.
PIECES = [
    *"0123456789", "5", "5,000", "1.5", "1,000,", "3,000–5,000", "12,34,567", "1.234,56", "0.25",
    "5\u202f000", "5 000", "1'000", "５００", "٥٠٠", "1e9", "99999999999999999999",
    "$", "US$", "HK$", "€", "£", "¥", "￥", "₹", "Rs.", "RMB", "USD", "EUR", "CNY", "JPY", "GBP", "XXX",
    " dollars", " dlrs", " yuan", " euros", " pounds", " yen", " cts", " stg", " rupees", " francs",
    " million", " mln", " billion", " bn", "m", "k", " lakh", " crore", " thousand", " hundred",
    "五千", "万", "亿", "元", "美元", "人民币", "约合", "多", "欧元", "日元",
    "about ", "nearly ", "up to ", "more than ", "between ", " and ", " to ", " or so", "from ",
    "five ", "half a ", "twenty-five ", "one ", "a ",
    " ", " ", " ", "\n", "\n\n", "\t", "(", ")", "（", "）", "[", "]", "-", "–", "/", ",", ".", ";", ":", "=",
    "\x00", "\ufeff", "\u200b", "\u00ad", "\u2060", "\u202e", "\ud800", "\udfff", "\u00a0", "\u2009",
    "The fine was ", "a reward of ", " was offered.", "Prices rose ", "ABC", "цена ", "سعر ",
]

DATES = [dt.date(2020, 4, 15), dt.date(1999, 1, 4), dt.date(1987, 3, 1), dt.date(2026, 10, 30),
         dt.date(2030, 1, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2008, 10, 10)]


#: Bugs already reported (each pinned by a strict xfail test in tests/test_robustness.py).
#: ``--strict`` stops tolerating them; delete an entry once its bug is fixed.
KNOWN_BUGS: dict[str, str] = {}  # all the bugs found so far are fixed


def known_bug(stage: str, exc: BaseException, mentions: list | None = None) -> str | None:
    """The KNOWN_BUGS key of a failure already reported, or None for a new failure.

    Empty while KNOWN_BUGS is: add a test here together with an entry when a bug is
    reported and not fixed at once.
    """
    return None


class KnownBug(Exception):
    """An input that hit a bug listed in KNOWN_BUGS (tolerated unless --strict)."""

    def __init__(self, key: str):
        super().__init__(f"{key}: {KNOWN_BUGS[key]}")
        self.key = key


def check(text: str, day: dt.date, locale: str) -> None:
    """Run extract and audit on one input and check the invariants.

    Raises ``AssertionError`` (or the unexpected exception itself) when one is
    broken, and :class:`KnownBug` when the input hits a bug already reported.
    """
    import fxaudit
    from fxaudit import FxauditError, InvalidArgumentError, Verdict

    try:
        mentions = fxaudit.extract(text, locale=locale)
    except InvalidArgumentError:
        assert locale in BAD_LOCALES, f"InvalidArgumentError for locale {locale!r}"
        return
    except FxauditError as exc:  # pragma: no cover - a failure to report
        raise AssertionError(f"extract raised {exc!r} on {text!r}") from exc
    except Exception as exc:
        key = known_bug("extract", exc)
        if key:
            raise KnownBug(key) from exc
        raise
    assert locale not in BAD_LOCALES, f"locale {locale!r} was accepted"
    check_mentions(text, mentions)
    assert pickle.loads(pickle.dumps(mentions)) == mentions

    try:
        report = fxaudit.audit(text, day, locale=locale)
    except Exception as exc:
        key = known_bug("audit", exc, mentions)
        if key:
            raise KnownBug(key) from exc
        raise
    assert list(report.mentions) == mentions, "audit's mentions differ from extract's"
    ids = {id(m) for m in report.mentions}
    for f in report.findings:
        assert id(f.source) in ids and id(f.reported) in ids
        assert f.source.start < f.reported.start
        assert isinstance(f.verdict, Verdict)
        if f.verdict is Verdict.UNVERIFIABLE:
            assert f.reason, f
        else:
            assert f.rate is not None and f.tolerance is not None, f
            assert f.rate.date <= day
    assert pickle.loads(pickle.dumps(report)) == report
    json.dumps(report.to_dict())


def check_mentions(text: str, mentions: list) -> None:
    """Spans, order, overlap and the values of one text's mentions."""
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.text, m
        assert m.start >= last_end, f"overlap or disorder at {m}"
        last_end = m.end
        assert isinstance(m.amount, Decimal) and m.amount.is_finite(), m
        assert m.precision > 0, m
        assert m.high is None or (m.high.is_finite() and m.high > m.amount), m
        assert m.currency is None or (len(m.currency) == 3 and m.currency.isupper()), m


# ---- plain random mode ------------------------------------------------------------------

def random_text(rng: random.Random) -> str:
    """A text of money-like pieces, now and then with arbitrary characters mixed in."""
    parts = []
    for _ in range(rng.randint(0, 30)):
        if rng.random() < 0.1:
            parts.append("".join(chr(rng.choice((rng.randint(0, 0x7F), rng.randint(0, 0xFFFF),
                                                 rng.randint(0, 0x10FFFF))))
                                 for _ in range(rng.randint(1, 6))))
        else:
            parts.append(rng.choice(PIECES))
    return "".join(parts)


def random_date(rng: random.Random) -> dt.date:
    if rng.random() < 0.5:
        return rng.choice(DATES)
    return dt.date.fromordinal(rng.randint(1, dt.date.max.toordinal()))


def run_plain(iterations: int, seed: int, strict: bool = False) -> int:
    rng = random.Random(seed)
    known: dict[str, int] = {}
    for i in range(iterations):
        text, day, locale = random_text(rng), random_date(rng), rng.choice(LOCALES)
        try:
            check(text, day, locale)
        except KnownBug as bug:
            known[bug.key] = known.get(bug.key, 0) + 1
            if strict:
                _report_failure(i, seed, text, day, locale)
                raise
        except BaseException:
            _report_failure(i, seed, text, day, locale)
            raise
    print(f"plain mode: {iterations} inputs checked (seed {seed})")
    for key, count in sorted(known.items()):
        print(f"  {count} hit known bug {key}: {KNOWN_BUGS[key]}")
    return 0


def _report_failure(i: int, seed: int, text: str, day: dt.date, locale: str) -> None:
    print(f"failed at iteration {i} (seed {seed}): text={text!r} date={day} locale={locale!r}",
          file=sys.stderr)


# ---- atheris mode -------------------------------------------------------------------

def one_input(data: bytes) -> None:
    import atheris

    fdp = atheris.FuzzedDataProvider(data)
    locale = fdp.PickValueInList(LOCALES)
    day = dt.date.fromordinal(fdp.ConsumeIntInRange(1, dt.date.max.toordinal())) \
        if fdp.ConsumeBool() else fdp.PickValueInList(DATES)
    if fdp.ConsumeBool():  # arbitrary Unicode, lone surrogates included
        text = fdp.ConsumeUnicode(fdp.remaining_bytes())
    else:  # money-like pieces: reaches the deep paths much sooner
        count = fdp.ConsumeIntInRange(0, 40)
        text = "".join(fdp.PickValueInList(PIECES) for _ in range(count))
        text += fdp.ConsumeUnicode(fdp.remaining_bytes())
    try:
        check(text, day, locale)
    except KnownBug:
        if STRICT:
            raise


STRICT = False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], add_help=False)
    ap.add_argument("--plain", type=int, metavar="N", help="check N random inputs without atheris")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--strict", action="store_true", help="fail on the known bugs too")
    ap.add_argument("-h", "--help", action="store_true")
    args, rest = ap.parse_known_args(argv[1:])
    if args.help:
        print(__doc__)
        return 0
    global STRICT
    STRICT = args.strict
    if args.plain is not None:
        return run_plain(args.plain, args.seed, args.strict)
    try:
        import atheris
    except ImportError:
        print("atheris is not installed: pip install -e '.[fuzz]', or run with --plain N",
              file=sys.stderr)
        return 2
    with atheris.instrument_imports():
        import fxaudit
        import fxaudit.audit
        import fxaudit.extract
    import fxaudit as fx

    fx.extract("warm-up: $5 and 5 yuan")  # load the lexicon before fuzzing starts
    atheris.Setup([argv[0], *rest], one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
