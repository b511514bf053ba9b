"""Robustness: adversarial input, arbitrary Unicode, bad arguments (issue #7).

Nothing here measures time: each adversarial family checks the *result* on a
large input (1 MB where extract is fast on it, 100 KB where every number has to
be looked at closely); benchmarks/run.py shows how the time scales from 100 KB
to 1 MB. Hypothesis then throws arbitrary text and dates at extract and audit,
and the last part checks that bad arguments get an error that says what to do.

The bugs this suite found (absurdly long amounts, space-grouped numbers in an
English text, invisible marks inside numbers and before brackets, a zero source
amount) are fixed; their tests are at the end.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import pickle
from decimal import Decimal, InvalidOperation

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import fxaudit
from fxaudit import (
    FxauditError,
    InvalidArgumentError,
    InvalidDateError,
    UnknownCurrencyError,
    Verdict,
    audit,
    extract,
)

MB = 1_000_000
STORY = "A reward of 5,000 yuan (US$818) was offered."
DAY = "2020-04-15"


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _check_mentions(text: str, mentions: list) -> None:
    """Spans point at their own text, sorted, disjoint; amounts finite; ranges upwards."""
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.text, m
        assert m.start >= last_end, f"mentions overlap or are out of order at {m}"
        last_end = m.end
        assert isinstance(m.amount, Decimal) and m.amount.is_finite(), m
        assert m.precision > 0, m
        assert m.high is None or m.high > m.amount, m
        assert m.currency is None or (len(m.currency) == 3 and m.currency.isupper()), m


def _only_findings(report) -> list[tuple[str, str, str]]:
    return [(f.source.text, f.reported.text, f.verdict.value) for f in report.findings]


# ---- adversarial families -----------------------------------------------------------------


def test_a_megabyte_of_digits_is_no_money():
    digits = _repeat("1234567890", MB)
    assert extract(digits) == []
    # and an amount right after the run is still read, at the right place
    text = digits + " paid 5,000 yuan (US$818)"
    got = extract(text)
    assert [(m.text, m.start) for m in got] == [("5,000 yuan", MB + 6), ("US$818", MB + 18)]


def test_a_megabyte_of_dollar_signs():
    signs = "$" * MB
    assert extract(signs) == []
    got = extract(signs + "5")
    assert [(m.amount, m.currency, m.text, m.start) for m in got] == [(Decimal(5), "USD", "$5", MB - 1)]


def test_a_megabyte_of_digit_groups_with_trailing_separators():
    text = _repeat("1,000,", MB)
    assert extract(text) == []
    # one malformed 1 MB number followed by a currency word is no amount either
    assert extract(text + " yuan") == []


def test_a_megabyte_of_nested_parentheses_around_a_real_conversion():
    depth = MB // 2
    text = "(" * depth + STORY + ")" * depth
    report = audit(text, DAY)
    assert _only_findings(report) == [("5,000 yuan", "US$818", "inconsistent")]
    f = report.findings[0]
    assert text[f.reported.start:f.reported.end] == "US$818"
    assert f.source.start == depth + STORY.index("5,000")
    assert extract("(" * depth + ")" * depth) == []
    assert extract(")" * depth + "(" * depth) == []


@pytest.mark.parametrize("unit", ["dollars yuan euro ", "yuan", "US$ HK$ € £ ¥ ", "美元人民币欧元",
                                  "USD EUR CNY "])
def test_a_megabyte_of_currency_words_without_numbers(unit):
    assert extract(_repeat(unit, MB)) == []


@pytest.mark.parametrize("unit", ["million billion lakh crore ", "mln bln trillion ", "万亿千"])
def test_a_megabyte_of_scale_words_without_a_currency(unit):
    assert extract(_repeat(unit, MB)) == []


def test_number_words_and_scale_words_without_a_currency():
    # every "five million" is looked at closely: 200 KB
    assert extract(_repeat("five million half a billion ", 200_000)) == []


@pytest.mark.parametrize("unit", ["5 million ", "5-", "5 to ", "5/", "1 1/2 ", "-5 ", "5\n", "1 000 "])
def test_dense_numbers_without_a_currency(unit):
    # every number here passes the quick test and is read in full: 50 KB shows the result
    assert extract(_repeat(unit, 50_000)) == []


def test_dense_real_amounts_are_all_found():
    text = _repeat("$1 ", 60_000)
    got = extract(text)
    assert len(got) == 20_000
    assert {(m.amount, m.currency, m.text) for m in got} == {(Decimal(1), "USD", "$1")}
    _check_mentions(text, got)


def test_mixed_scripts_with_a_chinese_amount_inside():
    filler = _repeat("价格 цена 価格 سعر עברית ελληνικά हिन्दी 한국어 ไทย ", MB // 2)
    text = filler + "罚款5万元。" + filler
    got = extract(text)
    assert [(m.amount, m.currency, m.text) for m in got] == [(Decimal(50000), "CNY", "5万元")]
    assert got[0].start == len(filler) + 2
    assert text[got[0].start:got[0].end] == "5万元"


@pytest.mark.parametrize("mark", ["\x00", "\ufeff", "\u200b", "\u2060", "\u200e", "\u202e"])
def test_invisible_and_control_characters_around_amounts(mark):
    """Marks *around* an amount change nothing but the offsets."""
    text = f"{mark}A reward of {mark}5,000 yuan (US$818){mark} was offered.{mark}"
    report = audit(text, DAY)
    assert _only_findings(report) == [("5,000 yuan", "US$818", "inconsistent")]
    _check_mentions(text, list(report.mentions))
    big = _repeat(mark * 7 + "$500" + mark, 200_000)
    got = extract(big)
    assert got and {(m.amount, m.text) for m in got} == {(Decimal(500), "$500")}
    _check_mentions(big, got)


@pytest.mark.parametrize("mark", ["\x00", "\u200b", "\u2060", "\u00ad"])
def test_invisible_characters_inside_a_currency_word_hide_it(mark):
    """A currency word broken by a mark is not read (no mention rather than a guess); a symbol
    cut off from its country prefix is read alone."""
    assert extract(f"5,000 yu{mark}an") == []
    assert [(m.text, m.start) for m in extract(f"US{mark}$818")] == [("$818", 3)]


def test_lone_surrogates_do_not_crash():
    text = "\ud800" * 1000 + "$500" + "\udfff" + " 5,000 yuan (US$818) \udbff"
    report = audit(text, DAY)
    assert [m.text for m in report.mentions] == ["$500", "5,000 yuan", "US$818"]
    assert _only_findings(report) == [("5,000 yuan", "US$818", "inconsistent")]
    assert pickle.loads(pickle.dumps(report)) == report
    json.dumps(report.to_dict())  # ASCII-escaped: no encoding error
    assert extract(_repeat("\ud800\udfff", MB)) == []


def test_fullwidth_and_other_decimal_digits_read_as_numbers():
    assert [(m.amount, m.currency) for m in extract("$５００")] == [(Decimal(500), "USD")]
    assert [(m.amount, m.currency) for m in extract("٥٠٠٠ yuan")] == [(Decimal(5000), "CNY")]


def test_huge_and_tiny_numbers_are_not_amounts():
    """Over 24 digits, 10**21 or more, or a nonzero speck below 10**-12: an ID or noise, not money."""
    assert extract("$" + "9" * 5000) == []
    assert extract("$0." + "0" * 20 + "1") == []
    assert [m.amount for m in extract("$" + "9" * 20)] == [Decimal("9" * 20)]
    assert [m.amount for m in extract("$0.000000000001")] == [Decimal("1e-12")]


# ---- Hypothesis: arbitrary text and dates -------------------------------------------------

#: Pieces of money-like text, so that random texts reach the scanner's deeper paths.
PIECES = [
    *"0123456789", "5,000", "1.5", "1,000,", "3,000–5,000", "12,34,567", "1.234,56", "0.25", "5 000",
    "5\u202f000", "1'000", "５００", "$", "US$", "HK$", "€", "£", "¥", "₹", "Rs.", "RMB", "USD", "EUR",
    "CNY", " dollars", " dlrs", " yuan", " euros", " pounds", " yen", " cts", " stg", " rupees",
    " million", " mln", " billion", " bn", "m", "k", " lakh", " crore", " thousand",
    "五千", "万", "亿", "元", "美元", "人民币", "约合", "多", "about ", "nearly ", "up to ", "more than ",
    "between ", " and ", " to ", " or so", "from ", "five ", "half a ", "twenty-five ", "a ",
    " ", " ", "\n", "(", ")", "（", "）", "[", "]", "-", "–", "/", ",", ".", ";", "=",
    "\x00", "\ufeff", "\u200b", "\u00ad", "\ud800", "\u00a0", "The fine was ", " was offered.",
]
LOCALES = ["en", "en_IN", "en_AU", "de", "de_CH", "fr", "zh_CN", "ja", "ru"]

any_text = st.text(st.characters(), max_size=200)  # every code point, lone surrogates included
money_text = st.lists(st.sampled_from(PIECES) | st.text(st.characters(), max_size=3),
                      max_size=40).map("".join)
texts = any_text | money_text
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=texts, locale=st.sampled_from(LOCALES))
@example(text="\ud800$5\udfff", locale="en")
@example(text="5\u202f000 € (US$5,500)", locale="fr")
@example(text="0¹", locale="en")  # a digit that the number regex does not match, after a number
def test_extract_on_any_text(text, locale):
    got = extract(text, locale=locale)
    _check_mentions(text, got)
    assert pickle.loads(pickle.dumps(got)) == got


@SETTINGS
@given(text=texts, day=st.dates(), locale=st.sampled_from(LOCALES))
@example(text=STORY, day=dt.date(1998, 12, 31), locale="en")
@example(text=STORY, day=dt.date(9999, 12, 31), locale="en")
@example(text=STORY, day=dt.date(1, 1, 1), locale="en")
def test_audit_on_any_text_and_date(text, day, locale):
    """No exception for any text or any date: a date the rates do not cover makes the
    findings unverifiable (with the reason), it does not raise."""
    mentions = extract(text, locale=locale)
    report = audit(text, day, locale=locale)
    assert list(report.mentions) == mentions
    assert report.date == day
    covered = dt.date(1999, 1, 4) <= day <= fxaudit.rates.bundled_table().dates[-1]
    ids = {id(m) for m in report.mentions}
    for f in report.findings:
        assert id(f.source) in ids and id(f.reported) in ids
        assert f.source.end <= f.reported.start
        if f.verdict is Verdict.UNVERIFIABLE:
            assert f.reason
        else:
            assert covered, f"{f.verdict} for a date outside the rates: {day}"
            assert f.rate.date <= day and f.tolerance is not None
            assert f.deviation is None or f.deviation.is_finite()
    assert pickle.loads(pickle.dumps(report)) == report
    json.dumps(report.to_dict())


def test_dates_outside_coverage_make_findings_unverifiable():
    for day, words in [(dt.date(1998, 12, 31), "before"), (dt.date(2099, 1, 1), "after")]:
        (f,) = audit(STORY, day).findings
        assert f.verdict is Verdict.UNVERIFIABLE
        assert words in f.reason and "1999-01-04" in f.reason


# ---- bad arguments ---------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [extract, lambda t: audit(t, DAY)], ids=["extract", "audit"])
@pytest.mark.parametrize("text", [b"5,000 yuan", bytearray(b"5 yuan"), None, 5000, ["5 yuan"]],
                         ids=["bytes", "bytearray", "None", "int", "list"])
def test_text_that_is_not_str_is_a_type_error(fn, text):
    with pytest.raises(TypeError, match="needs text as str"):
        fn(text)


def test_bytes_get_told_to_decode():
    with pytest.raises(TypeError, match=r"decode"):
        extract(b"$5")


@pytest.mark.parametrize("date, phrase", [
    (None, "write it as|ISO string"),
    ("2020-13-45", "not a valid calendar date"),
    ("2020-02-30", "not a valid calendar date"),
    ("15/04/2020", "YYYY-MM-DD"),
    ("", "YYYY-MM-DD"),
    (20200415, "ISO string"),
    (2020.5, "ISO string"),
    (float("nan"), "ISO string"),
    (b"2020-04-15", "ISO string"),
])
def test_bad_dates(date, phrase):
    with pytest.raises(InvalidDateError, match=phrase):
        audit(STORY, date)


@pytest.mark.parametrize("code", ["ZZZ", "US", "", "dollar", 5, b"USD"])
def test_unknown_default_currency(code):
    with pytest.raises(UnknownCurrencyError, match=r"ISO 4217"):
        audit(STORY, DAY, default_currency=code)
    with pytest.raises(UnknownCurrencyError):
        extract(STORY, default_currency=code)


@pytest.mark.parametrize("name", ["hedge", "source_spread", "gross_threshold"])
@pytest.mark.parametrize("value", [-0.1, -1e-9, float("nan"), float("inf"), -float("inf"), 1, 1.5, 100,
                                   Decimal("NaN"), Decimal("-0.01"), "abc", None, True, 1 + 1j])
def test_absurd_tolerances(name, value):
    with pytest.raises(InvalidArgumentError, match=rf"{name} must be a (fraction from 0 to 1|number)"):
        audit(STORY, DAY, **{name: value})


@pytest.mark.parametrize("name", ["hedge", "source_spread", "gross_threshold"])
@pytest.mark.parametrize("value", [0, 0.5, "0.05", Decimal("0.999")])
def test_fractions_in_range_are_accepted(name, value):
    assert len(audit(STORY, DAY, **{name: value}).findings) == 1


@pytest.mark.parametrize("value", [-1, 31, 10**9, 2.5, "3", None, True, math.inf])
def test_bad_band_fixings(value):
    with pytest.raises(InvalidArgumentError, match="band_fixings must be an int from 0 to 30"):
        audit(STORY, DAY, band_fixings=value)


@pytest.mark.parametrize("locale", ["xx", "", "C", "../../etc/passwd", "x" * 1000, None, 5])
def test_bad_locale(locale):
    with pytest.raises(FxauditError, match=r"locale"):
        extract(STORY, locale=locale)
    with pytest.raises(InvalidArgumentError, match=r"CLDR locale|such as 'en'"):
        audit(STORY, DAY, locale=locale)


@pytest.mark.parametrize("rates", [5, "ecb", object()])
def test_rates_that_are_not_rates(rates):
    with pytest.raises(InvalidArgumentError, match=r"rates must be a fxaudit\.Rates"):
        audit(STORY, DAY, rates=rates)


def test_text_over_the_limit(monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("fxaudit.extract"), "MAX_TEXT_LENGTH", 100)
    with pytest.raises(InvalidArgumentError, match="split it into documents"):
        extract("x" * 101)


# ---- bugs this suite found, now fixed -------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("$1 trillion trillion trillion", [(Decimal(10) ** 12, "$1 trillion")]),  # scale words stop at 10**15
    ("$1" + "0" * 28, []),                                 # over 24 digits: an ID, not an amount
    ("10000000000000000000000000000 yuan", []),
    ("$0." + "0" * 40 + "1", []),
])
def test_E1_absurd_amounts_are_not_mentions(text, expected):
    got = extract(text)
    _check_mentions(text, got)
    assert [(m.amount, m.text) for m in got] == expected


@pytest.mark.parametrize("text, amount, surface", [
    ("a fine of 5 000 € was paid", Decimal(5000), "5 000 €"),
    ("12 500 dollars", Decimal(12500), "12 500 dollars"),
    ("1\u00a0000\u00a0000 yen", Decimal(1000000), "1\u00a0000\u00a0000 yen"),
    ("$5 000", Decimal(5000), "$5 000"),
    ("in 2019 500 dollars were paid", Decimal(500), "500 dollars"),   # two numbers
    ("he gave 5 100-yuan notes", Decimal(100), "100-yuan"),           # a count, then an amount
])
def test_E2_space_grouped_number_in_an_english_text(text, amount, surface):
    (m,) = extract(text)
    assert (m.amount, m.text) == (amount, surface)


@pytest.mark.parametrize("text, amount", [("$5\u200b00", 500), ("$5,\u200b000", 5000),
                                          ("€5\u00ad00", 500), ("$5\u2060,000", 5000)])
def test_E3_invisible_character_inside_a_number(text, amount):
    (m,) = extract(text)
    assert m.amount == amount and m.text == text and (m.start, m.end) == (0, len(text))


@pytest.mark.parametrize("mark", ["\u200b", "\u2060", "\ufeff"])
def test_A3_invisible_mark_in_the_gap_keeps_the_pair(mark):
    text = STORY.replace(" (", f" {mark}(")
    assert _only_findings(audit(text, DAY)) == [("5,000 yuan", "US$818", "inconsistent")]


def test_A1_a_zero_source_amount_is_unverifiable():
    (f,) = audit("0 yuan ($5)", DAY).findings
    assert f.verdict is Verdict.UNVERIFIABLE and "zero" in f.reason
    (f,) = audit("5 000 € (US$5,500)", DAY).findings
    assert f.verdict is Verdict.CONSISTENT


@pytest.mark.parametrize("text", ["5 yuan ($" + "9" * 29 + ")", "$0." + "0" * 40 + "1 (5 yuan)",
                                  "5 yuan ($" + "9" * 20 + ")"])
def test_A2_audit_survives_huge_and_tiny_amounts(text):
    report = audit(text, DAY)
    assert all(f.verdict is not Verdict.CONSISTENT for f in report.findings)
    json.dumps(report.to_dict())
