"""The pocketsphinx LM as numpy arrays (``unspin.spin.lmarrays``) and the batched
spin scorer built on it must reproduce pocketsphinx and the word-at-a-time
scorer exactly: same integer log-probabilities, same proposals, same floats."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from unspin.spin import lexical
from unspin.spin.lexical import (
    CHEAP_FIRST, EST_MIN, EXTEND_MIN, LEN_PENALTY, SURPRISE_MIN, TOP_CANDS, UNI_WEIGHT, Proposal,
    _logsumexp, _multiword_first, _phrase_cands, _Scorer, _uni, _word_cands,
)
from unspin.spin.resources import UNK_NATS, lm, lm_arrays, phrases, shared_lm, subst_table
from unspin.spin.tokens import names_in, sentences, tokenize

_TEXT = (
    "The committee met on Tuesday to discuss the new budget. Members of the public were invited "
    "to attend, and several local businesses sent representatives who spoke about the rising cost "
    "of rent in the city centre. The mayor said that the council would consider the proposals "
    "carefully before making a decision later this year. In the meantime, residents are asked to "
    "send their comments by post or by e-mail. It is the first time in a decade that the city has "
    "changed its approach to planning, according to officials who have worked on the scheme."
)


@pytest.fixture(scope="module")
def arrays():
    return lm_arrays()


def _text_triples(text: str, vocab: dict[str, int]) -> list[tuple[str, str, str]]:
    words = ["<s>"] + [t.low for t in tokenize(text)] + ["</s>"]
    words = [w for w in words if w in vocab]
    return [(words[i], words[i - 1], words[i - 2]) for i in range(2, len(words))]


def test_arrays_match_pocketsphinx_exactly(arrays, example_page):
    """Unigram, bigram and trigram scores equal ``NGramModel.prob`` on n-grams
    from real text (mostly found trigrams) and random ones (mostly back-offs)."""
    model = lm()
    vocab = arrays.vocab
    words = sorted(vocab, key=vocab.get)
    rng = random.Random(7)
    trip = _text_triples(_TEXT + " " + example_page, vocab)
    trip += [(rng.choice(words), rng.choice(words), rng.choice(words)) for _ in range(3000)]
    # the common words, in random orders: many found bigrams, some trigrams
    common = words[: min(len(words), 2000)]
    common = [w for w in common if w.isalpha()]
    trip += [(rng.choice(common), rng.choice(common), rng.choice(common)) for _ in range(3000)]
    w = np.array([vocab[a] for a, _, _ in trip])
    h1 = np.array([vocab[b] for _, b, _ in trip])
    h2 = np.array([vocab[c] for _, _, c in trip])
    none = np.full(len(trip), -1)
    for hist, H1, H2 in ((2, h1, h2), (1, h1, none), (0, none, none)):
        got = arrays.raw(w, H1, H2)
        want = np.array([model.prob([a, b, c][: hist + 1]) for a, b, c in trip])
        bad = np.nonzero(got != want)[0]
        assert bad.size == 0, [(trip[i][: hist + 1], int(got[i]), int(want[i])) for i in bad[:5]]


def test_known_matches_pocketsphinx():
    model = lm()
    L = shared_lm()
    for w in ["the", "The", "THE", "zzqxv", "<s>", "</s>", "don't", "co-operate", "naïve", "", "a b"]:
        assert L.known(w) == (model.prob([w]) > -536870912), w


def test_batch_lp_equals_scalar_lp_on_random_sentences():
    """``LM.lp_many``/``lp_ids`` equal ``LM.lp`` (unknown words, ``None`` histories)."""
    L = shared_lm()
    vocab = L.arrays.vocab
    words = [w for w in sorted(vocab, key=vocab.get)[:5000] if w.isalpha()]
    rng = random.Random(11)
    triples = []
    for _ in range(300):
        sent = [rng.choice(words) if rng.random() > 0.1 else "qzxunknown" for _ in range(rng.randint(1, 12))]
        h2, h1 = None, "<s>"
        for w in sent + ["</s>"]:
            triples.append((w, h1, h2))
            h2, h1 = h1, w
        triples.append((sent[0], None, None))
    triples += _text_triples(_TEXT, vocab)
    L._cache.clear()
    want = [L.lp(*t) for t in triples]
    assert L.lp_many(triples) == want
    assert UNK_NATS in want and any(v != UNK_NATS for v in want)


def _scalar_propose(tokens, counters=None):
    """The word-at-a-time scorer that ``propose`` replaced (one ``LM.lp`` per look-up)."""
    L = shared_lm()
    table = subst_table()
    habits = phrases()
    lexical.propose([])  # sets up the prefix tables
    hfw, hpre, tpre = lexical._HFW, lexical._HABIT_PREFIXES, lexical._TABLE_PREFIXES
    mwf = _multiword_first()
    lp = L.lp
    cget = L._cache.get
    out: list[Proposal] = []
    append = out.append
    checked = 0
    lp_sum = 0.0
    n_lm = 0
    exp = math.exp
    page = {t.low for t in tokens}
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
                    odds = lexical._habit_odds(key)
                    for o, pr in origs[:TOP_CANDS]:
                        pr += odds
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
            if tokens[ti].text.isupper() and len(w) > 1:
                continue  # (all capitals: no thesaurus candidates)
            if lexical.NAME_GUARD and names_in(tokens, sent)[p]:
                continue  # (a name in running text: none either)
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
                # an original the page uses elsewhere gets the page bonus
                cands = [(c, pr + lexical.PAGE_BONUS if c in page else pr, cw) for c, pr, cw in cands]
                ests = [((lp(cw[0], h1, h2) if (v := cget((cw[0], h1, h2))) is None else v) - span_lp + pr,
                         c, pr, cw) for c, pr, cw in cands[:CHEAP_FIRST]]
                if len(cands) > CHEAP_FIRST and max(ests)[0] >= EXTEND_MIN:
                    ests += [((lp(cw[0], h1, h2) if (v := cget((cw[0], h1, h2))) is None else v) - span_lp + pr,
                              c, pr, cw) for c, pr, cw in cands[CHEAP_FIRST:]]
                cheap = sorted(ests, reverse=True)[:TOP_CANDS]
                checked += len(ests)
                odds = lexical.real_odds(w) if m == 1 else 0.0  # (a real spinner's word)
                if cheap[0][0] < EST_MIN:
                    # hopeless: the one-look-up estimate stands in for the full score
                    ests = [x[0] for x in cheap]
                    tot = _logsumexp(ests)
                    append(Proposal(ti, ti + m, tot + odds, cheap[0][1], cheap[0][0] - cheap[0][2], "thesaurus",
                                    tuple((x[1], exp(x[0] - tot)) for x in cheap)))
                    continue
                uni_w = _uni(key.split(" ")) if m > 1 else _uni((w,))
                scored = []
                for _, c, pr, cw in cheap:
                    d = sc.delta(k, k + m, list(cw))
                    gap = _uni(cw) - uni_w
                    d_adj = d - UNI_WEIGHT * gap - LEN_PENALTY * max(0, m - len(cw))
                    if lexical.BACKOFF_FIT and m == 1 and len(cw) == 1 and _blind(L, h1, w, cw[0]):
                        d_adj = d_adj - lexical.BACKOFF_FIT * (1.0 - UNI_WEIGHT) * gap
                    scored.append((c, d_adj, pr, d))
                ev = _logsumexp([d + pr for _, d, pr, _ in scored])
                scored.sort(key=lambda x: -(x[1] + x[2]))
                tot = _logsumexp([d + pr for _, d, pr, _ in scored])
                append(
                    Proposal(ti, ti + m, ev + odds, scored[0][0], scored[0][3], "thesaurus",
                             tuple((c, exp(d + pr - tot)) for c, d, pr, _ in scored))
                )
    if counters is not None:
        counters["candidates_checked"] = counters.get("candidates_checked", 0) + checked
        counters["lm_logprob_sum"] = counters.get("lm_logprob_sum", 0.0) + lp_sum
        counters["lm_words"] = counters.get("lm_words", 0) + n_lm
    return lexical.without_repeats(out, tokens) if lexical.REPEAT_GUARD else out


def _blind(L, h1: str, w: str, c: str) -> bool:
    """Known ``w`` and ``c``, and neither makes a bigram with ``h1`` (one pair at a time)."""
    ids = L.arrays.vocab
    wi, ci, hi = ids.get(w, -1), ids.get(c, -1), ids.get(h1, -1)
    return wi >= 0 and ci >= 0 and not L.arrays.has_bigram([ci], [hi])[0] and not L.arrays.has_bigram([wi], [hi])[0]


def _docs(example_page: str) -> list[str]:
    rng = random.Random(3)
    L = shared_lm()
    vocab = [w for w in sorted(L.arrays.vocab, key=L.arrays.vocab.get)[:8000] if w.isalpha()]
    table_words = sorted(k for k in subst_table() if k.isalpha())
    docs = [_TEXT, example_page]
    for _ in range(6):
        # honest text with random thesaurus words put in (spin-like surprises)
        toks = _TEXT.split(" ")
        for _ in range(12):
            toks[rng.randrange(len(toks))] = rng.choice(table_words)
        docs.append(" ".join(toks))
    for _ in range(4):
        docs.append(" ".join(rng.choice(vocab) for _ in range(60)) + ".")
    habit = sorted(phrases())[:40]
    docs.append(", ".join(habit) + ". " + _TEXT)
    return docs


def test_batched_propose_equals_the_word_at_a_time_scorer(example_page):
    sources = set()
    rescored = 0
    for text in _docs(example_page):
        toks = tokenize(text)
        c1: dict = {}
        c2: dict = {}
        got = lexical.propose(toks, c1)
        want = _scalar_propose(toks, c2)
        assert got == want
        assert c1 == c2
        sources.update(p.source for p in got)
        rescored += sum(1 for p in got if p.source == "thesaurus" and len(p.ranked) > 1)
    assert sources == {"habit", "thesaurus"} and rescored > 20
    assert lexical.propose([]) == _scalar_propose([]) == []


def test_has_bigram_says_which_pairs_the_lm_holds(arrays):
    united, states, purple, therefore, unknown = arrays.ids(
        ["united", "states", "purple", "therefore", "qzxunknown"]).tolist()
    got = arrays.has_bigram([states, therefore, states, unknown], [united, purple, unknown, purple]).tolist()
    assert got == [True, False, False, False]  # "united states"; "purple therefore"; unknown words
    # where the LM holds no bigram, a word's bigram log-probability is its unigram one plus
    # the history's back-off weight, the same for every word: only how common the word is
    L = shared_lm()
    assert not arrays.has_bigram(arrays.ids(["however"]), [purple])[0]
    a, b = L.lp("therefore", "purple", None), L.lp("however", "purple", None)
    assert math.isclose(a - b, L.unigram("therefore") - L.unigram("however"), abs_tol=1e-3)


# --- the decoded arrays kept in the per-user cache ---

def _same_arrays(a, b) -> None:
    assert a.vocab == b.vocab
    for name in ("uni_prob", "uni_bo", "bi_prob_table", "bi_bo_table", "tri_prob_table"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for name in ("bigrams", "trigrams"):
        pa, pb = getattr(a, name).parts(), getattr(b, name).parts()
        assert pa[0] == pb[0]
        for x, y in zip(pa[1:], pb[1:]):
            assert x.dtype == y.dtype and np.array_equal(x, y), name


def test_cached_arrays_are_the_decoded_ones_mapped_read_only(tmp_path):
    from unspin.spin.lmarrays import cache_name, read_trie, read_trie_cached
    from unspin.spin.resources import lm_path

    path = lm_path()
    fresh = read_trie(path)
    first = read_trie_cached(path, tmp_path)  # decodes and saves
    folder = tmp_path / cache_name(path)
    assert (folder / "meta.json").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no temporary left behind
    again = read_trie_cached(path, tmp_path)  # maps
    _same_arrays(fresh, first)
    _same_arrays(fresh, again)
    # mapped from the file, as plain arrays (the memmap subclass slows every operation)
    assert type(again.uni_prob) is np.ndarray and isinstance(again.uni_prob.base, np.memmap)
    assert type(again.bigrams.table) is np.ndarray
    with pytest.raises(ValueError):
        again.uni_prob[0] = 1.0  # read-only: a shared page is never written
    rng = np.random.default_rng(3)
    n = again.size
    w, h1, h2 = (rng.integers(-1, n, 5000) for _ in range(3))
    assert np.array_equal(fresh.lp(w, h1, h2), again.lp(w, h1, h2))


@pytest.mark.parametrize("damage", ["meta", "truncated", "format"])
def test_a_damaged_cache_is_decoded_again_and_written_anew(tmp_path, damage):
    from unspin.spin.lmarrays import CACHE_FORMAT, cache_name, read_trie, read_trie_cached
    from unspin.spin.resources import lm_path

    path = lm_path()
    read_trie_cached(path, tmp_path)
    folder = tmp_path / cache_name(path)
    if damage == "meta":
        (folder / "meta.json").write_text("{not json")
    elif damage == "truncated":
        f = folder / "bigrams.table.npy"
        f.write_bytes(f.read_bytes()[: 1 << 20])
    else:
        (folder / "meta.json").write_text(f'{{"format": {CACHE_FORMAT + 1}}}')
    _same_arrays(read_trie(path), read_trie_cached(path, tmp_path))
    # and written anew: the next process maps it again
    repaired = read_trie_cached(path, tmp_path)
    assert isinstance(repaired.uni_prob.base, np.memmap)
    _same_arrays(read_trie(path), repaired)


def test_an_unwritable_cache_is_done_without(tmp_path):
    from unspin.spin.lmarrays import read_trie_cached
    from unspin.spin.resources import lm_path

    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    a = read_trie_cached(lm_path(), blocker)
    assert a.size > 50_000
    assert blocker.read_text().startswith("a file")


@pytest.mark.parametrize("off", [False, True])
def test_a_process_keeps_the_arrays_in_the_user_cache_unless_told_not_to(tmp_path, off):
    import os
    import subprocess
    import sys

    env = {**os.environ, "UNSPIN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("UNSPIN_NO_CACHE", None)
    if off:
        env["UNSPIN_NO_CACHE"] = "1"
    code = "from unspin.spin.resources import lm_arrays; print(lm_arrays().size)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(out.stdout) > 50_000
    kept = list((tmp_path / "cache").glob("lm-arrays-*"))
    assert len(kept) == (0 if off else 1)
