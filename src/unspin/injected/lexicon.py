"""Per-language word frequencies: is a word English, or common in another language?

Reads ``data/injected-words.npz`` (built by ``scripts/build_injected_data.py``
from wordfreq) once, lazily: sorted 40-bit word hashes with, for each, the
word's English Zipf frequency and the other Latin-script language where it is
commonest with its Zipf frequency there (Zipf: log10 of occurrences per
billion words; 0 means "not in the list").
"""

from __future__ import annotations

import bisect
import hashlib
import io
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np


class WordFreq(NamedTuple):
    en: float       # English Zipf frequency (0: not an English word we know)
    lang: str       # the other language where the word is commonest ("" if none)
    foreign: float  # its Zipf frequency there
    intl: int = 0   # in how many of 26 other Latin-script languages it is about as common as in English


_NONE = WordFreq(0.0, "", 0.0)
_new_tuple = tuple.__new__
_blake2b = hashlib.blake2b
_bisect_left = bisect.bisect_left


def word_key(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=5).digest(), "little")


@lru_cache(maxsize=1)
def _table():
    data = resources.files("unspin").joinpath("data", "injected-words.npz").read_bytes()
    z = np.load(io.BytesIO(data))
    keys = np.cumsum(z["dkey"].astype(np.uint64)).tolist()
    return (keys, z["en"].tobytes(), z["lang"].tobytes(), z["fz"].tobytes(), [str(x) for x in z["langs"]],
            z["intl"].tobytes())


_BUCKET_SHIFT = 24  # keys have 40 bits: buckets by their top 16


@lru_cache(maxsize=1)
def _buckets() -> list[int]:
    """``offsets[b]``: the first index of a key >= ``b << _BUCKET_SHIFT`` in the sorted
    keys, so that a search needs to look only between ``offsets[b]`` and ``offsets[b + 1]``
    (where ``bisect_left`` over all keys would land anyway)."""
    keys = np.asarray(_table()[0], dtype=np.uint64)
    starts = np.arange((1 << (40 - _BUCKET_SHIFT)) + 1, dtype=np.uint64) << np.uint64(_BUCKET_SHIFT)
    return np.searchsorted(keys, starts, side="left").tolist()


@lru_cache(maxsize=200_000)
def lookup(word: str) -> WordFreq:
    """Frequencies of a lower-cased word."""
    keys, en, lang, fz, langs, intl = _table()
    k = int.from_bytes(_blake2b(word.encode("utf-8"), digest_size=5).digest(), "little")  # word_key(word)
    b = k >> _BUCKET_SHIFT
    offsets = _buckets()
    i = _bisect_left(keys, k, offsets[b], offsets[b + 1])
    if i >= len(keys) or keys[i] != k:
        return _NONE
    # (WordFreq(...) without the NamedTuple's Python-level __new__)
    return _new_tuple(WordFreq, (en[i] / 10.0, langs[lang[i]], fz[i] / 10.0, intl[i]))


@lru_cache(maxsize=200_000)  # (a cache hit costs no Python call: it is read for every token)
def english_zipf(word: str) -> float:
    return lookup(word).en
