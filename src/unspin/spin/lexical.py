"""Word and phrase substitutions: where the LM prefers what a spinner would have replaced.

For every word (and short phrase) that a spinner could have put in, the
candidates are the words it may have replaced (the inverted thesaurus, with
inflection carried over) and the spinner's function-word habits. Only words
the trigram LM finds surprising are examined, and only the candidates that look
best by a one-look-up estimate are scored on the full window.

A candidate must be something the writer could have written: none for a word
written as a name in running text (spinners leave names alone), none that
repeats a word beside it ("cattle, bison, buffalo" is no "buffalo, buffalo"),
and a link the LM reads from unigrams only (no bigram with the word before)
counts less, since it says how common a candidate is, not how it fits.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import chain
from importlib import resources as _ir
from dataclasses import dataclass, replace

import numpy as np

from ..usercache import json_derived
from .contrast import clashes
from .inflect import inflect, lemmas
from .memo import flat_cache
from .resources import (
    LM, SUBST_CANDS, derived_from_tables, phrases, real_words, shared_lm, subst_path, subst_table, zipf,
)
from .tokens import Token, all_capitals, join_word, names_in, sentences

#: skip a word whose trigram log-probability (nats) is above this: it is expected
SURPRISE_MIN = -7.0
#: candidates (best prior first) given the one-look-up estimate
CHEAP_CANDS = 40
#: originals read from each lemma's thesaurus entry (the table keeps 30)
TABLE_CANDS = 30
#: added to the prior (nats) of a candidate original the page uses elsewhere
PAGE_BONUS = 2.0
#: weight of the thesaurus table's prior in a word candidate's prior
TABLE_PRIOR_W = 0.0
#: weight of log(1 + number of words an original may be spun into) (spinner channel)
CHANNEL_W = 0.5
#: the best-prior candidates estimated first; the rest only if one of these
#: estimates reaches EXTEND_MIN (a word none of whose likeliest originals fits
#: its context is almost never reported)
CHEAP_FIRST = 40
EXTEND_MIN = -3.0
#: prior bonus (nats per log(1 + times seen)) of an original real spinners were
#: seen to replace the word with (``resources.real_words``). Chosen on the TUNE
#: half of the tortured-phrase list, table learned from one part and measured on
#: the other: 1 -> 5 took flagged 33% -> 37%, top-1 5.0% -> 6.9% (none: 31%,
#: 3.7%), expected phrases flagged 15%, honest dev pages labelled unchanged
REAL_W = 5.0
#: log-odds (nats) that a word real spinners put in was put in here, added to
#: its evidence: REAL_ODDS_W * clip(log(times seen + 0.5) - ln(10) * (Zipf
#: frequency - REAL_ODDS_ZIPF), 0, REAL_ODDS_MAX): "fluffy" (seen 10 times in the
#: TUNE half, Zipf 3.0) gets the most, "information" (14, Zipf 5.4) little. Chosen on the TUNE half
#: of the tortured-phrase list (table learned from one part, measured on the
#: other): flagged 37% -> 54%, top-1 6.9% -> 11.4%, expected phrases flagged
#: 15.0% -> 17.3%; spun findings on honest dev text (Wikipedia leads) 39.8 ->
#: 42.6 per 1000 words, those >= 0.5 confidence 0.79 -> 0.85 (Zipf 4.0: 50%,
#: 15.9%, 0.81; 5.0: 60%, 19.5%, 0.89)
REAL_ODDS_W = 1.0
REAL_ODDS_ZIPF = 4.5
REAL_ODDS_MAX = 4.0
#: and a word real spinners were seen to REPLACE is a term of the writers'
#: ("error", "accuracy", "training"): REAL_TERM_W * log(1 + times), at most
#: REAL_TERM_MAX nats, is taken off. Chosen the same way: expected phrases
#: flagged 17.3% -> 10.5%, tortured flagged 54% -> 51%, top-1 11.4% -> 11.7%,
#: spun findings on honest Wikipedia leads 42.6 -> 40.5 per 1000 words (weight
#: 1: 12.0%, 52%; weight 3, at most 8 nats: 9.9%, 50%)
REAL_TERM_W = 2.0
REAL_TERM_MAX = 3.0


@lru_cache(maxsize=1)
def _real_originals() -> dict[str, int]:
    """Original -> times real spinners were seen to replace it (``real_words``)."""
    out: dict[str, int] = {}
    for origs in real_words().values():
        for r, n in origs:
            out[r] = out.get(r, 0) + n
    return out


def real_count(w: str, orig: str) -> int:
    """How many times real spinners were seen to put ``w`` in for ``orig``
    (inflection carried over; 0: never)."""
    real = real_words()
    for lem, cls in lemmas(w):
        for r, n in real.get(lem, ()):
            if (_inflected((r, cls)) if cls else r) == orig:
                return n
    return 0


@flat_cache(50_000)
def real_odds(w: str) -> float:
    """How much likelier a spinner put ``w`` in than a writer did: the times real
    spinners were seen to put it in (any lemma) against how common it is, less
    the times they were seen to replace it."""
    real = real_words()
    if not real:
        return 0.0
    origs = _real_originals()
    n = m = 0
    for lem, _ in lemmas(w):
        n += sum(c for _, c in real.get(lem, ()))
        m += origs.get(lem, 0)
    odds = 0.0
    if n:
        lo = math.log(n + 0.5) - math.log(10.0) * (zipf(w) - REAL_ODDS_ZIPF)
        odds = REAL_ODDS_W * min(REAL_ODDS_MAX, max(0.0, lo))
    if m:
        odds -= min(REAL_TERM_MAX, REAL_TERM_W * math.log1p(m))
    return odds


#: candidates rescored on the full window
TOP_CANDS = 8
#: a word whose best one-look-up estimate (LM gain plus prior, nats) is below
#: this is not rescored: it is almost never reported (measured on dev spins)
EST_MIN = -2.0
#: weight of the unigram correction (context fit rather than raw frequency)
UNI_WEIGHT = 0.5
#: share left out of the link into a one-word swap that the LM reads from unigrams
#: only (no bigram with the word before, for the word or for the candidate),
#: beyond the UNI_WEIGHT of it every swap gets (1.0: all of it)
BACKOFF_FIT = 0.5
#: no thesaurus candidates for a word written as a name in running text
#: (``tokens.names_in``): the spinner left it alone
NAME_GUARD = True
#: drop a candidate original that would repeat a word beside it (:func:`without_repeats`)
REPEAT_GUARD = True
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


def reweighted(p: Proposal, factors) -> tuple[Proposal, float]:
    """``p`` with each ranked candidate's share multiplied by its factor and the shares
    normalised again (best first; ``best_delta`` kept only where the best is still
    ``p.best``), evidence as it was; and the sum of the multiplied shares."""
    shares = [(c, s * f) for (c, s), f in zip(p.ranked, factors)]
    tot = sum(s for _, s in shares)
    ranked = tuple(sorted(((c, s / tot) for c, s in shares), key=lambda x: -x[1]))
    best_delta = p.best_delta if ranked[0][0] == p.best else 0.0
    return Proposal(p.i, p.j, p.evidence, ranked[0][0], best_delta, p.source, ranked), tot


def habit_proposal(i: int, j: int, scored: list[tuple[str, float, float]], source: str) -> Proposal:
    """A phrase-habit proposal for tokens [i, j) from its ``(original, LM gain,
    log prior)`` triples (sorted here, best first): the evidence sums over every
    original, the ranking is by gain plus prior."""
    ev = _logsumexp([d + pr for _, d, pr in scored])
    scored.sort(key=lambda x: -(x[1] + x[2]))
    tot = _logsumexp([d + pr for _, d, pr in scored])
    return Proposal(i, j, ev, scored[0][0], scored[0][1], source,
                    tuple((o, math.exp(d + pr - tot)) for o, d, pr in scored))


def _logsumexp(xs: list[float]) -> float:
    m = max(xs)
    exp = math.exp
    return m + math.log(sum([exp(x - m) for x in xs]))


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


def _count_outlets() -> dict[str, int]:
    out: dict[str, int] = {}
    get = out.get
    for _key, entry in subst_table().originals():
        for r in entry:
            out[r] = get(r, 0) + 1
    return out


@lru_cache(maxsize=1)
def _spin_outlets() -> dict[str, int]:
    """Original -> how many spun words the inverted thesaurus lists it for: the
    size of its synonym list, as far as the table shows it (the first SUBST_CANDS
    originals of each entry). Counted once and kept in the per-user cache: reading
    every entry took 0.2 s of each process's start."""
    return json_derived(f"spin-outlets-{SUBST_CANDS}", 1, subst_path(), _count_outlets)


@lru_cache(maxsize=1)
def _channel() -> dict[str, float]:
    """Original -> ``CHANNEL_W * log1p(outlets)`` (absent: 0.0, as log1p(0) gives)."""
    return {r: CHANNEL_W * math.log1p(n) for r, n in _spin_outlets().items()}


@flat_cache(500_000)
def _inflected(key: tuple[str, str]) -> str | None:
    """(original, suffix class) -> its inflected form (None: no known form); the
    same originals recur under many spun words."""
    r, cls = key
    return inflect(r, cls, shared_lm().known)


@flat_cache(200_000)
def _word_cands(w: str) -> tuple[Cand, ...]:
    """Candidate originals of a spun word (inflection carried over), best prior first.

    The prior is a spinner channel: a spinner replacing ``c`` picks one of its
    synonyms, so ``P(w | c)`` falls with the number of synonyms ``c`` has
    (``CHANNEL_W`` per log unit); the table's own prior (frequency and
    closeness of the two words) enters with ``TABLE_PRIOR_W``. Normalised over
    the candidates."""
    if len(w) < MIN_LEN:
        return ()
    table = subst_table()
    real = real_words()
    chan = _channel().get
    cands: dict[str, float] = {}
    cget = cands.get
    inflected = _inflected.cache  # (read here; filled by _inflected)
    iget = inflected.get
    for lem, cls in lemmas(w):
        seen = real.get(lem)
        if seen:  # what real spinners replaced with this word
            for r, n in seen:
                f = _inflected((r, cls)) if cls else r
                if f and f != w and not clashes(w, f):
                    pr = REAL_W * math.log1p(n) - chan(r, 0.0)
                    old = cget(f)
                    if old is None or old < pr:
                        cands[f] = pr
        entry = table.get(lem)
        if not entry:
            continue
        for r, prior in entry[:TABLE_CANDS]:
            if cls:
                f = iget((r, cls), inflected)
                if f is inflected:
                    f = _inflected((r, cls))
            else:
                f = r
            if f and f != w and not clashes(w, f):
                pr = TABLE_PRIOR_W * prior - chan(r, 0.0)
                old = cget(f)
                if old is None or old < pr:
                    cands[f] = pr
    if not cands:
        return ()
    # best prior first, then by candidate ((-prior, candidate) pairs sort so)
    best = sorted([(-pr, c) for c, pr in cands.items()])[:CHEAP_CANDS]
    tot = _logsumexp([-npr for npr, _ in best])
    return tuple([(c, -npr - tot, (c,) if " " not in c else tuple(c.split(" "))) for npr, c in best])


@lru_cache(maxsize=20_000)
def _phrase_cands(key: str) -> tuple[Cand, ...]:
    best = [(r, pr) for r, pr in subst_table().get(key, ()) if r != key and not clashes(key, r)][:CHEAP_CANDS]
    return tuple((c, pr, tuple(c.split(" "))) for c, pr in best)


def _uni(words) -> float:
    """The words' unigram log-probabilities (nats) added up left to right."""
    unigram = shared_lm().unigram
    tot = 0.0
    for x in words:
        tot += unigram(x)
    return tot


#: weight of a habit's learned log-odds of being spinner-made (per occurrence)
HABIT_ODDS_W = 1.0
#: the log-odds are clipped to +- this (nats)
HABIT_ODDS_MAX = 6.0


@lru_cache(maxsize=1)
def _habit_odds_table() -> dict[str, float]:
    """Spun phrase -> log-odds that an occurrence of it was put there by the
    spinner (``data/spin-habit-odds.tsv``, learned from synthetic dev spins)."""
    out: dict[str, float] = {}
    f = _ir.files("unspin") / "data" / "spin-habit-odds.tsv"
    if not f.is_file():
        return out
    for line in f.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, made, seen = line.split("\t")
        m, n = int(made), int(seen)
        lo = math.log((m + 0.5) / (n - m + 0.5))
        out[key] = max(-HABIT_ODDS_MAX, min(HABIT_ODDS_MAX, lo))
    return out


def _habit_odds(key: str) -> float:
    return HABIT_ODDS_W * _habit_odds_table().get(key, 0.0)


_HABIT_PREFIXES: set[str] | None = None
_TABLE_PREFIXES: set[str] | None = None


def key_prefixes(keys) -> set[str]:
    """Every word-boundary prefix of the multi-word keys ("out-of" -> "out", "out-of")."""
    out = set()
    for k in keys:
        for i, ch in enumerate(k):
            if ch in " -":
                out.add(k[:i])
        out.add(k)
    return out


class _Batch:
    """LM look-ups collected from a whole document, answered in one array call."""

    __slots__ = ("w", "h1", "h2", "parts", "ph1", "ph2", "pn", "ptotal")

    def __init__(self) -> None:
        self.w: list[int] = []
        self.h1: list[int] = []
        self.h2: list[int] = []
        # whole arrays of words sharing one history (candidates at one site)
        self.parts: list[np.ndarray] = []
        self.ph1: list[int] = []
        self.ph2: list[int] = []
        self.pn: list[int] = []
        self.ptotal = 0

    def add_words(self, ids: np.ndarray, h1: int, h2: int) -> int:
        """Queue ``lp(w, h1, h2)`` for every id; returns the offset of the first."""
        first = self.ptotal
        self.parts.append(ids)
        self.ph1.append(h1)
        self.ph2.append(h2)
        self.pn.append(len(ids))
        self.ptotal += len(ids)
        return first

    def add(self, w: int, h1: int, h2: int) -> int:
        self.w.append(w)
        self.h1.append(h1)
        self.h2.append(h2)
        return len(self.w) - 1

    def window(self, sid: list[int], i: int, j: int, repl: list[int]) -> tuple[int, int, int, int]:
        """Queue the look-ups of ``_Scorer.delta(i, j, repl)``: (first, count, i, end)."""
        end = min(j + 2, len(sid))
        h2 = sid[i - 2] if i >= 2 else -1
        h1 = sid[i - 1]
        first = len(self.w)
        W, H1, H2 = self.w, self.h1, self.h2
        for w in repl + sid[j:end]:
            W.append(w)
            H1.append(h1)
            H2.append(h2)
            h2, h1 = h1, w
        return first, len(self.w) - first, i, end

    def run(self, L: LM) -> tuple[list[float], np.ndarray]:
        """(values of the single look-ups, values of the word arrays), one call."""
        ns = len(self.w)
        if not ns and not self.ptotal:
            return [], np.zeros(0)
        w = np.array(self.w, dtype=np.int64)
        h1 = np.array(self.h1, dtype=np.int64)
        h2 = np.array(self.h2, dtype=np.int64)
        if self.ptotal:
            n = np.array(self.pn, dtype=np.int64)
            w = np.concatenate([w] + self.parts)
            h1 = np.concatenate([h1, np.repeat(np.array(self.ph1, dtype=np.int64), n)])
            h2 = np.concatenate([h2, np.repeat(np.array(self.ph2, dtype=np.int64), n)])
        v = L.lp_ids(w, h1, h2)
        return v[:ns].tolist(), v[ns:]


class _CandInfo:
    """Per candidate list (a word's or a phrase's): first-word ids and priors
    for the estimates, all word ids and unigram sums for the rescoring, and
    each candidate's rank in string order (the tie-break of the selection)."""

    __slots__ = ("first_ids", "priors", "prior_arr", "word_ids", "lens", "len_arr", "_unis", "names", "crank")

    def __init__(self, cands: tuple[Cand, ...], vget) -> None:
        names = self.names = tuple([c for c, _, _ in cands])
        # (a one-word candidate's only word is the candidate itself)
        wids = self.word_ids = tuple([(vget(c, -1),) if len(cw) == 1 else tuple([vget(x, -1) for x in cw])
                                      for c, _, cw in cands])
        self.priors = tuple([pr for _, pr, _ in cands])
        self.prior_arr = np.array(self.priors, dtype=np.float64)
        lens = self.lens = tuple([len(cw) for _, _, cw in cands])
        # (the candidates of one list are distinct strings)
        crank = [0] * len(names)
        for r, i in enumerate(sorted(range(len(names)), key=names.__getitem__)):
            crank[i] = r
        ints = np.array([[w[0] for w in wids], lens, crank], dtype=np.int64)
        self.first_ids, self.len_arr, self.crank = ints[0], ints[1], ints[2]
        self._unis: np.ndarray | None = None

    def unis(self, L: LM) -> np.ndarray:
        """Each candidate's ``_uni`` (its words' unigram log-probabilities
        added up left to right from 0.0), computed once."""
        u = self._unis
        if u is None:
            tab = L.unigrams()
            vals = []
            for wid in self.word_ids:
                tot = 0.0
                for i in wid:
                    tot += tab[i]
                vals.append(tot)
            u = self._unis = np.array(vals, dtype=np.float64)
        return u


#: a word's (m = 1) or a phrase key's candidates' look-up data (None: it has none)
_WORD_INFO: dict[str, _CandInfo | None] = {}
_PHRASE_INFO: dict[str, _CandInfo | None] = {}
#: entries kept at most in each (then it starts afresh)
INFO_MAX = 200_000


@derived_from_tables
def _forget_real_words() -> None:
    """What was computed from the real spinners' word table (``resources.reload_tables``)."""
    _real_originals.cache_clear()
    real_odds.cache.clear()
    _word_cands.cache.clear()
    _WORD_INFO.clear()


def _new_info(store: dict, key: str, cands: tuple[Cand, ...], vget) -> _CandInfo | None:
    a = _CandInfo(cands, vget) if cands else None
    if len(store) >= INFO_MAX:
        store.clear()
    store[key] = a
    return a


def _window_sums(L: LM, rows, first: np.ndarray | None = None) -> np.ndarray:
    """For each row ``[h2, h1, w1, w2, ...]``: the sum of ``lp(w_t | h)`` over
    its words, added up left to right as ``_Scorer.delta`` does (one array call).
    ``first``: the values of ``lp(w1 | h1, h2)`` where already known."""
    lens = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(lens.sum()))
    starts = np.zeros(len(rows), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    row = np.repeat(np.arange(len(rows)), lens)
    col = np.arange(len(flat)) - starts[row]
    at = np.nonzero(col >= (2 if first is None else 3))[0]
    vals = L.lp_ids(flat[at], flat[at - 1], flat[at - 2])
    width = int(lens.max())
    grid = np.zeros((len(rows), width))
    grid[row[at], col[at]] = vals
    if first is not None:
        grid[:, 2] = first
    tot = np.zeros(len(rows))
    for t in range(2, width):  # left to right; a padded 0.0 changes nothing
        tot = tot + grid[:, t]
    return tot


def _delta(vals: list[float], base: list[float], win: tuple[int, int, int, int]) -> float:
    first, count, i, end = win
    b = sum(base[i:end])
    tot = 0.0
    for v in vals[first:first + count]:
        tot += v
    return tot - b


_FLAGS: np.ndarray | None = None


def _first_word_flags(L: LM) -> np.ndarray:
    """By word id (the last entry stands for -1, unknown): does the word start a
    habit or a multi-word thesaurus key."""
    global _FLAGS
    if _FLAGS is None:
        vocab = L.arrays.vocab
        f = np.zeros(L.arrays.size + 1, dtype=bool)
        for w in _HFW | _multiword_first():
            i = vocab.get(w)
            if i is not None:
                f[i] = True
        _FLAGS = f
    return _FLAGS


def propose(tokens: list[Token], counters: dict[str, int] | None = None,
            only: set[int] | None = None) -> list[Proposal]:
    """Scored proposals (overlapping; the caller picks); with ``only``, just those
    that start at these token indices.

    All LM look-ups of a document are made in a few array calls: the base
    log-probabilities of every word, then the one-look-up estimates of the
    candidates of the surprising words (and the habit windows), the
    extended estimates, and the full-window rescoring of the best candidates.
    The values and the arithmetic are those of the word-at-a-time scorer."""
    global _HFW, _HABIT_PREFIXES, _TABLE_PREFIXES
    L = shared_lm()
    table = subst_table()
    habits = phrases()
    if _HFW is None:
        _HFW = _habit_first_words()
        _HABIT_PREFIXES = key_prefixes(habits)
        _TABLE_PREFIXES = key_prefixes(k for k in table if " " in k or "-" in k)
    hfw, hpre, tpre = _HFW, _HABIT_PREFIXES, _TABLE_PREFIXES
    mwf = _multiword_first()
    vget = L.arrays.vocab.get
    exp = math.exp
    checked = 0
    lp_sum = 0.0
    n_lm = 0

    # --- base log-probabilities of every word of every sentence, one call ---
    sents = sentences(tokens)
    bos, eos = vget("<s>", -1), vget("</s>", -1)
    seqs: list[list[str]] = []
    sids: list[list[int]] = []
    allw: list[int] = []
    for sent in sents:
        lows = [tokens[t].low for t in sent]
        seqs.append(["<s>"] + lows + ["</s>"])
        sid = [bos] + [vget(w, -1) for w in lows] + [eos]
        sids.append(sid)
        allw.extend(sid)
    ids = np.array(allw, dtype=np.int64)
    n_all = len(ids)
    h1a = np.empty(n_all, dtype=np.int64)
    h2a = np.empty(n_all, dtype=np.int64)
    h1a[:1] = -1
    h1a[1:] = ids[:-1]
    h2a[:2] = -1
    h2a[2:] = ids[:-2]
    starts = []
    o = 0
    for sid in sids:
        starts.append(o)
        h1a[o] = -1  # (the <s> slot itself is not scored)
        if o + 1 < n_all:
            h2a[o + 1] = -1
        o += len(sid)
    base_all = L.lp_ids(ids, h1a, h2a) if n_all else np.zeros(0)
    base_list = base_all.tolist()
    surprising = base_all <= SURPRISE_MIN
    # the words worth a look: surprising ones, and those that start a habit
    # or a multi-word key (an unknown word is always surprising)
    flag = surprising | _first_word_flags(L)[ids]
    if only is not None:
        keep = np.zeros(n_all, dtype=bool)
        o = 0
        for sent, sid in zip(sents, sids):
            for k, t in enumerate(sent):
                if t in only:
                    keep[o + 1 + k] = True
            o += len(sid)
        flag &= keep
    flag[np.array(starts, dtype=np.int64)] = False  # <s>
    if n_all:
        flag[np.array(starts[1:] + [n_all], dtype=np.int64) - 1] = False  # </s>
    flagged = np.nonzero(flag)[0].tolist()
    page = {t.low for t in tokens}
    surp_l = surprising.tolist()
    names: dict[int, list[bool]] = {}  # sentence -> tokens.names_in, where asked
    fi = 0
    n_flagged = len(flagged)

    # --- round 1: habit windows and the first cheap estimates ---
    wi_get, pi_get = _WORD_INFO.get, _PHRASE_INFO.get
    b1 = _Batch()
    bases: list[list[float]] = []
    slots: list[list] = []  # in proposal order: ["habit", ...] or ["thes", ...]
    for si, sent in enumerate(sents):
        seq, sid = seqs[si], sids[si]
        o = starts[si]
        base = [0.0] + base_list[o + 1 : o + len(sid)]
        bases.append(base)
        n = len(sent)
        lp_sum += sum(base[1:-1])
        n_lm += n
        end_o = o + n + 1
        while fi < n_flagged and flagged[fi] < end_o:
            k = flagged[fi] - o
            fi += 1
            p = k - 1
            w = seq[k]
            surp = surp_l[o + k]
            in_h = w in hfw
            in_m = w in mwf
            if not (surp or in_h or in_m):
                continue
            ti = sent[p]
            # --- phrase habits (function words, length-changing) ---
            if in_h:
                key = w
                for m in range(1, 6):
                    if p + m > n:
                        break
                    if m > 1:
                        key = join_word(key, tokens[ti + m - 1].gap, seq[k + m - 1])
                        if key is None:
                            break
                    if key not in hpre:
                        break
                    origs = habits.get(key)
                    if not origs:
                        continue
                    wins = []
                    odds = _habit_odds(key)
                    for orig, pr in origs[:TOP_CANDS]:
                        pr += odds
                        repl = orig.split(" ")
                        wins.append((orig, pr, len(repl),
                                     b1.window(sid, k, k + m, [vget(x, -1) for x in repl])))
                    slots.append(["habit", ti, m, si, wins])
            # --- thesaurus substitutions ---
            if all_capitals(tokens[ti]):
                continue  # a heading, a speaker's label ("AMBASSADOR SMITH:"), an acronym
            if NAME_GUARD and tokens[ti].gap != "|" and tokens[ti].text[:1].isupper():
                nm = names.get(si)
                if nm is None:
                    nm = names[si] = names_in(tokens, sent)
                if nm[p]:
                    continue  # a name: spinners leave names alone (tokens.names_in)
            key = w
            for m in (1, 2, 3) if in_m else (1,):
                if p + m > n:
                    break
                if m == 1:
                    if not surp:
                        continue
                    info = wi_get(w, _WORD_INFO)
                    if info is _WORD_INFO:
                        info = _new_info(_WORD_INFO, w, _word_cands(w), vget)
                else:
                    key = join_word(key, tokens[ti + m - 1].gap, seq[k + m - 1])
                    if key is None:
                        break
                    if key not in tpre:
                        break
                    if key not in table:
                        continue
                    info = pi_get(key, _PHRASE_INFO)
                    if info is _PHRASE_INFO:
                        info = _new_info(_PHRASE_INFO, key, _phrase_cands(key), vget)
                if info is None:  # no candidates
                    continue
                h1 = sid[k - 1]
                h2 = sid[k - 2] if k >= 2 else -1
                span_lp = base[k] if m == 1 else sum(base[k : k + m])
                pri, pri_arr = info.priors, info.prior_arr
                if PAGE_BONUS and not page.isdisjoint(info.names):
                    # an original the page uses elsewhere is a likelier one
                    pri = [pr + PAGE_BONUS if c in page else pr for c, pr in zip(info.names, pri)]
                    pri_arr = np.array(pri, dtype=np.float64)
                # all candidates now (the ones past CHEAP_FIRST are used only if
                # one of the first reaches EXTEND_MIN): one array call, not two
                b1.add_words(info.first_ids, h1, h2)
                slots.append(["thes", ti, m, si, k, key, span_lp, pri, pri_arr, info])
    v1, a1 = b1.run(L)

    # --- rounds 2 and 3: the estimates, their top candidates, the rescoring ---
    # Every estimate in one array operation: (value - span_lp) + prior, the
    # same float arithmetic as one candidate at a time. Each site's candidates
    # are then ordered as sorted([(est, c, ...)], reverse=True) orders them
    # (estimate, then candidate string, both descending), all sites in one sort.
    thes = [s for s in slots if s[0] == "thes"]
    rows: list[tuple[int, ...]] = []
    if thes:
        nt = len(thes)
        counts = np.fromiter((len(s[7]) for s in thes), dtype=np.int64, count=nt)
        span_rep = np.repeat(np.fromiter((s[6] for s in thes), dtype=np.float64, count=nt), counts)
        pri_all = np.concatenate([s[8] for s in thes])
        est = (a1 - span_rep) + pri_all
        seg = np.zeros(nt, dtype=np.int64)
        np.cumsum(counts[:-1], out=seg[1:])
        slot_of = np.repeat(np.arange(nt, dtype=np.int64), counts)
        cand = np.arange(len(est), dtype=np.int64)  # index into the per-candidate arrays
        crank = np.concatenate([s[9].crank for s in thes])
        if int(counts.max()) > CHEAP_FIRST:
            # past CHEAP_FIRST only where one of the first reaches EXTEND_MIN
            head = (cand - seg[slot_of]) < CHEAP_FIRST
            ext = np.zeros(nt, dtype=bool)
            np.logical_or.at(ext, slot_of[head], est[head] >= EXTEND_MIN)
            keep = head | ext[slot_of]
            cand, slot_of, crank = cand[keep], slot_of[keep], crank[keep]
        e = est[cand]
        checked += len(e)
        kept = np.bincount(slot_of, minlength=nt)
        kseg = np.zeros(nt, dtype=np.int64)
        np.cumsum(kept[:-1], out=kseg[1:])
        order = np.lexsort((-crank, -e, slot_of))
        top = cand[order[(np.arange(len(order), dtype=np.int64) - kseg[slot_of[order]]) < TOP_CANDS]]
        ntop_a = np.minimum(kept, TOP_CANDS)
        ntop = ntop_a.tolist()
        top_est = est[top].tolist()
        top_ci = (top - np.repeat(seg, ntop_a)).tolist()
        good_a = est[cand[order[kseg]]] >= EST_MIN
        good = good_a.tolist()
        o = 0
        for t, s in enumerate(thes):
            nx = ntop[t]
            cis = top_ci[o:o + nx]
            s.append(top_est[o:o + nx])
            s.append(cis)
            if not good[t]:
                s.append(None)
                o += nx
                continue
            # the windows of _Scorer.delta: two words of history, the
            # candidate's words, then the (at most two) words after the span
            sid, k, m = sids[s[3]], s[4], s[2]
            end = min(k + m + 2, len(sid))
            head = (sid[k - 2] if k >= 2 else -1, sid[k - 1])
            tail = tuple(sid[k + m:end])
            wids = s[9].word_ids
            s.append(len(rows))
            for ci in cis:
                rows.append(head + wids[ci] + tail)
            o += nx
    if rows:
        # the rescoring of every rescored candidate, in array operations with
        # the float arithmetic of one candidate at a time:
        # d = window - base, d_adj = d - UNI_WEIGHT * (uni - uni_w) - LEN_PENALTY * max(0, m - len)
        gs = [s for s, g in zip(thes, good) if g]
        grow = np.repeat(good_a, ntop_a)
        G = top[grow]  # the rescored candidates, site by site
        gn = ntop_a[good_a]
        # (each window's first look-up is the candidate's estimate look-up)
        wsum = _window_sums(L, rows, a1[G])
        b_site, uw_site, m_site = [], [], []
        for s in gs:
            m, k, key = s[2], s[4], s[5]
            base = bases[s[3]]
            b_site.append(sum(base[k:min(k + m + 2, len(base))]))
            uw_site.append(_uni(key.split(" ")) if m > 1 else _uni((key,)))
            m_site.append(m)
        d_all = wsum - np.repeat(np.array(b_site, dtype=np.float64), gn)
        unis = np.concatenate([s[9].unis(L) for s in thes])
        lens = np.concatenate([s[9].len_arr for s in thes])
        uni_gap = unis[G] - np.repeat(np.array(uw_site, dtype=np.float64), gn)
        m_g = np.repeat(np.array(m_site, dtype=np.int64), gn)  # each candidate's span length
        adj = d_all - UNI_WEIGHT * uni_gap - LEN_PENALTY * np.maximum(0, m_g - lens[G])
        if BACKOFF_FIT:
            # a one-word swap whose word before makes a bigram with neither the word
            # nor the candidate: that link is the two unigrams (the same back-off
            # weight for both), how common the candidate is, not how it fits:
            # BACKOFF_FIT of the unigram gap that UNI_WEIGHT left in goes too
            h1_site = np.array([sids[s[3]][s[4] - 1] for s in gs], dtype=np.int64)
            w_site = np.array([sids[s[3]][s[4]] for s in gs], dtype=np.int64)
            one = (m_g == 1) & (lens[G] == 1)
            h1_g, w_g = np.repeat(h1_site, gn), np.repeat(w_site, gn)
            c_g = np.concatenate([s[9].first_ids for s in thes])[G]
            blind = (one & (w_g >= 0) & (c_g >= 0)
                     & ~L.arrays.has_bigram(c_g, h1_g) & ~L.arrays.has_bigram(w_g, h1_g))
            if blind.any():
                adj = adj - np.where(blind, BACKOFF_FIT * (1.0 - UNI_WEIGHT) * uni_gap, 0.0)
        sc_all = (adj + pri_all[G]).tolist()
        d_all = d_all.tolist()
    # (rows were appended site by site, so a site's first row indexes these)

    # --- proposals, in the word-at-a-time order ---
    out: list[Proposal] = []
    append = out.append
    log = math.log
    for s in slots:
        if s[0] == "habit":
            _, ti, m, si, wins = s
            base = bases[si]
            scored = []
            for orig, pr, nrep, win in wins:
                d = _delta(v1, base, win) - LEN_PENALTY * max(0, m - nrep)
                scored.append((orig, d, pr))
            checked += len(scored)
            append(habit_proposal(ti, ti + m, scored, "habit"))
            continue
        ti, m, pri, info, ests, cis, r0 = s[1], s[2], s[7], s[9], s[10], s[11], s[12]
        names = info.names
        odds = real_odds(s[5]) if m == 1 else 0.0
        if r0 is None:
            # hopeless: the one-look-up estimate stands in for the full score
            tot = _logsumexp(ests)
            append(Proposal(ti, ti + m, tot + odds, names[cis[0]], ests[0] - pri[cis[0]], "thesaurus",
                            tuple([(names[ci], exp(x - tot)) for ci, x in zip(cis, ests)])))
            continue
        nx = len(cis)
        sc = sc_all[r0:r0 + nx]
        # _logsumexp in the candidates' order, then in the ranking's (the
        # same terms exp(x - max), added up in the two orders)
        mx = max(sc)
        terms = [exp(x - mx) for x in sc]
        ev = mx + log(sum(terms))
        rank = sorted(range(nx), key=lambda x: -sc[x])
        tot = mx + log(sum([terms[x] for x in rank]))
        append(Proposal(ti, ti + m, ev + odds, names[cis[rank[0]]], d_all[r0 + rank[0]], "thesaurus",
                        tuple([(names[cis[x]], exp(sc[x] - tot)) for x in rank])))
    if counters is not None:
        counters["candidates_checked"] = counters.get("candidates_checked", 0) + checked
        counters["lm_logprob_sum"] = counters.get("lm_logprob_sum", 0.0) + lp_sum
        counters["lm_words"] = counters.get("lm_words", 0) + n_lm
    return without_repeats(out, tokens) if REPEAT_GUARD else out


#: words that join two items of a list ("cattle and bison"): the word beyond one is a
#: neighbour too
_JOINERS = frozenset(("and", "or", "nor"))


def words_beside(tokens: list[Token], i: int, j: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words right before and right after tokens [i, j) in the same LM sentence
    (none across a break; a comma is no break: a list's items), lowercase, each with
    the word beyond it where it is "and", "or" or "nor" (the next item of a list).
    ``terms.neighbours`` reads only the words joined to a token by a space or a
    hyphen, which is what a term of the field is made of."""
    before: tuple[str, ...] = ()
    if i > 0 and tokens[i].gap != "|":
        before = (tokens[i - 1].low,)
        if before[0] in _JOINERS and i > 1 and tokens[i - 1].gap != "|":
            before += (tokens[i - 2].low,)
    after: tuple[str, ...] = ()
    if j < len(tokens) and tokens[j].gap != "|":
        after = (tokens[j].low,)
        if after[0] in _JOINERS and j + 1 < len(tokens) and tokens[j + 1].gap != "|":
            after += (tokens[j + 1].low,)
    return before, after


def repeats(candidate: str, before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Would ``candidate`` (lowercase, words joined by spaces) put in between the words
    ``before`` and ``after`` (:func:`words_beside`) repeat one of them?"""
    words = candidate.split(" ")
    return words[0] in before or words[-1] in after


def _repeats(p: Proposal, tokens: list[Token]) -> list[bool] | None:
    """For each of ``p.ranked``: would putting it in repeat a word beside the span?
    None where none would."""
    before, after = words_beside(tokens, p.i, p.j)
    if not before and not after:
        return None
    flags = [repeats(c, before, after) for c, _ in p.ranked]
    return flags if any(flags) else None


def without_repeats(props: list[Proposal], tokens: list[Token]) -> list[Proposal]:
    """The proposals without the candidate originals that would repeat a word beside
    them (:func:`words_beside`): "bumblebees" in "honey bees, bumblebees, and" is no
    spinner's "bees", "bison" in "cattle, bison, buffalo" or "cattle, bison and buffalo"
    no "buffalo", "features" in "spectral features has" no "has". A writer neither
    lists one thing twice nor doubles a word, so an original that does is not the
    writer's. The evidence keeps the other candidates' part of it (the
    shares of those dropped taken out); a proposal left with none is dropped."""
    out = []
    for p in props:
        flags = _repeats(p, tokens)
        if flags is None:
            out.append(p)
            continue
        if all(flags):
            continue
        q, kept = reweighted(p, [0.0 if f else 1.0 for f in flags])
        out.append(replace(q, evidence=p.evidence + math.log(kept),
                           ranked=tuple(x for x in q.ranked if x[1] > 0.0)))
    return out
