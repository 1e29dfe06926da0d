import pytest

import unspin
from unspin.detectors import repeated

CASES = [
    # (text, number of repeated findings, cleaned)
    ("Big News Title Here\n\nBig News Title Here\n\nBody text.", 1, "Big News Title Here\n\nBody text."),
    ("Big News Title Here\nbig news title here!\nBody", 1, "Big News Title Here\nBody"),
    ("Share\nShare\nShare", 0, "Share\nShare\nShare"),  # too short to judge
    ("One line of real text.\nAnother line of text.", 0, "One line of real text.\nAnother line of text."),
    ("A title that repeats\nbody\nA title that repeats", 1, "A title that repeats\nbody"),
]


@pytest.mark.parametrize("text,n,cleaned", CASES)
def test_repeated_cases(text, n, cleaned):
    found = repeated.detect(text)
    assert len(found) == n
    for f in found:
        assert f.kind == "repeated" and f.suggestion == ""
        first = dict(f.detail)
        assert repeated.normalize_line(text[first["first_start"]:first["first_end"]]) == repeated.normalize_line(f.text)
        assert first["first_start"] < f.start
    assert unspin.clean(text) == cleaned


def test_repeats_point_to_first_occurrence_each_time():
    text = "\n".join(["The same long heading"] * 4)
    found = repeated.detect(text)
    assert len(found) == 3
    assert {dict(f.detail)["first_start"] for f in found} == {0}
    assert unspin.clean(text) == "The same long heading"


def test_seed_repeated_title(seed_page):
    found = [f for f in unspin.analyze(seed_page).findings if f.kind == "repeated"]
    lines = seed_page.split("\n")
    third_line_start = len(lines[0]) + len(lines[1]) + 2
    assert any(f.start == third_line_start for f in found)
    cleaned = unspin.clean(seed_page)
    assert cleaned.count(lines[0]) == 1
