"""The document-level spun score: features, calibration file, length bands, honest text."""

from __future__ import annotations

import math

import numpy as np
import pytest

from unspin.detectors import spin
from unspin.spin import scoring, topicfit
from unspin.spin.resources import shared_lm
from unspin.spin.tokens import tokenize

PARA = (
    "The city council met on Tuesday to discuss the new budget. Members agreed that the "
    "library should stay open longer in the summer, and they asked the mayor to report back "
    "next month on the cost of hiring more staff for the parks department."
)


def test_token_lps_match_the_lm_word_by_word():
    toks = tokenize(PARA)
    tri, uni = scoring.token_lps(toks)
    assert len(tri) == len(uni) == len(toks)
    L = shared_lm()
    # the first words of the text: <s> history, then the real words
    lows = [t.low for t in toks]
    assert tri[0] == pytest.approx(L.lp(lows[0], "<s>", None))
    assert tri[1] == pytest.approx(L.lp(lows[1], lows[0], "<s>"))
    assert tri[2] == pytest.approx(L.lp(lows[2], lows[1], lows[0]))
    assert uni[3] == pytest.approx(L.lp(lows[3], None, None))


def test_token_lps_restart_at_a_break():
    toks = tokenize("It rained. The city council met")
    i = next(k for k, t in enumerate(toks) if t.low == "the")
    assert toks[i].gap == "|"
    tri, _ = scoring.token_lps(toks)
    assert tri[i] == pytest.approx(shared_lm().lp("the", "<s>", None))


def test_context_fit_features_are_length_normalised():
    toks = tokenize(PARA)
    toks3 = tokenize("\n\n".join([PARA] * 3))
    one = scoring.doc_features(len(toks), *scoring.token_lps(toks), [], [], [], 0)
    three = scoring.doc_features(len(toks3), *scoring.token_lps(toks3), [], [], [], 0)
    for k in scoring.CONTEXT_FIT:
        i = scoring.FEATURES.index(k)
        assert three[i] == pytest.approx(one[i], abs=0.1 * max(1.0, abs(one[i]))), k


def test_features_are_length_normalised():
    one = spin.detect(PARA).metrics["features"]
    three = spin.detect("\n\n".join([PARA] * 3)).metrics["features"]
    assert set(one) == set(scoring.MODEL_FEATURES)
    for k in ("ev_mean", "pos_share", "cand_rate", "delta_mean"):
        assert three[k] == pytest.approx(one[k], abs=0.05 * max(1.0, abs(one[k]))), k
    assert three["log_words"] == pytest.approx(one["log_words"] + math.log(3), abs=0.01)


def test_empty_and_tiny_inputs_score_zero_or_a_probability():
    assert spin.detect("").score == 0.0
    for text in ("Hello.", "Word", "A b c d e f g."):
        r = spin.detect(text)
        assert 0.0 <= r.score <= 1.0 and 0.0 < r.threshold < 1.0


def test_calibration_file_matches_the_features():
    cal = scoring.calibration()
    d = cal["doc"]
    assert d["features"] == list(scoring.MODEL_FEATURES)
    assert not set(scoring.MODEL_FEATURES) & set(scoring.CONTEXT_FIT)
    n_in = len(scoring.MODEL_FEATURES) + len(scoring.LENGTH_SCALED)
    assert len(d["coef"]) == len(d["mean"]) == len(d["std"]) == n_in
    assert len(d["center"]) == len(scoring.LENGTH_SCALED)
    assert all(np.isfinite(d["coef"]))


def test_longer_documents_never_get_a_laxer_threshold_than_short_ones():
    short = scoring.label_threshold(80)
    page = scoring.label_threshold(600)
    assert 0.0 < page <= short < 1.0
    assert spin.detect(PARA).threshold == short
    assert spin.detect("\n\n".join([PARA] * 8)).threshold == page


def test_probability_rises_with_the_evidence_of_a_feature_vector():
    # a document whose content words fit their context worse and whose
    # candidates the LM prefers more must not score lower
    base = spin.detect("\n\n".join([PARA] * 3)).metrics["features"]
    x = [base.get(k, 0.0) for k in scoring.FEATURES]
    worse = list(x)
    i_ev, i_pos = scoring.FEATURES.index("ev_mean"), scoring.FEATURES.index("pos_share")
    worse[i_ev] += 2.0
    worse[i_pos] = min(1.0, worse[i_pos] + 0.2)
    assert scoring.doc_probability(worse) >= scoring.doc_probability(x)


def test_old_formal_honest_english_stays_clean(shared_data):
    """19th-century State of the Union chunks (dev split; honest, formal and
    old-fashioned) are rarely labelled spun."""
    from unspin.synth import sample, sotu_chunks

    old = [d for d in sotu_chunks(shared_data, "dev") if (d.meta.get("year") or 9999) < 1900]
    docs = sample(old, 40, seed=5)
    labelled = sum(1 for d in docs if (r := spin.detect(d.text)).score >= r.threshold)
    assert labelled <= 2


def test_quantile_equals_numpys_bit_for_bit():
    """scoring.quantile stands in for numpy.quantile in the document features:
    the same float, to the last bit, on lists with ties, signed zeros and one element."""
    import random

    rng = random.Random(7)
    for _ in range(3000):
        n = rng.choice([1, 2, 3, 4, 5, 8, 9, 16, 17, 40, 101])
        pick = rng.random()
        if pick < 0.3:
            xs = [float(rng.randint(-3, 3)) * rng.choice([1.0, -1.0]) for _ in range(n)]
        else:
            xs = [round(rng.uniform(-12.0, 15.0), rng.randint(0, 8)) for _ in range(n)]
        want = float(np.quantile(np.asarray(xs, dtype=float), 0.75))
        assert repr(scoring.quantile(xs, 0.75)) == repr(want), xs


def test_span_calibration_matches_the_span_features():
    c = scoring.calibration()["span"]
    assert c["features"] == list(scoring.SPAN_FEATURES)
    n_in = len(scoring.span_inputs([0.0] * len(scoring.SPAN_FEATURES)))
    assert len(c["coef"]) == len(c["mean"]) == len(c["std"]) == n_in
    assert all(np.isfinite(c["coef"]))


def _single(**kw) -> list[float]:
    """A single word's SPAN_FEATURES values: typical ones, some set by name."""
    base = dict(evidence=5.0, share=0.6, habit=0.0, doc_rate=0.3, log_words=5.0, alternatives=4.0, single=1.0,
                word_unigram=-11.0, word_zipf=2.5, suggestion_zipf=4.0, word_topic=0.2, suggestion_topic=0.4)
    base.update(kw)
    return [float(base[k]) for k in scoring.SPAN_FEATURES]


@pytest.mark.parametrize("changed, more_likely_spun", [
    (dict(evidence=9.0), True),
    (dict(doc_rate=1.0), True),
    (dict(word_topic=0.5), False),  # the word fits the page's topic
    (dict(suggestion_topic=0.7), True),  # the suggestion fits the page better
])
def test_span_probability_reads_its_features_the_expected_way(changed, more_likely_spun):
    p0 = scoring.span_probability(_single())
    p1 = scoring.span_probability(_single(**changed))
    assert 0.0 < p0 < 1.0
    assert (p1 > p0) == more_likely_spun


def test_an_old_style_span_calibration_reads_evidence_share_habit_and_rate():
    cal = {"span": {"coef": [0.5, 1.0, 2.0, 3.0], "bias": -4.0}}
    raw = _single(evidence=6.0, share=0.5, habit=0.0, doc_rate=0.2)
    assert scoring.span_probability(raw, cal) == pytest.approx(scoring.sigmoid(0.5 * 6 + 0.5 + 0.6 - 4.0))


def test_every_word_finding_records_what_its_confidence_read():
    text = (
        "The two countries signed a military alliance to defend their territory. The lovers agreed "
        "to share intelligence about enemy armies near the border, and the alliance lasted for decades."
    )
    r = spin.detect(text)
    lm = [f for f in r.findings if dict(f.detail).get("source") in ("thesaurus", "habit")]
    assert lm, "expected at least one LM finding"
    for f in lm:
        raw = r.span_inputs[(f.start, f.end)]
        assert len(raw) == len(scoring.SPAN_FEATURES)
        p = scoring.span_probability(raw)
        if not spin.seen_in_papers(f):  # read together with the document score
            p = scoring.finding_probability(p, r.score, r.threshold)
        assert f.confidence == pytest.approx(p, abs=1e-4)


def test_the_evidence_says_when_the_suggestion_fits_the_page_better():
    text = ("The two countries signed a military alliance to defend their territory against invasion. "
            "Under the treaty, each nation promised to send troops if the other was attacked, and the "
            "lovers agreed to share intelligence about enemy armies near the border.")
    r = spin.detect(text)
    for f in r.findings:
        raw = r.span_inputs.get((f.start, f.end))
        if raw is None or not raw[scoring.SPAN_INDEX["single"]]:
            continue
        gain = raw[scoring.SPAN_INDEX["suggestion_topic"]] - raw[scoring.SPAN_INDEX["word_topic"]]
        assert ("fits what the page is about better" in f.evidence) == (gain >= topicfit.MARGIN_COS), f
    assert any("fits what the page is about better" in f.evidence for f in r.findings)


def test_the_document_score_reads_the_word_findings_confidences():
    text = ("The two countries signed a military alliance to defend their territory against invasion. "
            "Under the treaty, each nation promised to send troops if the other was attacked, and the "
            "lovers agreed to share intelligence about enemy armies near the border.")
    spin.DOC_PRIOR = False  # the confidences as the span model gives them, which the score reads
    try:
        r = spin.detect(text)
    finally:
        spin.DOC_PRIOR = True
    assert r.scored_spans
    assert spin.detect(text).score == r.score  # (and reading the score into them does not move it)
    lm = {(f.start, f.end): f.confidence for f in r.findings if dict(f.detail).get("source") in ("thesaurus", "habit")}
    assert set(r.scored_spans) <= set(lm)
    p = [scoring.span_probability(r.span_inputs[k]) for k in r.scored_spans]
    assert p == pytest.approx([lm[k] for k in r.scored_spans], abs=1e-4)
    assert r.metrics["features"]["span_p_rate"] == pytest.approx(sum(p) / r.metrics["words"], abs=1e-4)
    # more of the same evidence never lowers the score
    x = [r.metrics["features"].get(k, 0.0) for k in scoring.FEATURES]
    more = list(x)
    more[scoring.FEATURES.index("span_p_rate")] += 0.05
    assert scoring.doc_probability(more) >= scoring.doc_probability(x)


_PRIOR = {"span_prior": {"coef": [0.85, 1.1, -0.2], "bias": 1.0, "cap": 4.0}}


def test_a_finding_without_a_span_prior_keeps_its_confidence():
    assert scoring.finding_probability(0.37, 0.01, 0.7, {"span": {}}) == 0.37


@pytest.mark.parametrize("score", [0.01, 0.2, 0.5, 0.7, 0.95])
def test_the_span_prior_is_monotone_in_the_confidence(score):
    ps = [scoring.finding_probability(c, score, 0.7, _PRIOR) for c in (0.05, 0.2, 0.5, 0.8, 0.99)]
    assert ps == sorted(ps) and len(set(ps)) == len(ps)


@pytest.mark.parametrize("score", [0.01, 0.5, 0.7, 0.9, 0.999])
@pytest.mark.parametrize("conf", [0.05, 0.5, 0.95])
def test_the_document_score_never_raises_a_finding(score, conf):
    assert scoring.finding_probability(conf, score, 0.7, _PRIOR) <= conf


def test_the_same_finding_is_less_sure_in_a_page_that_reads_as_honest():
    at = scoring.finding_probability(0.6, 0.7, 0.7, _PRIOR)
    below = scoring.finding_probability(0.6, 0.05, 0.7, _PRIOR)
    far_below = scoring.finding_probability(0.6, 1e-9, 0.7, _PRIOR)
    assert far_below <= below < at
    # the distance below the threshold is read up to the cap, no further
    assert far_below == pytest.approx(scoring.finding_probability(0.6, 1e-6, 0.7, _PRIOR))
    assert scoring.span_prior_inputs(0.6, 1e-9, 0.7, 4.0)[1] == -4.0


def test_findings_seen_in_papers_and_rule_findings_keep_their_confidence():
    from unspin.findings import Finding

    word = Finding("spun", 0, 5, "lover", "partner", 0.6, "why", detail=(("source", "thesaurus"),))
    seen = Finding("spun", 6, 11, "quick", "fast", 0.6, "why",
                   detail=(("source", "thesaurus"), ("seen_in_papers", True)))
    rule = Finding("spun", 12, 13, "i", "I", 0.9, "why")
    out = spin._with_doc_prior([word, seen, rule], {(12, 13)}, 0.01, 0.7)
    assert out[0].confidence < 0.6
    assert out[1] is seen and out[2] is rule


@pytest.mark.parametrize("text", [
    "The results show that fatty corrosive improves the overall performance of the system.",
    "We trained a profound neural organization with stochastic inclination plunge on the data.",
    "The two countries signed a military alliance to defend their territory. The lovers agreed "
    "to share intelligence about enemy armies near the border, and the alliance lasted for decades.",
])
def test_a_finding_says_whether_it_rests_on_what_real_spinners_did(text):
    r = spin.detect(text)
    words = [f for f in r.findings if dict(f.detail).get("source") in ("thesaurus", "habit", "real")]
    assert words
    for f in words:
        said = "real spinners were seen" in f.evidence or "a term of the field" in f.evidence
        assert spin.seen_in_papers(f) == said, f


def test_a_finding_beside_a_found_word_stays_no_surer_than_it():
    from unspin.findings import Finding

    found = Finding("spun", 0, 5, "lover", "partner", 0.6, "why", detail=(("source", "thesaurus"),))
    beside = Finding("spun", 6, 11, "pacts", "treaties", 0.6, "why",
                     detail=(("source", "thesaurus"), ("seen_in_papers", True),
                             ("leans_on_start", 0), ("leans_on_end", 5)),
                     alternatives=(("deals", 0.2),))
    out = spin._with_doc_prior([found, beside], set(), 0.01, 0.7)
    assert out[0].confidence < 0.6
    assert out[1].confidence == out[0].confidence
    assert out[1].alternatives[0][1] == pytest.approx(0.2 * out[0].confidence / 0.6, abs=1e-4)
