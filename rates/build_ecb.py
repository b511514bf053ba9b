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
import hashlib
import json
import sys
import urllib.request
from pathlib import Path

try:  # the parsing and validation are fxaudit's own (fxaudit.store), shared with `fxaudit rates update`
    from fxaudit.errors import InvalidRateDataError
    from fxaudit.store import ECB_HIST_URL as ECB_URL
    from fxaudit.store import (
        coverage,
        ecb_csv_text,
        ecb_table_text,
        gzip_text,
        parse_ecb_history,
    )
except ImportError:  # run from a source tree without fxaudit installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from fxaudit.errors import InvalidRateDataError
    from fxaudit.store import ECB_HIST_URL as ECB_URL
    from fxaudit.store import (
        coverage,
        ecb_csv_text,
        ecb_table_text,
        gzip_text,
        parse_ecb_history,
    )


def read_source(src: str) -> tuple[bytes, str]:
    """Return the raw bytes of ``src`` (a path or an http(s) URL) and its name."""
    if src.startswith(("http://", "https://")):
        with urllib.request.urlopen(src, timeout=60) as resp:
            return resp.read(), src
    return Path(src).read_bytes(), Path(src).name


def write(currencies: list[str], rows: list[list[str]], out: Path, meta: dict) -> None:
    (out / "ecb.csv.gz").write_bytes(gzip_text(ecb_table_text(currencies, rows)))
    (out / "ecb.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", default=ECB_URL, help="path or URL of eurofxref-hist.zip")
    ap.add_argument("--out", default=str(Path(__file__).parent), help="output folder")
    ap.add_argument("--obtained-from", default=None, help="free text recorded in ecb.json")
    args = ap.parse_args(argv)
    raw, name = read_source(args.source)
    try:
        currencies, rows = parse_ecb_history(ecb_csv_text(raw))
    except InvalidRateDataError as exc:
        raise SystemExit(f"{name}: {exc}") from None
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
