"""A term that no longer spells the acronym defined with it (``spin.acronyms``)."""

from __future__ import annotations

import random

import pytest

import unspin
from unspin.spin import acronyms
from unspin.spin.tokens import tokenize


def _mismatches(text: str) -> list[tuple[str, str, str]]:
    toks = tokenize(text)
    return [(toks[m.i].text, m.letter, m.acronym) for m in acronyms.mismatches(text, toks)]


@pytest.mark.parametrize("words, letters, expected", [
    (["artificial", "intelligence"], "ai", []),
    (["synthetic", "intelligence"], "ai", [(0, "a")]),
    (["internet", "of", "things"], "iot", []),  # a function word may give its letter
    (["Federal", "Bureau", "of", "Investigation"], "fbi", []),  # ... or not
    (["web", "of", "things"], "iot", [(0, "i")]),
    (["man", "in", "the", "middle"], "mitm", []),
    (["normalized", "mutual", "knowledge"], "nmi", [(2, "i")]),
    (["data", "and", "correspondence", "innovation"], "ict", [(0, "i"), (3, "t")]),  # two wrong, one right
    (["remote", "sensing", "systems"], "rss", []),
    (["closest", "neighbor", "search", "rule"], "nnsr", [(0, "n")]),
    (["remote", "viewing", "systems", "today"], "wsnt", None),  # three wrong letters
    (["deoxyribonucleic", "acid"], "dna", None),  # letters from inside a word
])
def test_align(words, letters, expected):
    got = acronyms.align(words, [False] * len(words), letters)
    if expected is None:
        assert got is None
    else:
        assert got is not None and got[1] == expected


def test_hyphen_parts_may_give_their_letter_or_not():
    words, joined = ["gated", "recurrent", "unit"], [False, True, False]
    assert acronyms.align(words, joined, "gru")[1] == []
    words, joined = ["non", "small", "cell", "lung", "cancer"], [False, True, False, False, False]
    assert acronyms.align(words, joined, "nsclc")[1] == []
    assert acronyms.align(words, joined, "sclc") is not None  # a reading may start later


def test_a_wrong_letter_must_be_on_a_content_word_and_enough_letters_right():
    assert acronyms.align(["xy", "network"], [False, False], "nn") is None  # too short a word
    assert acronyms.align(["deep", "network"], [False, False], "ab") is None  # nothing right
    words = ["data", "and", "correspondence", "innovation"]
    assert acronyms.align(words, [False] * 4, "ict", max_wrong=1) is None


def test_a_reading_with_two_wrong_letters_needs_a_candidate_for_each():
    text = "We study the remote sensor systems (WSNs) here."
    assert [(f.text, f.suggestion) for f in acronyms.detect(text, tokenize(text))] == [
        ("remote", "wireless"), ("systems", "networks")]
    assert all(f.confidence == acronyms.CONFIDENCE_SHORT for f in acronyms.detect(text, tokenize(text)))


@pytest.mark.parametrize("text, expected", [
    ("Work on synthetic intelligence (AI) grows.", [("synthetic", "a", "AI")]),
    ("Work on artificial intelligence (AI) grows.", []),
    ("They built wireless sensor systems (WSNs) for it.", [("systems", "n", "WSNs")]),  # a plural acronym
    ("a convolutional neural organization (cnn) was used", [("organization", "n", "cnn")]),
    ("as in (ii) and (iv) below, or (a) above", []),  # enumerations
    ("closest neighbor, (NN) again", []),  # not right after the term
    ("then assert sorted(ls) == expected", []),  # code: no space before the bracket
    ("The data and correspondence innovation (ICT) sector",
     [("data", "i", "ICT"), ("innovation", "t", "ICT")]),  # two wrong letters, one right
    ("The remote viewing systems (WSN) was", []),  # no right letter
    # the acronym first, its term in brackets after it
    ("We train a CNN (convolutional neural organization) on it.", [("organization", "n", "CNN")]),
    ("We train a CNN (convolutional neural network) on it.", []),
    ("The WSNs (wireless sensor systems) were cheap.", [("systems", "n", "WSNs")]),
    ("The EU (and its members) met. NATO (which Sweden joined) grew.", []),  # no term in the bracket
    ("The CNN (see Section 2.1) was used.", []),  # more than words in the bracket
    ("the IoT (Internet of Things) grows", []),
])
def test_mismatches(text, expected):
    assert _mismatches(text) == expected


@pytest.mark.parametrize("text, word, original", [
    ("We used the closest neighbor (NN) rule.", "closest", "nearest"),
    ("The normalized mutual knowledge (NMI) of the clusters is reported.", "knowledge", "information"),
    ("Results for the european central bank (ECB) and the european national bank (ECB) differ.",
     "national", "central"),
])
def test_detect_suggests_the_original_with_the_letter(text, word, original):
    found = acronyms.detect(text, tokenize(text))
    assert [(f.text, f.suggestion) for f in found] == [(word, original)]
    f = found[0]
    assert f.kind == "spun" and f.confidence >= 0.5
    assert "does not spell the acronym" in f.evidence and dict(f.detail)["source"] == "acronym"


@pytest.mark.parametrize("text", [
    # an acronym of another language's name: no candidate with the letter reads well
    "Lengths are given in the International System of Units (SI) throughout.",
    "The rocks formed 4.5 billion years ago (Ga) in the crust.",
    "Organisation for Economic Co-operation and Development (OECD) members",
    "Magnetic resonance imaging (MRI) and computed tomography (CT) were used.",
])
def test_honest_acronyms_are_left_alone(text):
    assert acronyms.detect(text, tokenize(text)) == []


def test_the_same_term_again_gets_the_same_finding():
    text = ("We train a closest neighbor (NN) classifier. The closest neighbor rule is simple, "
            "and closest neighbor search is fast.")
    found = acronyms.detect(text, tokenize(text))
    assert [(f.text, f.suggestion, text[f.start:f.start + 16]) for f in found] == [
        ("closest", "nearest", "closest neighbor")] * 3
    assert "again" in found[1].evidence and "again" in found[2].evidence


def test_analyze_and_restore():
    text = "In this paper we study the closest neighbor (NN) method in some detail."
    rep = unspin.analyze(text)
    spun = [f for f in rep.findings if f.kind == "spun"]
    assert [(f.text, f.suggestion) for f in spun] == [("closest", "nearest")]
    assert dict(spun[0].detail) == {"source": "acronym", "acronym": "NN"}  # no offsets of its own
    assert unspin.restore(text) == text.replace("closest", "nearest")


def test_an_lm_finding_the_acronym_agrees_with_is_upheld():
    # "system" -> "machine" is found by the LM and the real spinners' table; the
    # acronym agrees: one finding, at least as sure as the acronym makes it, both reasons
    text = "Well, the results in system learning (ML) are strong."
    spun = [f for f in unspin.analyze(text).findings if f.kind == "spun"]
    assert [(f.text, f.suggestion) for f in spun] == [("system", "machine")]
    assert spun[0].confidence >= acronyms.CONFIDENCE_SHORT
    assert "language model" in spun[0].evidence and 'spell the acronym "ML"' in spun[0].evidence


@pytest.mark.parametrize("text, spelled", [
    ("on a digital versatile disc (DVD) today", {"digital": "d", "versatile": "v", "disc": "d"}),
    ("the Internet of Things (IoT) grows", {"Internet": "i", "of": "o", "Things": "t"}),
    ("the closest neighbor (NN) rule", {}),  # a wrong letter: nothing is spelled
    ("the DVD (digital versatile disc) today", {"digital": "d", "versatile": "v", "disc": "d"}),
])
def test_spelled(text, spelled):
    toks = tokenize(text)
    assert {toks[k].text: c for k, c in acronyms.spelled(text, toks).items()} == spelled


def test_a_finding_that_would_break_a_spelled_acronym_is_dropped(monkeypatch):
    # "couples" -> "allies" is a sure finding in this sentence; with "(CC)" after
    # "closest couples", "allies" would break the acronym the term spells
    text = "Georgia is one of our closest couples (CC) in the region."
    opts = unspin.Options(min_confidence=0)
    assert not [f for f in unspin.analyze(text, opts).findings if f.kind == "spun"]
    monkeypatch.setattr(acronyms, "_spelled_of", lambda readings: {})
    assert [(f.text, f.suggestion) for f in unspin.analyze(text, opts).findings if f.kind == "spun"] == [
        ("couples", "allies")]


def test_a_phrase_finding_that_makes_the_term_spell_its_acronym_is_upheld():
    # the phrase search puts "honey" back for "precious heart": "Africanized honey bee"
    # spells "AHB", so the acronym's own one-word guess ("precious" -> "a...") is not taken
    text = ("The Africanized precious heart bee (AHB), also known as the killer bee, "
            "is a hybrid of the western honey bee species.")
    spun = [f for f in unspin.analyze(text).findings if f.kind == "spun"]
    assert [(f.text, f.suggestion) for f in spun] == [("precious heart", "honey")]
    assert 'spell the acronym "AHB"' in spun[0].evidence


@pytest.mark.parametrize("term, acronym, expected", [
    ("Africanized honey bee", "AHB", True),
    ("the Africanized honey bee", "AHB", True),  # a suffix of the words spells it
    ("honey bee", "AHB", False),
    ("wireless sensor networks", "WSNs", True),
    ("remote sensor networks", "WSNs", False),
])
def test_spells(term, acronym, expected):
    assert acronyms.spells(term, acronym) is expected


def test_span_index_finds_every_overlap():
    from unspin.spans import SpanIndex

    spans = [(0, 5), (3, 9), (10, 10), (10, 12), (2, 30), (40, 41)]
    index = SpanIndex(spans)
    for start, end in [(0, 1), (4, 4), (5, 10), (9, 11), (10, 11), (31, 40), (40, 60), (0, 100)]:
        assert index.overlapping(start, end) == [k for k, (s, e) in enumerate(spans) if s < end and start < e]
    for start, end in [(0, 1), (3, 9), (2, 30), (1, 9), (9, 11), (10, 12), (29, 31), (40, 41), (41, 42)]:
        assert index.covering(start, end) == any(s <= start and end <= e for s, e in spans)


def test_a_term_defined_many_times_is_read_once(monkeypatch):
    # the same definition over and over (a long page, or a hostile one): every copy is
    # found, and the candidates are looked up for the first only
    calls = []
    real = acronyms.suggestions

    def counting(tokens, mm):
        calls.append(mm.i)
        return real(tokens, mm)

    text = " ".join(["We used the closest neighbor (NN) rule."] * 50)
    monkeypatch.setattr(acronyms, "suggestions", counting)
    found = acronyms.detect(text, tokenize(text))
    assert len(found) == 50 and {f.suggestion for f in found} == {"nearest"}
    assert len(calls) == 1


def test_a_long_run_of_letters_beside_a_bracket_is_read_in_linear_time():
    # an unbounded pattern took 75 s on 5,000 letters; a bounded one reads 200,000 at once
    run = "".join(random.Random(0).choice("abcXYZ") for _ in range(200_000))
    text = "Some text (here). " + run + " (and more) CNN (convolutional neural organization) it."
    assert [(f.text, f.suggestion) for f in acronyms.detect(text, tokenize(text))] == [("organization", "network")]
