"""The benchmark helpers: metric functions and the restoration alignment."""

from __future__ import annotations

import pytest

m = pytest.importorskip("benchmarks._metrics")


def test_roc_auc_extremes_and_ties():
    assert m.roc_auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert m.roc_auc([0.1, 0.2], [0.9, 0.8]) == 0.0
    assert m.roc_auc([0.0, 0.0], [0.0, 0.0, 0.0]) == 0.5
    assert m.roc_auc([0.5, 0.2], [0.3]) == 0.5
    assert m.roc_auc([], [0.1]) is None


def test_recall_at_fpr_is_zero_for_a_constant_score():
    r = m.recall_at_fpr([0.0] * 10, [0.0] * 100, 0.02)
    assert r["recall"] == 0.0 and r["fpr"] == 0.0


def test_recall_at_fpr_respects_the_budget():
    neg = [i / 100 for i in range(100)]  # 0.00 .. 0.99
    pos = [0.5, 0.975, 0.985, 0.995]
    r = m.recall_at_fpr(pos, neg, 0.02)
    assert r["fpr"] <= 0.02
    assert r["recall"] == pytest.approx(3 / 4)  # threshold 0.97: 0.98 and 0.99 are the 2% FP


def test_label_metrics():
    out = m.label_metrics([True, True, False], [False, True, False, False])
    assert out["tp"] == 2 and out["fn"] == 1 and out["fp"] == 1
    assert out["precision"] == pytest.approx(2 / 3)
    assert out["recall"] == pytest.approx(2 / 3)
    assert out["fpr"] == pytest.approx(0.25)
    assert m.label_metrics([False], [False])["f1"] == 0.0


def test_span_counts_overlap_and_exact():
    sc = m.SpanCounts()
    sc.add(found=[(0, 5), (10, 12), (30, 31)], truth=[(0, 5), (11, 15), (20, 25)])
    s = sc.summary()
    assert s["span_precision"] == pytest.approx(2 / 3)
    assert s["span_recall"] == pytest.approx(2 / 3)
    assert s["exact_span_rate"] == pytest.approx(1 / 3)
    assert m.SpanCounts().summary()["span_precision"] is None
    assert not m.overlaps((0, 0), (0, 10)) and not m.overlaps((10, 10), (0, 10))
    assert m.overlaps((3, 3), (0, 10))  # an insertion point strictly inside


def test_word_spans_strip_punctuation_and_keep_abbreviations():
    assert m.words('Hello, "world". The U.S. is big!') == ["Hello", "world", "The", "U.S.", "is", "big"]
    text = "a (b) c."
    for w, s, e in m.word_spans(text):
        assert text[s:e] == w


def _edits(original: str, pairs):
    """(orig_start, orig_end, spun) for each (original phrase, spun phrase), first occurrence."""
    out = []
    for o, s in pairs:
        i = original.index(o)
        out.append((i, i + len(o), s))
    return out


def test_restoration_perfect_identity_and_partial():
    original = "Our partners defend their territory and we thank you very much."
    edits = _edits(original, [("partners", "couples"), ("defend", "safeguard"), ("and", "and you can"),
                               ("we", "individuals"), ("very much", "quite")])
    spun = "Our couples safeguard their territory and you can individuals thank you quite."

    perfect = m.restoration_counts(original, original, edits).summary()
    assert perfect["changed_words_restored"] == 1.0
    assert perfect["unchanged_words_kept"] == 1.0
    assert perfect["edits_reverted_exactly"] == 1.0
    # "and" survives inside "and you can": not a changed word
    assert perfect["changed_words"] == 5  # partners defend we very much

    ident = m.restoration_counts(original, spun, edits).summary()
    assert ident["changed_words_restored"] == 0.0
    assert ident["unchanged_words_kept"] == 1.0
    assert ident["edits_reverted_exactly"] == 0.0

    partial = "Our partners safeguard their territory and we thank you quite."
    p = m.restoration_counts(original, partial, edits).summary()
    assert p["changed_words_restored"] == pytest.approx(2 / 5)
    # "and" and "we" are back between their neighbours; "partners" is back but its
    # neighbour "defend" is not, so it does not count (adjacent edits must both be right)
    assert p["edits_reverted_exactly"] == pytest.approx(2 / 5)

    damaged = "Our partners defend his territory and we thank you very much."
    d = m.restoration_counts(original, damaged, edits).summary()
    assert d["unchanged_words_kept"] < 1.0 and d["changed_words_restored"] == 1.0


def test_restoration_is_case_sensitive():
    original = "Then I went to the U.S. office."
    edits = _edits(original, [("I", "i"), ("U.S.", "You.S.")])
    r = m.restoration_counts(original, "Then i went to the U.S. office.", edits).summary()
    assert r["changed_words_restored"] == 0.5


def test_rnd_and_norm():
    assert m.rnd({"a": [0.123456, float("inf")], "b": 2}) == {"a": [0.1235, None], "b": 2}
    assert m.norm_phrase("  Artificial\n intelligence ") == "artificial intelligence"


def test_tortured_candidates_apply_suggestions():
    from unspin.findings import Finding

    tortured = pytest.importorskip("benchmarks.tortured")
    s, a, b = tortured.fill("In this paper we study {} in some detail.", "counterfeit consciousness")
    f1 = Finding("spun", a, a + 11, "counterfeit", "artificial", 0.8, "x", alternatives=(("fake", 0.1),))
    f2 = Finding("spun", a + 12, b, "consciousness", "intelligence", 0.7, "x")
    c = tortured.candidates(s, [f1, f2], (a, b))
    assert c[0] == "In this paper we study artificial intelligence in some detail."
    assert len(c) == 2
    assert tortured.candidates(s, [], (a, b)) == []


def test_tortured_counts_no_finding_that_only_puts_capitals_back():
    from unspin.findings import Finding

    tortured = pytest.importorskip("benchmarks.tortured")
    name = Finding("spun", 0, 7, "fourier", "Fourier", 0.9, "a name written in lowercase")
    word = Finding("spun", 8, 14, "rework", "transform", 0.6, "x")
    assert tortured.wording([name, word]) == [word]


@pytest.mark.parametrize("tortured,expected,plain", [
    ("business knowledge", "business intelligence (bi)", "business intelligence"),
    ("machine knowledge", "machine learning\xa0(in this context)", "machine learning"),
    ("directed learning", "supervised (machine) learning", "supervised learning"),
    ("data and innovation", '\\"information technology (it)\\"', "information technology"),
    # the tortured phrase carries the acronym too: the annotation is part of the text
    ("synthetic intelligence (ai)", "artificial intelligence (ai)", "artificial intelligence (ai)"),
    ("huge information", "big data", "big data"),
])
def test_tortured_plain_expected(tortured, expected, plain):
    from benchmarks.tortured import plain_expected

    assert plain_expected(tortured, expected) == plain
