"""Word and phrase substitutions: where the LM prefers what a spinner would have replaced.

For every word (and short phrase) that a spinner could have put in, the
candidates are the words it may have replaced (the inverted thesaurus, with
inflection carried over) and the spinner's function-word habits. Only words
the trigram LM finds surprising are examined, and only the candidates that look
best by a one-look-up estimate are scored on the full window.
"""

from __future__ import annotations

import math
from functools import lru_cache
from dataclasses import dataclass

from .inflect import inflect, lemmas
from .resources import LM, phrases, shared_lm, subst_table
from .tokens import Token, sentences, span_key

#: skip a word whose trigram log-probability (nats) is above this: it is expected
SURPRISE_MIN = -4.5
#: candidates considered per word (by prior)
MAX_CANDS = 20
#: candidates rescored on the full window
TOP_CANDS = 4
#: weight of the unigram correction (context fit rather than raw frequency)
UNI_WEIGHT = 0.5
#: nats charged per word an edit removes (the LM prefers fewer words)
LEN_PENALTY = 4.0
#: words shorter than this are left to the phrase habits
MIN_LEN = 3
#: evidence (nats) at or above which a span is reported
REPORT_MIN = 2.0


@dataclass(frozen=True, slots=True)
class Proposal:
    i: int  # first token index (in the token list)
    j: int  # one past the last token index
    evidence: float  # log odds-like score in nats
    best: str
    best_delta: float  # LM gain of the best candidate (nats)
    source: str  # "thesaurus" or "habit"
    ranked: tuple[tuple[str, float], ...]  # (candidate, share), best first


class _Scorer:
    def __init__(self, L: LM, seq: list[str]):
        self.L = L
        self.seq = seq
        lp = L.lp
        self.base = [0.0] + [
            lp(seq[k], seq[k - 1], seq[k - 2] if k >= 2 else None) for k in range(1, len(seq))
        ]

    def delta(self, i: int, j: int, repl: list[str]) -> float:
        """LM gain (nats) from replacing seq[i:j] with ``repl`` (i >= 1)."""
        seq, lp = self.seq, self.L.lp
        end = min(j + 2, len(seq))
        base = sum(self.base[i:end])
        new = seq[max(0, i - 2) : i] + repl + seq[j:end]
        off = i - max(0, i - 2)
        tot = 0.0
        for k in range(off, len(new)):
            tot += lp(new[k], new[k - 1] if k >= 1 else None, new[k - 2] if k >= 2 else None)
        return tot - base


def _logsumexp(xs: list[float]) -> float:
    m = max(xs)
    return m + math.log(sum(math.exp(x - m) for x in xs))


def _habit_first_words() -> set[str]:
    return {k.split(" ")[0].split("-")[0].replace("’", "'") for k in phrases()}


_HFW: set[str] | None = None
_MW_FIRST: set[str] | None = None


def _multiword_first() -> set[str]:
    global _MW_FIRST
    if _MW_FIRST is None:
        _MW_FIRST = {k.split(" ")[0] for k in subst_table() if " " in k}
    return _MW_FIRST


#: a candidate: (original, log prior, its words, sum of their unigram log-probs)
Cand = tuple[str, float, tuple[str, ...], float]


def _with_words(pairs) -> tuple[Cand, ...]:
    lp = shared_lm().lp
    out = []
    for c, pr in pairs:
        cw = tuple(c.split(" "))
        out.append((c, pr, cw, sum(lp(x, None, None) for x in cw)))
    return tuple(out)


@lru_cache(maxsize=200_000)
def _word_cands(w: str) -> tuple[Cand, ...]:
    """Candidate originals of a spun word (inflection carried over), best prior first."""
    if len(w) < MIN_LEN:
        return ()
    table = subst_table()
    known = shared_lm().known
    cands: dict[str, float] = {}
    for lem, cls in lemmas(w):
        entry = table.get(lem)
        if not entry:
            continue
        for r, prior in entry:
            f = inflect(r, cls, known)
            if f and f != w and (f not in cands or cands[f] < prior):
                cands[f] = prior
    return _with_words(sorted(cands.items(), key=lambda kv: -kv[1])[:MAX_CANDS])


@lru_cache(maxsize=20_000)
def _phrase_cands(key: str) -> tuple[Cand, ...]:
    return _with_words(tuple((r, pr) for r, pr in subst_table().get(key, ()) if r != key)[:MAX_CANDS])


@lru_cache(maxsize=200_000)
def _uni(key: str) -> float:
    lp = shared_lm().lp
    return sum(lp(x, None, None) for x in key.split(" "))


def propose(tokens: list[Token], counters: dict[str, int] | None = None) -> list[Proposal]:
    """Scored proposals (overlapping; the caller picks)."""
    global _HFW
    L = shared_lm()
    table = subst_table()
    habits = phrases()
    if _HFW is None:
        _HFW = _habit_first_words()
    mwf = _multiword_first()
    lp = L.lp
    out: list[Proposal] = []
    checked = 0
    lp_sum = 0.0
    n_lm = 0
    exp = math.exp
    for sent in sentences(tokens):
        seq = ["<s>"] + [tokens[t].low for t in sent] + ["</s>"]
        sc = _Scorer(L, seq)
        base = sc.base
        n = len(sent)
        lp_sum += sum(base[1:-1])
        n_lm += n
        for p in range(n):
            k = p + 1
            w = seq[k]
            ti = sent[p]
            # --- phrase habits (function words, length-changing) ---
            if w in _HFW:
                for m in range(1, 6):
                    if p + m > n:
                        break
                    key = span_key(tokens, ti, ti + m)
                    if key is None:
                        break
                    origs = habits.get(key)
                    if not origs:
                        continue
                    scored = []
                    for o, pr in origs[:TOP_CANDS]:
                        repl = o.split(" ")
                        d = sc.delta(k, k + m, repl) - LEN_PENALTY * max(0, m - len(repl))
                        scored.append((o, d, pr))
                    checked += len(scored)
                    ev = _logsumexp([d + pr for _, d, pr in scored])
                    scored.sort(key=lambda x: -(x[1] + x[2]))
                    tot = _logsumexp([d + pr for _, d, pr in scored])
                    out.append(
                        Proposal(ti, ti + m, ev, scored[0][0], scored[0][1], "habit",
                                 tuple((o, exp(d + pr - tot)) for o, d, pr in scored))
                    )
            # --- thesaurus substitutions ---
            multi = w in mwf
            for m in (1, 2, 3) if multi else (1,):
                if p + m > n:
                    break
                if m == 1:
                    if base[k] > SURPRISE_MIN:
                        continue
                    cands = _word_cands(w)
                    if not cands:
                        continue
                    key = w
                else:
                    key = span_key(tokens, ti, ti + m)
                    if key is None or key not in table:
                        continue
                    cands = _phrase_cands(key)
                    if not cands:
                        continue
                h1, h2 = seq[k - 1], seq[k - 2] if k >= 2 else None
                span_lp = base[k] if m == 1 else sum(base[k : k + m])
                cheap = sorted(
                    [(lp(cw[0], h1, h2) - span_lp + pr, c, pr, cw, uc) for c, pr, cw, uc in cands],
                    reverse=True,
                )[:TOP_CANDS]
                checked += len(cands)
                uni_w = _uni(key)
                scored = []
                for _, c, pr, cw, uni_c in cheap:
                    d = sc.delta(k, k + m, list(cw))
                    d_adj = d - UNI_WEIGHT * (uni_c - uni_w) - LEN_PENALTY * max(0, m - len(cw))
                    scored.append((c, d_adj, pr, d))
                ev = _logsumexp([d + pr for _, d, pr, _ in scored])
                scored.sort(key=lambda x: -(x[1] + x[2]))
                tot = _logsumexp([d + pr for _, d, pr, _ in scored])
                out.append(
                    Proposal(ti, ti + m, ev, scored[0][0], scored[0][3], "thesaurus",
                             tuple((c, exp(d + pr - tot)) for c, d, pr, _ in scored))
                )
    if counters is not None:
        counters["candidates_checked"] = counters.get("candidates_checked", 0) + checked
        counters["lm_logprob_sum"] = counters.get("lm_logprob_sum", 0.0) + lp_sum
        counters["lm_words"] = counters.get("lm_words", 0) + n_lm
    return out
