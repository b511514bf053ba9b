"""The scanner's shortcuts change no result.

For speed, ``extract`` (1) skips, inside the regex engine, numbers followed by a
word that never starts an amount ("5 pct", "5 mln shares") or by punctuation,
(2) reads the commonest shape ("5 dlrs", "5.5 mln dlrs") from the scan's own
match, (3) rules out ranges whose high end is no amount, and (4) reads a lone
number word and a plain currency name after it ("five cts", "one mln dlrs")
without the general regexes. The reference scanner (``fast=False``) does none
of this: every number goes through the general path. Both must give exactly
the same raw mentions on every text.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import fxaudit  # noqa: F401  (loads the module below)

X = sys.modules["fxaudit.extract"]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578.jsonl"


def raws(text: str, fast: bool, locale: str = "en") -> list[tuple]:
    return [(r.start, r.end, r.value, r.precision, r.note, r.unit, r.unit_text, r.scale, r.high,
             r.qualifier, r.qualifier_text) for r in X._Scanner(text, locale, fast=fast).scan()]


CASES = [
    # the fast path's own shapes
    "profit of 5 dlrs a share", "rose to 5.5 mln dlrs from 4.2 mln dlrs", "12 cts",
    "up to 5,000 yuan\nin cash", "net 1.2 billion\ndlrs", "500 yuan.", "500 yuan. Then",
    "about 700 euros, or", "3 billion yen)", "5 dlrs or more", "5 mln dlrs-denominated",
    "the 19 euro zone countries", "5 dlrs/oz", "5 dlrs.a.", "between 5 and 6 dlrs",
    "5 to 6 dlrs", "from 5 dlrs to 6 dlrs", "-5 dlrs", "minus 5 dlrs", "US$ 5 dlrs", "Rs 5 yuan",
    "at 5 p", "at 5 pence", "5 mln mln dlrs", "5 Dlrs", "5  dlrs", "5\u00a0dlrs",
    "5 cents", "5 cts\u0301", "5 dlrs\u2019", "(5 dlrs)", "5 dollars, about 35 yuan",
    # what the scan skips, and what it must not skip
    "5 pct", "$5 pct", "US$ 5 pct", "USD 5, and", "$5,", "5,", "5, dlrs", "1987, 5 dlrs",
    "5 mln shares", "5 mln. dlrs", "1,5 Mio. €", "5 billion.", "5 bn. dlrs", "5 mln vs 4 mln",
    "5-year bonds", "5-pct", "5 in dlrs", "Rs.5 pct", "kr 5 of", "€-5 pct", "£ - 5 in",
    "5 inches", "5 percentage", "5 per cent", "5 pct.a. dlrs", "5 Sales", "5 Revs", "5 R$",
    "5 ofdlrs", "5 pctdlrs", "5%", "5);", "5:30", "5;", "at 5",
    # ranges and fractions
    "3,000-5,000 yuan", "3,000 to 5,000 yuan", "3,000 to 5,000 tonnes", "5-6 pct", "5-6 dlrs",
    "9-1/2 cts", "9-1/2 pct", "12-3/8 to 13 dlrs", "04/09/87", "04/09/87 dlrs", "5/8/10 dlrs",
    "1.5798/808 dlrs", "1.5798/808 pct", "between 40 and 45 mln acres", "between $1m and $2m",
    "300,000 to 330,000 tonnes", "5 mln to 6 mln dlrs", "5 mln-6 mln dlrs", "5 - 6 yuan",
    "5-$6", "5 to $6", "1-1/2 to 15", "5-5-5-5-5 dlrs", "5/5/5/5 pct",
    # other locales' grouping
    "5 000 €", "$12 500", "in 2019 500 dollars", "5 100-yuan notes",
    # numbers in words
    "five cts", "said five cts", "one mln dlrs", "twenty-five cts", "twenty five cts", "and five cts",
    "a mln dlrs", "(five cts)", "-five cts", "five mln dlrs-denominated", "five dlrs.", "five dlrs.a.",
    "five mln zone dlrs", "five dlrs zone", "five mln\ndlrs", "five mln  dlrs", "five Dlrs", "one Mln dlrs",
    "ſix five cts", "xfive cts", "5five cts", "seventeenfive cts", "US$ five mln", "C$ five dlrs",
    "three to five billion dlrs", "one and a half mln dlrs", "half a mln dlrs", "a dollar-denominated",
]


@pytest.mark.parametrize("text", CASES)
def test_fast_scan_equals_reference(text):
    assert raws(text, True) == raws(text, False)


@pytest.mark.parametrize("locale", ["fr", "de", "de_CH", "en_IN", "zh"])
@pytest.mark.parametrize("text", ["5 000 € et 3 000 pct", "1.500 Euro, 5 dlrs", "2,5 Mio. €",
                                  "5 crore rupees, 5 pct", "5000元, 5 pct", "5'000 Fr. 5 pct"])
def test_fast_scan_equals_reference_in_other_locales(text, locale):
    assert raws(text, True, locale) == raws(text, False, locale)


PIECES = st.sampled_from([
    "5", "12", "1,500", "2.5", "04", "9", "1/2", "-", "/", " ", " ", " ", "\n", "\u00a0", "$", "US$",
    "Rs", "Rs.", "kr", "€", "¥", "USD", "RMB", "dlrs", "dlr", "cts", "yuan", "euros", "pct", "mln",
    "billion", "bn", "m", "k", "shares", "vs", "to", "and", "between", "from", "about", "or more",
    ",", ".", ";", ")", "(", "%", "per", "year", "-year", "U.S.", "Canadian", "Hong Kong", "dollars",
    "p", "pence", "Mio.", "zone", "S/", "B/.", "S/.", "five", "a", "half", "万", "元", "亿", "\u200b", "'", "’",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=14).map("".join))
def test_fast_scan_equals_reference_on_money_like_text(text):
    assert raws(text, True) == raws(text, False)


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpora not present")
def test_fast_scan_equals_reference_on_reuters():
    with CORPUS.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    differ = [i for i, text in enumerate(texts) if raws(text, True) != raws(text, False)]
    assert differ == []


def test_skip_words_are_checked_against_the_lexicon():
    t = X._tables("en")
    assert all(X._never_money(w, t.first_words, t.symbols) for w in X.NOT_MONEY_AFTER)
    for word in ("dlrs", "yuan", "mln", "to", "and", "USD", "Rs", "p", "US"):
        assert not X._never_money(word, t.first_words, t.symbols), word


@pytest.mark.parametrize("words", [["per", "pct", "percent"], ["a", "an", "and", "a half"], ["mln"],
                                   ["in", "inc", "i"], list(X.SCALES)])
def test_trie_matches_what_the_plain_alternation_matches(words):
    trie = re.compile(X._trie(words) + r"\b")
    plain = re.compile("(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")
    for probe in [*words, *(w + "x" for w in words), *(w[:-1] for w in words), "", "zzz"]:
        assert bool(trie.match(probe)) == bool(plain.match(probe)), probe
        assert bool(trie.fullmatch(probe)) == (probe in words), probe


WORD_PIECES = st.sampled_from(["one", "Two", "a", "an", "and", "half", "hundred", "thousand", "five",
                               "twenty", "-", " ", "\n", "(", ",", "x", "5", "about", "ONE", "Ninety"])


@settings(max_examples=500, deadline=None)
@given(st.lists(WORD_PIECES, max_size=20).map("".join), st.integers(0, 80))
@example("seventeen seventeen seventeen seventeen thousand", 49)  # the words start at 0, m == 49
def test_fast_number_word_search_equals_the_reference(text, cut):
    text = text + " "  # the words end where the scale or currency word would start
    m = min(len(text), cut)
    fast = X._NUMBER_WORDS_FAST.search(text, max(0, m - 49), m)
    if fast is not None and fast.start(1) < m - 48:
        fast = X._NUMBER_WORDS.search(text, m - 48, m)
    ref = X._NUMBER_WORDS.search(text, max(0, m - 48), m)
    assert (fast and fast.span(1)) == (ref and ref.span(1))


ASCII_PIECES = st.sampled_from(["5", "1,500", "2.5", " ", "\n", "\x1c", "\x1f", "\x0b", "$", "US$", "Rs.",
                                "dlrs", "mln", "pct", "shares", "to", "-", "/", ".", "_", "x", "A", "9_"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ASCII_PIECES, max_size=16).map("".join))
@example("5\x1cdlrs 5 \x1f pct")  # \x1c-\x1f are spaces to Unicode, not to re.ASCII
def test_ascii_scan_equals_the_unicode_scan_on_ascii_text(text):
    t = X._tables("en")

    def found(pattern):
        return [(m.span(), m.groups()) for m in pattern.finditer(text)]

    assert found(t.scan_ascii) == found(t.scan)


TRIGGER_PIECES = st.sampled_from(["one", "Two", "ONE", "a", "an", "half", "five", "Ninety", "million", "Million",
                                  "MLN", "mln", "dlrs", "cts", "thousand", "hundred", "euros", "s", "x", "5",
                                  " ", "  ", "\n", "(", "-", "\u2013", ",", "İ", "\u00a0"])


NUMBER_WORD_PIECES = st.sampled_from([
    "one", "Two", "five", "twenty", "seventeen", "a", "an", "and", "half", "said", "x", "ſ", "5", "mln", "Mln",
    "billion", "dlrs", "dlrs.", "cts", "yuan", "p", "pence", "zone", "shares", "US$", "$", "Canadian", "to",
    " ", " ", " ", "\n", "(", ")", "-", ".", ",", "'",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(NUMBER_WORD_PIECES, max_size=14).map("".join))
def test_fast_scan_equals_reference_on_numbers_in_words(text):
    assert raws(text, True) == raws(text, False)


@settings(max_examples=500, deadline=None)
@given(st.lists(TRIGGER_PIECES, max_size=24).map("".join))
@example("(five-million ONE MLN one\nmln x-a-mln")
@example("İ five million")  # lower() lengthens 'İ': the original pattern is used
def test_number_word_triggers_equal_the_original_pattern(text):
    found = [(m.span(), m.group(1)) for m in X._Scanner(text, "en")._word_triggers()]
    assert found == [(m.span(), m.group(1)) for m in X._WORD_TRIGGER.finditer(text)]


@pytest.mark.parametrize("word", [*X._SMALL, *X._TENS, "half", "a", "an", "hundred", "thousand", "and", "zero",
                                  "onee", "fiv", "sevent", "Eleven", "NINETY", "Half"])
def test_flat_trigger_knows_every_number_word_of_the_original(word):
    text = f"x {word} million, ({word}-dlrs"
    found = [(m.span(), m.group(1)) for m in X._Scanner(text, "en")._word_triggers()]
    assert found == [(m.span(), m.group(1)) for m in X._WORD_TRIGGER.finditer(text)]


MARKS = [(".", ","), (",", "."), (",", "\u202f"), (".", "’"), (",", "\u00a0"), (".", "'"), (",", " ")]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["1", "5", "0", "12", "234", "5678", ".", ",", "’", "'", "\u202f", "\u00a0", " ",
                                 "٥", "1" * 20]), min_size=1, max_size=8).map("".join).filter(lambda t: t[0].isdigit()),
       st.sampled_from(MARKS))
@example("1,234", (".", ","))
@example("1.234", (",", "."))
@example("12,34,567", (".", ","))
@example("1,5", (".", ","))
@example("1" * 20 + "." + "1" * 5, (".", ","))
def test_parse_number_shortcuts_equal_the_general_reading(token, marks):
    assert X.parse_number.__wrapped__(token, *marks) == X._parse_number(token, *marks)


DOLLARS = X._tables("en").names["dlrs"].codes
CUE_PIECES = st.sampled_from([
    "canada", "Canadian", "CANADA", "canadas", "hong", "kong", "Hong Kong", "hong  kong", "hong\nkong", "new",
    "zealand", "u.s.", "U.S.", "us$", "US$5", "c$", "nz$", "usd", "USD", "cad", "decade", "taiwan", "taipei",
    "washington", "federal reserve", "american", "australia", "sydney", "singapore", "5", "$", ".", ",", "-",
    "\"", "'", "(", " ", " ", "\n", "é", "x", "_",
])


def probed_counts(text: str, codes: tuple[str, ...]) -> dict[str, int]:
    """The cue counts by one substring probe per cue, as _Cues counted them before _cue_search."""
    lower, words = text.lower(), dict.fromkeys(codes, 0)
    for probe, group in X._cue_probes(codes):
        if probe in lower:
            for cue, code in group:
                words[code] += X._count_word(lower, cue) if cue in lower else 0
    return words


@settings(max_examples=500, deadline=None)
@given(st.lists(CUE_PIECES, max_size=16).map("".join))
@example("the Canadian and HONG KONG dollar, u.s. and US$5 (taiwan)")
def test_cue_search_counts_what_the_probes_count(text):
    assert X._cue_search(DOLLARS)[0] is not None  # the dollar family is searched in one pass
    cues = X._Cues(text, [], "en", None)
    cues._count(DOLLARS)
    assert {c: cues._words[c] for c in DOLLARS} == probed_counts(text, DOLLARS)


CHAIN_PIECES = st.sampled_from(["5", "11", "1,500", "2.5", "-", "/", " to ", " and ", "between ", "from ", " ", "\n",
                                "dlrs", " dlrs", " pct", " in", " mln", "$", "US$", "yuan", "1/2", "5/8", "-1/2"])


@settings(max_examples=500, deadline=None)
@given(st.lists(CHAIN_PIECES, max_size=16).map("".join))
@example("11-5/8 to 29-3/8 in and 5-1/2 dlrs")
@example("5-1/2 to 6-1/4 dlrs, 1-2-3-4-5-6-7 dlrs")
def test_the_quick_test_rejects_no_amount(text):
    """A number the quick test rules out is one the general path reads as nothing."""
    for fast in (True, False):
        sc = X._Scanner(text, "en", fast=fast)
        for m in X._NUM_REFERENCE.finditer(text):
            s, e = m.span(1)
            if not sc._may_be_money(s, m):
                assert sc._read(s, e, m.group(1)) is None, (text, s)
                f = X._FRACTION.match(text, e)
                if f and int(f.group(1)) < int(f.group(2)):
                    assert sc._read(s, f.end(), m.group(1), fraction=X.Decimal(f.group(1)) / X.Decimal(f.group(2))) is None
