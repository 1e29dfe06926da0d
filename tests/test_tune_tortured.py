"""scripts/tune_tortured.py: the TUNE half split again for dev figures."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("tune_tortured")


def test_parts_are_stable_and_independent_of_the_tune_test_split(script):
    from benchmarks.tortured import split_of

    words = [f"phrase number {k}" for k in range(400)]
    parts = [script.part_of(w) for w in words]
    assert parts == [script.part_of(w.upper() + " ") for w in words]  # case and spaces do not matter
    assert 150 < parts.count("a") < 250
    tune = [p for w, p in zip(words, parts) if split_of(w) == "tune"]
    assert 0.3 < tune.count("a") / len(tune) < 0.7  # each TUNE part is about half of TUNE


def test_set_casts_to_the_constants_type_and_refuses_what_is_not_there(script, monkeypatch):
    from unspin.spin import neighbours

    monkeypatch.setattr(neighbours, "GAIN_MIN", neighbours.GAIN_MIN)  # restored after the test
    script.apply_set("spin.neighbours.GAIN_MIN=1")
    assert neighbours.GAIN_MIN == 1.0 and isinstance(neighbours.GAIN_MIN, float)
    with pytest.raises(SystemExit, match="has no"):
        script.apply_set("spin.neighbours.NO_SUCH_CONSTANT=1")
    with pytest.raises(SystemExit, match="MODULE.NAME=VALUE"):
        script.apply_set("GAIN_MIN")


def test_set_reads_a_switch_as_true_or_false(script, monkeypatch):
    from unspin.detectors import spin

    monkeypatch.setattr(spin, "PRECISE_DOC_PRIOR", True)  # restored after the test
    script.apply_set("detectors.spin.PRECISE_DOC_PRIOR=false")
    assert spin.PRECISE_DOC_PRIOR is False
    script.apply_set("detectors.spin.PRECISE_DOC_PRIOR=1")
    assert spin.PRECISE_DOC_PRIOR is True
    with pytest.raises(SystemExit, match="true or false"):
        script.apply_set("detectors.spin.PRECISE_DOC_PRIOR=maybe")
