"""Words with offsets, grouped into LM sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
#: a gap containing any of these ends the LM context
_BREAK = re.compile(r"[.!?;:()\[\]{}\"“”–—\n|/<>•*#=_]")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    low: str  # lowercase, curly apostrophe straightened
    gap: str  # normalised text between the previous token and this one: " ", "-", "," or "|"


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    prev_end = 0
    for m in _WORD.finditer(text):
        raw_gap = text[prev_end : m.start()]
        if not out:
            gap = "|"
        elif _BREAK.search(raw_gap) or any(c.isdigit() for c in raw_gap):
            gap = "|"
        elif raw_gap == "-":
            gap = "-"
        elif raw_gap.strip() == ",":
            gap = ","
        elif raw_gap.strip() == "":
            gap = " " if raw_gap else "|"
        else:
            gap = "|"
        w = m.group()
        out.append(Token(m.start(), m.end(), w, w.lower().replace("’", "'"), gap))
        prev_end = m.end()
    return out


def sentences(tokens: list[Token]) -> list[list[int]]:
    """Token indices grouped into runs the LM reads as one context."""
    out: list[list[int]] = []
    cur: list[int] = []
    for i, t in enumerate(tokens):
        if t.gap == "|" and cur:
            out.append(cur)
            cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    return out


def span_key(tokens: list[Token], i: int, j: int) -> str | None:
    """Normalised phrase for tokens[i:j] ("out-of", "hopes and dreams"), or None if a break intervenes."""
    parts = [tokens[i].low]
    for k in range(i + 1, j):
        g = tokens[k].gap
        if g == "|":
            return None
        parts.append("-" if g == "-" else " ")
        parts.append(tokens[k].low)
    return "".join(parts)
