"""Turning the dates users pass into :class:`datetime.date` objects."""
from __future__ import annotations

import datetime as dt
import re

from .errors import InvalidDateError

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def as_date(value: object, what: str = "date") -> dt.date:
    """Return ``value`` as a ``date``; accepts a date, a datetime or an ISO string.

    >>> as_date("2020-04-15")
    datetime.date(2020, 4, 15)
    >>> as_date("2020-04-15T23:10:00+08:00")
    datetime.date(2020, 4, 15)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if _ISO_DAY.fullmatch(text):
                return dt.date.fromisoformat(text)
            if _ISO_DAY.match(text) and len(text) > 10 and text[10] in "T ":
                return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError as exc:
            raise InvalidDateError(f"{what} {value!r} is not a valid calendar date ({exc}); "
                                   "write it as YYYY-MM-DD, e.g. '2020-04-15'") from None
        raise InvalidDateError(f"{what} {value!r} is not an ISO date; "
                               "write it as YYYY-MM-DD, e.g. '2020-04-15'")
    raise InvalidDateError(f"{what} must be a datetime.date, a datetime or an ISO string "
                           f"like '2020-04-15', not {type(value).__name__}")
