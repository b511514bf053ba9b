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


class DownloadError(RateSourceError):
    """A rate source could not be reached, timed out, or answered with an HTTP error."""


class InvalidRateDataError(RateSourceError, ValueError):
    """A rate file or API answer is malformed or implausible (HTML instead of a zip, a
    truncated zip, a bad date, a rate of zero or one ten times its neighbour's)."""


class NotCachedError(RateSourceError):
    """Offline mode (cache only) was asked for, and the answer is not in the cache."""


class StaleRatesWarning(UserWarning):
    """A source could not be refreshed, so an expired copy from the cache was used."""
