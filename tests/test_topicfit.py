"""Topic fit (spin.topicfit): off-topic synonyms raise the gains, honest text keeps them low."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.detectors import spin
from unspin.spin import scoring, topicfit
from unspin.spin.tokens import tokenize

ALLIANCE = (
    "The two countries signed a military alliance to defend their territory against invasion. "
    "Under the treaty, each nation promised to send troops if the other was attacked, and the "
    "partners agreed to share intelligence about enemy armies near the border. The alliance "
    "lasted for decades, and historians regard the treaty as a model of cooperation between "
    "neighbouring states in times of war."
)


def _idx(name: str) -> int:
    return topicfit.NAMES.index(name)


def _swap(text: str, pairs: dict[str, str]) -> str:
    for a, b in pairs.items():
        text = text.replace(a, b)
    return text


def test_shape_and_determinism():
    toks = tokenize(ALLIANCE)
    a = topicfit.features(toks)
    assert len(a) == len(topicfit.NAMES)
    assert all(np.isfinite(a))
    assert a == topicfit.features(tokenize(ALLIANCE))


def test_too_little_text_is_neutral():
    for text in ("", "Hello there.", "A cat sat on a mat."):
        assert topicfit.features(tokenize(text)) == list(topicfit.NEUTRAL)


def _spun_candidates(text: str) -> dict[str, str]:
    """Swap each content word that is a listed candidate original of some other
    word (read from the shipped table) for that word: a blind thesaurus spin."""
    from unspin.spin.resources import subst_table

    index, _ = topicfit.vectors()
    inverse: dict[str, str] = {}
    for spun_word, origs in subst_table().items():
        if " " in spun_word or spun_word not in index:
            continue
        for orig, _prior in origs[:3]:
            if orig.isalpha() and orig not in inverse:
                inverse[orig] = spun_word
    words = {t.low for t in tokenize(text) if len(t.low) > 4}
    return {f" {w} ": f" {inverse[w]} " for w in sorted(words) if w in inverse}


def test_blind_synonym_swaps_raise_the_topic_gain():
    pairs = _spun_candidates(ALLIANCE)
    assert len(pairs) >= 4
    spun = _swap(ALLIANCE, pairs)
    h = topicfit.features(tokenize(ALLIANCE))
    s = topicfit.features(tokenize(spun))
    assert s[_idx("tf_cos_mean")] > h[_idx("tf_cos_mean")]
    assert s[_idx("tf_word_cos")] < h[_idx("tf_word_cos")]


def test_long_text_is_judged_in_windows_of_the_same_scale():
    toks = tokenize(ALLIANCE)
    long = tokenize(" ".join([ALLIANCE] * 60))  # far over one window of content words
    one, many = topicfit.features(toks), topicfit.features(long)
    for k in ("tf_cos_mean", "tf_word_cos"):
        assert many[_idx(k)] == pytest.approx(one[_idx(k)], abs=0.1), k


def test_detector_reports_the_topic_features():
    feats = spin.detect(ALLIANCE).metrics["features"]
    for k in topicfit.NAMES:
        assert k in scoring.MODEL_FEATURES
        assert k in feats


def test_page_cosines_the_original_fits_the_page_better_than_an_off_topic_synonym():
    toks = tokenize(_swap(ALLIANCE, {"partners agreed": "lovers agreed"}))
    [(word, orig)] = topicfit.page_cosines(toks, [("lovers", "partners")])
    assert orig > word + 0.1
    # the word itself is left out of the topic it is compared with
    [(again, _)] = topicfit.page_cosines(tokenize(ALLIANCE + " Lovers."), [("lovers", "partners")])
    assert again < orig


def test_page_cosines_edge_cases():
    assert topicfit.page_cosines(tokenize(ALLIANCE), []) == []
    assert topicfit.page_cosines(tokenize("It is a an of."), [("it", "this")]) == [(0.0, 0.0)]
    # a word without a vector reads 0.0; its candidate is still compared
    [(w, c)] = topicfit.page_cosines(tokenize(ALLIANCE), [("qzxwv", "treaty")])
    assert w == 0.0 and c > 0.3
