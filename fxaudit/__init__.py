"""fxaudit: check the currency conversions written in text.

>>> import fxaudit
>>> print(fxaudit.rate("USD", "CNY", "2020-04-15"))
1 USD = 7.0621 CNY (ECB reference rate of 2020-04-15, bundled data)
"""
from __future__ import annotations

from .audit import Finding, Report, Severity, Tolerance, Verdict, audit
from .errors import (
    CurrencyNotAvailableError,
    DateOutOfCoverageError,
    FxauditError,
    InvalidArgumentError,
    InvalidDateError,
    RateNotAvailableError,
    RateSourceError,
    UnknownCurrencyError,
)
from .extract import Mention, Qualifier, extract
from .money import Money
from .rates import Rate, Rates, RateTable, convert, rate

__version__ = "0.1.0"

__all__ = [
    "CurrencyNotAvailableError",
    "DateOutOfCoverageError",
    "Finding",
    "FxauditError",
    "InvalidArgumentError",
    "InvalidDateError",
    "Mention",
    "Money",
    "Qualifier",
    "Rate",
    "RateNotAvailableError",
    "RateSourceError",
    "RateTable",
    "Rates",
    "Report",
    "Severity",
    "Tolerance",
    "UnknownCurrencyError",
    "Verdict",
    "audit",
    "convert",
    "extract",
    "rate",
    "rates_on",
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
    raise AttributeError(f"module 'fxaudit' has no attribute {name!r}")
