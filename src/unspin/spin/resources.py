"""Lazily loaded, module-level cached resources: the trigram LM and the shipped tables.

Everything here is loaded once per process on first use. The one thing written is
the LM decoded into arrays, kept in the per-user cache (``unspin.usercache``) for
the next process to map.
"""

from __future__ import annotations

import gzip
import math
import os
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from importlib import resources as _ir

from ..errors import UnspinError

UNKNOWN = -536870912
#: pocketsphinx log base 1.0001 -> nats
TO_NATS = math.log(1.0001)
#: log-probability (nats) charged for a word the LM does not know
UNK_NATS = -12.0


def _data(name: str):
    return _ir.files("unspin") / "data" / name


def lm_path() -> str:
    try:
        from pocketsphinx import get_model_path
    except ImportError as exc:  # pragma: no cover - core dependency
        raise UnspinError(f"spin detection needs pocketsphinx ({exc})") from None
    return get_model_path() + "/en-us/en-us.lm.bin"


@lru_cache(maxsize=1)
def lm():
    try:
        from pocketsphinx import NGramModel
    except ImportError as exc:  # pragma: no cover - core dependency
        raise UnspinError(f"spin detection needs pocketsphinx ({exc})") from None
    return NGramModel.readfile(lm_path())


@lru_cache(maxsize=1)
def lm_arrays():
    """The same model as numpy arrays, for batched look-ups (``LM.lp_ids``); kept in the
    per-user cache (``unspin.usercache``) once decoded, and mapped from there by later
    processes (1.8 s -> ~0.1 s; their pages shared between processes)."""
    from ..usercache import cache_dir, enabled
    from .lmarrays import read_trie_cached

    try:
        cache = cache_dir() if enabled() else None
    except RuntimeError:  # no home folder to put it in
        cache = None
    return read_trie_cached(lm_path(), cache)


class LM:
    """Trigram log-probabilities in nats with memoisation and unknown-word back-off."""

    def __init__(self) -> None:
        self._lm = lm()
        self._prob = self._lm.prob
        self._cache: dict[tuple[str, ...], float] = {}
        self._known: dict[str, bool] = {}
        self._arrays = None
        self._unigrams: list[float] | None = None
        self._unigram_array = None
        self.vocab: dict[str, int] | None = None

    @property
    def arrays(self):
        a = self._arrays
        if a is None:
            a = self._arrays = lm_arrays()
            self.vocab = a.vocab
        return a

    def ids(self, words) -> list[int]:
        """Word ids for ``lp_ids`` (-1: unknown word, or ``None``)."""
        get = self.arrays.vocab.get
        return [-1 if w is None else get(w, -1) for w in words]

    def lp_ids(self, w, h1, h2):
        """``lp`` for whole arrays of word ids (-1 = unknown/boundary), as a
        float64 numpy array; every value equals ``lp`` on the same words."""
        return self.arrays.lp(w, h1, h2)

    def unigram_array(self):
        """By word id, ``lp(w, None, None)`` as a float64 array; the last entry (id -1,
        an unknown word) is ``UNK_NATS``. One array call, made once."""
        a = self._unigram_array
        if a is None:
            import numpy as np

            n = self.arrays.size
            none = np.full(n + 1, -1, dtype=np.int64)
            ids = np.arange(n + 1, dtype=np.int64)
            ids[n] = -1
            a = self._unigram_array = self.lp_ids(ids, none, none)
        return a

    def unigrams(self) -> list[float]:
        """:meth:`unigram_array` as a list (for one word at a time)."""
        u = self._unigrams
        if u is None:
            u = self._unigrams = self.unigram_array().tolist()
        return u

    def unigram(self, w: str) -> float:
        """``lp(w, None, None)``, from the :meth:`unigrams` table."""
        return self.unigrams()[self.arrays.vocab.get(w, -1)]

    def lp_many(self, triples) -> list[float]:
        """``[lp(w, h1, h2) for w, h1, h2 in triples]``, in one array look-up."""
        import numpy as np

        get = self.arrays.vocab.get
        ids = np.array([[-1 if x is None else get(x, -1) for x in t] for t in triples],
                       dtype=np.int64).reshape(-1, 3)
        return self.lp_ids(ids[:, 0], ids[:, 1], ids[:, 2]).tolist()

    def known(self, w: str) -> bool:
        """Whether the LM's vocabulary has ``w`` (case-sensitive, as pocketsphinx)."""
        k = self._known.get(w)
        if k is None:
            vocab = self.vocab if self.vocab is not None else self.arrays.vocab
            k = w in vocab
            if len(self._known) < 500_000:
                self._known[w] = k
        return k

    def lp(self, w: str, h1: str | None, h2: str | None) -> float:
        """log P(w | h2 h1) in nats; ``None`` history = unknown/boundary (backs off)."""
        full = (w, h1, h2)
        v = self._cache.get(full)
        if v is not None:
            return v
        kn = self._known
        k = kn.get(w)
        if k is None:
            k = self.known(w)
        if not k:
            v = UNK_NATS
        else:
            k1 = False if h1 is None else kn.get(h1)
            if k1 is None:
                k1 = self.known(h1)
            if not k1:
                v = self._prob([w]) * TO_NATS
            else:
                k2 = False if h2 is None else kn.get(h2)
                if k2 is None:
                    k2 = self.known(h2)
                v = self._prob([w, h1, h2] if k2 else [w, h1]) * TO_NATS
        if len(self._cache) >= CACHE_MAX:
            self._cache.clear()
        self._cache[full] = v
        return v

    def logprob(self, words, h1: str | None = None, h2: str | None = None) -> float:
        """log P (nats) of ``words`` in a row after the history ``h2 h1``."""
        lp = self.lp
        tot = 0.0
        for w in words:
            tot += lp(w, h1, h2)
            h2, h1 = h1, w
        return tot


#: memoised trigram look-ups kept at most (about 150 bytes each)
CACHE_MAX = 1_000_000


@lru_cache(maxsize=1)
def shared_lm() -> LM:
    return LM()


#: originals per spun key the default tier reads: the first of each entry of
#: ``spin-subst.tsv.gz`` (its priors are normalised over these; the file keeps more)
SUBST_CANDS = 30


def _pairs(items) -> tuple[tuple[str, float], ...]:
    """``original:prior`` items as ((original, prior), ...)."""
    out = []
    for item in items:
        w, _, v = item.rpartition(":")
        out.append((w, float(v)))
    return tuple(out)


def _head_items(raw: str, limit: int = SUBST_CANDS) -> list[str]:
    """The first ``limit`` ``original:prior`` items of an entry's raw field."""
    return raw.split(" ", limit)[:limit]


_ABSENT = object()


class SubstEntries(Mapping):
    """spun word/phrase -> ((original, log prior), ...) over the raw lines of
    ``spin-subst.tsv.gz``: an entry is parsed the first time it is asked for and
    kept. Reading the file's 59,000 entries whole took most of a command's start
    (1.8 s); a page asks for a few hundred of them."""

    __slots__ = ("_raw", "_done", "_parse")

    def __init__(self, raw: dict[str, str], parse: Callable[[str, str], tuple]):
        self._raw = raw
        self._done: dict[str, tuple] = {}
        self._parse = parse

    def __getitem__(self, key: str) -> tuple[tuple[str, float], ...]:
        got = self.get(key, _ABSENT)
        if got is _ABSENT:
            raise KeyError(key)
        return got

    def get(self, key: str, default=None):
        got = self._done.get(key)
        if got is None:
            raw = self._raw.get(key)
            if raw is None:
                return default
            got = self._done[key] = self._parse(key, raw)
        return got

    def __contains__(self, key) -> bool:
        return key in self._raw

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def originals(self, limit: int = SUBST_CANDS):
        """(key, its first ``limit`` originals without their priors) for each entry, in
        the file's order (the default, SUBST_CANDS, is what :func:`subst_table` holds of
        an entry); the entries are not parsed, nor kept, for it."""
        for key, raw in self._raw.items():
            yield key, [item.rpartition(":")[0] for item in _head_items(raw, limit)]


def subst_path():
    """The shipped inverted thesaurus, ``spin-subst.tsv.gz`` (what is derived from it
    whole is kept in the per-user cache under its version: ``usercache.json_derived``)."""
    return _data("spin-subst.tsv.gz")


@lru_cache(maxsize=1)
def _subst_lines() -> dict[str, str]:
    """``spin-subst.tsv.gz`` as spun key -> its originals' field, unparsed."""
    out: dict[str, str] = {}
    data = gzip.decompress(subst_path().read_bytes()).decode("utf-8")
    for line in data.split("\n"):
        if line:
            key, cands, _n = line.split("\t")
            out[key] = cands
    return out


@lru_cache(maxsize=1)
def subst_table() -> SubstEntries:
    """spun word/phrase -> ((original, log prior), ...), best prior first: the first
    SUBST_CANDS of each entry (a mapping that parses an entry when first asked)."""
    return SubstEntries(_subst_lines(), lambda _key, raw: _pairs(_head_items(raw)))


@lru_cache(maxsize=1)
def subst_table_wide() -> SubstEntries:
    """The whole of each entry (up to 100 originals, on the same prior scale): the
    precise tier's pools, which SmolLM2 ranks. Each entry is :func:`subst_table`'s,
    shared, with the rest of the file's entry parsed after it; the default tier never
    asks for it."""
    head = subst_table()
    return SubstEntries(_subst_lines(), lambda key, raw: head[key] + _pairs(raw.split(" ")[SUBST_CANDS:]))


def _proper_forms(name: str) -> dict[str, str]:
    """The rows ``lowercase<TAB>Proper[<TAB>...]`` of a shipped table ('#' lines are
    comments) as lowercase -> Proper."""
    out = {}
    for line in _data(name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            low, proper = line.split("\t")[:2]
            out[low] = proper
    return out


@lru_cache(maxsize=1)
def cased_words() -> dict[str, str]:
    """lowercase -> Proper: names English writes with a capital, as SmolLM2 writes
    them ("obama" -> "Obama"; most are missing from :func:`names`), from
    ``spin-cased.tsv`` (built by ``scripts/build_cased_words.py``)."""
    return _proper_forms("spin-cased.tsv")


@lru_cache(maxsize=1)
def multiword_names() -> dict[str, str]:
    """lowercase -> Proper: names of two to five words ("indian ocean" -> "Indian
    Ocean", "charles darwin" -> "Charles Darwin"), from ``spin-multiword-names.tsv``
    (built by ``scripts/build_multiword_names.py`` from WordNet 3.0's names)."""
    return _proper_forms("spin-multiword-names.tsv")


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[str, str, str]]:
    """lowercase name -> (proper form, kind, country for demonyms)."""
    out = {}
    for line in _data("spin-names.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        low, proper, kind, extra = (line.split("\t") + [""])[:4]
        out[low] = (proper, kind, extra)
    return out


#: log prior of a hand-listed habit being the original
CURATED_PRIOR = math.log(0.3)


@lru_cache(maxsize=1)
def phrases() -> dict[str, tuple[tuple[str, float], ...]]:
    """spun phrase (lowercase, space-separated) -> ((original, log prior), ...).

    Hand-listed habits (``spin-phrases.tsv``) and habits learned from synthetic
    spins with known originals (``spin-habits-learned.tsv``)."""
    out: dict[str, dict[str, float]] = {}
    for line in _data("spin-phrases.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        spun, orig = line.split("\t")
        out.setdefault(spun, {})[orig] = CURATED_PRIOR
    f = _data("spin-habits-learned.tsv")
    if f.is_file():
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            spun, orig, _count, prob = line.split("\t")
            pr = math.log(max(float(prob), 0.05)) + CURATED_PRIOR
            d = out.setdefault(spun, {})
            d[orig] = max(d.get(orig, -99.0), pr)
    return {k: tuple(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in out.items()}


def _table_file(env: str, shipped: str):
    """The file ``$env`` names (an UnspinError if it is not one), else the shipped
    one (None if the package lacks it)."""
    other = os.environ.get(env)
    if other:
        if not Path(other).is_file():
            raise UnspinError(f"${env} names {other}, which is not a file")
        return Path(other)
    f = _data(shipped)
    return f if f.is_file() else None


#: environment variable naming a real spinners' word table (same format) to read
#: instead of the shipped one: how ``benchmarks.tortured`` measures on the
#: phrases the shipped table was not learned from
REAL_WORDS_ENV = "UNSPIN_REAL_WORDS"


def _counted_pairs(env: str, shipped: str, what: str, columns: str) -> list[tuple[str, str, int]]:
    """The rows ``a<TAB>b<TAB>count`` of the file ``$env`` names, else of the
    shipped one ([] if the package lacks it); '#' lines are comments."""
    f = _table_file(env, shipped)
    if f is None:
        return []
    try:
        lines = f.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UnspinError(f"cannot read the {what} {f}: {exc}") from None
    rows = []
    for no, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].isdigit():
            raise UnspinError(f"{f}, line {no}: expected '{columns}', found {line[:80]!r}")
        rows.append((parts[0], parts[1], int(parts[2])))
    return rows


def _substitutions(env: str, shipped: str, what: str) -> dict[str, tuple[tuple[str, int], ...]]:
    """A ``spun<TAB>original<TAB>count`` table as spun -> ((original, count), ...),
    most frequent first (ties in string order)."""
    out: dict[str, dict[str, int]] = {}
    for spun, orig, count in _counted_pairs(env, shipped, what, "spun<TAB>original<TAB>count"):
        out.setdefault(spun, {})[orig] = count
    return {k: tuple(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in out.items()}


@lru_cache(maxsize=1)
def real_words() -> dict[str, tuple[tuple[str, int], ...]]:
    """spun word -> ((original, count), ...), most frequent first: word
    substitutions real spinners made in published papers, learned from tortured
    phrases with their known originals (``spin-real-words.tsv``, or the file
    ``$UNSPIN_REAL_WORDS`` names; empty without it)."""
    return _substitutions(REAL_WORDS_ENV, "spin-real-words.tsv", "real spinners' word table")


#: environment variable naming a real spinners' phrase table (same format as
#: ``spin-real-phrases.tsv``) to read instead of the shipped one
REAL_PHRASES_ENV = "UNSPIN_REAL_PHRASES"


@lru_cache(maxsize=1)
def real_phrases() -> dict[str, tuple[tuple[str, int], ...]]:
    """spun phrase -> ((original, count), ...), most frequent first: phrase
    substitutions real spinners made in published papers ("getting to know" ->
    "learning", "malignant growth" -> "cancer"), learned from tortured phrases
    with their known originals (``spin-real-phrases.tsv``, or the file
    ``$UNSPIN_REAL_PHRASES`` names; empty without it)."""
    return _substitutions(REAL_PHRASES_ENV, "spin-real-phrases.tsv", "real spinners' phrase table")


#: environment variable naming a term-pair table (same format as
#: ``spin-real-terms.tsv``) to read instead of the shipped one
REAL_TERMS_ENV = "UNSPIN_REAL_TERMS"

#: what clears a cache derived from ``real_words`` or ``real_terms`` (see :func:`reload_tables`)
_DERIVED: list[Callable[[], None]] = []


def derived_from_tables(clear: Callable[[], None]) -> Callable[[], None]:
    """Register ``clear``, which empties a cache computed from the real spinners'
    tables, so that :func:`reload_tables` runs it; returns it."""
    _DERIVED.append(clear)
    return clear


def reload_tables() -> None:
    """Read the real spinners' word and phrase tables and the term table afresh
    (after ``$UNSPIN_REAL_WORDS``, ``$UNSPIN_REAL_PHRASES`` or ``$UNSPIN_REAL_TERMS``
    changed), and forget every cache computed from them."""
    real_words.cache_clear()
    real_phrases.cache_clear()
    real_terms.cache_clear()
    for clear in _DERIVED:
        clear()


@lru_cache(maxsize=1)
def real_terms() -> dict[tuple[str, str], int]:
    """(first word, second word) -> count: adjacent content words of the original
    phrases of real tortured phrases, the terms of the fields spinners rewrite
    ("activation function"; ``spin-real-terms.tsv``, or the file
    ``$UNSPIN_REAL_TERMS`` names; empty without it)."""
    return {(a, b): n for a, b, n in _counted_pairs(REAL_TERMS_ENV, "spin-real-terms.tsv",
                                                    "term table", "first<TAB>second<TAB>count")}


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
