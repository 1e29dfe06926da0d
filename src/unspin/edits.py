"""Applying span edits to a text, and mapping offsets between the two versions.

Detectors propose replacements as findings (``start``, ``end``, ``suggestion``).
This module turns a set of them into a new text, choosing among overlapping
proposals, and keeps an :class:`OffsetMap` so that a detector that ran on the
edited text can report spans in the coordinates of the original.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, Sequence

from .findings import Finding


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


def select_edits(findings: Iterable[Finding], priority: Sequence[str]) -> list[Edit]:
    """Non-overlapping edits from findings that carry a suggestion.

    Kinds earlier in ``priority`` win over later ones; within a kind, higher
    confidence then longer span wins. Findings whose kind is not in
    ``priority`` are ignored.
    """
    rank = {k: i for i, k in enumerate(priority)}
    cands = [f for f in findings if f.suggestion is not None and f.kind in rank]
    cands.sort(key=lambda f: (rank[f.kind], -f.confidence, -(f.end - f.start), f.start))
    # The spans taken so far, in two sorted lists: non-empty ones (which never overlap
    # each other, so their ends are sorted too) and insertion points. A candidate
    # conflicts with one of them exactly when ``_overlaps`` says so (see _conflicts).
    starts: list[int] = []
    ends: list[int] = []
    points: list[int] = []
    chosen: list[Edit] = []
    for f in cands:
        a0, a1 = f.start, f.end
        if _conflicts(a0, a1, starts, ends, points):
            continue
        if a0 == a1:
            bisect.insort(points, a0)
        else:
            k = bisect.bisect_left(starts, a0)
            starts.insert(k, a0)
            ends.insert(k, a1)
        chosen.append(Edit(f.start, f.end, f.suggestion or ""))
    chosen.sort(key=lambda e: (e.start, e.end))
    return chosen


def _conflicts(a0: int, a1: int, starts: list[int], ends: list[int], points: list[int]) -> bool:
    """Whether ``_overlaps(a0, a1, b0, b1)`` holds for some taken span (b0, b1)."""
    if a0 == a1:
        # An insertion: inside a taken span, or at the same point as a taken insertion.
        k = bisect.bisect_left(starts, a0) - 1  # the last span starting before a0 ...
        if k >= 0 and ends[k] > a0:  # ... ends latest among those (they are disjoint)
            return True
        k = bisect.bisect_left(points, a0)
        return k < len(points) and points[k] == a0
    # A span: overlaps a taken span, or has a taken insertion strictly inside it.
    k = bisect.bisect_left(starts, a1) - 1
    if k >= 0 and ends[k] > a0:
        return True
    k = bisect.bisect_right(points, a0)
    return k < len(points) and points[k] < a1


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    if a0 == a1 or b0 == b1:  # insertions conflict only at the same point
        return a0 == b0 and a1 == b1 or (b0 < a0 < b1) or (a0 < b0 < a1)
    return a0 < b1 and b0 < a1


class OffsetMap:
    """Maps offsets in an edited text back to the text it was made from."""

    def __init__(self, edits: Sequence[Edit]):
        # For each edit: (new_start, new_end, old_start, old_end)
        self._segments: list[tuple[int, int, int, int]] = []
        delta = 0
        for e in edits:
            ns = e.start + delta
            ne = ns + len(e.replacement)
            self._segments.append((ns, ne, e.start, e.end))
            delta += len(e.replacement) - (e.end - e.start)
        self._new_starts = [s[0] for s in self._segments]

    def to_old(self, pos: int, *, side: str = "start") -> int:
        """Old offset for new offset ``pos``.

        A position inside a replaced region maps to the start of the old
        region when ``side == "start"`` and to its end otherwise, so that a
        span mapped with ``to_old_span`` always covers whole edits.
        """
        i = bisect.bisect_right(self._new_starts, pos) - 1
        if i < 0:
            return pos
        ns, ne, os_, oe = self._segments[i]
        if pos == ns:
            # At a deletion point what follows is the text after the deleted part.
            return oe if ne == ns else os_
        if pos < ne:
            return os_ if side == "start" else oe
        return oe + (pos - ne)

    def to_old_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_old(start, side="start"), self.to_old(end, side="end")


def apply_edits(text: str, edits: Sequence[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping edits; return the new text and its offset map."""
    parts: list[str] = []
    last = 0
    for e in edits:
        if e.start < last:
            raise ValueError("edits overlap or are not sorted")
        parts.append(text[last : e.start])
        parts.append(e.replacement)
        last = e.end
    parts.append(text[last:])
    return "".join(parts), OffsetMap(edits)


def remap_finding(f: Finding, omap: OffsetMap, original: str) -> Finding:
    """The same finding with its span moved into the original text's coordinates."""
    s, e = omap.to_old_span(f.start, f.end)
    if (s, e) == (f.start, f.end) and original[s:e] == f.text:
        return f
    return Finding(
        kind=f.kind,
        start=s,
        end=e,
        text=original[s:e],
        suggestion=f.suggestion,
        confidence=f.confidence,
        evidence=f.evidence,
        alternatives=f.alternatives,
        detail=f.detail,
    )
