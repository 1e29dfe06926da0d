"""The precise tier's document score (``spin.precise_doc``): pure functions over the
slot gains, and the detector reading them. The model is stubbed here; the real one
is exercised in test_precise.py where the extra is installed."""

from __future__ import annotations

import math

import pytest

import unspin
from unspin.detectors import spin as spin_det
from unspin.spin import precise_doc, scoring
from unspin.spin.precise import Slot

CAL = {"features": list(precise_doc.FEATURES), "mean": [0.0] * 4, "std": [1.0] * 4,
       "coef": [0.5, 1.0, 1.0, 0.5], "bias": -3.0, "thresholds": [[250, 0.8], [None, 0.6]]}


def test_features_read_the_default_score_as_log_odds_and_the_slots_per_word():
    gains = [9.0, 8.0, 3.0, -4.0]
    x = precise_doc.features(0.5, 100, gains, n_found=3)
    assert x[0] == pytest.approx(0.0)  # log-odds of 0.5
    assert x[1] == pytest.approx(2.0)  # two slots gain >= 8 nats, per 100 words
    assert x[2] == pytest.approx((9 + 8 + 3) / 100)  # positive gains only, per word
    assert x[3] == pytest.approx(3.0)  # findings per 100 words


def test_a_short_text_counts_as_min_words_long():
    short = precise_doc.features(0.5, 10, [9.0], 1)
    assert short[1] == pytest.approx(100.0 / precise_doc.MIN_WORDS)


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_extreme_default_scores_stay_finite(p):
    assert math.isfinite(precise_doc.features(p, 50, [], 0)[0])


def test_probability_rises_with_every_feature():
    base = precise_doc.probability([0.0, 0.0, 0.0, 0.0], CAL)
    for k in range(4):
        x = [0.0] * 4
        x[k] = 2.0
        assert precise_doc.probability(x, CAL) > base
    assert 0.0 < precise_doc.probability([1e6] * 4, CAL) <= 1.0


def test_threshold_per_length_band():
    assert scoring.label_threshold(100, CAL) == 0.8
    assert scoring.label_threshold(250, CAL) == 0.8
    assert scoring.label_threshold(251, CAL) == 0.6


def test_best_gains_takes_each_scored_slots_best_gain():
    a = Slot(0, 0, 1, 0, 4, source="thesaurus")
    t = Slot(0, 2, 4, 8, 20, source="term")
    scored = [(a, [("x", 6.0, -2.0), ("y", 4.0, 0.0)]), (t, [("p q", 3.0, -1.0)]), (a, [])]
    assert precise_doc.best_gains(scored) == [6.0, 3.0]


def test_shipped_calibration_matches_the_features_if_present():
    cal = precise_doc.calibration()
    if cal is None:
        pytest.skip("no precise calibration shipped")
    assert cal["features"] == list(precise_doc.FEATURES)
    assert len(cal["coef"]) == len(precise_doc.FEATURES) and all(c >= 0 for c in cal["coef"])
    assert [t[0] for t in cal["thresholds"]] == [scoring.SHORT_WORDS, None]


def _stub_precise(monkeypatch, gains):
    """The precise tier with SmolLM2 replaced: every fast-tier slot gets ``gains``."""
    from unspin.spin import precise

    monkeypatch.setattr(spin_det, "_check_tier", lambda options: getattr(options, "tier", "fast") == "precise")

    def score_all(text, tokens, props, counters=None):
        return [(Slot(0, p.i, p.j, tokens[p.i].start, tokens[p.j - 1].end, source="thesaurus"),
                 [("x", g, 0.0) for g in gains]) for p in props]

    monkeypatch.setattr(precise, "score_all", score_all)
    monkeypatch.setattr(precise, "decide", lambda text, scored: [])


TEXT = ("Georgia is one of our closest couples, and we will safeguard the region together "
        "with our lovers in the locale.")


def test_detector_labels_with_the_precise_score_and_its_thresholds(monkeypatch):
    monkeypatch.setattr(precise_doc, "calibration", lambda: CAL)
    _stub_precise(monkeypatch, [12.0])
    strong = spin_det.detect(TEXT, unspin.Options(tier="precise"))
    assert "precise_features" in strong.metrics
    assert strong.threshold == 0.8  # the precise calibration's short band
    x = [strong.metrics["precise_features"][k] for k in precise_doc.FEATURES]
    assert strong.score == pytest.approx(precise_doc.probability(x, CAL), abs=1e-3)
    assert strong.precise_inputs == pytest.approx(x, abs=1e-4)
    _stub_precise(monkeypatch, [-6.0])
    weak = spin_det.detect(TEXT, unspin.Options(tier="precise"))
    assert weak.score < strong.score


def test_detector_keeps_the_default_score_without_a_precise_calibration(monkeypatch):
    monkeypatch.setattr(precise_doc, "calibration", lambda: None)
    _stub_precise(monkeypatch, [12.0])
    fast = spin_det.detect(TEXT)
    precise_run = spin_det.detect(TEXT, unspin.Options(tier="precise"))
    assert precise_run.score == fast.score and precise_run.threshold == fast.threshold
    assert "precise_features" not in precise_run.metrics
    # what a calibration would read is there all the same (scripts/calibrate_precise.py)
    assert precise_run.precise_inputs is not None and fast.precise_inputs is None


def test_default_tier_never_reads_the_precise_calibration(monkeypatch):
    def boom():
        raise AssertionError("read by the default tier")

    monkeypatch.setattr(precise_doc, "calibration", boom)
    spin_det.detect(TEXT)


def _stub_finding(monkeypatch, detail):
    """The precise tier's decision stubbed to one finding 0.9 sure on "couples"."""
    from unspin.findings import Finding
    from unspin.spin import precise

    k = TEXT.index("couples")
    f = Finding(kind="spun", start=k, end=k + len("couples"), text="couples", suggestion="allies",
                confidence=0.9, evidence="stub", detail=detail)
    monkeypatch.setattr(precise, "decide", lambda text, scored: [f])


@pytest.mark.parametrize("bias, gain, lowered", [(-9.0, -6.0, True), (9.0, 12.0, False)])
def test_a_precise_finding_loses_confidence_in_a_page_that_reads_honest(monkeypatch, bias, gain, lowered):
    monkeypatch.setattr(precise_doc, "calibration", lambda: {**CAL, "bias": bias})
    _stub_precise(monkeypatch, [gain])
    _stub_finding(monkeypatch, (("source", "thesaurus"),))
    res = spin_det.detect(TEXT, unspin.Options(tier="precise"))
    (f,) = [f for f in res.findings if f.text == "couples"]
    # what the page's precise score says is read as the default tier reads its own
    assert f.confidence == pytest.approx(round(scoring.finding_probability(0.9, res.score, res.threshold), 4))
    assert (f.confidence < 0.5) == lowered  # restore leaves it as written in an honest-reading page
    monkeypatch.setattr(spin_det, "PRECISE_DOC_PRIOR", False)
    (f,) = [f for f in spin_det.detect(TEXT, unspin.Options(tier="precise")).findings if f.text == "couples"]
    assert f.confidence == 0.9


def test_a_precise_finding_seen_in_papers_keeps_its_confidence(monkeypatch):
    monkeypatch.setattr(precise_doc, "calibration", lambda: {**CAL, "bias": -9.0})
    _stub_precise(monkeypatch, [-6.0])
    _stub_finding(monkeypatch, (("source", "thesaurus"), ("seen_in_papers", True)))
    res = spin_det.detect(TEXT, unspin.Options(tier="precise"))
    assert [f.confidence for f in res.findings if f.text == "couples"] == [0.9]
