"""Tortured phrases: established terms whose words were each swapped for a synonym.

"artificial intelligence" -> "counterfeit consciousness": swapping one word back
("artificial consciousness", "counterfeit intelligence") gives nothing the
language model knows; only the JOINT swap gives the strong collocation. This
module searches such joint swaps over runs of 2-3 words.

Collocation strength of a phrase ``c1 .. cn`` is how much better the trigram LM
knows it as a unit than as unrelated words (pointwise mutual information, in
nats)::

    coll(c) = sum_{i>=2} [ log P(ci | c(i-2) c(i-1)) - log P(ci) ]

A run is examined only where its own words are surprising to the LM together
(every adjacent link weak), so honest text costs little. Candidates for each
word the LM finds surprising in its context are the words a spinner may have
replaced: the best of the inverted thesaurus (``resources.subst_table``) and the
best of ``data/colloc-cands.tsv.gz`` (symmetric Moby links ranked by GloVe
closeness), inflection carried over. A beam over the words keeps the best
partial phrases, every link of which must be cohesive. A phrase is proposed
where a candidate is a well-known unit and the spun phrase is not; evidence =
gain in collocation strength + context fit + thesaurus prior + how common the
phrase is, all in nats.

Measured on the TUNE half of the tortured-phrase development list, the phrase
signal alone does not separate tortured phrases from their (mostly technical)
expected phrases: the trigram LM knows few technical terms as units. So the
detector runs this search only around words the word-level detector already
flagged (``anchors``), as a restorer of whole phrases, adding no new flags.

Each link is also read from the term links (``spin.termlinks``: what SmolLM2
puts after a word in a paper's abstract, distilled into a table), where they
know it better than the trigram LM: "linear regression", "fuzzy logic", "crop
yield" are units there. And the word-level detector leaves alone a pair that is
a strong term link (``GUARD_TERM``). TUNE half of the tortured-phrase list
(terms and real spinners' words learned from one part, measured on the other,
983 phrases in sentences), flagged / expected phrases flagged / top-1: before
52.6% / 8.95% / 13.0%; a strong phrase replacing the word findings on its whole
run (``detectors.spin._with_phrases``) 13.2; the term links in the links 14.0;
anchors from 2 nats, not 4, 15.0; ``LONGER_COST`` 15.5; ``GUARD_TERM`` 4:
52.3 / 8.24 / 15.4. Anchors from 3 nats, as shipped: 15.2 (4: 14.5); from 2 the
detector spent 30% more CPU time on honest Wikipedia leads, from 3 6%.
``GUARD_TERM`` (with an earlier table): 3 -> 7.3% expected flagged but synthetic
dev spins' recall 0.401 -> 0.394; 4 -> 8.2%, 0.398; 5 -> 8.4%, 0.401.
Tried and left out: reporting a strong phrase (evidence >= 11 nats, two words
or more swapped, all lowercase) where no word finding is: +1.4 points flagged,
+0.1 expected, but findings at least 50% sure on honest dev text went up by
5-55% per genre ("chief part" -> "principal component", "drama films" -> "horror
movies"); counting a term link of 4-5 nats as a listed term (``spin.terms``):
+0.5-1.0 flagged, but findings on honest dev SOTU text 0.51 -> 1.02 per 1000
words.

A run that is itself a term of the field (``spin.terms``, learned from the
originals of real tortured phrases) is left alone, and a finding names the
terms its restored phrase makes.

The reverse guard, :func:`established_links`, tells the word-level detector
which adjacent word pairs the LM knows as a unit, so it leaves them alone.
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as _ir

import numpy as np

from . import termlinks, terms
from .contrast import clashes
from .inflect import carried_over
from .resources import derived_from_tables, real_words, shared_lm, subst_table
from ..findings import Finding
from .tokens import Token, disjoint, match_case, names_in, sentences

#: a link (adjacent word pair) whose PMI (nats) reaches this is a known unit
LINK_KNOWN = 1.5
#: the word-level detector leaves alone a pair of content words this strongly
#: known as a unit (PMI, nats)
GUARD_PMI = 1.5
#: a run is examined only if some link in it is this surprising (log P, nats)
LINK_SURPRISE = -7.0
#: a word is swapped back only if its trigram log-probability (nats) is below this
WORD_SURPRISE = -7.0
#: a candidate phrase must be known this strongly as a unit (coll, nats)
COLL_MIN = 3.0
#: the reported phrase must beat the spun one by this much (evidence, nats)
EVIDENCE_MIN = 5.0
#: candidates per word (best prior first) and partial phrases kept per step
WORD_CANDS = 14
BEAM = 14
#: every link of a candidate phrase must be this cohesive (PMI, nats): into a
#: content word, and into a function word inside the phrase
LINK_MIN = 1.0
FUNC_LINK_MIN = -1.0
#: weight of the thesaurus prior and of context fit in the evidence
PRIOR_WEIGHT = 0.6
CONTEXT_WEIGHT = 0.5
#: weight of how common the phrase is (its log-probability in context)
JOINT_WEIGHT = 0.3
#: nats of a word's prior when it is kept as it is
KEEP_PRIOR = 0.0
#: word-level evidence (nats) from which a flagged word anchors a phrase search
#: (4 before the term links; see above for 2, 3 and 4 and what they cost)
ANCHOR_MIN = 3.0
#: evidence (nats) a phrase needs to replace the shorter word findings under it
#: (chosen on dev data: lower bars cost exact word spans on synthetic spins)
REPLACE_MIN = 11.0
#: a link's value is also read from the term links (``spin.termlinks``: SmolLM2's
#: word pairs of the field, which know the technical terms the trigram LM lacks):
#: this weight times their PMI, where that is more than the trigram LM's
TERM_LINK_WEIGHT = 1.0
#: the word-level detector also leaves alone a pair of content words with a term
#: link this strong (PMI, nats)
GUARD_TERM = 4.0
#: of two overlapping proposals, one over a longer run that holds the other is
#: chosen only if it beats it by this much (nats; :func:`select`): the search
#: often swaps a word next to a tortured phrase along with it, and "study
#: discourse signal" is to become "study speech signal", not "studying speech signals"
LONGER_COST = 4.0
#: run lengths examined
MIN_WORDS, MAX_WORDS = 2, 3
#: content words shorter than this are kept as they are
MIN_LEN = 3
#: confidence = sigmoid(CONF_SCALE * (evidence - CONF_MID))
CONF_SCALE = 0.45
CONF_MID = 6.0

#: function words: kept as they are inside a phrase, never its first or last word
FUNCTION = frozenset("""
a an the of to in on at by for with from into onto upon as and or nor but if than then so
is are was were be been being am do does did has have had it its this that these those
there their they them he she his her we our you your i me my not no can could will would
shall should may might must which who whom whose what when where why how all any each
some such very more most less least also only just about over under between through
""".split())
#: function words that may stand inside a phrase ("signal to noise ratio")
INNER = frozenset("of to in on for and the a an with by from".split())


@dataclass(frozen=True, slots=True)
class PhraseProposal:
    i: int  # first token index
    j: int  # one past the last token index
    best: str  # restored phrase (lowercase)
    evidence: float  # nats the restored phrase is preferred by
    coll_best: float  # collocation strength of the restored phrase (nats)
    coll_spun: float  # collocation strength of the spun phrase (nats)
    confidence: float
    ranked: tuple[tuple[str, float], ...]  # (candidate, share), best first


def _data(name: str):
    return _ir.files("unspin") / "data" / name


@lru_cache(maxsize=1)
def _cand_lines() -> dict[str, str]:
    """word -> its raw line tail from ``colloc-cands.tsv.gz`` (parsed on demand)."""
    out: dict[str, str] = {}
    f = _data("colloc-cands.tsv.gz")
    if not f.is_file():
        return out
    with f.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            key, _, rest = line.rstrip("\n").partition("\t")
            out[key] = rest
    return out


@lru_cache(maxsize=50_000)
def table_cands(word: str) -> tuple[tuple[str, float], ...]:
    """(candidate original, log prior) for ``word`` from ``colloc-cands.tsv.gz``
    (symmetric Moby links ranked by word-vector closeness; see scripts/)."""
    rest = _cand_lines().get(word)
    if not rest:
        return ()
    items = []
    for it in rest.split(" "):
        w, _, v = it.rpartition(":")
        items.append((w, TABLE_PRIOR_SCALE * (int(v) - 10) + TABLE_PRIOR_BASE))
    return tuple(items)


#: log prior of a candidate from cand_table: scale per score point, and at score 10
TABLE_PRIOR_SCALE = 1.0
TABLE_PRIOR_BASE = -2.0


@lru_cache(maxsize=100_000)
def word_cands(w: str) -> tuple[tuple[str, float], ...]:
    """(original, log prior) a spinner may have replaced ``w`` with, best first;
    single words only (inflection carried over)."""
    if len(w) < MIN_LEN or w in FUNCTION:
        return ()
    known = shared_lm().known
    cands: dict[str, float] = {}
    subst = subst_table()
    real = real_words()
    # the best WORD_CANDS // 2 of each: the inverted thesaurus, the GloVe-ranked
    # table, and what real spinners were seen to replace the word with
    for lookup in (lambda lem: subst.get(lem, ()), table_cands, lambda lem: _real_priors(real.get(lem, ()))):
        mine = {f: prior for f, prior in carried_over(w, lookup, WORD_CANDS, known).items()
                if known(f) and not clashes(w, f)}
        for f, prior in sorted(mine.items(), key=lambda kv: -kv[1])[: WORD_CANDS // 2]:
            cands[f] = max(prior, cands.get(f, prior))
    return tuple(sorted(cands.items(), key=lambda kv: -kv[1]))


derived_from_tables(word_cands.cache_clear)


#: log prior of an original real spinners were seen to replace the word with:
#: REAL_BASE + REAL_SCALE * log(1 + times seen)
REAL_BASE = 3.0
REAL_SCALE = 2.0


def _real_priors(entry: tuple[tuple[str, int], ...]) -> list[tuple[str, float]]:
    return [(r, REAL_BASE + REAL_SCALE * math.log1p(n)) for r, n in entry]


def _uni(w: str) -> float:
    return shared_lm().unigram(w)


def _with_term_link(pmi: float, t: float | None) -> float:
    """A link's value: the trigram LM's ``pmi``, or the term link's PMI ``t`` (times
    TERM_LINK_WEIGHT) if that is more."""
    return pmi if t is None else max(pmi, TERM_LINK_WEIGHT * t)


def _link(words: tuple[str, ...] | list[str], k: int) -> float:
    """The value of the link into ``words[k]`` (k >= 1): its PMI (nats) under the trigram
    LM after the words before it, or from the term links where they know it better."""
    w, h1 = words[k], words[k - 1]
    pmi = shared_lm().lp(w, h1, words[k - 2] if k >= 2 else None) - _uni(w)
    return _with_term_link(pmi, termlinks.pmi(h1, w) if TERM_LINK_WEIGHT else None)


def _coll(words: tuple[str, ...] | list[str]) -> float:
    """Collocation strength (PMI, nats) of a phrase: its links (:func:`_link`) added up."""
    tot = 0.0
    for k in range(1, len(words)):
        tot += _link(words, k)
    return tot


def _known_link(words: list[str]) -> bool:
    """Whether some content word of the phrase is well predicted by the words before it."""
    for k in range(1, len(words)):
        w = words[k]
        if _is_content(w) and (_link(words, k) >= LINK_KNOWN or terms.known(words[k - 1], w)):
            return True
    return False


def _context(words, h1, h2, f1, f2) -> float:
    """How well the phrase fits its neighbours (PMI with the words around it)."""
    lp = shared_lm().lp
    tot = 0.0
    if h1 is not None:
        tot += lp(words[0], h1, h2) - _uni(words[0])
    if f1 is not None:
        tot += lp(f1, words[-1], words[-2] if len(words) > 1 else h1) - _uni(f1)
    return tot


def _is_content(w: str) -> bool:
    return len(w) >= MIN_LEN and w not in FUNCTION and w.isalpha()


def _search(words: list[str], changeable: list[bool] | None = None) -> list[tuple[float, float, tuple[str, ...]]]:
    """Beam over joint candidates: (coll, prior, phrase) with at least one word
    changed (only words marked ``changeable``).

    Each step scores every (beam entry, option) pair in one array look-up and keeps
    the BEAM best (links under the step's floor dropped) by a stable sort, so the
    result is that of scoring and sorting the pairs one by one in that order."""
    options = []
    for k, w in enumerate(words):
        opts = [(w, KEEP_PRIOR)]
        if _is_content(w) and (changeable is None or changeable[k]):
            opts += list(word_cands(w))
        options.append(opts)
    L = shared_lm()
    vget = L.arrays.vocab.get
    unis = L.unigram_array()
    beam: list[tuple[float, float, tuple[str, ...]]] = [(0.0, pr, (c,)) for c, pr in options[0]]
    for k in range(1, len(words)):
        opts = options[k]
        no, nb = len(opts), len(beam)
        oid = np.array([vget(c, -1) for c, _ in opts], dtype=np.int64)
        h1 = np.array([vget(ph[-1], -1) for _, _, ph in beam], dtype=np.int64)
        h2 = np.array([vget(ph[-2], -1) if len(ph) >= 2 else -1 for _, _, ph in beam], dtype=np.int64)
        # (a pair's value: lp(c | h1, h2) - uni(c), as _link reads it)
        v = L.lp_ids(np.tile(oid, nb), np.repeat(h1, no), np.repeat(h2, no)) - np.tile(unis[oid], nb)
        if TERM_LINK_WEIGHT:  # (as _link reads it: each beam entry's row of term links once)
            for b_i, (_, _, ph) in enumerate(beam):
                row = termlinks.links(ph[-1])
                if row:
                    for o_i, (c, _) in enumerate(opts):
                        t = row.get(c)
                        if t is not None:
                            x = b_i * no + o_i
                            v[x] = _with_term_link(float(v[x]), t)
        floor = LINK_MIN if no > 1 or _is_content(words[k]) else FUNC_LINK_MIN
        keep = np.nonzero(v >= floor)[0]
        if not len(keep):
            beam = []
            break
        bi, oi = keep // no, keep % no
        coll = np.array([b[0] for b in beam])[bi] + v[keep]
        prior = np.array([b[1] for b in beam])[bi] + np.array([pr for _, pr in opts])[oi]
        top = np.argsort(-(coll + PRIOR_WEIGHT * prior), kind="stable")[:BEAM].tolist()
        coll_l, prior_l, bi_l, oi_l = coll.tolist(), prior.tolist(), bi.tolist(), oi.tolist()
        beam = [(coll_l[t], prior_l[t], beam[bi_l[t]][2] + (opts[oi_l[t]][0],)) for t in top]
    out = []
    for b in beam:
        ph = b[2]
        if ph == tuple(words):
            continue
        # a longer run is a whole spun term: its edge words were swapped too
        if len(words) > 2 and (ph[0] == words[0] or ph[-1] == words[-1]):
            continue
        out.append(b)
    return out


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -50 else 0.0


def propose(tokens: list[Token], anchors: set[int] | None = None) -> list[PhraseProposal]:
    """Joint-synonym restorations of surprising runs of 2-3 words (overlapping;
    the caller picks). With ``anchors`` (token indices), only runs that contain
    one are examined."""
    if not tokens:
        return []
    L = shared_lm()
    lp = L.lp
    out: list[PhraseProposal] = []
    for sent in sentences(tokens):
        if len(sent) < MIN_WORDS or (anchors is not None and not any(t in anchors for t in sent)):
            continue
        seq = [tokens[t].low for t in sent]
        n = len(seq)
        names = names_in(tokens, sent)
        # links: PMI and log P of each word given the previous one (bigram)
        link_lp = [0.0] + [lp(seq[k], seq[k - 1], None) for k in range(1, n)]
        # a word the LM expects in its context was not swapped
        ctx = ["<s>"] + seq
        surprising = [lp(ctx[k + 1], ctx[k], ctx[k - 1] if k >= 1 else None) < WORD_SURPRISE for k in range(n)]
        joined = [False] + [tokens[sent[k]].gap in (" ", "-") for k in range(1, n)]
        for p in range(n - 1):
            if not _is_content(seq[p]):
                continue
            for m in range(MIN_WORDS, MAX_WORDS + 1):
                q = p + m  # one past the end
                if q > n or not joined[q - 1]:
                    break
                last = seq[q - 1]
                if not _is_content(last):
                    if last not in INNER:
                        break
                    continue
                links = range(p + 1, q)
                # only a phrase the LM does not know as a unit (no known link
                # into a content word), and that surprises it
                if not any(link_lp[k] < LINK_SURPRISE for k in links):
                    continue
                if anchors is not None and not any(sent[k] in anchors for k in range(p, q)):
                    continue
                words = seq[p:q]
                if _known_link(words):
                    continue
                found = _search(words, [surprising[k] and not names[k] for k in range(p, q)])
                if not found:
                    continue
                coll_t = _coll(words)
                h1 = seq[p - 1] if p >= 1 else "<s>"
                h2 = seq[p - 2] if p >= 2 else None
                f1 = seq[q] if q < n else "</s>"
                f2 = seq[q + 1] if q + 1 < n else None
                ctx_t = _context(words, h1, h2, f1, f2)
                joint_t = shared_lm().logprob(words, h1, h2)
                scored = []
                for coll, prior, ph in found:
                    if coll < COLL_MIN:
                        continue
                    ev = (coll - coll_t) + CONTEXT_WEIGHT * (_context(ph, h1, h2, f1, f2) - ctx_t) \
                        + PRIOR_WEIGHT * prior + JOINT_WEIGHT * (shared_lm().logprob(ph, h1, h2) - joint_t)
                    scored.append((ev, coll, " ".join(ph)))
                if not scored:
                    continue
                scored.sort(key=lambda x: -x[0])
                ev, coll, best = scored[0]
                if ev < EVIDENCE_MIN:
                    continue
                top = scored[:5]
                z = max(x[0] for x in top)
                tot = sum(math.exp(x[0] - z) for x in top)
                ranked = tuple((x[2], math.exp(x[0] - z) / tot) for x in top)
                conf = _sigmoid(CONF_SCALE * (ev - CONF_MID))
                out.append(PhraseProposal(sent[p], sent[q - 1] + 1, best, ev, coll, coll_t, conf, ranked))
    return out


def link_margin(a: str, b: str) -> float:
    """How far the pair "a b" is past the bar of an established collocation (nats):
    the larger of its trigram-LM PMI less GUARD_PMI and its term link less
    GUARD_TERM; >= 0 for an established one."""
    t = termlinks.pmi(a, b)
    return max(shared_lm().lp(b, a, None) - _uni(b) - GUARD_PMI,
               (0.0 if t is None else t) - GUARD_TERM)


def established_links(tokens: list[Token], around: set[int] | None = None) -> dict[int, float]:
    """Indices k of tokens that form, with token k-1, a pair of content words the
    LM knows as a unit (PMI >= GUARD_PMI) or that is a strong term link (PMI >=
    GUARD_TERM): an established collocation such as "artificial intelligence",
    "data mining" or "gradient descent", each with its :func:`link_margin`. Both
    k-1 and k are in it. With ``around``, only pairs touching those token indices
    are checked."""
    out: dict[int, float] = {}
    if around is None:
        ks = range(1, len(tokens))
    else:
        ks = sorted({k for i in around for k in (i, i + 1) if 1 <= k < len(tokens)})
    for k in ks:
        t = tokens[k]
        if t.gap not in (" ", "-"):
            continue
        a, b = tokens[k - 1].low, t.low
        if not (_is_content(a) and _is_content(b)):
            continue
        m = link_margin(a, b)
        if m >= 0.0:
            out[k] = m
    return out


def select(props: list[PhraseProposal]) -> list[PhraseProposal]:
    """Non-overlapping proposals, strongest evidence first; a proposal whose run holds
    a shorter one that comes within LONGER_COST nats of it counts LONGER_COST less."""
    starting: dict[int, list[PhraseProposal]] = {}
    for q in props:
        starting.setdefault(q.i, []).append(q)

    def key(p: PhraseProposal):
        inner = max((q.evidence for i in range(p.i, p.j) for q in starting.get(i, ())
                     if q is not p and q.j <= p.j), default=None)
        cost = LONGER_COST if inner is not None and inner > p.evidence - LONGER_COST else 0.0
        return (-(p.evidence - cost), p.i)
    return disjoint(props, key=key)


#: (start, end, replacement) of each word a phrase finding swaps back
Swaps = tuple[tuple[int, int, str], ...]


def findings(text: str, tokens: list[Token], anchors: set[int] | None = None) -> list[tuple[Finding, Swaps]]:
    """``spun`` findings over whole tortured phrases, the restored phrase as
    suggestion (only runs containing an ``anchors`` token when given), each
    with the words it swaps back."""
    out = []
    for p in select(propose(tokens, anchors)):
        spun = [tokens[k].low for k in range(p.i, p.j)]
        best = p.best.split(" ")
        changed = [k for k in range(len(spun)) if spun[k] != best[k]]
        i, j, sugg, ranked = p.i, p.j, p.best, p.ranked
        if len(changed) == 1:
            # one word swapped back: report that word, the phrase as evidence
            k = changed[0]
            i, j, sugg = p.i + k, p.i + k + 1, best[k]
            ranked = tuple((c.split(" ")[k], sh) for c, sh in p.ranked
                           if [w for n, w in enumerate(c.split(" ")) if n != k] == spun[:k] + spun[k + 1:])
        s, e = tokens[i].start, tokens[j - 1].end
        span = text[s:e]
        swaps = tuple((tokens[p.i + k].start, tokens[p.i + k].end, match_case(tokens[p.i + k].text, best[k]))
                      for k in changed)
        whole = text[tokens[p.i].start:tokens[p.j - 1].end].lower()
        alts = tuple((match_case(span, c), round(p.confidence * sh, 4)) for c, sh in ranked[1:5])
        listed = [f"{a} {b}" for a, b in zip(best, best[1:]) if terms.known(a, b)]
        ev = (f"'{whole}' is unknown to the language model as a phrase (collocation strength "
              f"{p.coll_spun:+.1f} nats); '{p.best}', made of synonyms of its words, "
              f"is a common term ({p.coll_best:+.1f} nats")
        ev += (f", {' and '.join(repr(t) for t in listed)} a term of the field in the originals of "
               f"published tortured phrases)" if listed else ")")
        out.append((Finding(
            "spun", s, e, span, match_case(span, sugg), round(p.confidence, 4), ev, alternatives=alts,
            detail=(("source", "collocation"), ("evidence_nats", round(p.evidence, 2)),
                    ("run_start", tokens[p.i].start), ("run_end", tokens[p.j - 1].end),
                    ("collocation_nats", round(p.coll_best, 2)), ("spun_collocation_nats", round(p.coll_spun, 2)))
            + ((("seen_in_papers", True),) if listed else ()),
        ), swaps))
    return out
