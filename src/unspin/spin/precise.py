"""Precise tier: SmolLM2-135M rescoring and slot proposals in spun sentences.

One job: given the fast tier's scored proposals for a text, decide with a small
causal LM which words a spinner put in and what was there before.

1. Slots. Every span the fast tier scored (reported or not) plus every word
   with thesaurus candidates that SmolLM2 finds surprising in its sentence.
2. Base pass. Each sentence holding a slot is scored once (the text's sentence, numbers
   and brackets included: ``_sentences``); that gives every
   word's log-probability and, at every slot, the LM's distribution over the
   next token given the left context.
3. Proposals. The candidates of a slot are the fast tier's (thesaurus,
   inflection, the spinner's habits) and every word close in meaning to the
   spun word (the whole inverted thesaurus entry of its lemmas, the words whose
   entry lists it, what real spinners were seen to replace it with, and the best
   of the collocation table: Moby links both ways and GloVe neighbours,
   re-inflected). The inverted thesaurus entry is read whole: up to 100 originals,
   where the default tier reads the first 30 (``resources.subst_table_wide``). Dev
   split (scripts/tune_precise.py --docs 10, pass 2, margin 5, prior 0.3): the original
   of a one-word content edit in its pool 59.6% -> 87.3%, restored 33.4% -> 34.5%,
   kept 97.85% -> 97.87%.
   They are ranked by what the LM expects in the slot (first sub-token
   log-probability, left context) plus the thesaurus prior, and the best few
   go on.
3b. Terms. Runs of 2-3 content words holding a surprising word or a fast-tier
   slot ("counterfeit consciousness") get joint candidates: a left-to-right beam
   over the whole pool of each word, every step's candidates pre-selected by
   their first sub-token and the best TERM_WIDE scored exactly in one batched
   pass over the sentence's cached keys/values (which also gives the
   distribution for the next word), plus TERM_PRIOR_W times the thesaurus
   prior; the best TERM_TOP joints with two or more words changed are rescored
   like any slot and need TERM_MARGIN (chosen on the TUNE half of the tortured
   list) to be reported.
3c. Capitals. A lowercase word inside a sentence whose capitalised form's first
   sub-token SmolLM2 finds CASE_GATE nats likelier there (from the base pass, no
   extra cost) gets the capitalised form as a candidate, so a name the spinner
   lowercased and no list holds is put back ("the port of odessa"). Dev split
   (scripts/tune_precise.py --docs 4, pass 2, margin 5): 34.5% -> 35.7% restored,
   98.16% -> 98.11% kept.
3d. No LM proposals (tried and measured; issue #4). Candidates beyond every pool
   were tried as SmolLM2's likeliest whole words at the slot (left context; no
   function words; the 20 / 50 / 200 likeliest) that are close in meaning to the
   spun word: two thesaurus steps (the two pools share a word, or the proposal's
   pool lists the spun word) and/or GloVe topic-vector cosine >= 0.4; the 1-2
   likeliest per slot rescored beside the pool's (so the right context is read),
   at log prior -2 / -4 / -6 (and -8..-15 on the tortured list), with or without
   letting them open a slot the pool would not. Pass 1 on the dev split (21
   documents, 276 changed words; scripts/tune_precise.py --docs 4 as of commit
   ffea5a5 with --lm-propose 200 --lm-kinds step2,glove --lm-top 2 --lm-gate 1,
   smaller settings read off the same scores): off, margin 5 -> 32.2% restored /
   98.45% unchanged kept; the best setting keeping >= 98% (50 likeliest, two
   steps, 2 per slot, prior -6, margin 6) -> 32.2% / 98.51%; at margin 5 the
   settings restore 28.6-32.9% and keep only 95.8-97.9%. Of the best setting's
   findings from a proposal 11 were the original, 29 replaced a spun word with
   the wrong word and 12 changed an unchanged one: what the LM expects from the
   left context is often close in meaning to a word by these tests without
   being what the writer meant. TUNE
   half of the tortured list (--tortured 30, pass 1, margin 5): off 63.3% flagged /
   13.3% expected flagged / top-1 10.0%; on, priors -2..-6: 73-83% / 20-43% /
   3.3-6.7%; priors -8..-15: 63-83% / 13-27% / 6.7%.
   Cost: up to 2 more rescored variants per slot. So the tier keeps to its pools.
4. Rescoring. The sentence is scored again with each candidate in the slot;
   the full-sentence log-probability difference against keeping the word
   reads both sides of the slot (the words after it are scored too). All
   variants of all slots of a sentence go through one padded batch that
   reuses the sentence's cached keys/values (each row masked to its own
   prefix), "keep" is read from the base pass, and only candidates whose gain
   over the first token after the slot comes near the margin are read over the
   full right context.
5. Second pass. Pass 1's decisions are applied and the other slots of the
   sentences they touch are rescored with the restored words in place.
6. Decision. A slot is reported when its best candidate beats "keep as is"
   by a margin (nats, chosen on dev-split documents), its thesaurus prior and,
   for a single word, how much likelier real spinners put it in than writers
   do (``lexical.real_odds``, as the fast tier reads it) included; confidence is
   a logistic of that gain.

Needs the ``precise`` extra (:mod:`unspin.spin.smollm2`). The forward passes run in
bfloat16 where the CPU has it natively, else fp32 (:func:`smollm2.compute_dtype`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..findings import Finding
from ..usercache import json_derived
from . import terms
from .contrast import clashes
from .inflect import carried_over, inflect, lemmas
from .lexical import real_count, real_odds, repeats, words_beside
from .resources import derived_from_tables, real_words, shared_lm, subst_path, subst_table_wide
from .tokens import Token, left_alone, match_case, text_sentences, tokenize

#: a word is a slot of its own if SmolLM2 gives it at most this log-prob (nats, left context)
SURPRISE_MAX = -6.0
#: candidates per slot rescored on the full sentence (beside "keep"). Dev split
#: (scripts/tune_precise.py --docs 10, pass 2, margin 5, prior 0.3), with the whole
#: inverted thesaurus entry in the pool: 3 -> 34.5% restored / 97.87% kept, 5 -> 36.9% /
#: 97.77%, 8 -> 38.0% / 97.67%; on the 21 documents of --docs 4, 3 -> 37.6% / 98.28%,
#: 5 -> 40.8% / 98.22%. 5 costs about 14% more time than 3
TOP_CANDS = 5
#: fast-tier candidates always rescored (their best few)
FAST_KEEP = 2
#: thesaurus entries considered per lemma when proposing
WIDE_CANDS = 200
#: a slot the fast tier did not score is rescored only if its best candidate's first
#: sub-token (plus prior) is at most this many nats less likely than the word's own
EST_MIN = -3.0
#: fast-tier evidence (nats) at which a slot is always rescored (the fast tier's REPORT_MIN)
FAST_REPORTED = 2.0
#: tokens of right context scored after the slot (both sides, at a bounded cost)
RIGHT_CTX = 6
#: nats a candidate must gain over "keep as is" to be reported (dev split, 21 short
#: documents, scripts/tune_precise.py --docs 4, with PRIOR_W 0.3, collocation candidates
#: and pass 2: 5.0 -> 32.5% changed words restored / 98.5% unchanged kept; 6.0 -> 30.2% /
#: 99.1%; 7.0 -> 27.5% / 99.5%. Without the collocation candidates and pass 2, prior 0:
#: 6.0 -> 25.9% / 98.9%)
MARGIN = 5.0
#: drop a candidate that would repeat the word beside it (``lexical.without_repeats``)
REPEAT_GUARD = True
#: passes: 2 rescores the slots of every sentence pass 1 restored a word in, with it in place
PASSES = 2
#: pass 2 rescores only slots within this many characters of a restored word
NEAR_CHARS = 40
#: candidates per lemma taken from the collocation table (0: none)
COLLOC_CANDS = 40
#: weight of the thesaurus log prior in the decision
PRIOR_W = 0.3
#: log prior of a candidate outside the thesaurus entry (habits, phrases)
PRIOR_MISSING = -3.0
#: logistic scale (nats) of the confidence around the margin
CONF_SCALE = 2.0
#: sequences per forward pass
BATCH = 48
#: tokens of right context read for every candidate (stage 1 of the rescoring)
SHORT_CTX = 1
#: a candidate is read with the full RIGHT_CTX only if its stage-1 gain is at least
#: MARGIN - PRUNE_SLACK nats (None: all are)
PRUNE_SLACK: float | None = 4.0
#: words shorter than this are not slots on their own
MIN_LEN = 3
#: no slot of the precise tier's own (a surprising word, a run of the term search) on a
#: word written all in capitals or as a name inside running text (``tokens.left_alone``),
#: as the default tier proposes none there: SmolLM2 had put "POWELL COLLINS" for a
#: speaker's "AMBASSADOR SMITH:" and "House" for "our friends in the Congress"
NAME_GUARD = True
#: at most this many slots per sentence (the most surprising first)
MAX_SLOTS = 12
#: a lowercase word inside a sentence gets its capitalised form as a candidate (a name
#: the spinner lowercased: "the port of odessa") when SmolLM2's first sub-token of
#: " Word" is at least this many nats likelier there than that of " word"
CASE_GATE = 2.0
#: term search: runs of TERM_LENS content words holding a word at most this log-prob
#: (nats, left context) or a fast-tier slot
TERM_SURPRISE = -5.0
TERM_LENS = (2, 3)
#: at most this many runs searched per sentence (the most surprising first)
MAX_TERMS = 3
#: beam width of the left-to-right joint candidate search
TERM_BEAM = 6
#: beam candidates per step scored exactly (all their sub-tokens) before pruning to TERM_BEAM
TERM_WIDE = 16
#: weight of the thesaurus log prior in the term beam
TERM_PRIOR_W = 1.0
#: weight of the summed log prior of a joint candidate in the decision
TERM_DECIDE_W = 1.0
#: joint candidates per run rescored on the full sentence
TERM_TOP = 4
#: nats a joint candidate (two or more words changed) must gain over keeping the run, its
#: summed log prior (times TERM_DECIDE_W) included. Chosen on the TUNE half of the tortured
#: list (scripts/tune_precise.py --tortured 30, word MARGIN 5): 3.0 -> 63.3% flagged /
#: 16.7% expected flagged; 7.0 -> 60.0% / 13.3%; no terms (99) -> 56.7% / 13.3%;
#: top-1 10.0% in each (the expected-flagged share comes from single-word slots)
TERM_MARGIN = 7.0
#: what real spinners were seen to do (``resources.real_words``, learned from the
#: tortured-phrase list), read as the fast tier reads it: an original they were
#: seen to replace the word with joins the slot's pool at log prior
#: REAL_POOL_BASE + log(1 + times seen) (above every thesaurus prior), and a
#: single word's log-odds of having been put in by a spinner
#: (``lexical.real_odds``) times REAL_ODDS_W is added to its decision.
#: Chosen on the TUNE half of the tortured list, table learned from one part and
#: measured on 80 evenly spaced phrases of the other (margin 5): without either
#: 58.8% flagged / 12.5% expected flagged / top-1 8.8%; pool only 63.8% / 13.8% /
#: 12.5%; pool and odds weight 1: 68.8% / 12.5% / 16.3% (0.5: 67.5% / 13.8% /
#: 13.8%; 2: 68.8% / 12.5% / 15.0%); the fast tier on the same phrases 55.0% /
#: 10.0% / 11.3%
REAL_POOL_BASE = 0.0
REAL_ODDS_W = 1.0


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
    pool: tuple[tuple[str, float], ...] = ()  # term search: (joint candidate, summed log prior)


class Engine:
    """SmolLM2 sentence scoring: batched log-probs and next-token distributions."""

    def __init__(self, dtype: str | None = None) -> None:
        """``dtype``: "bf16" or "fp32" (default :func:`smollm2.compute_dtype`)."""
        import contextlib
        import os

        from .smollm2 import compute_dtype, load, load_bf16

        # the forward passes' arithmetic (smollm2.compute_dtype): bf16 where native
        self.dtype = dtype or compute_dtype()
        if self.dtype not in ("bf16", "fp32"):
            raise ValueError(f"dtype must be 'bf16' or 'fp32', not {self.dtype!r}")
        # (loading checks the model and the libraries: a one-line UnspinError if missing)
        self.tok, self.model = load_bf16() if self.dtype == "bf16" else load()
        import torch

        self.torch = torch
        self._autocast = ((lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if self.dtype == "bf16"
                          else contextlib.nullcontext)

        nt = os.environ.get("UNSPIN_TORCH_THREADS")
        if nt:
            torch.set_num_threads(max(1, int(nt)))
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

    def sentence(self, ids: list[int]):
        """One sentence: (per-token log-probs (index t-1 for token t), log-distributions
        (row t-1 predicts token t), per-layer (keys, values) for reuse as a prefix)."""
        torch = self.torch
        with torch.inference_mode(), self._autocast():
            out = self.model(input_ids=torch.tensor([ids]), use_cache=True)
        with torch.inference_mode():
            logp = torch.log_softmax(out.logits[0].float(), dim=-1)
            x = torch.tensor(ids[1:])
            lps = logp[:-1].gather(1, x.unsqueeze(-1)).squeeze(-1).tolist()
            kv = _layers_kv(out.past_key_values)
        return lps, logp, kv

    def continuations(self, kv, k: int, first_dist, variants: list[list[int]]) -> list[float]:
        """Log-prob of each token list in ``variants`` read after the first ``k`` tokens of a
        scored sentence (its cached keys/values ``kv``); ``first_dist`` is the log-distribution
        after those k tokens."""
        firsts = [float(first_dist[v[0]]) for v in variants]
        rest = self.batch_continuations(kv, [(k, v) for v in variants])
        return [a + b for a, b in zip(firsts, rest)]

    def _forward(self, kv, chunk: list[tuple[int, list[int]]], rows: list[int], cols: list[int]):
        """One padded forward pass of ``chunk`` (``(k, tokens)`` each, read after the first
        ``k`` positions of the cached keys/values ``kv``: a mask with a hole, explicit
        positions); the log-distributions at the ``(row, column)`` positions asked for (the
        output layer is applied only there)."""
        torch = self.torch
        from transformers import DynamicCache

        n_ctx = kv[0][0].shape[2]
        n = len(chunk)
        L = max(len(v) for _, v in chunk)
        x = torch.full((n, L), self.pad, dtype=torch.long)
        mask = torch.zeros((n, n_ctx + L), dtype=torch.long)
        pos = torch.zeros((n, L), dtype=torch.long)
        for r, (k, v) in enumerate(chunk):
            x[r, :len(v)] = torch.tensor(v)
            mask[r, :k] = 1
            mask[r, n_ctx:n_ctx + len(v)] = 1
            pos[r] = torch.arange(k, k + L)
        cache = DynamicCache()
        for li, (kk, vv) in enumerate(kv):
            cache.update(kk.expand(n, -1, -1, -1), vv.expand(n, -1, -1, -1), li)
        with torch.inference_mode(), self._autocast():
            out = self.model.model(input_ids=x, attention_mask=mask, position_ids=pos,
                                   **{self._cache_kw: cache})
            h = out.last_hidden_state[torch.tensor(rows), torch.tensor(cols)]
            logits = self.model.lm_head(h)
        with torch.inference_mode():
            return torch.log_softmax(logits.float(), dim=-1)

    def batch_continuations(self, kv, reqs: list[tuple[int, list[int]]]) -> list[float]:
        """For each ``(k, tokens)``: the log-prob of ``tokens[1:]`` read after the first ``k``
        tokens of a scored sentence and ``tokens[0]`` (the first token's own log-prob comes
        from the sentence's distributions). All requests share the sentence's cached
        keys/values ``kv``: one padded forward pass per BATCH requests (:meth:`_forward`)."""
        torch = self.torch
        res: list[float] = []
        for a in range(0, len(reqs), BATCH):
            chunk = reqs[a:a + BATCH]
            n = len(chunk)
            if max(len(v) for _, v in chunk) < 2:
                res += [0.0] * n
                continue
            rows, cols, tgt = [], [], []
            for r, (k, v) in enumerate(chunk):
                for q in range(len(v) - 1):
                    rows.append(r)
                    cols.append(q)
                    tgt.append(v[q + 1])
            logp = self._forward(kv, chunk, rows, cols)
            with torch.inference_mode():
                lp = logp.gather(1, torch.tensor(tgt).unsqueeze(-1)).squeeze(-1)
                res += torch.zeros(n).index_add_(0, torch.tensor(rows), lp).tolist()
        return res

    def batch_next(self, kv, reqs: list[tuple[int, list[int]]]):
        """For each ``(k, tokens)`` (tokens non-empty) read after the first ``k`` tokens of a
        scored sentence: (log-prob of ``tokens[1:]``, log-distribution after the last token).
        One padded forward pass per BATCH requests (:meth:`_forward`)."""
        lps: list[float] = []
        dists = []
        for a in range(0, len(reqs), BATCH):
            chunk = reqs[a:a + BATCH]
            rows, cols = [], []
            for r, (k, v) in enumerate(chunk):
                rows += [r] * len(v)
                cols += list(range(len(v)))
            logp = self._forward(kv, chunk, rows, cols)
            q = 0
            for r, (k, v) in enumerate(chunk):
                inner = sum(float(logp[q + t, v[t + 1]]) for t in range(len(v) - 1))
                lps.append(inner)
                dists.append(logp[q + len(v) - 1])
                q += len(v)
        return lps, dists

    @property
    def _cache_kw(self) -> str:
        kw = getattr(self, "_ckw", None)
        if kw is None:
            import inspect

            params = inspect.signature(self.model.forward).parameters
            kw = self._ckw = "cache" if "cache" in params else "past_key_values"
        return kw


def _layers_kv(cache) -> list:
    """[(keys, values)] per layer of a transformers cache, across its versions."""
    if hasattr(cache, "layers"):
        return [(layer.keys, layer.values) for layer in cache.layers]
    if hasattr(cache, "key_cache"):
        return list(zip(cache.key_cache, cache.value_cache))
    return [tuple(x[:2]) for x in cache]


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine()


def available() -> None:
    """UnspinError (one line, naming the install command) unless the tier can run."""
    engine()


@lru_cache(maxsize=100_000)
def close_words(w: str) -> tuple[tuple[str, float], ...]:
    """Words a spinner may have replaced with ``w`` (its inverted thesaurus entry, all of
    it: up to 100 originals, where the default tier reads 30), re-inflected, with log
    priors, best first."""
    table = subst_table_wide()
    cands = carried_over(w, lambda lem: table.get(lem, ()), WIDE_CANDS, shared_lm().known)
    return tuple(sorted(cands.items(), key=lambda kv: -kv[1]))


def _build_reverse() -> dict[str, str]:
    rev: dict[str, list[str]] = {}
    for key, entry in subst_table_wide().originals(WIDE_CANDS):
        if " " in key or "-" in key:
            continue
        for r in entry:
            if " " not in r:
                rev.setdefault(r, []).append(key)
    return {r: " ".join(keys) for r, keys in rev.items()}


@lru_cache(maxsize=1)
def _reverse_table() -> dict[str, str]:
    """word -> the words whose inverted-thesaurus entry lists it, joined by spaces (the
    other direction of the spinner's tables: Moby is not symmetric; the keys are single
    words). Read off the raw entries (parsing all 59,000 of them took twice as long and
    kept them all), once, and kept in the per-user cache: 0.6 s to build, 0.02 s to
    read back; a word's list is split where a pool asks for it."""
    return json_derived(f"spin-reverse-{WIDE_CANDS}", 2, subst_path(), _build_reverse)


@lru_cache(maxsize=100_000)
def slot_pool(w: str) -> tuple[tuple[str, float], ...]:
    """Candidates close in meaning to ``w``: its inverted-thesaurus entry (with priors),
    at PRIOR_MISSING the words whose entry lists it, what real spinners were seen to
    replace it with (at REAL_POOL_BASE + log(1 + times)), and (COLLOC_CANDS) the best of the
    collocation table (symmetric Moby links and GloVe neighbours ranked by closeness,
    ``collocation.table_cands``) at its own priors; all re-inflected."""
    out = dict(close_words(w))
    known = shared_lm().known
    rev = _reverse_table()
    for f, prior in carried_over(w, lambda lem: [(o, PRIOR_MISSING) for o in rev.get(lem, "").split()], None,
                                 known).items():
        out.setdefault(f, prior)
    real = real_words()
    for f, prior in carried_over(w, lambda lem: [(r, REAL_POOL_BASE + math.log1p(n)) for r, n in real.get(lem, ())],
                                 None, known).items():
        out[f] = max(out.get(f, -math.inf), prior)
    if COLLOC_CANDS:
        from .collocation import table_cands

        for lem, cls in lemmas(w):
            for o, prior in table_cands(lem)[:COLLOC_CANDS]:
                if " " in o:
                    continue
                f = inflect(o, cls, known)
                if f and f != w and f not in out:
                    out[f] = max(prior, PRIOR_MISSING - 1.0)
    # never another value of a closed set the word names a value of (``spin.contrast``)
    return tuple(sorted(((f, pr) for f, pr in out.items() if not clashes(w, f)), key=lambda kv: -kv[1]))


derived_from_tables(slot_pool.cache_clear)


def _capitals(eng, tokens: list[Token], sent: list[int], a: int, logp, tok_at) -> dict[int, str]:
    """Token index -> its capitalised form, for the lowercase words inside the sentence
    that SmolLM2 expects capitalised there (first sub-token, left context: CASE_GATE)."""
    out = {}
    for t in sent:
        tk = tokens[t]
        if tk.gap == "|" or tk.text != tk.low or len(tk.low) < MIN_LEN or not tk.text.isalpha():
            continue
        cap = tk.text[:1].upper() + tk.text[1:]
        dist = logp[tok_at(tk.start - a) - 1]
        if float(dist[eng.first_token(cap)]) - float(dist[eng.first_token(tk.text)]) >= CASE_GATE:
            out[t] = cap
    return out


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, x))))


def _sentences(text: str, tokens: list[Token]) -> list[list[int]]:
    """What SmolLM2 reads as one context: the text's sentences, numbers, brackets and the
    like inside them (``tokens.text_sentences``). It read the trigram LM's runs of words
    (``tokens.sentences``) before, which cut "The park covers 14,763 km2 (5,700 sq mi) in
    northern Tanzania" into four contexts. Dev documents (scripts/tune_precise.py, pass 2,
    margin 5), runs -> sentences: 21 documents 35.7% -> 36.5% restored, 98.16% -> 98.22%
    kept; 34 others (seed 8) 33.8% restored either way, 98.62% -> 98.87% kept; 60 TUNE
    tortured pairs: expected phrases flagged 6.7% -> 3.3%, flagged and top-1 the same.
    Fewer, longer passes: 5-8% less time."""
    return text_sentences(text, tokens)


def score_all(text: str, tokens: list[Token], props: list[Any], counters: dict | None = None,
              scored: list | None = None):
    """Scored slots after PASSES passes: pass 1 is :func:`score_slots`; pass 2 applies
    pass 1's decisions and rescores every other slot of the sentences they touch with
    the restored words in place (a spun neighbour makes its neighbour look wrong or
    right), keeping pass 1's decided slots as they were."""
    if scored is None:
        scored = score_slots(text, tokens, props, counters)
    if PASSES < 2 or not scored:
        return scored
    found = decide(text, scored)
    if not found:
        return scored
    # the restored text and a map of its offsets back to this text's
    parts, pos, shifts = [], 0, []  # shifts: (start in text2, end in text2, delta to text)
    new_pos = 0
    for f in found:
        parts.append(text[pos:f.start])
        new_pos += f.start - pos
        parts.append(f.suggestion)
        shifts.append((new_pos, new_pos + len(f.suggestion), f.start, f.end))
        new_pos += len(f.suggestion)
        pos = f.end
    parts.append(text[pos:])
    text2 = "".join(parts)

    def back(p2: int) -> int | None:
        delta = 0
        for a2, b2, a1, b1 in shifts:
            if p2 < a2:
                break
            if p2 < b2:
                return None  # inside a restored word
            delta = b1 - b2
        return p2 + delta

    from .tokens import tokenize

    tokens2 = tokenize(text2)
    sents2 = _sentences(text2, tokens2)
    touched = [(tokens2[s_[0]].start, tokens2[s_[-1]].end) for s_ in sents2
               if any(tokens2[s_[0]].start <= a2 < tokens2[s_[-1]].end for a2, _, _, _ in shifts)]
    by_start = {t.start: ti for ti, t in enumerate(tokens)}
    by_end = {t.end: ti for ti, t in enumerate(tokens)}
    done = {(f.start, f.end) for f in found}
    redo = {}
    props2 = []
    # fast-tier slots of the touched sentences, moved into the restored text
    b_start = {t.start: ti for ti, t in enumerate(tokens2)}
    b_end = {t.end: ti for ti, t in enumerate(tokens2)}

    def to2(p1: int) -> int:
        delta = 0
        for a2, b2, a1, b1 in shifts:
            if p1 < a1:
                break
            delta = b2 - b1
        return p1 + delta

    for p in props:
        st, en = tokens[p.i].start, tokens[p.j - 1].end
        if any(not (en <= a1 or st >= b1) for _, _, a1, b1 in shifts):
            continue
        s2, e2 = to2(st), to2(en)
        if not any(a <= s2 < b for a, b in touched) or s2 not in b_start or e2 not in b_end:
            continue
        props2.append(_Moved(b_start[s2], b_end[e2] + 1, p.ranked, p.evidence, p.source))
    scored2 = score_slots(text2, tokens2, props2, counters, within=touched,
                          avoid=[(a2, b2) for a2, b2, _, _ in shifts])
    for sl, res in scored2:
        s1, e1 = back(sl.start), back(sl.end)
        if s1 is None or e1 is None or s1 not in by_start or e1 not in by_end:
            continue
        i, j = by_start[s1], by_end[e1] + 1
        redo[(s1, e1)] = (Slot(sl.sent, i, j, s1, e1, sl.fast, sl.fast_evidence, sl.source), res)
    out = [(sl, res) for sl, res in scored if (sl.start, sl.end) in done or (sl.start, sl.end) not in redo]
    return out + list(redo.values())


@dataclass
class _Moved:
    i: int
    j: int
    ranked: Any
    evidence: float
    source: str


def score_slots(text: str, tokens: list[Token], props: list[Any], counters: dict | None = None,
                within: list[tuple[int, int]] | None = None, avoid: list[tuple[int, int]] | None = None):
    """[(slot, [(candidate, gain over keep in nats, thesaurus log prior), ...])] for every slot
    (only in sentences starting inside a ``within`` range, none overlapping ``avoid``)."""
    if not tokens:
        return []
    eng = engine()
    sents = _sentences(text, tokens)
    sent_of = {t: si for si, s in enumerate(sents) for t in s}

    # ---- slots from the fast tier (reported or not)
    slots: dict[tuple[int, int], Slot] = {}
    for p in props:
        si = sent_of[p.i]
        if sent_of[p.j - 1] != si:
            continue
        prev = slots.get((p.i, p.j))
        if prev is None or (prev.fast_evidence or -99.0) < p.evidence:
            slots[(p.i, p.j)] = Slot(si, p.i, p.j, tokens[p.i].start, tokens[p.j - 1].end,
                                     tuple(p.ranked), p.evidence, p.source)
    # ---- words with thesaurus neighbours may become slots
    alone = left_alone(tokens) if NAME_GUARD else set()
    cand_words = {t: si for si, s in enumerate(sents) for t in s
                  if len(tokens[t].low) >= MIN_LEN and t not in alone and close_words(tokens[t].low)}
    need = sorted(set(cand_words.values()) | {sl.sent for sl in slots.values()})
    if within is not None:
        need = [si for si in need if any(a <= tokens[sents[si][0]].start < b for a, b in within)]
    if avoid:
        def clear(t: int) -> bool:
            return all(tokens[t].end <= a or tokens[t].start >= b for a, b in avoid) and \
                any(a - NEAR_CHARS <= tokens[t].start < b + NEAR_CHARS for a, b in avoid)
    else:
        def clear(t: int) -> bool:
            return True
    if avoid:
        slot_toks = {t for sl in slots.values() for t in range(sl.i, sl.j)}
        need = [si for si in need if any(clear(t) and (t in cand_words or t in slot_toks) for t in sents[si])]
    out = []
    n_var = n_tok = 0
    for si in need:
        sent = sents[si]
        a, b = tokens[sent[0]].start, tokens[sent[-1]].end
        stext = text[a:b]
        ids, offs = eng.encode_offsets(stext)
        P = len(eng.prefix)

        def tok_at(rel: int) -> int:
            for k in range(P, len(offs)):
                if offs[k][1] > rel:
                    return k
            return len(offs) - 1

        lps, logp, kv = eng.sentence(ids)
        n_tok += len(ids)
        # surprising words become slots of their own (the most surprising first), but
        # not a word written inside a term of the field ("image segmentation"): the
        # fast tier drops its proposal too (``terms.adjust``). (TUNE half of the tortured
        # list, 80 phrases as for REAL_ODDS_W: expected phrases flagged 12.5% -> 11.3%,
        # flagged and top-1 unchanged)
        extra = []
        for t in sent:
            if t in cand_words and (t, t + 1) not in slots and not terms.in_term(tokens, t):
                k0, k1 = tok_at(tokens[t].start - a), tok_at(tokens[t].end - 1 - a)
                lp = sum(lps[k - 1] for k in range(k0, k1 + 1))
                if lp <= SURPRISE_MAX:
                    extra.append((lp, t))
        sslots = [sl for sl in slots.values() if sl.sent == si and all(clear(t) for t in range(sl.i, sl.j))]
        for _, t in sorted(x for x in extra if clear(x[1]))[:MAX_SLOTS]:
            sslots.append(Slot(si, t, t + 1, tokens[t].start, tokens[t].end))
        capital = _capitals(eng, tokens, sent, a, logp, tok_at)
        have = {sl.i for sl in sslots if sl.j - sl.i == 1}
        for t in capital:
            if t not in have and clear(t):
                sslots.append(Slot(si, t, t + 1, tokens[t].start, tokens[t].end))
        if TERM_LENS and not avoid:  # (pass 2 rescores single words only)
            sslots += _term_slots(eng, text, tokens, sent, si, a, stext, offs, lps, logp, kv, tok_at,
                                  {t for sl in slots.values() if sl.sent == si for t in range(sl.i, sl.j)},
                                  lambda t: clear(t) and t not in alone)
        pending = []
        for sl in sslots:
            rs, re_ = sl.start - a, sl.end - a
            k = tok_at(rs)
            kend = len(offs)
            for q in range(k, len(offs)):
                if offs[q][0] >= re_:
                    kend = q
                    break
            dist = logp[k - 1]
            span = text[sl.start:sl.end]
            lead = stext[offs[k][0]:rs] if k < len(offs) else ""
            tail_gap = stext[re_:offs[kend][0]] if kend < len(offs) else stext[re_:]
            own = eng.tok(lead + span, add_special_tokens=False)["input_ids"]
            cands: dict[str, float] = {}
            if sl.source == "term":
                best = [c for c, _ in sl.fast[:TERM_TOP]]
                rest = ids[kend:kend + RIGHT_CTX]
                tail_ids = eng.tok(tail_gap, add_special_tokens=False)["input_ids"] if tail_gap else []
                var = [own + tail_ids + rest]
                for c in best:
                    v = eng.tok(lead + match_case(span, c) + tail_gap, add_special_tokens=False)["input_ids"]
                    var.append((v or [eng.pad]) + rest)
                pending.append((sl, k, dist, var, best, sl.pool, len(rest)))
                continue
            for c, share in sl.fast[:FAST_KEEP]:
                cands[c] = 50.0 + math.log(max(share, 1e-6))  # always rescored
            cap = capital.get(sl.i) if sl.j - sl.i == 1 else None
            pool = slot_pool(tokens[sl.i].low) if sl.j - sl.i == 1 else ()
            if pool:
                ests = sorted(((float(dist[eng.first_token(c)]) + pr, c) for c, pr in pool), reverse=True)
                reported = sl.fast_evidence is not None and sl.fast_evidence >= FAST_REPORTED
                if not reported and cap is None and ests[0][0] - float(dist[own[0]]) < EST_MIN:
                    continue  # nothing close in meaning is expected here
                for e, c in ests[:TOP_CANDS]:
                    cands.setdefault(c, e)
            if cap is not None:  # always rescored, at log prior 0
                cands[cap] = 50.0
                pool = (*pool, (cap, 0.0))
            for c, _share in sl.fast[FAST_KEEP:]:
                cands.setdefault(c, -50.0)
            best = [c for c, _ in sorted(cands.items(), key=lambda kv_: -kv_[1])[:TOP_CANDS + 1]]
            if not best:
                continue
            rest = ids[kend:kend + RIGHT_CTX]
            tail_ids = eng.tok(tail_gap, add_special_tokens=False)["input_ids"] if tail_gap else []
            var = [own + tail_ids + rest]
            for c in best:
                v = eng.tok(lead + match_case(span, c) + tail_gap, add_special_tokens=False)["input_ids"]
                var.append(v + rest)
            var = [v if v else [eng.pad] for v in var]
            pending.append((sl, k, dist, var, best, pool, len(rest)))
        if pending:
            res, nv, nt = _rescore(eng, ids, lps, kv, pending)
            out += res
            n_var += nv
            n_tok += nt
    if counters is not None:
        counters["precise_sentences"] = counters.get("precise_sentences", 0) + len(need)
        counters["precise_variants"] = counters.get("precise_variants", 0) + n_var
        counters["precise_tokens"] = counters.get("precise_tokens", 0) + n_tok
    return out


def _rescore(eng, ids, lps, kv, pending):
    """Full-sentence gains over "keep" of every candidate of a sentence's slots, batched.

    Stage 1 reads each variant only up to SHORT_CTX tokens after the slot; a candidate
    goes on to the full right context (stage 2) only if that partial gain is within
    PRUNE_SLACK nats of the margin (None: every candidate goes on). "Keep" is the
    sentence itself, read from the base pass whenever its tokens match."""
    def cut(v, n_rest, r):
        return v[:len(v) - n_rest + min(r, n_rest)]

    def score(reqs_rows):
        """[(k, dist, tokens)] -> totals; the base pass answers rows equal to the sentence."""
        tots: list[float | None] = []
        reqs = []
        for k, dist, v in reqs_rows:
            if ids[k:k + len(v)] == v:
                tots.append(float(sum(lps[k - 1:k - 1 + len(v)])))
            else:
                tots.append(None)
                reqs.append((k, v))
        # similar lengths together: less padding
        order = sorted(range(len(reqs)), key=lambda q: len(reqs[q][1]))
        got = eng.batch_continuations(kv, [reqs[q] for q in order]) if reqs else []
        back = [0.0] * len(reqs)
        for q, g in zip(order, got):
            back[q] = g
        it = iter(back)
        firsts = iter([float(dist[v[0]]) for k, dist, v in reqs_rows if ids[k:k + len(v)] != v])
        out_ = [t if t is not None else next(firsts) + next(it) for t in tots]
        return out_, len(reqs), sum(len(v) for _, v in reqs)

    n_var = n_tok = 0
    if PRUNE_SLACK is None:
        rows = [(k, dist, v) for sl, k, dist, var, best, pool, nr in pending for v in var]
        full, n_var, n_tok = score(rows)
        gains = []
        pos = 0
        for sl, k, dist, var, best, pool, nr in pending:
            t = full[pos:pos + len(var)]
            pos += len(var)
            gains.append([x - t[0] for x in t[1:]])
    else:
        rows = [(k, dist, cut(v, nr, SHORT_CTX)) for sl, k, dist, var, best, pool, nr in pending for v in var]
        part, n_var, n_tok = score(rows)
        gains = []
        rows2, back = [], []
        pos = 0
        for pi, (sl, k, dist, var, best, pool, nr) in enumerate(pending):
            t = part[pos:pos + len(var)]
            pos += len(var)
            g = [x - t[0] for x in t[1:]]
            gains.append(g)
            go = [ci for ci, x in enumerate(g) if x >= min(MARGIN, TERM_MARGIN) - PRUNE_SLACK]
            if go and nr > SHORT_CTX:
                rows2.append((k, dist, var[0]))
                back.append((pi, None))
                for ci in go:
                    rows2.append((k, dist, var[ci + 1]))
                    back.append((pi, ci))
        if rows2:
            full, nv, nt = score(rows2)
            n_var += nv
            n_tok += nt
            keep = 0.0
            for (pi, ci), x in zip(back, full):
                if ci is None:
                    keep = x
                else:
                    gains[pi][ci] = x - keep
    res = []
    for (sl, k, dist, var, best, pool, nr), g in zip(pending, gains):
        pr = dict(pool)
        res.append((sl, [(c, x, pr.get(c, PRIOR_MISSING)) for c, x in zip(best, g)]))
    return res, n_var, n_tok


def decide(text: str, scored, margin: float | None = None, prior_w: float | None = None,
           term_margin: float | None = None, odds_w: float | None = None) -> list[Finding]:
    """Findings from scored slots: the best candidate of a slot if it beats keeping the
    word by ``margin`` nats (its gain plus ``prior_w`` times its log prior plus, for a
    single word, ``odds_w`` times its real-spinner log-odds); overlaps resolved best
    first."""
    margin = MARGIN if margin is None else margin
    prior_w = PRIOR_W if prior_w is None else prior_w
    term_margin = TERM_MARGIN if term_margin is None else term_margin
    odds_w = REAL_ODDS_W if odds_w is None else odds_w
    decided = []
    tokens = tokenize(text) if REPEAT_GUARD else []
    for sl, res_ in scored:
        if REPEAT_GUARD and res_:
            # as the fast tier (``lexical.without_repeats``): an original that repeats
            # the word beside it is not the writer's
            before, after = words_beside(tokens, sl.i, sl.j)
            res_ = [x for x in res_ if not repeats(x[0].lower(), before, after)]
        if not res_:
            continue
        is_term = sl.source == "term"
        w_ = TERM_DECIDE_W if is_term else prior_w
        # a single word real spinners are seen to put in is likelier spun (the same
        # shift for every candidate: it moves the decision, not the ranking)
        odds = odds_w * real_odds(text[sl.start:sl.end].lower()) if not is_term and sl.j - sl.i == 1 else 0.0
        ranked = sorted(((c, d, d + w_ * pr + odds) for c, d, pr in res_), key=lambda x: -x[2])
        m_ = term_margin if is_term else margin
        # ranked by how far the best candidate clears its own margin
        decided.append((ranked[0][2] - m_, m_, sl, ranked))

    # non-overlapping, best first
    taken: set[int] = set()
    out: list[Finding] = []
    for over, MARGIN_, sl, ranked in sorted(decided, key=lambda x: -x[0]):
        s = over + MARGIN_
        if over < 0:
            continue
        if any(k in taken for k in range(sl.i, sl.j)):
            continue
        taken.update(range(sl.i, sl.j))
        span = text[sl.start:sl.end]
        c, d, _ = ranked[0]
        conf = _sigmoid((s - MARGIN_) / CONF_SCALE + 0.5)
        # alternatives: P(spun and it is this one) ~ conf * softmax share
        zs = [x[2] for x in ranked]
        m = max(zs)
        tot = sum(math.exp(z - m) for z in zs)
        alts = tuple((match_case(span, x[0]), round(conf * math.exp(x[2] - m) / tot, 4))
                     for x in ranked[1:5] if x[2] > -1.0)
        if sl.source == "term":
            why = (f'SmolLM2 prefers the term "{c}" over "{span}" by {d:.1f} nats in this sentence; '
                   f'each of its words is a thesaurus neighbour of the word it replaces')
        elif c.lower() == span.lower():
            why = (f'a name written in lowercase: SmolLM2 prefers "{c}" over "{span}" by {d:.1f} nats '
                   f'in this sentence')
        else:
            why = f'SmolLM2 prefers "{c}" over "{span}" by {d:.1f} nats in this sentence'
        seen = real_count(span.lower(), c) if sl.source != "term" and sl.j - sl.i == 1 else 0
        if seen:
            times = "once" if seen == 1 else f"{seen} times"
            why += (f'; real spinners were seen to put "{span.lower()}" for "{c}" in published papers '
                    f'({times} in the tortured-phrase list)')
        out.append(Finding(
            "spun", sl.start, sl.end, span, match_case(span, c), round(min(max(conf, 0.0), 1.0), 4),
            why,
            alternatives=alts,
            detail=(("source", "smollm2" if sl.fast_evidence is None and sl.source != "term" else sl.source),
                    ("gain_nats", round(d, 2)),
                    ("fast_evidence_nats", None if sl.fast_evidence is None else round(sl.fast_evidence, 2))),
        ))
    out.sort(key=lambda f: (f.start, f.end))
    return out


@lru_cache(maxsize=200_000)
def _ids(s: str) -> tuple[int, ...]:
    return tuple(engine().tok(s, add_special_tokens=False)["input_ids"])


def _term_slots(eng, text, tokens, sent, si, a, stext, offs, lps, logp, kv, tok_at, fast_toks, clear) -> list[Slot]:
    """Runs of 2-3 content words of one sentence with joint candidates (a term spun word
    by word: "counterfeit consciousness" <- "artificial intelligence").

    The candidates of each word are its whole pool (:func:`slot_pool`); a left-to-right
    beam over the run scores them with SmolLM2 (the first word from the sentence's base
    pass, later words after each kept prefix, all prefixes of a step in one batched pass
    over the sentence's cached keys/values) plus PRIOR_W times their log priors. The best
    TERM_TOP joints with two or more words changed become the slot's candidates, to be
    rescored with the right context like any slot."""
    import torch

    from .collocation import FUNCTION

    def word_lp(t: int) -> float:
        k0, k1 = tok_at(tokens[t].start - a), tok_at(tokens[t].end - 1 - a)
        return sum(lps[k - 1] for k in range(k0, k1 + 1))

    def content(t: int) -> bool:
        w = tokens[t].low
        return len(w) >= MIN_LEN and w.isalpha() and w not in FUNCTION and bool(slot_pool(w))

    ok = {t: content(t) and clear(t) for t in sent}
    surprise = {t: word_lp(t) for t in sent if ok[t]}
    runs = []
    for x, t in enumerate(sent):
        for n in TERM_LENS:
            run = sent[x:x + n]
            if len(run) < n or not all(ok[u] for u in run) or any(tokens[u].gap != " " for u in run[1:]):
                continue
            if not any(surprise[u] <= TERM_SURPRISE or u in fast_toks for u in run):
                continue
            runs.append((sum(surprise[u] for u in run) / n, run))
    runs.sort()
    out = []
    for _, run in runs[:MAX_TERMS]:
        i, j = run[0], run[-1] + 1
        rs = tokens[i].start - a
        k = tok_at(rs)
        lead = stext[offs[k][0]:rs] if k < len(offs) else ""
        words = [tokens[u].text for u in run]
        opts = [[(tokens[u].low, 0.0, False)] + [(c, pr, True) for c, pr in slot_pool(tokens[u].low)] for u in run]
        # beam entries: (score, chosen words, prior sum, changed count)
        beam = [(0.0, (), 0.0, 0)]
        dists = [logp[k - 1]]
        need = 2 if len(run) > 1 else 1
        for q in range(len(run)):
            cand = []
            for (sc, ch, pr, nc), dist in zip(beam, dists):
                pre = lead + " ".join(match_case(words[z], c) for z, c in enumerate(ch))
                n_pre = len(_ids(pre)) if ch else 0
                heads = []
                for c, p_, changed in opts[q]:
                    full = _ids(pre + (" " if ch else "") + match_case(words[q], c))
                    heads.append(full[min(n_pre, len(full) - 1)])
                vals = dist[torch.tensor(heads)].tolist()
                for (c, p_, changed), v in zip(opts[q], vals):
                    cand.append((sc + v + TERM_PRIOR_W * p_, ch + (c,), pr + p_, nc + changed))
            left = len(run) - q - 1
            cand = [x for x in cand if x[3] + left >= need]
            # the first sub-token is only an estimate (a rare word may start with a common
            # piece): the best TERM_WIDE are scored exactly, with the distribution after them
            cand.sort(key=lambda x: -x[0])
            cand = cand[:TERM_WIDE]
            if not cand:
                beam = []
                break
            reqs, heads = [], []
            for sc, ch, pr, nc in cand:
                v = list(_ids(lead + " ".join(match_case(words[z], c) for z, c in enumerate(ch))))
                reqs.append((k, v))
                heads.append(float(logp[k - 1][v[0]]))
            inner, nxt = eng.batch_next(kv, reqs)
            scored_ = [((h + w + TERM_PRIOR_W * pr, ch, pr, nc), d)
                       for (_, ch, pr, nc), h, w, d in zip(cand, heads, inner, nxt)]
            exact = sorted(scored_, key=lambda e: -e[0][0])
            exact = exact[:TERM_BEAM]
            beam = [e[0] for e in exact]
            dists = [e[1] for e in exact]
        joint = [(" ".join(ch), sc, pr) for sc, ch, pr, nc in beam if nc >= 2]
        if not joint:
            continue
        out.append(Slot(si, i, j, tokens[i].start, tokens[j - 1].end,
                        tuple((c, sc) for c, sc, _ in joint[:TERM_TOP]), None, "term",
                        tuple((c, pr) for c, _, pr in joint[:TERM_TOP])))
    return out
