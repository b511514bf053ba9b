#!/usr/bin/env python3
"""Score fxaudit on the multilingual development set, per language.

    python tests/data/score_multilingual.py [CORPUS] [--lang xx] [--errors] [--json] [--locale-from-lang]

CORPUS defaults to ../shared/corpora/multilingual_money.jsonl beside the repository (the corpus
text is not stored in this repository; its README gives the label conventions).

Mentions (fxaudit.extract): a predicted mention is a true positive when its span overlaps a
labelled mention's span, its amount equals the label's (as Decimals, sign ignored: labels are
unsigned) and its currency equals the label's (a label with currency null matches any currency).
A label is one amount and the corpus labels each end of a range as its own mention, so a predicted
range matches a label when either its low end (``amount``) or its ``high`` equals it; it can match
one label per end (both count for recall, the prediction counts once for precision). Every label is
matched at most once. Precision = matched predictions / predicted, recall = matched labels /
labelled. "found" is the share of labels that some prediction overlaps (amount and currency
ignored), so one sees what is missed entirely apart from what is misread.

Conversions: gold pairs [i, j] (mention i presented converted into mention j). Predicted pairs come
from fxaudit.find_conversions(text) when it exists, else from the findings of
fxaudit.audit(text, date) (kind "conversion" only; stated rates are not pairs), with the passage's
date or 2020-01-15 when it has none (pairing does not depend on rates: a finding whose rate is
unavailable is still a finding). A predicted pair is a true positive when its source overlaps gold
mention i and its target overlaps gold mention j of a not yet matched gold pair. "rev" counts the
predicted pairs that match a gold pair the other way round (they are not true positives).

--lang xx          only that language
--errors           per passage: missed / misread / extra mentions and pairs, and fxaudit errors
--json             the per-language numbers as JSON
--locale-from-lang pass locale=<lang> to fxaudit (default: none, fxaudit must read text unaided)
If fxaudit raises on a passage, all its labels count as missed and the error is listed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import warnings
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[2] / "shared" / "corpora" / "multilingual_money.jsonl"
NO_DATE = dt.date(2020, 1, 15)
COUNTS = ("passages", "failed", "labelled", "predicted", "tp_pred", "tp_gold", "found",
          "gold_pairs", "pred_pairs", "tp_pairs", "rev_pairs")


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def short(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return repr(s if len(s) <= n else s[: n - 1] + "…")


def shown(m) -> str:
    high = f"-{m.high}" if m.high is not None else ""
    return f"{m.amount}{high} {m.currency}"


def predicted_pairs(fx, text: str, date, kw: dict) -> list:
    """(source, target) Mentions of the conversions fxaudit finds in the text."""
    find = getattr(fx, "find_conversions", None)
    if find is not None:
        items = find(text, **kw)
    else:
        day = dt.date.fromisoformat(date) if date else NO_DATE
        items = fx.audit(text, day, **kw).findings
    pairs = []
    for it in items:
        kind = it[2] if isinstance(it, tuple) and len(it) > 2 else getattr(it, "kind", "conversion")
        if kind != "conversion":
            continue  # a stated rate "($1 = 83.12 rupees)" is not a conversion pair
        if isinstance(it, tuple):
            pairs.append((it[0], it[1]))
        else:
            target = getattr(it, "target", None) or getattr(it, "reported", None)
            pairs.append((it.source, target))
    return pairs


def matches(p, end: Decimal, g: dict) -> bool:
    return (overlaps((p.start, p.end), (g["start"], g["end"])) and abs(end) == Decimal(g["amount"])
            and (g["currency"] is None or p.currency == g["currency"]))


def score_mentions(pred: list, gold: list[dict], c: dict, out: list) -> None:
    used: set[int] = set()  # labels matched
    for p in pred:
        hit = False
        for end in [p.amount] if p.high is None else [p.amount, p.high]:
            k = next((k for k, g in enumerate(gold) if k not in used and matches(p, end, g)), None)
            if k is not None:
                used.add(k)
                hit = True
        c["tp_pred"] += hit
        near = [k for k, g in enumerate(gold) if overlaps((p.start, p.end), (g["start"], g["end"]))]
        if not hit and not near:
            out.append(f"extra   {short(p.text)} {shown(p)}")
        elif not hit and all(k in used for k in near):
            out.append(f"extra   {short(p.text)} {shown(p)} (its label matched by another)")
    c["tp_gold"] += len(used)
    for k, g in enumerate(gold):  # a misread label is reported here, with what was read
        near = [p for p in pred if overlaps((p.start, p.end), (g["start"], g["end"]))]
        c["found"] += bool(near)
        gold_text = f"{short(g['surface'])} gold {g['amount']} {g['currency']}"
        if near and k not in used:
            out.append(f"misread {gold_text}, got {short(near[0].text)} {shown(near[0])}")
        elif not near:
            out.append(f"missed  {gold_text}")


def score_pairs(pred: list, doc: dict, c: dict, out: list) -> None:
    gold = doc["mentions"]
    span = lambda k: (gold[k]["start"], gold[k]["end"])  # noqa: E731
    todo = [tuple(p) for p in doc["conversions"]]
    for s, t in pred:
        ps, pt = (s.start, s.end), (t.start, t.end)
        hit = next((p for p in todo if overlaps(ps, span(p[0])) and overlaps(pt, span(p[1]))), None)
        if hit:
            todo.remove(hit)
            c["tp_pairs"] += 1
            continue
        rev = any(overlaps(ps, span(j)) and overlaps(pt, span(i)) for i, j in doc["conversions"])
        c["rev_pairs"] += rev
        out.append(f"{'pair reversed' if rev else 'pair false'} {short(s.text, 30)} -> {short(t.text, 30)}")
    for i, j in todo:
        out.append(f"pair missed {short(gold[i]['surface'], 30)} -> {short(gold[j]['surface'], 30)}")


def score(corpus: Path, lang: str | None = None, locale_from_lang: bool = False,
          show_errors: bool = False) -> dict[str, dict]:
    sys.path.insert(0, str(HERE.parents[1]))
    import fxaudit as fx

    warnings.simplefilter("ignore")  # stale-rates and similar warnings are not the point here
    counts: dict[str, dict] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    with corpus.open(encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    for doc in docs:
        if lang and doc["lang"] != lang:
            continue
        c = counts[doc["lang"]]
        kw = {"locale": doc["lang"]} if locale_from_lang else {}
        c["passages"] += 1
        c["labelled"] += len(doc["mentions"])
        c["gold_pairs"] += len(doc["conversions"])
        out: list[str] = []
        try:
            mentions = fx.extract(doc["text"], **kw)
            pairs = predicted_pairs(fx, doc["text"], doc["date"], kw)
        except Exception as exc:  # noqa: BLE001 - one passage must not stop the run
            c["failed"] += 1
            out.append(f"ERROR {type(exc).__name__}: {str(exc)[:120]}")
            out += [f"missed  {short(g['surface'])} (error)" for g in doc["mentions"]]
            out += [f"pair missed {i}->{j} (error)" for i, j in doc["conversions"]]
        else:
            c["predicted"] += len(mentions)
            c["pred_pairs"] += len(pairs)
            score_mentions(mentions, doc["mentions"], c, out)
            score_pairs(pairs, doc, c, out)
        if show_errors:
            for line in out:
                print(f"{doc['id']} {doc['lang']} {line}")
    result = {k: counts[k] for k in sorted(counts)}
    result["all"] = {k: sum(c[k] for c in counts.values()) for k in COUNTS}
    for c in result.values():
        c["precision"] = ratio(c["tp_pred"], c["predicted"])
        c["recall"] = ratio(c["tp_gold"], c["labelled"])
        c["found_recall"] = ratio(c["found"], c["labelled"])
        c["pair_precision"] = ratio(c["tp_pairs"], c["pred_pairs"])
        c["pair_recall"] = ratio(c["tp_pairs"], c["gold_pairs"])
    return result


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None  # nothing to divide by: shown as "–"


def table(result: dict[str, dict]) -> str:
    rows = ["| lang | passages | labelled | predicted | P | R | found | gold pairs | pred pairs "
            "| pair P | pair R | rev | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, c in result.items():
        pct = lambda key: "–" if c[key] is None else f"{c[key]:.2f}"  # noqa: E731
        cells = [name, c["passages"], c["labelled"], c["predicted"], pct("precision"), pct("recall"),
                 pct("found_recall"), c["gold_pairs"], c["pred_pairs"], pct("pair_precision"),
                 pct("pair_recall"), c["rev_pairs"], c["failed"]]
        if name == "all":
            cells = [f"**{x}**" for x in cells]
        rows.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="Score fxaudit on the multilingual development set.")
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--lang", help="only this language (ISO 639-1)")
    ap.add_argument("--errors", action="store_true", help="print misses and false positives")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--locale-from-lang", action="store_true", help="pass locale=<lang> to fxaudit")
    args = ap.parse_args()
    res = score(args.corpus, args.lang, args.locale_from_lang, args.errors and not args.json)
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        import fxaudit

        how = "fxaudit.find_conversions" if hasattr(fxaudit, "find_conversions") else "fxaudit.audit findings"
        locale = "from the language" if args.locale_from_lang else "none passed"
        print(f"\nlocale: {locale}; pairs from {how}\n")
        print(table(res))
