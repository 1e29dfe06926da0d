"""Closed sets (units of time, compass points, colours, numbers...): a word of one is never
given another value of the same set as its likely original (``unspin.spin.contrast``)."""

from __future__ import annotations

import pytest

import unspin
from unspin.spin import collocation, contrast, lexical

CLASH = [
    ("minutes", "years"), ("hours", "days"), ("Monday", "Friday"), ("north", "south"),
    ("northern", "east"), ("red", "blue"), ("three", "four"), ("second", "third"),
    ("second", "minute"), ("husband", "wife"), ("miles", "kilometres"), ("summer", "winter"),
    ("two minutes", "two years"), ("minutes", "a few years"),
    # the two poles of a scale
    ("increased", "decreased"), ("rising", "declining"), ("high", "low"), ("positive", "negative"),
    ("import", "export"), ("internal", "external"), ("success", "failure"), ("early", "late"),
]
NO_CLASH = [
    ("north", "northern"), ("year", "years"), ("annual", "yearly"), ("grey", "gray"),
    ("second", "moment"), ("minutes", "records"), ("blue", "sad"), ("man", "person"),
    ("couples", "partners"), ("years", "two years"), ("first", "one"),
    ("increase", "rise"), ("decline", "fall"), ("fall", "autumn"), ("large", "big"),
]


@pytest.mark.parametrize("word,cand", CLASH)
def test_another_value_of_the_same_set_clashes(word, cand):
    assert contrast.clashes(word, cand)
    assert contrast.clashes(cand, word)


@pytest.mark.parametrize("word,cand", NO_CLASH)
def test_one_value_or_another_kind_does_not_clash(word, cand):
    assert not contrast.clashes(word, cand)


def test_every_form_names_one_value_of_each_kind():
    # a form listed twice in one kind would make two of its values equal
    for kind, values in contrast._SETS.items():
        forms = [w for v in values for w in v.split()]
        assert len(forms) == len(set(forms)), kind
        assert all(w == w.lower() and w.isalpha() for w in forms), kind


@pytest.mark.parametrize("word", ["minutes", "hours", "north", "red", "blue", "january"])
def test_no_candidate_pool_offers_another_value(word):
    pools = [[c for c, *_ in lexical._word_cands(word)], [c for c, _ in collocation.word_cands(word)]]
    for pool in pools:
        assert not [c for c in pool if contrast.clashes(word, c)], (word, pool)


def test_the_thesaurus_still_offers_other_candidates():
    # the guard takes out only the other values: "minutes" keeps "records"-like originals
    cands = [c for c, *_ in lexical._word_cands("minutes")]
    assert cands and "memo" in cands


def test_the_precise_pool_offers_no_other_value():
    from unspin.spin import precise

    for word in ("minutes", "north", "three", "monday", "increase", "high", "positive"):
        pool = [c for c, _ in precise.slot_pool(word)]
        assert not [c for c in pool if contrast.clashes(word, c)], (word, pool)


HONEST = [  # the code before the guard suggested "west", "western", "northern", "years",
    # "day" and "decades" on these (one at 0.30 confidence)
    "The fish lives off the western and southern shores of Europe and the northern coasts of "
    "Africa, though it is also seen further east.",
    "The bird is native to the forests of New Guinea and northeastern Australia.",
    "Its range extends from southeastern Canada southwest to the edge of the mountains.",
    "Some of the later texts are from later centuries. The play opened in December, having been "
    "published earlier that month.",
    "The fruit may be white, yellow, red, purple, or black, and the effects may not arise until "
    "hours after eating it.",
]


@pytest.mark.parametrize("text", HONEST)
def test_no_finding_suggests_another_value_on_honest_text(text):
    rep = unspin.analyze(text)
    for f in rep.findings:
        if f.kind == "spun":
            for s in [f.suggestion or ""] + [t for t, _ in f.alternatives]:
                assert not contrast.clashes(f.text, s), (f.text, s)
    assert rep.restored == text
