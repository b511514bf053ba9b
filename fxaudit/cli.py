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
  fxaudit audit corpus.jsonl --format csv > findings.csv
  fxaudit extract story.txt
  fxaudit rate USD CNY 2020-04-15
  fxaudit convert 5000 CNY USD --date 2020-04-15
  fxaudit rates update
"""


class _UsageError(Exception):
    pass


def _cmd_audit(args: argparse.Namespace) -> int:
    # reading .txt/.jsonl/.csv/stdin, the pool, the progress bar and the output formats
    from .cli_io import run_audit

    return run_audit(args)


def _cmd_extract(args: argparse.Namespace) -> int:
    from .cli_io import run_extract

    return run_extract(args)


def _cmd_rate(args: argparse.Namespace) -> int:
    from .rates import rate

    if args.source == "ecb" and not args.online:
        print(rate(args.base, args.quote, args.date))
    else:
        from .sources import reference_rates

        print(reference_rates(args.source, online=args.online).rate(args.base, args.quote, args.date))
    return 0


# ---- fxaudit rates update / info ------------------------------------------------------

def _cmd_rates_update(args: argparse.Namespace) -> int:
    from .store import update_rates

    print(update_rates(args.url, offline=args.offline))
    return 0


def _cmd_rates_info(args: argparse.Namespace) -> int:
    from .store import store_info

    info = store_info()
    b = info["bundled"]
    print(f"cache folder:  {info['cache_dir']} (FXAUDIT_CACHE_DIR)")
    print(f"HTTP cache:    {info['http_cache']}")
    print(f"bundled ECB:   {b['fixings']:,} fixings, {b['first_date']} to {b['last_date']}")
    st = info["store"]
    if st is None:
        print("local store:   none (`fxaudit rates update` downloads the ECB history into it)")
    else:
        print(f"local store:   {st['path']}")
        print(f"               {st['fixings'] or 0:,} fixings, {st['first_date']} to {st['last_date']}, "
              f"updated {st['updated_at']} from {st['source_url']}"
              + ("" if st["metadata_matches"] else " (metadata out of date)"))
    return 0


def _add_rates_commands(sub) -> None:
    p = sub.add_parser("rates", help="manage the local rates store (update, info)")
    rsub = p.add_subparsers(dest="rates_command", required=True, metavar="ACTION")
    u = rsub.add_parser(
        "update", help="download the ECB history and merge it into the local store",
        description="Download the ECB's history file, validate it and merge it into the local "
                    "rates store under FXAUDIT_CACHE_DIR, atomically: on any failure the previous "
                    "store is kept and the exit status is 2.")
    u.add_argument("--url", default=None,
                   help="the history zip (default: $FXAUDIT_ECB_URL, else the ECB's eurofxref-hist.zip); "
                        "a file path also works")
    u.add_argument("--offline", action="store_true", help="use the copy in the HTTP cache, no download")
    u.set_defaults(func=_cmd_rates_update)
    i = rsub.add_parser("info", help="where the cache and the store are, and what they cover")
    i.set_defaults(func=_cmd_rates_info)


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

    from .cli_io import (
        AUDIT_EPILOG,
        EXTRACT_EPILOG,
        add_audit_arguments,
        add_extract_arguments,
    )

    p = sub.add_parser("audit", help="check the conversions written in texts (.txt, .jsonl, .csv, stdin)",
                       description="Find the conversions written in each document and check them "
                                   "at the reference rates of its date.",
                       epilog=AUDIT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_audit_arguments(p)
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser("extract", help="list the amounts of money in texts",
                       description="List every amount of money found in each document.",
                       epilog=EXTRACT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_extract_arguments(p)
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("rate", help="print a reference rate with its fixing date and source")
    p.add_argument("base", help="currency to price, e.g. USD")
    p.add_argument("quote", help="currency to price it in, e.g. CNY")
    p.add_argument("date", help="YYYY-MM-DD")
    p.add_argument("--source", choices=["ecb", "fed", "frankfurter"], default="ecb",
                   help="whose rates: ECB (default), Federal Reserve H.10, or a Frankfurter API")
    p.add_argument("--online", action="store_true",
                   help="download rates the local data lacks (through the cache)")
    p.set_defaults(func=_cmd_rate)
    _add_rates_commands(sub)

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
