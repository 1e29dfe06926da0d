"""The real spinners' word table (scripts/learn_real_words.py -> data/spin-real-words.tsv)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from unspin.spin.resources import real_words

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def script():
    sys.path.insert(0, str(ROOT))  # (the script reads benchmarks.tortured's split)
    tortured = pytest.importorskip("benchmarks.tortured")
    return tortured.learner()


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


def test_shipped_table_is_what_the_script_learns_from_the_list(script, shared_data):
    pairs = script.pairs_of(shared_data / "pps" / "tortured-dev.csv", "all")
    shipped = {(s, o): n for s, origs in real_words().items() for o, n in origs}
    assert shipped == dict(script.learn(pairs))


@pytest.mark.parametrize("writer, learner", [("write_table", "learn"), ("write_terms", "learn_terms")])
def test_the_benchmark_tables_hold_nothing_only_the_test_half_has(script, shared_data, tmp_path, writer, learner):
    path = shared_data / "pps" / "tortured-dev.csv"
    out = tmp_path / "tune.tsv"
    n, m = getattr(script, writer)(path, "tune", out)
    assert 0 < m < len(script.pairs_of(path, "all"))
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    table = {(a, b) for a, b, _ in rows}
    assert len(table) == n
    learn = getattr(script, learner)
    tune = set(learn(script.pairs_of(path, "tune")))
    test_only = set(learn(script.pairs_of(path, "test"))) - tune
    assert table == tune and test_only and not test_only & table


def test_a_table_named_by_the_environment_replaces_the_shipped_one(table_from_env):
    from unspin.spin import resources

    table_from_env(resources.REAL_WORDS_ENV, "# mine\nwoodland\tforest\t3\n")
    assert resources.real_words() == {"woodland": (("forest", 3),)}


def test_a_malformed_table_is_a_clear_error(table_from_env):
    from unspin.errors import UnspinError
    from unspin.spin import resources

    table_from_env(resources.REAL_WORDS_ENV, "woodland forest 3\n")
    with pytest.raises(UnspinError, match="line 1"):
        resources.real_words()


def test_without_the_variable_the_shipped_table_is_read(monkeypatch):
    from unspin.spin import resources

    monkeypatch.delenv(resources.REAL_WORDS_ENV, raising=False)
    resources.real_words.cache_clear()
    assert len(resources.real_words()) > 1000


# --- the terms of the field (data/spin-real-terms.tsv) ---

@pytest.mark.parametrize("expected, pairs", [
    ("artificial intelligence", {("artificial", "intelligence")}),
    ("convolutional neural networks",  # the plural also gives its lemma
     {("convolutional", "neural"), ("neural", "networks"), ("neural", "network")}),
    ("bag of words", set()),  # a function word between: no adjacent content words
    ("x-ray images", {("ray", "images"), ("ray", "image")}),  # "x" is no content word
    ("k-nearest neighbors", {("nearest", "neighbors"), ("nearest", "neighbor")}),
])
def test_term_pairs_of_an_original_phrase(script, expected, pairs):
    from unspin.spin.resources import shared_lm

    assert script.term_pairs(expected, shared_lm().known) == pairs


def test_terms_are_counted_once_per_phrase_and_only_from_originals(script):
    counts = script.learn_terms([("counterfeit consciousness", "artificial intelligence"),
                                 ("fake consciousness", "artificial intelligence"),
                                 ("profound learning", "deep learning deep learning")])
    assert counts[("artificial", "intelligence")] == 2
    assert counts[("deep", "learning")] == 1
    assert ("counterfeit", "consciousness") not in counts  # the tortured side is never stored


def test_shipped_terms_are_what_the_script_learns_from_the_list(script, shared_data):
    from unspin.spin.resources import real_terms

    pairs = script.pairs_of(shared_data / "pps" / "tortured-dev.csv", "all")
    assert real_terms() == dict(script.learn_terms(pairs))


def test_a_term_table_named_by_the_environment_replaces_the_shipped_one(table_from_env):
    from unspin.spin import resources, terms

    table_from_env(resources.REAL_TERMS_ENV, "# mine\nthin\tfilms\t2\n")
    assert resources.real_terms() == {("thin", "films"): 2}
    assert terms.known("thin", "films") and terms.known("thin", "film") is False
    assert not terms.known("activation", "function")


def test_a_malformed_term_table_is_a_clear_error(table_from_env):
    from unspin.errors import UnspinError
    from unspin.spin import resources

    table_from_env(resources.REAL_TERMS_ENV, "thin films 2\n")
    with pytest.raises(UnspinError, match="line 1"):
        resources.real_terms()


def test_the_benchmark_reads_its_tune_half_tables(shared_data):
    """benchmarks.tortured.use_tune_table points both variables at tables learned
    from the TUNE half, and what is read afterwards is those tables. (In a fresh
    process: the detector's per-word caches would keep the TUNE tables' candidates.)"""
    code = f"""
import os, sys
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from benchmarks import tortured
from unspin.spin import resources
for v in (resources.REAL_WORDS_ENV, resources.REAL_TERMS_ENV):
    os.environ.pop(v, None)
path = Path({str(shared_data / "pps" / "tortured-dev.csv")!r})
note = tortured.use_tune_table(path)
assert "TUNE half only" in note, note
script = tortured.learner()
tune = script.pairs_of(path, "tune")
assert resources.real_terms() == dict(script.learn_terms(tune))
words = {{(s, o): n for s, origs in resources.real_words().items() for o, n in origs}}
assert words == dict(script.learn(tune))
print("ok")
"""
    env = {k: v for k, v in os.environ.items() if k not in ("UNSPIN_REAL_WORDS", "UNSPIN_REAL_TERMS")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]
