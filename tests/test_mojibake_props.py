"""Property tests: clean multilingual text is never changed; nothing crashes."""

from __future__ import annotations

import wordfreq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.detectors import mojibake

LANGS = ("ru", "uk", "bg", "mk", "el", "tr", "pl", "cs", "sk", "hu", "ro", "de", "fr", "es", "pt",
         "it", "vi", "ar", "fa", "he", "zh", "ja", "ko", "hi", "lv", "lt", "is", "da", "sv", "nb",
         "fi", "ca", "sl", "sh", "bn", "ta", "en")
VOCAB = sorted({w for lang in LANGS for w in wordfreq.top_n_list(lang, 800)})
OPEN = ("“", "«", "„", "‚", "‘", "(", "[", '"', "'", "¿", "¡", "—", "–")
CLOSE = ("”", "»", "“", "’", "…", ")", "]", ".", ",", ";", ":", "!", "?", '"', "'", "?!", "…»",
         ".”", "™", "®", "%", "¹", "²")
SYMBOLS = tuple("√π∞≈≠≤≥∑∫∆µΩ←→★♥❤✔😀😂👍🎉½¼¾§¶•·×÷±€£¥©®™°–—…") + (
    "5×3", "£35", "35°C", "©2024", "€10", "¥500", "±2", "2×£35", "4288×…", "√π", "1ª", "2º",
    "½kg", "№5", "μm", "N°5")


@st.composite
def word(draw):
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(SYMBOLS))
    w = draw(st.sampled_from(VOCAB))
    case = draw(st.integers(0, 5))
    if case == 0:
        w = w.upper()
    elif case == 1:
        w = w[:1].upper() + w[1:]
    if draw(st.integers(0, 4)) == 0:
        w = draw(st.sampled_from(OPEN)) + w
    if draw(st.integers(0, 3)) == 0:
        w = w + draw(st.sampled_from(CLOSE))
    return w


clean_text = st.builds(lambda ws, sep: sep.join(ws), st.lists(word(), min_size=1, max_size=16),
                       st.sampled_from((" ", " ", "\xa0", "\n")))

PROPS = settings(max_examples=150, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(clean_text)
def test_clean_multilingual_text_is_never_changed(text):
    assert mojibake.detect(text) == []


def _check(text: str) -> None:
    found = mojibake.detect(text)
    last = -1
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= last  # sorted, not overlapping
        last = f.end
        assert text[f.start:f.end] == f.text
        assert f.suggestion is not None and f.suggestion != f.text
        assert 0 < f.confidence <= 1 and f.evidence


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.text(max_size=300))
def test_random_text_never_crashes(text):
    _check(text)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.binary(max_size=300),
       st.sampled_from(("cp1252", "latin-1", "cp1251", "cp1250", "mac_roman", "koi8_r", "cp437",
                        "utf-8")))
def test_random_bytes_read_with_any_code_page_never_crash(raw, codec):
    _check(raw.decode(codec, errors="replace"))
