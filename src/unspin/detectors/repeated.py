"""Repeated lines: a line or paragraph that repeats an earlier one.

Parasite pages repeat their titles and boilerplate. A repeat is a ``repeated``
finding on the later copy, pointing at the first; ``clean`` drops the copy.
Short lines (a lone "Share", a divider) are not judged: they repeat honestly,
nor are lines in a block of code (``unspin.prose.code_blocks``): a program repeats
its own lines, and dropping them would break it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..findings import Finding
from .. import prose
from ..spans import SpanIndex

#: A line must have at least this many letters and words to count as a repeat.
MIN_LETTERS = 12
MIN_WORDS = 3

_LINE = re.compile(r"[^\r\n]+")
_WORD = re.compile(r"\w+")


def normalize_line(line: str) -> str:
    """The form two lines are compared in: NFKC, case-folded, words only."""
    norm = unicodedata.normalize("NFKC", line).casefold()
    return " ".join(_WORD.findall(norm))


def _has_letters(s: str, n: int) -> bool:
    """Whether ``s`` has at least ``n`` letters (stops counting at ``n``)."""
    if n <= 0:
        return True
    k = 0
    for c in s:
        if c.isalpha():
            k += 1
            if k >= n:
                return True
    return False


def detect(text: str, options: Any = None) -> list[Finding]:
    if "\n" not in text and "\r" not in text:
        return []  # one line: nothing earlier for it to repeat
    first: dict[str, tuple[int, int, int]] = {}  # key -> (start, end, line number)
    findings: list[Finding] = []
    line_no_at = _line_counter(text)
    code: SpanIndex | None = None
    for m in _LINE.finditer(text):
        raw = m.group()
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if not body:
            continue
        key = normalize_line(body)
        if key.count(" ") + 1 < MIN_WORDS or not _has_letters(key, MIN_LETTERS):
            continue
        start = m.start() + lead
        end = start + len(body)
        if key in first or code is not None:
            if code is None:  # (read only once a line repeats)
                code = SpanIndex(prose.code_blocks(text))
            if code.overlapping(start, end) or (key in first and code.overlapping(*first[key][:2])):
                continue
        if key in first:
            fs, fe, fline = first[key]
            exact = text[fs:fe] == body
            findings.append(
                Finding(
                    kind="repeated",
                    start=start,
                    end=end,
                    text=body,
                    suggestion="",
                    confidence=1.0 if exact else 0.9,
                    evidence=(
                        f"repeats line {fline} {'exactly' if exact else '(ignoring case, spacing and punctuation)'}"
                    ),
                    detail=(("first_start", fs), ("first_end", fe), ("first_line", fline)),
                )
            )
        else:
            first[key] = (start, end, line_no_at(start))
    return findings


def _line_counter(text: str):
    """Line numbers (1-based) for increasing offsets, in linear total time."""
    state = {"pos": 0, "line": 1}

    def line_at(offset: int) -> int:
        state["line"] += text.count("\n", state["pos"], offset)
        state["pos"] = offset
        return state["line"]

    return line_at
