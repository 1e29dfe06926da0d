"""Precise tier: SmolLM2-135M rescoring and slot proposals in spun sentences.

One job: given the fast tier's scored proposals for a text, decide with a small
causal LM which words a spinner put in and what was there before.

1. Slots. Every span the fast tier scored (reported or not) plus every word
   with thesaurus candidates that SmolLM2 finds surprising in its sentence.
2. Base pass. Each sentence holding a slot is scored once; that gives every
   word's log-probability and, at every slot, the LM's distribution over the
   next token given the left context.
3. Proposals. The candidates of a slot are the fast tier's (thesaurus,
   inflection, the spinner's habits) and every word close in meaning to the
   spun word (the whole inverted thesaurus entry of its lemmas, re-inflected);
   they are ranked by what the LM expects in the slot (first sub-token
   log-probability, left context) plus the thesaurus prior, and the best few
   go on.
4. Rescoring. The sentence is scored again with each candidate in the slot;
   the full-sentence log-probability difference against keeping the word
   reads both sides of the slot (the words after it are scored too).
5. Decision. A slot is reported when its best candidate beats "keep as is"
   by a margin (nats, chosen on dev-split documents); confidence is a
   logistic of that gain.

Needs the ``precise`` extra (:mod:`unspin.spin.smollm2`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..findings import Finding
from .inflect import inflect, lemmas
from .resources import shared_lm, subst_table
from .tokens import Token, sentences

#: a word is a slot of its own if SmolLM2 gives it at most this log-prob (nats, left context)
SURPRISE_MAX = -6.0
#: candidates per slot rescored on the full sentence (beside "keep")
TOP_CANDS = 5
#: fast-tier candidates always rescored (their best few)
FAST_KEEP = 2
#: thesaurus entries considered per lemma when proposing
WIDE_CANDS = 200
#: nats a candidate must gain over "keep as is" to be reported
MARGIN = 3.0
#: weight of the thesaurus log prior in the decision
PRIOR_W = 0.3
#: logistic scale (nats) of the confidence around the margin
CONF_SCALE = 2.0
#: sequences per forward pass
BATCH = 32
#: words shorter than this are not slots on their own
MIN_LEN = 3
#: at most this many slots per sentence (the most surprising first)
MAX_SLOTS = 12


@dataclass
class Slot:
    sent: int  # index of the sentence
    i: int  # first token index
    j: int  # one past the last token index
    start: int  # char offsets in the text
    end: int
    fast: tuple[tuple[str, float], ...] = ()  # fast-tier ranked candidates
    fast_evidence: float | None = None
    source: str = "smollm2"


class Engine:
    """SmolLM2 sentence scoring: batched log-probs and next-token distributions."""

    def __init__(self) -> None:
        from .smollm2 import load

        self.tok, self.model = load()
        import torch

        self.torch = torch
        t = self.tok
        # the text is read as a user turn of the instruct model (measured: the likeliest
        # start for plain prose among <|endoftext|>, <|im_start|> and this)
        self.prefix = [t.convert_tokens_to_ids("<|im_start|>")] + t("user\n", add_special_tokens=False)["input_ids"]
        self.bos = self.prefix[0]
        self.pad = t.eos_token_id if t.eos_token_id is not None else 0
        self._first: dict[str, int] = {}

    def encode(self, s: str) -> list[int]:
        return self.prefix + self.tok(s, add_special_tokens=False)["input_ids"]

    def encode_offsets(self, s: str) -> tuple[list[int], list[tuple[int, int]]]:
        enc = self.tok(s, add_special_tokens=False, return_offsets_mapping=True)
        P = len(self.prefix)
        return self.prefix + enc["input_ids"], [(-1, -1)] * P + [tuple(x) for x in enc["offset_mapping"]]

    def first_token(self, word: str) -> int:
        """Id of the first sub-token of " word" (a word after a space)."""
        v = self._first.get(word)
        if v is None:
            v = self._first[word] = self.tok(" " + word, add_special_tokens=False)["input_ids"][0]
        return v

    def score(self, seqs: list[list[int]], dist_at: list[list[int]] | None = None):
        """Per sequence: (total log-prob of the tokens after the prefix, per-token log-probs, {pos: log-dist
        predicting token pos}). ``dist_at[k]`` lists positions whose distribution is wanted."""
        torch = self.torch
        order = sorted(range(len(seqs)), key=lambda k: len(seqs[k]))
        out: list[Any] = [None] * len(seqs)
        with torch.inference_mode():
            for b in range(0, len(order), BATCH):
                idx = order[b:b + BATCH]
                n = max(len(seqs[k]) for k in idx)
                ids = torch.full((len(idx), n), self.pad, dtype=torch.long)
                mask = torch.zeros((len(idx), n), dtype=torch.long)
                for r, k in enumerate(idx):
                    s = seqs[k]
                    ids[r, :len(s)] = torch.tensor(s)
                    mask[r, :len(s)] = 1
                logits = self.model(input_ids=ids, attention_mask=mask).logits
                logp = torch.log_softmax(logits.float(), dim=-1)
                tok_lp = logp[:, :-1].gather(2, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
                for r, k in enumerate(idx):
                    L = len(seqs[k])
                    lps = tok_lp[r, :L - 1].tolist()
                    dists = {}
                    if dist_at is not None:
                        for pos in dist_at[k]:
                            if 1 <= pos < L + 1:
                                dists[pos] = logp[r, pos - 1].numpy().copy()
                    out[k] = (float(sum(lps[len(self.prefix) - 1:])), lps, dists)
        return out


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine()


def available() -> None:
    """UnspinError (one line, naming the install command) unless the tier can run."""
    engine()


@lru_cache(maxsize=100_000)
def close_words(w: str) -> tuple[tuple[str, float], ...]:
    """Words a spinner may have replaced with ``w`` (its inverted thesaurus entry, all of
    it, re-inflected), with log priors, best first."""
    table = subst_table()
    known = shared_lm().known
    cands: dict[str, float] = {}
    for lem, cls in lemmas(w):
        for r, prior in table.get(lem, ())[:WIDE_CANDS]:
            if " " in r:
                continue
            f = inflect(r, cls, known)
            if f and f != w and (f not in cands or cands[f] < prior):
                cands[f] = prior
    return tuple(sorted(cands.items(), key=lambda kv: -kv[1]))


def _match_case(src: str, sugg: str) -> str:
    if src.isupper() and len(src) > 1:
        return sugg.upper()
    if src[:1].isupper():
        return sugg[:1].upper() + sugg[1:]
    return sugg


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, x))))


def refine(text: str, tokens: list[Token], props: list[Any], counters: dict | None = None) -> list[Finding]:
    """Spun findings decided by SmolLM2 (replacing the fast tier's LM findings)."""
    if not tokens:
        return []
    eng = engine()
    sents = sentences(tokens)
    sent_of = {}
    for si, s in enumerate(sents):
        for t in s:
            sent_of[t] = si
    # sentence text spans
    sspan = [(tokens[s[0]].start, tokens[s[-1]].end) for s in sents]

    # ---- slots from the fast tier
    slots: dict[tuple[int, int], Slot] = {}
    for p in props:
        si = sent_of[p.i]
        if sent_of[p.j - 1] != si:
            continue
        key = (p.i, p.j)
        prev = slots.get(key)
        if prev is None or (prev.fast_evidence or -99) < p.evidence:
            slots[key] = Slot(si, p.i, p.j, tokens[p.i].start, tokens[p.j - 1].end,
                              tuple(p.ranked), p.evidence, p.source)
    # ---- every content word with thesaurus neighbours is a potential slot
    cand_words = {}
    for si, s in enumerate(sents):
        for t in s:
            w = tokens[t].low
            if len(w) >= MIN_LEN and close_words(w):
                cand_words[t] = si
    need = sorted({si for si in cand_words.values()} | {sl.sent for sl in slots.values()})
    if not need:
        return []

    # ---- base pass
    base_ids, base_off, want = {}, {}, {}
    for si in need:
        a, b = sspan[si]
        ids, offs = eng.encode_offsets(text[a:b])
        base_ids[si], base_off[si] = ids, offs

    def tok_at(si: int, char: int) -> int:
        """Index of the token that starts the word at absolute char offset ``char``."""
        rel = char - sspan[si][0]
        offs = base_off[si]
        for k in range(len(eng.prefix), len(offs)):
            if offs[k][1] > rel:
                return k
        return len(offs) - 1

    def word_lp(si: int, lps: list[float], a: int, b: int) -> float:
        k0, k1 = tok_at(si, a), tok_at(si, b - 1)
        return sum(lps[k - 1] for k in range(k0, k1 + 1))

    first = {si: [] for si in need}
    for t, si in cand_words.items():
        first[si].append(tok_at(si, tokens[t].start))
    for sl in slots.values():
        first[sl.sent].append(tok_at(sl.sent, sl.start))
    res = eng.score([base_ids[si] for si in need], [sorted(set(first[si])) for si in need])
    base = dict(zip(need, res))

    # surprising words become slots of their own
    per_sent: dict[int, list[tuple[float, int]]] = {}
    for t, si in cand_words.items():
        lp = word_lp(si, base[si][1], tokens[t].start, tokens[t].end)
        if lp <= SURPRISE_MAX or (t, t + 1) in slots:
            per_sent.setdefault(si, []).append((lp, t))
    for si, lst in per_sent.items():
        for lp, t in sorted(lst)[:MAX_SLOTS]:
            if (t, t + 1) not in slots:
                slots[(t, t + 1)] = Slot(si, t, t + 1, tokens[t].start, tokens[t].end)

    # ---- candidates per slot
    variants: list[list[int]] = []
    owners: list[tuple[Slot, str]] = []
    for sl in slots.values():
        si = sl.sent
        span = text[sl.start:sl.end]
        a, b = sspan[si]
        dist = base[si][2].get(tok_at(si, sl.start))
        cands: dict[str, float] = {}
        for c, share in sl.fast[:FAST_KEEP]:
            cands[c] = 50.0 + math.log(max(share, 1e-6))  # always rescored
        if sl.j - sl.i == 1:
            pool = close_words(tokens[sl.i].low)
            if dist is not None and pool:
                ests = sorted(((float(dist[eng.first_token(c)]) + pr, c) for c, pr in pool), reverse=True)
                for e, c in ests[:TOP_CANDS]:
                    cands.setdefault(c, e)
        for c, share in sl.fast[FAST_KEEP:]:
            cands.setdefault(c, -50.0)
        best = sorted(cands.items(), key=lambda kv: -kv[1])[:TOP_CANDS + 1]
        for c, _ in best:
            c2 = _match_case(span, c)
            s2 = text[a:sl.start] + c2 + text[sl.end:b]
            variants.append(eng.encode(s2))
            owners.append((sl, c))
    scored = eng.score(variants)
    if counters is not None:
        counters["precise_sentences"] = counters.get("precise_sentences", 0) + len(need)
        counters["precise_variants"] = counters.get("precise_variants", 0) + len(variants)
        counters["precise_tokens"] = counters.get("precise_tokens", 0) + sum(map(len, variants)) + sum(
            len(base_ids[si]) for si in need)

    by_slot: dict[int, list[tuple[str, float]]] = {}
    for (sl, c), (tot, _, _) in zip(owners, scored):
        by_slot.setdefault(id(sl), []).append((c, tot - base[sl.sent][0]))
    priors = {}
    decided = []
    for sl in slots.values():
        res_ = by_slot.get(id(sl))
        if not res_:
            continue
        pr = dict(close_words(tokens[sl.i].low)) if sl.j - sl.i == 1 else {}
        priors[id(sl)] = pr
        ranked = sorted(((c, d, d + PRIOR_W * pr.get(c, -3.0)) for c, d in res_), key=lambda x: -x[2])
        c, d, s = ranked[0]
        decided.append((s, sl, ranked))

    # non-overlapping, best first
    taken: set[int] = set()
    out: list[Finding] = []
    for s, sl, ranked in sorted(decided, key=lambda x: -x[0]):
        if s < MARGIN:
            continue
        if any(k in taken for k in range(sl.i, sl.j)):
            continue
        taken.update(range(sl.i, sl.j))
        span = text[sl.start:sl.end]
        c, d, _ = ranked[0]
        conf = _sigmoid((s - MARGIN) / CONF_SCALE + 0.5) if s >= MARGIN else 0.0
        # alternatives: P(spun and it is this one) ~ conf * softmax share
        zs = [x[2] for x in ranked]
        m = max(zs)
        tot = sum(math.exp(z - m) for z in zs)
        alts = tuple((_match_case(span, x[0]), round(conf * math.exp(x[2] - m) / tot, 4))
                     for x in ranked[1:5] if x[2] > -1.0)
        out.append(Finding(
            "spun", sl.start, sl.end, span, _match_case(span, c), round(min(max(conf, 0.0), 1.0), 4),
            f'SmolLM2 prefers "{c}" over "{span}" by {d:.1f} nats in this sentence',
            alternatives=alts,
            detail=(("source", "smollm2" if sl.fast_evidence is None else sl.source), ("gain_nats", round(d, 2)),
                    ("fast_evidence_nats", None if sl.fast_evidence is None else round(sl.fast_evidence, 2))),
        ))
    out.sort(key=lambda f: (f.start, f.end))
    return out
