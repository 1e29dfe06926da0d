import pytest
from hypothesis import given, strategies as st

from unspin.edits import Edit, apply_edits, select_edits
from unspin.findings import Finding


def F(kind, s, e, text, sugg, conf=0.9):
    return Finding(kind, s, e, text[s:e], sugg, conf, "test")


def test_apply_and_map_back():
    text = "aa BAD cc BAD ee"
    edits = [Edit(3, 6, "good!"), Edit(10, 13, "")]
    new, omap = apply_edits(text, edits)
    assert new == "aa good! cc  ee"
    # Positions outside edits map exactly; inside an edit, to its whole old span.
    assert omap.to_old(0) == 0
    assert omap.to_old(9) == 7  # "cc" moved by +2
    assert omap.to_old_span(3, 8) == (3, 6)
    assert omap.to_old_span(4, 5) == (3, 6)
    assert omap.to_old(new.index("ee")) == text.index("ee")


def test_select_edits_priority_and_overlap():
    text = "one two three four"
    fs = [
        F("mojibake", 4, 7, text, "TWO"),
        F("injected", 4, 13, text, ""),
        F("spun", 14, 18, text, "4", 0.6),
        F("spun", 14, 18, text, None),  # no suggestion: ignored
    ]
    chosen = select_edits(fs, ("injected", "mojibake", "spun"))
    assert chosen == [Edit(4, 13, ""), Edit(14, 18, "4")]


def test_overlapping_edits_rejected():
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])


@given(st.text(max_size=60), st.data())
def test_offset_map_roundtrip(text, data):
    # Random non-overlapping edits: text outside edits maps back to itself.
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    edits, last = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a >= last:
            edits.append(Edit(a, b, data.draw(st.text(max_size=4))))
            last = b
    new, omap = apply_edits(text, edits)
    pos_new, pos_old = 0, 0
    for e in edits:
        for k in range(e.start - pos_old):
            assert new[pos_new + k] == text[omap.to_old(pos_new + k)]
        pos_new += e.start - pos_old + len(e.replacement)
        pos_old = e.end
    assert omap.to_old(len(new), side="end") == len(text)


def _select_reference(findings, priority):
    """select_edits as first written: each candidate checked against every span taken."""
    from unspin.edits import _overlaps

    rank = {k: i for i, k in enumerate(priority)}
    cands = [f for f in findings if f.suggestion is not None and f.kind in rank]
    cands.sort(key=lambda f: (rank[f.kind], -f.confidence, -(f.end - f.start), f.start))
    taken, chosen = [], []
    for f in cands:
        if any(_overlaps(f.start, f.end, s, e) for s, e in taken):
            continue
        taken.append((f.start, f.end))
        chosen.append(Edit(f.start, f.end, f.suggestion or ""))
    chosen.sort(key=lambda e: (e.start, e.end))
    return chosen


_span = st.tuples(st.integers(0, 30), st.integers(0, 4), st.sampled_from(["spun", "injected", "mojibake"]),
                  st.sampled_from([0.3, 0.6, 0.9]), st.sampled_from(["", "x", None]))


@given(st.lists(_span, max_size=40))
def test_select_edits_matches_the_pairwise_definition(spans):
    text = "abcdefghij" * 4
    fs = [F(kind, s, s + n, text, sugg, conf) for s, n, kind, conf, sugg in spans]
    for priority in (("mojibake", "injected", "spun"), ("spun",), ("injected", "spun")):
        assert select_edits(fs, priority) == _select_reference(fs, priority)
