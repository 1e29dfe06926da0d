"""Term links: which word a term of some field puts after another.

``data/term-links.npz`` (built by ``scripts/build_term_links.py``) holds, for
each of 56,011 English words, the words SmolLM2-135M expects after it at the
start of a paper's abstract ("support" -> "vector", "gradient" -> "descent",
"crop" -> "yield"), with their PMI in nats: how much likelier the word is after
this head than after heads on average (kept from 3 nats). The
trigram LM knows few technical terms as units; this table is what the small
causal LM knows of them, distilled, so that the fast tier reads it without the
model. One pure look-up, :func:`pmi`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources as _ir

import numpy as np


class _Table:
    __slots__ = ("heads", "words", "indptr", "cont", "pmi")

    def __init__(self, z) -> None:
        self.heads = {w: k for k, w in enumerate(bytes(z["heads"]).decode().split("\n"))}
        self.words = np.array(bytes(z["words"]).decode().split("\n"), dtype=object)
        self.indptr = z["indptr"]
        self.cont = z["cont"]
        self.pmi = z["pmi"]


@lru_cache(maxsize=1)
def _table() -> _Table | None:
    f = _ir.files("unspin") / "data" / "term-links.npz"
    if not f.is_file():
        return None
    with f.open("rb") as fh, np.load(fh) as z:
        return _Table(z)


@lru_cache(maxsize=50_000)
def links(a: str) -> dict[str, float]:
    """The words kept after ``a`` (lowercase) with their PMI (nats); empty if none."""
    t = _table()
    if t is None:
        return {}
    k = t.heads.get(a)
    if k is None:
        return {}
    lo, hi = int(t.indptr[k]), int(t.indptr[k + 1])
    return dict(zip(t.words[t.cont[lo:hi]].tolist(), (t.pmi[lo:hi] / 10.0).tolist()))


def pmi(a: str, b: str) -> float | None:
    """PMI (nats) of ``b`` after ``a`` in the table, or None if it is not kept there
    (not among the head's likeliest continuations, or either word not in the table)."""
    return links(a).get(b)
