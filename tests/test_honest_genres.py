"""Honest English unlike the tuning sets stays clean: the prose entries of
Debian's ``fortunes`` package (quotations, poems and songs, jokes, deliberate
wordplay, chat logs) and web-page-length passages of the Brown corpus (15
genres). Each skips where its corpus is not installed
(``scripts/install-system-deps.sh``)."""

from __future__ import annotations

import pytest

from unspin.detectors import spin
from unspin.synth import MissingResource, brown_pages, fortunes, sample


@pytest.fixture(scope="module")
def fortune_halves():
    try:
        return fortunes("dev"), fortunes("test")
    except MissingResource as exc:
        pytest.skip(str(exc))


def test_fortunes_are_prose_split_in_disjoint_halves(fortune_halves):
    dev, test = fortune_halves
    assert len(dev) > 500 and len(test) > 500
    assert not {d.id for d in dev} & {d.id for d in test}
    assert not {d.text for d in dev} & {d.text for d in test}
    for d in dev + test:
        assert d.words >= 40
        assert d.source == "fortunes" and d.meta["category"]
        assert "\n%\n" not in d.text


def test_honest_fortunes_are_rarely_labelled_spun(fortune_halves):
    # the test half, never used for calibration (scripts/calibrate_spin.py uses the dev half)
    docs = fortune_halves[1]
    labelled = [d for d in docs if (r := spin.detect(d.text)).score >= r.threshold]
    assert len(labelled) <= 0.02 * len(docs), [d.text[:80] for d in labelled]


@pytest.fixture(scope="module")
def brown_test_half():
    try:
        return brown_pages("test")
    except MissingResource as exc:
        pytest.skip(str(exc))


def test_brown_passages_are_web_length_prose_of_many_genres(brown_test_half):
    genres = {d.meta["genre"] for d in brown_test_half}
    assert len(genres) >= 12
    for d in brown_test_half:
        assert 300 <= d.words <= 800
        assert "/" not in d.text.split()[0] and "``" not in d.text  # tags and Brown quotes gone


def test_honest_brown_passages_are_rarely_labelled_spun(brown_test_half):
    # never used for tuning or calibration
    docs = sample(brown_test_half, 60, seed=5)
    labelled = [d for d in docs if (r := spin.detect(d.text)).score >= r.threshold]
    assert len(labelled) <= 1, [d.text[:80] for d in labelled]
