"""The ``fxaudit`` command line: a thin mirror of the Python API.

Exit codes: 0 success, 1 inconsistent figures found (``audit``), 2 usage or input error.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import FxauditError

EXAMPLES = """examples:
  fxaudit audit story.txt --date 2020-04-15
  echo "A reward of 5,000 yuan (US$818)" | fxaudit audit - --date 2020-04-15 --format json
  fxaudit extract story.txt
  fxaudit rate USD CNY 2020-04-15
  fxaudit convert 5000 CNY USD --date 2020-04-15
"""


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError as exc:
        raise _UsageError(f"cannot read {path}: {exc.strerror}") from None


class _UsageError(Exception):
    pass


def _cmd_audit(args: argparse.Namespace) -> int:
    import json

    from .audit import Verdict, audit

    bad = 0
    for path in args.files:
        report = audit(_read_text(path), args.date, locale=args.locale)
        bad += len(report.inconsistent)
        if args.format == "json":
            print(json.dumps({"file": path, **report.to_dict()}, ensure_ascii=False, indent=2))
            continue
        print(f"{path}: {len(report.findings)} conversion(s) checked at the rates of {report.date}")
        for f in report.findings:
            tag = {Verdict.CONSISTENT: "consistent", Verdict.INCONSISTENT: "INCONSISTENT",
                   Verdict.UNVERIFIABLE: "unverifiable"}[f.verdict]
            sev = f" ({f.severity.value})" if f.severity else ""
            print(f"  {tag}{sev}: {f.source.text!r} -> {f.reported.text!r}")
            print(f"    {f.explanation}")
            if f.diagnosis:
                print(f"    likely cause: {f.diagnosis}")
    return 1 if bad and not args.no_fail else 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from .extract import extract

    for path in args.files:
        for m in extract(_read_text(path), locale=args.locale):
            high = f"-{m.high}" if m.high is not None else ""
            print(f"{path}:{m.start}-{m.end}\t{m.amount}{high}\t{m.currency or '?'}\t"
                  f"{m.qualifier.value}\t{m.text!r}")
    return 0


def _cmd_rate(args: argparse.Namespace) -> int:
    from .rates import rate

    print(rate(args.base, args.quote, args.date))
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from .rates import convert

    money = convert(args.amount, args.from_, args.to, args.date)
    print(f"{args.amount} {money.rate.base} = {money} ({money.rate.describe_source()})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fxaudit", description="Check the currency conversions written in text.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("audit", help="check the conversions written in text files",
                       epilog="exit status: 0 all consistent, 1 something inconsistent, 2 error")
    p.add_argument("files", nargs="+", metavar="FILE", help="text files ('-' for standard input)")
    p.add_argument("--date", required=True, help="the texts' date, YYYY-MM-DD")
    p.add_argument("--locale", default="en", help="CLDR locale of the texts (default: en)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--no-fail", action="store_true", help="exit 0 even when a figure is inconsistent")
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser("extract", help="list the amounts of money in text files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--locale", default="en")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("rate", help="print a reference rate with its fixing date and source")
    p.add_argument("base", help="currency to price, e.g. USD")
    p.add_argument("quote", help="currency to price it in, e.g. CNY")
    p.add_argument("date", help="YYYY-MM-DD")
    p.set_defaults(func=_cmd_rate)

    p = sub.add_parser("convert", help="convert an amount on a date")
    p.add_argument("amount", help="e.g. 5000 or 5000.50")
    p.add_argument("from_", metavar="FROM")
    p.add_argument("to", metavar="TO")
    p.add_argument("--date", required=True, help="YYYY-MM-DD")
    p.set_defaults(func=_cmd_convert)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (FxauditError, _UsageError) as exc:
        print(f"fxaudit: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
