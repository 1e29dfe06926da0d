"""The real spinners' word table (scripts/learn_real_words.py -> data/spin-real-words.tsv)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from unspin.spin.resources import real_words

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def script():
    sys.path.insert(0, str(ROOT))  # (the script reads benchmarks.tortured's split)
    spec = importlib.util.spec_from_file_location("learn_real_words", ROOT / "scripts" / "learn_real_words.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("tortured, expected, pairs", [
    ("counterfeit consciousness", "artificial intelligence",
     [("counterfeit", "artificial"), ("consciousness", "intelligence")]),
    ("profound learning", "deep learning", [("profound", "deep")]),  # unchanged words give nothing
    ("malignant growth", "cancer", []),  # lengths differ: no word alignment
    ("with the help of", "by the help of", []),  # function words are left out
    ("k-closest neighbors", "k-nearest neighbors", [("closest", "nearest")]),
])
def test_aligned_pairs(script, tortured, expected, pairs):
    assert script.aligned(tortured, expected) == pairs


def test_inflected_pairs_also_count_for_their_lemmas(script):
    counts = script.learn([("fluffy assaults", "fuzzy attacks"), ("assault vector", "attack vector")])
    assert counts[("assaults", "attacks")] == 1
    assert counts[("assault", "attack")] == 2  # once from each pair
    assert counts[("fluffy", "fuzzy")] == 1
    # one pair counts a substitution once, however often it holds it
    assert script.learn([("fluffy fluffy", "fuzzy fuzzy")])[("fluffy", "fuzzy")] == 1


def test_shipped_table_is_what_the_script_learns_from_the_tune_half(script, shared_data):
    from benchmarks.tortured import load_pairs, split_of

    pairs = load_pairs(shared_data / "pps" / "tortured-dev.csv")
    tune = [p for p in pairs if split_of(p[0]) == "tune"]
    learned = script.learn(tune)
    shipped = {(s, o): n for s, origs in real_words().items() for o, n in origs}
    assert shipped == dict(learned)
    # a substitution only the TEST half holds is not in the table
    test_only = set(script.learn([p for p in pairs if split_of(p[0]) == "test"])) - set(learned)
    assert test_only and not test_only & set(shipped)
