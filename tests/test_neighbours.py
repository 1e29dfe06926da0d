"""spin.neighbours: the words beside a restored word, read again with it put back."""

from __future__ import annotations

import unspin
from unspin.detectors import spin
from unspin.findings import Finding
from unspin.spin import lexical, neighbours
from unspin.spin.lexical import Proposal
from unspin.spin.tokens import tokenize

TEXT = "The results show that straight relapse improves the overall performance of the system."


def _at(tokens, word: str) -> int:
    return next(k for k, t in enumerate(tokens) if t.low == word)


def _found(tokens, word: str, best: str) -> Proposal:
    i = _at(tokens, word)
    return Proposal(i, i + 1, 3.0, best, 2.0, "thesaurus", ((best, 1.0),))


def test_a_word_beside_a_restored_one_is_read_with_it():
    toks = tokenize(TEXT)
    props = lexical.propose(toks)
    # in the spun context "straight" is not worth reporting ...
    first = [p for p in props if p.i == _at(toks, "straight") and p.j == p.i + 1]
    assert all(p.evidence < lexical.REPORT_MIN for p in first)
    # ... with "regression" in place of "relapse" it is "linear"
    got = neighbours.propose_beside(toks, props, [_found(toks, "relapse", "regression")])
    assert [(toks[p.i].low, p.best, a) for p, a in got] == [("straight", "linear", _at(toks, "relapse"))]
    p = got[0][0]
    assert p.evidence >= neighbours.EVIDENCE_MIN
    assert p.evidence - max((q.evidence for q in first), default=0.0) >= neighbours.GAIN_MIN


def test_nothing_found_nothing_beside():
    toks = tokenize(TEXT)
    assert neighbours.propose_beside(toks, lexical.propose(toks), []) == []


def test_a_candidate_linked_to_the_restored_word_as_a_term_is_weighted_up():
    # "linear regression" is a strong term link, "right regression" none
    q = Proposal(3, 4, 2.5, "right", 1.0, "thesaurus", (("right", 0.6), ("linear", 0.4)))
    out = neighbours._with_links(q, "straight", "regression", before=True)
    assert out.best == "linear" and out.best_delta == 0.0
    assert out.evidence > q.evidence
    assert abs(sum(s for _, s in out.ranked) - 1.0) < 1e-9


def test_term_links_are_read_in_their_order():
    # after "regression" neither candidate makes a term link: nothing moves
    q = Proposal(3, 4, 2.5, "right", 1.0, "thesaurus", (("right", 0.6), ("linear", 0.4)))
    assert neighbours._with_links(q, "straight", "regression", before=False) == q


def test_detector_reports_them_capped_and_outside_the_document_score(monkeypatch):
    with_beside = spin.detect(TEXT)
    monkeypatch.setattr(neighbours, "propose_beside", lambda *a: [])
    without = spin.detect(TEXT)
    assert not [f for f in without.findings if f.text == "straight"]
    f = next(f for f in with_beside.findings if f.text == "straight")
    assert f.suggestion == "linear"
    leaned_on = next(g for g in with_beside.findings if g.text == "relapse")
    assert leaned_on.suggestion == "regression"
    assert f.confidence <= leaned_on.confidence
    assert all(c <= f.confidence for _, c in f.alternatives)
    assert 'read with "relapse" put back as "regression" beside it, which makes "linear regression"' in f.evidence
    assert with_beside.score == without.score and with_beside.scored_spans == without.scored_spans


def test_a_finding_beside_goes_with_the_finding_it_leans_on():
    """Where a lexicon (or a rule, or a phrase) takes the place of the found word, the word
    beside it was read with a restoration that will not be made: it goes too."""
    from unspin.lexicon import parse_lexicon

    r = spin.detect(TEXT)
    f = next(f for f in r.findings if f.text == "straight")
    g = next(g for g in r.findings if g.text == "relapse")
    d = dict(f.detail)
    assert (d["leans_on_start"], d["leans_on_end"]) == (g.start, g.end)
    assert hash(f) is not None and Finding.from_dict(f.to_dict()) == f  # hashable, survives JSON
    lex = parse_lexicon("tortured,expected\nrelapse improves,recurrence improves\n")
    r = spin.detect(TEXT, unspin.Options(lexicons=(lex,)))
    assert [f.text for f in r.findings if f.text in ("straight", "relapse improves")] == ["relapse improves"]


def test_the_word_leaned_on_is_in_the_same_sentence():
    # "Straight" opens a sentence; the restored word before it ends the sentence before
    # (and was found first): it leans on "relapse" after it, read in that order
    text = ("The figures were put in a table relapse. Straight relapse improves the overall "
            "performance of the system.")
    toks = tokenize(text)
    ends, after = [k for k, t in enumerate(toks) if t.low == "relapse"]
    got = neighbours.propose_beside(toks, lexical.propose(toks),
                                    [Proposal(k, k + 1, 3.0, "regression", 2.0, "thesaurus", (("regression", 1.0),))
                                     for k in (ends, after)])
    assert [(toks[p.i].text, p.best, a) for p, a in got] == [("Straight", "linear", after)]
