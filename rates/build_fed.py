#!/usr/bin/env python3
"""Rebuild ``rates/fed-dexchus.csv.gz`` and ``rates/fed-dexchus.json`` from FRED DEXCHUS CSVs.

Usage::

    python rates/build_fed.py FILE.csv [FILE.csv ...] [--out rates/] [--obtained-from TEXT]

Each input is a CSV export of the FRED series DEXCHUS (Federal Reserve H.10,
yuan per US dollar, noon buying rates in New York), with a ``date,value``
header in any capitalisation (``observation_date,DEXCHUS`` as FRED writes it,
or ``date,dexchus``). Days without a value (an empty field or FRED's ``.``) are
dropped: fxaudit falls back to the last fixing before them. Where two inputs
share a date they must agree exactly.

The output has the format of ``rates/ecb.csv.gz`` with USD as the base: a
``date,CNY`` header, then one ``YYYY-MM-DD,7.0575`` line per day, the values
kept as the inputs wrote them; the gzip has no timestamp, so the same inputs
give byte-identical files.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import sys
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path

MAX_JUMP = Decimal(10)


def read(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with path.open(newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader)]
        if len(header) < 2 or header[0] not in ("date", "observation_date") or header[1] != "dexchus":
            raise SystemExit(f"{path}: not a DEXCHUS export (header {header})")
        for line_no, rec in enumerate(reader, start=2):
            if not rec:
                continue
            day, value = rec[0].strip(), (rec[1].strip() if len(rec) > 1 else "")
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                raise SystemExit(f"{path}:{line_no}: {day!r} is not a YYYY-MM-DD date") from None
            if value in ("", "."):
                continue
            try:
                d = Decimal(value)
            except InvalidOperation:
                raise SystemExit(f"{path}:{line_no}: {value!r} is not a number") from None
            if not d.is_finite() or d <= 0:
                raise SystemExit(f"{path}:{line_no}: {value!r} is not a positive rate")
            if day in out:
                raise SystemExit(f"{path}:{line_no}: date {day} appears twice")
            out[day] = value
    return out


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from fxaudit.store import gzip_text

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path, help="DEXCHUS CSV files")
    ap.add_argument("--out", default=str(Path(__file__).parent), help="output folder")
    ap.add_argument("--obtained-from", default=None, help="free text recorded in fed-dexchus.json")
    args = ap.parse_args(argv)

    merged: dict[str, str] = {}
    for path in args.inputs:
        for day, value in read(path).items():
            if day in merged and Decimal(merged[day]) != Decimal(value):
                raise SystemExit(f"{path}: {day} is {value} here but {merged[day]} in an earlier input")
            merged.setdefault(day, value)
    days = sorted(merged)
    for a, b in pairwise(days):
        va, vb = Decimal(merged[a]), Decimal(merged[b])
        if vb > va * MAX_JUMP or vb * MAX_JUMP < va:
            raise SystemExit(f"implausible jump from {va} on {a} to {vb} on {b}")
    text = "date,CNY\n" + "".join(f"{d},{merged[d]}\n" for d in days)
    data = gzip_text(text)
    out = Path(args.out)
    (out / "fed-dexchus.csv.gz").write_bytes(data)
    meta = {
        "source": "Board of Governors of the Federal Reserve System, H.10 Foreign Exchange Rates, "
                  "via FRED (Federal Reserve Bank of St. Louis), series DEXCHUS",
        "series": "DEXCHUS",
        "units": "Chinese yuan renminbi per 1 US dollar, noon buying rates in New York",
        "source_url": "https://fred.stlouisfed.org/series/DEXCHUS",
        "inputs": [{"name": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in args.inputs],
        "obtained_from": args.obtained_from or ", ".join(p.name for p in args.inputs),
        "first_date": days[0],
        "last_date": days[-1],
        "fixings": len(days),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    (out / "fed-dexchus.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    print(f"{len(days)} fixings {days[0]}..{days[-1]} -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
