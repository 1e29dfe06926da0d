"""Tortured phrases restored as known terms reachable by joint synonym swaps.

"huge information" is not a term anyone uses; "big data", made of synonyms of
its words, is. ``data/terms.tsv.gz`` (built by ``scripts/build_terms.py``)
lists known 2-3-word terms (WordNet multiword lemmas, bigrams the trigram LM
knows as a unit, frequent bigrams of symspellpy's dictionary) and a reverse
synonym index (Moby made symmetric plus close word-vector neighbours, each
link with its closeness in meaning, restricted to words that occur in some
term). For a run of 2-3 content words that is not itself a known term and
whose words the LM does not expect together, the terms reachable by swapping
words for synonyms (inflection carried over) are found by walking the term
prefixes: each text word's synonym set is intersected with the words that may
follow the prefix so far, so a run costs a few set look-ups.

Each reachable term is scored (:func:`score`): who attests it, how much
better the LM knows it as a unit than the run, how close in meaning each
swapped word is, a cost per swapped word, and (from the detector) whether
the word-level detector's own choices for the swapped words agree.

Measured on the TUNE half of the tortured-phrase list, this evidence does NOT
separate tortured phrases from honest text on its own (at 0.6 new findings
per 1,000 honest Wikipedia words, 2% more tortured phrases flagged; adding
sub-threshold word-level evidence gains about 1%). So, like the phrase
search, it flags nothing new: the detector runs it around the words the
word-level detector reported, to choose the restoration of the whole run
(``detectors.spin._phrases``).
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as _ir

from ..findings import Finding
from .inflect import inflect, lemmas
from .resources import shared_lm
from .tokens import Token, disjoint, match_case, sentences

#: (start, end, replacement) of each word a finding swaps back
Swaps = tuple[tuple[int, int, str], ...]

#: function words never start or end a run
from .collocation import FUNCTION

#: run lengths examined
MIN_WORDS, MAX_WORDS = 2, 3
#: content words shorter than this are kept as they are
MIN_LEN = 3
#: a run whose every link is this well predicted (log P, nats) is not examined
LINK_SURPRISE = -7.0
#: with anchors, a word is swapped only if anchored or this surprising in context (log P, nats)
WORD_SURPRISE = -9.0
#: ... and then only for a synonym this close in meaning (cosine)
UNANCHORED_COS = 0.4
#: a run this strongly known by the LM as a unit (PMI, nats) is not examined
RUN_PMI_MAX = 1.5
#: a synonym is used if this close in meaning to the text word (cosine)
MIN_COS = 0.25
#: evidence weights: per source attesting the term, per nat of collocation
#: gain (PMI of the term minus that of the run), per unit of closeness in
#: meaning of each swapped word above COS_MID (chosen on the TUNE half)
W_SOURCE = {"w": 1.0, "l": 0.5, "s": 1.0}
W_PMI = 0.25
W_CTX = 0.0
W_COS = 2.0
COS_MID = 0.6
#: cost of each word swapped
PER_CHANGE = 3.0
#: with the word-level detector's choices for a swapped word: bonus where the
#: term's word is among them, cost where it is not
AGREE = 2.0
DISAGREE = 2.0
#: word-level evidence (nats) from which a word finding is a place to look for a term
#: (every reported one; 2.5 or 3.0 save time but cost 5-8 of 65 top-1 hits on 1,000 TUNE pairs)
ANCHOR_MIN = 2.0
#: evidence a term needs to replace the shorter word findings under it
REPLACE_MIN = -2.0
#: evidence a term needs to be proposed
PROPOSE_MIN = -4.0
#: confidence = sigmoid(CONF_SCALE * (evidence - CONF_MID))
CONF_SCALE = 0.6
CONF_MID = 0.0


@dataclass(frozen=True, slots=True)
class TermProposal:
    i: int  # first token index
    j: int  # one past the last token index
    best: str  # the known term (lowercase, inflected as the text)
    evidence: float
    flags: str  # sources attesting the term
    pmi_best: float
    pmi_run: float
    ranked: tuple[tuple[str, float], ...]  # (candidate, share), best first


def _data(name: str):
    return _ir.files("unspin") / "data" / name


@dataclass(frozen=True, slots=True)
class Tables:
    flags: dict[str, str]  # term -> source flags
    heads: dict[str, tuple[str, ...]]  # term -> single words of its WordNet synsets
    nexts: dict[str, frozenset[str]]  # term prefix ("a" or "a b") -> words that may follow
    syns: dict[str, dict[str, float]]  # word -> {synonym occurring in some term: closeness}


@lru_cache(maxsize=1)
def tables() -> Tables:
    flags: dict[str, str] = {}
    heads: dict[str, tuple[str, ...]] = {}
    nexts: dict[str, set[str]] = {}
    syns: dict[str, dict[str, float]] = {}
    f = _data("terms.tsv.gz")
    if f.is_file():
        with f.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if parts[0] == "T":
                    term = parts[1]
                    flags[term] = parts[2]
                    if parts[3]:
                        heads[term] = tuple(parts[3].split(" "))
                    ws = term.split(" ")
                    for k in range(1, len(ws)):
                        nexts.setdefault(" ".join(ws[:k]), set()).add(ws[k])
                elif parts[0] == "S":
                    d = {}
                    for it in parts[2].split(" "):
                        y, _, c = it.rpartition(":")
                        d[y] = int(c) / 10
                    syns[parts[1]] = d
    return Tables(flags, heads, {k: frozenset(v) for k, v in nexts.items()}, syns)


def _is_content(w: str) -> bool:
    return len(w) >= MIN_LEN and w.isalpha() and w not in FUNCTION


def _same_word(a: str, b: str) -> bool:
    """Whether one is an inflected form of the other ("rate", "rates")."""
    return any(lem == b for lem, _ in lemmas(a)) or any(lem == a for lem, _ in lemmas(b))


@lru_cache(maxsize=100_000)
def alternatives(w: str) -> dict[str, float]:
    """Words ``w`` may have replaced (term words, inflected like ``w``; ``w``
    excluded), each with its closeness in meaning to ``w`` (cosine)."""
    if not _is_content(w):
        return {}
    T = tables()
    known = shared_lm().known
    out: dict[str, float] = {}
    for lem, cls in lemmas(w):
        for y, c in T.syns.get(lem, {}).items():
            if c < MIN_COS:
                continue
            f = inflect(y, cls, known) if cls else y
            if f and f != w and out.get(f, -1.0) < c and not _same_word(f, w):
                out[f] = c
    return out


def _term_flags(words: tuple[str, ...]) -> str | None:
    """Flags of the phrase as a known term (its last word also tried uninflected)."""
    T = tables()
    key = " ".join(words)
    fl = T.flags.get(key)
    if fl is not None:
        return fl
    for lem, cls in lemmas(words[-1])[1:]:
        if cls == "s":
            fl = T.flags.get(" ".join(words[:-1] + (lem,)))
            if fl is not None:
                return fl
    return None


def reachable(words: tuple[str, ...], min_cos: tuple[float, ...] | None = None) -> list[tuple[tuple[str, ...], str]]:
    """Known terms (and their flags) made of ``words`` with at least one word
    swapped for a synonym (for word k, only one this close in meaning,
    ``min_cos[k]``, if given), sorted."""
    T = tables()
    opts = []
    for k, w in enumerate(words):
        o = {y for y, c in alternatives(w).items() if min_cos is None or c >= min_cos[k]}
        o.add(w)
        opts.append(o)
    # the term may list the last word uninflected ("neural network" for "networks")
    plain: dict[str, str] = {}
    for c in opts[-1]:
        for lem, cls in lemmas(c)[1:]:
            if cls == "s":
                plain.setdefault(lem, c)
    plain_keys = set(plain)
    partial = [((c,), c) for c in opts[0] if c in T.nexts]
    for k in range(1, len(words)):
        last = k == len(words) - 1
        new = []
        for ph, key in partial:
            follow = T.nexts.get(key)
            if not follow:
                continue
            hits = follow & opts[k]  # (iterates the smaller set)
            for c in hits:
                new.append((ph + (c,), key + " " + c))
            if last and plain_keys:
                for lem in follow & plain_keys:
                    c = plain[lem]
                    if c not in hits:
                        new.append((ph + (c,), key + " " + c))
        partial = new
        if not partial:
            return []
    out = []
    for ph, _ in partial:
        if ph == words:
            continue
        fl = _term_flags(ph)
        if fl is not None:
            out.append((ph, fl))
    out.sort()
    return out


@lru_cache(maxsize=200_000)
def _uni(w: str) -> float:
    return shared_lm().lp(w, None, None)


def _pmi(words) -> float:
    lp = shared_lm().lp
    return sum(lp(words[k], words[k - 1], words[k - 2] if k >= 2 else None) - _uni(words[k])
               for k in range(1, len(words)))


def _ctx(words, h1, h2, f1) -> float:
    lp = shared_lm().lp
    tot = lp(words[0], h1, h2) - _uni(words[0]) if h1 is not None else 0.0
    if f1 is not None:
        tot += lp(f1, words[-1], words[-2] if len(words) > 1 else h1) - _uni(f1)
    return tot


def score(words, cand, flags, h1, h2, f1) -> float:
    """Evidence that ``cand`` (a known term) is what the run ``words`` was spun from."""
    alts = [alternatives(w) for w in words]
    close = sum(alts[k].get(c, 0.0) - COS_MID for k, c in enumerate(cand) if c != words[k])
    n = sum(c != w for c, w in zip(cand, words))
    ev = sum(W_SOURCE.get(c, 0.0) for c in flags) + W_PMI * (_pmi(cand) - _pmi(words)) + W_COS * close \
        - PER_CHANGE * n
    if W_CTX:
        ev += W_CTX * (_ctx(cand, h1, h2, f1) - _ctx(words, h1, h2, f1))
    return ev


def _agreement(cand, words, idx, choices) -> float:
    """Bonus/cost of a term by whether the word-level detector agrees with its swaps."""
    if not choices:
        return 0.0
    tot = 0.0
    for c, w, t in zip(cand, words, idx):
        mine = choices.get(t)
        if mine is not None and c != w:
            tot += AGREE if c in mine else -DISAGREE
    return tot


def propose(tokens: list[Token], anchors: set[int] | None = None,
            choices: dict[int, tuple[str, ...]] | None = None) -> list[TermProposal]:
    """Runs of 2-3 content words one joint synonym swap away from a known term
    (overlapping; the caller picks). With ``anchors`` (token indices), only
    runs that contain one are examined. ``choices`` (token index -> the words
    the word-level detector proposes there) weigh each term for or against."""
    if not tokens:
        return []
    lp = shared_lm().lp
    out = []
    for sent in sentences(tokens):
        if len(sent) < MIN_WORDS:
            continue
        seq = [tokens[t].low for t in sent]
        n = len(seq)
        # a word the LM expects in its context was not swapped
        ctx = ["<s>"] + seq
        surprising = [lp(ctx[k + 1], ctx[k], ctx[k - 1] if k >= 1 else None) < WORD_SURPRISE for k in range(n)]
        for p in range(n - 1):
            if not _is_content(seq[p]):
                continue
            for m in range(MIN_WORDS, MAX_WORDS + 1):
                q = p + m
                if q > n or tokens[sent[q - 1]].gap not in (" ", "-"):
                    break
                if not _is_content(seq[q - 1]):
                    break
                words = tuple(seq[p:q])
                if not all(_is_content(w) for w in words):
                    break
                if anchors is not None and not any(sent[k] in anchors for k in range(p, q)):
                    continue
                if _term_flags(words) is not None:
                    continue
                if not any(lp(words[k], words[k - 1], None) < LINK_SURPRISE for k in range(1, m)):
                    continue
                pm_run = _pmi(words)
                if pm_run >= RUN_PMI_MAX:
                    continue
                found = reachable(words, None if anchors is None else tuple(
                    MIN_COS if sent[k] in anchors else UNANCHORED_COS if surprising[k] else 2.0
                    for k in range(p, q)))
                if not found:
                    continue
                h1 = seq[p - 1] if p >= 1 else "<s>"
                h2 = seq[p - 2] if p >= 2 else None
                f1 = seq[q] if q < n else "</s>"
                scored = sorted(((score(words, c, fl, h1, h2, f1) + _agreement(c, words, sent[p:q], choices),
                                  " ".join(c), fl) for c, fl in found), key=lambda x: -x[0])
                ev, best, fl = scored[0]
                if ev < PROPOSE_MIN:
                    continue
                top = scored[:5]
                tot = sum(math.exp(x[0] - ev) for x in top)
                ranked = tuple((x[1], math.exp(x[0] - ev) / tot) for x in top)
                out.append(TermProposal(sent[p], sent[q - 1] + 1, best, ev, fl, _pmi(best.split(" ")), pm_run,
                                        ranked))
    return out


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -50 else 0.0


_SOURCE_NAMES = {"w": "WordNet", "l": "the language model", "s": "a bigram dictionary"}


def findings(text: str, tokens: list[Token], anchors: set[int] | None = None,
             choices: dict[int, tuple[str, ...]] | None = None) -> list[tuple[Finding, Swaps]]:
    """``spun`` findings over runs whose restoration is a known term (the term
    as suggestion), each with the words it swaps back; the shape of
    ``collocation.findings`` so the detector merges both alike."""
    out = []
    for p in disjoint(propose(tokens, anchors, choices), key=lambda p: (-p.evidence, p.i)):
        run = [tokens[k].low for k in range(p.i, p.j)]
        best = p.best.split(" ")
        changed = [k for k in range(len(run)) if run[k] != best[k]]
        s, e = tokens[p.i].start, tokens[p.j - 1].end
        span = text[s:e]
        swaps = tuple((tokens[p.i + k].start, tokens[p.i + k].end, match_case(tokens[p.i + k].text, best[k]))
                      for k in changed)
        conf = _sigmoid(CONF_SCALE * (p.evidence - CONF_MID))
        alts = tuple((match_case(span, c), round(conf * sh, 4)) for c, sh in p.ranked[1:5])
        known_by = ", ".join(_SOURCE_NAMES[c] for c in p.flags if c in _SOURCE_NAMES)
        ev = (f"'{' '.join(run)}' is not a known term; '{p.best}', made of synonyms of its words, "
              f"is (known to {known_by})")
        out.append((Finding(
            "spun", s, e, span, match_case(span, p.best), round(conf, 4), ev, alternatives=alts,
            detail=(("source", "terms"), ("evidence_nats", round(p.evidence, 2)),
                    ("collocation_nats", round(p.pmi_best, 2)), ("spun_collocation_nats", round(p.pmi_run, 2))),
        ), swaps))
    return out
