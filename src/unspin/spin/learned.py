"""A spinner's own table at work: restore new pages of a spinner whose copies were learned.

Every wording of a user's spinner table (:mod:`unspin.spintable`, learned by
``unspin dupes --learn`` from groups of spun copies) found in the text is a
proposal, scored like the shipped phrase habits: the trigram LM's gain from
putting each recorded original back (the two words after it read too), plus
the original's share of the wording's records and the log-odds that the
wording is the spinner's rather than the source's (its ``count`` against its
``source_count``, clipped). The spin detector chooses among these and its own
proposals; the LM still has to prefer the original, so a wording the table
records but that fits its place is left alone.

Pure and deterministic: tokens and tables in, proposals out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .lexical import HABIT_ODDS_MAX, LEN_PENALTY, Proposal, _Scorer, habit_proposal
from .resources import shared_lm
from .tokens import Token, sentences

#: originals per spun wording scored (most frequent first)
TOP = 6
#: a wording is used only if the spinner put it in at least this many times as
#: often as the sources hold it (count / source_count). Chosen on dev pages of the
#: tuning styles (mixed, common; 50 learned groups of 3, 30 test pages): 0 -> 1 kept
#: mixed's honest pages labelled spun at 1/30 (2/30 with 0) for recall at label 100%,
#: and common's recall 17% -> 8% (no honest page labelled either way)
MIN_ODDS = 1.0


def _odds(count: int, source: int) -> float:
    return max(-HABIT_ODDS_MAX, min(HABIT_ODDS_MAX, math.log((count + 0.5) / (source + 0.5))))


def propose(tokens: list[Token], tables: Sequence) -> list[Proposal]:
    """Proposals (source ``"learned"``) for every wording of ``tables`` in the text."""
    tables = [t for t in tables if t.entries]
    if not tables or not tokens:
        return []
    longest = max(t.max_words for t in tables)
    L = shared_lm()
    out: list[Proposal] = []
    for sent in sentences(tokens):
        lows = [tokens[k].low for k in sent]
        seq = ["<s>"] + lows + ["</s>"]
        scorer = None
        n = len(sent)
        for p in range(n):
            key = ""
            for m in range(1, min(longest, n - p) + 1):
                if m > 1 and tokens[sent[p + m - 1]].gap == "|":
                    break
                key = lows[p] if m == 1 else key + " " + lows[p + m - 1]
                cands: dict[str, int] = {}
                source = 0
                for t in tables:
                    for orig, c in t.entries.get(key, ())[:TOP]:
                        cands[orig] = cands.get(orig, 0) + c
                    source += t.source_counts.get(key, 0)
                if not cands:
                    continue
                if scorer is None:
                    scorer = _Scorer(L, seq)
                total = sum(cands.values())
                if total < MIN_ODDS * source:
                    continue  # the sources use it about as often as the spinner puts it in
                odds = _odds(total, source)
                scored = []
                for orig, c in cands.items():
                    repl = orig.lower().split()
                    d = scorer.delta(p + 1, p + 1 + m, repl) - LEN_PENALTY * max(0, m - len(repl))
                    scored.append((orig, d, math.log(c / total) + odds))
                out.append(habit_proposal(sent[p], sent[p] + m, scored, "learned"))
    return out
