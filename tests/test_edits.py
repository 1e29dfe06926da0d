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
