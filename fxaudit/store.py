"""The ECB's rate files, and the local rates store that ``fxaudit rates update`` keeps.

The store lives in ``<cache dir>/rates/`` (``$FXAUDIT_CACHE_DIR`` when set):
``ecb.csv.gz`` in the format of the bundled ``rates/ecb.csv.gz``, and ``ecb.json``
with its provenance. :func:`update_rates` downloads the ECB's history file,
validates it, merges it with the bundled table and the previous store, and
replaces the store atomically: whatever goes wrong, the previous store is left
byte for byte as it was. Once a store exists, the default :class:`~fxaudit.Rates`
uses it before the bundled table, offline.

The parsing and validation of the ECB files lives here too, shared with
``rates/build_ecb.py``::

    >>> currencies, rows = parse_ecb_history(
    ...     "Date,USD,JPY,\\n2020-04-15,1.0903,117.1,\\n2020-04-14,1.0946,N/A,\\n")
    >>> currencies, rows
    (['USD', 'JPY'], [['2020-04-14', '1.0946', ''], ['2020-04-15', '1.0903', '117.1']])
    >>> parse_ecb_history("Date,USD,\\n2020-04-15,0,\\n")
    Traceback (most recent call last):
    ...
    fxaudit.errors.InvalidRateDataError: line 2: USD value '0' is not a positive rate
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import DownloadError, FxauditError, InvalidRateDataError, RateSourceError

#: The ECB's history file: every fixing since 1999, updated each business day.
ECB_HIST_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
#: The ECB's file of the latest fixing only.
ECB_DAILY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
#: The first day of the euro reference rates.
FIRST_ECB_DAY = dt.date(1999, 1, 4)
#: A rate more than this many times its previous fixing (or less than its inverse) is implausible.
MAX_JUMP = Decimal(10)
#: Uncompressed size above which a downloaded file is refused (the real history is ~2 MB).
MAX_UNCOMPRESSED = 64 * 1024 * 1024


# ---- the ECB's files ----------------------------------------------------------------

def looks_like_html(raw: bytes) -> bool:
    head = raw[:512].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<body")) or b"<html" in head


def ecb_csv_text(raw: bytes) -> str:
    """The CSV text inside ``raw``: the ECB's zip holding one CSV, or the CSV itself."""
    if not raw:
        raise InvalidRateDataError("the file is empty")
    if looks_like_html(raw):
        raise InvalidRateDataError("got an HTML page where the ECB's zip or CSV file was expected "
                                   "(the URL may lead to a web page or an error page)")
    if raw[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                names = [n for n in zf.namelist() if n.lower().endswith(".csv")]
                if len(names) != 1:
                    raise InvalidRateDataError(f"expected one CSV file in the zip, found {names}")
                if zf.getinfo(names[0]).file_size > MAX_UNCOMPRESSED:
                    raise InvalidRateDataError(f"{names[0]} in the zip is too large to be the ECB's file")
                raw = zf.read(names[0])
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise InvalidRateDataError(f"the zip file is damaged or truncated ({exc})") from None
    elif raw[:2] == b"\x1f\x8b":
        raise InvalidRateDataError("got a gzip file where the ECB's zip or CSV file was expected")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidRateDataError("the file is neither a zip nor a UTF-8 CSV file") from None


def _positive(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidRateDataError(f"{where} value {text!r} is not a number") from None
    if not value.is_finite() or value <= 0:
        raise InvalidRateDataError(f"{where} value {text!r} is not a positive rate")
    return value


def check_day(day: dt.date, where: str, *, weekends: bool = False, first: dt.date = FIRST_ECB_DAY,
              today: dt.date | None = None) -> None:
    """Refuse fixing dates that cannot be real: before ``first``, in the future, on a weekend."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    if day < first:
        raise InvalidRateDataError(f"{where}: {day} is before the first fixing ({first})")
    if day > today + dt.timedelta(days=1):
        raise InvalidRateDataError(f"{where}: {day} is in the future")
    if not weekends and day.weekday() >= 5:
        raise InvalidRateDataError(f"{where}: {day} is a {day:%A}, when no fixing is published")


def parse_ecb_history(text: str, *, today: dt.date | None = None) -> tuple[list[str], list[list[str]]]:
    """Validate the ECB history CSV; return (currencies, rows sorted by date).

    Each row is ``[YYYY-MM-DD, value, ...]`` with the ECB's number strings kept
    verbatim and ``""`` where the ECB wrote ``N/A``. Refused: a header that does
    not start with ``Date``, bad currency codes, malformed, duplicate, weekend or
    future dates, values that are not positive numbers, and a rate more than
    :data:`MAX_JUMP` times its previous fixing.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise InvalidRateDataError("the file has no header line") from None
    if not header or header[0] != "Date":
        raise InvalidRateDataError(f"not an ECB history file: the header starts with {header[:3]}")
    currencies = [h for h in header[1:] if h]
    for code in currencies:
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            raise InvalidRateDataError(f"bad currency code in the header: {code!r}")
    if len(set(currencies)) != len(currencies):
        raise InvalidRateDataError("a currency appears twice in the header")
    rows: dict[str, list[str]] = {}
    try:
        for line_no, rec in enumerate(reader, start=2):
            if not rec or not rec[0].strip():
                continue
            day = rec[0].strip()
            try:
                parsed_day = dt.date.fromisoformat(day)
            except ValueError:
                raise InvalidRateDataError(f"line {line_no}: {day!r} is not a YYYY-MM-DD date") from None
            if len(day) != 10:
                raise InvalidRateDataError(f"line {line_no}: {day!r} is not a YYYY-MM-DD date")
            check_day(parsed_day, f"line {line_no}", today=today)
            if len([v for v in rec[1:] if v.strip()]) > len(currencies):
                raise InvalidRateDataError(f"line {line_no}: more values than currencies in the header")
            values = []
            for code, v in zip(currencies, rec[1:]):
                v = v.strip()
                if v in ("", "N/A"):
                    values.append("")
                    continue
                _positive(v, f"line {line_no}: {code}")
                values.append(v)
            values += [""] * (len(currencies) - len(values))
            if day in rows:
                raise InvalidRateDataError(f"line {line_no}: date {day} appears twice")
            rows[day] = values
    except csv.Error as exc:
        raise InvalidRateDataError(f"the CSV cannot be read: {exc}") from None
    if not rows:
        raise InvalidRateDataError("the file holds no fixings")
    out = [[d, *rows[d]] for d in sorted(rows)]
    check_jumps(currencies, out)
    return currencies, out


def check_jumps(currencies: list[str], rows: list[list[str]]) -> None:
    """Refuse a rate more than :data:`MAX_JUMP` times its previous fixing, or less than 1/MAX_JUMP."""
    jump = float(MAX_JUMP)  # a threshold needs no exact arithmetic; floats are 5x faster here
    for k, code in enumerate(currencies, start=1):
        prev = prev_text = prev_day = None
        for row in rows:
            text = row[k] if k < len(row) else ""
            if not text:
                continue
            value = float(text)
            if prev is not None and (value > prev * jump or value * jump < prev):
                raise InvalidRateDataError(
                    f"implausible {code} rate on {row[0]}: {text}, against {prev_text} on {prev_day} "
                    f"(more than a {MAX_JUMP}-fold change between two fixings)")
            prev, prev_text, prev_day = value, text, row[0]


def parse_ecb_file(raw: bytes) -> tuple[list[str], list[list[str]]]:
    """:func:`parse_ecb_history` of the bytes of ``eurofxref-hist.zip`` (or of its CSV)."""
    return parse_ecb_history(ecb_csv_text(raw))


def parse_ecb_daily_xml(raw: bytes, *, today: dt.date | None = None) -> tuple[list[str], list[list[str]]]:
    """Validate ``eurofxref-daily.xml`` (one day's fixings); return (currencies, [row])."""
    import xml.etree.ElementTree as ET

    if looks_like_html(raw):
        raise InvalidRateDataError("got an HTML page where the ECB's daily XML file was expected")
    if len(raw) > 1024 * 1024:
        raise InvalidRateDataError("the file is too large to be the ECB's daily XML file")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise InvalidRateDataError(f"not well-formed XML ({exc})") from None
    days = [el for el in root.iter() if el.tag.endswith("Cube") and "time" in el.attrib]
    if len(days) != 1:
        raise InvalidRateDataError(f"expected the fixings of one day, found {len(days)} "
                                   f"(is this the ECB's eurofxref-daily.xml?)")
    try:
        day = dt.date.fromisoformat(days[0].attrib["time"])
    except ValueError:
        raise InvalidRateDataError(f"{days[0].attrib['time']!r} is not a YYYY-MM-DD date") from None
    check_day(day, "the daily file", today=today)
    currencies, values = [], []
    for el in days[0]:
        code, text = el.attrib.get("currency", ""), el.attrib.get("rate", "").strip()
        if len(code) != 3 or not code.isalpha() or not code.isupper() or code in currencies:
            raise InvalidRateDataError(f"bad or repeated currency code {code!r}")
        _positive(text, code)
        currencies.append(code)
        values.append(text)
    if not currencies:
        raise InvalidRateDataError(f"no rates for {day}")
    return currencies, [[day.isoformat(), *values]]


def ecb_table_text(currencies: list[str], rows: list[list[str]]) -> str:
    """The ``date,USD,...`` text that :class:`~fxaudit.RateTable` reads."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["date", *currencies])
    w.writerows(rows)
    return buf.getvalue()


def gzip_text(text: str, compresslevel: int = 9) -> bytes:
    """Deterministic gzip (no timestamp, no name): the same text gives the same bytes."""
    gz = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=gz, mtime=0, compresslevel=compresslevel) as f:
        f.write(text.encode("ascii"))
    return gz.getvalue()


def coverage(currencies: list[str], rows: list[list[str]]) -> dict[str, list[str]]:
    """``{code: [first date, last date]}`` over the rows with a value."""
    cov = {}
    for i, code in enumerate(currencies, start=1):
        days = [r[0] for r in rows if i < len(r) and r[i]]
        if days:
            cov[code] = [days[0], days[-1]]
    return cov


# ---- the local store ------------------------------------------------------------------

def store_dir() -> Path:
    """``<cache dir>/rates``: where :func:`update_rates` writes."""
    from .net import cache_dir

    return cache_dir() / "rates"


def store_path() -> Path:
    return store_dir() / "ecb.csv.gz"


def store_metadata_path() -> Path:
    return store_dir() / "ecb.json"


_store_lock = threading.Lock()
_store_cache: dict[Path, tuple[tuple[int, int], object]] = {}


def load_store_table():
    """The stored ECB table (``Rate.source == "ecb-store"``), or None when there is no store.

    Read once per version of the file; a store that cannot be read raises
    :class:`~fxaudit.RateSourceError` naming the file.
    """
    from .rates import _UPDATE_HINT, RateTable

    path = store_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    key = (st.st_mtime_ns, st.st_size)
    with _store_lock:
        hit = _store_cache.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        try:
            text = gzip.decompress(path.read_bytes()).decode("ascii")
            table = RateTable(text, source="ecb-store", label="stored ECB", hint=_UPDATE_HINT)
        except (OSError, EOFError, ValueError, IndexError) as exc:
            raise RateSourceError(f"the local rates store {path} cannot be read ({exc}); run "
                                  f"`fxaudit rates update` to rebuild it, or delete it") from None
        _store_cache[path] = (key, table)
        return table


def store_metadata() -> dict | None:
    """The store's ``ecb.json`` (source URL, time, hashes, coverage), or None."""
    try:
        return json.loads(store_metadata_path().read_text())
    except (FileNotFoundError, ValueError):
        return None




@dataclass(frozen=True)
class UpdateResult:
    """What :func:`update_rates` did."""

    path: Path                 # the store file written
    source_url: str
    first: dt.date
    last: dt.date
    fixings: int
    new_fixings: int           # dates the store or bundle did not have before
    revised: int               # values that changed on dates already known
    previous_last: dt.date     # the last fixing known before the update

    def __str__(self) -> str:
        new = f"{self.new_fixings} new fixing{'s' if self.new_fixings != 1 else ''}"
        rev = f", {self.revised} revised value{'s' if self.revised != 1 else ''}" if self.revised else ""
        return (f"ECB rates updated from {self.source_url}: {self.fixings:,} fixings "
                f"{self.first} to {self.last} ({new} after {self.previous_last}{rev}); "
                f"store: {self.path}")


def _rows_of(text: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    header, *lines = text.splitlines()
    codes = header.split(",")[1:]
    rows = {}
    for line in lines:
        if line:
            fields = line.split(",")
            rows[fields[0]] = {c: v for c, v in zip(codes, fields[1:]) if v}
    return [c for c in codes if c], rows


def _read_source(url: str, offline: bool, timeout: float | None, retries: int | None):
    """(sha256, currencies, rows) of the ECB history at ``url`` (http(s), file:// or a path)."""
    from urllib.parse import urlparse

    scheme = urlparse(url).scheme.lower()
    if scheme in ("http", "https"):
        from .net import fetch

        def parse(raw: bytes):
            return (hashlib.sha256(raw).hexdigest(), *parse_ecb_file(raw))

        return fetch(url, parse, what="the ECB history file", offline=offline, refresh=not offline,
                     hint="check the URL (FXAUDIT_ECB_URL or --url)", timeout=timeout, retries=retries)
    path = Path(url[7:] if scheme == "file" else url)
    if scheme not in ("", "file") and len(scheme) > 1:  # one letter: a Windows drive
        raise DownloadError(f"cannot download {url!r}: only http(s) URLs, file:// URLs and paths are supported")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DownloadError(f"cannot read the ECB history file {path}: {exc.strerror}") from None
    try:
        return (hashlib.sha256(raw).hexdigest(), *parse_ecb_file(raw))
    except InvalidRateDataError as exc:
        raise InvalidRateDataError(f"the ECB history file {path} is not valid: {exc}") from None


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


#: Largest relative change accepted for a fixing the store or the bundle already has
#: (the ECB corrects a figure now and then, by far less than this).
MAX_REVISION = Decimal("0.10")


def update_rates(url: str | None = None, *, offline: bool = False, timeout: float | None = None,
                 retries: int | None = None) -> UpdateResult:
    """Download the ECB history, validate it and merge it into the local store, atomically.

    ``url`` defaults to ``$FXAUDIT_ECB_URL``, else the ECB's own
    :data:`ECB_HIST_URL`; a file path or ``file://`` URL is read directly.
    ``offline=True`` uses the copy in the HTTP cache instead of downloading.
    The new store holds the bundled fixings, the previous store's and the
    downloaded ones (the download wins on a date they share). On any failure a
    :class:`~fxaudit.RateSourceError` says what went wrong and that the previous
    store was left unchanged.
    """
    from . import rates as _rates

    url = url or os.environ.get("FXAUDIT_ECB_URL") or ECB_HIST_URL
    path = store_path()
    try:
        return _update(url, path, offline, timeout, retries)
    except FxauditError as exc:
        before = f"the local store {path} was left as it was" if path.exists() else "no local store was written"
        raise type(exc)(f"{exc}; {before}") from None
    finally:
        _rates.reset_default_rates()


def _update(url: str, path: Path, offline: bool, timeout, retries) -> UpdateResult:
    from .rates import RateTable, bundled_table

    sha, new_codes, new_rows = _read_source(url, offline, timeout, retries)

    bundled = bundled_table()
    codes, merged = _rows_of(bundled.text())
    known_last = bundled.last
    try:
        old = load_store_table()
    except RateSourceError:
        old = None  # an unreadable store is rebuilt from the bundle and the download
    if old is not None:
        old_codes, old_rows = _rows_of(old.text())
        codes += [c for c in old_codes if c not in codes]
        for day, values in old_rows.items():
            merged.setdefault(day, {}).update(values)
        known_last = max(known_last, old.last)
    codes += [c for c in new_codes if c not in codes]
    new_fixings = revised = 0
    for row in new_rows:
        day, values = row[0], {c: v for c, v in zip(new_codes, row[1:]) if v}
        before = merged.get(day)
        if before is None:
            new_fixings += 1
            merged[day] = values
            continue
        for code, v in values.items():
            was = before.get(code)
            if was is not None and Decimal(was) != Decimal(v):
                if abs(Decimal(v) / Decimal(was) - 1) > MAX_REVISION:
                    raise InvalidRateDataError(
                        f"implausible {code} rate on {day}: the download says {v}, the rates already "
                        f"known say {was}")
                revised += 1
            before[code] = v
    rows = [[day, *(merged[day].get(c, "") for c in codes)] for day in sorted(merged)]
    check_jumps(codes, rows)
    text = ecb_table_text(codes, rows)
    data = gzip_text(text, compresslevel=6)  # 4x faster than 9, 3 % larger
    table = RateTable(text, source="ecb-store", label="stored ECB")  # what a reader will see
    if len(table.dates) != len(rows):
        raise InvalidRateDataError("the merged table does not read back as written")
    meta = {
        "source": "European Central Bank, euro foreign exchange reference rates",
        "source_url": url,
        "updated_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "input_sha256": sha,
        "store_sha256": hashlib.sha256(data).hexdigest(),
        "first_date": rows[0][0],
        "last_date": rows[-1][0],
        "fixings": len(rows),
        "new_fixings": new_fixings,
        "revised_values": revised,
        "merged_with": {"bundled_last_date": str(bundled.last),
                        "previous_store_last_date": str(old.last) if old is not None else None},
        "currencies": coverage(codes, rows),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, data)
    _write_atomic(store_metadata_path(), (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode())
    return UpdateResult(path, url, table.first, table.last, len(rows), new_fixings, revised, known_last)


def store_info() -> dict:
    """Where the cache and the store are, and what the store and the bundled data cover."""
    from .net import cache_dir, http_cache_path
    from .rates import bundled_metadata

    bundled = bundled_metadata()
    meta = store_metadata()
    path = store_path()
    info = {
        "cache_dir": str(cache_dir()),
        "http_cache": str(http_cache_path()),
        "bundled": {"first_date": bundled["first_date"], "last_date": bundled["last_date"],
                    "fixings": bundled["fixings"]},
        "store": None,
    }
    if path.exists():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        info["store"] = {"path": str(path), **{k: (meta or {}).get(k) for k in (
            "first_date", "last_date", "fixings", "source_url", "updated_at")},
            "metadata_matches": bool(meta) and meta.get("store_sha256") == digest}
    return info
