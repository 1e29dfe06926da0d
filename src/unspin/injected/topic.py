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
from collections import Counter
from functools import lru_cache
from importlib import resources

import numpy as np

from .foreign import FUNCTION_WORDS, _stem
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


#: Pages with at most this many content words get ``near`` for all of them at once.
_WHOLE_PAGE_NEAR = 400


_sum_rows = np.add.reduce  # what ``a.sum(axis)`` calls, without its Python-level wrapper


def _norm(v: np.ndarray) -> float:
    """``float(np.linalg.norm(v))`` of a 1-D float vector, computed as numpy does
    it (``sqrt(v.dot(v))`` in the vector's precision), without its overhead."""
    return float(np.sqrt(v.dot(v)))


class PageTopic:
    """The topic of one page, for judging spans of it (token indices).

    Cheap to make: the page's vectors are gathered on first use, and the word
    by word similarities (what ``near`` reads) only when ``near`` is first asked.
    One instance serves every detector that looks at the same tokens and
    clauses (:class:`SharedPage`)."""

    def __init__(self, tokens: list[Token], clause_of: list[tuple[int, int]]):
        self.tokens = tokens
        self.clause_of = clause_of
        self._built = False
        self._near: dict[int, float | None] = {}
        self._outside: dict[tuple[int, int], tuple] = {}
        self._sims_done = False

    def _build(self) -> None:
        index, vec = vectors()
        get = index.get
        fw = FUNCTION_WORDS
        found = [None if t.norm in fw else get(t.norm) for t in self.tokens]
        ks = [k for k, r in enumerate(found) if r is not None]
        rows = [found[k] for k in ks]
        pos = dict(zip(ks, range(len(ks))))  # token index -> row, in token order
        self._pos = pos
        self._n = len(rows)
        self._m = vec[rows] if rows else np.zeros((0, vec.shape[1]), np.float32)
        self._total = self._m.sum(0)
        self._built = True

    # The page's content words with a vector: token index -> row of ``m``, their
    # count, their vectors and the sum of those.
    @property
    def pos(self) -> dict[int, int]:
        if not self._built:
            self._build()
        return self._pos

    @property
    def n(self) -> int:
        if not self._built:
            self._build()
        return self._n

    @property
    def m(self) -> np.ndarray:
        if not self._built:
            self._build()
        return self._m

    @property
    def total(self) -> np.ndarray:
        if not self._built:
            self._build()
        return self._total

    @property
    def _sims(self) -> np.ndarray | None:
        if not self._sims_done:
            self._sims_cache = self.m @ self.m.T if 0 < self.n <= 3000 else None
            self._sims_done = True
        return self._sims_cache

    def near(self, k: int) -> float | None:
        """Highest cosine of token k with a content word outside its clause."""
        if k in self._near:
            return self._near[k]
        p = self.pos.get(k)
        if p is None:
            return None
        a, b = self.clause_of[k]
        sims = self._sims
        if sims is None:
            inside = [self.pos[x] for x in range(a, b + 1) if x in self.pos]
            if len(inside) >= self.n:
                val = None
            else:
                row = self.m @ self.m[p]
                row[inside] = -2.0
                val = float(row.max())
            self._near[k] = val
            return val
        pos = self.pos
        if self.n <= _WHOLE_PAGE_NEAR:
            # A short page: every word at once, each row with its own clause's columns
            # set to -2 (as above), in three array operations.
            if not self._near:
                ks = list(pos)
                cid = np.array([self.clause_of[x][0] for x in ks])
                same = cid[:, None] == cid[None, :]
                best = np.where(same, np.float32(-2.0), sims).max(1).tolist()
                whole = bool(same.all())  # one clause holds every content word
                for x, v in zip(ks, best):
                    self._near[x] = None if whole else v
            return self._near.get(k)
        # The whole clause at once. Its content words hold consecutive rows p0..p1-1
        # (rows follow the tokens), so "every row but the clause's" is the two slices
        # around it; the maximum of the same similarities, whichever way it is taken.
        inside = [x for x in range(a, b + 1) if x in pos]
        p0, p1 = pos[inside[0]], pos[inside[-1]] + 1
        if p1 - p0 >= self.n:
            for x in inside:
                self._near[x] = None
        else:
            block = sims[p0:p1]
            if p0 == 0:
                best = block[:, p1:].max(1)
            elif p1 == self.n:
                best = block[:, :p0].max(1)
            else:
                best = np.maximum(block[:, :p0].max(1), block[:, p1:].max(1))
            for x, v in zip(inside, best.tolist()):
                self._near[x] = v
        for x in range(a, b + 1):
            if x not in pos:
                self._near[x] = None
        return self._near[k]

    def span(self, i: int, j: int, min_outside: int = 8,
             max_near: float | None = None) -> tuple[float, float, float] | None:
        """``(cos, near, coverage)`` of tokens i..j, or None when too little is known
        (or, given ``max_near``, when ``near`` exceeds it: the cosine is not needed)."""
        pos = self.pos
        ks = [k for k in range(i, j + 1) if k in pos]
        if not ks:
            return None
        n_content = sum(1 for k in range(i, j + 1) if self.tokens[k].norm not in FUNCTION_WORDS)
        dv = self.outside(self.clause_of[i], min_outside)
        if dv[0] is None or not n_content:
            return None
        nears = [x for x in (self.near(k) for k in ks) if x is not None]
        near = sum(nears) / len(nears) if nears else 0.0
        if max_near is not None and near > max_near:
            return None
        return self.cos(ks, dv), near, len(ks) / n_content

    def outside(self, clause: tuple[int, int], min_outside: int = 8) -> tuple:
        """(sum of the page's vectors outside ``clause``, its norm), or (None, 0.0)
        when fewer than ``min_outside`` content words are left (cached per clause)."""
        dv = self._outside.get(clause)
        if dv is None:
            pos = self.pos
            a, b = clause
            inside = [pos[k] for k in range(a, b + 1) if k in pos]
            if self.n - len(inside) < min_outside:
                dv = (None, 0.0)
            else:
                v = self._total - _sum_rows(self._m[inside], 0)
                dv = (v, _norm(v))
            self._outside[clause] = dv
        return dv

    def cos(self, ks: list[int], dv: tuple) -> float:
        """Cosine between the summed vectors of tokens ``ks`` and ``dv`` (from :meth:`outside`)."""
        if not self._built:
            self._build()
        pos = self._pos
        sv = _sum_rows(self._m[[pos[k] for k in ks]], 0)
        return float(sv @ dv[0]) / (_norm(sv) * dv[1] + 1e-9)


def clause_index(tokens) -> list[tuple[int, int]]:
    """(first, last) token index of the clause of each token (a clause ends after a
    token with ``brk`` and at the last token; one tuple object per clause)."""
    out: list[tuple[int, int]] = []
    a = 0
    for k, brk in enumerate([t.brk for t in tokens]):
        if brk:
            out.extend([(a, k)] * (k - a + 1))
            a = k + 1
    n = len(tokens)
    if a < n:
        out.extend([(a, n - 1)] * (n - a))
    return out


class SharedPage:
    """What the injected-spam detectors share about one page: its clauses
    (:func:`clause_index`: foreign runs and off-topic insertions split the tokens
    the same way, after a clause break, and a sentence end is one), how often each
    word stem occurs, and one :class:`PageTopic`; the last two made on first use."""

    def __init__(self, tokens: list[Token]):
        self.tokens, self.clause_of = tokens, clause_index(tokens)
        self._page: PageTopic | None = None
        self._counts: Counter | None = None

    def get(self) -> PageTopic:
        if self._page is None:
            self._page = PageTopic(self.tokens, self.clause_of)
        return self._page

    def stem_counts(self) -> Counter:
        """``Counter(_stem(t.norm) for t in tokens)`` (read only)."""
        if self._counts is None:
            self._counts = Counter(map(_stem, [t.norm for t in self.tokens]))
        return self._counts
