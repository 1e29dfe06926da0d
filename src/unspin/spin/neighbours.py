"""Words beside a restored word, read again with that word put back.

A tortured phrase often has more than one swapped word, and the trigram LM
judges each against the spun words around it: "straight" in "straight relapse"
fits no worse than "linear" does, so only "relapse" -> "regression" is found.
Read with "regression" in place, "straight" is plainly "linear" ("linear
regression"). This pass puts the word-level findings' suggestions back in their
sentences and proposes again for the words right beside them, the way
``spin.lexical`` does (with the terms of the field and the real spinners'
phrases), where the restored word is the context.

A candidate that makes a term link (``spin.termlinks``: what SmolLM2 expects
after a word in a paper's abstract) with the restored word, stronger than the
word's own, is weighted up by ``TERM_LINK_W`` per nat of the difference.

A proposal is kept where it reaches ``EVIDENCE_MIN`` and gains at least
``GAIN_MIN`` nats over what the same span got in the spun context: the restored
neighbour must be what makes it likely. It depends on that neighbour being right,
so the detector reports it at no more than the neighbour's confidence and keeps it
out of the document score.

Chosen on the TUNE half of the tortured-phrase list (tables learned from one
part, measured on the other, A -> B / B -> A; ``scripts/tune_tortured.py``): top-1 16.1% / 17.4% -> 16.7% /
18.1% with the pass, 17.0% / 18.3% with the term links; flagged and expected
phrases flagged unchanged (57.8% / 57.0% and 9.4% / 11.1%); spun findings on
honest dev text (108,600 words) 45.1 -> 45.9 per 1000 words, none of them at
confidence 0.5 or more. Thresholds of 1 or 0 nats, or reading every word beside
a restored one rather than only those the LM finds surprising: no better. Only a
window of WINDOW words each side is read, and only the words beside are examined:
spin detection takes 1.06x the CPU time (docs/history.md).

Pure and deterministic: tokens and proposals in, proposals out.
"""

from __future__ import annotations

import math
from dataclasses import replace

from . import learned, termlinks, terms
from .lexical import Proposal, propose, reweighted
from .tokens import Token, disjoint, match_case, sentences

#: evidence (nats) a proposal needs in the restored context
EVIDENCE_MIN = 2.0
#: and how much more than it had in the spun context (nats)
GAIN_MIN = 2.0
#: words read on each side of a restored word: a word beside it is scored on two
#: words of history and the two after it (``lexical._Scorer.delta``), so three
#: give it the scores it would have in its whole sentence
WINDOW = 3
#: weight (per nat) of a candidate's term link with the restored word beyond the word's own
TERM_LINK_W = 1.0
#: a term link this strong (PMI, nats) is named in the evidence as a term of the field
#: (the word-level detector's guard reads one of 4 as established, ``collocation.GUARD_TERM``)
TERM_LINK_NAMED = 4.0


def _with_links(q: Proposal, word: str, restored: str, before: bool) -> Proposal:
    """``q`` (a single-word proposal for ``word``) with its candidates weighted by their
    term link with ``restored`` beside them (``before``: the word comes first)."""
    def link(c: str) -> float:
        return (termlinks.pmi(c, restored) if before else termlinks.pmi(restored, c)) or 0.0

    own = link(word)
    ups = [TERM_LINK_W * max(0.0, link(c) - own) for c, _ in q.ranked]
    if not any(ups):
        return q
    out, tot = reweighted(q, [math.exp(u) for u in ups])
    # the evidence sums over the candidates: the weighting adds log(the mean factor)
    return replace(out, evidence=q.evidence + math.log(tot))


def term_made(word: str, restored: str, before: bool) -> str | None:
    """The term of the field ``word`` makes with ``restored`` beside it (``before``: the
    word comes first), a listed one (``spin.terms``) or a strong term link, or None."""
    a, b = (word, restored) if before else (restored, word)
    if terms.known(a, b) or (termlinks.pmi(a, b) or 0.0) >= TERM_LINK_NAMED:
        return f"{a} {b}"
    return None


def propose_beside(tokens: list[Token], props: list[Proposal],
                   found: list[Proposal]) -> list[tuple[Proposal, int]]:
    """Proposals for the words right beside the single-word ``found`` proposals,
    read with those restored; each with the token index of the restored word it
    leans on. ``props`` are the first reading's proposals. Non-overlapping, clear
    of ``found``, in text order."""
    subs = {p.i: p.best for p in found if p.j - p.i == 1 and " " not in p.best}
    if not subs:
        return []
    taken = {k for p in found for k in range(p.i, p.j)}
    near: set[int] = set()  # the words right beside a restored one, in its sentence
    sent_of: dict[int, int] = {}  # token index -> its sentence (sentences with a restored word)
    # the windows around the restored words, as sentences of their own
    idx: list[int] = []
    sub: list[Token] = []
    for s in sentences(tokens):
        lo, hi = s[0], s[-1]
        here = [a for a in s if a in subs]
        if not here:
            continue
        sent_of.update((k, lo) for k in s)
        near.update(k for a in here for k in (a - 1, a + 1) if lo <= k <= hi and k not in taken)
        win = sorted({k for a in here for k in range(max(lo, a - WINDOW), min(hi, a + WINDOW) + 1)})
        for n, k in enumerate(win):
            t = tokens[k]
            if k in subs:
                t = t._replace(text=match_case(t.text, subs[k]), low=subs[k].lower())
            if n == 0 or win[n - 1] != k - 1:
                t = t._replace(gap="|")
            idx.append(k)
            sub.append(t)
    if not near:
        return []
    first = {(p.i, p.j, p.source): p.evidence for p in props}
    order = {a: n for n, a in enumerate(subs)}
    out: list[Proposal] = []
    leans: dict[int, int] = {}
    look = {n for n, k in enumerate(idx) if k in near}
    for q in terms.adjust(propose(sub, only=look), sub) + learned.propose_real(sub):
        i, j = idx[q.i], idx[q.j - 1] + 1
        if j - i != q.j - q.i or not all(k in near for k in range(i, j)):
            continue
        # the restored word it leans on: the one before or after the span in its sentence
        # (every word of the span is beside one, none is one), the first found where both are
        anchor = min((a for a in (i - 1, j) if a in subs and sent_of.get(a) == sent_of[i]),
                     key=order.__getitem__)
        if q.source == "thesaurus" and j - i == 1 and abs(anchor - i) == 1:
            q = _with_links(q, tokens[i].low, subs[anchor].lower(), i < anchor)
        if q.evidence >= EVIDENCE_MIN and q.evidence - first.get((i, j, q.source), 0.0) >= GAIN_MIN:
            q = replace(q, i=i, j=j)
            leans[id(q)] = anchor
            out.append(q)
    return [(q, leans[id(q)]) for q in disjoint(out, key=lambda p: (-p.evidence, p.i))]
