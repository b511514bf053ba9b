"""The ``fxaudit`` command line: a thin mirror of the Python API.

Exit codes: 0 success, 1 inconsistent figures found (``audit``), 2 usage or input error.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from .errors import FxauditError

EXAMPLES = """examples:
  fxaudit rate USD CNY 2020-04-15
  fxaudit convert 5000 CNY USD --date 2020-04-15
"""


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
    except FxauditError as exc:
        print(f"fxaudit: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
