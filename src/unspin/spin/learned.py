"""Spinner tables at work: wordings a table records as a spinner's, put back where the LM agrees.

Two kinds of table: a user's spinner table (:mod:`unspin.spintable`, learned by
``unspin dupes --learn`` from groups of spun copies of one source), and the
real spinners' phrase table shipped with unspin (``resources.real_phrases``:
"getting to know" -> "learning", "malignant growth" -> "cancer", learned from
the tortured-phrase list by ``scripts/learn_real_words.py``).

Every wording of a table found in the text is a proposal, scored like the
shipped phrase habits: the trigram LM's gain from putting each recorded
original back (the two words after it read too), plus the original's share of
the wording's records and the log-odds that the wording is the spinner's
rather than a writer's. For a user's table those odds come from its ``count``
against its ``source_count`` (clipped); for the real spinners' phrases, from
how often they were seen against how common the wording is in English (as
``lexical.real_odds`` does for single words). The spin detector chooses among
these and its own proposals; the LM still has to prefer the original, so a
wording a table records but that fits its place is left alone.

Pure and deterministic: tokens and tables in, proposals out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache

from .lexical import (HABIT_ODDS_MAX, LEN_PENALTY, REAL_ODDS_MAX, REAL_ODDS_W, REAL_ODDS_ZIPF, Proposal,
                      _Scorer, habit_proposal, key_prefixes)
from .resources import derived_from_tables, real_phrases, shared_lm
from .tokens import Token, sentences

#: originals per spun wording scored (most frequent first)
TOP = 6
#: a wording is used only if the spinner put it in at least this many times as
#: often as the sources hold it (count / source_count). Chosen on dev pages of the
#: tuning styles (mixed, common; 50 learned groups of 3, 30 test pages): 0 -> 1 kept
#: mixed's honest pages labelled spun at 1/30 (2/30 with 0) for recall at label 100%,
#: and common's recall 17% -> 8% (no honest page labelled either way)
MIN_ODDS = 1.0

#: (original, log prior) of each original scored for a wording; None: not a wording of the table
Lookup = Callable[[str], "list[tuple[str, float]] | None"]


def _odds(count: int, source: int) -> float:
    return max(-HABIT_ODDS_MAX, min(HABIT_ODDS_MAX, math.log((count + 0.5) / (source + 0.5))))


def _proposals(tokens: list[Token], lookup: Lookup, longest: int, source: str,
               prefixes: set[str] | None = None) -> list[Proposal]:
    """A ``source`` proposal for every run of at most ``longest`` words that
    ``lookup`` knows (``prefixes``: every word-boundary prefix of its wordings,
    to stop early)."""
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
                if prefixes is not None and key not in prefixes:
                    break
                priors = lookup(key)
                if not priors:
                    continue
                if scorer is None:
                    scorer = _Scorer(L, seq)
                scored = []
                for orig, prior in priors:
                    repl = orig.lower().split()
                    d = scorer.delta(p + 1, p + 1 + m, repl) - LEN_PENALTY * max(0, m - len(repl))
                    scored.append((orig, d, prior))
                out.append(habit_proposal(sent[p], sent[p] + m, scored, source))
    return out


def propose(tokens: list[Token], tables: Sequence) -> list[Proposal]:
    """Proposals (source ``"learned"``) for every wording of a user's ``tables`` in the text."""
    tables = [t for t in tables if t.entries]
    if not tables or not tokens:
        return []

    def lookup(key: str) -> list[tuple[str, float]] | None:
        cands: dict[str, int] = {}
        source = 0
        for t in tables:
            for orig, c in t.entries.get(key, ())[:TOP]:
                cands[orig] = cands.get(orig, 0) + c
            source += t.source_counts.get(key, 0)
        if not cands:
            return None
        total = sum(cands.values())
        if total < MIN_ODDS * source:
            return None  # the sources use it about as often as the spinner puts it in
        odds = _odds(total, source)
        return [(orig, math.log(c / total) + odds) for orig, c in cands.items()]

    return _proposals(tokens, lookup, max(t.max_words for t in tables), "learned")


def real_phrase_odds(key: str, seen: int) -> float:
    """Log-odds (nats) that the wording ``key`` was put in by a spinner, which real
    spinners were seen to put in ``seen`` times: as ``lexical.real_odds`` for a
    word, the count against how common the wording is (its Zipf frequency
    estimated by the trigram LM, with no context), clipped to [0, REAL_ODDS_MAX]."""
    zipf = shared_lm().logprob(key.split(" ")) / math.log(10.0) + 9.0
    lo = math.log(seen + 0.5) - math.log(10.0) * (zipf - REAL_ODDS_ZIPF)
    return REAL_ODDS_W * min(REAL_ODDS_MAX, max(0.0, lo))


@lru_cache(maxsize=1)
def _real_index() -> tuple[dict[str, list[tuple[str, float]]], set[str], int]:
    """The real spinners' phrase table as (wording -> (original, log prior) of its
    TOP originals, every prefix of the wordings, the longest wording in words)."""
    table = real_phrases()
    index = {}
    for key, origs in table.items():
        origs = origs[:TOP]
        total = sum(c for _, c in origs)
        odds = real_phrase_odds(key, total)
        index[key] = [(o, math.log(c / total) + odds) for o, c in origs]
    return index, key_prefixes(table), max((k.count(" ") + 1 for k in table), default=0)


derived_from_tables(_real_index.cache_clear)


def propose_real(tokens: list[Token]) -> list[Proposal]:
    """Proposals (source ``"real"``) for every wording of the real spinners' phrase table in the text."""
    index, prefixes, longest = _real_index()
    if not index or not tokens:
        return []
    return _proposals(tokens, index.get, longest, "real", prefixes)
