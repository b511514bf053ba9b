"""The currency lexicon: CLDR names, plural forms and symbols, plus newswire aliases.

Reading names and symbols of all 1,082 CLDR locales through babel takes ~5 s,
so it is done once, by ``python -m fxaudit.lexicon`` (maintainers run it when
babel's CLDR changes), and saved to ``fxaudit/_lexicon.json.gz``. At run time
:func:`lexicon` loads that file on first use (~50 ms), adds the curated
aliases below, and keeps the result for the life of the process.

Names written in Latin script collide with ordinary words in other languages
("gold", "sol", "slot" are currency names somewhere), so they are kept per
language and used for texts in that language and in English; names in other
scripts (人民币, рублей, دينار) cannot be mistaken for English words and are
used in every text.
"""
from __future__ import annotations

import gzip
import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).with_name("_lexicon.json.gz")

# ---- curated knowledge (what CLDR does not hold) ---------------------------------

#: Newswire abbreviations and common English names missing from CLDR.
ALIASES: dict[str, tuple[str, ...]] = {
    "stg": ("GBP",), "sterling": ("GBP",), "pounds sterling": ("GBP",),
    "pound sterling": ("GBP",), "quid": ("GBP",),
    "renminbi": ("CNY",), "yuan renminbi": ("CNY",), "rmb": ("CNY",), "kuai": ("CNY",),
    "yen": ("JPY",), "euro": ("EUR",), "euros": ("EUR",), "ecu": ("XEU",), "ecus": ("XEU",),
    "rouble": ("RUB",), "roubles": ("RUB",), "ruble": ("RUB",), "rubles": ("RUB",),
    "forint": ("HUF",), "forints": ("HUF",), "zloty": ("PLN",), "zlotys": ("PLN",),
    "zlotych": ("PLN",), "ringgit": ("MYR",), "baht": ("THB",), "rupiah": ("IDR",),
    "naira": ("NGN",), "hryvnia": ("UAH",), "hryvnias": ("UAH",), "hryvnas": ("UAH",),
    "shekel": ("ILS",), "shekels": ("ILS",), "new shekels": ("ILS",), "guilder": ("NLG",),
    "guilders": ("NLG",), "deutsche mark": ("DEM",), "deutsche marks": ("DEM",),
    "deutschmark": ("DEM",), "deutschmarks": ("DEM",), "d-mark": ("DEM",), "d-marks": ("DEM",),
    "swiss francs": ("CHF",), "swiss franc": ("CHF",), "french francs": ("FRF",),
    "belgian francs": ("BEF",), "lire": ("ITL",), "pesetas": ("ESP",), "peseta": ("ESP",),
    "drachmas": ("GRD",), "drachmae": ("GRD",), "escudos": ("PTE",), "schillings": ("ATS",),
    "tenge": ("KZT",), "taka": ("BDT",), "kwacha": ("ZMW", "MWK"), "cedis": ("GHS",),
    "lei": ("RON",), "leu": ("RON",), "leva": ("BGN",), "kuna": ("HRK",), "kune": ("HRK",),
    "kronor": ("SEK",), "swedish kronor": ("SEK",), "krónur": ("ISK",), "kronur": ("ISK",),
    # wire-service English: "3.2 billion Swedish crowns"
    "swedish crown": ("SEK",), "swedish crowns": ("SEK",), "norwegian crown": ("NOK",),
    "norwegian crowns": ("NOK",), "danish crown": ("DKK",), "danish crowns": ("DKK",),
    "czech crown": ("CZK",), "czech crowns": ("CZK",), "slovak crowns": ("SKK",),
    "estonian crowns": ("EEK",), "icelandic crowns": ("ISK",),
}

#: Words that name several currencies; the first listed is the default when the
#: text gives no cue (in an English text: the dollar is the US dollar).
FAMILIES: dict[str, tuple[str, ...]] = {
    "dollar": ("USD", "CAD", "AUD", "HKD", "NZD", "SGD", "TWD", "JMD", "BSD", "BBD", "BZD",
               "BND", "FJD", "GYD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD", "ZWL", "KYD"),
    "pound": ("GBP", "EGP", "LBP", "SYP", "SDG", "SSP", "FKP", "GIP", "SHP", "IEP", "CYP"),
    "rupee": ("INR", "PKR", "LKR", "NPR", "MUR", "SCR"),
    "peso": ("MXN", "ARS", "PHP", "CLP", "COP", "CUP", "DOP", "UYU"),
    "franc": ("CHF", "FRF", "BEF", "XOF", "XAF", "LUF"),
    "krona": ("SEK", "ISK"), "krone": ("NOK", "DKK"), "crown": ("CZK", "SEK", "NOK", "DKK"),
    "dinar": ("KWD", "BHD", "IQD", "JOD", "LYD", "RSD", "TND", "DZD", "MKD"),
    "riyal": ("SAR", "QAR", "OMR", "YER"), "rial": ("IRR", "OMR", "YER", "SAR", "QAR"),
    "dirham": ("AED", "MAD"), "shilling": ("KES", "UGX", "TZS", "SOS", "ATS"),
    "mark": ("DEM", "BAM", "FIM"), "lira": ("TRY", "ITL"), "won": ("KRW", "KPW"),
    "real": ("BRL",), "rand": ("ZAR",), "dong": ("VND",), "yuan": ("CNY",),
}
PLURALS = {"dollar": ["dollars", "dlr", "dlrs", "dlr.", "dlrs."], "pound": ["pounds"],
           "rupee": ["rupees"], "peso": ["pesos"], "franc": ["francs"],
           "krona": [], "krone": ["kroner"], "crown": ["crowns"],
           "dinar": ["dinars"], "riyal": ["riyals"], "rial": ["rials"],
           "dirham": ["dirhams"], "shilling": ["shillings"], "mark": ["marks"],
           "lira": ["liras"], "won": [], "real": ["reais", "reals"], "rand": [],
           "dong": [], "yuan": []}

#: Family words that are also ordinary English words: accepted after a number
#: only with a scale word ("5 million pounds"), a qualifier ("British pounds")
#: or a cue for one of their currencies elsewhere in the text.
WEAK = {"pound", "pounds", "mark", "marks", "real", "reals", "rand", "won", "dong", "crown",
        "crowns", "franc", "francs", "lira", "liras"}

#: Country names, demonyms and other words that point at one currency of a family.
CUES: dict[str, tuple[str, ...]] = {
    "USD": ("u.s.", "us$", "united states", "american", "washington", "federal reserve", "usd"),
    "CAD": ("canada", "canadian", "c$", "ottawa", "toronto", "cad"),
    "AUD": ("australia", "a$", "sydney", "canberra", "aud"),
    "HKD": ("hong kong", "hk$", "h.k.", "hkd"),
    "NZD": ("new zealand", "nz$", "wellington", "nzd"),
    "SGD": ("singapore", "s$", "sgd"),
    "TWD": ("taiwan", "taipei", "nt$", "twd"),
    "CNY": ("china", "chinese", "yuan", "renminbi", "rmb", "beijing", "shanghai", "cny", "人民币",
            "元", "中国"),
    "JPY": ("japan", "japanese", "yen", "tokyo", "jpy", "円", "日本"),
    "GBP": ("britain", "british", "u.k.", " uk ", "london", "sterling", "england", "£", "gbp"),
    "EGP": ("egypt", "cairo"), "LBP": ("lebanon", "lebanese", "beirut"), "SYP": ("syria",),
    "INR": ("india", "indian", "delhi", "mumbai", "lakh", "crore", "₹", "inr"),
    "PKR": ("pakistan", "karachi", "islamabad", "pkr"), "LKR": ("sri lanka", "colombo"),
    "NPR": ("nepal", "kathmandu"),
    "MXN": ("mexico", "mexican"), "ARS": ("argentina", "argentine"), "PHP": ("philippine", "manila"),
    "CLP": ("chile",), "COP": ("colombia",),
    "CHF": ("swiss", "switzerland", "zurich", "geneva", "chf"), "FRF": ("france", "french", "paris"),
    "BEF": ("belgium", "belgian", "brussels"),
    "SEK": ("sweden", "swedish", "stockholm", "sek"), "NOK": ("norway", "norwegian", "oslo", "nok"),
    "DKK": ("denmark", "danish", "copenhagen", "dkk"), "ISK": ("iceland",),
    "CZK": ("czech", "prague"),
    "KWD": ("kuwait",), "BHD": ("bahrain",), "IQD": ("iraq",), "JOD": ("jordan",),
    "SAR": ("saudi",), "QAR": ("qatar",), "OMR": ("oman",), "IRR": ("iran",), "YER": ("yemen",),
    "AED": ("emirates", "dubai", "abu dhabi", "uae"), "MAD": ("morocco",),
    "KES": ("kenya",), "UGX": ("uganda",), "TZS": ("tanzania",),
    "DEM": ("german", "germany", "bundesbank", "frankfurt", "bonn"), "FIM": ("finland", "finnish"),
    "TRY": ("turkey", "turkish", "ankara", "istanbul"), "ITL": ("italy", "italian", "rome", "milan"),
    "KRW": ("korea", "korean", "seoul", "₩"), "BRL": ("brazil", "r$"),
    "ZAR": ("south africa", "johannesburg", "pretoria"), "VND": ("vietnam", "hanoi"),
}

#: Symbols the text's language decides, where CLDR's per-locale symbols are not enough.
SYMBOL_ALIASES: dict[str, tuple[str, ...]] = {
    "US$": ("USD",), "U.S.$": ("USD",), "US $": ("USD",), "U.S. $": ("USD",), "USD$": ("USD",),
    "C$": ("CAD",), "Can$": ("CAD",), "A$": ("AUD",), "AU$": ("AUD",), "NZ$": ("NZD",),
    "HK$": ("HKD",), "S$": ("SGD",), "NT$": ("TWD",), "R$": ("BRL",), "Mex$": ("MXN",),
    "RMB": ("CNY",), "CN¥": ("CNY",), "JP¥": ("JPY",), "￥": ("CNY", "JPY"), "¥": ("JPY", "CNY"),
    "元": ("CNY",), "块": ("CNY",), "円": ("JPY",), "人民币": ("CNY",),
    "Rs": ("INR", "PKR", "LKR", "NPR"), "Rs.": ("INR", "PKR", "LKR", "NPR"),
    "Re": ("INR",), "Re.": ("INR",), "Rp": ("IDR",), "Rp.": ("IDR",), "DM": ("DEM",),
    "Dkr": ("DKK",), "Skr": ("SEK",), "Nkr": ("NOK",), "SFr": ("CHF",), "SFr.": ("CHF",),
    "Sfr": ("CHF",), "kr": ("SEK", "NOK", "DKK", "ISK"), "kr.": ("DKK", "SEK", "NOK", "ISK"),
    "R": ("ZAR",), "£": ("GBP", "EGP", "LBP", "SYP"), "$": FAMILIES["dollar"],
    "€": ("EUR",), "₹": ("INR",), "₽": ("RUB",), "₩": ("KRW",), "₺": ("TRY",), "₪": ("ILS",),
    "₱": ("PHP",), "฿": ("THB",), "₫": ("VND",), "₴": ("UAH",), "₦": ("NGN",), "zł": ("PLN",),
    "Kč": ("CZK",), "Ft": ("HUF",), "Ecu": ("XEU",),
    # newsroom abbreviations CLDR's English data lacks: "RM2.5 billion", "NIS 1 billion", "Dh500"
    "RM": ("MYR",), "NIS": ("ILS",), "Dh": ("AED", "MAD"), "Dhs": ("AED",), "Tk": ("BDT",),
    "KSh": ("KES",), "Ksh": ("KES",), "E£": ("EGP",), "GH₵": ("GHS",), "₵": ("GHS",),
    "QR": ("QAR",), "KD": ("KWD",), "BD": ("BHD",),
}
#: What a shared symbol means in a language where CLDR's base locale does not say.
SYMBOL_BY_LANGUAGE = {("¥", "zh"): "CNY", ("￥", "zh"): "CNY", ("¥", "ja"): "JPY", ("￥", "ja"): "JPY",
                      ("元", "ja"): "CNY", ("$", "es"): "USD"}

#: Letter symbols that need their currency named elsewhere in the text (R5 is a road).
CUED_SYMBOLS = {"R", "kr", "kr.", "Ft", "Re", "Re."}

#: Subunit words: (family or code, divisor).
SUBUNITS: dict[str, tuple[str, int]] = {
    "cent": ("dollar", 100), "cents": ("dollar", 100), "ct": ("dollar", 100),
    "cts": ("dollar", 100), "c": ("dollar", 100), "pence": ("GBP", 100),
    "penny": ("GBP", 100), "p": ("GBP", 100), "kopeck": ("RUB", 100), "kopecks": ("RUB", 100),
    "kopeks": ("RUB", 100), "paise": ("INR", 100), "centimes": ("franc", 100),
    "pfennig": ("DEM", 100), "pfennigs": ("DEM", 100), "euro cents": ("EUR", 100),
    "eurocents": ("EUR", 100), "角": ("CNY", 10), "毛": ("CNY", 10), "分钱": ("CNY", 100),
}
#: Subunit words only taken when written right against the number ("695p", "25c").
ATTACHED_SUBUNITS = {"p", "c"}

#: ISO codes that are also English words in capitals; not read as codes.
WORDLIKE_CODES = {"ALL", "TOP", "CUP", "MOP", "BOB", "GEL", "PEN", "SOS", "MAD", "NAD",
                  "AMD", "BAM", "TRY", "BIF"}


# ---- building the CLDR part (maintainers only) ------------------------------------

_PAREN = re.compile(r"\s*\([^)]*\)")


def _clean(name: str) -> str:
    return " ".join(_PAREN.sub("", name).lower().split())


def _is_latin(text: str) -> bool:
    return any("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def build() -> dict:
    """Read every CLDR locale through babel; return the JSON-able lexicon (takes ~5 s)."""
    import datetime as dt

    from babel import Locale, __version__, localedata
    from babel.numbers import get_territory_currencies

    names: dict[str, dict[str, set[str]]] = {}
    universal: dict[str, set[str]] = {}
    symbols: dict[str, dict[str, set[str]]] = {}
    for ident in localedata.locale_identifiers():
        loc = Locale.parse(ident)
        lang = loc.language
        found = [(code, n) for code, n in loc.currencies.items()]
        for code, forms in loc._data.get("currency_names_plural", {}).items():
            found += [(code, f) for f in forms.values()]
        for code, raw in found:
            name = _clean(raw)
            if not name or any(ch.isdigit() for ch in name):
                continue
            if _is_latin(name):
                names.setdefault(lang, {}).setdefault(name, set()).add(code)
            else:
                universal.setdefault(name, set()).add(code)
        for code, sym in loc.currency_symbols.items():
            if sym != code:
                # keyed by language; only the base locale ('zh', not 'zh_Hant') says what a
                # symbol means in that language, the others just add candidates
                key = lang if str(loc) == lang else f"{lang}*"
                symbols.setdefault(sym, {}).setdefault(key, set()).add(code)
    today = dt.date.today()
    current = set()
    for terr in Locale.parse("en").territories:
        current.update(get_territory_currencies(terr, today, tender=True))
    return {
        "babel": __version__,
        "names": {lang: {n: sorted(c) for n, c in sorted(d.items())} for lang, d in sorted(names.items())},
        "universal": {n: sorted(c) for n, c in sorted(universal.items())},
        "symbols": {s: {lang: sorted(c) for lang, c in sorted(d.items())} for s, d in sorted(symbols.items())},
        "current": sorted(current),
    }


def write(path: Path = DATA) -> None:
    data = json.dumps(build(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    with gzip.GzipFile(path, "wb", mtime=0, compresslevel=9) as f:
        f.write(data.encode("utf-8"))


# ---- the run-time lexicon --------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    """What a currency word or symbol means: candidate codes, default first."""

    codes: tuple[str, ...]
    kind: str                   # "name", "family", "symbol", "code", "subunit"
    divisor: int = 1            # 100 for cents
    weak: bool = False          # an ordinary word too: needs a scale word or a cue
    family: str | None = None   # "dollar" for "$", "dlrs", "cents"


#: Last words of CLDR names that are not currency words by themselves.
NOT_UNIT_WORDS = {"account", "code", "currency", "funds", "rights", "unit", "units", "value",
                  "sol", "mvdol", "mvdols", "cupon", "ley", "gold", "silver"}

#: Fund and special codes CLDR lists that no news text means ("US dollars" is not USN).
NOT_MONEY = {"USN", "USS", "CLF", "COU", "MXV", "BOV", "UYI", "UYW", "CHE", "CHW", "CNH",
             "XBA", "XBB", "XBC", "XBD", "XTS", "XXX", "XSU", "XUA", "XAU", "XAG", "XPD",
             "XPT", "XFO", "XFU", "XRE"}


@dataclass
class Lexicon:
    """Currency words and symbols; :meth:`names_for` gives the names for one language."""

    cldr_names: dict[str, dict[str, tuple[str, ...]]]  # language -> name -> codes (Latin script)
    universal: dict[str, Unit]                          # non-Latin names, used in every text
    english: dict[str, Unit]                            # English CLDR names + curated words
    symbols: dict[str, Unit]                            # case-sensitive
    symbol_by_lang: dict[str, dict[str, str]]           # symbol -> language -> code (CLDR)
    current: frozenset[str]
    _merged: dict[str, dict[str, Unit]] = field(default_factory=dict)

    def names_for(self, lang: str) -> dict[str, Unit]:
        """Names usable in a text of language ``lang``: its own, English, and non-Latin ones."""
        merged = self._merged.get(lang)
        if merged is None:
            with _lock:
                merged = dict(self.universal)
                for name, codes in self.cldr_names.get(lang, {}).items():
                    merged[name] = Unit(codes, "name")
                merged.update(self.english)
                self._merged[lang] = merged
        return merged


def _load() -> Lexicon:
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        raw = json.load(f)
    current = frozenset(raw["current"])

    def pick(codes) -> tuple[str, ...]:
        # current currencies first, then historical ones; no fund codes
        return tuple(sorted((c for c in codes if c not in NOT_MONEY), key=lambda c: (c not in current, c)))

    def pick_name(codes) -> tuple[str, ...]:
        # a name shared by a currency and its predecessor ("Russian rubles": RUB, RUR)
        # means the current one
        ordered = pick(codes)
        now = [c for c in ordered if c in current]
        return tuple(now) if len(now) == 1 else ordered

    universal = {name: Unit(pick_name(codes), "name") for name, codes in raw["universal"].items()
                 if pick(codes)}
    english: dict[str, Unit] = {}
    for name, codes in raw["names"].get("en", {}).items():
        if pick(codes):  # not "gold" (XAU) or "special drawing rights" funds
            english[name] = Unit(pick_name(codes), "name")
    # every "<adjective> dollars" also as "<adjective> dlrs", "u.s. dollars" as "us dollars"
    for name, unit in list(english.items()):
        words = name.split()
        for fam, plurals in PLURALS.items():
            for form in [fam, *plurals]:
                if words[-1] == form and len(words) > 1:
                    for alt in [fam, *plurals]:
                        english.setdefault(" ".join(words[:-1] + [alt]), unit)
    for extra in (("us", "USD"), ("u.s.", "USD"), ("american", "USD"), ("hk", "HKD"),
                  ("h.k.", "HKD"), ("nz", "NZD"), ("n.z.", "NZD"), ("aust", "AUD"),
                  ("australian", "AUD"), ("canadian", "CAD"), ("can", "CAD"),
                  ("singapore", "SGD"), ("sing", "SGD"), ("taiwan", "TWD"),
                  ("new taiwan", "TWD"), ("taiwanese", "TWD"), ("jamaican", "JMD"),
                  ("zimbabwe", "ZWL"), ("namibian", "NAD"), ("brunei", "BND")):
        for form in ["dollar", *PLURALS["dollar"]]:
            english.setdefault(f"{extra[0]} {form}", Unit((extra[1],), "name"))
    # bare unit words of CLDR's English names: "340 cruzados", "500 kwanzas"
    bare: dict[str, set[str]] = {}
    for name, codes in raw["names"].get("en", {}).items():
        words = name.split()
        if len(words) > 1 and words[-1] not in NOT_UNIT_WORDS:
            bare.setdefault(words[-1], set()).update(c for c in codes if c not in NOT_MONEY)
    for word, codes in bare.items():
        if word not in english and codes:
            english[word] = Unit(pick(codes), "name", weak=len(word) <= 4)
    for name, codes in ALIASES.items():
        english[name] = Unit(codes, "name")
    for fam, plurals in PLURALS.items():
        for form in [fam, *plurals]:
            english[form] = Unit(FAMILIES[fam], "family", weak=form in WEAK, family=fam)
    for word, (target, div) in SUBUNITS.items():
        codes = FAMILIES.get(target, (target,))
        fam = target if target in FAMILIES else None
        english[word] = Unit(codes, "subunit", divisor=div, family=fam)

    cldr_names = {lang: {n: pick_name(c) for n, c in entries.items() if pick(c)}
                  for lang, entries in raw["names"].items()}
    symbols: dict[str, Unit] = {}
    symbol_by_lang: dict[str, dict[str, str]] = {}
    for sym, by_lang in raw["symbols"].items():
        letters_only = all(ch.isalpha() or ch in ". " for ch in sym)
        if (letters_only and _is_latin(sym) and sym not in SYMBOL_ALIASES) or not sym.strip("\u200b\u200f ¤"):
            continue  # letter symbols ("K", "Br", "L") are words in English texts
        codes = pick({c for cs in by_lang.values() for c in cs})
        if not codes:
            continue
        symbols[sym] = Unit(codes, "symbol")
        symbol_by_lang[sym] = {lang: cs[0] for lang, cs in by_lang.items()
                               if len(cs) == 1 and not lang.endswith("*")}
    for sym, codes in SYMBOL_ALIASES.items():
        fam = "dollar" if sym == "$" else None
        symbols[sym] = Unit(codes, "symbol", family=fam)
    for (sym, lang), code in SYMBOL_BY_LANGUAGE.items():
        symbol_by_lang.setdefault(sym, {})[lang] = code
    return Lexicon(cldr_names, universal, english, symbols, symbol_by_lang, current)


_lock = threading.Lock()
_lexicon: Lexicon | None = None


def lexicon() -> Lexicon:
    """The lexicon, loaded once per process (thread-safe)."""
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = _load()
    return _lexicon


if __name__ == "__main__":  # pragma: no cover
    write()
    print(f"wrote {DATA}")
