"""Rates and conversion on known dates, checked against the ECB's published figures."""
import datetime as dt
import gzip
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fxaudit
from fxaudit.rates import Rates, bundled_table, significant

D = Decimal


def test_known_cross_rate_2020_04_15():
    # ECB 2020-04-15: EUR/USD 1.0903, EUR/CNY 7.6998
    r = fxaudit.rate("USD", "CNY", "2020-04-15")
    assert r.value == D("7.6998") / D("1.0903")
    assert r.display_value == D("7.0621")
    assert r.date == r.requested == dt.date(2020, 4, 15)
    assert r.source == "ecb-bundled" and not r.is_fallback
    assert str(r) == "1 USD = 7.0621 CNY (ECB reference rate of 2020-04-15, bundled data)"


def test_direct_euro_rates_are_the_published_strings():
    assert fxaudit.rate("EUR", "USD", "2020-04-15").value == D("1.0903")
    assert fxaudit.rate("EUR", "CNY", dt.date(2020, 4, 15)).value == D("7.6998")
    assert fxaudit.rate("EUR", "EUR", "2020-04-15").value == 1


def test_convert_5000_cny():
    m = fxaudit.convert(5000, "CNY", "USD", "2020-04-15")
    assert m.currency == "USD"
    assert isinstance(m.amount, Decimal)
    assert m.amount.quantize(D("0.1")) == D("708.0")
    assert m.amount == (D(5000) * D("1.0903") / D("7.6998")).quantize(m.amount)
    assert str(m) == "708.01 USD"
    assert m.rate.date == dt.date(2020, 4, 15)


def test_saturday_uses_friday():
    r = fxaudit.rate("USD", "CNY", "2020-04-18")
    assert r.date == dt.date(2020, 4, 17) and r.requested == dt.date(2020, 4, 18)
    assert r.is_fallback and r.display_value == D("7.0738")
    assert "no fixing on 2020-04-18" in str(r)


@pytest.mark.parametrize("day", ["2020-04-10", "2020-04-13"])  # Good Friday, Easter Monday
def test_easter_falls_back_to_maundy_thursday(day):
    r = fxaudit.rate("EUR", "USD", day)
    assert r.date == dt.date(2020, 4, 9)
    assert r.value == D("1.0867")


def test_fallback_is_bounded_and_configurable():
    strict = Rates(max_fallback_days=0)
    with pytest.raises(fxaudit.DateOutOfCoverageError, match="max_fallback_days"):
        strict.rate("USD", "CNY", "2020-04-18")
    assert Rates(max_fallback_days=1).rate("USD", "CNY", "2020-04-18").date == dt.date(2020, 4, 17)
    with pytest.raises(fxaudit.DateOutOfCoverageError):
        Rates(max_fallback_days=3).rate("USD", "CNY", "2020-04-13")
    with pytest.raises(fxaudit.InvalidArgumentError):
        Rates(max_fallback_days=-1)


def test_coverage_errors_at_both_ends():
    with pytest.raises(fxaudit.DateOutOfCoverageError, match="1999-01-04"):
        fxaudit.rate("USD", "JPY", "1998-12-31")
    last = bundled_table().last
    with pytest.raises(fxaudit.DateOutOfCoverageError, match=str(last)):
        fxaudit.rate("USD", "JPY", last + dt.timedelta(days=30))
    # CNY starts later than the table
    with pytest.raises(fxaudit.CurrencyNotAvailableError, match="2005-04-01"):
        fxaudit.rate("USD", "CNY", "2005-03-31")


def test_weekend_right_after_the_last_fixing_is_not_out_of_coverage():
    last = bundled_table().last
    assert last.weekday() == 4  # the bundled file ends on a Friday
    assert fxaudit.rate("EUR", "USD", last + dt.timedelta(days=2)).date == last
    with pytest.raises(fxaudit.DateOutOfCoverageError):
        fxaudit.rate("EUR", "USD", last + dt.timedelta(days=3))


def test_rub_after_suspension_is_an_error_not_a_clamp():
    assert fxaudit.rate("EUR", "RUB", "2022-03-01").value > 0
    with pytest.raises(fxaudit.CurrencyNotAvailableError, match="2022-03-01"):
        fxaudit.rate("EUR", "RUB", "2022-03-02")
    with pytest.raises(fxaudit.CurrencyNotAvailableError):
        fxaudit.convert(100, "RUB", "USD", "2023-06-01")


def test_currency_errors():
    with pytest.raises(fxaudit.UnknownCurrencyError, match="ISO 4217"):
        fxaudit.rate("USD", "XYZ", "2020-04-15")
    with pytest.raises(fxaudit.CurrencyNotAvailableError, match="do not include TWD"):
        fxaudit.rate("USD", "TWD", "2020-04-15")
    with pytest.raises(fxaudit.UnknownCurrencyError):
        fxaudit.rate(None, "USD", "2020-04-15")
    assert fxaudit.rate(" usd", "cny ", "2020-04-15").base == "USD"


@pytest.mark.parametrize("bad", ["15/04/2020", "2020-02-30", "yesterday", 20200415, None, 3.5, ""])
def test_bad_dates(bad):
    with pytest.raises(fxaudit.InvalidDateError):
        fxaudit.rate("USD", "CNY", bad)


def test_dates_as_datetime_and_iso_datetime():
    assert fxaudit.rate("USD", "CNY", dt.datetime(2020, 4, 15, 23, 0)).date == dt.date(2020, 4, 15)
    assert fxaudit.rate("USD", "CNY", "2020-04-15T08:00:00Z").date == dt.date(2020, 4, 15)


@pytest.mark.parametrize("bad", [1.5, "12,5", "abc", None, "NaN", "Infinity"])
def test_bad_amounts(bad):
    with pytest.raises(fxaudit.InvalidArgumentError):
        fxaudit.convert(bad, "USD", "CNY", "2020-04-15")


def test_every_error_is_an_fxaudit_error():
    for exc in (fxaudit.InvalidDateError, fxaudit.UnknownCurrencyError,
                fxaudit.DateOutOfCoverageError, fxaudit.CurrencyNotAvailableError,
                fxaudit.InvalidArgumentError, fxaudit.RateSourceError):
        assert issubclass(exc, fxaudit.FxauditError)


def test_significant():
    assert significant(D("20275.17")) == D("20275")
    assert significant(D("0.0000493287")) == D("0.000049329")
    assert significant(D("1.086")) == D("1.0860")


def test_bundled_file_is_sorted_and_matches_metadata():
    meta = fxaudit.rates.bundled_metadata()
    table = bundled_table()
    assert str(table.first) == meta["first_date"] == "1999-01-04"
    assert str(table.last) == meta["last_date"]
    assert len(table.dates) == meta["fixings"] > 7000
    assert table.dates == sorted(set(table.dates))
    assert [str(d) for d in table.coverage("RUB")] == meta["currencies"]["RUB"]


def test_build_script_is_deterministic(tmp_path):
    """Rebuilding from the bundled CSV reproduces the bundled gzip byte for byte."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    src = tmp_path / "eurofxref-hist.csv"
    text = gzip.decompress((root / "rates" / "ecb.csv.gz").read_bytes()).decode()
    src.write_text(text.replace("date,", "Date,", 1))
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run([sys.executable, str(root / "rates" / "build_ecb.py"), str(src), "--out", str(out)],
                   check=True, capture_output=True)
    assert (out / "ecb.csv.gz").read_bytes() == (root / "rates" / "ecb.csv.gz").read_bytes()


def test_build_script_rejects_garbage(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,USD,\n2020-04-15,-1.2,\n")
    res = subprocess.run([sys.executable, str(root / "rates" / "build_ecb.py"), str(bad),
                          "--out", str(tmp_path)], capture_output=True, text=True)
    assert res.returncode != 0 and "not a positive rate" in res.stderr


# --- properties -------------------------------------------------------------------

_table = bundled_table()
_always = ["USD", "JPY", "GBP", "CHF", "AUD", "CAD", "HKD", "SEK", "EUR"]
_codes = st.sampled_from(_always)
_days = st.dates(min_value=dt.date(1999, 1, 4), max_value=_table.last)


@settings(max_examples=200, deadline=None)
@given(_codes, _codes, _days)
def test_inverse_product_is_one(a, b, day):
    x = fxaudit.rate(a, b, day).value * fxaudit.rate(b, a, day).value
    assert abs(x - 1) < D("1e-20")


@settings(max_examples=200, deadline=None)
@given(_codes, _codes, _codes, _days)
def test_cross_rates_are_transitive(a, b, c, day):
    ab, bc, ac = (fxaudit.rate(x, y, day).value for x, y in ((a, b), (b, c), (a, c)))
    assert abs(ab * bc / ac - 1) < D("1e-20")


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=D("0.01"), max_value=D("1e15"), places=2), _codes, _codes, _days)
def test_round_trip_conversion(x, a, b, day):
    there = fxaudit.convert(x, a, b, day)
    back = fxaudit.convert(there.amount, b, a, day)
    assert abs(back.amount / x - 1) < D("1e-20")


def test_bundled_cny_agrees_with_the_federal_reserve_series():
    """Cross-check against the independent Fed H.10 series when ../shared is present."""
    import csv
    import statistics
    from pathlib import Path

    ref = Path(__file__).resolve().parents[2] / "shared" / "rates-reference" / \
        "DEXCHUS_fred_1981-01-02_2025-09-26.csv"
    if not ref.exists():
        pytest.skip("../shared/rates-reference not present")
    diffs = []
    with ref.open() as f:
        for row in csv.DictReader(f):
            day = dt.date.fromisoformat(row["date"])
            if day < dt.date(2005, 8, 1) or not row["dexchus"]:
                continue
            try:
                ecb = fxaudit.Rates(max_fallback_days=0).rate("USD", "CNY", day).value
            except fxaudit.RateNotAvailableError:
                continue
            diffs.append(abs(ecb / D(row["dexchus"]) - 1))
    assert len(diffs) > 4000
    assert statistics.median(diffs) < D("0.0005")
    assert sorted(diffs)[int(len(diffs) * 0.99)] < D("0.005")
