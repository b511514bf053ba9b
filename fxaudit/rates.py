"""Reference exchange rates on a date, and conversion with them.

The default source is the ECB's euro reference rates bundled in ``rates/``
(every business day since 1999-01-04). Cross rates go through the euro::

    >>> r = rate("USD", "CNY", "2020-04-15")
    >>> print(r)
    1 USD = 7.0621 CNY (ECB reference rate of 2020-04-15, bundled data)
    >>> print(convert(5000, "CNY", "USD", "2020-04-15"))
    708.01 USD

The table is read on first use (about 0.1 s), never at import.
"""
from __future__ import annotations

import bisect
import datetime as dt
import gzip
import json
import os
import threading
from dataclasses import dataclass
from decimal import Context, Decimal
from importlib import resources
from pathlib import Path

from .dates import as_date
from .errors import (
    CurrencyNotAvailableError,
    DateOutOfCoverageError,
    FxauditError,
    InvalidArgumentError,
    RateNotAvailableError,
    RateSourceError,
    UnknownCurrencyError,
)
from .money import Money, as_amount, currency_code, iso_codes

#: Days a request may fall after the last fixing before it (a weekend plus a
#: TARGET holiday such as Good Friday–Easter Monday spans 4 days; 5 leaves slack).
DEFAULT_MAX_FALLBACK_DAYS = 5

# Arithmetic context for rates: 28 significant digits, independent of the
# caller's decimal context.
_CTX = Context(prec=28)
_ONE = Decimal(1)


def significant(value: Decimal, digits: int = 5) -> Decimal:
    """Round ``value`` to ``digits`` significant digits, never below units for big numbers.

    >>> significant(Decimal("7.062092983582500"))
    Decimal('7.0621')
    """
    if not value:
        return value
    exp = value.adjusted() - digits + 1
    return value.quantize(_ONE.scaleb(min(exp, 0)), context=_CTX)


_WIDE = Context(prec=80, Emax=999_999, Emin=-999_999)  # formatting never overflows


def format_amount(value: Decimal, currency: str | None = None) -> str:
    """Readable money: whole numbers from 1,000 up, cents below, 3 significant digits under 1.

    >>> format_amount(Decimal("708.0054"), "USD"), format_amount(Decimal("1520000000.4"))
    ('708.01 USD', '1,520,000,000')
    """
    v = abs(value)
    if v >= 1000 or value == value.to_integral_value():
        text = f"{value.quantize(_ONE, context=_WIDE):,}"
    elif v >= 1:
        text = f"{value.quantize(Decimal('0.01'), context=_WIDE):,}"
    else:
        text = f"{significant(value, 3)}"
    return f"{text} {currency}" if currency else text


#: ``Rate.source`` → (what the rate is, where it came from), for messages.
SOURCE_WORDS = {
    "ecb-bundled": ("ECB reference rate", "bundled data"),
    "ecb-store": ("ECB reference rate", "local store"),
    "ecb-online": ("ECB reference rate", "downloaded from the ECB"),
    "fed-bundled": ("Federal Reserve H.10 rate", "bundled data"),
    "fred": ("Federal Reserve H.10 rate", "from FRED"),
    "frankfurter": ("Frankfurter API rate", "downloaded"),
}


@dataclass(frozen=True)
class Rate:
    """``value`` units of ``quote`` for one unit of ``base``, from the fixing of ``date``.

    ``requested`` is the date asked for; it differs from ``date`` when there was
    no fixing that day (weekend, holiday) and the last earlier fixing was used.
    """

    base: str
    quote: str
    value: Decimal
    date: dt.date
    requested: dt.date
    source: str

    @property
    def is_fallback(self) -> bool:
        """True when the fixing is from an earlier day than the one requested."""
        return self.date != self.requested

    def inverse(self) -> Rate:
        """The same fixing seen the other way round (``quote`` → ``base``)."""
        return Rate(self.quote, self.base, _CTX.divide(_ONE, self.value), self.date,
                    self.requested, self.source)

    @property
    def display_value(self) -> Decimal:
        """The value to 5 significant digits, the precision the ECB publishes."""
        return significant(self.value)

    @property
    def reference_text(self) -> str:
        """What kind of rate this is, in words: "ECB reference rate", "Federal Reserve H.10 rate"."""
        return SOURCE_WORDS.get(self.source, (f"{self.source} rate", ""))[0]

    def describe_source(self) -> str:
        """The rate's kind, fixing date and where it came from, e.g.
        "ECB reference rate of 2020-04-15, bundled data"."""
        what, where = SOURCE_WORDS.get(self.source, (f"{self.source} rate", ""))
        text = f"{what} of {self.date}" + (f", {where}" if where else "")
        if self.is_fallback:
            text += f"; no fixing on {self.requested}, last one before it"
        return text

    def __str__(self) -> str:
        return f"1 {self.base} = {self.display_value} {self.quote} ({self.describe_source()})"


class RateTable:
    """Daily fixings against one base currency (EUR for the ECB), read from CSV text.

    The text is the format of ``rates/ecb.csv.gz``: a ``date,USD,JPY,...`` header,
    then one ``YYYY-MM-DD,1.0903,...`` line per fixing, an empty field where no
    rate was published. ``dates[i]`` is the day of fixing ``i``.
    """

    def __init__(self, text: str, *, base: str = "EUR", source: str = "ecb-bundled",
                 label: str = "bundled ECB", hint: str = ""):
        header, *rest = text.splitlines()
        lines = sorted(line for line in rest if line)
        if not header.lower().startswith("date,"):
            raise ValueError("a rate table starts with a 'date,CODE,...' header")
        if not lines:
            raise ValueError("a rate table needs at least one fixing")
        self.base = base
        self.source = source
        self.label = label
        self.hint = hint  # appended to "after the last fixing" errors: what the user can do
        self._field = {code: k for k, code in enumerate(header.split(",")[1:]) if code}
        # each row is kept as its text and split on demand: 2 MB instead of 17 MB of strings
        self._rows = [line[11:] for line in lines]
        self.dates = [dt.date.fromisoformat(line[:10]) for line in lines]
        self._ordinals = [d.toordinal() for d in self.dates]
        self._coverage: dict[str, tuple[dt.date, dt.date]] = {}
        self._series: dict[tuple[str, str], list[tuple[dt.date, Decimal]]] = {}
        self._series_lock = threading.Lock()

    @property
    def first(self) -> dt.date:
        return self.dates[0]

    @property
    def last(self) -> dt.date:
        return self.dates[-1]

    def text(self) -> str:
        """The table as the CSV text it was read from (rows sorted by date)."""
        codes = sorted(self._field, key=self._field.get)
        width = max(self._field.values(), default=-1) + 1
        header = ["date"] + [""] * width
        for code in codes:
            header[self._field[code] + 1] = code
        lines = [",".join(header)]
        lines += [f"{d.isoformat()},{row}" for d, row in zip(self.dates, self._rows)]
        return "\n".join(lines) + "\n"

    def currencies(self) -> list[str]:
        """The codes this table can convert, its base included."""
        return sorted({self.base, *self._field})

    def fixings(self, i: int) -> dict[str, Decimal]:
        """Every rate published on fixing ``i``: ``{code: units per base}``."""
        fields = self._rows[i].split(",")
        return {code: Decimal(fields[k]) for code, k in self._field.items()
                if k < len(fields) and fields[k]}

    def coverage(self, code: str) -> tuple[dt.date, dt.date]:
        """First and last date with a published rate for ``code``."""
        if code == self.base:
            return self.first, self.last
        if code not in self._coverage:
            k = self._field[code]
            idx = [i for i, row in enumerate(self._rows) if (row.split(",") + [""] * (k + 1))[k]]
            if not idx:
                raise CurrencyNotAvailableError(
                    f"the {self.label} rates have no {code} fixing from {self.first} to {self.last}")
            self._coverage[code] = (self.dates[idx[0]], self.dates[idx[-1]])
        return self._coverage[code]

    def row(self, day: dt.date, max_fallback_days: int = DEFAULT_MAX_FALLBACK_DAYS) -> int:
        """Index of the fixing used for ``day``: that day's, or the last one before it."""
        if day < self.first:
            raise DateOutOfCoverageError(
                f"{day} is before the {self.label} rates begin ({self.first}); "
                f"they cover {self.first} to {self.last}")
        i = bisect.bisect_right(self._ordinals, day.toordinal()) - 1
        fixing = self.dates[i]
        if day > self.last and any((self.last + dt.timedelta(n)).weekday() < 5
                                   for n in range(1, (day - self.last).days + 1)):
            raise DateOutOfCoverageError(
                f"{day} is after the last {self.label} fixing ({self.last}); the rates "
                f"cover {self.first} to {self.last}, and a later rate cannot be assumed{self.hint}")
        if (day - fixing).days > max_fallback_days:
            raise DateOutOfCoverageError(
                f"no {self.label} fixing within {max_fallback_days} days before {day} "
                f"(the last one is {fixing}); raise max_fallback_days to accept an older rate")
        return i

    def _column(self, code: str) -> int | None:
        """Field index of ``code`` in a row, None for the base; errors for unknown codes."""
        if code == self.base:
            return None
        k = self._field.get(code)
        if k is None:
            if code in iso_codes():
                raise CurrencyNotAvailableError(
                    f"the {self.label} rates do not include {code}; they cover "
                    f"{', '.join(self.currencies())}")
            raise UnknownCurrencyError(f"{code!r} is not an ISO 4217 currency code")
        return k

    @staticmethod
    def _text(fields: list[str], k: int | None) -> str:
        if k is None:
            return "1"
        return fields[k] if k < len(fields) else ""

    def value(self, code: str, i: int) -> Decimal:
        """Units of ``code`` per one unit of the base on fixing ``i``."""
        k = self._column(code)
        text = self._text(self._rows[i].split(","), k)
        if not text:
            first, last = self.coverage(code)
            raise CurrencyNotAvailableError(
                f"the {self.label} rates have no {code} fixing on {self.dates[i]}; "
                f"{code} is covered from {first} to {last} only")
        return Decimal(text)

    def series(self, base: str, quote: str) -> list[tuple[dt.date, Decimal]]:
        """Every ``(date, units of quote per base)`` the table has for the pair, oldest first.

        Built once per pair and kept (the last 16 pairs): diagnosing a stale rate
        searches it for every inconsistent figure.
        """
        key = (base, quote)
        cached = self._series.get(key)
        if cached is not None:
            return cached
        kb, kq = self._column(base), self._column(quote)
        out = []
        for day, row in zip(self.dates, self._rows):
            fields = row.split(",")
            b, q = self._text(fields, kb), self._text(fields, kq)
            if b and q:
                out.append((day, _CTX.divide(Decimal(q), Decimal(b))))
        with self._series_lock:
            if len(self._series) >= 16:
                self._series.pop(next(iter(self._series)))
            self._series[key] = out
        return out


def _data_file(name: str) -> Path:
    """Find a bundled data file: inside the installed wheel, else in the repo's rates/."""
    packaged = resources.files("fxaudit") / "_rates" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "rates" / name


_lock = threading.Lock()
_bundled: dict[str, RateTable] = {}
#: Appended to "after the last fixing" errors of the bundled table (same text as fxaudit.store).
_UPDATE_HINT = "; `fxaudit rates update` downloads the fixings published since"


def read_bundled(name: str, **table_options) -> RateTable:
    """A bundled gzipped rate table (``rates/NAME``), read once (thread-safe) on first use."""
    table = _bundled.get(name)
    if table is None:
        with _lock:
            table = _bundled.get(name)
            if table is None:
                text = gzip.decompress(_data_file(name).read_bytes()).decode("ascii")
                table = _bundled[name] = RateTable(text, **table_options)
    return table


def bundled_table() -> RateTable:
    """The bundled ECB table, read once (thread-safe) on first use."""
    return read_bundled("ecb.csv.gz", source="ecb-bundled", hint=_UPDATE_HINT)


def bundled_metadata() -> dict:
    """Provenance of the bundled table (``rates/ecb.json``): source, hash, coverage."""
    return json.loads(_data_file("ecb.json").read_text())


class Rates:
    """Where rates come from and how far back a missing day may fall back.

    >>> Rates(max_fallback_days=0).rate("USD", "CNY", "2020-04-15").value > 7
    True

    ``Rates()`` reads the local store written by ``fxaudit rates update`` (when
    there is one) and then the bundled ECB table, and never goes online.
    ``Rates(online=True)`` adds the ECB's own files, downloaded (and cached) for
    dates past both. ``sources=[...]`` sets the chain explicitly: a list of
    :class:`fxaudit.sources.RateSource` objects, or of their names
    (``"ecb-store"``, ``"ecb-bundled"``, ``"ecb-online"``, ``"fed-bundled"``,
    ``"fred"``, ``"frankfurter"``). Each request is answered by the first source
    in the chain that can answer it, and ``Rate.source`` names that source.
    ``table=`` wraps one :class:`RateTable`. ``name`` labels the reference in
    audit reports (default: the first source's reference, e.g. ``"ecb"``).

    >>> [s.name for s in Rates(sources=["fed-bundled"]).sources]
    ['fed-bundled']
    >>> print(Rates(sources=["fed-bundled"]).rate("USD", "CNY", "2020-04-15"))
    1 USD = 7.0664 CNY (Federal Reserve H.10 rate of 2020-04-15, bundled data)
    """

    def __init__(self, table: RateTable | None = None, *, sources=None, online: bool = False,
                 max_fallback_days: int = DEFAULT_MAX_FALLBACK_DAYS, name: str | None = None):
        if not isinstance(max_fallback_days, int) or not 0 <= max_fallback_days <= 366:
            raise InvalidArgumentError(
                f"max_fallback_days must be an int from 0 to 366, not {max_fallback_days!r}")
        from .sources import TableSource, default_sources, resolve_source

        if table is not None and sources is not None:
            raise InvalidArgumentError("give either table= or sources=, not both")
        if table is not None:
            chain = (TableSource(table),)
        elif sources is not None:
            if isinstance(sources, str) or not hasattr(sources, "__iter__"):
                sources = [sources]
            chain = tuple(resolve_source(s) for s in sources)
            if not chain:
                raise InvalidArgumentError("sources= needs at least one rate source")
            if online:
                raise InvalidArgumentError("online=True picks the default sources; with sources=, "
                                           "list the online sources you want instead")
        else:
            chain = default_sources(online=online)
        self._table = table
        self._sources = chain
        self.max_fallback_days = max_fallback_days
        self.name = name or chain[0].reference

    @property
    def sources(self) -> tuple:
        """The chain of :class:`~fxaudit.sources.RateSource` objects, in the order they are asked."""
        return self._sources

    def __repr__(self) -> str:
        return f"Rates(sources={[s.name for s in self._sources]!r}, name={self.name!r})"

    @property
    def table(self) -> RateTable:
        """The first local table of the chain (the store or the bundled ECB table)."""
        if self._table is not None:
            return self._table
        for source in self._sources:
            table = source.full_table()
            if table is not None:
                return table
        return bundled_table()

    def _legs(self, base: str, quote: str, date: object, count: int = 0):
        """(base, quote, day, table, i, base value, quote value) from the first source that answers."""
        base, quote = currency_code(base), currency_code(quote)
        day = as_date(date)
        errors: list[FxauditError] = []
        for source in self._sources:
            try:
                table = source.table_for(base, quote, day, count)
                i = table.row(day, self.max_fallback_days)
                return base, quote, day, table, i, table.value(base, i), table.value(quote, i)
            except (RateNotAvailableError, RateSourceError) as exc:
                errors.append(exc)
                if isinstance(exc, DateOutOfCoverageError) and day < table_first(source):
                    break  # earlier than the first source's history: no later source helps
        # A failure the user can act on (network, offline, bad data) beats "not covered";
        # otherwise the first source's own words.
        raise next((e for e in errors if isinstance(e, RateSourceError)), errors[0])

    def rate(self, base: str, quote: str, date: object) -> Rate:
        """The rate of ``base`` in ``quote`` on ``date`` (see :func:`fxaudit.rate`)."""
        base, quote, day, table, i, vb, vq = self._legs(base, quote, date)
        return Rate(base, quote, _CTX.divide(vq, vb), table.dates[i], day, table.source)

    def convert(self, amount: object, from_: str, to: str, date: object) -> Money:
        """``amount`` of ``from_`` in ``to`` on ``date`` (see :func:`fxaudit.convert`)."""
        value = as_amount(amount)
        base, quote, day, table, i, vb, vq = self._legs(from_, to, date)
        r = Rate(base, quote, _CTX.divide(vq, vb), table.dates[i], day, table.source)
        # multiply before dividing: the result is as exact as the two fixings allow
        return Money(_CTX.divide(_CTX.multiply(value, vq), vb), quote, r)

    def history(self, base: str, quote: str, date: object, count: int) -> list[Rate]:
        """The fixing used for ``date`` and up to ``count`` fixings before it, newest first."""
        base, quote, day, table, i, _, _ = self._legs(base, quote, date, count)
        out: list[Rate] = []
        while i >= 0 and len(out) <= count:
            try:
                vb, vq = table.value(base, i), table.value(quote, i)
            except CurrencyNotAvailableError:
                break  # the pair starts later: the band is shorter
            out.append(Rate(base, quote, _CTX.divide(vq, vb), table.dates[i], day, table.source))
            i -= 1
        return out

    def series(self, base: str, quote: str):
        """Every ``(date, value)`` fixing of the pair in the local tables, oldest first.

        Online sources contribute only what they already hold in memory: a
        series never triggers a download.
        """
        base, quote = currency_code(base), currency_code(quote)
        tables = [t for t in (s.full_table() for s in self._sources) if t is not None]
        if len(tables) == 1:
            return tables[0].series(base, quote)
        merged: dict[dt.date, Decimal] = {}
        errors = []
        for table in tables:
            try:
                for day, value in table.series(base, quote):
                    merged.setdefault(day, value)
            except RateNotAvailableError as exc:
                errors.append(exc)
        if not merged and errors:
            raise errors[0]
        return iter(sorted(merged.items()))


def table_first(source) -> dt.date:
    """The first date a source's local table covers (1 January of year 1 when unknown)."""
    try:
        table = source.full_table()
    except FxauditError:
        table = None
    return table.first if table is not None else dt.date.min


_default_lock = threading.Lock()
_default: Rates | None = None
_default_key: str | None = None


def default_rates() -> Rates:
    """The shared :class:`Rates` (local store, then bundled table), built on first use.

    Rebuilt when ``FXAUDIT_CACHE_DIR`` changes and after ``fxaudit rates update``.
    """
    global _default, _default_key
    key = os.environ.get("FXAUDIT_CACHE_DIR", "")
    rates = _default
    if rates is None or _default_key != key:
        with _default_lock:
            if _default is None or _default_key != key:
                _default, _default_key = Rates(), key
            rates = _default
    return rates


def reset_default_rates() -> None:
    """Forget the shared :class:`Rates`, so the next use sees a new store."""
    global _default
    with _default_lock:
        _default = None


def rate(base: str, quote: str, date: object) -> Rate:
    """Units of ``quote`` for one ``base`` on ``date``, from the ECB reference rates.

    A day without a fixing uses the last fixing before it (``Rate.date`` says
    which). Dates outside coverage and currencies the ECB did not publish that
    day raise :class:`~fxaudit.RateNotAvailableError`.

    >>> rate("USD", "CNY", "2020-04-18").date   # a Saturday: Friday's fixing
    datetime.date(2020, 4, 17)
    """
    return default_rates().rate(base, quote, date)


def convert(amount: object, from_: str, to: str, date: object) -> Money:
    """Convert ``amount`` (Decimal, int or numeric string) on ``date``.

    >>> convert("5000", "CNY", "USD", "2020-04-15").amount.quantize(Decimal("0.1"))
    Decimal('708.0')
    """
    return default_rates().convert(amount, from_, to, date)

