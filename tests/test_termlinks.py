"""The term links (spin.termlinks): SmolLM2's word pairs of the field, as a table."""

from __future__ import annotations

import pytest

import unspin
from unspin.spin import collocation, termlinks
from unspin.spin.resources import shared_lm
from unspin.spin.tokens import tokenize

# common technical terms the table must know (some are also the originals of
# published tortured phrases; nothing from that list is read to build the table)
TERMS = [("linear", "regression"), ("machine", "learning"), ("neural", "network"), ("fuzzy", "logic"),
         ("heavy", "metals"), ("support", "vector")]


@pytest.mark.parametrize("a,b", TERMS)
def test_known_terms_are_strong_links(a, b):
    assert termlinks.pmi(a, b) >= 3.0
    assert b in termlinks.links(a)


def test_unknown_pairs_and_words():
    assert termlinks.pmi("linear", "banana") is None
    assert termlinks.pmi("qzxv", "regression") is None
    assert termlinks.links("qzxv") == {}
    assert termlinks.links("") == {}


def test_table_is_well_formed():
    t = termlinks._table()
    assert t is not None and len(t.heads) > 10_000
    assert len(t.indptr) == len(t.heads) + 1 and int(t.indptr[-1]) == len(t.cont) == len(t.pmi)
    assert int(t.cont.max()) < len(t.words)
    row = termlinks.links("machine")
    assert all(isinstance(w, str) and w.isalpha() and p >= 3.0 for w, p in row.items())


def test_term_links_make_a_technical_term_a_unit():
    """The trigram LM alone does not know "support vector" as a unit; with the
    term links its collocation strength passes the bar."""
    L = shared_lm()
    trigram_pmi = L.lp("vector", "support", None) - L.unigram("vector")
    assert trigram_pmi < collocation.COLL_MIN <= collocation._coll(["support", "vector"])


@pytest.mark.parametrize("spun,original", [("angle descent", "gradient descent"),
                                           ("gradient plunge", "gradient descent"),
                                           ("backing vectors", "support vectors")])
def test_a_tortured_term_is_put_back(spun, original):
    # terms with one or both words swapped for Moby synonyms, made up for this test
    # (none is in the development tortured-phrase list)
    s = f"We describe a new approach based on {spun} and evaluate it."
    props = collocation.propose(tokenize(s))
    assert max(props, key=lambda p: p.evidence).best == original


@pytest.mark.parametrize("a,b", [("gradient", "boosting"), ("gradient", "descent"), ("feature", "extraction")])
def test_a_term_link_guards_the_pair_from_word_findings(a, b):
    s = f"We trained the model with {a} {b} on the full data."
    toks = tokenize(s)
    L = shared_lm()
    assert L.lp(b, a, None) - L.unigram(b) < collocation.GUARD_PMI  # the trigram LM alone would not
    assert termlinks.pmi(a, b) >= collocation.GUARD_TERM
    k = next(i for i, t in enumerate(toks) if t.low == b)
    assert k in collocation.established_links(toks)
    assert not [f for f in unspin.analyze(s).by_kind("spun") if f.text.lower() in (a, b)]


@pytest.mark.parametrize("sentence,word,suggestion", [
    ("The study followed a group of indistinguishable twins for ten years.", "indistinguishable", "identical"),
    ("We classify the samples with k-nearest relatives and a linear model.", "relatives", "neighbors"),
    ("The oil is rich in fatty corrosive and vitamins.", "corrosive", "acid"),
])
def test_a_much_stronger_pair_lifts_the_guard(monkeypatch, sentence, word, suggestion):
    """A word in a weak established pair is still reported where its suggestion
    makes, with the same neighbour, a pair GUARD_LIFT nats stronger."""
    from unspin.detectors import spin as spin_det

    toks = tokenize(sentence)
    k = next(i for i, t in enumerate(toks) if t.low == word)
    links = collocation.established_links(toks)
    side = k if k in links else k + 1
    assert side in links  # the pair is established...
    a, b = (toks[k - 1].low, suggestion) if side == k else (suggestion, toks[k + 1].low)
    assert collocation.link_margin(a, b) >= links[side] + spin_det.GUARD_LIFT  # ...the suggestion's far more
    found = [(f.text, f.suggestion) for f in unspin.analyze(sentence).by_kind("spun")]
    assert (word, suggestion) in found
    monkeypatch.setattr(spin_det, "GUARD_LIFT", None)
    assert not [f for f in unspin.analyze(sentence).by_kind("spun") if f.text == word]
