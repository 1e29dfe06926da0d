"""The English trigram LM (pocketsphinx's en-us model) used to judge seams.

``logp(words)`` is the natural-log probability of a word sequence given the
words before it; unknown words get a fixed back-off cost and cut the context.
"""

from __future__ import annotations

import math
from functools import lru_cache

_LN = math.log(1.0001)
UNKNOWN = -13.0        # nats for a word the LM does not know
_FLOOR = -1_000_000    # pocketsphinx returns -536870912 for unknown words


def _model():
    # One copy of the model per process, shared with spin detection.
    from ..spin.resources import lm

    return lm()


@lru_cache(maxsize=200_000)
def _known(word: str) -> bool:
    return _model().prob([word]) > _FLOOR


def known(word: str) -> bool:
    """Whether the LM has the (lower-cased) word in its vocabulary."""
    return _known(word)


@lru_cache(maxsize=500_000)
def _cond(w: str, h1: str, h2: str) -> float:
    ctx = [w]
    if h1:
        ctx.append(h1)
        if h2:
            ctx.append(h2)
    return _model().prob(ctx) * _LN


def logp(words: list[str], history: tuple[str, ...] = ("<s>",)) -> float:
    """log P(words | history) under the trigram LM (lower-cased words)."""
    h = [w if _known(w) else "" for w in history[-2:]]
    h1 = h[-1] if h else ""
    h2 = h[-2] if len(h) > 1 and h1 else ""
    total = 0.0
    for w in words:
        if not _known(w):
            total += UNKNOWN
            h1, h2 = "", ""
            continue
        total += _cond(w, h1, h2)
        h1, h2 = w, h1
    return total


def available() -> bool:
    try:
        _model()
        return True
    except Exception:  # pragma: no cover - pocketsphinx is a core dependency
        return False
