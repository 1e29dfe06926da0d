"""The precise tier's term search (joint candidates for runs of 2-3 words): the decision
rule without the model, and, where the extra is installed, the batched beam pass and the
shape of term findings on the real model (skipped otherwise)."""

from __future__ import annotations

import pytest

import unspin
from unspin.spin import precise, smollm2


def _installed() -> bool:
    return smollm2.available()


needs_model = pytest.mark.skipif(not _installed(), reason="precise extra not installed "
                                 "(bash scripts/install-precise.sh)")

TEXT = "Alpha beta gamma delta."


def _slot(source: str, i: int, j: int, start: int, end: int) -> precise.Slot:
    return precise.Slot(0, i, j, start, end, source=source)


@pytest.mark.parametrize("gain", [-1.0, 0.5, 1.0, 2.0])
def test_a_term_is_reported_only_past_its_own_margin(gain):
    # a term slot over "beta gamma" whose candidate has log prior -2
    margin, term_margin = 4.0, 6.0
    d = term_margin + precise.TERM_DECIDE_W * 2.0 + gain
    scored = [(_slot("term", 1, 3, 6, 16), [("one two", d, -2.0)])]
    fs = precise.decide(TEXT, scored, margin, 0.3, term_margin)
    assert bool(fs) == (gain >= 0)
    for f in fs:
        assert (f.start, f.end, f.text) == (6, 16, "beta gamma")
        assert f.suggestion == "one two" and "term" in f.evidence
        assert dict(f.detail)["source"] == "term"
        assert 0.0 <= f.confidence <= 1.0


def test_overlapping_term_and_word_slots_keep_the_one_clearing_its_margin_most():
    margin, term_margin = 4.0, 8.0
    word = (_slot("smollm2", 1, 2, 6, 10), [("one", margin + 3.0, 0.0)])  # 3 nats past
    for term_gain, winner in ((term_margin + 1.0, "beta"), (term_margin + 5.0, "beta gamma")):
        term = (_slot("term", 1, 3, 6, 16), [("one two", term_gain, 0.0)])
        fs = precise.decide(TEXT, [word, term], margin, 0.3, term_margin)
        assert [f.text for f in fs] == [winner]


def test_scored_slots_without_candidates_are_ignored():
    assert precise.decide(TEXT, [(_slot("term", 1, 3, 6, 16), [])]) == []


@needs_model
@pytest.mark.slow
def test_batch_next_matches_full_sentence_scoring():
    eng = precise.Engine("fp32")  # exact arithmetic (bf16 rounds differently per batch shape)
    ids = eng.encode("The council approved the new budget after a long debate on Tuesday.")
    lps, logp, kv = eng.sentence(ids)
    P = len(eng.prefix)
    reqs = [(P + 2, ids[P + 2:P + 5]), (P + 4, ids[P + 4:P + 5]),
            (P + 3, eng.tok(" old plan", add_special_tokens=False)["input_ids"])]
    inner, dists = eng.batch_next(kv, reqs)
    for (k, v), got, dist in zip(reqs, inner, dists):
        full_lps, full_logp, _ = eng.sentence(ids[:k] + v)
        assert abs(got - sum(full_lps[k:k + len(v) - 1])) < 1e-3
        assert float((dist - full_logp[k + len(v) - 1]).abs().max()) < 1e-3


@needs_model
@pytest.mark.slow
def test_term_candidates_change_two_or_more_words_each_to_a_thesaurus_neighbour():
    text = "In this paper we study counterfeit consciousness in some detail."
    from unspin.spin.lexical import propose
    from unspin.spin.tokens import tokenize

    toks = tokenize(text)
    scored = precise.score_slots(text, toks, propose(toks))
    terms = [(sl, res) for sl, res in scored if sl.source == "term"]
    assert terms
    for sl, res in terms:
        words = [t.low for t in toks[sl.i:sl.j]]
        assert 2 <= len(words) <= 3 and res
        for cand, gain, prior in res:
            new = cand.split(" ")
            assert len(new) == len(words)
            changed = [(w, c) for w, c in zip(words, new) if w != c]
            assert len(changed) >= 2
            assert all(c in dict(precise.slot_pool(w)) for w, c in changed)
    for f in unspin.analyze(text, unspin.Options(tier="precise")).by_kind("spun"):
        assert text[f.start:f.end] == f.text and f.suggestion
