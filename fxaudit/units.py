"""Money as pint quantities: each currency is a unit, each day's rates a Context.

pint is imported and the registry built only when first asked for (importing
pint and building a full registry would add ~0.5 s to ``import fxaudit``). The
registry holds only the currencies, with ``Decimal`` magnitudes::

    >>> import fxaudit
    >>> with fxaudit.rates_on("2020-04-15") as ureg:
    ...     print((5000 * ureg.CNY).to("USD"))
    708.0054027377334476220161565 USD

Outside a ``rates_on`` block the currencies are not convertible (the factor is
NaN), so a forgotten date never yields a plausible-looking number. Contexts are
built once per fixing and cached. Enabling a context changes the registry, so
use ``rates_on`` from one thread at a time; for concurrent work call
:func:`fxaudit.convert`, which does not touch pint.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING

from .rates import _CTX, Rates, default_rates

if TYPE_CHECKING:
    import pint

_lock = threading.RLock()
_registry: pint.UnitRegistry | None = None
_contexts: dict[tuple[int, str, object], str] = {}


def registry() -> pint.UnitRegistry:
    """The shared unit registry: EUR is the base unit, every other currency a unit of it."""
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                import pint

                ureg = pint.UnitRegistry(None, non_int_type=Decimal, cache_folder=None)
                ureg.define("EUR = [currency]")
                for code in default_rates().table.currencies():
                    if code != "EUR":
                        ureg.define(f"{code} = NaN EUR")
                _registry = ureg
    return _registry


def context_for(date: object, rates: Rates | None = None) -> str:
    """Name of the pint Context holding the fixing used for ``date`` (built once)."""
    import pint

    rates = rates or default_rates()
    table = rates.table
    day = rates.rate("EUR", "EUR", date).date  # validates the date and applies fallback
    key = (id(table), table.source, day)
    with _lock:
        name = _contexts.get(key)
        if name is None:
            ureg = registry()
            i = table.dates.index(day)
            lines = [f"@context {table.source.replace('-', '_')}_{day:%Y_%m_%d}_{len(_contexts)}"]
            for code, value in table.fixings(i).items():
                if code in ureg:
                    lines.append(f"{code} = {_CTX.divide(1, value)} EUR")
            ctx = pint.Context.from_lines(lines, non_int_type=Decimal)
            ureg.add_context(ctx)
            name = _contexts[key] = ctx.name
    return name


@contextmanager
def rates_on(date: object, rates: Rates | None = None) -> Iterator[pint.UnitRegistry]:
    """Activate the rates of ``date`` in the registry, which the block receives.

    A currency with no fixing that day (RUB after 2022-03-01) stays NaN.
    """
    ureg = registry()
    with ureg.context(context_for(date, rates)):
        yield ureg
