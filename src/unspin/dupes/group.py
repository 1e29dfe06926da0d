"""Group spun copies and link them to their source: streaming LSH candidates, verified pairs.

Each document becomes a :class:`~unspin.dupes.textfeatures.Fingerprint` (synonym-class ids of
its content words, each with its alternative classes), a MinHash signature over its set of
*rare* classes (those a spinner's synonyms mostly stay inside, and that unrelated documents
seldom share) and, for documents with few rare classes, a second signature over all their
classes in a second index (so a short copy whose rare words were spun into common ones still
meets its source). A new document is compared only with the documents that share a band
bucket with it (never all pairs; a bucket holds at most ``max_bucket`` documents, so the work
per document is bounded). A candidate must pass a cheap rare-class Jaccard pre-check, then is
verified by aligning the two class sequences (longest matching blocks, as difflib does), which
is robust to words a spinner changed, inserted or dropped; words in the short gaps between
aligned blocks still match when one's class is among the other's alternatives (a synonym the
class table put elsewhere), and passages moved out of order are found by a second alignment of
the left-over words. The score is discounted when the two texts carry different names and
numbers. Verified pairs at or above ``threshold`` are edges; groups are the connected
components. Memory: a fingerprint (at most ``max_tokens`` ids) and one bucket entry per band
for each document seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from .minhash import LSHIndex, MinHasher, shingles
from .textfeatures import Fingerprint, fingerprint


@dataclass(frozen=True)
class Params:
    """Tuned on the benchmark's dev split (benchmarks/dupes.py)."""

    threshold: float = 0.4  # verified similarity needed for a pair / a link
    num_perm: int = 128
    bands: int = 64
    rows: int = 2
    bands_all: int = 32  # the index over all classes (documents with few rare classes)
    rows_all: int = 3
    min_rare: int = 6  # fewer rare classes than this: no rare-class pre-check
    min_rare_jaccard: float = 0.08  # cheap pre-check of a candidate before the alignment
    max_tokens: int = 400  # content words kept per document (memory bound)
    max_bucket: int = 200
    min_classes: int = 8  # documents with fewer content words are not compared
    seed: int = 1


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    similarity: float

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "similarity": round(self.similarity, 4)}


@dataclass(frozen=True)
class Group:
    members: tuple[str, ...]
    pairs: tuple[Pair, ...]

    def to_dict(self) -> dict:
        return {"size": len(self.members), "members": list(self.members),
                "pairs": [p.to_dict() for p in self.pairs]}


@dataclass(frozen=True)
class Link:
    id: str
    reference_id: str | None
    similarity: float
    evidence: str = ""
    shared_anchors: tuple[str, ...] = ()
    aligned_words: int = 0
    longest_run: int = 0

    def to_dict(self) -> dict:
        return {"id": self.id, "reference_id": self.reference_id,
                "similarity": round(self.similarity, 4), "evidence": self.evidence,
                "shared_anchors": list(self.shared_anchors), "aligned_words": self.aligned_words,
                "longest_run": self.longest_run}


@dataclass(frozen=True)
class Alignment:
    similarity: float  # the verified similarity: ``aligned`` discounted by ``names``
    matched: int
    longest: int
    aligned: float = 0.0  # 2 * matched / (len a + len b)
    names: float | None = None  # containment of the name sets (None: too few names to judge)


#: Names (see textfeatures) each side needs before their agreement is taken into account.
MIN_NAMES = 3
#: Name agreement (shared / smaller set) at or above which there is no discount.
FULL_NAMES = 0.6


def align(a: Fingerprint, b: Fingerprint) -> Alignment:
    """Verified similarity of two fingerprints.

    The alignment score is 2*matched / (len a + len b), where matched counts the class ids
    in the longest matching blocks of the two sequences (as difflib finds them), plus synonyms
    through alternative classes in the short gaps between blocks (``_gap_matches``) and runs
    moved out of order (``_moved_matches``). When both
    documents carry at least ``MIN_NAMES`` names, the score is multiplied by
    ``min(1, containment(names) / FULL_NAMES)`` (shared names over the smaller set): spun
    copies keep their names and numbers, texts written to the same template about different
    things do not. Containment rather than Dice, since spinners also make up capitalised
    junk ("Emperys") that only one side has.
    """
    if not a.classes or not b.classes:
        return Alignment(0.0, 0, 0)
    sm = SequenceMatcher(None, a.classes, b.classes, autojunk=False)
    blocks = sm.get_matching_blocks()
    matched = sum(bl.size for bl in blocks)
    longest = max((bl.size for bl in blocks), default=0)
    soft = _gap_matches(a, b, blocks) if a.alts and b.alts else 0
    aligned = 2.0 * (matched + SOFT_WEIGHT * soft) / (len(a.classes) + len(b.classes))
    if MOVED_MIN and aligned >= MOVED_FLOOR:
        moved = _moved_matches(a, b, blocks)
        matched += moved
        aligned += 2.0 * moved / (len(a.classes) + len(b.classes))
    names = None
    sim = aligned
    if len(a.names) >= MIN_NAMES and len(b.names) >= MIN_NAMES:
        x = np.frombuffer(a.names, dtype=np.uint32)
        y = np.frombuffer(b.names, dtype=np.uint32)
        names = len(np.intersect1d(x, y, assume_unique=True)) / min(len(x), len(y))
        sim = aligned * min(1.0, names / FULL_NAMES)
    return Alignment(sim, matched, longest, aligned, names)


#: Gaps between aligned blocks up to this many words on each side are searched for synonyms
#: in different classes (bounded work: at most MAX_GAP**2 tests per gap).
MAX_GAP = 6
#: Only words at most this many places off the gap's diagonal are tested (a synonym takes the
#: place of the word it replaces; a phrase shifts the rest by a word or two).
GAP_BAND = 1
#: What one such synonym match counts for, next to a match of equal classes.
SOFT_WEIGHT = 1.0


def _gap_matches(a: Fingerprint, b: Fingerprint, blocks) -> int:
    """Words in the gaps between aligned blocks that are synonyms through their alternatives.

    Two words match when either one's class is among the other's alternative classes (the
    classes most of its Moby synonyms fall in); within a gap the matches keep their order
    (a longest common subsequence under that test).
    """
    ca, cb, xa, xb = a.classes, b.classes, a.alts, b.alts
    total = 0
    i = j = 0
    for bl in blocks:
        gi, gj = bl.a - i, bl.b - j
        if 0 < gi <= MAX_GAP and 0 < gj <= MAX_GAP:
            prev = [0] * (gj + 1)
            for x in range(i, bl.a):
                cx, sx = ca[x], xa[x]
                cur = [0] * (gj + 1)
                off = x - i
                for k, y in enumerate(range(j, bl.b), 1):
                    if abs(k - 1 - off) <= GAP_BAND and (cb[y] in sx or cx in xb[y]):
                        cur[k] = prev[k - 1] + 1
                    else:
                        cur[k] = cur[k - 1] if cur[k - 1] > prev[k] else prev[k]
                prev = cur
            total += prev[gj]
        i, j = bl.a + bl.size, bl.b + bl.size
    return total


#: Passages moved out of order (swapped sentences) are found by aligning the words left over
#: by the first alignment once more; runs of at least MOVED_MIN words count. Only tried when
#: the first alignment already reaches MOVED_FLOOR (related documents).
MOVED_MIN = 2
MOVED_FLOOR = 0.3


def _moved_matches(a: Fingerprint, b: Fingerprint, blocks) -> int:
    """Words in runs of at least ``MOVED_MIN`` that match out of the first alignment's order."""
    used_a = bytearray(len(a.classes))
    used_b = bytearray(len(b.classes))
    for bl in blocks:
        used_a[bl.a:bl.a + bl.size] = b"\x01" * bl.size
        used_b[bl.b:bl.b + bl.size] = b"\x01" * bl.size
    ra = [c for c, u in zip(a.classes, used_a) if not u]
    rb = [c for c, u in zip(b.classes, used_b) if not u]
    if len(ra) < MOVED_MIN or len(rb) < MOVED_MIN:
        return 0
    sm = SequenceMatcher(None, ra, rb, autojunk=False)
    return sum(bl.size for bl in sm.get_matching_blocks() if bl.size >= MOVED_MIN)


def rare_jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """Jaccard similarity of the two documents' sets of rare classes."""
    x = np.frombuffer(a.rare, dtype=np.uint32)
    y = np.frombuffer(b.rare, dtype=np.uint32)
    if not len(x) or not len(y):
        return 0.0
    inter = len(np.intersect1d(x, y, assume_unique=True))
    return inter / (len(x) + len(y) - inter)


def shared_anchors(a: Fingerprint, b: Fingerprint, limit: int = 8) -> tuple[str, ...]:
    bl = {x.lower() for x in b.anchors}
    return tuple(x for x in a.anchors if x.lower() in bl)[:limit]


class _Store:
    """Fingerprints, signatures and LSH buckets of the documents seen so far."""

    def __init__(self, params: Params):
        self.p = params
        self.hasher = MinHasher(params.num_perm, params.seed)
        self.index = LSHIndex(params.bands, params.rows, params.max_bucket)
        self.index_all = LSHIndex(params.bands_all, params.rows_all, params.max_bucket)
        self.ids: list[str] = []
        self.fps: list[Fingerprint] = []

    def prepare(self, text: str):
        """The fingerprint and LSH signatures of a text (no signatures: too short to compare).

        Signatures: one over the rare classes (when there are any) and, for documents with
        fewer than ``2 * min_rare`` rare classes, one over all classes: a short copy whose
        spinner turned rare words into common ones still meets its source in the second index.
        """
        fp = fingerprint(text, self.p.max_tokens)
        if len(fp.classes) < self.p.min_classes:
            return fp, None
        rare = self.hasher.signature(shingles(fp.rare, (1,))) if len(fp.rare) else None
        every = (self.hasher.signature(shingles(fp.classes, (1,)))
                 if len(fp.rare) < 2 * self.p.min_rare else None)
        return fp, (rare, every)

    def candidates(self, fp: Fingerprint, sig) -> list[int]:
        """Documents sharing a bucket with ``fp`` that pass the cheap rare-class pre-check."""
        if sig is None:
            return []
        p = self.p
        found: set[int] = set()
        if sig[0] is not None:
            found |= self.index.query(sig[0])
        if sig[1] is not None:
            found |= self.index_all.query(sig[1])
        out = []
        for j in sorted(found):
            other = self.fps[j]
            if (len(fp.rare) >= p.min_rare and len(other.rare) >= p.min_rare
                    and rare_jaccard(fp, other) < p.min_rare_jaccard):
                continue
            out.append(j)
        return out

    def add(self, doc_id: str, fp: Fingerprint, sig) -> int:
        n = len(self.ids)
        self.ids.append(doc_id)
        self.fps.append(fp)
        if sig is not None:
            if sig[0] is not None:
                self.index.insert(sig[0], n)
            if sig[1] is not None:
                self.index_all.insert(sig[1], n)
        return n


def similar_pairs(docs: Iterable[tuple[str, str]], params: Params = Params()) -> Iterator[Pair]:
    """Stream ``(id, text)`` documents; yield every verified pair (earlier doc first)."""
    store = _Store(params)
    for doc_id, text in docs:
        fp, sig = store.prepare(text)
        for j in store.candidates(fp, sig):
            if store.ids[j] == doc_id:
                continue
            al = align(store.fps[j], fp)
            if al.similarity >= params.threshold:
                yield Pair(store.ids[j], doc_id, al.similarity)
        store.add(doc_id, fp, sig)


def group_pairs(pairs: Iterable[Pair]) -> list[Group]:
    """Connected components of the pair graph, largest first, members in first-seen order."""
    parent: dict[str, str] = {}
    order: dict[str, int] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        order.setdefault(x, len(order))
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    plist = list(pairs)
    for p in plist:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            if order[ra] > order[rb]:
                ra, rb = rb, ra
            parent[rb] = ra
    members: dict[str, list[str]] = {}
    for x in sorted(order, key=order.__getitem__):
        members.setdefault(find(x), []).append(x)
    edges: dict[str, list[Pair]] = {}
    for p in plist:
        edges.setdefault(find(p.a), []).append(p)
    groups = [Group(tuple(m), tuple(edges.get(r, ()))) for r, m in members.items()]
    groups.sort(key=lambda g: (-len(g.members), order[g.members[0]]))
    return groups


def find_groups(docs: Iterable[tuple[str, str]], params: Params = Params()) -> list[Group]:
    """Groups of spun copies (two or more documents each) in a stream of ``(id, text)``."""
    return group_pairs(similar_pairs(docs, params))


class Reference:
    """An indexed reference corpus that spun pages are linked back to."""

    def __init__(self, docs: Iterable[tuple[str, str]], params: Params = Params()):
        self.params = params
        self._store = _Store(params)
        for doc_id, text in docs:
            fp, sig = self._store.prepare(text)
            self._store.add(doc_id, fp, sig)

    def __len__(self) -> int:
        return len(self._store.ids)

    def link(self, doc_id: str, text: str) -> Link:
        """The reference document ``text`` was most likely spun from (or none above threshold)."""
        st = self._store
        fp, sig = st.prepare(text)
        best: tuple[float, int, Alignment] | None = None
        for j in st.candidates(fp, sig):
            al = align(st.fps[j], fp)
            if best is None or al.similarity > best[0]:
                best = (al.similarity, j, al)
        if best is None or best[0] < self.params.threshold:
            sim = best[0] if best else 0.0
            return Link(doc_id, None, sim, "no reference document above the threshold")
        sim, j, al = best
        ref = st.fps[j]
        anchors = shared_anchors(fp, ref)
        total = max(len(fp.classes), 1)
        ev = (f"{al.matched} of {total} content words align with the reference through synonym "
              f"classes (longest aligned run {al.longest})")
        if anchors:
            ev += "; shared names/numbers: " + ", ".join(anchors)
        return Link(doc_id, st.ids[j], sim, ev, anchors, al.matched, al.longest)

    def link_all(self, docs: Iterable[tuple[str, str]]) -> Iterator[Link]:
        for doc_id, text in docs:
            yield self.link(doc_id, text)
