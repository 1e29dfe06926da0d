"""Fuzz-style checks: whatever the input, analyze never crashes and its findings
always point at the text they quote."""

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import unspin
from unspin.decode import decode_bytes
from unspin.errors import InputError


def check_report(text):
    r = unspin.analyze(text)
    assert 0.0 <= r.spun_score <= 1.0
    assert r.label in ("spun", "clean")
    for f in r.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert 0.0 <= f.confidence <= 1.0 and f.evidence
    assert isinstance(r.cleaned, str) and isinstance(r.restored, str)
    return r


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_never_crashes(text):
    check_report(text)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_decode_or_refuse(data):
    try:
        d = decode_bytes(data)
    except InputError:
        return
    check_report(d.text)


@pytest.mark.parametrize("text", [
    "", " ", "\n", "\x00", "\x00" * 50, "a" * 100_000, ("word " * 50_000).strip(),
    "\r\n".join(["Same line repeated here"] * 1000), "\u202e\u200b\ufeff", "🙂" * 1000,
])
def test_edge_inputs(text):
    check_report(text)


@pytest.mark.slow
def test_ten_megabytes_of_text():
    rng = random.Random(0)
    words = "the of and to in a is that for it as was with be by on not he this are or his from".split()
    lines = []
    size = 0
    while size < 10_000_000:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(5, 30))) + "."
        lines.append(line)
        size += len(line) + 1
    text = "\n".join(lines)
    r = check_report(text)
    assert len(r.cleaned) <= len(text)
