"""Find the monetary mentions in a text: amount, ISO currency, span, precision, qualifier.

    >>> from fxaudit import extract
    >>> [(m.amount, m.currency, m.text) for m in extract("a reward of 5,000 yuan (US$818)")]
    [(Decimal('5000'), 'CNY', '5,000 yuan'), (Decimal('818'), 'USD', 'US$818')]

How it works, and why it is fast: one regex finds the numbers (linear time)
and, in the same pass, skips those that cannot be amounts: no symbol can end
right before them and a word such as "pct", "shares" or "vs", or punctuation,
follows them. For each number left, a few anchored look-ups read what stands
right before it (a symbol or code: ``US$``, ``RMB``, ``Rs.``, ``人民币``) and
right after it (scale words, then a currency word, symbol or code) against the
lexicon (:mod:`fxaudit.lexicon`); the commonest shape ("5 dlrs", "5.5 mln
dlrs") is read straight from the scan's match. A number with no currency on
either side is never a mention. The shortcuts change no result: the tests
compare them with a reference scanner that reads every number the long way. Numbers written in words ("half a million dollars") and in
Chinese numerals (五千元) are looked for only when the text holds a scale word
or a Chinese currency character. Symbols and words that several currencies
share ("$", "¥", "dollars", "Rs") are decided once per text from its cues
(HK$, "yuan", "Hong Kong", ...) and its language; ``currency`` is ``None``
when the text does not decide, with the candidates kept.
"""
from __future__ import annotations

import os
import re
import string
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from .errors import InvalidArgumentError
from .locales import locale_info, normalize_locale
from .lexicon import (
    ATTACHED_SUBUNITS,
    CUED_SYMBOLS,
    CUES,
    WORDLIKE_CODES,
    Unit,
    lexicon,
)
from .money import iso_codes

__all__ = ["Mention", "Qualifier", "extract"]

#: Texts longer than this are refused (split them first): 50 MB.
MAX_TEXT_LENGTH = 50_000_000


class Qualifier(str, Enum):
    """How the writer qualified the amount."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    AT_LEAST = "at least"
    AT_MOST = "at most"


@dataclass(frozen=True)
class Mention:
    """One amount of money in a text.

    ``text[start:end]`` is the surface (amount, scale and currency; not the
    hedge word). ``amount`` is exact, in the currency's main unit ("25 cts" is
    0.25); for a range it is the low end and ``high`` the high end.
    ``precision`` is the rounding unit the writer used ("700" → 100,
    "1.52 billion" → 10,000,000, "708.00" → 0.01), ``precision_note`` says how
    it was read. ``currency`` is an ISO 4217 code, or ``None`` when the text
    does not decide between ``candidates``; ``evidence`` says how an ambiguous
    symbol or word was resolved.
    """

    amount: Decimal
    currency: str | None
    start: int
    end: int
    text: str
    precision: Decimal
    precision_note: str
    qualifier: Qualifier = Qualifier.EXACT
    qualifier_text: str | None = None
    high: Decimal | None = None
    unit_text: str = ""
    candidates: tuple[str, ...] = ()
    evidence: str | None = None

    @property
    def is_range(self) -> bool:
        return self.high is not None

    def __str__(self) -> str:
        amount = f"{self.amount:,}" + (f"–{self.high:,}" if self.high is not None else "")
        hedge = f"{self.qualifier.value} " if self.qualifier is not Qualifier.EXACT else ""
        return f"{hedge}{amount} {self.currency or '?'} ({self.text!r} at {self.start})"


# ---- patterns ----------------------------------------------------------------------

_SPACE_GROUP = "\u00a0\u202f\u2009 "
#: Longest number read as an amount (integer and decimal digits): longer ones are IDs.
MAX_DIGITS = 24
#: Largest product of scale words ("lakh crore", "万亿" are 10**12): "trillion trillion" stops.
MAX_SCALE = Decimal(10) ** 15
#: Amounts at or beyond this size, or nonzero below MIN_AMOUNT, are not money.
MAX_AMOUNT = Decimal(10) ** 21
MIN_AMOUNT = Decimal(10) ** -12
_WIDE = Context(prec=80, Emax=999_999, Emin=-999_999)
_ONE = Decimal(1)
_TEN = Decimal(10)
_CHAIN_DEPTH = 6  # how many numbers linked by '-', '/', 'to' the quick test follows ('11-5/8 to 29-3/8')
#: What may follow a currency name read by the fast path (anything else: the general path).
_FAST_END = frozenset(" \t\r\n,;:)]}\"'!?")
# a space-grouped number in a locale that groups with commas: "5 000 €", "$12 500"
_SPACED_TAIL = re.compile(r"(?:[ \u00a0\u202f\u2009]\d{3}(?!\d))+(?:[.,]\d+)?")
_SPACED_HEAD = re.compile(r"(?:^|(?<=[^\d.,'’]))\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})*[ \u00a0\u202f\u2009]$")
# invisible marks that may sit inside a number or between an amount and its bracket
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_RE = re.compile("[" + _INVISIBLE + "]")
_INVISIBLE_IN_NUMBER = re.compile("(?<=[\\d.,])[" + _INVISIBLE + "]+(?=[\\d.,])")
# digits, with separators that must be followed by digits: linear, no backtracking traps
_TOKEN = r"([^\W\d_]+(?:\.[^\W\d_])*|[^\s\x1c-\x1f])"  # [^\s\x1c-\x1f]: \S, alike under re.ASCII
# what follows a number, captured in the same pass for the quick test: an optional
# dash or slash (ranges, fractions), then up to two words or signs
_AFTER = (r"(?=[ \t\u00a0\u202f]{0,3}(?:\r?\n[ \t]{0,8})?([-‐–—~/]?)[ \t\u00a0\n]{0,3}" + _TOKEN
          + r"(?:[ \t\u00a0]{0,3}(?:\r?\n[ \t]{0,8})?-?" + _TOKEN + ")?)?")
_NUM_ONLY = re.compile(r"\d+(?:[.,'’]\d+)*")
# the scan without skipping anything: the reference the tests compare the fast scan with
_NUM_REFERENCE = re.compile(r"(\d+(?:[.,'’]\d+)*)" + _AFTER)
_NUM_REFERENCE_SPACED = re.compile(r"(\d+(?:[.,'’]\d+|[\u00a0\u202f\u2009 ]\d{3}(?!\d))*)" + _AFTER)
_NUM_ONLY_SPACED = re.compile(r"\d+(?:[.,'’]\d+|[\u00a0\u202f\u2009 ]\d{3}(?!\d))*")
# between the number, its scale words and its currency: spaces, one line break, one hyphen
_GAP = re.compile(r"[ \t\u00a0\u202f]{0,3}(?:\r?\n[ \t]{0,8})?(?:[-‐][ \t\u00a0]{0,2})?")
_WORD = re.compile(r"[^\W\d_]+(?:\.(?=[^\W\d_]\.)[^\W\d_])*\.?|[$€£¥￥₹₽₩₺₪₱฿₫₴₦]")
_NON_DIGIT = re.compile(r"[^\d]")
_DOLLAR_PREFIX = re.compile(r"(?:^|(?<=[^\w.]))(US|U\.S\.|HK|NZ|NT|A|C|S)[ \u00a0]?$")
_SPACE_DIGIT = re.compile(r"[ \u00a0]?\d")
_ATTACHED_SCALE = re.compile(r"(bn|mn|tn|m|k|b)(?![^\W\d_])", re.IGNORECASE)
_NAME_GAP = re.compile(r"[ \u00a0]|\r?\n[ \t]*")
_OF = re.compile(r"\s+of\b")
_CJK_NUM = re.compile(r"[〇零一二两三四五六七八九十百千万亿]+")
_CJK_CURRENCY_CHARS = "元円币镑圆块"

SCALES: dict[str, Decimal] = {
    "hundred": Decimal(100), "thousand": Decimal(10) ** 3, "thousands": Decimal(10) ** 3,
    "million": Decimal(10) ** 6, "millions": Decimal(10) ** 6, "mln": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6, "mio": Decimal(10) ** 6, "mrd": Decimal(10) ** 9, "billion": Decimal(10) ** 9,
    "billions": Decimal(10) ** 9, "bln": Decimal(10) ** 9, "bn": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12, "tn": Decimal(10) ** 12, "trn": Decimal(10) ** 12,
    "tln": Decimal(10) ** 12, "lakh": Decimal(10) ** 5, "lakhs": Decimal(10) ** 5,
    "lac": Decimal(10) ** 5, "lacs": Decimal(10) ** 5, "crore": Decimal(10) ** 7,
    "crores": Decimal(10) ** 7, "cr": Decimal(10) ** 7,
}
_ABBREVIATED = {"mio", "mln", "mn", "bn", "bln", "mrd", "tn", "trn", "cr"}
#: Words after a currency name that make it a name of something else: "the 19 euro zone
#: countries", "5,000 dollar-denominated bonds".
_NOT_AFTER = re.compile(r"[ -](?:zone|area|denominated|bloc|region|member|members)\b", re.IGNORECASE)
_NOT_AFTER_FIRST = frozenset("zadbrmZADBRM")

#: Words that show, right after a number, that it is no amount ('5 pct', '1987 vs', '30 days'),
#: unless a symbol stands before it. The scan regex skips such numbers without any Python
#: work; when the tables are built, each word is checked never to start a currency word,
#: symbol, code, scale or range ('to', 'and'), so skipping them changes no result.
NOT_MONEY_AFTER = (
    "pct", "percent", "per", "vs", "shares", "share", "tonnes", "tonne", "tons", "barrels", "bpd",
    "ounces", "ounce", "lbs", "kilos", "kg", "km", "miles", "feet", "acres", "hectares", "points",
    "point", "basis", "units", "people", "workers", "employees", "cars", "contracts", "lots",
    "times", "days", "day", "weeks", "week", "months", "month", "mths", "years", "year", "hours",
    "hrs", "minutes", "in", "from", "of", "at", "for", "on", "with", "by", "or", "as", "after",
    "was", "were", "is", "are", "will", "would", "the", "it", "that", "when", "against", "through",
    "under", "but", "had", "due", "compared", "Sales", "Revs", "Record", "NOTE", "Note", "Year",
    "Avg", "Shr", "Net", "net")

#: Scale letters only read when written against the number ("$5m", "€2.5bn", "5k").
ATTACHED_SCALES = {"m": Decimal(10) ** 6, "k": Decimal(10) ** 3, "b": Decimal(10) ** 9,
                   "bn": Decimal(10) ** 9, "mn": Decimal(10) ** 6, "tn": Decimal(10) ** 12}
CJK_SCALES = {"十": Decimal(10), "百": Decimal(100), "千": Decimal(1000), "万": Decimal(10) ** 4,
              "亿": Decimal(10) ** 8, "兆": Decimal(10) ** 12}

_HEDGES: list[tuple[str, Qualifier]] = [
    (w, Qualifier.APPROXIMATE) for w in (
        "about", "around", "roughly", "approximately", "approx.", "nearly", "almost", "some",
        "close to", "circa", "c.", "an estimated", "estimated", "about an", "roughly an",
        "just about", "~", "≈", "equivalent to about", "worth about", "or about", "or around",
        "or roughly", "or nearly", "or some")] + [
    (w, Qualifier.AT_LEAST) for w in (
        "more than", "over", "exceeding", "at least", "upwards of", "in excess of",
        "just over", "well over", "no less than", "not less than", "above", "or more than")] + [
    (w, Qualifier.AT_MOST) for w in (
        "up to", "at most", "less than", "under", "as much as", "no more than",
        "not more than", "just under", "below", "a maximum of", "or up to", "or less than")]
_HEDGE_WORDS = {w: q for w, q in _HEDGES}
_CJK_HEDGES = {"约合": Qualifier.APPROXIMATE, "约": Qualifier.APPROXIMATE, "近": Qualifier.APPROXIMATE,
               "大约": Qualifier.APPROXIMATE, "超过": Qualifier.AT_LEAST, "逾": Qualifier.AT_LEAST,
               "至少": Qualifier.AT_LEAST, "多达": Qualifier.AT_MOST, "不到": Qualifier.AT_MOST,
               "最多": Qualifier.AT_MOST, "高达": Qualifier.AT_MOST, "不超过": Qualifier.AT_MOST}
_HEDGE_ENDINGS = tuple(sorted(_HEDGE_WORDS, key=len, reverse=True))
_HEDGE_SIZES = tuple(sorted({len(w) for w in _HEDGE_WORDS}, reverse=True))
_HEDGES_BY_TAIL = {w[-3:]: tuple(v for v in _HEDGE_ENDINGS if v.endswith(w[-3:])) for w in _HEDGE_ENDINGS if len(w) >= 3}
_SHORT_HEDGES = tuple(w for w in _HEDGE_ENDINGS if len(w) < 3)
_CJK_HEDGE_ENDINGS = tuple(sorted(_CJK_HEDGES, key=len, reverse=True))
_CJK_HEDGE_LAST = frozenset(w[-1] for w in _CJK_HEDGES)
_TRAILING_HEDGE = re.compile(r"[ \t\u00a0]{1,2}(or more|or so|or less|plus)\b", re.IGNORECASE)
_TRAILING_FIRST = frozenset("oOpP \t\u00a0")
_TRAILING_Q = {"or more": Qualifier.AT_LEAST, "or so": Qualifier.APPROXIMATE,
               "or less": Qualifier.AT_MOST, "plus": Qualifier.AT_LEAST}
_RANGE_LINK = re.compile(
    r"[ \t\u00a0\n]{0,3}(?:(-to-|-|–|—|‐|~|～|/|至|到)|(to|and)\b)[ \t\u00a0\n]{0,3}")
_RANGE_FIRST_CHARS = set("-–—‐~～/至到ta")
_BETWEEN = re.compile(r"(?i)\bbetween[ \t\u00a0\n]{1,3}$")
_FROM = re.compile(r"(?i)(?<!ranging )(?<!ranged )(?<!range )(?<!varying )\bfrom[ \t\u00a0\n]{1,3}$")
_WEIGHT = re.compile(r"(?i)\bpounds?[ \n]+(?:of|per|a year|a day)\b|\b(?:per|a|each)[ \n]+pound\b|\blbs?\b")
_FRACTION = re.compile(r"[- ]([1-9]\d?)/(2|4|8|16|32|64)(?!\d)")
_MINUS = re.compile(r"(?i)(?:^|(?<=[\s(\[:=]))(-|−|minus |negative )$")

_SMALL = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])}
_TENS = {w: 10 * i for i, w in enumerate(
    ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]) if w != "_"}
# number words as a trie (one, t-wo/hree/en/..., f-our/ive/...): 50 MB/s instead of 12
_W = ("[Oo]ne|[Tt](?:wo|hree|en|welve|hirteen|wenty|hirty)|[Ff](?:our|ive|ourteen|ifteen|orty|ifty)|"
      "[Ss](?:ix|even|ixteen|eventeen|ixty|eventy)|[Ee](?:ight|leven|ighteen|ighty)|"
      "[Nn](?:ine|ineteen|inety)|[Hh]alf|an?")
_TRIGGER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                  "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                  "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "half", "a", "an")  # _W's
_U = ("[Hh]undred|[Tt]housand|[Mm]illion|[Bb]illion|[Tt]rillion|mln|bln|[Ll]akh|[Cc]rore|cts?|"
      "[Cc]ents?|dlrs?|[Dd]ollars?|[Pp]ence|[Pp]enny|yen|yuan|[Ee]uros?|[Pp]ounds?|stg|marks|francs|"
      "shillings|lire|guilders|rupees")
# a number word right before a scale or currency word; starting with a separator keeps it fast
_WORD_TRIGGER = re.compile(r"[ \n(\-](?:" + _W + r")[ \n-]((?:" + _U + r")s?)\b")
_WORD_TRIGGER_AT_START = re.compile(r"(?:" + _W + r")[ \n-]((?:" + _U + r")s?)\b")
_RANGE_ENDS = ("o", "O", "-", "–")  # what _WORD_RANGE's link ends in: 'to', '-', '–'
_WORD_RANGE = re.compile(r"(?i)(?:^|(?<=[^\w-]))([a-z]+|\d+(?:\.\d+)?)[ \n]+(?:to|-|–)[ \n]+$")
_CHAIN_WORDS = (
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "half", "and", "a half", "half a", "hundred", "thousand")
# the number words that end right before a scale or currency word: searched back from it
_NUMBER_WORDS = re.compile(r"(?i)(?:^|(?<=[^\w-]))((?:(?:" + "|".join(_CHAIN_WORDS) + r")[ \n-]){1,6})$")


# ---- number parsing -------------------------------------------------------------------

class _Num(NamedTuple):  # a tuple: cheaper to build than a frozen dataclass, hashable alike
    value: Decimal
    decimals: int | None      # digits after the decimal mark, None for a plain integer


def _valid_groups(groups: list[str]) -> bool:
    """Digit groups after the first must be 3 long (or 2s then a final 3: Indian style)."""
    if not 1 <= len(groups[0]) <= 3 or len(groups[-1]) != 3:
        return False
    middle = groups[1:-1]
    return all(len(g) == 3 for g in middle) or (len(groups[0]) <= 2 and all(len(g) == 2 for g in middle))


@lru_cache(maxsize=8192)
def parse_number(token: str, decimal_mark: str = ".", group_mark: str = ",") -> _Num | None:
    """Read a written number; ``None`` when it is malformed (an IP, a date, '1,2345').

    >>> parse_number("1.234,56", ",", ".").value
    Decimal('1234.56')
    >>> parse_number("12,34,567").value
    Decimal('1234567')
    """
    if token.isdigit():
        return _Num(Decimal(token), None)
    if decimal_mark != group_mark:  # the usual shapes, '5.5' and '1,234,567', read directly
        head, mark, tail = token.partition(decimal_mark)
        if mark and head.isdigit() and tail.isdigit():
            return _Num(Decimal(f"{head}.{tail}"), len(tail)) if len(head) + len(tail) <= MAX_DIGITS else None
        groups = token.split(group_mark)
        if len(groups[-1]) == 3 and all(g.isdigit() for g in groups):
            digits = "".join(groups)
            return _Num(Decimal(digits), None) if _valid_groups(groups) and len(digits) <= MAX_DIGITS else None
    return _parse_number(token, decimal_mark, group_mark)


def _parse_number(token: str, decimal_mark: str, group_mark: str) -> _Num | None:
    """parse_number for any shape (the tests compare parse_number's shortcuts with it)."""
    seps = [c for c in token if not c.isdigit()]
    if not seps:
        return _Num(Decimal(token), None)
    kinds = set(seps)
    spaced = {c for c in kinds if c in _SPACE_GROUP or c in "'’"}
    rest = kinds - spaced
    if len(rest) == 2:
        dec = max(rest, key=token.rfind)
    elif len(rest) == 1:
        (mark,) = rest
        tail = token.rsplit(mark, 1)[1]
        if spaced or seps.count(mark) == 1 and (len(tail) != 3 or mark == decimal_mark != group_mark
                                                 and mark != group_mark):
            dec = mark if seps.count(mark) == 1 else None
        else:
            dec = None
        if dec and len(tail) == 3 and not spaced and mark == group_mark:
            dec = None
    else:
        dec = None
    if dec is not None and seps.count(dec) != 1:
        return None
    int_part, _, frac = token.partition(dec) if dec else (token, "", "")
    groups = _NON_DIGIT.split(int_part)
    if len(groups) > 1 and not _valid_groups(groups):
        return None
    digits = "".join(groups)
    if len(digits) + len(frac) > MAX_DIGITS:
        return None  # an ID or a checksum, not an amount
    if dec:
        if not frac.isdigit():
            return None
        return _Num(Decimal(f"{digits}.{frac}"), len(frac))
    return _Num(Decimal(digits), None)


@lru_cache(maxsize=1024)
def _words_to_number(words: str) -> Decimal | None:
    """'five', 'twenty-five', 'half a', 'one and a half', 'two hundred' → a Decimal."""
    text = words.lower().replace("-", " ").split()
    if text in (["a"], ["an"]):
        return Decimal(1)
    if text[-2:] == ["half", "a"] and len(text) == 2:
        return Decimal("0.5")
    total, current, half = Decimal(0), Decimal(0), False
    for w in text:
        if w in _SMALL:
            current += _SMALL[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total += (current or 1) * 1000
            current = Decimal(0)
        elif w == "half":
            half = True
        elif w in ("a", "an") and not current and not total:
            current = Decimal(1)
        elif w in ("and", "a", "an"):
            continue
        else:
            return None
    value = total + current + (Decimal("0.5") if half else 0)
    return value or None


def _cjk_to_number(text: str) -> Decimal | None:
    """Chinese numerals: 五千 → 5000, 三万五千 → 35000, 十二亿 → 1200000000."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2})
    total, section, number = Decimal(0), Decimal(0), Decimal(0)
    for ch in text:
        if ch in digits:
            number = Decimal(digits[ch])
        elif ch in "十百千":
            section += (number or 1) * CJK_SCALES[ch]
            number = Decimal(0)
        elif ch in "万亿":
            total = (total + section + number) * CJK_SCALES[ch]
            section, number = Decimal(0), Decimal(0)
        else:
            return None
    value = total + section + number
    return value or None


# ---- the scanner -----------------------------------------------------------------------

@lru_cache(maxsize=8192)
def _norm(word: str) -> str:
    return word.lower().replace(".", "").replace("-", " ").replace("‐", " ")


@dataclass(frozen=True)
class _Tables:
    names: dict[str, Unit]          # normalised name -> Unit
    first_words: dict[str, int]     # first word of a name -> most words of names starting so
    symbols: dict[str, Unit]
    symbol_lengths: tuple[int, ...]
    cjk_keys: dict[str, Unit]       # CJK names and symbols, matched by prefix
    cjk_lengths: tuple[int, ...]
    lang: str
    prefix_last: dict[str, tuple[str, ...]]  # last character -> symbols ending in it
    symbol_first: frozenset[str]    # first characters of non-letter symbols
    mixed_first: frozenset[str]     # first characters of symbols of letters then a sign ('HK$', 'CN¥')
    fast_names: dict[str, Unit]     # one-word, lower-case names the scanner's fast path reads
    scan: re.Pattern                # the number scan (see _scan_patterns)
    scan_spaced: re.Pattern         # ... for locales that group digits with spaces
    scan_ascii: re.Pattern          # ``scan`` under re.ASCII, for ASCII texts: the same matches, faster


_tables_lock = threading.Lock()


@lru_cache(maxsize=32)
def _tables(lang: str) -> _Tables:
    with _tables_lock:
        lex = lexicon()
        names: dict[str, Unit] = {}
        for name, unit in lex.names_for(lang).items():
            names.setdefault(_norm(name), unit)
        first: dict[str, int] = {}
        for k in names:
            if k:
                words = k.split()
                first[words[0]] = max(first.get(words[0], 0), len(words))
        symbols = dict(lex.symbols)
        cjk = {k: u for k, u in names.items() if k and _is_cjk(k[0])}
        cjk.update({k: u for k, u in symbols.items() if _is_cjk(k[0])})
        cjk["元人民币"] = Unit(("CNY",), "name")
        cjk["多元"] = cjk["元"] = Unit(("CNY",), "name")
        prefix_last = _by_last_char(symbols)
        return _Tables(names, first, symbols,
                       tuple(sorted({len(s) for s in symbols}, reverse=True)), cjk,
                       tuple(sorted({len(k) for k in cjk}, reverse=True)), lang,
                       prefix_last,
                       frozenset(k[0] for k in symbols if not k[0].isalpha()),
                       frozenset(k[0] for k in symbols if len(k) > 1 and not k.rstrip(".").isalpha()),
                       _fast_names(names, first),
                       *_scan_patterns(symbols, [w for w in NOT_MONEY_AFTER if _never_money(w, first, symbols)]))


def _never_money(word: str, first: dict[str, int], symbols: dict[str, Unit]) -> bool:
    """True when ``word`` after a number can start no currency, scale or range (see _suffix)."""
    low = _norm(word)
    return (low not in first and low not in SCALES and low not in ATTACHED_SCALES
            and low not in ("to", "and") and low not in ATTACHED_SUBUNITS
            and not any(sym.startswith(word) for sym in symbols)
            and not (word[:3].isupper() and word[:3] in iso_codes()))


def _scan_patterns(symbols: Iterable[str], skip_words: Iterable[str]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The number scan (plain and space-grouped): a number, then what follows it (_AFTER).

    A number is skipped inside the regex engine when nothing that could be a currency
    symbol or code stands before it (within a space and a sign: the end of a symbol, or a
    capital letter) and a NOT_MONEY_AFTER word, a scale word and such a word ('5 mln
    shares'), or punctuation ('1987,' '5%') follows it. Only the first digit can start a
    number: not a digit after a digit or a separator.
    """
    # what may end a symbol or code: a capital (ISO codes, 'RM', 'NIS'), a sign ('$', '€'),
    # or the last two characters of a symbol ending in something else ('Rs', 'kr', 'Rs.', 'S/':
    # a slash or a full stop alone would keep every '1/4 pct' and '1987. 5 pct')
    ones = {sym[-1] for sym in symbols if len(sym) == 1 or sym[-1].isupper()
            or not sym[-1].isalpha() and sym[-1] not in "./"}
    twos = {sym[-2:] for sym in symbols if len(sym) > 1 and sym[-1] not in ones}
    one = "[A-Z" + "".join(re.escape(c) for c in sorted(ones)) + "]"
    two = "(?:" + "|".join(re.escape(t) for t in sorted(twos)) + ")"
    keep = "|".join(rf"(?<={end}{sep}\d)" for end in (one, two)
                    for sep in ("", "[ \u00a0\u202f]", "[-−]", "[-−][ \u00a0]"))
    gap = r"[ \t\u00a0\u202f]{0,3}(?:\r?\n[ \t]{0,8})?"
    # word lists as tries ('p(?:ct|er(?:cent)?)'): the engine tests one letter per branch
    word = rf"(?:[-‐][ \t\u00a0]{{0,2}})?{_trie(skip_words)}\b(?!\.[^\W\d_]\.)"
    skip = (rf"(?:[,.](?!\d)|[;:)%]|\Z|{gap}(?:{word}|{_trie(SCALES)}\b(?!\.[^\W\d_]\.)(?:[,;:)%]|{gap}{word})"
            rf"|{_trie(set(SCALES) - _ABBREVIATED)}\.(?!\d)))")
    out = []
    for rest in (r"\d*(?:[.,'’]\d+)*", r"\d*(?:[.,'’]\d+|[\u00a0\u202f\u2009 ]\d{3}(?!\d))*"):
        # the skip test looks after the whole number only; an atomic group (Python 3.11+)
        # spares the engine retrying it at every digit of a long one (no result depends on it)
        whole = f"(?>{rest})" if sys.version_info >= (3, 11) else rest
        out.append(re.compile(rf"(\d(?<!\d\d)(?<!\d[.,'’]\d)(?:(?!{whole}{skip})|{keep}){rest})" + _AFTER))
    # on ASCII text \d, \w and \b mean the same under re.ASCII, where the engine tests them
    # without a Unicode table look-up; a digit range is cheaper still than the \d category
    return out[0], out[1], re.compile(_digit_ranges(out[0].pattern), re.ASCII)


def _digit_ranges(pattern: str) -> str:
    """``pattern`` with each ``\\d`` spelled as the range 0-9 (the same under re.ASCII).

    >>> _digit_ranges(r"\\d+[.,\\d]")
    '[0-9]+[.,0-9]'
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            pair = pattern[i:i + 2]
            out.append(("0-9" if in_class else "[0-9]") if pair == "\\d" else pair)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            first = i + 2 if pattern.startswith("[^", i) else i + 1
            if pattern.startswith("]", first):  # '[]…]': a leading ']' is literal
                first += 1
            out.append(pattern[i:first])
            i = first
            continue
        if c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def _trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a regex trie: ['per', 'pct', 'percent'] → 'p(?:ct|er(?:cent)?)'.

    It matches what the plain alternation matches; the regex engine tests one character per
    branch instead of every word in turn.
    """
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + ("?" if "" in node else "")

    return "(?:" + emit(root) + ")"


_CHAIN_SET = frozenset(w for words in _CHAIN_WORDS for w in words.split())
_LOWER_WORD = re.compile(r"[a-z]+(?![^\W\d_])")  # a whole word of a-z only


@lru_cache(maxsize=1024)
def _words_amount(value: Decimal, scale: Decimal, divisor: int, written: str) -> tuple[Decimal, Decimal, str]:
    """(amount, precision, note) of an amount in words: 'five' 'mln' in a currency of 1/``divisor``."""
    precision, note = _precision_of(_Num(_plain(value * scale), None), _ONE, divisor, written, "")
    return _plain(value * scale / divisor), precision, note + " (in words)"


# _WORD_TRIGGER on a flattened copy (lower case; line breaks, '(' and '-' made spaces) so that
# the pattern opens with a literal space, which the engine finds with a tight loop, and the
# number words form a trie: a superset of _WORD_TRIGGER's matches, each checked against it
# on the original text
_FLAT_TRIGGER = re.compile(" " + _trie(_TRIGGER_WORDS) + " ((?:"
                           + re.sub(r"\[([A-Z])[a-z]\]", lambda m: m.group(1).lower(), _U) + r")s?)\b")

# the same, twice as fast: the separator before the words is matched, not looked behind,
# so the engine tries only after spaces and signs, and the words form a trie
_NUMBER_WORDS_FAST = re.compile(r"(?i)(?:^|[^\w-])((?:" + _trie(_CHAIN_WORDS) + r"[ \n-]){1,6})$")


def _fast_names(names: dict[str, Unit], first: dict[str, int]) -> dict[str, Unit]:
    """Names the fast path may read as they stand: 'dlrs', 'yuan', 'cts' (not 'p', not 'mln')."""
    return {k: u for k, u in names.items()
            if k.isascii() and k.isalpha() and k.islower() and first.get(k) == 1
            and k not in SCALES and k not in ATTACHED_SUBUNITS and u.kind in ("name", "family", "subunit")}


def _by_last_char(symbols: dict[str, Unit]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {c: [] for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}  # ISO codes
    for sym in symbols:
        out.setdefault(sym[-1], []).append(sym)
    return {c: tuple(v) for c, v in out.items()}


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


@dataclass(slots=True)
class _Raw:
    """A mention before its currency is decided."""

    start: int
    end: int
    value: Decimal
    precision: Decimal
    note: str
    unit: Unit
    unit_text: str
    scale: Decimal
    high: Decimal | None = None
    qualifier: Qualifier = Qualifier.EXACT
    qualifier_text: str | None = None


def _prefix_symbol(text: str, s: int, t: _Tables, floor: int = 0) -> tuple[int, Unit, str] | None:
    """A symbol or ISO code written right before position ``s`` ('US$', 'RMB ', '人民币')."""
    k = s
    if k > floor and text[k - 1] in " \u00a0\u202f":
        k -= 1
    if k <= floor:
        return None
    syms = t.prefix_last.get(text[k - 1])
    if syms is None:
        return None  # no symbol ends in that character, and it is no capital (no ISO code)
    for n in t.symbol_lengths if text.endswith(syms, 0, k) else ():
        if n > k - floor:
            continue
        cand = text[k - n:k]
        unit = t.symbols.get(cand)
        if unit is None:
            continue
        if cand[0].isascii() and cand[0].isalpha() and k - n > 0 and text[k - n - 1].isalpha():
            continue  # 'Yrs 5' is not 'Rs 5'
        start = k - n
        if cand == "$":  # "US $ 412,000", "HK $5"
            m = _DOLLAR_PREFIX.search(text[max(0, start - 6):start])
            if m:
                full = m.group(1) + "$"
                return start - len(m.group(0)), t.symbols.get(full.replace(" ", "")) or t.symbols[
                    {"U.S.$": "US$"}.get(full, full)], text[start - len(m.group(0)):k]
        return start, unit, cand
    # an ISO code: 'USD 5,000', 'CNY5,000'
    if k - floor >= 3:
        code = text[k - 3:k]
        if (code.isupper() and code.isalpha() and code in iso_codes() and code not in WORDLIKE_CODES
                and (k == 3 or not text[k - 4].isalpha())):
            return k - 3, Unit((code,), "code"), code
    return None


def _symbol_at(text: str, p: int, t: _Tables) -> int | None:
    """Position after a currency symbol that starts at ``p`` ('$', 'US$ '), if any."""
    for n in t.symbol_lengths:
        cand = text[p:p + n]
        if len(cand) == n and cand in t.symbols:
            return p + n + (text[p + n:p + n + 1] == " ")
    return None


def _cjk_unit(text: str, p: int, t: _Tables) -> tuple[int, Unit, str] | None:
    for n in t.cjk_lengths:
        cand = text[p:p + n]
        if len(cand) == n and cand in t.cjk_keys:
            return p + n, t.cjk_keys[cand], cand
    return None


@dataclass(slots=True)
class _After:
    """What follows a number: scale words, then perhaps a currency."""

    scale: Decimal
    scale_words: list[str]
    scale_end: int              # end of the number and its scale words
    unit: Unit | None = None
    unit_text: str = ""
    end: int = 0                # end of the currency word, when there is one
    more: bool = False          # Chinese 多: "5000多元" is more than 5,000


def _followed_by_number(text: str, p: int) -> bool:
    return bool(_SPACE_DIGIT.match(text, p))


def _suffix(text: str, e: int, t: _Tables, attached_ok: bool) -> _After:
    """Read the scale words and the currency written after position ``e``."""
    after = _After(Decimal(1), [], e)
    pos, n = e, len(text)
    # scale letters against the number: $5m, €2.5bn, 5k
    if attached_ok and pos < n and text[pos].isalpha():
        m = _ATTACHED_SCALE.match(text[pos:pos + 3])
        if m:
            after.scale *= ATTACHED_SCALES[m.group(1).lower()]
            after.scale_words.append(m.group(1))
            pos += m.end()
    if pos < n and _is_cjk(text[pos]):  # 5万元, 1.2亿元人民币, 5000多元
        while pos < n and text[pos] in "千万亿兆":
            after.scale *= CJK_SCALES[text[pos]]
            after.scale_words.append(text[pos])
            pos += 1
        if pos < n and text[pos] == "多":
            after.more, pos = True, pos + 1
        after.scale_end = pos
        hit = _cjk_unit(text, pos, t)
        if hit:
            after.end, after.unit, after.unit_text = hit
        return after
    while True:  # scale words: "2.5 lakh crore", "5-million"
        g = _GAP.match(text, pos)
        w = _WORD.match(text, g.end())
        if not w or _norm(w.group(0)) not in SCALES or after.scale * SCALES[_norm(w.group(0))] > MAX_SCALE:
            break
        word = w.group(0).rstrip(".")
        after.scale *= SCALES[_norm(word)]
        after.scale_words.append(word)
        pos = g.end() + len(word)
    after.scale_end = pos
    if text.startswith(". ", pos) and after.scale_words and _norm(after.scale_words[-1]) in _ABBREVIATED:
        pos += 1  # "1,5 Mio. €": the stop belongs to the abbreviation
    start = _GAP.match(text, pos).end()
    if start >= n:
        return after
    ch = text[start]
    if _is_cjk(ch):
        hit = _cjk_unit(text, start, t)
        if hit:
            after.end, after.unit, after.unit_text = hit
        return after
    if not ch.isalnum():  # 5 €, 5€
        for k in t.symbol_lengths:
            cand = text[start:start + k]
            if len(cand) == k and cand in t.symbols and not cand[0].isalpha():
                after.end, after.unit, after.unit_text = start + k, t.symbols[cand], cand
                return after
        return after
    for k in t.symbol_lengths if ch in t.mixed_first else ():  # letters then a sign: "5,00 CN¥", "5,00 HK$"
        cand = text[start:start + k]
        if k > 1 and len(cand) == k and cand in t.symbols and not cand.isalpha() \
                and not cand.rstrip(".").isalpha() and (start + k == n or not text[start + k].isalnum()):
            after.end, after.unit, after.unit_text = start + k, t.symbols[cand], cand
            return after
    code = text[start:start + 3]
    if (code.isupper() and len(code) == 3 and code in iso_codes() and code not in WORDLIKE_CODES
            and (start + 3 == n or not text[start + 3].isalnum())):
        after.end, after.unit, after.unit_text = start + 3, Unit((code,), "code"), code
        return after
    # currency names of several words: "yuan", "Hong Kong dollars", "U.S. dlrs"
    w = _WORD.match(text, start)
    first = _norm(w.group(0)) if w else ""
    most = t.first_words.get(first)
    if not most:
        return after
    words, norms = [w], [first]
    while len(words) < most:
        gap = _NAME_GAP.match(text[words[-1].end():words[-1].end() + 10])
        w = _WORD.match(text, words[-1].end() + gap.end()) if gap else None
        if not w:
            break
        words.append(w)
        norms.append(_norm(w.group(0)))
    for k in range(len(words), 0, -1):
        unit = t.names.get(" ".join(norms[:k]))
        if unit is None:
            continue
        end = words[k - 1].end()
        last = words[k - 1].group(0)
        if last.endswith(".") and "." not in last[:-1]:
            end -= 1  # the full stop after 'dlrs' ends the sentence
        if unit.kind == "subunit" and norms[k - 1] in ATTACHED_SUBUNITS and start != e:
            return after  # 'p' and 'c' only written against the number: 695p
        if _NOT_AFTER.match(text, end):
            return after
        after.end, after.unit, after.unit_text = end, unit, text[start:end]
        return after
    return after


def _precision_of(num: _Num, scale: Decimal, divisor: int, token: str, scale_text: str) -> tuple[Decimal, str]:
    """The rounding unit the writer used, and a note on how it was read."""
    if num.decimals is not None:
        unit = _DECIMAL_UNITS[num.decimals] if num.decimals < len(_DECIMAL_UNITS) else _ONE.scaleb(-num.decimals)
        how = f"{num.decimals} decimal{'s' if num.decimals > 1 else ''} written"
    else:
        digits = str(num.value)
        zeros = len(digits) - len(digits.rstrip("0")) if num.value else 0
        unit = _POWERS_OF_TEN[zeros] if zeros < len(_POWERS_OF_TEN) else _TEN ** zeros
        how = (f"read as rounded to the {_unit_shown(unit)[1]} ({zeros} trailing zero{'s' if zeros > 1 else ''};"
               " it may also be exact)") if zeros else "a whole number"
    if scale != 1:
        how += f", times '{scale_text}'"
    if divisor != 1:
        how += f", in 1/{divisor} units"
    unit, shown = _unit_shown(unit * scale / divisor)
    return unit, f"'{token}': {how}: ±½ of {shown}"


_DECIMAL_UNITS = tuple(_ONE.scaleb(-d) for d in range(MAX_DIGITS + 1))  # 1, 0.1, 0.01, ...
_POWERS_OF_TEN = tuple(_TEN ** z for z in range(MAX_DIGITS + 1))  # 1, 10, 100, ...
_precision = lru_cache(maxsize=8192)(_precision_of)


@lru_cache(maxsize=1024)
def _unit_shown(unit: Decimal) -> tuple[Decimal, str]:
    """A rounding unit without exponent, and as shown in notes: there are few of them."""
    return _plain(unit), _fmt(unit)


@lru_cache(maxsize=8192)
def _fast_amount(token: str, dec: str, grp: str, scale_text: str, divisor: int
                 ) -> tuple[Decimal, Decimal, str] | None:
    """(value, precision, note) of '5.5' 'mln' in a currency of 1/``divisor`` units; one cache look-up."""
    num = parse_number(token, dec, grp)
    if num is None:
        return None
    scale = SCALES[scale_text] if scale_text else _ONE
    value = num.value if scale is _ONE and divisor == 1 else _plain(num.value * scale / divisor)
    return (value, *_precision_of(num, scale, divisor, token, scale_text))


def _plain(d: Decimal) -> Decimal:
    """1E+3 → 1000, 1500000000.0 → 1500000000, 0.250 → 0.25: no exponent, no trailing zeros."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1), context=_WIDE)
    return d.normalize(context=_WIDE)


def _sane(value: Decimal) -> bool:
    """Within what any currency amount can be: below 10**21, and not a nonzero speck."""
    v = abs(value)
    return v < MAX_AMOUNT and (v >= MIN_AMOUNT or not v)


def _fmt(d: Decimal) -> str:
    d = _plain(d)
    return f"{d:,}" if d >= 1 else format(d, "f")


class _Scanner:
    def __init__(self, text: str, locale: str, fast: bool = True, lower: str | None = None):
        self.text = text
        self.lower = text.lower() if lower is None else lower
        self.same_length = len(self.lower) == len(text)  # lower() can lengthen 'İ'
        info = locale_info(locale)
        self.lang, self.dec, self.grp = info.language, info.decimal_mark, info.group_mark
        self.t = _tables(self.lang)
        self.spaced = spaced = self.grp in _SPACE_GROUP
        if fast:
            self.scan_re = self.t.scan_spaced if spaced else self.t.scan_ascii if text.isascii() else self.t.scan
        else:  # the reference: every number read by the general path (tests compare the two)
            self.scan_re = _NUM_REFERENCE_SPACED if spaced else _NUM_REFERENCE
        self.num_re = _NUM_ONLY_SPACED if spaced else _NUM_ONLY
        self.fast = fast

    def scan(self) -> list[_Raw]:
        text, out = self.text, []
        last_end = 0
        fast_names, fast, spaced = self.t.fast_names, self.fast, self.spaced
        for m in self.scan_re.finditer(text):
            s, e = m.span(1)
            if s < last_end:
                continue
            word = m.group(3)
            if fast and (word in fast_names or word in SCALES):  # never a digit: no space group
                raw = self._read_fast(s, e, m, word, last_end)
                if raw is not None:
                    out.append(raw)
                    last_end = raw.end
                    continue
            if not spaced and text[e:e + 1] in _SPACE_GROUP and text[e + 1:e + 2].isdigit():
                raw = self._space_grouped(s, e, m.group(1), last_end)
                if raw is not None:
                    out.append(raw)
                    last_end = raw.end
                    continue
            if not self._may_be_money(s, m):
                continue
            raw = self._read(s, e, m.group(1), floor=last_end)
            if raw is None and "/" in text[e:e + 4]:
                f = _FRACTION.match(text, e)
                if f and int(f.group(1)) < int(f.group(2)):
                    raw = self._read(s, f.end(), m.group(1), floor=last_end,
                                     fraction=Decimal(f.group(1)) / Decimal(f.group(2)))
            if raw is not None:
                out.append(raw)
                last_end = raw.end
        if not text.isascii() and any(ch in text for ch in _CJK_CURRENCY_CHARS):
            out += self._scan_cjk_numerals()
        out += self._scan_number_words()
        # in order, without overlaps: a sign or symbol read before a number can reach back
        # over the amount before it ('0$US$0')
        out.sort(key=lambda r: (r.start, -r.end))
        kept, last_end = [], -1
        for r in out:
            if r.start >= last_end:
                kept.append(r)
                last_end = r.end
        return kept

    def _read_fast(self, s: int, e: int, m: re.Match, word: str, floor: int) -> _Raw | None:
        """The commonest shape, '5 dlrs', '12 cts', '5.5 mln dlrs', read from the scan's match.

        ``None`` when the text is not exactly a number, one space (or line break), perhaps
        a scale word and one space, then a one-word lower-case currency name (no symbol before it);
        :meth:`_read` then reads it in full. Both give the same mention: the tests run
        every case through both paths.
        """
        text, t = self.text, self.t
        if m.start(3) != e + 1 or text[e] not in " \n":  # (so no dash either: m.group(2) is '')
            return None
        unit = t.fast_names.get(word)
        if unit is not None:
            scale, scale_text, end = _ONE, "", m.end(3)
        elif word in SCALES and m.start(4) == m.end(3) + 1 and text[m.end(3)] in " \n":
            scale, scale_text, end = SCALES[word], word, m.end(4)
            unit = t.fast_names.get(m.group(4))
            if unit is None:
                return None
        else:
            return None
        nxt = text[end:end + 1]
        if nxt and nxt not in _FAST_END and (nxt != "." or text[end + 1:end + 2].isalpha()):
            return None  # 'dlrs-denominated', 'yuan/tonne', 'euro’s': the general path decides
        if nxt == " " and text[end + 1:end + 2] in _NOT_AFTER_FIRST and _NOT_AFTER.match(text, end):
            return None
        if s > floor and not text[s - 1].isdigit():  # a symbol or code before the number?
            k = s - 1 if text[s - 1] in " \u00a0\u202f" else s
            syms = t.prefix_last.get(text[k - 1]) if k > floor else None
            if syms is not None and (text.endswith(syms, 0, k) or text[k - 1].isupper()) \
                    and _prefix_symbol(text, s, t, floor):
                return None
        read = _fast_amount(m.group(1), self.dec, self.grp, scale_text, unit.divisor)
        if read is None:
            return None
        raw = _Raw(s, end, read[0], read[1], read[2], unit, m.group(4) if scale_text else word, scale)
        if text[s - 1:s] != " " or text[s - 2:s - 1] in "sSeE":  # a sign, or 'minus 5', 'negative 5'
            self._negative(raw)
        after = text[end:end + 6].lstrip()
        if after and after[0] in _RANGE_FIRST_CHARS:  # '5 dlrs to 6 dlrs', '5 mln-6 mln dlrs'
            self._range_second(raw)
        self._hedge(raw)
        return raw

    def _space_grouped(self, s: int, e: int, token: str, floor: int) -> _Raw | None:
        """'5 000 €', '$12 500' in a text whose locale groups digits with commas."""
        if not token.isdigit() or len(token) > 3:
            return None  # 'in 2019 500 dollars' is two numbers
        tail = _SPACED_TAIL.match(self.text, e)
        if tail is None or self.text[tail.end():tail.end() + 1] in ("-", "‐"):
            return None  # '5 100-yuan notes': a count, then an amount
        return self._read(s, tail.end(), self.text[s:tail.end()], floor=floor)

    def _may_be_money(self, s: int, nx: re.Match, depth: int = 0) -> bool:
        """A quick test that rules out most numbers (years, counts, '5 mln shares') cheaply.

        ``False`` only when :meth:`_read` would find no mention at ``s``. A number followed by
        a range or a fraction ('3,000-5,000', 'to 5,000', '9-1/2') passes when the number
        after it passes (looked at up to _CHAIN_DEPTH deep): '5-1/2 pct', '300,000 to 330,000 tonnes'
        and '11-5/8 to 29-3/8 in' do not.
        """
        text, t = self.text, self.t
        if s:
            k = s - 1 if text[s - 1] not in " \u00a0" or s < 2 else s - 2
            if text[k] in "-−" and k:  # -$5: the sign stands before the symbol
                k -= 1
            c = text[k]
            syms = t.prefix_last.get(c)
            if syms is not None and (text.endswith(syms, 0, k + 1)
                                     or c.isupper() and text[max(0, k - 2):k + 1] in iso_codes()):
                return True
        tok = nx.group(3)
        if not tok:
            return False
        if tok[0].isdigit():  # 3,000-5,000 yuan; 32-1/2 cts; 1.5798/808 dlrs; not 04/09/87
            f = _FRACTION.match(text, nx.end(1)) if text[nx.end(1):nx.end(1) + 1] in ("-", " ") else None
            if f is not None:  # '5-1/2 pct', '5 1/2 dlrs' (5.5 dlrs): what follows the fraction decides
                return not text.startswith("/", _NUM_ONLY.match(text, f.start(2)).end()) \
                    and self._next_may_be_money(f.start(2), depth)  # (not '5-1/2/87')
            dash = nx.group(2)
            if not dash or dash == "/" and text.startswith("/", _NUM_ONLY.match(text, nx.start(3)).end()):
                return False  # '5 6', '04/09/87'
            return self._next_may_be_money(nx.start(3), depth)
        if not tok[0].isalpha():
            return tok[0] in t.symbol_first
        low = _norm(tok)
        if low in SCALES or low in ATTACHED_SCALES or low in ("to", "and"):
            nxt = nx.group(4)  # '5 mln dlrs' yes, '5 mln shares' no, '5 to 10 dlrs' look further
            if not nxt:
                return False
            if nxt[0] == ".":  # '1,5 Mio. €'; but not '5 billion.'
                return low in _ABBREVIATED and text.startswith(". ", nx.end(3))
            if nxt[0].isdigit():
                return self._next_may_be_money(nx.start(4), depth)
            if not nxt[0].isalpha():
                return nxt[0] in t.symbol_first or nxt[0] in "-–—/"
            low = _norm(nxt)
            if low in SCALES or low in ("to", "and"):
                return True
        return (low in t.first_words or low in ATTACHED_SUBUNITS or _is_cjk(tok[0])
                or (len(tok) <= 3 and tok.isupper()))

    def _next_may_be_money(self, p: int, depth: int) -> bool:
        """The quick test for the number at ``p``, the high end of a range or a fraction."""
        if depth >= _CHAIN_DEPTH:
            return True
        nx = self.scan_re.match(self.text, p)  # None: skipped by the scan ('5-6 pct')
        return nx is not None and self._may_be_money(p, nx, depth + 1)

    def _read(self, s: int, e: int, token: str, floor: int = 0,
              allow_range: bool = True, fraction: Decimal | None = None) -> _Raw | None:
        text, t = self.text, self.t
        num = parse_number(token, self.dec, self.grp)
        if num is None:
            return None
        if fraction is not None:  # 32-1/2 cts
            num = _Num(num.value + fraction, len(str(fraction)) - 2)
            token = text[s:e]
        pre = _prefix_symbol(text, s, t, floor) if s > floor and not text[s - 1].isdigit() else None
        af = _suffix(text, e, t, attached_ok=True)
        unit, unit_text, start, end = af.unit, af.unit_text, s, af.end
        if unit is not None and (unit.kind in ("symbol", "code") or unit_text.isupper()) \
                and _followed_by_number(text, af.end):
            unit = None  # "5,000 USD 5,000": that code opens the next amount
        if pre is not None:
            start = pre[0]
            if unit is None or unit.kind == "subunit" or not set(unit.codes) & set(pre[1].codes):
                unit, unit_text, end = pre[1], pre[2], af.scale_end
            elif len(pre[1].codes) < len(unit.codes):
                unit, unit_text = pre[1], pre[2]  # "US$5 dollars": the symbol is more specific
        if unit is None:
            if allow_range:  # "3,000–5,000 yuan": the low end takes the high end's currency
                return self._range_first(s, e, num, af)
            return None
        value = _plain(num.value * af.scale / unit.divisor) if af.scale != 1 or unit.divisor != 1 else num.value
        precision, note = _precision(num, af.scale, unit.divisor, token, " ".join(af.scale_words))
        raw = _Raw(start, end, value, precision, note, unit, unit_text, af.scale)
        if af.more:
            raw.qualifier, raw.qualifier_text = Qualifier.AT_LEAST, "多"
        self._negative(raw)
        if allow_range:
            self._range_second(raw)
        self._hedge(raw)
        return raw

    def _negative(self, raw: _Raw) -> None:
        """'-$5', '−5 dlrs', 'minus 5 dlrs', 'Negative 5 yuan': a sign or word right before."""
        text, s = self.text, raw.start
        c = text[s - 1:s]
        if c == " ":  # the usual case: rule the words out by their letters, without a regex
            if text[s - 6:s - 1].lower() != "minus" and text[s - 9:s - 1].lower() != "negative":
                return
        elif c not in "-−\n":  # (the regex's '$' also matches before a final line break)
            return
        m = _MINUS.search(text, max(0, s - 9), s)
        if m:
            raw.value = -raw.value
            raw.start = m.start(1)

    def _range_first(self, s: int, e: int, num: _Num, af: _After) -> _Raw | None:
        """'3,000–5,000 yuan', '3,000 to $5,000': a low end with no currency of its own."""
        text = self.text
        link = _RANGE_LINK.match(text, af.scale_end)
        if not link or link.group(2) == "and" and not _BETWEEN.search(text, max(0, s - 12), s):
            return None
        if _FROM.search(text, max(0, s - 20), s):
            return None  # "rose from 5 to 6 dlrs": a change; only '6 dlrs' names a currency
        m = self.num_re.match(text, link.end())
        if m and link.group(1) == "/" and num.decimals:
            return self._forex_quote(s, num, m, af)
        if not m:
            sym = _symbol_at(text, link.end(), self.t)
            m = self.num_re.match(text, sym) if sym else None
        if not m:
            return None
        high = self._read(m.start(), m.end(), m.group(0), floor=link.end(), allow_range=False)
        if high is None:
            return None
        scale = af.scale if af.scale_words else high.scale
        low = _plain(num.value * scale / high.unit.divisor)
        if not low < high.value:
            return None
        raw = _Raw(s, high.end, low, high.precision, high.note, high.unit, high.unit_text,
                   high.scale, high=high.value)
        self._negative(raw)
        self._hedge(raw)
        return raw

    def _forex_quote(self, s: int, num: _Num, m: re.Match, af: _After) -> _Raw | None:
        """Dealers' bid/offer shorthand: '1.5798/808 dlrs' is 1.5798 to 1.5808."""
        tail = m.group(0)
        if not tail.isdigit() or len(tail) > num.decimals:
            return None
        bid = str(num.value)
        offer = Decimal(bid[:len(bid) - len(tail)] + tail)
        high = self._read(m.start(), m.end(), tail, floor=m.start(), allow_range=False)
        if high is None or offer <= num.value:
            return None
        precision, note = _precision(num, Decimal(1), high.unit.divisor, bid, "")
        raw = _Raw(s, high.end, num.value / high.unit.divisor, precision, note + " (bid/offer quote)",
                   high.unit, high.unit_text, Decimal(1), high=offer / high.unit.divisor)
        self._hedge(raw)
        return raw

    def _range_second(self, raw: _Raw) -> None:
        """Extend a mention into a range: '$5-10 million', 'between $1m and $2m'."""
        text = self.text
        nxt = text[raw.end:raw.end + 6].lstrip()
        if not nxt or nxt[0] not in _RANGE_FIRST_CHARS:
            return  # the usual case, without a regex: a comma, a full stop, a word, the end
        link = _RANGE_LINK.match(text, raw.end)
        if not link:
            return
        between = _BETWEEN.search(text, max(0, raw.start - 12), raw.start)
        if link.group(2) == "and" and not between:
            return
        p = link.end()
        if text.startswith(raw.unit_text, p) and raw.unit_text and not raw.unit_text[0].isalpha():
            p += len(raw.unit_text) + (text[p + len(raw.unit_text):p + len(raw.unit_text) + 1] == " ")
        m = self.num_re.match(text, p)
        second = parse_number(m.group(0), self.dec, self.grp) if m else None
        if second is None:
            return
        af = _suffix(text, m.end(), self.t, attached_ok=True)
        if af.unit is not None and not set(af.unit.codes) & set(raw.unit.codes):
            return
        if _FROM.search(text, max(0, raw.start - 20), raw.start) or link.group(1) == "/" and af.unit is None:
            return  # "fell from 600 mln dlrs to 230 mln dlrs" is a change, not a range
        if af.scale_words and raw.scale == 1:  # "$5-10 million": one scale for both ends
            raw.value = _plain(raw.value * af.scale)
            raw.precision = _plain(raw.precision * af.scale)
            raw.scale = af.scale
        scale = af.scale if af.scale_words else raw.scale
        high = _plain(second.value * scale / raw.unit.divisor)
        if high <= abs(raw.value):
            return
        raw.high = high
        raw.end = af.end if af.unit is not None else af.scale_end

    def _hedge(self, raw: _Raw) -> None:
        """The qualifier written before ("about $425", "约700美元") or after ("or more")."""
        if raw.qualifier is not Qualifier.EXACT:
            return
        text, s, lower = self.text, raw.start, self.lower
        if s > 4 and text[s - 1] in " \n" and text[s - 2] not in " \t\u00a0\n" and self.same_length \
                and not lower.endswith(_HEDGES_BY_TAIL.get(lower[s - 4:s - 1], ()), 0, s - 1) \
                and not lower.endswith(_SHORT_HEDGES, 0, s - 1):
            pass  # the usual case, one space after a word that ends no hedge ('of', 'to'): nothing before
            # (_hedge_before's own first test, inlined: calling it for every amount cost 1.5 %)
        elif self._hedge_before(raw):
            return
        if text[raw.end:raw.end + 1] == " " and text[raw.end + 1:raw.end + 2] in _TRAILING_FIRST:
            m = _TRAILING_HEDGE.match(text, raw.end)
            if m:
                raw.qualifier, raw.qualifier_text = _TRAILING_Q[m.group(1).lower()], m.group(1)

    def _hedge_before(self, raw: _Raw) -> bool:
        """The hedge written before the mention, if any, set on ``raw``; ``True`` if found."""
        text = self.text
        first = max(0, raw.start - 26)
        if self.same_length:  # the usual case: look in the lower-cased text
            window = self.lower[first:raw.start].rstrip(" \t\u00a0\n")
            if window.endswith(_HEDGES_BY_TAIL.get(window[-3:], ())) \
                    or window.endswith(_SHORT_HEDGES):  # a dict look-up rules out most mentions
                p = first + len(window)
                for size in _HEDGE_SIZES:  # longest first: 'up to' before 'to'
                    cut = p - size
                    if cut >= first and window[cut - first:] in _HEDGE_WORDS \
                            and (cut == first or not window[cut - first - 1].isalnum()):
                        raw.qualifier, raw.qualifier_text = _HEDGE_WORDS[window[cut - first:]], text[cut:p]
                        return True
        else:  # lower() lengthens some characters ('İ'): compare the window's own tail
            window = text[first:raw.start].rstrip(" \t\u00a0\n")
            for word in _HEDGE_ENDINGS:
                cut = len(window) - len(word)
                if cut >= 0 and window[cut:].lower() == word and (cut == 0 or not window[cut - 1].isalnum()):
                    raw.qualifier, raw.qualifier_text = _HEDGE_WORDS[word], window[cut:]
                    return True
        if text[raw.start - 1:raw.start] in _CJK_HEDGE_LAST and text.endswith(_CJK_HEDGE_ENDINGS, 0, raw.start):
            for word in _CJK_HEDGE_ENDINGS:
                if text.endswith(word, 0, raw.start):
                    raw.qualifier, raw.qualifier_text = _CJK_HEDGES[word], word
                    return True
        return False

    def _scan_cjk_numerals(self) -> list[_Raw]:
        out = []
        for m in _CJK_NUM.finditer(self.text):
            token = m.group(0)
            core = token.rstrip("千万亿")  # 五千万元: the scale characters go to the suffix
            core = token[:len(core) + 1] if core != token and token[len(core)] == "千" and not core.endswith(
                tuple("十百")) else core
            value = _cjk_to_number(core) if core else None
            if value is None:
                continue
            af = _suffix(self.text, m.start() + len(core), self.t, False)
            if af.unit is None:
                continue
            amount = _plain(value * af.scale / af.unit.divisor)
            precision, note = _precision(_Num(value, None), af.scale, af.unit.divisor, token,
                                         " ".join(af.scale_words))
            raw = _Raw(m.start(), af.end, amount, precision, note, af.unit, af.unit_text, af.scale)
            if af.more:
                raw.qualifier, raw.qualifier_text = Qualifier.AT_LEAST, "多"
            self._hedge(raw)
            out.append(raw)
        return out

    def _word_triggers(self) -> list[re.Match]:
        """The matches of _WORD_TRIGGER, found by a faster pattern on a flattened copy.

        No two matches can overlap (no scale or currency word is also a number word), so
        checking each hit of the superset where it starts finds them all.
        """
        text = self.text
        if not self.same_length:  # lower() lengthened a character ('İ'): offsets would differ
            return list(_WORD_TRIGGER.finditer(text))
        flat = self.lower.replace("\n", " ").replace("(", " ").replace("-", " ")
        hits = []
        for h in _FLAT_TRIGGER.finditer(flat):
            m = _WORD_TRIGGER.match(text, h.start())
            if m is not None:
                hits.append(m)
        return hits

    def _lone_number_word(self, ns: int) -> bool:
        """True when the number word at ``ns`` follows no other number word ('said five cts'),
        so that it alone is what _NUMBER_WORDS_FAST would find; ``False`` also when unsure."""
        if ns == 0:
            return True
        c = self.text[ns - 1]
        if c != " " and c != "\n":
            return c == "("  # '-': 'twenty-five', or no amount at all; the regex decides
        tail = self.text[max(0, ns - 11):ns - 1]
        run = tail[len(tail.rstrip(string.ascii_letters)):]  # the word before, if ASCII letters
        before = tail[-len(run) - 1] if len(run) < len(tail) else ""
        return before.isascii() and run.lower() not in _CHAIN_SET  # 'ſix' folds to 'six'

    def _plain_suffix(self, p: int, word: str) -> _After | None:
        """What _suffix reads at ``p`` for its commonest shapes, 'dlrs' and 'mln dlrs' (a
        one-word lower-case name, as the fast path reads it); ``None`` for anything else."""
        text, names = self.text, self.t.fast_names
        end = p + len(word)
        if word in SCALES:
            if text[end:end + 1] != " ":
                return None
            w = _LOWER_WORD.match(text, end + 1)
            name = w.group() if w else ""
            unit, after = names.get(name), _After(SCALES[word], [word], end)
            start = end + 1
        else:
            name, unit, after, start = word, names.get(word), _After(_ONE, [], p), p
        if unit is None or name[0] in self.t.mixed_first:
            return None
        after.end = start + len(name)
        nxt = text[after.end:after.end + 1]
        if nxt and nxt not in _FAST_END and (nxt != "." or text[after.end + 1:after.end + 2].isalpha()):
            return None
        if nxt == " " and text[after.end + 1:after.end + 2] in _NOT_AFTER_FIRST and _NOT_AFTER.match(text, after.end):
            return None
        after.unit, after.unit_text = unit, name
        return after

    def _scan_number_words(self) -> list[_Raw]:
        """'five million yuan', 'half a million dollars', 'eight cts', 'three to five billion dlrs'."""
        text, out = self.text, []
        first = _WORD_TRIGGER_AT_START.match(text)
        for hit in ([first] if first else []) + self._word_triggers():
            m = hit.start(1)
            ns = hit.start() + (hit.re is _WORD_TRIGGER)  # where the number word starts
            if self.fast and self._lone_number_word(ns):  # the usual case: 'five cts', 'one mln dlrs'
                words, start = [text[ns:m - 1]], ns
            else:
                w = _NUMBER_WORDS_FAST.search(text, max(0, m - 49), m)
                if w is not None and w.start(1) < m - 48:  # only at m == 49: the words start at 0
                    w = _NUMBER_WORDS.search(text, m - 48, m)
                if not w:
                    continue
                words = w.group(1).replace("\n", " ").replace("-", " ").split()
                start = w.start(1)
                while len(words) > 1 and words[0].lower() in ("a", "an", "and") and \
                        words[1].lower() not in ("half",):
                    start = text.index(words[1], start + len(words[0]))
                    words = words[1:]
            af = self.fast and self._plain_suffix(m, hit.group(1)) or _suffix(text, m, self.t, False)
            if words[0].lower() in ("a", "an", "half") and not af.scale_words:
                continue  # 'a dollar-denominated bond' is no amount
            value = _words_to_number(" ".join(words))
            if value is None:
                continue
            unit, unit_text, end = af.unit, af.unit_text, af.end
            pre = _prefix_symbol(text, start, self.t)
            if unit is None and pre is not None:
                unit, unit_text, start, end = pre[1], pre[2], pre[0], af.scale_end
            if unit is None:
                continue
            amount, precision, note = _words_amount(value, af.scale, unit.divisor, text[start:af.scale_end].strip())
            raw = _Raw(start, end, amount, precision, note, unit, unit_text, af.scale)
            low = _WORD_RANGE.search(text, max(0, start - 30), start) if text[start - 1:start] in (
                " ", "\n") and text[max(0, start - 30):start].rstrip(" \n").endswith(_RANGE_ENDS) else None
            if low:
                low_value = _words_to_number(low.group(1)) if not low.group(1)[0].isdigit() else \
                    parse_number(low.group(1), self.dec, self.grp)
                low_value = getattr(low_value, "value", low_value)
                if low_value is not None and low_value * af.scale / unit.divisor < amount:
                    raw.high, raw.value = amount, _plain(low_value * af.scale / unit.divisor)
                    raw.start = low.start(1)
            self._hedge(raw)
            out.append(raw)
        return out


# ---- deciding the currency ---------------------------------------------------------------

class _Cues:
    """Counts, once per text, what points at one currency or another."""

    def __init__(self, text: str, raws: list[_Raw], lang: str, default: str | None,
                 locale: str = "en", lower: str | None = None):
        self.locale = locale
        self.lower = text.lower() if lower is None else lower
        self.lang = lang
        self.default = default
        self.explicit: dict[str, int] = {}
        for r in raws:
            if len(r.unit.codes) == 1:
                self.explicit[r.unit.codes[0]] = self.explicit.get(r.unit.codes[0], 0) + 1
        self._words: dict[str, int] = {}
        self._decided: dict = {}
        self._counted: set[tuple[str, ...]] = set()
        self._spaced: bytes | None = None  # the lower-cased text, all but a-z and 0-9 made spaces

    def words(self, code: str) -> int:
        """How many times the text names a cue of ``code`` as a whole word."""
        if code not in self._words:
            self._count((code,))
        return self._words[code]

    def _count(self, codes: tuple[str, ...]) -> None:
        """Count the cue words of all ``codes`` at once (see _cue_search and _cue_probes)."""
        if codes in self._counted:  # the usual case for a second word of a family: 'dlrs', 'cts'
            return
        self._counted.add(codes)
        words, lower = self._words, self.lower
        todo = codes if words.keys().isdisjoint(codes) else tuple(c for c in codes if c not in words)
        words.update(dict.fromkeys(todo, 0))
        search, plain, groups = _cue_search(todo) if lower.isascii() else (None, {}, _cue_probes(todo))
        if search is not None:  # the cues of letters and spaces, in one pass (see _cue_search)
            if self._spaced is None:
                self._spaced = b" " + lower.encode("ascii").translate(_NOT_ALNUM_TO_SPACE)
            for cue in set(search.findall(self._spaced)):  # (findall: no match objects)
                cue = cue.decode("ascii")
                for code in plain[cue]:
                    words[code] += _count_word(lower, cue)
        for probe, group in groups:
            if probe in lower:
                for cue, code in group:
                    if cue in lower:
                        words[code] += _count_word(lower, cue)

    def decide(self, raw: _Raw) -> tuple[str | None, tuple[str, ...], str | None]:
        """(currency or None, candidates, evidence) for one mention; the same word decides alike."""
        key = (id(raw.unit), raw.unit_text)  # units are shared; id() spares hashing the dataclass
        if key not in self._decided:
            self._decided[key] = self._decide(raw)
        return self._decided[key]

    def _decide(self, raw: _Raw) -> tuple[str | None, tuple[str, ...], str | None]:
        codes, what = raw.unit.codes, f"'{raw.unit_text}'"
        if len(codes) == 1:
            code = codes[0]
            if raw.unit_text in CUED_SYMBOLS and not self.words(code) and self.default != code:
                return None, codes, f"{what} alone is not enough to name {code}"
            return code, codes, None
        if self.default in codes:
            return self.default, codes, f"{what} read as default_currency={self.default!r}"
        self._count(codes)
        words = self._words
        counts = tuple([words[c] for c in _with_cues(codes)])
        explicit = tuple([(c, n) for c, n in self.explicit.items() if c in codes]) if self.explicit else ()
        return _judge(codes, raw.unit.family, raw.unit_text, self.locale, self.lang, explicit, counts)


@lru_cache(maxsize=4096)
def _judge(codes: tuple[str, ...], family: str | None, unit_text: str, locale: str, lang: str,
           explicit: tuple[tuple[str, int], ...], counts: tuple[int, ...]
           ) -> tuple[str | None, tuple[str, ...], str | None]:
    """The reading of a word or symbol shared by ``codes``, from how often the text names each
    currency explicitly (``explicit``: (code, times)) and its cue words (``counts``, one per
    code of _with_cues(codes)); many texts give the same counts, hence the cache."""
    what = f"'{unit_text}'"
    cued = _with_cues(codes)
    explicit_of, words = dict(explicit), dict(zip(cued, counts))
    # a currency named explicitly elsewhere counts 3, each cue word 1
    if any(c not in CUES for c in explicit_of):
        cued = tuple(c for c in codes if c in CUES or c in explicit_of)
    scores = {c: 3 * explicit_of.get(c, 0) + words.get(c, 0) for c in cued} or {codes[0]: 0}
    best = max(scores.values())
    leaders = [c for c in scores if scores[c] == best]
    fallback = _fallback(codes, family, unit_text, locale, lang)
    if best and len(leaders) == 1:
        code = leaders[0]
        why = []
        if explicit_of.get(code):
            why.append(f"{code} is written explicitly elsewhere in the text")
        if words.get(code):
            why.append(f"the text mentions {_cue_list(code)} {words[code]} time(s)")
        return code, codes, f"{what} read as {code}: " + "; ".join(why)
    if best and fallback in leaders:
        return fallback, codes, (f"{what} read as {fallback}: the text points at "
                                 f"{' and '.join(leaders)} equally, and {fallback} is the usual reading")
    if best:
        return None, tuple(leaders), f"{what}: the text points at {' and '.join(leaders)} equally"
    if fallback:
        text = "an English text" if locale == "en" else f"a text in locale '{locale}'"
        return fallback, codes, f"{what} in {text} with no cue for another currency: {fallback}"
    shown = ", ".join(codes[:6]) + ("…" if len(codes) > 6 else "")
    return None, codes, f"{what} could be {shown}: the text does not say which"


def _fallback(codes: tuple[str, ...], family: str | None, unit_text: str, locale: str, lang: str) -> str | None:
    """The reading of a shared symbol or word when the text has no cue: CLDR's, then usage."""
    sym = locale_info(locale).symbols.get(unit_text)  # en_AU: '$' is AUD
    if sym in codes:
        return sym
    sym = lexicon().symbol_by_lang.get(unit_text, {}).get(lang)
    if sym in codes:
        return sym
    if lang == "en" and family in _ENGLISH_DEFAULTS:
        return _ENGLISH_DEFAULTS[family]
    if lang == "en" and unit_text in _ENGLISH_SYMBOL_DEFAULTS:
        return _ENGLISH_SYMBOL_DEFAULTS[unit_text]
    return None


#: What a shared currency word means in English when the text gives no cue.
_ENGLISH_DEFAULTS = {"dollar": "USD", "pound": "GBP", "mark": "DEM", "won": "KRW", "yuan": "CNY"}
#: Likewise for shared symbols ("Rs", "kr", "Dh" stay undecided without a cue).
_ENGLISH_SYMBOL_DEFAULTS = {"$": "USD", "£": "GBP"}


@lru_cache(maxsize=512)
def _with_cues(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The ``codes`` that have cue words, in order."""
    return tuple(c for c in codes if c in CUES)


_NOT_ALNUM_TO_SPACE = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))


@lru_cache(maxsize=512)
def _cue_search(codes: tuple[str, ...]) -> tuple[re.Pattern | None, dict[str, tuple[str, ...]],
                                                  tuple[tuple[str, tuple[tuple[str, str], ...]], ...]]:
    """How to count the cues of ``codes`` in an ASCII text in fewer passes than one per cue.

    Returns (regex, cue -> codes, probe groups). The cues made of letters and single spaces
    ('canada', 'hong kong') are found by one regex over a copy of the lower-cased text in
    which every character but a-z and 0-9 is a space: a cue that stands as a whole word in
    the text is a whole word there too, so a cue the regex never finds occurs nowhere; each
    one it finds is then counted on the text itself, as before. The others ('u.s.', 'us$')
    keep their substring probes (_cue_probes). Few cues (under 12) are probed faster than
    the copy is made; and when one cue is a word of another ('kong' in 'hong kong'), a match
    of the longer could hide the shorter: all cues are then probed.
    """
    plain: dict[str, tuple[str, ...]] = {}
    for code in codes:
        for cue in CUES.get(code, ()):
            if re.fullmatch(r"[a-z]+(?: [a-z]+)*", cue):
                plain[cue] = (*plain.get(cue, ()), code)
    if len(plain) < 12 or any(f" {a} " in f" {b} " for a in plain for b in plain if a != b):
        return None, {}, _cue_probes(codes)
    rest = tuple((probe, tuple((cue, code) for cue, code in group if cue not in plain))
                 for probe, group in _cue_probes(codes))
    search = re.compile((" (" + _trie(plain) + ")(?![a-z0-9])").encode("ascii"))
    return search, plain, tuple((probe, group) for probe, group in rest if group)


@lru_cache(maxsize=512)
def _cue_probes(codes: tuple[str, ...]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The (cue, code) pairs of ``codes``, grouped under a probe that every cue of the group
    contains, so that one substring test rules the group out: '$' for 'us$', 'c$', 'hk$';
    'canad' for 'canada' and 'canadian'; the whole word when the group has one."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code in codes:
        for cue in CUES.get(code, ()):
            groups.setdefault("$" if "$" in cue else cue[:5], []).append((cue, code))
    # the longest probe the group's cues share: a longer needle lets the search skip further
    return tuple((probe if probe == "$" else os.path.commonprefix([cue for cue, _ in group]), tuple(group))
                 for probe, group in groups.items())


def _count_word(text: str, word: str) -> int:
    """Occurrences of ``word`` in ``text`` not inside a longer word ('cad' is not in 'decade')."""
    n, i, size = 0, text.find(word), len(word)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + size] if i + size < len(text) else " "
        if not (word[0].isalnum() and before.isalnum()) and not (word[-1].isalnum() and after.isalnum()):
            n += 1
        i = text.find(word, i + size)
    return n


def _cue_list(code: str) -> str:
    return "/".join(repr(c) for c in CUES.get(code, ())[:3])


# ---- the public function --------------------------------------------------------------

def extract(text: str, *, locale: str = "en", default_currency: str | None = None) -> list[Mention]:
    """Every monetary mention in ``text``, sorted by position, non-overlapping.

    ``locale`` (a CLDR name: 'en', 'en_IN', 'de', 'zh_CN') decides ambiguous
    separators ("1.500" is 1.5 in English, 1500 in German) and, when the text
    gives no cue, ambiguous symbols ("¥" is JPY in English, CNY in Chinese).
    ``default_currency`` is the reading of an ambiguous symbol or word ("$",
    "dollars") when it is one of the candidates.

    >>> m = extract("about $425 — US$818 if they catch someone")[0]
    >>> m.amount, m.currency, m.qualifier.value
    (Decimal('425'), 'USD', 'approximate')
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() needs text as str, not {type(text).__name__}; "
                        "decode bytes first, e.g. data.decode('utf-8', errors='replace')")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidArgumentError(f"text of {len(text):,} characters is over the limit of "
                                   f"{MAX_TEXT_LENGTH:,}; split it into documents first")
    locale = normalize_locale(locale)
    if default_currency is not None:
        from .money import currency_code

        default_currency = currency_code(default_currency)
    original, where = text, None
    if not text.isascii() and any(ch in text for ch in _INVISIBLE):
        # "$5\u200b00": read numbers without the invisible marks inside them, and report
        # offsets in the original text
        removed = {i for m in _INVISIBLE_IN_NUMBER.finditer(text) for i in range(*m.span())}
        if removed:
            where = [i for i in range(len(text)) if i not in removed]
            text = _INVISIBLE_IN_NUMBER.sub("", text)
    scanner = _Scanner(text, locale)
    raws = [r for r in scanner.scan() if _sane(r.value) and (r.high is None or _sane(r.high))]
    if not raws:
        return []
    cues = _Cues(text, raws, scanner.lang, default_currency, locale, lower=scanner.lower)
    mentions, new = [], object.__new__
    scaled_families = {r.unit.family for r in raws if r.unit.weak and r.scale != 1}
    for r in raws:
        unit = r.unit
        if unit.weak and r.scale == 1:
            if unit.family not in scaled_families and not any(cues.words(c) or cues.explicit.get(c)
                                                              for c in unit.codes):
                continue  # "5 pounds" of flour, "a 10-pound bag"
            if _OF.match(text, r.end, r.end + 5):
                continue
        if unit.family == "pound" and not cues.words("GBP") and not cues.explicit.get("GBP") \
                and _WEIGHT.search(text):
            continue  # "600 mln pounds per year" of polyethylene
        currency, candidates, evidence = cues.decide(r)
        if currency is None and r.unit_text in CUED_SYMBOLS:
            continue
        start, end = (r.start, r.end) if where is None else (where[r.start], where[r.end - 1] + 1)
        mention = new(Mention)  # as Mention(...), without a frozen __setattr__ per field
        mention.__dict__.update(
            amount=r.value, currency=currency, start=start, end=end, text=original[start:end],
            precision=r.precision, precision_note=r.note, qualifier=r.qualifier,
            qualifier_text=r.qualifier_text, high=r.high, unit_text=r.unit_text,
            candidates=candidates if len(candidates) > 1 else (), evidence=evidence)
        mentions.append(mention)
    return mentions
