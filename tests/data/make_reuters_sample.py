"""Reproducibly select the Reuters-21578 evaluation sample for fxaudit.

Usage: python make_reuters_sample.py [CORPUS_JSONL] > reuters_sample_ids.txt

Selection: stories with non-empty text of at most 6000 characters are split
into a "money-cue" pool (text matches MONEY_CUE) and a "no-cue" pool. With
random.Random(20201415) we draw 170 ids from the money-cue pool and then 50
ids from the no-cue pool (pools are in corpus file order before sampling).
The selected ids are printed in corpus order, one per line.
"""
import json
import random
import re
import sys

SEED = 20201415
N_CUE, N_NOCUE = 170, 50
MAX_LEN = 6000
MONEY_CUE = re.compile(
    r"(?i)\b(dlrs?|dollars?|yen|stg|sterling|marks?|francs?|cts|cents|lire|"
    r"pesos?|crowns?|guilders?|rupees?|yuan|pounds?)\b|[$£¥]"
)
DEFAULT_CORPUS = "/work/shared/corpora/reuters21578.jsonl"


def select(corpus_path=DEFAULT_CORPUS):
    cue, nocue, order = [], [], {}
    with open(corpus_path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            story = json.loads(line)
            text = story.get("text") or ""
            if not text.strip() or len(text) > MAX_LEN:
                continue
            order[story["id"]] = i
            (cue if MONEY_CUE.search(text) else nocue).append(story["id"])
    rng = random.Random(SEED)
    chosen = rng.sample(cue, N_CUE) + rng.sample(nocue, N_NOCUE)
    return sorted(chosen, key=order.__getitem__)


if __name__ == "__main__":
    for story_id in select(*sys.argv[1:2]):
        print(story_id)
