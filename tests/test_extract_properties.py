"""Property tests of :func:`fxaudit.extract` (Hypothesis).

(a) round trip: an amount formatted by babel (or by us, in English words and
    codes) and put into a sentence comes back as exactly that one mention;
(b) extract never raises on any text, and its mentions are sorted, disjoint and
    point at their own text;
(c) a number with no currency next to it is never a mention.

The round trip covers every locale/currency pair below. The renderings that
were once read back wrongly (trailing letter+sign symbols such as "5,00 CN¥",
French "5,00 £GB" and "5,00 $US", zh "¥5.00", and the English name "Russian
rubles") are pinned as explicit examples and cases so that every run checks them.
"""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_name,
    get_currency_precision,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fxaudit import extract

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# ---- (a) round trip ------------------------------------------------------------------

#: Currencies the lexicon resolves with no help from the text in every locale below.
CURRENCIES = ["EUR", "GBP", "JPY", "CNY", "INR", "CHF", "USD", "HKD", "KRW", "RUB"]
LOCALES = ["en", "en_GB", "en_IN", "de", "fr", "es", "it", "nl", "ja", "zh", "ru", "pt_BR",
           "de_CH"]

#: Renderings babel gives that the parser once read back wrongly, each checked on every run
#: (by @example below): trailing letter+sign symbols ("5,00 CN¥", "5,00 HK$", "5,00 US$"),
#: fr "5,00 £GB" and "5,00 $US" (letters after the sign; "$" in French is not fr_CA's CAD)
#: and zh "¥5.00" (CNY, not JPY).
ONCE_BAD = [("de", "CNY"), ("it", "CNY"), ("ru", "CNY"), ("de", "HKD"), ("ru", "HKD"),
            ("es", "USD"), ("fr", "GBP"), ("fr", "USD"), ("zh", "CNY")]
#: Not a quirk: JPY and KRW have no minor unit, so babel rounds the
#: amount half-even to a whole number ("¥0" for 0.01); the expected amount is babel's
#: rounded value, which the parser must read back exactly.

PROSE = [
    "The fine was {} on Monday.",
    "{} was raised by the charity.",
    "Officials said costs reached {}.",
    "He paid {}, then left the shop.",
    "According to the report, {} went missing",
    "价格：{}。",
]

PAIRS = [(loc, cur) for loc in LOCALES for cur in CURRENCIES]

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2,
                      allow_nan=False, allow_infinity=False)


def _rounded(amount: Decimal, code: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-get_currency_precision(code)),
                           rounding=ROUND_HALF_EVEN)


def _assert_one(text: str, surface: str, amount: Decimal, code: str, locale: str = "en") -> None:
    got = extract(text, locale=locale)
    summary = [(str(m.amount), m.currency, m.text) for m in got]
    assert len(got) == 1, f"{text!r} ({locale}): {summary}"
    (m,) = got
    assert m.amount == amount, f"{text!r} ({locale}): {summary}, expected {amount}"
    assert m.currency == code, f"{text!r} ({locale}): {summary}, expected {code}"
    assert m.text == surface.strip(), f"{text!r} ({locale}): {summary}, expected {surface!r}"
    assert text[m.start:m.end] == m.text


def _once_bad_examples(test):
    for pair in ONCE_BAD:
        for amount in ("5.00", "1234.56"):
            test = example(amount=Decimal(amount), pair=pair, prose=PROSE[0])(test)
    return test


@FAST
@_once_bad_examples
@given(amount=amounts, pair=st.sampled_from(PAIRS), prose=st.sampled_from(PROSE))
def test_babel_round_trip(amount, pair, prose):
    locale, code = pair
    formatted = format_currency(amount, code, locale=locale)
    _assert_one(prose.format(formatted), formatted, _rounded(amount, code), code, locale)


# own formats: English names, codes, "million"

def _number(amount: Decimal) -> str:
    return format_decimal(amount, format="#,##0.00", locale="en")


@FAST
@given(amount=amounts, code=st.sampled_from(CURRENCIES), prose=st.sampled_from(PROSE[:5]))
def test_english_plural_name_round_trip(amount, code, prose):
    surface = f"{_number(amount)} {get_currency_name(code, count=2, locale='en')}"
    _assert_one(prose.format(surface), surface, amount, code)


@FAST
@given(amount=amounts, code=st.sampled_from(CURRENCIES), prose=st.sampled_from(PROSE[:5]))
def test_english_display_name_round_trip(amount, code, prose):
    surface = f"{_number(amount)} {get_currency_name(code, locale='en')}"  # "5.00 Euro"
    _assert_one(prose.format(surface), surface, amount, code)


@FAST
@given(amount=amounts, code=st.sampled_from(CURRENCIES), prose=st.sampled_from(PROSE[:5]))
def test_code_before_number_round_trip(amount, code, prose):
    surface = f"{code} {_number(amount)}"
    _assert_one(prose.format(surface), surface, amount, code)


@FAST
@given(amount=amounts, code=st.sampled_from(CURRENCIES), prose=st.sampled_from(PROSE[:5]))
def test_number_before_code_round_trip(amount, code, prose):
    surface = f"{_number(amount)} {code}"
    _assert_one(prose.format(surface), surface, amount, code)


@FAST
@given(amount=amounts, code=st.sampled_from(CURRENCIES), prose=st.sampled_from(PROSE[:5]))
def test_million_plural_name_round_trip(amount, code, prose):
    surface = f"{_number(amount)} million {get_currency_name(code, count=2, locale='en')}"
    _assert_one(prose.format(surface), surface, amount * 10 ** 6, code)


#: 'Russian rubles' is also the CLDR English name of the pre-1998 RUR: the current RUB is
#: meant. Pinned here for every run; the name properties above sample RUB too.
@pytest.mark.parametrize("surface", ["1,234.56 Russian rubles", "1,234.56 Russian Ruble",
                                     "1,234.56 million Russian rubles"])
def test_english_name_russian_rubles(surface):
    amount = Decimal("1234.56") * (10 ** 6 if "million" in surface else 1)
    _assert_one(f"The fine was {surface} on Monday.", surface, amount, "RUB")


# ---- (b) never raises; the mentions are well formed ---------------------------------------

FRAGMENTS = ["$", "US$", "HK$", "€", "£", "¥", "￥", "₹", "Rs", "Rs.", "RMB", "USD", "CNY",
             "yuan", "dollars", "dlrs", "euros", "pounds", "cts", "p", "c", "k", "m", "bn",
             "million", "billion", "lakh", "crore", "mln", "thousand", "half a", "five", "a",
             "about", "up to", "between", "and", "to", "from", "minus", "-", "–", "/", "(",
             ")", " ", " ", " ", "\n", "\u00a0", "\u202f", ".", ",", "'", "元", "万", "亿",
             "人民币", "美元", "五千", "约", "超过", "多", "円", "0", "1", "5", "12", "700",
             "1,234", "5,000", "1.5", "2.5", "1'234.56", "12,34,567", "1 234,56", "3/4",
             "-1/2", "1.5798/808"]

texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(), max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=40).map("".join),
)


def _check_well_formed(text: str, mentions) -> None:
    assert isinstance(mentions, list)
    prev_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.start >= prev_end, "mentions overlap or are out of order"
        prev_end = m.end
        assert isinstance(m.amount, Decimal) and m.amount.is_finite()
        assert m.high is None or m.high > m.amount
        assert m.currency is None or (len(m.currency) == 3 and m.currency.isupper())
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


#: Texts ending right after a sign once gave Mention.end past the end of the text
#: ('0$' → end=7): pinned by the explicit examples below and by
#: test_extract.py::test_sign_at_end_of_text.


@example(text="0$")
@example(text="It cost 5 $")
@example(text="5 million $")
@example(text="0$US$0")  # the second amount's 'US$' reaches back over the first's end
@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_never_raises_and_well_formed(text):
    _check_well_formed(text, extract(text))


@example(text="Prix : 5 €", locale="fr")
@example(text="Der Preis beträgt 1.234,56 €", locale="de")
@settings(max_examples=150, deadline=None)
@given(text=texts, locale=st.sampled_from(LOCALES))
def test_never_raises_any_locale(text, locale):
    _check_well_formed(text, extract(text, locale=locale))


@settings(max_examples=100, deadline=None)
@given(text=texts, default=st.sampled_from(["HKD", "CAD", "INR", "CNY", "EUR"]))
def test_never_raises_with_default_currency(text, default):
    _check_well_formed(text, extract(text, default_currency=default))


@settings(max_examples=100, deadline=None)
@given(text=texts, end=st.sampled_from([".", " .", "\n", " today.", ";", ")", "x"]))
def test_well_formed_in_sentences(text, end):
    text += end
    _check_well_formed(text, extract(text))


# ---- (c) a number with no currency cue is never a mention -----------------------------------

#: Ordinary words: none is a currency name, symbol, code or subunit.
WORDS = ["people", "days", "cases", "tonnes", "percent", "miles", "shares", "votes", "years",
         "the", "officials", "said", "on", "Monday", "reported", "were", "and", "about",
         "more", "than", "over", "up", "to", "of", "new", "in", "village", "million", "billion",
         "thousand", "hospital", "patients", "kilometres", "hectares", "barrels", "a"]


def _fmt_int(n: int, style: int) -> str:
    return [str(n), f"{n:,}", f"{n:,}".replace(",", "\u00a0"), f"{n:,}".replace(",", "'")][style]


numbers = st.one_of(
    st.builds(_fmt_int, st.integers(0, 10 ** 12), st.integers(0, 3)),
    st.builds(lambda d: f"{d:,.2f}", st.decimals(0, 10 ** 9, places=2, allow_nan=False,
                                                 allow_infinity=False)),
    st.builds(lambda d: f"{d:.1f}", st.decimals(0, 1000, places=1, allow_nan=False,
                                                allow_infinity=False)),
)


@FAST
@given(before=st.lists(st.sampled_from(WORDS), max_size=5),
       nums=st.lists(numbers, min_size=1, max_size=3),
       after=st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
       end=st.sampled_from([".", "", ",", ";", " today."]))
def test_number_without_currency_is_not_money(before, nums, after, end):
    parts = before + [f"{n} {w}" for n, w in zip(nums, after)] + after[len(nums):]
    text = " ".join(parts) + end
    assert extract(text) == [], text


@FAST
@given(n=st.integers(0, 10 ** 9), word=st.sampled_from(WORDS[:9]),
       locale=st.sampled_from(LOCALES))
def test_locale_formatted_number_without_currency_is_not_money(n, word, locale):
    text = f"Officials reported {format_decimal(n, locale=locale)} {word} on Monday."
    assert extract(text, locale=locale) == [], text
