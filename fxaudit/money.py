"""Currency codes and the :class:`Money` result of a conversion."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING

from .errors import InvalidArgumentError, UnknownCurrencyError

if TYPE_CHECKING:
    from .rates import Rate

_lock = threading.Lock()
_iso_codes: frozenset[str] | None = None


def iso_codes() -> frozenset[str]:
    """Every ISO 4217 code CLDR knows (current and historical), loaded once."""
    global _iso_codes
    if _iso_codes is None:
        with _lock:
            if _iso_codes is None:
                from babel.numbers import list_currencies

                _iso_codes = frozenset(list_currencies())
    return _iso_codes


def currency_code(value: object) -> str:
    """Normalise a currency code: ``" usd"`` → ``"USD"``; reject what is not ISO 4217.

    >>> currency_code("cny")
    'CNY'
    """
    if not isinstance(value, str):
        raise UnknownCurrencyError(f"a currency must be an ISO 4217 code such as 'USD', "
                                   f"not {type(value).__name__}")
    code = value.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha() or code not in iso_codes():
        raise UnknownCurrencyError(f"{value!r} is not an ISO 4217 currency code; "
                                   "use a three-letter code such as 'USD', 'EUR' or 'CNY'")
    return code


def as_amount(value: object) -> Decimal:
    """An amount as an exact ``Decimal``; floats are refused (they are not exact)."""
    if isinstance(value, (bool, float)):
        raise InvalidArgumentError(f"amount {value!r} is a {type(value).__name__}; pass a Decimal, "
                                   "an int or a string such as '5000.50' so it stays exact")
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidArgumentError(f"amount {value!r} is not a number; pass a Decimal, "
                                   "an int or a string such as '5000.50'") from None
    if not amount.is_finite():
        raise InvalidArgumentError(f"amount {value!r} is not a finite number")
    return amount


@cache
def minor_digits(code: str) -> int:
    """Decimal places the currency is normally written with (CLDR): USD 2, JPY 0."""
    from babel.numbers import get_currency_precision

    return get_currency_precision(code)


@dataclass(frozen=True)
class Money:
    """An exact amount of one currency; ``rate`` is the rate that produced it, if any.

    >>> Money(Decimal("708.0054"), "USD")
    Money(amount=Decimal('708.0054'), currency='USD')
    >>> print(Money(Decimal("708.0054"), "USD"))
    708.01 USD
    """

    amount: Decimal
    currency: str
    rate: Rate | None = field(default=None, repr=False, compare=False)

    def rounded(self) -> Decimal:
        """The amount rounded to the currency's usual minor unit (cents for USD)."""
        return self.amount.quantize(Decimal(1).scaleb(-minor_digits(self.currency)))

    def __str__(self) -> str:
        return f"{self.rounded():,} {self.currency}"
