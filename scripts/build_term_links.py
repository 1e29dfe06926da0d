"""Build ``src/unspin/data/term-links.npz``: which word a term of a field puts after another.

Run from the repository root (needs the ``precise`` extra for SmolLM2)::

    PYTHONPATH=src python scripts/build_term_links.py [--threads 2]

A tortured phrase is a term whose words were each swapped for a synonym
("hidden layer" -> "covered layer"). Putting it back needs to know which word
pairs are terms, and the trigram LM the fast tier reads knows few technical terms
as units: on the TUNE-A part of the tortured-phrase list (see below) it gives the second word
of 45% of the two-word expected phrases a PMI of 1.5 nats or more after the
first. SmolLM2-135M, trained on recent web text, knows more of them. This
script distils what it knows into a table the fast tier reads without it:

1. Heads: the words of the trigram LM's vocabulary, letters only, at least
   ``MIN_LEN`` long, no function word, with wordfreq Zipf >= ``MIN_ZIPF``.
2. For each head, SmolLM2's distribution over the next token after
   each of ``PROMPTS`` + " head" (the opening of a paper's abstract: tortured phrases are
   terms of science and engineering). Only tokens that are a whole lowercase
   word after a space (" layer") are read, so a continuation is one word, not
   the first piece of a longer one.
3. PMI of a continuation: its log-probability after the head minus its
   log-probability averaged over all heads (the mean of the heads'
   distributions). Kept: among the ``TOP`` likeliest continuations of each head,
   content words the trigram LM and wordfreq know, with a PMI of at least
   ``PMI_MIN`` nats.

Choices, made on the tortured list's TUNE half (never its TEST half). The prompt,
on its TUNE-A part (370 two-word expected phrases; the second word among the 200
likeliest after the first): "Abstract: In this paper, we study the" 69%, "This
paper proposes a novel" 60%, "Keywords:" 56%, "Key terms:" 56%, "Index Terms--" 51%,
no prompt 36%; the tortured phrases' second words 1-7%. PMI_MIN, on its
TUNE-B part (tables from TUNE-A, 983 phrases in sentences, ``spin.collocation``):
keeping links from 1, 2, 2.5, 3, 3.5 or 4 nats gave the same flagged and expected
shares and top-1 15.0%, 15.2%, 15.3%, 15.4%, 15.3%, 15.3%; 3 keeps 28% of the links
of 1.

A second prompt, "Keywords:", with the links of both prompts merged (the higher PMI
of a pair kept; ``--prompt`` reads any set): on TUNE-A's two-word expected phrases
the second word is a link of the first (top 300, PMI >= 3) for 47% with the abstract
prompt alone and 58% with both (all six prompts above: 62%). Inside TUNE (A -> B /
B -> A, ``scripts/tune_tortured.py``) flagged 56.3% / 55.5% -> 56.3% / 55.0%,
expected phrases flagged 7.7% / 8.9% -> 7.0% / 8.2%, top-1 17.9% / 19.0% -> 18.2% /
18.2%: the extra links guard as many tortured pairs ("respiratory condition",
"principal part") as they help restore; left out. It takes 16 minutes a prompt on
two cores.

Output: arrays ``heads`` and ``words`` (newline-joined UTF-8), ``indptr`` (CSR rows
per head), ``cont`` (index into words), ``pmi`` (uint8, tenths of a nat).
Deterministic: CPU, fp32, PMI rounded to 0.1 nats. SmolLM2 is Apache-2.0; only
word pairs and numbers are shipped.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

OUT = ROOT / "src" / "unspin" / "data" / "term-links.npz"
#: what the head word follows, one pass each, links merged by their higher PMI (see
#: above): the opening of a paper's abstract
PROMPTS = ("Abstract: In this paper, we study the",)
#: heads and continuations: shortest word, and the least common (wordfreq Zipf)
MIN_LEN = 3
MIN_ZIPF = 2.0
#: continuations read per head (the likeliest), and the PMI (nats) one must reach
TOP = 300
PMI_MIN = 3.0
#: sequences per forward pass
BATCH = 128


def _prompt_links(eng, text: str, heads: list[str], word_of, words: list[str],
                  links: dict[tuple[int, int], int]) -> int:
    """Read SmolLM2's next-word distribution after ``text`` + " head" for every head and
    add the links kept (see the module docstring) to ``links``, keeping the higher PMI
    where another prompt has the pair already. Returns the number of links this prompt keeps."""
    import numpy as np
    import torch

    tok = eng.tok
    n_vocab = len(word_of)
    prompt = eng.encode(text)
    seqs = [prompt + tok(" " + h, add_special_tokens=False)["input_ids"] for h in heads]
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))  # batches of similar length
    top_tok = np.zeros((len(heads), TOP), dtype=np.int64)
    top_lp = np.zeros((len(heads), TOP), dtype=np.float32)
    prob_sum = torch.zeros(n_vocab, dtype=torch.float64)
    t0 = time.perf_counter()
    for a in range(0, len(order), BATCH):
        idx = order[a:a + BATCH]
        L = max(len(seqs[i]) for i in idx)
        x = torch.full((len(idx), L), eng.pad, dtype=torch.long)
        last = torch.tensor([len(seqs[i]) - 1 for i in idx])
        for r, i in enumerate(idx):  # padded on the right: a causal model never reads it
            x[r, : len(seqs[i])] = torch.tensor(seqs[i])
        with torch.inference_mode():
            logits = eng.model(input_ids=x).logits[torch.arange(len(idx)), last].float()
            lp = torch.log_softmax(logits, dim=-1)
            prob_sum += lp.exp().double().sum(0)
            v, t = lp.topk(TOP, dim=-1)
        top_tok[idx] = t.numpy()
        top_lp[idx] = v.numpy()
        if a // BATCH % 50 == 0:
            print(f"  {a + len(idx)}/{len(heads)} heads, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    marginal = np.log(np.maximum(prob_sum.numpy() / len(heads), 1e-30))
    kept = 0
    for h in range(len(heads)):
        for tid, lp_ in zip(top_tok[h], top_lp[h]):
            wi = word_of[tid]
            if wi < 0 or words[wi] == heads[h]:
                continue
            p = round(float(lp_ - marginal[tid]), 1)
            if p >= PMI_MIN:
                q = min(int(round(p * 10)), 255)
                kept += 1
                if q > links.get((h, int(wi)), -1):
                    links[(h, int(wi))] = q
    return kept


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=int(os.environ.get("UNSPIN_TORCH_THREADS", "1")))
    ap.add_argument("--limit", type=int, default=0, help="only the first N heads (a quick look)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--prompt", action="append", default=[],
                    help="read only this prompt (repeatable; default: all of PROMPTS)")
    args = ap.parse_args()
    os.environ["UNSPIN_TORCH_THREADS"] = str(args.threads)

    import numpy as np
    from wordfreq import zipf_frequency

    from unspin.spin.collocation import FUNCTION
    from unspin.spin.precise import Engine
    from unspin.spin.resources import shared_lm

    eng = Engine("fp32")
    tok = eng.tok
    vocab = shared_lm().arrays.vocab
    heads = sorted(w for w in vocab if w.isascii() and w.isalpha() and w.islower() and len(w) >= MIN_LEN
                   and w not in FUNCTION and zipf_frequency(w, "en") >= MIN_ZIPF)
    if args.limit:
        heads = heads[: args.limit]
    # whole-word continuation tokens: " word", lowercase ASCII letters, a content word
    n_vocab = eng.model.config.vocab_size
    word_of = np.full(n_vocab, -1, dtype=np.int64)
    words: list[str] = []
    for tid, piece in enumerate(tok.convert_ids_to_tokens(list(range(n_vocab)))):
        if piece and piece.startswith("\u0120"):
            w = piece[1:]
            if (w.isascii() and w.isalpha() and w.islower() and len(w) >= MIN_LEN and w not in FUNCTION
                    and w in vocab and zipf_frequency(w, "en") >= MIN_ZIPF):
                word_of[tid] = len(words)
                words.append(w)
    print(f"{len(heads)} heads, {len(words)} whole-word continuations", file=sys.stderr)

    links: dict[tuple[int, int], int] = {}  # (head, word) -> PMI in tenths of a nat, best over the prompts
    for text in args.prompt or PROMPTS:
        t0 = time.perf_counter()
        n = _prompt_links(eng, text, heads, word_of, words, links)
        print(f"prompt {text!r}: {n} links, {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    indptr = [0]
    cont: list[int] = []
    pmi: list[int] = []
    by_head: dict[int, list[tuple[int, int]]] = {}
    for (h, wi), p in links.items():
        by_head.setdefault(h, []).append((wi, p))
    for h in range(len(heads)):
        row = sorted(by_head.get(h, ()))
        cont += [c for c, _ in row]
        pmi += [p for _, p in row]
        indptr.append(len(cont))
    # only the continuation words some head uses
    used = sorted(set(cont))
    remap = {w: k for k, w in enumerate(used)}
    kept_words = [words[w] for w in used]
    np.savez_compressed(
        args.out,
        heads=np.frombuffer("\n".join(heads).encode(), dtype=np.uint8),
        words=np.frombuffer("\n".join(kept_words).encode(), dtype=np.uint8),
        indptr=np.asarray(indptr, dtype=np.int32),
        cont=np.asarray([remap[c] for c in cont], dtype=np.uint16 if len(used) < 65536 else np.int32),
        pmi=np.asarray(pmi, dtype=np.uint8),
    )
    print(f"wrote {args.out}: {len(heads)} heads, {len(cont)} links, {len(kept_words)} words, "
          f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
