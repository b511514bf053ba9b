#!/usr/bin/env python3
"""Rebuild ``rates/ecb.csv.gz`` and ``rates/ecb.json`` from the ECB's history file.

Usage::

    python rates/build_ecb.py PATH_OR_URL [--out rates/]

``PATH_OR_URL`` is the ECB's ``eurofxref-hist.zip`` (or the CSV inside it), as
a local file or a URL such as
https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip.

The output is deterministic: the same input gives byte-identical files
(rows sorted by date, the ECB's own number strings kept verbatim, "N/A"
stored as an empty field, gzip written with a zero timestamp).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import sys
import urllib.request
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

ECB_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"


def read_source(src: str) -> tuple[bytes, str]:
    """Return the raw bytes of ``src`` (a path or an http(s) URL) and its name."""
    if src.startswith(("http://", "https://")):
        with urllib.request.urlopen(src, timeout=60) as resp:
            return resp.read(), src
    return Path(src).read_bytes(), Path(src).name


def csv_text(raw: bytes) -> str:
    """The CSV text inside ``raw`` (a zip holding one CSV, or the CSV itself)."""
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = [n for n in zf.namelist() if n.lower().endswith(".csv")]
            if len(names) != 1:
                raise SystemExit(f"expected one CSV in the zip, found {names}")
            raw = zf.read(names[0])
    return raw.decode("utf-8-sig")


def parse(text: str) -> tuple[list[str], list[list[str]]]:
    """Validate the ECB CSV and return (currencies, rows sorted by date)."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader)]
    if not header or header[0] != "Date":
        raise SystemExit(f"not an ECB history file: header starts with {header[:3]}")
    currencies = [h for h in header[1:] if h]
    for code in currencies:
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            raise SystemExit(f"bad currency code in header: {code!r}")
    rows: dict[str, list[str]] = {}
    for line_no, rec in enumerate(reader, start=2):
        if not rec or not rec[0].strip():
            continue
        day = rec[0].strip()
        dt.date.fromisoformat(day)  # raises on a malformed date
        values = []
        for code, v in zip(currencies, rec[1:]):
            v = v.strip()
            if v in ("", "N/A"):
                values.append("")
                continue
            try:
                d = Decimal(v)
            except InvalidOperation:
                raise SystemExit(f"line {line_no}: {code} value {v!r} is not a number") from None
            if not d.is_finite() or d <= 0:
                raise SystemExit(f"line {line_no}: {code} value {v!r} is not a positive rate")
            values.append(v)
        values += [""] * (len(currencies) - len(values))
        if day in rows:
            raise SystemExit(f"line {line_no}: date {day} appears twice")
        rows[day] = values
    return currencies, [[d, *rows[d]] for d in sorted(rows)]


def write(currencies: list[str], rows: list[list[str]], out: Path, meta: dict) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["date", *currencies])
    w.writerows(rows)
    data = buf.getvalue().encode("ascii")
    gz = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=gz, mtime=0, compresslevel=9) as f:
        f.write(data)
    (out / "ecb.csv.gz").write_bytes(gz.getvalue())
    (out / "ecb.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


def coverage(currencies: list[str], rows: list[list[str]]) -> dict[str, list[str]]:
    cov = {}
    for i, code in enumerate(currencies, start=1):
        days = [r[0] for r in rows if r[i]]
        if days:
            cov[code] = [days[0], days[-1]]
    return cov


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", default=ECB_URL, help="path or URL of eurofxref-hist.zip")
    ap.add_argument("--out", default=str(Path(__file__).parent), help="output folder")
    ap.add_argument("--obtained-from", default=None, help="free text recorded in ecb.json")
    args = ap.parse_args(argv)
    raw, name = read_source(args.source)
    currencies, rows = parse(csv_text(raw))
    meta = {
        "source": "European Central Bank, euro foreign exchange reference rates",
        "source_url": ECB_URL,
        "input": name,
        "input_sha256": hashlib.sha256(raw).hexdigest(),
        "obtained_from": args.obtained_from or name,
        "first_date": rows[0][0],
        "last_date": rows[-1][0],
        "fixings": len(rows),
        "currencies": coverage(currencies, rows),
    }
    write(currencies, rows, Path(args.out), meta)
    print(f"{len(rows)} fixings {rows[0][0]}..{rows[-1][0]}, {len(currencies)} currencies -> {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
