"""Pair the amounts a text gives as conversions of each other, and check each pair.

    >>> from fxaudit import audit
    >>> report = audit("A reward of 5,000 yuan (US$818) was offered.", "2020-04-15")
    >>> f = report.findings[0]
    >>> f.verdict.value, f.severity.value, f"{f.deviation:.1%}"
    ('inconsistent', 'gross', '15.5%')

The verdict rule is statcheck's, made for money: a reported figure is
consistent when some exact conversion of the source amount, at a rate inside
the *rate band*, equals the figure once rounded the way the writer rounded it.

- The rate band holds the reference fixing for the date and the
  ``band_fixings`` fixings before it (writers convert with the rate of the day
  they write, often the day before), widened by ``source_spread`` either way
  (the measured spread between reference sources: ECB vs Federal Reserve
  CNY/USD differ by 0.02 % at the median and 0.36 % at the 99th percentile).
- The figure stands for every value that rounds to it: "700", written to the
  hundred, stands for 650–750; "US$818" for 817.5–818.5.
- A hedge on the reported figure ("about $425") widens that by ``hedge``
  either way; a bound on the amount itself ("up to", "more than") applies to
  both sides and widens nothing.

Inconsistent findings are ``gross`` beyond ``gross_threshold`` (10 %), else
``error``, and get a diagnosis: a magnitude slip, an inverted rate, another
currency, the rate of another date (stale rate), or no simple explanation.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Context, Decimal

from .dates import as_date
from .errors import FxauditError, InvalidArgumentError
from .extract import _INVISIBLE_RE, Mention, Qualifier, extract
from .extract import _fmt as _plain_number
from .rates import Rate, Rates, default_rates, significant
from .rates import format_amount as _fmt
from .report import (  # noqa: F401
    SCHEMA,
    Finding,
    ReferenceCheck,
    Report,
    Severity,
    Tolerance,
    Verdict,
    _jsonable,
)

__all__ = ["Finding", "ReferenceCheck", "Report", "Severity", "Tolerance", "Verdict", "audit"]

#: Fixings before the text's date that are also accepted (writers use the rate of
#: the day they write, or the day before): 3 business days.
BAND_FIXINGS = 3
#: Widening of the rate band either way for the spread between reference sources
#: (ECB vs Fed CNY/USD, 2005-2026: 99th percentile 0.36 %).
SOURCE_SPREAD = Decimal("0.0036")
#: Widening either way for a hedged figure ("about $425", "nearly 9 billion forint").
HEDGE = Decimal("0.03")
#: Inconsistent figures off by more than this fraction are "gross" errors.
GROSS_THRESHOLD = Decimal("0.10")

_CTX = Context(prec=28)


# ---- pairing ----------------------------------------------------------------------

# What may stand between an amount and its conversion: brackets, dashes, commas,
# and connecting words ("or about", "equivalent to", "约合").
_LINK_WORDS = (r"or|about|around|roughly|approximately|approx\.?|nearly|almost|some|just|over|under|"
               r"more than|less than|up to|at least|equivalent to|equal to|equivalent of|the equivalent of|"
               r"worth|i\.e\.|that is|US|or some|or around|or roughly|or nearly|about an|roughly an|an estimated")
_OPEN = re.compile(r"(?i)\s*(?:\(|（|\[|—|–|--|,|:|;)?\s*(?:(?:" + _LINK_WORDS + r")\b\.?\s*)*"
                   r"(?:\(|（|\[)?\s*(?:约合|约|折合|合|相当于|大约)?\s*$")
_IN_CHAIN = re.compile(r"(?i)\s*(?:,|/|;|or)\s*(?:(?:" + _LINK_WORDS + r")\b\.?\s*)*$")
_STATED_RATE = re.compile(r"\s*=\s*$")
_MAX_GAP = 40


# "a 3,000-yuan reward (US$425)": after an adjectival amount, the noun it qualifies
# may stand before the bracket
_ADJECTIVAL = re.compile(r"\d[^\W\d_]*(?:-[^\W\d_]+)+$")
_NOUN_THEN_BRACKET = re.compile(r"(?i)\s+[^\W\d_]+(?:[ -][^\W\d_]+)?\s*[(（]\s*(?:(?:" + _LINK_WORDS
                                + r")\b\.?\s*)*$")
# "1,900 dollars an ounce (1,790 euros)", "500 yuan per person (about US$73)"
_PER_UNIT_THEN_BRACKET = re.compile(r"(?i)\s+(?:a|an|per|each)\s+([^\W\d_]+)\s*[(（]\s*(?:(?:" + _LINK_WORDS
                                    + r")\b\.?\s*)*$")
_PER_UNIT_AFTER = re.compile(r"(?i)\s+(?:a|an|per|each)\s+([^\W\d_]+)")


def _same_unit(gap: str, after: str) -> bool:
    """'2,000 Ecus a hectare (920 dlrs an acre)' prices two different units: no pair."""
    other = _PER_UNIT_AFTER.match(after)
    return other is None or other.group(1).lower() == _PER_UNIT_THEN_BRACKET.match(gap).group(1).lower()


def _gap_ok(gap: str, src: Mention | None = None, after: str | None = None) -> bool:
    if not gap.isascii():
        gap = _INVISIBLE_RE.sub("", gap)  # a zero-width space before the bracket changes nothing
    if len(gap) > _MAX_GAP or "\n\n" in gap:
        return False
    if _OPEN.fullmatch(gap):
        return True
    if _PER_UNIT_THEN_BRACKET.fullmatch(gap):
        return after is None or _same_unit(gap, after)
    return src is not None and bool(_ADJECTIVAL.search(src.text)) and bool(_NOUN_THEN_BRACKET.fullmatch(gap))


def _pairs(text: str, mentions: list[Mention]) -> list[tuple[Mention, Mention, str]]:
    """(source, reported, kind) for every conversion stated in the text."""
    out: list[tuple[Mention, Mention, str]] = []
    i = 0
    while i < len(mentions) - 1:
        src = mentions[i]
        nxt = mentions[i + 1]
        gap = text[src.end:nxt.start]
        if _STATED_RATE.fullmatch(gap):
            out.append((src, nxt, "stated rate"))
            i += 2
            continue
        if not _gap_ok(gap, src, text[nxt.end:nxt.end + 30]) or (src.currency is not None and src.currency == nxt.currency):
            i += 1
            continue
        chain = [src, nxt]
        j = i + 2
        bracket = "(" in gap or "（" in gap or "[" in gap
        while bracket and j < len(mentions):
            g = text[chain[-1].end:mentions[j].start]
            if len(g) > _MAX_GAP or ")" in g or "）" in g or not _IN_CHAIN.fullmatch(g):
                break
            chain.append(mentions[j])
            j += 1
        # every pair of the chain with different currencies: "(20 billion euros, $23 billion)"
        for a in range(len(chain)):
            for b in range(a + 1, len(chain)):
                if chain[a].currency is None or chain[b].currency is None or chain[a].currency != chain[b].currency:
                    out.append((chain[a], chain[b], "conversion"))
        i = j
    return out


# ---- the verdict ------------------------------------------------------------------

@dataclass(frozen=True)
class _Options:
    band_fixings: int
    source_spread: Decimal
    hedge: Decimal
    gross_threshold: Decimal


def _round_to(value: Decimal, unit: Decimal) -> Decimal:
    return (value / unit).quantize(Decimal(1)) * unit


def _rate_text(rate_value: Decimal, base: str, quote: str) -> str:
    """'7.0621 CNY per USD': the direction above 1, the way rates are quoted."""
    if rate_value >= 1:
        return f"{significant(rate_value)} {quote} per {base}"
    return f"{significant(1 / rate_value)} {base} per {quote}"


def _check(value: Decimal, reported: Decimal, unit: Decimal, hedge: Decimal,
           rates: list[Decimal], spread: Decimal) -> tuple[bool, Decimal, Decimal, Decimal, Decimal, bool]:
    """Does ``reported`` hold for ``value`` converted at any rate of the band?

    Returns (consistent, expected_low, expected_high, accepted_low, accepted_high,
    only_by_rounding).
    """
    lo = value * min(rates) * (1 - spread)
    hi = value * max(rates) * (1 + spread)
    if lo > hi:  # negative amounts
        lo, hi = hi, lo
    half = unit / 2
    acc_lo = reported * (1 - hedge) - half if reported >= 0 else reported * (1 + hedge) - half
    acc_hi = reported * (1 + hedge) + half if reported >= 0 else reported * (1 - hedge) + half
    ok = acc_lo <= hi and lo <= acc_hi
    strict_lo = reported * (1 - hedge) if reported >= 0 else reported * (1 + hedge)
    strict_hi = reported * (1 + hedge) if reported >= 0 else reported * (1 - hedge)
    by_rounding = ok and not (strict_lo <= hi and lo <= strict_hi)
    return ok, lo, hi, acc_lo, acc_hi, by_rounding


def _evaluate(src: Mention, rep: Mention, day: dt.date, rates: Rates, opt: _Options,
              kind: str) -> Finding:
    if src.currency is None or rep.currency is None:
        which = src if src.currency is None else rep
        reason = (f"the currency of {which.text!r} is not certain"
                  + (f" ({which.evidence})" if which.evidence else ""))
        return Finding(src, rep, Verdict.UNVERIFIABLE, f"Cannot check: {reason}.", kind, reason=reason)
    if not src.amount and src.high is None and kind == "conversion":
        reason = f"{src.text!r} is zero: there is no conversion to check"
        return Finding(src, rep, Verdict.UNVERIFIABLE, f"Cannot check: {reason}.", kind, reason=reason)
    try:
        band = rates.history(src.currency, rep.currency, day, opt.band_fixings)
    except FxauditError as exc:
        reason = str(exc)
        return Finding(src, rep, Verdict.UNVERIFIABLE, f"Cannot check: {reason}.", kind, reason=reason)
    ref = band[0]
    values = [r.value for r in band]
    hedge = opt.hedge if rep.qualifier is Qualifier.APPROXIMATE else Decimal(0)
    if kind == "stated rate":
        # "($1 = 83.12 rupees)": the written rate is reported per unit of source
        per_unit = src.amount or Decimal(1)
        value, reported, unit = Decimal(1), rep.amount / per_unit, rep.precision / per_unit
        pairs = [(value, reported, unit)]
    else:
        pairs = [(src.amount, rep.amount, rep.precision)]
        if src.high is not None and rep.high is not None:
            pairs.append((src.high, rep.high, rep.precision))
    checks = [_check(v, r, u, hedge, values, opt.source_spread) for v, r, u in pairs]
    ok = all(c[0] for c in checks)
    worst = max(range(len(pairs)), key=lambda k: abs(pairs[k][1] / (pairs[k][0] * ref.value) - 1)
                if pairs[k][0] else 0)
    value, reported, unit = pairs[worst]
    _, lo, hi, acc_lo, acc_hi, by_rounding = checks[worst]
    expected = _CTX.multiply(value, ref.value)
    deviation = _CTX.divide(reported, expected) - 1 if expected else None
    implied = _CTX.divide(reported, value) if value else None
    tol = Tolerance(lo, hi, acc_lo, acc_hi, unit, hedge, opt.source_spread, min(values), max(values),
                    band[-1].date, ref.date)
    base_text = _describe_conversion(src, rep, value, expected, ref, kind)
    if ok:
        how = _rounding_words(rep, unit) if by_rounding else "matches"
        note = f" ({how})" if by_rounding else ""
        explanation = f"{base_text}; the text's {rep.text!r} is consistent{note}."
        return Finding(src, rep, Verdict.CONSISTENT, explanation, kind, None, expected, deviation,
                       implied, ref, tol, by_rounding)
    severity = Severity.GROSS if deviation is not None and abs(deviation) > opt.gross_threshold else Severity.ERROR
    direction = "too high" if deviation and deviation > 0 else "too low"
    implied_text = f"; it implies {_rate_text(implied, src.currency, rep.currency)}" if implied else ""
    size = (f"{deviation + 1:,.0f} times the exact value" if deviation >= 9 else
            f"{abs(deviation):.1%} {direction}")
    explanation = f"{base_text}; the text's {rep.text!r} is {size}{implied_text}."
    diagnosis = _diagnose(src, rep, value, reported, unit, hedge, day, rates, opt, implied, kind, values)
    return Finding(src, rep, Verdict.INCONSISTENT, explanation, kind, severity, expected, deviation,
                   implied, ref, tol, False, diagnosis)


def _describe_conversion(src: Mention, rep: Mention, value: Decimal, expected: Decimal, ref: Rate,
                         kind: str) -> str:
    when = f"the {ref.reference_text} of {ref.date}"
    if ref.is_fallback:
        when += f", the last before {ref.requested}"
    rate_words = _rate_text(ref.value, ref.base, ref.quote)
    if kind == "stated rate":
        return f"At {when}, 1 {src.currency} was {significant(ref.value)} {rep.currency}"
    return f"{_fmt(value, src.currency)} is {_fmt(expected, rep.currency)} at {when} ({rate_words})"


def _rounding_words(rep: Mention, unit: Decimal) -> str:
    if rep.qualifier is Qualifier.APPROXIMATE:
        return f"hedged with '{rep.qualifier_text}', written to the nearest {_plain_number(unit)}"
    return f"only after rounding to the nearest {_plain_number(unit)}, as the figure is written"



# ---- diagnosis ----------------------------------------------------------------------

_SLIPS = [(Decimal(10) ** k, name) for k, name in (
    (3, "a thousand"), (6, "a million"), (9, "a billion"), (1, "ten"), (2, "a hundred"),
    (5, "a lakh (100,000)"), (7, "a crore (10 million)"), (4, "ten thousand (万)"), (8, "10^8 (亿)"))]
#: Currencies a writer may have used by mistake for another: same symbol or word, or a neighbour.
_CONFUSED = {"USD": ("EUR", "HKD", "SGD", "AUD", "CAD", "NZD"), "EUR": ("USD", "GBP", "CHF"),
             "GBP": ("EUR", "USD"), "CNY": ("JPY", "HKD", "USD"), "JPY": ("CNY", "USD"),
             "HKD": ("USD", "CNY"), "SGD": ("USD", "MYR"), "AUD": ("USD", "NZD"), "CAD": ("USD",),
             "NZD": ("AUD", "USD"), "INR": ("PKR", "USD"), "CHF": ("EUR",), "SEK": ("NOK", "DKK"),
             "NOK": ("SEK", "DKK"), "DKK": ("SEK", "NOK"), "KRW": ("JPY",)}


def _diagnose(src: Mention, rep: Mention, value: Decimal, reported: Decimal, unit: Decimal,
              hedge: Decimal, day: dt.date, rates: Rates, opt: _Options, implied: Decimal | None,
              kind: str, band: list[Decimal]) -> str:

    def fits(v: Decimal, r: Decimal, u: Decimal, rate_values: list[Decimal]) -> bool:
        return _check(v, r, u, hedge, rate_values, opt.source_spread)[0]

    if kind == "conversion":
        for factor, name in _SLIPS:
            for sign, word in ((1, "too large"), (-1, "too small")):
                f = factor if sign > 0 else 1 / factor
                if fits(value, reported / f, unit / f, band):
                    return (f"magnitude slip: the figure is {name} times {word}; "
                            f"{_fmt(reported / f, rep.currency)} would be consistent")
        if value and fits(value, reported, unit, [1 / b for b in band]):
            return (f"inverted rate: the writer seems to have divided by the rate instead of "
                    f"multiplying (or the reverse): {_fmt(value, src.currency)} × "
                    f"{significant(1 / band[0])} = {_fmt(value / band[0], rep.currency)}")
        for other in dict.fromkeys(list(rep.candidates) + list(_CONFUSED.get(rep.currency, ()))):
            if other in (rep.currency, src.currency):
                continue
            try:
                alt = [r.value for r in rates.history(src.currency, other, day, opt.band_fixings)]
            except FxauditError:
                continue
            if fits(value, reported, unit, alt):
                return (f"another currency: the figure fits {other} "
                        f"({_fmt(value, src.currency)} = {_fmt(value * alt[0], other)})")
    if implied:
        when = _when_rate_held(src.currency, rep.currency, value, reported, unit, hedge, day, rates, opt)
        if when is not None:
            held, days = when
            if abs(days) <= 31:
                return (f"wrong date's rate: the figure matches the rate of {held} "
                        f"({abs(days)} days {'before' if days > 0 else 'after'} the text's date)")
            return (f"stale rate: the implied {_rate_text(implied, src.currency, rep.currency)} "
                    f"matches the rate of {held}, the last time it held before {day}")
    return "no simple explanation: not a magnitude slip, an inverted rate, another currency or an old rate"


def _when_rate_held(base: str, quote: str, value: Decimal, reported: Decimal, unit: Decimal,
                    hedge: Decimal, day: dt.date, rates: Rates, opt: _Options):
    """The fixing nearest before ``day`` (else after it) at which the figure was right."""
    if not value:
        return None
    half = unit / 2
    lo_ok = reported * (1 - hedge) - half
    hi_ok = reported * (1 + hedge) + half
    # conv = value × rate fits when lo_ok <= conv × (1 + spread) and conv × (1 - spread) <= hi_ok:
    # the same as a rate between two bounds, so each fixing costs two comparisons
    ends = (_CTX.divide(lo_ok, value * (1 + opt.source_spread)), _CTX.divide(hi_ok, value * (1 - opt.source_spread)))
    r_lo, r_hi = min(ends), max(ends)
    series = list(rates.series(base, quote))
    cut = bisect.bisect_right(series, day, key=lambda fixing: fixing[0])
    for fixing, rate_value in reversed(series[:cut]):
        if r_lo <= rate_value <= r_hi:
            return fixing, (day - fixing).days
    for fixing, rate_value in series[cut:]:
        if r_lo <= rate_value <= r_hi:
            return fixing, (day - fixing).days
    return None


# ---- the public function ----------------------------------------------------------

def _fraction(name: str, value: object) -> Decimal:
    try:
        d = Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        raise InvalidArgumentError(f"{name} must be a number such as 0.03, not {value!r}") from None
    if not d.is_finite() or not 0 <= d < 1:
        raise InvalidArgumentError(f"{name} must be a fraction from 0 to 1 (e.g. 0.03 for 3 %), not {value!r}")
    return d


def audit(text: str, date: object, *, locale: str = "en", rates: Rates | None = None,
          default_currency: str | None = None, band_fixings: int = BAND_FIXINGS,
          source_spread: object = SOURCE_SPREAD, hedge: object = HEDGE,
          gross_threshold: object = GROSS_THRESHOLD, references: object = None) -> Report:
    """Find the conversions stated in ``text`` and check them at the rates of ``date``.

    ``date`` is the text's date (a date, datetime or ISO string). The tolerance
    options default to the module constants :data:`BAND_FIXINGS`,
    :data:`SOURCE_SPREAD`, :data:`HEDGE` and :data:`GROSS_THRESHOLD`.

    >>> r = audit("The fine is 3,000 yuan (US$425).", "2020-04-15")
    >>> r.findings[0].verdict.value
    'consistent'

    ``references`` checks each figure against several references instead of
    one: a list of names (``"ecb"``, ``"fed"``, ``"frankfurter"``, see
    :func:`fxaudit.sources.reference_rates`) or :class:`~fxaudit.Rates` objects
    (``"ecb"`` means ``rates`` when given). Each finding then carries one
    :class:`ReferenceCheck` per reference in ``references``, is consistent when
    the figure fits any of them, and names the one it fits best (smallest
    deviation) in ``best_reference`` and in its explanation. A reference with no
    rate for the pair or date gives an unverifiable check with its reason.

    >>> f = audit("The fine is 3,000 yuan (US$425).", "2020-04-15",
    ...           references=["ecb", "fed"]).findings[0]
    >>> [(c.reference, c.verdict.value) for c in f.references], f.best_reference
    ([('ecb', 'consistent'), ('fed', 'consistent')], 'ecb')
    """
    day = as_date(date, "the text's date")
    if not isinstance(band_fixings, int) or isinstance(band_fixings, bool) or not 0 <= band_fixings <= 30:
        raise InvalidArgumentError(f"band_fixings must be an int from 0 to 30, not {band_fixings!r}")
    opt = _Options(band_fixings, _fraction("source_spread", source_spread), _fraction("hedge", hedge),
                   _fraction("gross_threshold", gross_threshold))
    if rates is not None and not callable(getattr(rates, "history", None)):
        raise InvalidArgumentError(f"rates must be a fxaudit.Rates such as fxaudit.Rates(table), "
                                   f"or None for the bundled ECB rates, not {type(rates).__name__}")
    rates = rates or default_rates()
    mentions = extract(text, locale=locale, default_currency=default_currency)
    if references is None:
        findings = [_evaluate(s, r, day, rates, opt, kind) for s, r, kind in _pairs(text, mentions)]
    else:
        refs = _references(references, rates)
        findings = [_evaluate_references(s, r, day, refs, opt, kind) for s, r, kind in _pairs(text, mentions)]
    findings = _link_repeats(findings, mentions)
    return Report(text, day, tuple(findings), tuple(mentions))


# ---- several references ----------------------------------------------------------------

def _references(references: object, rates: Rates) -> list[tuple[str, Rates]]:
    """(name, Rates) for each entry of ``references``; "ecb" is ``rates``."""
    from .sources import reference_rates

    if isinstance(references, (str, Rates)):
        references = [references]
    try:
        entries = list(references)  # type: ignore[call-overload]
    except TypeError:
        raise InvalidArgumentError(f"references must be a list of names such as ['ecb', 'fed'] or "
                                   f"of fxaudit.Rates, not {references!r}") from None
    if not entries:
        raise InvalidArgumentError("references must name at least one reference, e.g. ['ecb', 'fed']")
    out: list[tuple[str, Rates]] = []
    for entry in entries:
        if isinstance(entry, Rates):
            out.append((entry.name, entry))
        elif isinstance(entry, str):
            name = entry.strip().lower()
            out.append((name, rates if name == "ecb" else reference_rates(name)))
        else:
            raise InvalidArgumentError(f"a reference is a name such as 'fed' or a fxaudit.Rates, "
                                       f"not {entry!r}")
    names = [n for n, _ in out]
    if len(set(names)) != len(names):
        raise InvalidArgumentError(f"each reference may appear once; got {names} (give Rates objects "
                                   f"different names with Rates(..., name=...))")
    return out


def _evaluate_references(src: Mention, rep: Mention, day: dt.date, refs: list[tuple[str, Rates]],
                         opt: _Options, kind: str) -> Finding:
    """One finding checked against every reference; its body is the best-fitting reference's."""
    per = [(name, _evaluate(src, rep, day, rates, opt, kind)) for name, rates in refs]
    checks = tuple(ReferenceCheck(name, f.verdict, f.expected, f.deviation, f.rate, f.reason)
                   for name, f in per)
    verdicts = {f.verdict for _, f in per}
    overall = next(v for v in (Verdict.CONSISTENT, Verdict.INCONSISTENT, Verdict.UNVERIFIABLE) if v in verdicts)
    candidates = [(name, f) for name, f in per if f.verdict is overall]
    best_name, best = min(candidates, key=lambda nf: abs(nf[1].deviation) if nf[1].deviation is not None
                          else Decimal("Infinity"))
    if overall is Verdict.UNVERIFIABLE:
        reason = "; ".join(f"{name}: {f.reason}" for name, f in per)
        return replace(best, explanation=f"Cannot check against any reference: {reason}.", reason=reason,
                       references=checks, best_reference=None)
    if len(per) == 1:
        return replace(best, references=checks, best_reference=best_name)

    def pct(deviation: Decimal | None) -> str:
        if deviation is None:
            return "n/a"
        return f"{deviation:+.2%}" if abs(deviation) >= Decimal("0.00005") else "0.00%"

    def words(name: str, f: Finding) -> str:
        if f.verdict is Verdict.UNVERIFIABLE:
            return f"{name} cannot tell ({f.reason})"
        return f"{name} {pct(f.deviation)} ({f.verdict.value})"

    others = "; ".join(words(name, f) for name, f in per if name != best_name)
    explanation = (f"{best.explanation} Of {len(per)} references it fits {best_name} best "
                   f"({pct(best.deviation)} off); {others}.")
    return replace(best, explanation=explanation, references=checks, best_reference=best_name)


def _link_repeats(findings: list[Finding], mentions: list[Mention]) -> list[Finding]:
    """Attach to each finding the bare mentions elsewhere that repeat its reported figure."""
    used = {id(m) for f in findings for m in (f.source, f.reported)}
    out = []
    for f in findings:
        repeats = tuple(m for m in mentions if id(m) not in used and m.currency == f.reported.currency
                        and m.amount == f.reported.amount and m.high == f.reported.high)
        if repeats:
            f = replace(f, repeats=repeats)
        out.append(f)
    return out
