"""Topic coherence: does a phrase belong to the rest of its page?

Reads ``data/topic-vectors.npz`` (built by ``scripts/build_topic_vectors.py``
from GloVe) once, lazily: unit-length word vectors for 40,000 common English
words. A page's topic is the sum of the vectors of its content words; a span is
judged by two numbers, both computed without the span's own clause:

- ``cos``: the cosine between the span's mean vector and the page's;
- ``near``: for each of the span's words, its highest cosine with any word of
  the page outside the clause, averaged over the span's words.

An honest phrase has words related to the page (a river page mentions banks,
floods and valleys); an inserted advertisement does not.
"""

from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources

import numpy as np

from .foreign import FUNCTION_WORDS
from .words import Token


@lru_cache(maxsize=1)
def vectors() -> tuple[dict[str, int], np.ndarray]:
    """(word -> row, unit vectors) of ``data/topic-vectors.npz`` (GloVe 6B 50d, quantised)."""
    data = resources.files("unspin").joinpath("data", "topic-vectors.npz").read_bytes()
    z = np.load(io.BytesIO(data))
    words = z["words"].tobytes().decode("utf-8").split("\n")
    vec = z["vec"].astype(np.float32) / 127.0
    return {w: k for k, w in enumerate(words)}, vec


def available() -> bool:
    try:
        vectors()
        return True
    except (OSError, KeyError, ValueError):  # pragma: no cover - the file ships with the package
        return False


class PageTopic:
    """The topic of one page, for judging spans of it (token indices)."""

    def __init__(self, tokens: list[Token], clause_of: list[tuple[int, int]]):
        index, vec = vectors()
        self.tokens = tokens
        self.clause_of = clause_of
        self.pos: dict[int, int] = {}
        rows = []
        for k, t in enumerate(tokens):
            if t.norm not in FUNCTION_WORDS:
                r = index.get(t.norm)
                if r is not None:
                    self.pos[k] = len(rows)
                    rows.append(r)
        self.n = len(rows)
        self.m = vec[rows] if rows else np.zeros((0, vec.shape[1]), np.float32)
        self.total = self.m.sum(0)
        self._near: dict[int, float | None] = {}
        self._outside: dict[tuple[int, int], tuple] = {}
        self._sims = self.m @ self.m.T if 0 < self.n <= 3000 else None

    def near(self, k: int) -> float | None:
        """Highest cosine of token k with a content word outside its clause."""
        if k in self._near:
            return self._near[k]
        p = self.pos.get(k)
        if p is None:
            return None
        a, b = self.clause_of[k]
        inside = [self.pos[x] for x in range(a, b + 1) if x in self.pos]
        if len(inside) >= self.n:
            val = None
        else:
            row = self._sims[p].copy() if self._sims is not None else self.m @ self.m[p]
            row[inside] = -2.0
            val = float(row.max())
        self._near[k] = val
        return val

    def span(self, i: int, j: int, min_outside: int = 8,
             max_near: float | None = None) -> tuple[float, float, float] | None:
        """``(cos, near, coverage)`` of tokens i..j, or None when too little is known
        (or, given ``max_near``, when ``near`` exceeds it: the cosine is not needed)."""
        ks = [k for k in range(i, j + 1) if k in self.pos]
        if not ks:
            return None
        n_content = sum(1 for k in range(i, j + 1) if self.tokens[k].norm not in FUNCTION_WORDS)
        clause = self.clause_of[i]
        dv = self._outside.get(clause)
        if dv is None:
            a, b = clause
            inside = [self.pos[k] for k in range(a, b + 1) if k in self.pos]
            if self.n - len(inside) < min_outside:
                dv = (None, 0.0)
            else:
                v = self.total - self.m[inside].sum(0)
                dv = (v, float(np.linalg.norm(v)))
            self._outside[clause] = dv
        if dv[0] is None or not n_content:
            return None
        nears = [x for x in (self.near(k) for k in ks) if x is not None]
        near = sum(nears) / len(nears) if nears else 0.0
        if max_near is not None and near > max_near:
            return None
        sv = self.m[[self.pos[k] for k in ks]].sum(0)
        cos = float(sv @ dv[0]) / (float(np.linalg.norm(sv)) * dv[1] + 1e-9)
        return cos, near, len(ks) / n_content
