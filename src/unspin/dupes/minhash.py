"""MinHash signatures and banded LSH buckets over integer shingles (numpy, deterministic).

Shingles are 32-bit integers (hashes of runs of synonym-class ids). Each of ``num_perm`` hash
functions is a multiply-shift hash ``(a*x + b) mod 2**64 >> 32`` with fixed odd ``a``; the
signature is the minimum per function. Two documents agree on one signature row with
probability equal to the Jaccard similarity of their shingle sets; bands of ``rows`` rows make
the LSH "S-curve" that turns that into candidate pairs without comparing all pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

_MASK32 = np.uint64(0xFFFFFFFF)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def shingles(classes: Sequence[int], sizes: Sequence[int] = (2,)) -> np.ndarray:
    """Distinct 32-bit hashes of every run of ``k`` consecutive ids, for each ``k`` in ``sizes``.

    A document shorter than the smallest size gives its single whole run (so that short texts
    still get a signature).
    """
    seq = np.asarray(classes, dtype=np.uint64)
    out = []
    for k in sizes:
        if len(seq) < k:
            continue
        h = np.full(len(seq) - k + 1, np.uint64(k), dtype=np.uint64)
        for j in range(k):
            h = (h * _MIX + seq[j:len(seq) - k + 1 + j]) & np.uint64(0xFFFFFFFFFFFFFFFF)
        h ^= h >> np.uint64(29)
        out.append(h & _MASK32)
    if not out:
        if len(seq) == 0:
            return np.zeros(0, dtype=np.uint64)
        h = np.uint64(len(seq))
        for x in seq:
            h = (h * _MIX + x) & np.uint64(0xFFFFFFFFFFFFFFFF)
        out.append(np.array([h & _MASK32], dtype=np.uint64))
    return np.unique(np.concatenate(out))


class MinHasher:
    """``num_perm`` fixed hash functions; ``signature`` maps a shingle array to uint32 minima."""

    def __init__(self, num_perm: int = 128, seed: int = 1):
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.a = (rng.integers(0, 2**63, num_perm, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
        self.b = rng.integers(0, 2**63, num_perm, dtype=np.uint64)

    def signature(self, sh: np.ndarray) -> np.ndarray:
        if len(sh) == 0:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        with np.errstate(over="ignore"):
            h = (np.outer(self.a, sh) + self.b[:, None]) >> np.uint64(32)
        return h.min(axis=1).astype(np.uint32)


class LSHIndex:
    """Banded buckets: ``bands`` x ``rows`` signature rows; each bucket holds at most ``max_bucket``.

    Memory is one integer per (document, band) plus the bucket keys. A bucket that reaches
    ``max_bucket`` members (boilerplate shared by thousands of pages) stops growing; its
    members are still found through their other bands.
    """

    def __init__(self, bands: int, rows: int, max_bucket: int = 200):
        self.bands, self.rows, self.max_bucket = bands, rows, max_bucket
        self._buckets: list[dict[bytes, list[int]]] = [dict() for _ in range(bands)]

    def _keys(self, sig: np.ndarray) -> Iterable[tuple[int, bytes]]:
        r = self.rows
        for i in range(self.bands):
            yield i, sig[i * r:(i + 1) * r].tobytes()

    def query(self, sig: np.ndarray) -> set[int]:
        found: set[int] = set()
        for i, key in self._keys(sig):
            bucket = self._buckets[i].get(key)
            if bucket:
                found.update(bucket)
        return found

    def insert(self, sig: np.ndarray, doc: int) -> None:
        for i, key in self._keys(sig):
            bucket = self._buckets[i].setdefault(key, [])
            if len(bucket) < self.max_bucket:
                bucket.append(doc)
