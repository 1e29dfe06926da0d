"""The pocketsphinx trigram LM as numpy arrays, for batched look-ups.

pocketsphinx answers one n-gram per call; spin detection needs tens of
thousands per document. This module reads the same binary model file
(``en-us.lm.bin``, pocketsphinx's "trie" format) into flat arrays once per
process and answers whole arrays of ``(w, h1, h2)`` look-ups with
``numpy.searchsorted``, reproducing pocketsphinx's back-off arithmetic
exactly (32-bit float sums, truncated to an integer in log base 1.0001), so
that every value equals ``NGramModel.prob`` (``tests/test_lm_arrays.py``
checks this on random n-grams). Decoding takes about 1.8 s, so the arrays are
saved once (:func:`save_arrays`) and later processes map them read-only
(:func:`read_trie_cached`): a tenth of a second, and the pages are shared by
every worker of a corpus run.

Layout facts of the file (all little-endian), as written by pocketsphinx:

* the ASCII header ``Trie Language Model``; the order (one byte); one
  ``uint32`` n-gram count per order;
* a 4-byte dummy, then the quantisation tables: for bigrams 65,536 probability
  centres and 65,536 back-off centres, for trigrams 65,536 probability
  centres (``float32``, already in log base 1.0001);
* ``count1 + 1`` unigram records ``(float32 prob, float32 backoff, uint32
  next)``; ``next`` delimits each word's block of bigram entries;
* the bigram entries, bit-packed (``bits(count1)`` bits of word id, 16 bits
  back-off code, 16 bits probability code, ``bits(count3)`` bits of the
  index of the first trigram entry), ``count2 + 1`` of them, byte-padded, plus
  8 bytes; then the trigram entries (word id, 16 bits probability code),
  ``count3 + 1`` of them, padded likewise. The trie is reversed: a bigram
  entry under unigram ``w`` with word ``h1`` is ``h1 w``, a trigram entry
  under that bigram with word ``h2`` is ``h2 h1 w``; entries are sorted by
  word within each block.
* the vocabulary: an ``int32`` byte length, then NUL-terminated words in id
  order.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import UnspinError
from ..usercache import source_tag

_HEADER = b"Trie Language Model"
_TABLE = 1 << 16
#: pocketsphinx log base 1.0001 -> nats
TO_NATS = math.log(1.0001)
#: log-probability (nats) charged for a word the LM does not know (as ``LM.lp``)
UNK_NATS = -12.0


def _bits(max_value: int) -> int:
    return int(max_value).bit_length()


def _read_field(data: np.ndarray, bit_off: np.ndarray, nbits: int) -> np.ndarray:
    """Unsigned little-endian bit fields of ``nbits`` (<= 32) bits at ``bit_off``."""
    byte = bit_off >> 3
    shift = (bit_off & 7).astype(np.uint64)
    v = np.zeros(len(bit_off), dtype=np.uint64)
    for i in range(5):  # 32 bits + a shift of up to 7 fit in 5 bytes
        v |= data[byte + i].astype(np.uint64) << np.uint64(8 * i)
    return ((v >> shift) & np.uint64((1 << nbits) - 1)).astype(np.int64)


def _entries(data: np.ndarray, n: int, total_bits: int, field_off: int, nbits: int,
             chunk: int = 1 << 20) -> np.ndarray:
    out = np.empty(n, dtype=np.int64)
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        out[s:e] = _read_field(data, np.arange(s, e, dtype=np.int64) * total_bits + field_off, nbits)
    return out


_MIX = np.int64(0x9E3779B97F4A7C15 - (1 << 64))  # (int64 products wrap around)


class KeyIndex:
    """Exact look-up of non-negative int64 keys, each with an int64 payload.

    A hash table of (key, payload) pairs, one slot per bucket, in one
    two-column array so that a look-up reads one cache line: a batch of
    look-ups costs about one memory access per key (a binary search over
    millions of keys costs about twenty). The few keys whose bucket was taken
    are kept sorted for a binary search; the low bit of the key column marks
    such a bucket. An empty slot holds ``2 * EMPTY``, which no key and no
    negative query equals (so a query needs no sign test; queries stay below
    ``EMPTY``). A negative query is never found."""

    #: the key an empty slot stands for (keys stay below it)
    EMPTY = (1 << 62) - 1

    def __init__(self, keys: np.ndarray, payload: np.ndarray) -> None:
        n = len(keys)
        if n and (keys.min() < 0 or keys.max() >= self.EMPTY or np.any(np.diff(keys) <= 0)):
            raise UnspinError("KeyIndex needs sorted, distinct keys in [0, 2**62 - 1)")
        self.bits = max(4, int(n).bit_length() + 1)  # about one key per two slots
        self.shift = np.int64(64 - self.bits)
        self.mask = np.int64((1 << self.bits) - 1)
        b = self._bucket(keys)
        # one key per bucket takes the slot (which one does not matter: the
        # others are found among the rest)
        idx = np.arange(n, dtype=np.int64)
        owner = np.full(1 << self.bits, -1, dtype=np.int64)
        owner[b] = idx
        won = owner[b] == idx
        del owner
        table = np.empty((1 << self.bits, 2), dtype=np.int64)
        table[:, 0] = self.EMPTY << 1  # an empty slot (never equal to 2 * key)
        table[:, 1] = 0
        table[b[won], 0] = keys[won] << 1
        table[b[won], 1] = payload[won]
        rest = np.nonzero(~won)[0]
        table[b[rest], 0] |= 1  # crowded: look among the rest too
        # one 16-byte item per slot, so that a look-up is a plain 1-D gather
        # (the bits are only copied, never computed on)
        self.table = table.view(np.complex128).reshape(-1)
        self.rest_key = keys[rest]
        self.rest_val = payload[rest]

    @classmethod
    def from_parts(cls, bits: int, table: np.ndarray, rest_key: np.ndarray, rest_val: np.ndarray) -> "KeyIndex":
        """A KeyIndex from the arrays :meth:`parts` gave (``table`` as int64 pairs)."""
        self = cls.__new__(cls)
        self.bits = int(bits)
        self.shift = np.int64(64 - self.bits)
        self.mask = np.int64((1 << self.bits) - 1)
        if table.shape != (1 << self.bits, 2) or table.dtype != np.int64 or len(rest_key) != len(rest_val):
            raise ValueError("KeyIndex parts do not fit together")
        self.table = table.view(np.complex128).reshape(-1)
        self.rest_key = rest_key
        self.rest_val = rest_val
        return self

    def parts(self) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        """(bits, table as int64 pairs, crowded keys, their payloads): all it is made of."""
        return self.bits, self.table.view(np.int64).reshape(-1, 2), self.rest_key, self.rest_val

    def _bucket(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * _MIX) >> self.shift) & self.mask

    def find(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(found?, payload) for each query (payload 0 where not found)."""
        rows = self.table.take(self._bucket(query)).view(np.int64).reshape(-1, 2)
        kc = rows[:, 0]
        hit = (kc >> 1) == query
        val = np.where(hit, rows[:, 1], 0)
        more = np.flatnonzero((kc & 1) > hit)  # a crowded bucket, not found in it
        if more.size and self.rest_key.size:
            q = query[more]
            p = np.minimum(np.searchsorted(self.rest_key, q), self.rest_key.size - 1)
            found = self.rest_key[p] == q
            hit[more[found]] = True
            val[more[found]] = self.rest_val[p[found]]
        return hit, val


@dataclass
class TrigramArrays:
    """A 3-gram back-off LM in flat arrays; ids are pocketsphinx word ids.

    Keys are ``parent * (V + 1) + word + 1`` so that a missing word (-1) never
    matches; the unigram arrays end with a neutral sentinel (0), which index -1
    reads. A bigram's payload packs its probability and back-off codes (16 bits
    each, into the quantisation tables) and its entry index; a trigram's, its
    probability code."""

    vocab: dict[str, int]
    uni_prob: np.ndarray  # float32, per word id (+ sentinel 0)
    uni_bo: np.ndarray  # float32 (+ sentinel 0)
    bigrams: KeyIndex  # (w, h1): the bigram "h1 w"
    trigrams: KeyIndex  # (bigram entry, h2): the trigram "h2 h1 w"
    bi_prob_table: np.ndarray  # float32[65536]
    bi_bo_table: np.ndarray  # float32[65536]
    tri_prob_table: np.ndarray  # float32[65536]

    @property
    def size(self) -> int:
        return len(self.uni_prob) - 1

    def ids(self, words) -> np.ndarray:
        """Word ids (-1 for a word the LM does not know, or ``None``)."""
        get = self.vocab.get
        return np.fromiter((-1 if w is None else get(w, -1) for w in words), dtype=np.int64)

    def raw(self, w: np.ndarray, h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
        """pocketsphinx's integer score (log base 1.0001) of each ``w | h2 h1``.

        All three are int64 id arrays of one length; ``w`` must be known (>= 0).
        A negative ``h1`` gives the unigram score, a negative ``h2`` the bigram
        score (as ``NGramModel.prob([w])`` / ``prob([w, h1])``)."""
        return np.trunc(self._score(w, h1, h2)).astype(np.int64)

    def _score(self, w: np.ndarray, h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
        W1 = self.size + 1
        n = len(w)
        h2p = h2 + 1
        # the bigram "h1 w" and the bigram "h2 h1" (for its back-off weight), one look-up
        hit, val = self.bigrams.find(np.concatenate([w * W1 + (h1 + 1), h1 * W1 + h2p]))
        bi_hit, bi = hit[:n], val[:n]
        bo2 = np.where(hit[n:], self.bi_bo_table[(val[n:] >> 16) & 0xFFFF], np.float32(0.0))
        ent = np.where(bi_hit, bi >> 32, -1)
        tri_hit, tri = self.trigrams.find(ent * W1 + h2p)
        p = self.uni_prob[w]
        # pocketsphinx's float32 sums, in its order: a missing trigram backs off
        # to the bigram (or to the unigram plus bo(h1)) plus bo(h2 h1); a
        # missing history adds nothing (0)
        lower = np.where(bi_hit, self.bi_prob_table[bi & 0xFFFF], p + self.uni_bo[h1]) + bo2
        return np.where(tri_hit, self.tri_prob_table[tri & 0xFFFF], lower)

    def has_bigram(self, w, h1) -> np.ndarray:
        """Whether the LM holds the bigram "h1 w" for each pair of id arrays (False
        where either is unknown, -1)."""
        w = np.asarray(w, dtype=np.int64)
        h1 = np.asarray(h1, dtype=np.int64)
        hit, _ = self.bigrams.find(np.where((w >= 0) & (h1 >= 0), w * (self.size + 1) + (h1 + 1), -1))
        return hit

    def lp(self, w, h1, h2) -> np.ndarray:
        """``LM.lp`` for id arrays: nats; unknown ``w`` costs ``UNK_NATS``; an
        unknown or missing ``h1`` backs off to the unigram, ``h2`` to the bigram."""
        w = np.asarray(w, dtype=np.int64)
        h1 = np.asarray(h1, dtype=np.int64)
        h2 = np.asarray(h2, dtype=np.int64)
        # an unknown h1 cuts the history: h2 is not used then
        h2 = np.where(h1 >= 0, h2, -1)
        v = np.trunc(self._score(w, h1, h2)).astype(np.float64) * TO_NATS
        return np.where(w >= 0, v, UNK_NATS)


def _uniform_find(words: np.ndarray, begin: int, end: int, max_vocab: int, key: int) -> int:
    """pocketsphinx's interpolation search for ``key`` among ``words[begin:end]``
    (the file's entry order): the entry index it lands on, or -1."""
    before_it, before_v, after_it, after_v = begin - 1, 0, end, max_vocab
    if key > after_v:
        return -1
    while after_it - before_it > 1:
        off, rng, width = key - before_v, after_v - before_v, after_it - before_it - 1
        pivot = before_it + 1 + ((off * width) & 0xFFFFFFFF) // (rng + 1)
        mid = int(words[pivot])
        if mid < key:
            before_it, before_v = pivot, mid
        elif mid > key:
            after_it, after_v = pivot, mid
        else:
            return pivot
    return -1


def _searchable(keys: np.ndarray, n1: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique look-up keys (parent * (n1 + 1) + word + 1) and the entry each finds.

    Within a parent's block the file's entries are sorted by word, and
    pocketsphinx's interpolation search relies on it; in the few blocks that
    are not sorted, each word maps to whatever entry that search lands on (or
    to none), as pocketsphinx would answer."""
    ent = np.arange(len(keys), dtype=np.int64)
    bad = np.nonzero(np.diff(keys) <= 0)[0]
    if not bad.size:
        return keys, ent
    parents = keys // (n1 + 1)
    words = keys % (n1 + 1) - 1
    keep = np.ones(len(keys), dtype=bool)
    extra_keys, extra_ent = [], []
    for par in np.unique(parents[bad]):
        b = int(np.searchsorted(parents, par, side="left"))
        e = int(np.searchsorted(parents, par, side="right"))
        keep[b:e] = False
        for w in sorted(set(words[b:e].tolist())):
            f = _uniform_find(words, b, e, n1, w)
            if f >= 0:
                extra_keys.append(int(par) * (n1 + 1) + w + 1)
                extra_ent.append(f)
    keys = np.concatenate([keys[keep], np.array(extra_keys, dtype=np.int64)])
    ent = np.concatenate([ent[keep], np.array(extra_ent, dtype=np.int64)])
    order = np.argsort(keys, kind="stable")
    keys, ent = keys[order], ent[order]
    if np.any(np.diff(keys) <= 0):
        raise UnspinError("unexpected layout of the language model (n-gram blocks are not sorted)")
    return keys, ent


def read_trie(path: str) -> TrigramArrays:
    """Read a pocketsphinx trie-format trigram model into arrays."""
    try:
        with open(path, "rb") as fh:
            buf = fh.read()
    except OSError as exc:
        raise UnspinError(f"cannot read the language model {path}: {exc}") from None
    if not buf.startswith(_HEADER):
        raise UnspinError(f"{path} is not a pocketsphinx trie-format language model")
    off = len(_HEADER)
    order = buf[off]
    off += 1
    if order != 3:
        raise UnspinError(f"{path}: expected a trigram model, found order {order}")
    n1, n2, n3 = struct.unpack_from("<3I", buf, off)
    off += 12 + 4  # counts, then a dummy int
    tables = np.frombuffer(buf, dtype="<f4", count=3 * _TABLE, offset=off)
    bi_prob_t, bi_bo_t, tri_prob_t = tables[:_TABLE], tables[_TABLE:2 * _TABLE], tables[2 * _TABLE:]
    off += 3 * _TABLE * 4
    ug = np.frombuffer(buf, dtype=[("p", "<f4"), ("bo", "<f4"), ("next", "<u4")], count=n1 + 1, offset=off)
    off += (n1 + 1) * 12
    wb = _bits(n1)
    nb2 = _bits(n3)
    t2 = wb + 32 + nb2
    size2 = ((1 + n2) * t2 + 7) // 8 + 8
    t3 = wb + 16
    size3 = ((1 + n3) * t3 + 7) // 8 + 8
    pad = np.zeros(8, dtype=np.uint8)
    mid = np.concatenate([np.frombuffer(buf, dtype=np.uint8, count=size2, offset=off), pad])
    off += size2
    lon = np.concatenate([np.frombuffer(buf, dtype=np.uint8, count=size3, offset=off), pad])
    off += size3
    (k,) = struct.unpack_from("<i", buf, off)
    off += 4
    words = buf[off:off + k].split(b"\0")[:n1]
    if len(words) != n1 or off + k != len(buf):
        raise UnspinError(f"{path}: unexpected layout (vocabulary does not match the counts)")
    vocab: dict[str, int] = {}
    for i, wbytes in enumerate(words):
        vocab.setdefault(wbytes.decode("utf-8", "surrogateescape"), i)

    # bigram entries (n2 + 1: the last one only carries the end pointer)
    b_word = _entries(mid, n2, t2, 0, wb)
    b_quant = _entries(mid, n2, t2, wb, 32)
    b_next = _entries(mid, n2 + 1, t2, wb + 32, nb2)
    ug_next = ug["next"].astype(np.int64)
    # (entries past the last unigram's block, if any, are unreachable)
    r2 = int(ug_next[-1])
    if r2 > n2 or np.any(np.diff(ug_next) < 0):
        raise UnspinError(f"{path}: unexpected layout (bigram pointers do not match the counts)")
    b_next = b_next[:r2 + 1]
    r3 = int(b_next[-1])
    if r3 > n3 or np.any(np.diff(b_next) < 0):
        raise UnspinError(f"{path}: unexpected layout (trigram pointers do not match the counts)")
    b_quant = b_quant[:r2]
    b_parent = np.repeat(np.arange(n1, dtype=np.int64), np.diff(ug_next))
    W1 = n1 + 1
    bi_key = b_parent * W1 + b_word[:r2] + 1
    del b_parent, b_word
    t_word = _entries(lon, r3, t3, 0, wb)
    t_code = _entries(lon, r3, t3, wb, 16)
    t_parent = np.repeat(np.arange(r2, dtype=np.int64), np.diff(b_next))
    tri_key = t_parent * W1 + t_word + 1
    del t_parent, t_word
    bi_key, bi_ent = _searchable(bi_key, n1)
    tri_key, tri_ent = _searchable(tri_key, n1)
    b_quant = b_quant[bi_ent]
    t_code = t_code[tri_ent]

    def with_sentinel(a: np.ndarray, value, dtype) -> np.ndarray:
        return np.concatenate([np.asarray(a, dtype=dtype), np.array([value], dtype=dtype)])

    return TrigramArrays(
        vocab=vocab,
        uni_prob=with_sentinel(ug["p"][:n1], 0.0, np.float32),
        uni_bo=with_sentinel(ug["bo"][:n1], 0.0, np.float32),
        # payload: probability code | back-off code << 16 | entry index << 32
        bigrams=KeyIndex(bi_key, (b_quant >> 16) | ((b_quant & 0xFFFF) << 16) | (bi_ent.astype(np.int64) << 32)),
        trigrams=KeyIndex(tri_key, t_code.astype(np.int64)),
        bi_prob_table=np.array(bi_prob_t, dtype=np.float32),
        bi_bo_table=np.array(bi_bo_t, dtype=np.float32),
        tri_prob_table=np.array(tri_prob_t, dtype=np.float32),
    )


# --- the arrays kept on disk, so that a process maps them instead of decoding the file ---

#: bump when the arrays or their layout change: a cache of another format is rebuilt
CACHE_FORMAT = 1
_PLAIN = ("uni_prob", "uni_bo", "bi_prob_table", "bi_bo_table", "tri_prob_table")


def cache_name(path: str) -> str:
    """The cache folder's name for the model file at ``path``: its place, size and
    modification time, and :data:`CACHE_FORMAT` (another model, or this one changed,
    is another name)."""
    return f"lm-arrays-v{CACHE_FORMAT}-{source_tag(path)}"


def save_arrays(a: TrigramArrays, folder: Path) -> None:
    """Write ``a`` into a new folder ``folder`` (written beside it, then renamed into
    place, so that no reader ever sees half of it; a folder already there is left
    as it is). Raises OSError where the cache cannot be written."""
    if folder.exists():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
    tmp.mkdir(exist_ok=True)
    try:
        for name in _PLAIN:
            np.save(tmp / f"{name}.npy", getattr(a, name))
        meta = {"format": CACHE_FORMAT}
        for name in ("bigrams", "trigrams"):
            bits, table, rk, rv = getattr(a, name).parts()
            meta[name] = bits
            np.save(tmp / f"{name}.table.npy", table)
            np.save(tmp / f"{name}.rest_key.npy", rk)
            np.save(tmp / f"{name}.rest_val.npy", rv)
        words = sorted(a.vocab, key=a.vocab.__getitem__)
        (tmp / "vocab.bin").write_bytes(b"\0".join(w.encode("utf-8", "surrogateescape") for w in words))
        np.save(tmp / "vocab_ids.npy", np.array([a.vocab[w] for w in words], dtype=np.int64))
        (tmp / "meta.json").write_text(json.dumps(meta))
        try:
            tmp.rename(folder)
        except OSError:
            if not folder.exists():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def load_arrays(folder: Path) -> TrigramArrays:
    """The arrays :func:`save_arrays` wrote, memory-mapped read-only (processes that
    map the same files share their pages). Raises OSError or ValueError on a folder
    that is not such a cache."""
    meta = json.loads((folder / "meta.json").read_text())
    if meta.get("format") != CACHE_FORMAT:
        raise ValueError("another cache format")

    def arr(name: str) -> np.ndarray:
        # a plain ndarray over the map: numpy's memmap subclass runs Python code for
        # every array an operation makes from it, which doubled the cost of a look-up
        return np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)

    words = (folder / "vocab.bin").read_bytes().split(b"\0")
    ids = arr("vocab_ids").tolist()
    if len(words) != len(ids):
        raise ValueError("vocabulary and ids differ in length")
    vocab = {w.decode("utf-8", "surrogateescape"): i for w, i in zip(words, ids)}
    idx = {name: KeyIndex.from_parts(meta[name], arr(f"{name}.table"), arr(f"{name}.rest_key"),
                                     arr(f"{name}.rest_val"))
           for name in ("bigrams", "trigrams")}
    a = TrigramArrays(vocab=vocab, bigrams=idx["bigrams"], trigrams=idx["trigrams"],
                      **{name: arr(name) for name in _PLAIN})
    if len(a.uni_prob) != len(a.uni_bo) or len(a.uni_prob) <= max(ids, default=-1):
        raise ValueError("unigram arrays do not fit the vocabulary")
    return a


def read_trie_cached(path: str, cache: Path | None) -> TrigramArrays:
    """:func:`read_trie`, through the arrays kept in ``cache`` (a folder; None: no
    cache): mapped from there when they are, else decoded from the file and saved
    there for the next process. A cache that cannot be read is decoded again and
    written anew; one that cannot be written is done without."""
    if cache is None:
        return read_trie(path)
    try:
        folder = cache / cache_name(path)
    except OSError:
        return read_trie(path)  # (read_trie names what is wrong with the file)
    if folder.is_dir():
        try:
            return load_arrays(folder)
        except (OSError, ValueError, KeyError, TypeError):
            # a damaged folder: decode the file and write the folder again (a process
            # that maps the old files keeps them until it ends)
            shutil.rmtree(folder, ignore_errors=True)
    a = read_trie(path)
    try:
        save_arrays(a, folder)
    except OSError:
        pass
    return a
