"""The source behind a group of spun copies, and the spinner's table learned from them.

A spinner changes each passage of a source in some copies and not in others,
and rarely the same way twice. Given several spun copies of one source (a
group from :func:`~unspin.dupes.find_groups`), the wording most copies agree
on at a place is most likely the source's, and every other wording seen there
is a spinner's rewrite of it. No original is needed:

* :func:`consensus` aligns every copy to a pivot (the copy that agrees most
  with the others) word by word, and at every place where some copy differs
  from the pivot counts how many copies hold each wording there. The wording
  held by the most copies wins; on a tie (two copies always tie) the one the
  trigram LM reads best in the pivot's context, if it leads by ``LM_MARGIN``.
  The consensus text is the pivot with the winners put in. Each place's vote
  is a :class:`Swap`. Measured by ``python -m benchmarks.consensus``.
* :func:`learn` adds up, over many groups, how often each wording lost to
  each winner: the spinner's substitution table (spun -> original, with
  counts), which :mod:`unspin.spin.learned` reads to restore new pages of the
  same spinner. Where the source itself is at hand (a reference corpus),
  :func:`against` gives the same votes, decided for the source.

Pure and deterministic: texts in, text and counts out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..edits import Edit, apply_edits
from ..spin.resources import shared_lm
from ..spin.tokens import Token, tokenize

#: longest wording (in words, either side) a learned substitution may have
MAX_WORDS = 4
#: nats by which the LM must prefer one of two tied wordings to decide the place
#: (DEV-split pages of the tuning styles, 2 and 3 copies: 0 -> 1 -> 3 nats moved
#: restored/kept from 39.5/96.5% -> 35.6/97.1% -> 29.1/97.9% on mixed, 2 copies)
LM_MARGIN = 1.0
#: copies read per group (the pivot search aligns every pair)
MAX_COPIES = 12


def _lm_fit(left: list[str], words: list[str], right: list[str]) -> float:
    """Trigram log-probability (nats) of ``words`` and the two words after them,
    given the two before."""
    h1 = left[-1] if left else None
    h2 = left[-2] if len(left) > 1 else None
    return shared_lm().logprob(words + right, h1, h2)


@dataclass(frozen=True)
class Swap:
    """One place the copies disagree: pivot words ``[i, j)`` and the wordings seen there."""

    i: int
    j: int
    own: str  # the pivot's wording (lowercase)
    votes: tuple[tuple[str, int], ...]  # (lowercase wording, copies holding it), most first
    winner: str  # the consensus's wording ("" = no words; ``own`` unless decided)
    decided: bool  # most copies (two at least), or the LM broke a tie by LM_MARGIN
    winner_text: str = ""  # the winner as one copy writes it (case kept)


@dataclass(frozen=True)
class Consensus:
    text: str  # the pivot with each decided place's winning wording put in
    pivot: int  # index of the pivot copy
    copies: int
    swaps: tuple[Swap, ...] = field(default=())
    changed: int = 0  # places where the consensus differs from the pivot


def _words(toks: list[Token]) -> list[str]:
    return [t.low for t in toks]


def _surface(text: str, toks: list[Token], i: int, j: int) -> str:
    return text[toks[i].start:toks[j - 1].end] if j > i else ""


class _Copy:
    """One copy aligned to the pivot: its words, where each pivot word sits in it,
    and its own wording at each place it differs."""

    def __init__(self, words: list[str], pivot_words: list[str]):
        self.words = words
        n = len(pivot_words)
        self.at = [-1] * (n + 1)  # pivot position -> this copy's position (equal blocks), n -> end
        self.at[n] = len(words)
        self.ops: dict[tuple[int, int], tuple[int, int]] = {}
        sm = SequenceMatcher(None, pivot_words, words, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    self.at[i1 + k] = j1 + k
            elif tag == "replace" and i2 - i1 == j2 - j1:
                # word for word: one place per word, so that copies whose
                # changes run into each other still vote word by word
                for k in range(i2 - i1):
                    self.ops[(i1 + k, i1 + k + 1)] = (j1 + k, j1 + k + 1)
            else:
                self.ops[(i1, i2)] = (j1, j2)

    def keeps(self, i: int, j: int) -> bool:
        """Does this copy hold the pivot's words [i, j) unchanged and in a row
        (for ``i == j``: nothing put in between pivot words i - 1 and i)?"""
        at = self.at
        if i == j:
            return i == 0 or (at[i - 1] >= 0 and at[i] == at[i - 1] + 1)
        lo = at[i]
        if lo < 0:
            return False
        for k in range(i + 1, j):
            if at[k] != lo + (k - i):
                return False
        return True


def consensus(texts: Sequence[str], lm_ties: bool = True) -> Consensus:
    """The most likely source of ``texts`` (spun copies of one source) and the vote
    at every place they disagree. One text is its own consensus. Where wordings
    tie on copies, the trigram LM's favourite wins if it leads by ``LM_MARGIN``
    (``lm_ties=False``: ties keep the pivot's wording). Only the first
    ``MAX_COPIES`` texts are read."""
    texts = list(texts)[:MAX_COPIES]
    toks = [tokenize(t) for t in texts]
    words = [_words(t) for t in toks]
    n = len(texts)
    if n == 0:
        return Consensus("", -1, 0)
    if n == 1:
        return Consensus(texts[0], 0, 1)
    # the pivot: the copy with the most words in common with all the others
    score = [0] * n
    for a in range(n):
        for b in range(a + 1, n):
            m = sum(x.size for x in SequenceMatcher(None, words[a], words[b], autojunk=False).get_matching_blocks())
            score[a] += m
            score[b] += m
    p = max(range(n), key=lambda k: (score[k], -k))
    pw, ptoks, ptext = words[p], toks[p], texts[p]
    others = [k for k in range(n) if k != p]
    aligned = {k: _Copy(words[k], pw) for k in others}

    places = sorted({span for c in aligned.values() for span in c.ops})
    swaps = []
    for i, j in places:
        votes: Counter[str] = Counter()
        surface: dict[str, str] = {}
        own = " ".join(pw[i:j])
        votes[own] += 1
        surface[own] = _surface(ptext, ptoks, i, j)
        for k in others:
            c = aligned[k]
            if (i, j) in c.ops:
                j1, j2 = c.ops[(i, j)]
                w = " ".join(c.words[j1:j2])
                votes[w] += 1
                surface.setdefault(w, _surface(texts[k], toks[k], j1, j2))
            elif c.keeps(i, j):
                votes[own] += 1
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0] != own, kv[0]))
        top = ranked[0][1]
        tied = [w for w, v in ranked if v == top]
        if len(tied) > 1 and lm_ties:
            # as many copies for each: the wording the language model reads best here
            left, right = pw[max(0, i - 2):i], pw[j:j + 2]
            fit = {w: _lm_fit(left, w.split(), right) for w in tied}
            order = sorted(tied, key=lambda w: (-fit[w], w != own, w))
            ranked = [(w, top) for w in order] + [(w, v) for w, v in ranked if v < top]
            decided = fit[order[0]] - fit[order[1]] >= LM_MARGIN
        else:
            decided = top >= 2 and (len(ranked) == 1 or top > ranked[1][1])
        best = ranked[0][0]
        swaps.append((i, j, own, tuple(ranked), best if decided else own, decided, surface))

    # put the winners in, best supported first, places that do not overlap
    chosen: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for i, j, own, ranked, winner, decided, surface in sorted(swaps, key=lambda s: (-s[3][0][1], s[0], s[1])):
        if winner == own or any(_clash((i, j), t) for t in taken):
            continue
        taken.append((i, j))
        chosen.append((i, j, surface[winner]))
    text = _apply(ptext, ptoks, chosen)
    out = tuple(Swap(i, j, own, ranked, winner, decided, surface.get(winner, ""))
                for i, j, own, ranked, winner, decided, surface in swaps)
    return Consensus(text, p, n, out, len(chosen))


def against(spun: str, original: str) -> Consensus:
    """A spun copy and the source it was spun from (``unspin dupes --reference``
    links them): every place they differ is decided for the source, so that
    :func:`learn` reads the spinner's edits with their known originals."""
    st, ot = tokenize(spun), tokenize(original)
    sw, ow = _words(st), _words(ot)
    swaps = []
    sm = SequenceMatcher(None, sw, ow, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        own, orig = " ".join(sw[i1:i2]), " ".join(ow[j1:j2])
        swaps.append(Swap(i1, i2, own, ((orig, 1), (own, 1)), orig, True, _surface(original, ot, j1, j2)))
    return Consensus(original, 1, 2, tuple(swaps), len(swaps))


def _clash(x: tuple[int, int], y: tuple[int, int]) -> bool:
    """Do two places overlap? (``i == j``: words put in before pivot word ``i``.)"""
    (i, j), (a, b) = x, y
    if i == j and a == b:
        return i == a
    if i == j:
        return a < i < b
    if a == b:
        return i < a < j
    return i < b and a < j


def _apply(text: str, toks: list[Token], chosen: list[tuple[int, int, str]]) -> str:
    """The pivot text with words [i, j) replaced by ``new`` for each chosen place."""
    edits = []  # (start, end, replacement) in characters
    for i, j, new in chosen:
        if j > i and new:
            edits.append((toks[i].start, toks[j - 1].end, new))
        elif j > i:  # the words go: take the space before them too
            s = toks[i - 1].end if i > 0 else toks[i].start
            e = toks[j - 1].end if i > 0 else (toks[j].start if j < len(toks) else toks[j - 1].end)
            edits.append((s, e, ""))
        elif new:  # words come in after pivot word i - 1
            pos = toks[i - 1].end if i > 0 else (toks[0].start if toks else 0)
            edits.append((pos, pos, " " + new if i > 0 else new + " "))
    kept, last = [], 0
    for s, e, r in sorted(edits):
        if s >= last:  # (an edit running into the one before it is left out)
            kept.append(Edit(s, e, r))
            last = e
    return apply_edits(text, kept)[0]


@dataclass(frozen=True)
class Substitution:
    spun: str  # lowercase words
    original: str  # as a copy writes it
    count: int  # copies that held ``spun`` where ``original`` won the vote
    groups: int  # groups it was seen in
    source_count: int = 0  # times ``spun`` occurs in the consensus texts (the source's own words)

    def row(self) -> tuple[str, str, int, int]:
        return (self.spun, self.original, self.count, self.source_count)


def _cased(words: list[str], text: str) -> list[str]:
    """``words`` (lowercase) in the case ``text`` writes them, where it holds them in order."""
    toks = tokenize(text)
    return [t.text for t in toks] if _words(toks) == words else words


def learn(results: Iterable[Consensus], min_count: int = 2) -> list[Substitution]:
    """The spinner's table: every wording that lost a decided vote, against the
    wording that won, counted over all the groups (their common words at either
    end trimmed); pairs seen fewer than ``min_count`` times are left out. Each
    spun wording also gets how often the consensus texts hold it: a wording the
    sources use as often as the spinner puts it in is weak evidence. Most
    frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    groups: dict[tuple[str, str], int] = defaultdict(int)
    cased: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    texts = []
    for res in results:
        texts.append(res.text)
        seen = set()
        for s in res.swaps:
            if not s.decided:
                continue
            win = s.winner.split()
            win_cased = _cased(win, s.winner_text)
            for wording, k in s.votes:
                if wording == s.winner:
                    continue
                a = wording.split()
                lo, hi = 0, 0
                while lo < min(len(a), len(win)) and a[lo] == win[lo]:
                    lo += 1
                while hi < min(len(a), len(win)) - lo and a[len(a) - 1 - hi] == win[len(win) - 1 - hi]:
                    hi += 1
                a_t, b_t = a[lo:len(a) - hi], win_cased[lo:len(win) - hi]
                if not a_t or len(a_t) > MAX_WORDS or len(b_t) > MAX_WORDS:
                    continue
                key = (" ".join(a_t), " ".join(w.lower() for w in b_t))
                counts[key] += k
                cased[key][" ".join(b_t)] += k
                if key not in seen:
                    seen.add(key)
                    groups[key] += 1
    kept = {key: c for key, c in counts.items() if c >= min_count}
    source = _occurrences(texts, {a for a, _ in kept})
    out = [Substitution(a, _case_of(b, cased[(a, b)]), c, groups[(a, b)], source.get(a, 0))
           for (a, b), c in kept.items()]
    out.sort(key=lambda x: (-x.count, x.spun, x.original))
    return out


def _case_of(low: str, seen: Counter[str]) -> str:
    """The original as the copies write it most often; lowercase if any copy writes
    it so (a capital may only start a sentence)."""
    if low in seen:
        return low
    return max(seen.items(), key=lambda kv: (kv[1], kv[0]))[0] if seen else low


def _occurrences(texts: Iterable[str], keys: set[str]) -> dict[str, int]:
    """How often each key (lowercase words, space-joined) occurs in ``texts``."""
    out: Counter[str] = Counter()
    if not keys:
        return out
    longest = max(len(k.split()) for k in keys)
    for text in texts:
        words = _words(tokenize(text))
        for i in range(len(words)):
            for m in range(1, min(longest, len(words) - i) + 1):
                k = " ".join(words[i:i + m])
                if k in keys:
                    out[k] += 1
    return out
