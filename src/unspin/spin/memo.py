"""A memo for the per-word look-ups of the spin detector.

``functools.lru_cache`` keeps its entries in linked list nodes that the cyclic
garbage collector tracks and walks on every collection; a crawl fills such
caches with hundreds of thousands of words. :func:`flat_cache` keeps them in a
plain dict instead (values that are tuples of atoms stop being tracked) and
starts afresh when it is full.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def flat_cache(maxsize: int) -> Callable[[Callable[[K], V]], Callable[[K], V]]:
    """Memoise a one-argument function (any value, None included) in a dict of at
    most ``maxsize`` entries."""

    def wrap(fn: Callable[[K], V]) -> Callable[[K], V]:
        store: dict = {}
        missing = store  # a value no function returns

        @functools.wraps(fn)
        def cached(key: K) -> V:
            v = store.get(key, missing)
            if v is missing:
                v = fn(key)
                if len(store) >= maxsize:
                    store.clear()
                store[key] = v
            return v

        cached.cache = store  # type: ignore[attr-defined]
        return cached

    return wrap
