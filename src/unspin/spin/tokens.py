"""Words with offsets, grouped into LM sentences."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar

from .. import prose

S = TypeVar("S")

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
#: one match per word: the text since the previous word, then the word
_GAP_WORD = re.compile(r"([^A-Za-z]*)([A-Za-z]+(?:['’][A-Za-z]+)*)")
#: a gap containing any of these ends the LM context
_BREAK = re.compile(r"[.!?;:()\[\]{}\"“”–—\n|/<>•*#=_]")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    low: str  # lowercase, curly apostrophe straightened
    gap: str  # normalised text between the previous token and this one: " ", "-", "," or "|"


def _gap_class(raw_gap: str) -> str:
    if _BREAK.search(raw_gap) or any(c.isdigit() for c in raw_gap):
        return "|"
    if raw_gap == "-":
        return "-"
    s = raw_gap.strip()
    if s == ",":
        return ","
    if s == "":
        return " " if raw_gap else "|"
    return "|"


#: gap text -> class (gaps repeat endlessly: " ", ", ", ". ")
_GAPS: dict[str, str] = {}
#: word -> normalised lowercase form
_LOWS: dict[str, str] = {}


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    append = out.append
    gaps, lows = _GAPS, _LOWS
    new = tuple.__new__
    # The matches follow each other with nothing between them (a gap takes
    # every non-letter before a word), so each word's offsets follow from the
    # lengths of what came before.
    e = 0
    for raw_gap, w in _GAP_WORD.findall(text):
        gap = gaps.get(raw_gap)
        if gap is None:
            gap = _gap_class(raw_gap)
            if len(raw_gap) < 12 and len(gaps) < 10_000:
                gaps[raw_gap] = gap
        low = lows.get(w)
        if low is None:
            low = w.lower().replace("’", "'")
            if len(lows) < 500_000:
                lows[w] = low
        s = e + len(raw_gap)
        e = s + len(w)
        append(new(Token, (s, e, w, low, gap)))
    if out and out[0].gap != "|":
        out[0] = out[0]._replace(gap="|")
    return out


def prose_tokens(text: str, tokens: list[Token] | None = None) -> list[Token]:
    """``tokenize(text)`` without the words of what is not prose (``unspin.prose.left_out``:
    code, addresses, tables); the first word after a left-out span starts a new LM
    context (its gap is ``"|"``)."""
    tokens = tokenize(text) if tokens is None else tokens
    skip = prose.left_out(text)
    if not skip:
        return tokens
    out: list[Token] = []
    k, cut = 0, False
    for t in tokens:
        while k < len(skip) and skip[k][1] <= t.start:
            k += 1
        if k < len(skip) and skip[k][0] < t.end:
            cut = True
            continue
        if cut:
            t = t._replace(gap="|")
            cut = False
        out.append(t)
    return out


def names_in(tokens: list[Token], sent: list[int]) -> list[bool]:
    """For each word of an LM sentence: is it written as a name, with a capital inside
    running text (not first after a break) and no capital on the words beside it? A
    spinner leaves names alone (it lowercases some, ``spin.damage``): "tradition within
    Protestantism" is no "belief within christianity". A run of capitals may be a term
    written with them ("Profound Learning (PL)", a spun "Deep Learning"), and in a
    heading most words have one ("Counterfeit Consciousness In Medicine"): neither is
    read as a name."""
    caps = [tokens[t].text[:1].isupper() for t in sent]
    n = len(sent)
    if 2 * sum(caps) > n:
        return [False] * n
    return [caps[k] and tokens[sent[k]].gap != "|" and not (k > 0 and caps[k - 1])
            and not (k + 1 < n and caps[k + 1]) for k in range(n)]


def all_capitals(tk: Token) -> bool:
    """Written all in capitals, more than one letter: a heading, a speaker's label
    ("AMBASSADOR SMITH:"), an acronym. A spinner's thesaurus leaves such words alone."""
    return len(tk.text) > 1 and tk.text.isupper()


def left_alone(tokens: list[Token], names: bool = True) -> set[int]:
    """The token indices no thesaurus swap is looked for at: words written all in
    capitals (:func:`all_capitals`) and, with ``names``, words written as a name inside
    running text (:func:`names_in`, over the LM sentences). The default tier asks the
    same two questions word by word (``lexical.propose``)."""
    out = {t for t, tk in enumerate(tokens) if all_capitals(tk)}
    if names:
        for sent in sentences(tokens):
            out.update(t for t, nm in zip(sent, names_in(tokens, sent)) if nm)
    return out


def sentences(tokens: list[Token]) -> list[list[int]]:
    """Token indices grouped into runs the LM reads as one context."""
    return _groups(len(tokens), lambda k, size: tokens[k].gap == "|")


def _groups(n: int, cut_before: Callable[[int, int], bool]) -> list[list[int]]:
    """``0 .. n-1`` in consecutive groups, a new one begun before every ``k`` for which
    ``cut_before(k, size of the group so far)`` holds (never before the first)."""
    out: list[list[int]] = []
    cur: list[int] = []
    for k in range(n):
        if cur and cut_before(k, len(cur)):
            out.append(cur)
            cur = []
        cur.append(k)
    if cur:
        out.append(cur)
    return out


#: what ends a sentence before a word: a full stop, question or exclamation mark (closing
#: quotes or brackets may follow) and a space, or a line break
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s|\n")


def starts_sentence(text: str, tokens: list[Token], k: int) -> bool:
    """Whether ``tokens[k]`` begins a sentence of ``text``: the first word, or a word after a
    sentence end. (A ``"|"`` gap is any break in the run of words, a number, a bracket or a
    letter outside A-Z among them: it does not mark a sentence start.)"""
    return k == 0 or _SENTENCE_END.search(text, tokens[k - 1].end, tokens[k].start) is not None


def text_sentences(text: str, tokens: list[Token], max_words: int = 80) -> list[list[int]]:
    """Token indices grouped into the sentences of ``text`` (numbers, brackets and the like
    inside them), a sentence longer than ``max_words`` cut into pieces of at most that many."""
    return _groups(len(tokens), lambda k, size: size >= max_words or starts_sentence(text, tokens, k))


def disjoint(spans: Iterable[S], key: Callable[[S], Any]) -> list[S]:
    """Greedy choice of non-overlapping token spans (objects with ``i``/``j``), best ``key``
    first; returned in text order."""
    taken: set[int] = set()
    chosen = []
    for p in sorted(spans, key=key):
        rng = range(p.i, p.j)
        if any(k in taken for k in rng):
            continue
        taken.update(rng)
        chosen.append(p)
    chosen.sort(key=lambda p: p.i)
    return chosen


def match_case(src: str, sugg: str) -> str:
    """``sugg`` written in the case pattern of the span it replaces (ALL CAPS or Capitalised)."""
    if src.isupper() and len(src) > 1:
        return sugg.upper()
    if src[:1].isupper():
        return sugg[:1].upper() + sugg[1:]
    return sugg


def join_word(key: str, gap: str, word: str) -> str | None:
    """``key`` with ``word`` appended as written ("out" + "-" + "of" -> "out-of", else a
    space), or None if ``gap`` is a break ("|")."""
    if gap == "|":
        return None
    return key + ("-" if gap == "-" else " ") + word


def span_key(tokens: list[Token], i: int, j: int) -> str | None:
    """Normalised phrase for tokens[i:j] ("out-of", "hopes and dreams"), or None if a break intervenes."""
    key: str | None = tokens[i].low
    for k in range(i + 1, j):
        key = join_word(key, tokens[k].gap, tokens[k].low)
        if key is None:
            return None
    return key
