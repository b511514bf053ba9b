"""pint integration: currencies as units, a day's rates as a context."""
import subprocess
import sys
from decimal import Decimal

import pytest

import fxaudit
from fxaudit.units import context_for, registry


def test_import_does_not_load_pint_or_babel():
    code = ("import sys, fxaudit; print(*(m in sys.modules for m in "
            "('pint', 'babel', 'requests', 'requests_cache', 'platformdirs')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"] * 5


def test_conversion_inside_rates_on():
    with fxaudit.rates_on("2020-04-15") as ureg:
        q = (Decimal(5000) * ureg.CNY).to("USD")
    assert isinstance(q.magnitude, Decimal)
    assert q.magnitude.quantize(Decimal("0.01")) == Decimal("708.01")
    exact = fxaudit.convert(5000, "CNY", "USD", "2020-04-15").amount
    assert abs(q.magnitude - exact) < Decimal("1e-20")


def test_contexts_are_cached_per_fixing():
    # Saturday and Friday share Friday's fixing, hence one context
    assert context_for("2020-04-18") == context_for("2020-04-17")
    assert context_for("2020-04-16") != context_for("2020-04-17")


def test_outside_a_context_money_does_not_convert():
    ureg = registry()
    assert (Decimal(5000) * ureg.CNY).to("USD").magnitude.is_nan()
    assert fxaudit.ureg is ureg


def test_missing_currency_stays_nan_and_bad_date_raises():
    with fxaudit.rates_on("2023-01-02") as ureg:
        assert (Decimal(1) * ureg.RUB).to("EUR").magnitude.is_nan()
    with pytest.raises(fxaudit.DateOutOfCoverageError):
        with fxaudit.rates_on("1990-01-01"):
            pass
