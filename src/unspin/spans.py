"""Character spans ``(start, end)``: an index that answers which of them overlap a span."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class SpanIndex:
    """Character spans ``(start, end)`` (they may overlap), for asking which of them
    overlap a span without reading them all: a page with thousands of findings
    would otherwise take a time that grows with its square."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted((s, e, k) for k, (s, e) in enumerate(spans))
        self._starts = [s for s, _, _ in self._spans]
        self._longest = max((e - s for s, e, _ in self._spans), default=0)

    def overlapping(self, start: int, end: int) -> list[int]:
        """The indices (in the order given) of the spans that overlap ``[start, end)``,
        ascending."""
        return sorted(k for s, e, k in self._near(start, end) if s < end and start < e)

    def covering(self, start: int, end: int) -> bool:
        """Whether one of the spans holds all of ``[start, end)``."""
        return any(s <= start and end <= e for s, e, _ in self._near(start, end))

    def _near(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The spans that start before ``end`` and late enough to reach ``start``."""
        lo = bisect.bisect_right(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return self._spans[lo:hi]
