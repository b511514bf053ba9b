"""Findings as flat rows: one row per finding, for DataFrames and CSV files.

The columns are listed, in order, in :data:`COLUMNS` (name, pandas dtype,
meaning). The same columns are used by :meth:`fxaudit.Report.to_dataframe`,
:func:`fxaudit.audit_frame`, :mod:`fxaudit.dask` and ``fxaudit audit --format
csv``, so a table made one way can be concatenated with one made another way.

A row built by :func:`finding_row` keeps exact values (``Decimal``,
``datetime.date``); :func:`to_frame` turns them into floats and datetimes for
pandas, :func:`csv_value` into exact strings for CSV.

    >>> import fxaudit
    >>> from fxaudit.tabular import finding_row
    >>> report = fxaudit.audit("A reward of 5,000 yuan (US$818) was offered.", "2020-04-15")
    >>> row = finding_row(report.findings[0], doc_id="a1", date=report.date)
    >>> row["verdict"], row["reported_amount"], row["rate_text"]
    ('inconsistent', Decimal('818'), '7.0621 CNY per USD')
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from .rates import significant

__all__ = ["COLUMNS", "COLUMN_NAMES", "csv_value", "empty_frame", "error_row", "finding_row", "to_frame"]

#: ``(name, pandas dtype, meaning)`` of every column of a findings table, in order.
#: ``"str"`` columns are pandas' string dtype (object before pandas 3); missing
#: values are ``NaN``/``NaT``/``<NA>``.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "object", "the document's id (the id given, else its position in the input)"),
    ("date", "datetime64[ns]", "the document's date, whose rates were used"),
    ("finding", "Int64", "position of the finding in its document, from 0"),
    ("kind", "str", "'conversion', or 'stated rate' for '($1 = 83.12 rupees)'"),
    ("verdict", "str", "'consistent', 'inconsistent' or 'unverifiable'"),
    ("severity", "str", "for inconsistent findings: 'gross' (over 10 % off) or 'error'"),
    ("source_text", "str", "the amount as written: '5,000 yuan'"),
    ("source_amount", "float64", "its value (the low end of a range)"),
    ("source_high", "float64", "the high end of a range, else missing"),
    ("source_currency", "str", "ISO 4217 code, missing when the text does not decide"),
    ("source_start", "Int64", "character offset of the amount in the text"),
    ("source_end", "Int64", "offset just after it"),
    ("reported_text", "str", "the conversion as written: 'US$818'"),
    ("reported_amount", "float64", "its value"),
    ("reported_high", "float64", "the high end of a range, else missing"),
    ("reported_currency", "str", "ISO 4217 code"),
    ("reported_qualifier", "str", "'exact', 'approximate', 'at least' or 'at most'"),
    ("reported_start", "Int64", "character offset of the conversion in the text"),
    ("reported_end", "Int64", "offset just after it"),
    ("expected", "float64", "the exact conversion at the date's fixing"),
    ("deviation", "float64", "reported / expected - 1 (0.155 for 15.5 % too high)"),
    ("implied_rate", "float64", "reported units per source unit"),
    ("rate", "float64", "the reference rate: reported units per source unit"),
    ("rate_text", "str", "the rate as usually quoted: '7.0621 CNY per USD'"),
    ("rate_date", "datetime64[ns]", "the fixing used (the last one before a weekend or holiday)"),
    ("rate_source", "str", "where the rate came from: 'ecb-bundled', 'ecb-store', ..."),
    ("best_reference", "str", "with audit(..., references=[...]): the reference the figure fits best"),
    ("expected_low", "float64", "lowest exact conversion over the rate band"),
    ("expected_high", "float64", "highest exact conversion over the rate band"),
    ("accepted_low", "float64", "lowest value the written figure stands for"),
    ("accepted_high", "float64", "highest value the written figure stands for"),
    ("rounding", "float64", "the writer's rounding unit: 100 for '700'"),
    ("hedge", "float64", "widening for a hedged figure ('about $425'), 0 when not hedged"),
    ("consistent_only_by_rounding", "boolean", "consistent, but only once the writer's rounding is allowed"),
    ("diagnosis", "str", "for inconsistent findings: the likeliest explanation"),
    ("reason", "str", "for unverifiable findings: why"),
    ("explanation", "str", "the verdict in a sentence"),
    ("error", "str", "for a document that could not be audited: 'ErrorType: message'; other columns empty"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _, _ in COLUMNS)


def _rate_text(value: Decimal | None, base: str | None, quote: str | None) -> str | None:
    if value is None or not value or base is None or quote is None:
        return None
    if value >= 1:
        return f"{significant(value)} {quote} per {base}"
    return f"{significant(1 / value)} {base} per {quote}"


def jsonable_id(value: object) -> object:
    """A document id as a JSON scalar: str, int, float, bool or None (numpy scalars unwrapped)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    item = getattr(value, "item", None)      # numpy and pandas scalars
    if callable(item):
        try:
            value = item()
        except (TypeError, ValueError):
            pass
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
    return str(value)


def finding_row(finding, doc_id: object = None, date: dt.date | None = None, position: int | None = None) -> dict:
    """One finding as a flat dict keyed by :data:`COLUMN_NAMES`, with exact values."""
    src, rep, tol, rate = finding.source, finding.reported, finding.tolerance, finding.rate
    return {
        "id": doc_id,
        "date": date,
        "finding": position,
        "kind": finding.kind,
        "verdict": finding.verdict.value,
        "severity": finding.severity.value if finding.severity is not None else None,
        "source_text": src.text,
        "source_amount": src.amount,
        "source_high": src.high,
        "source_currency": src.currency,
        "source_start": src.start,
        "source_end": src.end,
        "reported_text": rep.text,
        "reported_amount": rep.amount,
        "reported_high": rep.high,
        "reported_currency": rep.currency,
        "reported_qualifier": rep.qualifier.value,
        "reported_start": rep.start,
        "reported_end": rep.end,
        "expected": finding.expected,
        "deviation": finding.deviation,
        "implied_rate": finding.implied_rate,
        "rate": rate.value if rate is not None else None,
        "rate_text": _rate_text(rate.value, rate.base, rate.quote) if rate is not None else None,
        "rate_date": rate.date if rate is not None else None,
        "rate_source": rate.source if rate is not None else None,
        "best_reference": getattr(finding, "best_reference", None),
        "expected_low": tol.expected_low if tol is not None else None,
        "expected_high": tol.expected_high if tol is not None else None,
        "accepted_low": tol.accepted_low if tol is not None else None,
        "accepted_high": tol.accepted_high if tol is not None else None,
        "rounding": tol.rounding if tol is not None else None,
        "hedge": tol.hedge if tol is not None else None,
        "consistent_only_by_rounding": finding.consistent_only_by_rounding,
        "diagnosis": finding.diagnosis,
        "reason": finding.reason,
        "explanation": finding.explanation,
        "error": None,
    }


def error_row(doc_id: object, date: object, error: str) -> dict:
    """The row standing for a document that could not be audited."""
    row = dict.fromkeys(COLUMN_NAMES)
    row["id"] = doc_id
    row["date"] = date if isinstance(date, dt.date) else None
    row["error"] = error
    return row


def csv_value(value: object) -> object:
    """A row value for the csv module: Decimals exact, dates ISO, missing values empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _dtype(name: str):
    import pandas as pd

    if name == "str" and int(pd.__version__.split(".")[0]) < 3:
        return object          # pandas 1.x/2.x: plain object columns of str or None
    return name


def _float(value: object) -> float:
    return float("nan") if value is None else float(value)


def to_frame(rows: Iterable[dict]):
    """A pandas DataFrame with the columns and dtypes of :data:`COLUMNS` from rows."""
    import pandas as pd

    rows = list(rows)
    data = {}
    for name, dtype, _ in COLUMNS:
        values = [row.get(name) for row in rows]
        if dtype == "float64":
            values = [_float(v) for v in values]
        elif dtype == "object":
            values = [jsonable_id(v) for v in values] if name == "id" else values
        data[name] = pd.Series(values, dtype=_dtype(dtype))
    return pd.DataFrame(data, columns=list(COLUMN_NAMES))


def empty_frame():
    """An empty findings DataFrame: the ``meta`` of :mod:`fxaudit.dask`."""
    return to_frame([])
