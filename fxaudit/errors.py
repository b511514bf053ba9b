"""Exceptions raised on purpose by fxaudit.

Every one derives from :class:`FxauditError`, so ``except fxaudit.FxauditError``
catches them all; each also derives from the built-in exception a Python
programmer would expect (``ValueError`` for a bad argument, ``LookupError`` for
a rate that does not exist), and each message says what to do next.
"""
from __future__ import annotations


class FxauditError(Exception):
    """Base class of every error fxaudit raises on purpose."""


class InvalidDateError(FxauditError, ValueError):
    """A date argument that is not a date, a datetime or an ISO ``YYYY-MM-DD`` string."""


class UnknownCurrencyError(FxauditError, ValueError):
    """A currency code that is not an ISO 4217 code."""


class InvalidArgumentError(FxauditError, ValueError):
    """Any other argument out of its allowed range (a negative tolerance, say)."""


class RateNotAvailableError(FxauditError, LookupError):
    """No reference rate exists for the request: base class of the two below."""


class DateOutOfCoverageError(RateNotAvailableError):
    """The date lies outside the rate source's coverage (or too far past its last fixing)."""


class CurrencyNotAvailableError(RateNotAvailableError):
    """The source does not publish this currency, or did not on that date."""


class RateSourceError(FxauditError):
    """An online rate source or the local store failed (network, format, validation)."""
