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

__all__ = ["SCHEMA", "Finding", "ReferenceCheck", "Report", "Severity", "Tolerance", "Verdict"]

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
class ReferenceCheck:
    """The check of one finding against one reference (``audit(..., references=[...])``)."""

    reference: str                     # "ecb", "fed", … (a Rates' name)
    verdict: Verdict
    expected: Decimal | None = None    # exact conversion at that reference's fixing
    deviation: Decimal | None = None   # reported / expected - 1
    rate: Rate | None = None
    reason: str | None = None          # why unverifiable against this reference


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
    references: tuple[ReferenceCheck, ...] = field(default=())  # one per reference, if several asked
    best_reference: str | None = None             # the reference the figure fits best

    def to_dict(self) -> dict:
        """JSON-ready: Decimals as strings, dates as ISO strings, enums as their values."""
        return _jsonable(self)

    def __str__(self) -> str:
        mark = {"consistent": "OK ", "inconsistent": "BAD", "unverifiable": "?  "}[self.verdict.value]
        return f"[{mark}] {self.source.text!r} → {self.reported.text!r}: {self.explanation}"

    def __repr__(self) -> str:
        from .render import finding_repr

        return finding_repr(self)

    def to_row(self, doc_id: object = None, date: dt.date | None = None) -> dict:
        """The finding as one flat row (:data:`fxaudit.tabular.COLUMNS`), exact values kept."""
        from .tabular import finding_row

        return finding_row(self, doc_id, date)


@dataclass(frozen=True)
class Report:
    """The findings of one text, in the order of the text."""

    text: str
    date: dt.date
    findings: tuple[Finding, ...]
    mentions: tuple[Mention, ...]
    id: object = None       # the document's id, set by audit_many/audit_frame (str or int)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def to_dict(self) -> dict:
        """JSON-ready report (schema ``fxaudit.report/1``, described in docs/api.md).

        The text itself is left out; ``id`` is the document's id or ``None``.
        """
        from .tabular import jsonable_id

        return {"schema": SCHEMA, "id": jsonable_id(self.id), "date": self.date.isoformat(),
                "findings": [f.to_dict() for f in self.findings],
                "mentions": [_jsonable(m) for m in self.mentions]}

    def rows(self) -> list[dict]:
        """One flat dict per finding (the columns of :meth:`to_dataframe`), exact values kept."""
        from .tabular import finding_row

        return [finding_row(f, self.id, self.date, k) for k, f in enumerate(self.findings)]

    def to_dataframe(self):
        """The findings as a tidy pandas DataFrame, one row per finding (needs pandas).

        Columns and dtypes: :data:`fxaudit.tabular.COLUMNS` (amounts as floats;
        the exact Decimals stay on the :class:`Finding` objects and in
        :meth:`to_dict`). A report without findings gives an empty frame with
        the same columns.
        """
        from .tabular import to_frame

        return to_frame(self.rows())

    def to_html(self, *, max_chars: int = 4000, context: int = 160) -> str:
        """HTML: the text with every amount highlighted, a legend and the findings table.

        Texts longer than ``max_chars`` are shown as excerpts of ``context``
        characters around the amounts.
        """
        from .render import report_html

        return report_html(self, max_chars=max_chars, context=context)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        from .render import report_repr

        return report_repr(self)

    @property
    def inconsistent(self) -> list[Finding]:
        return [f for f in self.findings if f.verdict is Verdict.INCONSISTENT]

    def __str__(self) -> str:
        if not self.findings:
            return f"No reported conversions found ({len(self.mentions)} amounts of money)."
        return "\n".join(str(f) for f in self.findings)
