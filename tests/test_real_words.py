"""The real spinners' word and phrase tables and the terms of the field
(scripts/learn_real_words.py -> data/spin-real-words.tsv, spin-real-phrases.tsv, spin-real-terms.tsv)."""

from __future__ import annotations

import os
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


@pytest.mark.parametrize("writer, learner", [("write_table", "learn"), ("write_terms", "learn_terms"),
                                             ("write_phrases", "learn_phrases")])
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
    resources.reload_tables()
    assert len(resources.real_words()) > 1000


def test_a_new_table_reaches_every_cache_computed_from_the_old_one(table_from_env):
    from unspin.spin import collocation, lexical, precise, resources, terms
    from unspin.spin.tokens import tokenize

    def seen() -> tuple:
        return (any(c == "bicycle" for c, _, _ in lexical._word_cands("woodland")),
                any(c == "bicycle" for c, _ in collocation.word_cands("woodland")),
                any(c == "bicycle" for c, _ in precise.slot_pool("woodland")),
                terms.known("woodland", "bicycle"))

    lexical.propose(tokenize("The woodland path was quiet."))  # fill the caches from the shipped tables
    odds = lexical.real_odds("woodland")
    assert seen() == (False, False, False, False)
    table_from_env(resources.REAL_WORDS_ENV, "woodland\tbicycle\t3\n")
    table_from_env(resources.REAL_TERMS_ENV, "woodland\tbicycle\t2\n")
    assert "woodland" not in lexical._WORD_INFO
    assert seen() == (True, True, True, True)
    assert lexical.real_odds("woodland") != odds


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


def test_the_benchmark_reads_its_tune_half_tables(shared_data, monkeypatch):
    """benchmarks.tortured.use_tune_table points both variables at tables learned
    from the TUNE half, and what is read afterwards is those tables."""
    sys.path.insert(0, str(ROOT))
    from benchmarks import tortured
    from unspin.spin import resources

    path = shared_data / "pps" / "tortured-dev.csv"
    for v in (resources.REAL_WORDS_ENV, resources.REAL_PHRASES_ENV, resources.REAL_TERMS_ENV):
        monkeypatch.delenv(v, raising=False)
    try:
        note = tortured.use_tune_table(path)
        assert "TUNE half only" in note, note
        script = tortured.learner()
        tune = script.pairs_of(path, "tune")
        assert resources.real_terms() == dict(script.learn_terms(tune))
        words = {(s, o): n for s, origs in resources.real_words().items() for o, n in origs}
        assert words == dict(script.learn(tune))
        phrases = {(s, o): n for s, origs in resources.real_phrases().items() for o, n in origs}
        assert phrases == dict(script.learn_phrases(tune))
    finally:
        for v in (resources.REAL_WORDS_ENV, resources.REAL_PHRASES_ENV, resources.REAL_TERMS_ENV):
            os.environ.pop(v, None)
        resources.reload_tables()


# --- the phrase substitutions (data/spin-real-phrases.tsv) ---

@pytest.mark.parametrize("tortured, expected, words, pair", [
    ("getting to know algorithm", "learning algorithm", set(), ("getting to know", "learning")),
    # a pair of the word table is set aside like an unchanged word
    ("bosom malignant growth", "breast cancer", {("bosom", "breast")}, ("malignant growth", "cancer")),
    ("bosom malignant growth", "breast cancer", set(), ("bosom malignant growth", "breast cancer")),
    ("impromptu network", "ad hoc network", set(), ("impromptu", "ad hoc")),
    ("profound learning", "deep learning", set(), None),  # as many words: the word table's
    ("the board of directors", "management", set(), None),  # a spun side must start with a content word
    ("huge measure of the time data", "big data", set(), None),  # a spun side longer than four words
])
def test_phrase_pair_of_a_tortured_phrase(script, tortured, expected, words, pair):
    assert script.phrase_pair(tortured, expected, words) == pair


def test_which_phrase_substitutions_are_kept(script):
    counts = script.learn_phrases([
        ("getting to know algorithm", "learning algorithm"),
        ("machine getting to know", "machine learning"),
        ("impromptu network", "ad hoc network"),
        ("impromptu mode", "ad hoc mode"),
        ("border", "parameter exponent"),  # a one-word spun side seen once: a misalignment
        ("cross breed", "hybrid"),  # a whole pair of the list seen once: not stored
        ("bosom malignant growth", "breast cancer"), ("bosom", "breast"),  # a part, seen once: kept
        ("visually impaired", "blind"), ("visually impaired", "blind"),  # a whole pair seen twice
    ])
    assert counts == {("getting to know", "learning"): 2, ("impromptu", "ad hoc"): 2,
                      ("malignant growth", "cancer"): 1, ("visually impaired", "blind"): 2}


def test_shipped_phrases_are_what_the_script_learns_from_the_list(script, shared_data):
    from unspin.spin.resources import real_phrases

    pairs = script.pairs_of(shared_data / "pps" / "tortured-dev.csv", "all")
    shipped = {(s, o): n for s, origs in real_phrases().items() for o, n in origs}
    assert shipped == dict(script.learn_phrases(pairs))


def test_a_phrase_table_named_by_the_environment_replaces_the_shipped_one(table_from_env):
    from unspin.spin import resources

    table_from_env(resources.REAL_PHRASES_ENV, "# mine\nsoft rock\tfoam\t2\nsoft rock\tsponge\t3\n")
    assert resources.real_phrases() == {"soft rock": (("sponge", 3), ("foam", 2))}
    table_from_env(resources.REAL_PHRASES_ENV, "soft rock foam 2\n")
    from unspin.errors import UnspinError

    with pytest.raises(UnspinError, match="line 1"):
        resources.real_phrases()


def test_a_recorded_phrase_is_found_and_put_back_where_the_lm_prefers_the_original(table_from_env):
    import unspin
    from unspin.spin import resources

    text = "We trained a getting to know algorithm on the images."
    table_from_env(resources.REAL_PHRASES_ENV, "# none\n")
    assert not [f for f in unspin.analyze(text).by_kind("spun") if "getting" in f.text]
    table_from_env(resources.REAL_PHRASES_ENV, "getting to know\tlearning\t11\n")
    found = [f for f in unspin.analyze(text).by_kind("spun") if "getting" in f.text]
    assert [(f.text, f.suggestion, dict(f.detail)["source"]) for f in found] == \
        [("getting to know", "learning", "real")]
    assert "real spinners were seen to put" in found[0].evidence and "11 times" in found[0].evidence
    # where the recorded wording fits, the LM keeps it
    assert not unspin.analyze("They are getting to know each other.").by_kind("spun")
