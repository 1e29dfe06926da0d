"""Known terms reachable by synonym swaps (spin.terms).

The spun phrases here are made up for these tests (common terms with a word
swapped for a thesaurus synonym); none comes from a tortured-phrase list.
"""

from __future__ import annotations

import pytest

import unspin
from unspin.spin import terms
from unspin.spin.tokens import tokenize

# (spun run, the known term it was made from)
REACH = [
    (("swift", "food"), ("fast", "food")),
    (("heart", "assault"), ("heart", "attack")),
    (("communal", "security"), ("social", "security")),
]

KNOWN = ["fast food", "heart attack", "foreign policy", "climate change"]


def test_tables_load():
    T = terms.tables()
    assert len(T.flags) > 100_000 and len(T.syns) > 10_000
    assert all(set(f) <= set("wls") for f in list(T.flags.values())[:1000])


@pytest.mark.parametrize("spun,term", REACH)
def test_term_reachable_by_joint_swap(spun, term):
    assert term in [c for c, _ in terms.reachable(spun)]


def test_alternatives_carry_inflection_over():
    alts = terms.alternatives("automobiles")
    assert "cars" in alts and "car" not in alts
    assert all(0.0 < c <= 1.0 for c in alts.values())


@pytest.mark.parametrize("term", KNOWN)
def test_known_term_is_not_proposed(term):
    toks = tokenize(f"We talked about {term} today.")
    run = set(range(3, 3 + len(term.split())))
    assert not [p for p in terms.propose(toks) if set(range(p.i, p.j)) <= run]


def test_proposal_and_finding_shape():
    text = "We ate swift food today."
    toks = tokenize(text)
    props = terms.propose(toks)
    assert any(p.best == "fast food" for p in props)
    out = terms.findings(text, toks, {2, 3})
    assert out
    f, swaps = out[0]
    assert f.kind == "spun" and text[f.start:f.end] == f.text
    assert f.suggestion.lower() == "fast food"
    assert "not a known term" in f.evidence and "fast food" in f.evidence
    assert all(text[s:e] == "swift" for s, e, _ in swaps)


def test_clean_sentence_has_no_term_finding():
    r = unspin.analyze("The committee discussed foreign policy and the heart attack rate in the county.")
    assert not [f for f in r.by_kind("spun") if dict(f.detail).get("source") == "terms"]
