"""audit(): pairing, verdicts, tolerance, diagnosis, on texts written for these tests."""
import datetime as dt
import json
from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import fxaudit
from fxaudit import Severity, Verdict, audit
from fxaudit.audit import SOURCE_SPREAD
from fxaudit.cli import main

DAY = "2020-04-15"


def one(text, date=DAY, **kw):
    findings = audit(text, date, **kw).findings
    assert len(findings) == 1, findings
    return findings[0]


# --- the reference facts ------------------------------------------------------------

def test_818_is_gross_and_explained():
    f = one("A reward of 5,000 yuan (US$818) was offered.")
    assert f.verdict is Verdict.INCONSISTENT and f.severity is Severity.GROSS
    assert f.expected.quantize(D("0.01")) == D("708.01")
    assert f"{f.deviation:.3f}" == "0.155"
    assert f.implied_rate == D("0.1636")  # USD per CNY as written: 818 / 5000
    assert f.rate.date == dt.date(2020, 4, 15) and f.rate.display_value == D("0.14160")
    assert "15.5% too high" in f.explanation and "6.1125 CNY per USD" in f.explanation
    assert f.diagnosis.startswith("stale rate") and "2014-11" in f.diagnosis


def test_700_is_consistent_only_by_rounding():
    f = one("A reward of 5,000 yuan (700 USD) was offered.")
    assert f.verdict is Verdict.CONSISTENT and f.consistent_only_by_rounding
    assert f.tolerance.rounding == 100
    assert f.tolerance.accepted_low == 650 and f.tolerance.accepted_high == 750
    assert "nearest 100" in f.explanation


def test_425_is_consistent_outright():
    f = one("Tips are worth 3,000 yuan (US$425) each.")
    assert f.verdict is Verdict.CONSISTENT and not f.consistent_only_by_rounding
    assert f.tolerance.expected_low < D("424.8") < f.tolerance.expected_high


def test_tolerance_parts_and_band():
    f = one("A reward of 5,000 yuan (US$818) was offered.")
    t = f.tolerance
    # 3 fixings before the 15th: the 14th, then the 9th and 8th (no fixings at Easter)
    assert t.band_to == dt.date(2020, 4, 15) and t.band_from == dt.date(2020, 4, 8)
    assert t.source_spread == SOURCE_SPREAD == D("0.0036")
    assert t.rate_low <= f.rate.value <= t.rate_high
    assert t.accepted_low == D("817.5") and t.accepted_high == D("818.5")


# --- pairing -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "They paid 3,000 yuan (about $425) for it.",
    "They paid 3,000 yuan, or about $425, for it.",
    "They paid 3,000 yuan, roughly $425, for it.",
    "They paid 3,000 yuan, equivalent to $425, for it.",
    "They paid 3,000 yuan — about $425 — for it.",
    "They paid 3,000 yuan ($425) for it.",
    "They paid $425 (3,000 yuan) for it.",
    "他们支付了3000元（约合425美元）。",
    "They paid a 3,000-yuan fee (about $425) for it.",
    "They paid a 3,000-yuan entry fee ($425) for it.",
    "They paid 3,000 yuan a month ($425) for it.",
    "They paid 3,000 yuan per person (about $425) for it.",
])
def test_pairing_forms(text):
    f = one(text)
    assert {f.source.currency, f.reported.currency} == {"CNY", "USD"}
    assert f.verdict is Verdict.CONSISTENT


def test_ranges_on_both_sides():
    f = one("Fines of 3,000–5,000 yuan ($425–$708) apply.")
    assert f.source.high == 5000 and f.reported.high == 708
    assert f.verdict is Verdict.CONSISTENT
    bad = one("Fines of 3,000–5,000 yuan ($425–$818) apply.")
    assert bad.verdict is Verdict.INCONSISTENT and bad.reported.high == 818


def test_chain_checks_every_pair():
    report = audit("The bid was 20 billion euros ($21.8 billion, 17.5 billion pounds).", DAY)
    pairs = {(f.source.currency, f.reported.currency) for f in report}
    assert pairs == {("EUR", "USD"), ("EUR", "GBP"), ("USD", "GBP")}
    assert all(f.verdict is Verdict.CONSISTENT for f in report)


def test_chain_shows_the_odd_one_out():
    report = audit("The bid was 20 billion euros ($30 billion, 17.5 billion pounds).", DAY)
    verdicts = {(f.source.currency, f.reported.currency): f.verdict for f in report}
    assert verdicts[("EUR", "GBP")] is Verdict.CONSISTENT
    assert verdicts[("EUR", "USD")] is Verdict.INCONSISTENT
    assert verdicts[("USD", "GBP")] is Verdict.INCONSISTENT


@pytest.mark.parametrize("text", [
    "The fine was 5,000 yuan. Last year the city spent $818 on signs.",
    "The fine was 5,000 yuan and the shop earned $818 in tips.",
    "It cost 5,000 yuan (and 300 yuan more for delivery).",
    "Prices rose from 5,000 yuan to 6,000 yuan.",
    "They paid 3,000 yuan to the police (and $425 to a lawyer).",
    "A 3,000-yuan reward for tips (the police said) and $425 more.",
    "Farm aid costs 3,000 yuan a hectare ($425 an acre).",
])
def test_no_pairing_across_clauses_or_same_currency(text):
    assert audit(text, DAY).findings == ()


def test_repeated_figure_is_linked():
    report = audit("Informants get 3,000 yuan (US$425). Residents will collect about $425.", DAY)
    (f,) = report.findings
    assert len(f.repeats) == 1 and f.repeats[0].text == "$425"


def test_stated_rate_footnote():
    ok = one("The fund holds 2 billion rupees. ($1 = 76.0 Indian rupees)", "2020-04-15")
    assert ok.kind == "stated rate"
    assert ok.verdict is Verdict.CONSISTENT, ok.explanation
    bad = one("($1 = 6.11 yuan)")
    assert bad.kind == "stated rate" and bad.verdict is Verdict.INCONSISTENT
    assert "2014-11" in bad.diagnosis


# --- tolerance options ----------------------------------------------------------------

def test_hedge_widens_only_hedged_figures():
    hedged = "Tips are worth 3,000 yuan (about US$435) each."   # 2.4 % above 424.8
    plain = "Tips are worth 3,000 yuan (US$435) each."
    assert one(hedged).verdict is Verdict.CONSISTENT
    assert one(hedged).tolerance.hedge == D("0.03")
    assert one(plain).verdict is Verdict.INCONSISTENT
    assert one(hedged, hedge="0.01").verdict is Verdict.INCONSISTENT


def test_bound_on_the_amount_widens_nothing():
    f = one("Up to 5,000 yuan ($708) is on offer.")
    assert f.verdict is Verdict.CONSISTENT and f.tolerance.hedge == 0
    assert one("Up to 5,000 yuan ($730) is on offer.").verdict is Verdict.INCONSISTENT


def test_severity_threshold_is_configurable():
    f = one("Tips are worth 3,000 yuan (US$450) each.")   # +5.9 %
    assert f.severity is Severity.ERROR
    assert one("Tips are worth 3,000 yuan (US$450) each.", gross_threshold="0.05").severity is Severity.GROSS


def test_band_and_spread_each_widen_the_accepted_rates():
    # 5,000 CNY was 708.01 USD at the fixing of the 15th and 708.52 at the 14th's
    day_before = "It cost 5,000 yuan (US$708.52)."
    assert one(day_before, band_fixings=1, source_spread=0).verdict is Verdict.CONSISTENT
    assert one(day_before, band_fixings=0, source_spread=0).verdict is Verdict.INCONSISTENT
    # the spread alone: 708.01 × 1.0036 = 710.56
    assert one("It cost 5,000 yuan (US$710.50).", band_fixings=0).verdict is Verdict.CONSISTENT
    assert one("It cost 5,000 yuan (US$710.70).", band_fixings=0).verdict is Verdict.INCONSISTENT


# --- diagnosis ------------------------------------------------------------------------

@pytest.mark.parametrize("text,start", [
    ("A reward of 5,000 yuan (US$7,080) was offered.", "magnitude slip"),
    ("A reward of 5 million yuan (US$708) was offered.", "magnitude slip"),
    ("A reward of 5,000 yuan (US$35,310) was offered.", "inverted rate"),
    ("A reward of 5,000 yuan (US$5,488) was offered.", "another currency: the figure fits HKD"),
    ("A reward of 5,000 yuan (US$712) was offered.", "wrong date's rate"),
    ("A reward of 5,000 yuan (US$818) was offered.", "stale rate"),
    ("A reward of 5,000 yuan (US$1,999) was offered.", "no simple explanation"),
])
def test_diagnosis(text, start):
    f = one(text)
    assert f.verdict is Verdict.INCONSISTENT
    assert f.diagnosis.startswith(start), f.diagnosis


# --- unverifiable, never a crash -------------------------------------------------------

@pytest.mark.parametrize("text,date,reason", [
    ("It cost 100 rubles ($1.30).", "2023-04-14", "RUB"),
    ("It cost 5,000 yuan (US$818).", "1998-06-01", "before"),
    ("It cost 5,000 yuan (US$818).", "2099-01-01", "after"),
    ("It cost Rs 500 ($6.70).", DAY, "not certain"),
    ("It cost 5,000 yuan (NT$21,000).", DAY, "TWD"),
])
def test_unverifiable_with_reason(text, date, reason):
    f = one(text, date)
    assert f.verdict is Verdict.UNVERIFIABLE and reason in f.reason
    assert f.explanation.startswith("Cannot check")


@pytest.mark.parametrize("kw", [{"hedge": -0.1}, {"hedge": 2}, {"source_spread": "x"},
                                {"gross_threshold": float("nan")}, {"band_fixings": -1}])
def test_bad_options(kw):
    with pytest.raises(fxaudit.InvalidArgumentError):
        audit("5,000 yuan ($700)", DAY, **kw)


@pytest.mark.parametrize("date", ["15 April 2020", "2020-02-31", None, 20200415])
def test_bad_dates(date):
    with pytest.raises(fxaudit.FxauditError):
        audit("5,000 yuan ($700)", date)


def test_report_to_dict_is_json():
    report = audit("A reward of 5,000 yuan (US$818) was offered.", DAY)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["schema"] == "fxaudit.report/1"
    (f,) = data["findings"]
    assert f["verdict"] == "inconsistent" and f["severity"] == "gross"
    assert f["reported"]["amount"] == "818" and f["rate"]["date"] == "2020-04-15"
    assert D(f["expected"]) == report.findings[0].expected


# --- CLI ----------------------------------------------------------------------------------

def test_cli_audit_exit_codes(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("A reward of 5,000 yuan (US$818) was offered.")
    assert main(["audit", str(story), "--date", DAY]) == 1
    assert "INCONSISTENT" in capsys.readouterr().out
    assert main(["audit", str(story), "--date", DAY, "--no-fail"]) == 0
    story.write_text("A reward of 5,000 yuan (US$708) was offered.")
    assert main(["audit", str(story), "--date", DAY]) == 0
    assert main(["audit", str(story), "--date", "April"]) == 2
    assert main(["audit", str(tmp_path / "missing.txt"), "--date", DAY]) == 2


# --- properties -------------------------------------------------------------------------------

_PAIRS = [("CNY", "USD", "yuan", "US$"), ("EUR", "USD", "euros", "US$"), ("USD", "JPY", "dollars", "¥"),
          ("GBP", "EUR", "pounds sterling", "€"), ("USD", "CNY", "US dollars", "RMB ")]
_DAYS = st.dates(min_value=dt.date(2006, 1, 2), max_value=dt.date(2026, 10, 30))


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(_PAIRS), _DAYS, st.integers(1, 9_999_999), st.integers(-2, 3))
def test_true_conversion_rounded_any_way_is_consistent(pair, day, amount, places):
    src, dst, word, symbol = pair
    try:
        exact = fxaudit.convert(amount, src, dst, day).amount
    except fxaudit.RateNotAvailableError:
        assume(False)
    unit = D(1).scaleb(-places)
    shown = (exact / unit).quantize(D(1)) * unit
    assume(shown > 0)
    text = f"It cost {amount:,} {word} ({symbol}{shown:,f}) in all."
    f = one(text, day)
    assert f.verdict is Verdict.CONSISTENT, (text, f.explanation)


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(_PAIRS), _DAYS, st.integers(1000, 9_999_999), st.sampled_from([-1, 1]),
       st.floats(0.03, 0.5))
def test_perturbed_conversion_is_inconsistent(pair, day, amount, sign, off):
    src, dst, word, symbol = pair
    try:
        band = fxaudit.Rates().history(src, dst, day, 3)
    except fxaudit.RateNotAvailableError:
        assume(False)
    # beyond the band: off by 3-50 % from the band's edge, written to the cent
    edge = max(r.value for r in band) if sign > 0 else min(r.value for r in band)
    shown = (amount * edge * (1 + sign * D(str(off)))).quantize(D("0.01"))
    text = f"It cost {amount:,} {word} ({symbol}{shown:,f}) in all."
    f = one(text, day)
    assert f.verdict is Verdict.INCONSISTENT, (text, f.explanation)
