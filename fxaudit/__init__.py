"""fxaudit: check the currency conversions written in text.

>>> import fxaudit
>>> print(fxaudit.rate("USD", "CNY", "2020-04-15"))
1 USD = 7.0621 CNY (ECB reference rate of 2020-04-15, bundled data)
"""
from __future__ import annotations

from .audit import Finding, ReferenceCheck, Report, Severity, Tolerance, Verdict, audit
from .batch import DocumentError, audit_frame, audit_many, findings_frame
from .errors import (
    CurrencyNotAvailableError,
    DateOutOfCoverageError,
    DownloadError,
    FxauditError,
    InvalidArgumentError,
    InvalidDateError,
    InvalidRateDataError,
    NotCachedError,
    RateNotAvailableError,
    RateSourceError,
    StaleRatesWarning,
    UnknownCurrencyError,
)
from .extract import Mention, Qualifier, extract
from .money import Money
from .rates import Rate, Rates, RateTable, convert, rate

__version__ = "0.1.0"

__all__ = [
    "CurrencyNotAvailableError",
    "DateOutOfCoverageError",
    "DocumentError",
    "DownloadError",
    "Finding",
    "FxauditError",
    "InvalidArgumentError",
    "InvalidDateError",
    "InvalidRateDataError",
    "Mention",
    "Money",
    "NotCachedError",
    "Qualifier",
    "Rate",
    "RateNotAvailableError",
    "RateSource",
    "RateSourceError",
    "RateTable",
    "Rates",
    "ReferenceCheck",
    "Report",
    "Severity",
    "StaleRatesWarning",
    "Tolerance",
    "UnknownCurrencyError",
    "Verdict",
    "audit",
    "audit_frame",
    "audit_many",
    "convert",
    "extract",
    "findings_frame",
    "rate",
    "rates_on",
    "reference_rates",
    "update_rates",
    "ureg",
]


def __getattr__(name: str):
    # pint is heavy: load it only when the money-as-quantities API is used.
    if name == "ureg":
        from .units import registry

        return registry()
    if name == "rates_on":
        from .units import rates_on

        return rates_on
    # the online sources and the store: imported on first use (they stay cheap, requests is lazy)
    if name in ("RateSource", "reference_rates"):
        from . import sources

        return getattr(sources, name)
    if name == "update_rates":
        from .store import update_rates

        return update_rates
    raise AttributeError(f"module 'fxaudit' has no attribute {name!r}")
