"""What fxaudit takes as a locale, in its own terms, and what it reads from one.

A locale is a *hint* about the text: it decides what the text itself leaves
open — which dollar a bare "$" is, whether "1.234" is one thousand two hundred
and thirty-four or one point two three four. Every public entrance
(:func:`fxaudit.extract`, :func:`fxaudit.audit`, the CLI's ``--locale``) passes
what it was given through :func:`normalize_locale` once, and the rest of the
package only ever sees the one canonical spelling that returns.

The rules:

- a language (two or three letters), then optionally a script (four letters),
  a territory (two letters or three digits) and variants, separated by "_" or
  "-", in any case: "en", "en_US", "en-us", "zh-Hant-TW", "es_419";
- a POSIX codeset or modifier is dropped: "de_DE.UTF-8" is "de_DE";
- the locale must be one CLDR knows (through babel's data); the canonical form
  is CLDR's own, aliases resolved: "zh_TW" is "zh_Hant_TW", "iw" is "he_IL";
- "C", "POSIX", "und" and "root" are refused: they name no language. Pass "en"
  for English text.

    >>> normalize_locale("en-us")
    'en_US'
    >>> normalize_locale("zh_TW")
    'zh_Hant_TW'
    >>> normalize_locale("de_CH.UTF-8")
    'de_CH'
    >>> normalize_locale("C")
    Traceback (most recent call last):
    ...
    fxaudit.errors.InvalidArgumentError: locale 'C' names no language (it is the POSIX default); pass a CLDR locale such as 'en', 'en_IN', 'de' or 'zh_CN' ('en' for English text)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .errors import InvalidArgumentError

__all__ = ["LocaleInfo", "locale_info", "normalize_locale"]

_EXAMPLES = "a CLDR locale such as 'en', 'en_IN', 'de' or 'zh_CN'"
_SHAPE = re.compile(r"(?P<lang>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?"
                    r"(?:[-_](?P<territory>[A-Za-z]{2}|\d{3}))?(?P<variants>(?:[-_][A-Za-z0-9]{5,8})*)")
_NO_LANGUAGE = {"c", "posix", "und", "root"}
_MAX_LENGTH = 64


def normalize_locale(locale: str) -> str:
    """The canonical CLDR name of ``locale``, or :class:`InvalidArgumentError` saying why not."""
    if not isinstance(locale, str):
        raise InvalidArgumentError(f"locale must be a string, {_EXAMPLES}; not {locale!r}")
    return _normalize(locale)


@cache
def _normalize(locale: str) -> str:
    shown = repr(locale) if len(locale) <= _MAX_LENGTH else f"{locale[:_MAX_LENGTH]!r}…"
    name = locale.strip().partition(".")[0].partition("@")[0]
    if name.lower() in _NO_LANGUAGE:
        raise InvalidArgumentError(f"locale {shown} names no language (it is the POSIX default); "
                                   f"pass {_EXAMPLES} ('en' for English text)")
    m = _SHAPE.fullmatch(name) if len(name) <= _MAX_LENGTH else None
    if m is None:
        raise InvalidArgumentError(f"locale {shown} is not a locale name; pass {_EXAMPLES}")
    parts = [m["lang"].lower()]
    if m["script"]:
        parts.append(m["script"].title())
    if m["territory"]:
        parts.append(m["territory"].upper())
    parts += [v.upper() for v in re.split("[-_]", m["variants"]) if v]

    from babel import Locale, UnknownLocaleError

    try:
        canonical = str(Locale.parse("_".join(parts)))
    except (ValueError, UnknownLocaleError):
        raise InvalidArgumentError(f"unknown locale {shown}: CLDR has no such locale; pass {_EXAMPLES}") from None
    return canonical


@dataclass(frozen=True)
class LocaleInfo:
    """What the reader takes from a locale: its language, number marks and symbols."""

    name: str                      # canonical, as normalize_locale returns it
    language: str                  # 'en', 'de', 'zh'
    territory: str | None          # 'US', 'CH', None
    decimal_mark: str              # '.' in en, ',' in de
    group_mark: str                # ',' in en, '.' in de, a no-break space in fr
    symbols: dict[str, str]        # symbols naming one currency in this locale: en_AU '$' → 'AUD'


def locale_info(locale: str) -> LocaleInfo:
    """The :class:`LocaleInfo` of a locale (any spelling :func:`normalize_locale` accepts).

    >>> info = locale_info("de-AT")
    >>> info.name, info.language, info.territory, info.decimal_mark
    ('de_AT', 'de', 'AT', ',')
    >>> locale_info("en_AU").symbols["$"]
    'AUD'
    """
    return _info(normalize_locale(locale))


@cache
def _info(name: str) -> LocaleInfo:
    from babel import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = Locale.parse(name)
    by_symbol: dict[str, set[str]] = {}
    for code, sym in loc.currency_symbols.items():
        by_symbol.setdefault(sym, set()).add(code)
    symbols = {sym: codes.pop() for sym, codes in by_symbol.items() if len(codes) == 1}
    return LocaleInfo(name, loc.language, loc.territory, get_decimal_symbol(loc), get_group_symbol(loc), symbols)
