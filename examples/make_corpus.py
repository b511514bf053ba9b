"""Write a synthetic corpus of short news items with currency conversions, as JSON lines.

Each line is one document: ``{"id", "date", "text", "label"}``. The texts are
made from the templates below; the converted figures are computed with
fxaudit's own (ECB) rates for the document's date, then either written
correctly or spoiled on purpose, and ``label`` says which:

- ``ok``        the conversion at the day's rate, rounded as a writer would;
- ``slip``      the figure ten or a thousand times too large (a magnitude slip);
- ``inverted``  the amount divided by the rate instead of multiplied;
- ``stale``     converted at the rate of several years earlier;
- ``none``      no conversion in the text (one amount, or none).

Every spoiled figure is at least 8 % away from the right one, well outside
fxaudit's tolerance, so an audit should flag exactly the spoiled documents.
The output is the same for the same ``--seed`` and ``-n``.

    python examples/make_corpus.py -n 1000 --seed 2026 -o examples/corpus.jsonl
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from decimal import Decimal

import fxaudit

FIRST_DAY = dt.date(2005, 1, 3)
LAST_DAY = dt.date(2026, 10, 30)

# (code, ways to write an amount of it; {n} is the number)
SOURCES = {
    "CNY": ["{n} yuan", "{n} yuan"],
    "EUR": ["{n} euros", "€{n}"],
    "GBP": ["£{n}", "{n} pounds sterling"],
    "JPY": ["{n} yen"],
    "INR": ["{n} Indian rupees"],
    "CHF": ["{n} Swiss francs"],
    "SEK": ["{n} Swedish kronor"],
    "KRW": ["{n} South Korean won"],
    "BRL": ["{n} Brazilian reais"],
    "MXN": ["{n} Mexican pesos"],
    "ZAR": ["{n} rand"],
    "PLN": ["{n} zlotys"],
}
# big-unit currencies: amounts a hundred times larger
BIG_UNITS = {"JPY", "KRW", "INR"}
TARGETS = {"USD": ["US${n}", "{n} US dollars"], "EUR": ["€{n}", "{n} euros"]}

CONVERSION_TEMPLATES = [
    "The council approved {src} ({rep}) to repair the old harbour wall, officials said.",
    "Investors put {src}, or about {rep}, into the delivery start-up's latest funding round.",
    "A painting by a little-known local artist sold for {src} ({rep}) at auction on {weekday}.",
    "Organisers say the festival took {src} ({rep}) in ticket sales over three days.",
    "The fine of {src} ({rep}) is the largest the regulator has handed out this year.",
    "Prize money for the winner of the city marathon has gone up to {src} ({rep}).",
    "The ministry has set aside {src} ({rep}) for flood defences along the river.",
    "Each household hit by the power cut will get {src} ({rep}) in compensation.",
    "The club agreed a fee of {src} ({rep}) for the young goalkeeper on {weekday}.",
    "A new wing of the hospital, which cost {src} ({rep}), opened to patients last week.",
    "The charity said its winter appeal raised {src} ({rep}), a record for the group.",
    "Police are offering a reward of {src} ({rep}) for information about the robbery.",
    "The airline will spend {src}, or roughly {rep}, on new seats for its long-haul fleet.",
    "Farmers will share {src} ({rep}) in drought relief, the agriculture office announced.",
    "The studio's new film earned {src} ({rep}) in its opening weekend.",
]
PLAIN_TEMPLATES = [
    "The council approved {src} to repair the old harbour wall, officials said.",
    "Ticket prices at the zoo will stay at {src} for children until the summer.",
    "The charity said its winter appeal raised {src}, a record for the group.",
    "Rain held up the harvest by two weeks, farmers in the valley said on {weekday}.",
    "The museum will reopen on {weekday} after a long renovation of its east wing.",
    "The bridge will be closed to lorries for a month while engineers inspect it.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LABELS = [("ok", 60), ("none", 15), ("slip", 8), ("inverted", 8), ("stale", 9)]


def _sig(value: Decimal, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` significant digits."""
    if not value:
        return value
    exp = value.adjusted() - digits + 1
    return value.quantize(Decimal(1).scaleb(exp)).normalize()


def _amount_text(value: Decimal, digits: int = 3) -> str:
    """A figure as a writer would round it: '818', '42,300', '4.23 million', '1.2 billion'."""
    if value < 1000:
        return f"{value.quantize(Decimal(1)):,}"
    if value < 1_000_000:
        return f"{_sig(value, digits).quantize(Decimal(1)):,}"
    for scale, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if value >= scale:
            scaled = _sig(value / scale, digits)
            text = f"{scaled:f}".rstrip("0").rstrip(".") if "." in f"{scaled:f}" else f"{scaled:f}"
            return f"{text} {word}"
    raise AssertionError(value)


def _source_amount(rng: random.Random, code: str) -> Decimal:
    kind = rng.choice(["small", "small", "medium", "millions", "billions"])
    if kind == "small":
        value = Decimal(rng.randrange(5, 100)) * 100               # 500 to 9,900
    elif kind == "medium":
        value = Decimal(rng.randrange(10, 100)) * 10_000          # 100,000 to 990,000
    elif kind == "millions":
        value = Decimal(rng.randrange(12, 990)) / 10 * 10 ** 6    # 1.2 to 98.9 million
    else:
        value = Decimal(rng.randrange(11, 50)) / 10 * 10 ** 9     # 1.1 to 4.9 billion
    if code in BIG_UNITS:
        value *= 100
    return _sig(value, 2)            # as it will be written: '4.8 billion', '5,600'


def _day(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def _rate(src: str, rep: str, day: dt.date) -> Decimal | None:
    try:
        return fxaudit.rate(src, rep, day).value
    except fxaudit.FxauditError:
        return None


def _spoil(rng: random.Random, label: str, amount: Decimal, src: str, rep: str, day: dt.date,
           rate: Decimal) -> Decimal | None:
    """The wrong figure for ``label``, or None when it would not be clearly wrong."""
    right = amount * rate
    if label == "slip":
        wrong = right * rng.choice([10, 10, 1000])
    elif label == "inverted":
        wrong = amount / rate
    else:  # stale: the rate of 2 to 9 years before
        then = day - dt.timedelta(days=rng.randrange(730, 3300))
        old = _rate(src, rep, then) if then >= dt.date(1999, 1, 4) else None
        if old is None:
            return None
        wrong = amount * old
    if abs(wrong / right - 1) < Decimal("0.08"):
        return None
    return wrong


def make_document(rng: random.Random, number: int) -> dict:
    label = rng.choices([name for name, _ in LABELS], weights=[w for _, w in LABELS])[0]
    while True:
        day = _day(rng)
        src = rng.choice(sorted(SOURCES))
        rep = "EUR" if src in ("GBP", "CHF", "SEK", "PLN") and rng.random() < 0.4 else "USD"
        if src == "EUR":
            rep = "USD"
        rate = _rate(src, rep, day)
        if rate is None:
            continue
        amount = _source_amount(rng, src)
        src_text = rng.choice(SOURCES[src]).format(n=_amount_text(amount, 2))
        weekday = WEEKDAYS[day.weekday()]
        if label == "none":
            text = rng.choice(PLAIN_TEMPLATES).format(src=src_text, weekday=weekday)
            break
        value = amount * rate if label == "ok" else _spoil(rng, label, amount, src, rep, day, rate)
        if value is None or value < 1:
            continue
        rep_text = rng.choice(TARGETS[rep]).format(n=_amount_text(value))
        text = rng.choice(CONVERSION_TEMPLATES).format(src=src_text, rep=rep_text, weekday=weekday)
        break
    return {"id": f"doc-{number:05d}", "date": day.isoformat(), "text": text, "label": label}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="number of documents (default 1000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    lines = (json.dumps(make_document(rng, number), ensure_ascii=False) + "\n"
             for number in range(1, args.n + 1))
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(lines)
    else:
        sys.stdout.writelines(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
