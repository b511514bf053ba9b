"""The results of an audit: findings, their verdicts and tolerances, and reports.

A :class:`Report` holds one text's :class:`Finding` objects in text order; each
finding carries its :class:`Verdict`, the numbers behind it and a
:class:`Tolerance`. ``to_dict()`` gives JSON-ready data (schema
``fxaudit.report/1``: Decimals as exact strings, dates ISO).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .extract import Mention
from .rates import Rate

__all__ = ["SCHEMA", "Finding", "Report", "Severity", "Tolerance", "Verdict"]

SCHEMA = "fxaudit.report/1"


def _jsonable(obj):
    """Dataclasses, Decimals, dates and enums → JSON types (Decimals as exact strings)."""
    import dataclasses

    if dataclasses.is_dataclass(obj):
        return {f.name: _jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [_jsonable(x) for x in obj]
    return obj


class Verdict(str, Enum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNVERIFIABLE = "unverifiable"


class Severity(str, Enum):
    ERROR = "error"
    GROSS = "gross"


@dataclass(frozen=True)
class Tolerance:
    """What the verdict allowed, part by part.

    ``expected_low``–``expected_high``: the exact conversions over the rate band,
    source spread included. ``accepted_low``–``accepted_high``: the values the
    reported figure stands for (its rounding, and the hedge if any). The figure
    is consistent when the two intervals meet.
    """

    expected_low: Decimal
    expected_high: Decimal
    accepted_low: Decimal
    accepted_high: Decimal
    rounding: Decimal            # the writer's rounding unit: 100 for "700"
    hedge: Decimal               # fraction either way, 0 when not hedged
    source_spread: Decimal
    rate_low: Decimal
    rate_high: Decimal
    band_from: dt.date           # oldest fixing in the band
    band_to: dt.date             # the fixing for the text's date


@dataclass(frozen=True)
class Finding:
    """One reported conversion (or stated exchange rate) and its verdict."""

    source: Mention
    reported: Mention
    verdict: Verdict
    explanation: str
    kind: str = "conversion"                     # or "stated rate": "($1 = 83.12 rupees)"
    severity: Severity | None = None
    expected: Decimal | None = None              # exact conversion at the date's fixing
    deviation: Decimal | None = None             # reported / expected - 1
    implied_rate: Decimal | None = None          # reported per unit of source
    rate: Rate | None = None
    tolerance: Tolerance | None = None
    consistent_only_by_rounding: bool = False
    diagnosis: str | None = None
    reason: str | None = None                    # why unverifiable
    repeats: tuple[Mention, ...] = field(default=())  # the reported figure again, elsewhere

    def to_dict(self) -> dict:
        """JSON-ready: Decimals as strings, dates as ISO strings, enums as their values."""
        return _jsonable(self)

    def __str__(self) -> str:
        mark = {"consistent": "OK ", "inconsistent": "BAD", "unverifiable": "?  "}[self.verdict.value]
        return f"[{mark}] {self.source.text!r} → {self.reported.text!r}: {self.explanation}"


@dataclass(frozen=True)
class Report:
    """The findings of one text, in the order of the text."""

    text: str
    date: dt.date
    findings: tuple[Finding, ...]
    mentions: tuple[Mention, ...]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def to_dict(self) -> dict:
        """JSON-ready report (schema ``fxaudit.report/1``); the text itself is left out."""
        return {"schema": SCHEMA, "date": self.date.isoformat(),
                "findings": [f.to_dict() for f in self.findings],
                "mentions": [_jsonable(m) for m in self.mentions]}

    @property
    def inconsistent(self) -> list[Finding]:
        return [f for f in self.findings if f.verdict is Verdict.INCONSISTENT]

    def __str__(self) -> str:
        if not self.findings:
            return f"No reported conversions found ({len(self.mentions)} amounts of money)."
        return "\n".join(str(f) for f in self.findings)
