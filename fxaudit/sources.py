"""Rate sources: the bundled tables, the local store, and three online references.

A :class:`RateSource` hands :class:`~fxaudit.Rates` a :class:`~fxaudit.RateTable`
holding the fixings it needs; ``Rates`` does the rest (fallback to the last
fixing before a holiday, cross rates, coverage errors), the same way for every
source. The sources:

============== ============ ========================================================
``name``        reference    what
============== ============ ========================================================
ecb-bundled     ecb          the ECB table shipped with fxaudit (the default)
ecb-store       ecb          the ECB table that ``fxaudit rates update`` keeps
ecb-online      ecb          the ECB's history zip and daily XML file, downloaded
fed-bundled     fed          Federal Reserve H.10 CNY per USD (FRED DEXCHUS), shipped
fred            fed          Federal Reserve H.10 series through the FRED API
frankfurter     frankfurter  a Frankfurter-style JSON API (base URL configurable)
============== ============ ========================================================

Only the three online sources use the network, through :func:`fxaudit.net.fetch`
(cache, timeouts, retries, offline mode). Nothing here imports requests until
a download is made.

    >>> from fxaudit import Rates
    >>> fed = reference_rates("fed")
    >>> [s.name for s in fed.sources], fed.name
    (['fed-bundled', 'fred'], 'fed')
    >>> print(fed.rate("CNY", "USD", "2020-04-15"))
    1 CNY = 0.14151 USD (Federal Reserve H.10 rate of 2020-04-15, bundled data)
"""
from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
from collections.abc import Mapping
from decimal import Context, Decimal
from itertools import pairwise
from typing import Protocol, runtime_checkable

from .errors import (
    CurrencyNotAvailableError,
    DateOutOfCoverageError,
    DownloadError,
    InvalidArgumentError,
    InvalidRateDataError,
    NotCachedError,
)
from .rates import RateTable, bundled_table, read_bundled

__all__ = [
    "REFERENCES", "BundledSource", "EcbSource", "FedBundledSource", "FrankfurterSource", "FredSource",
    "RateSource", "StoreSource", "TableSource", "default_sources", "reference_rates", "resolve_source",
]

_CTX = Context(prec=28)


@runtime_checkable
class RateSource(Protocol):
    """Anything :class:`~fxaudit.Rates` can ask for rates.

    ``name`` goes into ``Rate.source`` (and :data:`fxaudit.rates.SOURCE_WORDS`
    says it in words); ``reference`` is whose rates they are ("ecb", "fed");
    ``label`` names the source in error messages.
    """

    name: str
    reference: str
    label: str

    def table_for(self, base: str, quote: str, day: dt.date, count: int = 0) -> RateTable:
        """A table holding ``base`` and ``quote`` on ``day`` and, where the source has
        them, the ``count`` fixings before it. Raises
        :class:`~fxaudit.RateNotAvailableError` when the source has no such rates,
        :class:`~fxaudit.RateSourceError` when fetching them failed."""
        ...

    def full_table(self) -> RateTable | None:
        """The source's whole table when it is at hand without a download, else None."""
        ...


# ---- local tables ----------------------------------------------------------------------

class TableSource:
    """A source over one :class:`~fxaudit.RateTable` already in memory."""

    reference = "ecb"

    def __init__(self, table: RateTable, *, reference: str | None = None):
        self._table = table
        self.name = table.source
        self.label = table.label
        self.reference = reference or table.source.split("-")[0]

    def table_for(self, base: str, quote: str, day: dt.date, count: int = 0) -> RateTable:
        return self._table

    def full_table(self) -> RateTable:
        return self._table


class BundledSource:
    """The ECB table shipped with fxaudit (``rates/ecb.csv.gz``), read on first use."""

    name, reference, label = "ecb-bundled", "ecb", "bundled ECB"

    def table_for(self, base: str, quote: str, day: dt.date, count: int = 0) -> RateTable:
        return bundled_table()

    def full_table(self) -> RateTable:
        return bundled_table()


class StoreSource:
    """The ECB table kept by ``fxaudit rates update`` in ``$FXAUDIT_CACHE_DIR/rates/``."""

    name, reference, label = "ecb-store", "ecb", "stored ECB"

    def table_for(self, base: str, quote: str, day: dt.date, count: int = 0) -> RateTable:
        from .store import load_store_table

        table = load_store_table()
        if table is None:
            from .store import store_path

            raise DateOutOfCoverageError(f"there is no local rates store ({store_path()}); "
                                         f"`fxaudit rates update` creates it")
        return table

    def full_table(self) -> RateTable | None:
        from .store import load_store_table

        return load_store_table()


def fed_bundled_table() -> RateTable:
    """The bundled Federal Reserve H.10 CNY-per-USD series (FRED DEXCHUS), read once."""
    return read_bundled("fed-dexchus.csv.gz", base="USD", source="fed-bundled",
                        label="bundled Federal Reserve H.10")


class FedBundledSource:
    """Federal Reserve H.10 CNY per USD since 1981 (FRED DEXCHUS), shipped with fxaudit."""

    name, reference, label = "fed-bundled", "fed", "bundled Federal Reserve H.10"

    def table_for(self, base: str, quote: str, day: dt.date, count: int = 0) -> RateTable:
        return fed_bundled_table()

    def full_table(self) -> RateTable:
        return fed_bundled_table()


# ---- online sources ---------------------------------------------------------------------

def _today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def _expiry(last_day: dt.date, settle_days: int) -> int:
    """Never expire the answer for a period that ended ``settle_days`` ago; else expire soon."""
    from .net import LATEST_EXPIRE, NEVER_EXPIRE

    return NEVER_EXPIRE if last_day < _today() - dt.timedelta(days=settle_days) else LATEST_EXPIRE


def _table_from(base: str, codes: list[str], rows: Mapping[dt.date, Mapping[str, str]], source: str,
                label: str) -> RateTable:
    lines = ["date," + ",".join(codes)]
    lines += [f"{day.isoformat()}," + ",".join(rows[day].get(c, "") for c in codes) for day in sorted(rows)]
    return RateTable("\n".join(lines) + "\n", base=base, source=source, label=label)


def _check_series_jumps(code: str, points: list[tuple[dt.date, Decimal]]) -> None:
    from .store import MAX_JUMP

    for (d0, v0), (d1, v1) in pairwise(points):
        if v1 > v0 * MAX_JUMP or v1 * MAX_JUMP < v0:
            raise InvalidRateDataError(f"implausible {code} rate on {d1}: {v1}, against {v0} on {d0} "
                                       f"(more than a {MAX_JUMP}-fold change between two fixings)")


def _json(raw: bytes) -> object:
    from .store import looks_like_html

    if looks_like_html(raw):
        raise InvalidRateDataError("got an HTML page where JSON was expected")
    try:
        return json.loads(raw, parse_float=Decimal, parse_int=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidRateDataError(f"not valid JSON ({exc})") from None


def _json_error(raw: bytes) -> str | None:
    """The error text of a JSON error answer (FRED's error_message, Frankfurter's message)."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(data, dict):
        text = data.get("error_message") or data.get("message") or data.get("error")
        return str(text)[:200] if text else None
    return None


def _offline(flag: bool | None) -> bool:
    from .net import offline_default

    return offline_default() if flag is None else flag


class EcbSource:
    """The ECB's own files, downloaded through the cache.

    ``url``: the history zip (default ``$FXAUDIT_ECB_URL``, else the ECB's
    ``eurofxref-hist.zip``), which holds every fixing; ``daily_url``: the daily
    XML file (default ``$FXAUDIT_ECB_DAILY_URL``, else the ECB's
    ``eurofxref-daily.xml``), read only for a date past the history file. Both
    expire from the cache after an hour. ``offline=True`` reads the cache only.
    """

    name, reference, label = "ecb-online", "ecb", "online ECB"
    #: Seconds an instance keeps a parsed file before asking the cache again.
    MEMO_SECONDS = 600

    def __init__(self, url: str | None = None, daily_url: str | None = None, *, offline: bool | None = None):
        from .store import ECB_DAILY_URL, ECB_HIST_URL

        self.url = url or os.environ.get("FXAUDIT_ECB_URL") or ECB_HIST_URL
        self.daily_url = daily_url or os.environ.get("FXAUDIT_ECB_DAILY_URL") or ECB_DAILY_URL
        self.offline = offline
        self._lock = threading.Lock()
        self._hist: tuple[float, list[str], list[list[str]], RateTable] | None = None
        self._daily: tuple[float, RateTable | None] | None = None

    def _history(self) -> tuple[list[str], list[list[str]], RateTable]:
        from .net import LATEST_EXPIRE, fetch
        from .store import parse_ecb_file

        with self._lock:
            if self._hist is None or time.monotonic() - self._hist[0] > self.MEMO_SECONDS:
                codes, rows = fetch(self.url, parse_ecb_file, what="the ECB history file",
                                    expire_after=LATEST_EXPIRE, offline=_offline(self.offline),
                                    hint="check the URL (FXAUDIT_ECB_URL)")
                from .store import ecb_table_text

                table = RateTable(ecb_table_text(codes, rows), source=self.name, label=self.label)
                self._hist = (time.monotonic(), codes, rows, table)
            return self._hist[1:]

    def table_for(self, base: str, quote: str, day: dt.date, count: int = 0) -> RateTable:
        codes, rows, table = self._history()
        if day <= table.last:
            return table
        with self._lock:
            if self._daily is None or time.monotonic() - self._daily[0] > self.MEMO_SECONDS:
                self._daily = (time.monotonic(), self._with_daily(codes, rows, table))
            return self._daily[1] or table

    def _with_daily(self, codes, rows, table) -> RateTable | None:
        """The history table plus the daily file's fixing when that is newer."""
        from .net import LATEST_EXPIRE, fetch
        from .store import check_jumps, ecb_table_text, parse_ecb_daily_xml

        daily_codes, (daily_row,) = fetch(self.daily_url, parse_ecb_daily_xml, what="the ECB daily file",
                                          expire_after=LATEST_EXPIRE, offline=_offline(self.offline),
                                          hint="check the URL (FXAUDIT_ECB_DAILY_URL)")
        if dt.date.fromisoformat(daily_row[0]) <= table.last:
            return None
        values = dict(zip(daily_codes, daily_row[1:]))
        merged_codes = codes + [c for c in daily_codes if c not in codes]
        merged = [r + [""] * (len(merged_codes) - len(codes)) for r in rows]
        merged.append([daily_row[0], *(values.get(c, "") for c in merged_codes)])
        try:
            check_jumps(merged_codes, merged[-2:])
        except InvalidRateDataError as exc:
            from .net import forget

            forget(self.daily_url)  # valid alone, implausible after the history: do not keep it
            raise InvalidRateDataError(f"the ECB daily file from {self.daily_url} is not valid: {exc}; "
                                       f"check the URL (FXAUDIT_ECB_DAILY_URL)") from None
        return RateTable(ecb_table_text(merged_codes, merged), source=self.name, label=self.label)

    def full_table(self) -> RateTable | None:
        hist = self._hist
        return hist[3] if hist is not None else None


#: FRED's H.10 series: currency → (series id, True when quoted as USD per unit of the currency).
FRED_SERIES = {
    "AUD": ("DEXUSAL", True), "BRL": ("DEXBZUS", False), "CAD": ("DEXCAUS", False),
    "CHF": ("DEXSZUS", False), "CNY": ("DEXCHUS", False), "DKK": ("DEXDNUS", False),
    "EUR": ("DEXUSEU", True), "GBP": ("DEXUSUK", True), "HKD": ("DEXHKUS", False),
    "INR": ("DEXINUS", False), "JPY": ("DEXJPUS", False), "KRW": ("DEXKOUS", False),
    "LKR": ("DEXSLUS", False), "MXN": ("DEXMXUS", False), "MYR": ("DEXMAUS", False),
    "NOK": ("DEXNOUS", False), "NZD": ("DEXUSNZ", True), "SEK": ("DEXSDUS", False),
    "SGD": ("DEXSIUS", False), "THB": ("DEXTHUS", False), "TWD": ("DEXTAUS", False),
    "ZAR": ("DEXSFUS", False),
}
FRED_URL = "https://api.stlouisfed.org/fred"


def parse_fred(raw: bytes, series_id: str, year: int) -> dict[dt.date, Decimal]:
    """Validate a FRED ``series/observations`` JSON answer for one year; ``{date: value}``.

    FRED writes ``"."`` for a day without a value (a US holiday); those are left out.
    """
    data = _json(raw)
    if not isinstance(data, dict) or not isinstance(data.get("observations"), list):
        raise InvalidRateDataError("not a FRED observations answer (no 'observations' list)")
    out: dict[dt.date, Decimal] = {}
    for obs in data["observations"]:
        if not isinstance(obs, dict) or not isinstance(obs.get("date"), str):
            raise InvalidRateDataError("an observation without a date")
        try:
            day = dt.date.fromisoformat(obs["date"])
        except ValueError:
            raise InvalidRateDataError(f"{obs['date']!r} is not a YYYY-MM-DD date") from None
        if day.year != year:
            raise InvalidRateDataError(f"{series_id} observation of {day} in the answer for {year}")
        text = str(obs.get("value", "")).strip()
        if text in (".", ""):
            continue
        try:
            value = Decimal(text)
        except ArithmeticError:
            raise InvalidRateDataError(f"{series_id} value {text!r} on {day} is not a number") from None
        if not value.is_finite() or value <= 0:
            raise InvalidRateDataError(f"{series_id} value {text!r} on {day} is not a positive rate")
        if day in out:
            raise InvalidRateDataError(f"{series_id} has two observations for {day}")
        out[day] = value
    _check_series_jumps(series_id, sorted(out.items()))
    return out


class FredSource:
    """Federal Reserve H.10 noon buying rates in New York, from the FRED API.

    One request per currency and calendar year (``series/observations`` of
    ``DEXxxUS``); past years never expire from the cache. The API key comes from
    ``api_key`` or ``$FRED_API_KEY`` (free from the St. Louis Fed); without one,
    only cached answers can be used. ``base_url`` defaults to
    ``$FXAUDIT_FRED_URL``, else ``https://api.stlouisfed.org/fred``.
    Cross rates go through the US dollar.
    """

    name, reference, label = "fred", "fed", "FRED (Federal Reserve H.10)"
    #: H.10 is published weekly, on Mondays: a year's answer is final two weeks after it ends.
    SETTLE_DAYS = 14

    def __init__(self, api_key: str | None = None, base_url: str | None = None, *,
                 offline: bool | None = None):
        self.api_key = api_key or os.environ.get("FRED_API_KEY") or None
        self.base_url = (base_url or os.environ.get("FXAUDIT_FRED_URL") or FRED_URL).rstrip("/")
        self.offline = offline
        self._years: dict[tuple[str, int], dict[dt.date, Decimal]] = {}
        self._lock = threading.Lock()

    def _year(self, code: str, year: int) -> dict[dt.date, Decimal]:
        from .net import fetch

        series_id, inverted = FRED_SERIES[code]
        key = (code, year)
        with self._lock:
            if key in self._years:
                return self._years[key]
        params = {"series_id": series_id, "file_type": "json",
                  "observation_start": f"{year}-01-01", "observation_end": f"{year}-12-31"}
        offline = _offline(self.offline)
        # requests-cache redacts api_key in its cache keys, so the key never reaches the cache file
        # and any value finds the same entry; without a key the request is cache-only, never sent
        params["api_key"] = self.api_key or "none"
        what = f"the FRED series {series_id} for {year}"
        try:
            values = fetch(f"{self.base_url}/series/observations", lambda raw: parse_fred(raw, series_id, year),
                           what=what, params=params, offline=offline or not self.api_key,
                           expire_after=_expiry(dt.date(year, 12, 31), self.SETTLE_DAYS),
                           hint="check FXAUDIT_FRED_URL and FRED_API_KEY", error_detail=_json_error)
        except NotCachedError:
            if offline:
                raise
            raise DownloadError(f"{what} is needed, and FRED requires an API key: set FRED_API_KEY "
                                f"(free from fred.stlouisfed.org) or pass FredSource(api_key=...)") from None
        if inverted:
            values = {d: _CTX.divide(1, v) for d, v in values.items()}
        if year < _today().year:
            with self._lock:
                self._years[key] = values
        return values

    def table_for(self, base: str, quote: str, day: dt.date, count: int = 0) -> RateTable:
        legs = [c for c in dict.fromkeys((base, quote)) if c != "USD"]
        for code in legs:
            if code not in FRED_SERIES:
                raise CurrencyNotAvailableError(
                    f"the Federal Reserve H.10 rates (FRED) do not include {code}; they cover USD, "
                    f"{', '.join(sorted(FRED_SERIES))}")
        legs = legs or ["EUR"]  # USD/USD: any series gives the fixing dates
        start = day - dt.timedelta(days=count * 2 + 10)
        rows: dict[dt.date, dict[str, str]] = {}
        for code in legs:
            for year in range(start.year, day.year + 1):
                for d, v in self._year(code, year).items():
                    rows.setdefault(d, {})[code] = str(v)
        if not rows:
            raise DateOutOfCoverageError(
                f"FRED has no Federal Reserve H.10 rates for {'/'.join(legs)} from {start} to {day}")
        return _table_from("USD", legs, rows, self.name, "FRED (Federal Reserve H.10)")

    def full_table(self) -> None:
        return None


FRANKFURTER_URL = "https://api.frankfurter.dev/v1"


def parse_frankfurter(raw: bytes, base: str, quote: str, first: dt.date, last: dt.date
                      ) -> dict[dt.date, Decimal]:
    """Validate a Frankfurter answer (one date, or a ``start..end`` range); ``{date: quote per base}``."""
    data = _json(raw)
    if not isinstance(data, dict) or not isinstance(data.get("rates"), dict):
        raise InvalidRateDataError("not a Frankfurter answer (no 'rates' object)")
    if str(data.get("base", "")).upper() != base:
        raise InvalidRateDataError(f"the answer is in base {data.get('base')!r}, not {base}")
    if data.get("amount", 1) != 1:
        raise InvalidRateDataError(f"the answer is for an amount of {data.get('amount')}, not 1")
    if "date" in data:
        days = {data["date"]: data["rates"]}
    else:
        days = data["rates"]
    out: dict[dt.date, Decimal] = {}
    for text, rates in days.items():
        try:
            day = dt.date.fromisoformat(str(text))
        except ValueError:
            raise InvalidRateDataError(f"{text!r} is not a YYYY-MM-DD date") from None
        if day > last or (day < first - dt.timedelta(days=31)):
            raise InvalidRateDataError(f"a rate of {day}, outside the {first}..{last} asked for")
        value = rates.get(quote) if isinstance(rates, dict) else None
        if value is None:
            continue
        if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
            raise InvalidRateDataError(f"{quote} value {value!r} on {day} is not a positive rate")
        out[day] = value
    _check_series_jumps(f"{base}/{quote}", sorted(out.items()))
    return out


class FrankfurterSource:
    """A Frankfurter-style JSON API (``GET /2020-04-15?from=USD&to=CNY``).

    ``base_url`` defaults to ``$FXAUDIT_FRANKFURTER_URL``, else
    ``https://api.frankfurter.dev/v1`` (which serves the ECB's rates). A single
    rate uses the date endpoint; a band of earlier fixings asks for whole months
    (``/2020-04-01..2020-04-30``), so the cache can keep them for good.
    """

    name, reference, label = "frankfurter", "frankfurter", "Frankfurter API"
    SETTLE_DAYS = 3

    def __init__(self, base_url: str | None = None, *, offline: bool | None = None):
        self.base_url = (base_url or os.environ.get("FXAUDIT_FRANKFURTER_URL") or FRANKFURTER_URL).rstrip("/")
        self.offline = offline

    def _get(self, path: str, base: str, quote: str, first: dt.date, last: dt.date):
        from .net import fetch

        return fetch(f"{self.base_url}/{path}", lambda raw: parse_frankfurter(raw, base, quote, first, last),
                     what=f"the Frankfurter rates {base}/{quote} for {path}",
                     params={"from": base, "to": quote}, offline=_offline(self.offline),
                     expire_after=_expiry(last, self.SETTLE_DAYS),
                     hint="check the base URL (FXAUDIT_FRANKFURTER_URL)", error_detail=_json_error)

    def table_for(self, base: str, quote: str, day: dt.date, count: int = 0) -> RateTable:
        other = quote if quote != base else ("USD" if base == "EUR" else "EUR")
        rows: dict[dt.date, dict[str, str]] = {}
        if count == 0:
            periods = [(day.isoformat(), day, day)]
        else:
            start = day - dt.timedelta(days=count * 2 + 10)
            periods = []
            month = dt.date(start.year, start.month, 1)
            while month <= day:
                nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
                end = nxt - dt.timedelta(days=1)
                periods.append((f"{month}..{end}", month, end))
                month = nxt
        for path, first, last in periods:
            for d, v in self._get(path, base, other, first, last).items():
                rows.setdefault(d, {})[other] = str(v)
        if not rows:
            raise CurrencyNotAvailableError(f"the Frankfurter API has no {base}/{other} rate for {day}")
        return _table_from(base, [other], rows, self.name, self.label)

    def full_table(self) -> None:
        return None


# ---- names and defaults -------------------------------------------------------------------

_BY_NAME = {"ecb-bundled": BundledSource, "ecb-store": StoreSource, "ecb-online": EcbSource,
            "fed-bundled": FedBundledSource, "fred": FredSource, "frankfurter": FrankfurterSource}


def resolve_source(source) -> RateSource:
    """A source object from itself or its name ("ecb-bundled", "fred", …)."""
    if isinstance(source, str):
        cls = _BY_NAME.get(source.strip().lower())
        if cls is None:
            raise InvalidArgumentError(f"unknown rate source {source!r}; the sources are "
                                       f"{', '.join(_BY_NAME)}")
        return cls()
    if isinstance(source, RateTable):
        return TableSource(source)
    if not isinstance(source, RateSource):
        raise InvalidArgumentError(f"{source!r} is not a rate source (it needs name, reference, label, "
                                   f"table_for() and full_table())")
    return source


def default_sources(*, online: bool = False) -> tuple[RateSource, ...]:
    """The local store when there is one, the bundled table, and the ECB online if asked."""
    from .store import store_path

    chain: list[RateSource] = []
    if store_path().exists():
        chain.append(StoreSource())
    chain.append(BundledSource())
    if online:
        chain.append(EcbSource())  # online unless FXAUDIT_OFFLINE is set
    return tuple(chain)


#: The references ``audit(references=[...])`` and ``fxaudit rate --source`` know by name.
REFERENCES = ("ecb", "fed", "frankfurter")


def reference_rates(name: str, *, online: bool = False, max_fallback_days: int | None = None):
    """The :class:`~fxaudit.Rates` of a named reference.

    - ``"ecb"``: the store and the bundled ECB table (plus the ECB's files if ``online``);
    - ``"fed"``: the bundled H.10 CNY/USD series, then FRED (cache only unless ``online``);
    - ``"frankfurter"``: the Frankfurter API (cache only unless ``online``).

    ``FXAUDIT_OFFLINE=1`` keeps every source cache-only, ``online=True`` or not.
    """
    from .rates import DEFAULT_MAX_FALLBACK_DAYS, Rates, default_rates

    key = str(name).strip().lower()
    fallback = DEFAULT_MAX_FALLBACK_DAYS if max_fallback_days is None else max_fallback_days
    if key == "ecb":
        if not online and max_fallback_days is None:
            return default_rates()
        return Rates(online=online, max_fallback_days=fallback)
    if key == "fed":
        return Rates(sources=[FedBundledSource(), FredSource(offline=None if online else True)], name="fed",
                     max_fallback_days=fallback)
    if key == "frankfurter":
        return Rates(sources=[FrankfurterSource(offline=None if online else True)], name="frankfurter",
                     max_fallback_days=fallback)
    raise InvalidArgumentError(f"unknown reference {name!r}; the references are {', '.join(REFERENCES)}")
