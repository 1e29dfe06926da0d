"""spin.terms: the terms of the field re-read the word-level proposals."""

from __future__ import annotations

import pytest

from unspin.spin import resources, terms
from unspin.spin.lexical import Proposal
from unspin.spin.tokens import tokenize


@pytest.fixture
def table(table_from_env):
    table_from_env(resources.REAL_TERMS_ENV,
                   "activation\tfunction\t13\nimage\tsegmentation\t2\nlinear\tregression\t7\n")


def _prop(tokens, word, ranked, evidence=3.0, source="thesaurus"):
    i = next(k for k, t in enumerate(tokens) if t.low == word)
    return Proposal(i, i + 1, evidence, ranked[0][0], 2.0, source, tuple(ranked))


def test_a_word_inside_a_term_is_left_alone(table):
    toks = tokenize("We improve image segmentation on two tasks.")
    p = _prop(toks, "segmentation", [("division", 0.7), ("analysis", 0.3)])
    assert terms.adjust([p], toks) == []


def test_a_candidate_that_makes_a_term_is_preferred(table):
    toks = tokenize("The activation work is smooth.")
    p = _prop(toks, "work", [("labor", 0.6), ("effort", 0.3), ("function", 0.1)])
    (q,) = terms.adjust([p], toks)
    assert q.best == "function" and q.ranked[0][0] == "function"
    assert q.evidence == pytest.approx(p.evidence + terms.TERM_BONUS)
    assert sum(s for _, s in q.ranked) == pytest.approx(1.0)
    assert terms.term_with(toks, q.i, q.best) == "activation function"


def test_inflection_is_handled(table):
    toks = tokenize("Several activation works were compared.")
    p = _prop(toks, "works", [("labors", 0.9), ("functions", 0.1)])
    (q,) = terms.adjust([p], toks)
    assert q.best == "functions"


@pytest.mark.parametrize("text, word", [
    ("The activation, work is smooth.", "work"),  # a comma between: no term
    ("They work hard.", "work"),  # no candidate makes a term
])
def test_no_term_no_change(table, text, word):
    toks = tokenize(text)
    p = _prop(toks, word, [("labor", 0.6), ("function", 0.4)])
    assert terms.adjust([p], toks) == [p]


def test_only_single_word_thesaurus_proposals_are_read(table):
    toks = tokenize("We improve image segmentation on two tasks.")
    p = _prop(toks, "segmentation", [("division", 1.0)], source="habit")
    assert terms.adjust([p], toks) == [p]


def test_without_a_table_nothing_changes(table_from_env):
    table_from_env(resources.REAL_TERMS_ENV, "# no terms\n")
    toks = tokenize("We improve image segmentation on two tasks.")
    p = _prop(toks, "segmentation", [("division", 1.0)])
    assert terms.adjust([p], toks) == [p]


def test_the_shipped_terms_know_common_terms_of_the_field():
    assert terms.known("artificial", "intelligence")
    assert terms.known("neural", "networks") and terms.known("neural", "network")
    assert not terms.known("counterfeit", "consciousness")


def test_a_phrase_finding_names_the_term_it_restores():
    """'direct relapse': both words swapped, restored as a whole; a finding says
    'linear regression' is a term of the field."""
    import unspin

    r = unspin.analyze("We fit a direct relapse model to the data.")
    found = [f for f in r.by_kind("spun") if f.text in ("direct relapse", "direct", "relapse")]
    # one phrase finding, or (the words beside a restored word read again with it) one per word
    assert " ".join(f.suggestion.lower() for f in found) == "linear regression"
    assert any("linear regression" in f.evidence and "a term of the field" in f.evidence
               for f in found)  # a finding says why


def test_the_evidence_names_the_term_a_suggestion_makes():
    import unspin

    r = unspin.analyze("The results show that neural associations improves the overall performance of the system.")
    (f,) = [f for f in r.by_kind("spun") if f.text == "associations"]
    assert f.suggestion == "networks"
    assert '"neural networks" is a term of the field' in f.evidence


def test_the_quick_test_never_rules_out_a_pair_the_full_test_would_find():
    """``_inflections`` must hold every word ``lemmas`` takes back to a lemma, or
    ``known`` would miss inflected terms."""
    from wordfreq import top_n_list

    from unspin.spin.inflect import lemmas

    for w in top_n_list("en", 20000):
        if w.isalpha():
            for lem, _ in lemmas(w):
                assert w in terms._inflections(lem), (w, lem)


@pytest.mark.parametrize("env, read", [(resources.REAL_TERMS_ENV, resources.real_terms),
                                        (resources.REAL_WORDS_ENV, resources.real_words)])
def test_a_table_variable_naming_no_file_is_a_clear_error(table_from_env, env, read):
    from unspin.errors import UnspinError

    table_from_env(env, None)
    with pytest.raises(UnspinError, match="which is not a file"):
        read()