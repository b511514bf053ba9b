"""Validate tests/data/reuters_sample.jsonl against the Reuters-21578 corpus.

Usage: python check_reuters_sample.py [CORPUS_JSONL] [SAMPLE_JSONL]

Checks, for every labelled story:
  * the id exists in the corpus and appears only once in the sample;
  * every mention has a non-empty "text" that occurs verbatim in the story
    text, in order and non-overlapping (each surface is searched for starting
    at the end of the previous mention's match);
  * "amount" (and "high", if present) are plain decimal strings that parse as
    decimal.Decimal, are non-negative, and high >= amount;
  * "currency" is null or a three-letter upper-case code;
  * no unexpected keys are present.
Also checks that the set of ids equals the output of make_reuters_sample.py.
Exits with status 1 and prints every problem if anything is wrong.
"""
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_reuters_sample import DEFAULT_CORPUS, select

ALLOWED_KEYS = {"text", "amount", "currency", "high", "note"}
DECIMAL_RE = re.compile(r"^\d+(\.\d+)?$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def parse_amount(value, where, problems):
    if not isinstance(value, str) or not DECIMAL_RE.match(value):
        problems.append(f"{where}: not a plain decimal string: {value!r}")
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        problems.append(f"{where}: Decimal() rejects {value!r}")
        return None


def check(corpus_path=DEFAULT_CORPUS, sample_path=None):
    sample_path = sample_path or os.path.join(HERE, "reuters_sample.jsonl")
    with open(sample_path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    wanted = {row["id"] for row in rows}
    texts = {}
    with open(corpus_path, encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            if story["id"] in wanted:
                texts[story["id"]] = story.get("text") or ""

    problems, seen, n_mentions = [], set(), 0
    for row in rows:
        sid = row["id"]
        if sid in seen:
            problems.append(f"{sid}: duplicate id")
        seen.add(sid)
        if sid not in texts:
            problems.append(f"{sid}: id not in corpus")
            continue
        text, pos = texts[sid], 0
        for k, m in enumerate(row["mentions"]):
            where = f"{sid} mention {k} {m.get('text')!r}"
            n_mentions += 1
            extra = set(m) - ALLOWED_KEYS
            if extra:
                problems.append(f"{where}: unexpected keys {sorted(extra)}")
            surface = m.get("text")
            if not surface:
                problems.append(f"{where}: empty text")
            else:
                found = text.find(surface, pos)
                if found < 0:
                    problems.append(f"{where}: not found at/after offset {pos}")
                else:
                    pos = found + len(surface)
            low = parse_amount(m.get("amount"), where + " amount", problems)
            if "high" in m:
                high = parse_amount(m["high"], where + " high", problems)
                if low is not None and high is not None and high < low:
                    problems.append(f"{where}: high < amount")
            cur = m.get("currency")
            if cur is not None and not (isinstance(cur, str) and CURRENCY_RE.match(cur)):
                problems.append(f"{where}: bad currency {cur!r}")

    expected = set(select(corpus_path))
    if seen != expected:
        problems.append(
            f"sample ids differ from make_reuters_sample.py: "
            f"{len(seen - expected)} extra, {len(expected - seen)} missing"
        )
    return rows, n_mentions, problems


if __name__ == "__main__":
    rows, n_mentions, problems = check(*sys.argv[1:3])
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(rows)} stories, {n_mentions} mentions, {len(problems)} problems")
    sys.exit(1 if problems else 0)
