"""Phrase-level restoration of tortured phrases (spin.collocation).

The phrases here are made up for these tests: common English terms with each
word swapped for a thesaurus synonym. None comes from a tortured-phrase list.
"""

from __future__ import annotations

import pytest

import unspin
from unspin.spin import collocation, tokens
from unspin.spin.tokens import names_in, sentences, tokenize

CARRIER = "Recent news about the {} was discussed at length."

# (spun, original): the phrase search alone restores these
SEARCH_CASES = [
    ("alien strategy", "foreign policy"),
    ("heart assault", "heart attack"),
    ("communal security", "social security"),
    ("center east", "middle east"),
]

# (spun, original): the detector reports these as one phrase with the original
# as its suggestion (around a word the word-level detector flags)
RESTORE_CASES = [
    ("heart assault", "heart attack"),
    ("communal security", "social security"),
    ("center east", "middle east"),
]

HONEST = ["climate change", "heart attack", "blood pressure", "social security"]


def _span(sentence: str, phrase: str) -> tuple[int, int]:
    a = sentence.index(phrase)
    return a, a + len(phrase)


@pytest.mark.parametrize("spun,original", SEARCH_CASES)
def test_search_finds_the_joint_swap(spun, original):
    s = CARRIER.format(spun)
    toks = tokenize(s)
    a, b = _span(s, spun)
    props = [p for p in collocation.propose(toks) if toks[p.i].start < b and a < toks[p.j - 1].end]
    assert props
    best = max(props, key=lambda p: p.evidence)
    assert best.best == original
    assert best.coll_best >= collocation.COLL_MIN > best.coll_spun
    assert 0.0 < best.confidence <= 1.0
    assert [c for c, _ in best.ranked][0] == original


@pytest.mark.parametrize("spun,original", RESTORE_CASES)
def test_pipeline_restores_the_phrase(spun, original):
    s = CARRIER.format(spun)
    a, b = _span(s, spun)
    found = [f for f in unspin.analyze(s).by_kind("spun") if f.start < b and a < f.end]
    assert len(found) == 1
    f = found[0]
    assert a <= f.start < f.end <= b
    assert s[: f.start] + f.suggestion + s[f.end :] == CARRIER.format(original)
    assert 0.0 <= f.confidence <= 1.0
    assert all(0.0 <= c <= f.confidence for _, c in f.alternatives)
    if dict(f.detail)["source"] == "collocation":
        assert spun in f.evidence and original in f.evidence
    # restore applies it when asked to trust findings of its confidence
    assert unspin.restore(s, unspin.Options(restore_min_confidence=0.0)) == CARRIER.format(original)


def test_joint_swap_is_reported_over_the_whole_phrase():
    s = CARRIER.format("alien strategy")
    fs = collocation.findings(s, tokenize(s))
    f, swaps = next((f, w) for f, w in fs if f.text == "alien strategy")
    assert [w for _, _, w in swaps] == ["foreign", "policy"]
    assert f.suggestion == "foreign policy"
    assert "alien strategy" in f.evidence and "foreign policy" in f.evidence


def test_one_word_swap_is_reported_on_that_word():
    s = CARRIER.format("center east")
    fs = collocation.findings(s, tokenize(s))
    f, swaps = next((f, w) for f, w in fs if "center" in f.text)
    assert [w for _, _, w in swaps] == ["middle"]
    assert (f.text, f.suggestion) == ("center", "middle")
    assert "center east" in f.evidence and "middle east" in f.evidence


@pytest.mark.parametrize("phrase", HONEST)
def test_established_terms_are_left_alone(phrase):
    s = CARRIER.format(phrase)
    a, b = _span(s, phrase)
    assert not [f for f in unspin.analyze(s).by_kind("spun") if f.start < b and a < f.end]
    toks = tokenize(s)
    links = collocation.established_links(toks)
    second = next(k for k, t in enumerate(toks) if t.start == a) + 1
    assert second in links


def test_no_phrase_search_without_anchors_outside_them():
    s = CARRIER.format("atmosphere alteration")
    toks = tokenize(s)
    assert collocation.propose(toks, anchors=set()) == []


def test_empty_and_single_word():
    assert collocation.propose([]) == []
    assert collocation.propose(tokenize("Hello.")) == []
    assert collocation.established_links([]) == {}


def _f(start, end, text, sugg, conf, source="thesaurus", evidence=20.0, run=None):
    run = run or (start, end)
    return unspin.Finding("spun", start, end, text, sugg, conf, "why",
                          detail=(("source", source), ("evidence_nats", evidence),
                                  ("run_start", run[0]), ("run_end", run[1])))


def test_phrase_choice_moves_into_exact_word_findings():
    from unspin.detectors.spin import _with_phrases

    words = [_f(0, 4, "hunt", "chase", 0.3), _f(5, 10, "motor", "car", 0.6)]
    phrase = _f(0, 10, "hunt motor", "search engine", 0.9, "collocation")
    out = _with_phrases(words, [(phrase, ((0, 4, "search"), (5, 10, "engine")))])
    assert [(g.start, g.end, g.suggestion, g.confidence) for g in out] == [
        (0, 4, "search", 0.3), (5, 10, "engine", 0.6)]
    assert out[0].alternatives[0][0] == "chase"


def test_longer_phrase_replaces_and_keeps_word_confidence():
    from unspin.detectors.spin import _with_phrases

    words = [_f(5, 10, "motor", "car", 0.4)]
    phrase = _f(0, 10, "hunt motor", "search engine", 0.9, "collocation")
    out = _with_phrases(words, [(phrase, ((0, 4, "search"), (5, 10, "engine")))])
    assert [(g.start, g.end, g.suggestion, g.confidence) for g in out] == [(0, 10, "search engine", 0.4)]
    # a phrase with no word-level finding under it is not reported
    assert _with_phrases([], [(phrase, ((0, 4, "search"), (5, 10, "engine")))]) == []
    # nor does a weak one replace the word finding
    weak = _f(0, 10, "hunt motor", "search engine", 0.9, "collocation", evidence=6.0)
    assert _with_phrases(words, [(weak, ((0, 4, "search"), (5, 10, "engine")))]) == words


def test_strong_phrase_takes_the_findings_on_the_words_it_keeps():
    from unspin.detectors.spin import _with_phrases

    # "edit yield" -> "crop yield": the phrase swaps "edit" and keeps "yield", on
    # which the word-level detector had its own (wrong) finding
    words = [_f(0, 4, "edit", "crop", 0.9), _f(5, 10, "yield", "output", 0.3)]
    phrase = _f(0, 4, "edit", "crop", 0.8, "collocation", run=(0, 10))
    out = _with_phrases(words, [(phrase, ((0, 4, "crop"),))])
    assert [(g.start, g.end, g.suggestion, g.confidence) for g in out] == [(0, 4, "crop", 0.9)]
    # a weak phrase leaves the word findings as they are
    weak = _f(0, 4, "edit", "crop", 0.8, "collocation", evidence=6.0, run=(0, 10))
    assert _with_phrases(words, [(weak, ((0, 4, "crop"),))]) == words
    # findings reaching outside the run stay
    wide = [_f(0, 4, "edit", "crop", 0.9), _f(5, 16, "yield boost", "output", 0.3)]
    assert _with_phrases(wide, [(phrase, ((0, 4, "crop"),))]) == wide


def _prop(i, j, best, evidence):
    return collocation.PhraseProposal(i, j, best, evidence, 5.0, 0.0, 0.5, ((best, 1.0),))


def test_a_longer_run_must_clearly_beat_the_phrase_inside_it():
    inner = _prop(1, 3, "speech signal", 11.8)
    outer = _prop(0, 3, "studying speech signals", 12.8)
    assert collocation.select([outer, inner]) == [inner]
    far = _prop(0, 3, "studying speech signals", 11.8 + collocation.LONGER_COST + 0.5)
    assert collocation.select([far, inner]) == [far]
    # runs that merely overlap are not nested: the stronger wins
    other = _prop(2, 4, "signal processing", 12.0)
    assert collocation.select([other, inner]) == [other]


def test_the_phrase_search_leaves_names_in_running_text_alone():
    text = "Pietism became an influential tradition within Protestantism in Germany."
    toks = tokenize(text)
    for p in collocation.propose(toks):
        for k, new in zip(range(p.i, p.j), p.best.split(" ")):
            if toks[k].text[:1].isupper():
                assert new == toks[k].low, (p.best, toks[k].text)
    # read as names: capitals inside running text, not a sentence's first word
    (sent,) = sentences(toks)
    names = names_in(toks, sent)
    assert [toks[t].text for t, n in zip(sent, names) if n] == ["Protestantism", "Germany"]
    # a run of capitals may be a term written with them ("Profound Learning (PL)")
    toks = tokenize("We train a Profound Learning model on the data.")
    (sent,) = sentences(toks)
    assert not any(names_in(toks, sent))
    # a heading has capitals on most words: none of them is read as a name
    toks = tokenize("Counterfeit Consciousness For Medical Picture Examination")
    (sent,) = sentences(toks)
    assert not any(names_in(toks, sent))


def test_many_phrases_each_meet_only_their_own_findings():
    from unspin.detectors.spin import _with_phrases

    # a long page: 300 runs of "hunt motor" (swapped back word by word) and of
    # "edit yield" (a strong phrase that replaces the finding on its kept word)
    words, phrases = [], []
    for k in range(300):
        o = 30 * k
        words += [_f(o, o + 4, "hunt", "chase", 0.3), _f(o + 5, o + 10, "motor", "car", 0.6),
                  _f(o + 15, o + 19, "edit", "crop", 0.9), _f(o + 20, o + 25, "yield", "output", 0.3)]
        phrases += [(_f(o, o + 10, "hunt motor", "search engine", 0.9, "collocation"),
                     ((o, o + 4, "search"), (o + 5, o + 10, "engine"))),
                    (_f(o + 15, o + 19, "edit", "crop", 0.8, "collocation", run=(o + 15, o + 25)),
                     ((o + 15, o + 19, "crop"),))]
    out = _with_phrases(words, phrases)
    assert len(out) == 900
    for k in range(300):
        o = 30 * k
        assert [(g.start - o, g.end - o, g.suggestion, g.confidence) for g in out[3 * k:3 * k + 3]] == [
            (0, 4, "search", 0.3), (5, 10, "engine", 0.6), (15, 19, "crop", 0.9)]


def _select_by_definition(props):
    def key(p):
        inner = max((q.evidence for q in props if q is not p and p.i <= q.i and q.j <= p.j), default=None)
        cost = collocation.LONGER_COST if inner is not None and inner > p.evidence - collocation.LONGER_COST else 0.0
        return (-(p.evidence - cost), p.i)
    return tokens.disjoint(props, key=key)


def test_select_keeps_its_definition():
    import random

    rng = random.Random(7)
    for _ in range(200):
        props = []
        for _ in range(rng.randint(0, 12)):
            i = rng.randint(0, 15)
            props.append(collocation.PhraseProposal(i, i + rng.randint(1, 4), "x", rng.uniform(0, 20),
                                                    0.0, 0.0, 0.5, ()))
        assert collocation.select(props) == _select_by_definition(props)
