"""Precision and recall of extract() on the hand-labelled Reuters sample (needs ../shared)."""
import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpora" / "reuters21578.jsonl"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpora not present")
def test_precision_and_recall_on_the_labelled_sample():
    spec = importlib.util.spec_from_file_location("scorer", HERE / "data" / "score_reuters_sample.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    result = scorer.score(CORPUS)
    assert result["labelled"] == 585
    assert result["precision"] >= 0.98 and result["recall"] >= 0.95, result
