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
SURPRISE_MIN = -7.0
#: candidates (best prior first) given the one-look-up estimate
CHEAP_CANDS = 20
#: the best-prior candidates estimated first; the rest only if one of these
#: estimates reaches EXTEND_MIN (a word none of whose likeliest originals fits
#: its context is almost never reported)
CHEAP_FIRST = 6
EXTEND_MIN = -3.0
#: candidates rescored on the full window
TOP_CANDS = 4
#: a word whose best one-look-up estimate (LM gain plus prior, nats) is below
#: this is not rescored: it is almost never reported (measured on dev spins)
EST_MIN = -2.0
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
        lp, cget = L.lp, L._cache.get
        base = [0.0]
        h2, h1 = None, seq[0]
        for w in seq[1:]:
            v = cget((w, h1, h2))
            base.append(lp(w, h1, h2) if v is None else v)
            h2, h1 = h1, w
        self.base = base

    def delta(self, i: int, j: int, repl: list[str]) -> float:
        """LM gain (nats) from replacing seq[i:j] with ``repl`` (i >= 1)."""
        seq, lp, cget = self.seq, self.L.lp, self.L._cache.get
        end = min(j + 2, len(seq))
        base = sum(self.base[i:end])
        h2 = seq[i - 2] if i >= 2 else None
        h1 = seq[i - 1]
        tot = 0.0
        for w in repl + seq[j:end]:
            v = cget((w, h1, h2))
            tot += lp(w, h1, h2) if v is None else v
            h2, h1 = h1, w
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


#: a candidate: (original, log prior, its words)
Cand = tuple[str, float, tuple[str, ...]]


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
        seen: set[str] = set()
        cutoff = None
        for r, prior in entry:  # best prior first: the first CHEAP_CANDS forms (and ties) suffice
            if cutoff is not None and prior < cutoff:
                break
            f = inflect(r, cls, known)
            if f and f != w:
                if f not in cands or cands[f] < prior:
                    cands[f] = prior
                seen.add(f)
                if cutoff is None and len(seen) >= CHEAP_CANDS:
                    cutoff = prior
    best = sorted(cands.items(), key=lambda kv: -kv[1])[:CHEAP_CANDS]
    return tuple((c, pr, tuple(c.split(" "))) for c, pr in best)


@lru_cache(maxsize=20_000)
def _phrase_cands(key: str) -> tuple[Cand, ...]:
    best = [(r, pr) for r, pr in subst_table().get(key, ()) if r != key][:CHEAP_CANDS]
    return tuple((c, pr, tuple(c.split(" "))) for c, pr in best)


#: word -> unigram log-probability (nats)
_UNI: dict[str, float] = {}


def _uni(words) -> float:
    tot = 0.0
    for x in words:
        v = _UNI.get(x)
        if v is None:
            v = _UNI[x] = shared_lm().lp(x, None, None)
        tot += v
    return tot


_HABIT_PREFIXES: set[str] | None = None
_TABLE_PREFIXES: set[str] | None = None


def _prefixes(keys) -> set[str]:
    """Every word-boundary prefix of the multi-word keys ("out-of" -> "out", "out-of")."""
    out = set()
    for k in keys:
        for i, ch in enumerate(k):
            if ch in " -":
                out.add(k[:i])
        out.add(k)
    return out


def propose(tokens: list[Token], counters: dict[str, int] | None = None) -> list[Proposal]:
    """Scored proposals (overlapping; the caller picks)."""
    global _HFW, _HABIT_PREFIXES, _TABLE_PREFIXES
    L = shared_lm()
    table = subst_table()
    habits = phrases()
    if _HFW is None:
        _HFW = _habit_first_words()
        _HABIT_PREFIXES = _prefixes(habits)
        _TABLE_PREFIXES = _prefixes(k for k in table if " " in k or "-" in k)
    hfw, hpre, tpre = _HFW, _HABIT_PREFIXES, _TABLE_PREFIXES
    mwf = _multiword_first()
    lp = L.lp
    cget = L._cache.get
    out: list[Proposal] = []
    append = out.append
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
            if w in hfw:
                key = w
                for m in range(1, 6):
                    if p + m > n:
                        break
                    if m > 1:
                        g = tokens[ti + m - 1].gap
                        if g == "|":
                            break
                        key = key + ("-" if g == "-" else " ") + seq[k + m - 1]
                    if key not in hpre:
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
                    append(
                        Proposal(ti, ti + m, ev, scored[0][0], scored[0][1], "habit",
                                 tuple((o, exp(d + pr - tot)) for o, d, pr in scored))
                    )
            # --- thesaurus substitutions ---
            key = w
            for m in (1, 2, 3) if w in mwf else (1,):
                if p + m > n:
                    break
                if m == 1:
                    if base[k] > SURPRISE_MIN:
                        continue
                    cands = _word_cands(w)
                    if not cands:
                        continue
                else:
                    g = tokens[ti + m - 1].gap
                    if g == "|":
                        break
                    key = key + ("-" if g == "-" else " ") + seq[k + m - 1]
                    if key not in tpre:
                        break
                    if key not in table:
                        continue
                    cands = _phrase_cands(key)
                    if not cands:
                        continue
                h1, h2 = seq[k - 1], seq[k - 2] if k >= 2 else None
                span_lp = base[k] if m == 1 else sum(base[k : k + m])
                ests = [((lp(cw[0], h1, h2) if (v := cget((cw[0], h1, h2))) is None else v) - span_lp + pr,
                         c, pr, cw) for c, pr, cw in cands[:CHEAP_FIRST]]
                if len(cands) > CHEAP_FIRST and max(ests)[0] >= EXTEND_MIN:
                    ests += [((lp(cw[0], h1, h2) if (v := cget((cw[0], h1, h2))) is None else v) - span_lp + pr,
                              c, pr, cw) for c, pr, cw in cands[CHEAP_FIRST:]]
                cheap = sorted(ests, reverse=True)[:TOP_CANDS]
                checked += len(ests)
                if cheap[0][0] < EST_MIN:
                    # hopeless: the one-look-up estimate stands in for the full score
                    ests = [x[0] for x in cheap]
                    tot = _logsumexp(ests)
                    append(Proposal(ti, ti + m, tot, cheap[0][1], cheap[0][0] - cheap[0][2], "thesaurus",
                                    tuple((x[1], exp(x[0] - tot)) for x in cheap)))
                    continue
                uni_w = _uni(key.split(" ")) if m > 1 else _uni((w,))
                scored = []
                for _, c, pr, cw in cheap:
                    d = sc.delta(k, k + m, list(cw))
                    d_adj = d - UNI_WEIGHT * (_uni(cw) - uni_w) - LEN_PENALTY * max(0, m - len(cw))
                    scored.append((c, d_adj, pr, d))
                ev = _logsumexp([d + pr for _, d, pr, _ in scored])
                scored.sort(key=lambda x: -(x[1] + x[2]))
                tot = _logsumexp([d + pr for _, d, pr, _ in scored])
                append(
                    Proposal(ti, ti + m, ev, scored[0][0], scored[0][3], "thesaurus",
                             tuple((c, exp(d + pr - tot)) for c, d, pr, _ in scored))
                )
    if counters is not None:
        counters["candidates_checked"] = counters.get("candidates_checked", 0) + checked
        counters["lm_logprob_sum"] = counters.get("lm_logprob_sum", 0.0) + lp_sum
        counters["lm_words"] = counters.get("lm_words", 0) + n_lm
    return out
