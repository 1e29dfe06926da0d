"""What survives spinning: a document as a sequence of synonym-class ids, plus its anchors.

A spinner swaps content words for thesaurus synonyms and shuffles function words. So:

* function words are dropped (spinners swap "of"/"in", "the"/"a" freely);
* every remaining word is lemmatised crudely (plural, -ed, -ing, -ly) and mapped to its synonym
  class from the shipped Moby table (``unspin/data/synclasses.tsv.gz``); words not in the table
  (names, numbers, technical terms) are their own class; each word also carries its
  *alternative* classes (``unspin/data/synalts.tsv.gz``: the other classes most of its Moby
  synonyms fall in), so that the alignment can match a synonym the class table put elsewhere;
* names - numbers and capitalised words the thesaurus does not know - are kept aside: a
  thesaurus spinner cannot change them, so spun copies share them while merely similar texts
  (two countries' Wikipedia leads written to one template) do not;
* anchors - numbers and capitalised words that are not sentence-initial, as written - are
  kept as human-readable evidence.

Class ids are stable 32-bit hashes (CRC32) of the class name, so fingerprints are the same in
every process and every run.
"""

from __future__ import annotations

import gzip
import re
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FUNCTION_WORDS = frozenset("""
a an the this that these those there here
of in on at by for from to into onto upon with within without about above below under over
after before during since until till through throughout across along among amongst around
against between beyond toward towards via per than then as like unlike near off out up down
and or but nor so yet also too either neither both whether if unless because although though
while whereas when where which who whom whose what why how whatever whoever however
is am are was were be been being have has had having do does did doing done
will would shall should can could may might must ought
i me my mine myself we us our ours ourselves you your yours yourself yourselves
he him his himself she her hers herself it its itself they them their theirs themselves
one ones some any all each every no not none nothing something anything everything
many much more most few fewer less least several such other others another same own
very just only even still already again ever never often always sometimes quite rather
s t d ll m re ve
""".split())

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def class_table() -> dict[str, str]:
    """The shipped word -> class-name table (loaded once)."""
    data = resources.files("unspin").joinpath("data/synclasses.tsv.gz").read_bytes()
    table: dict[str, str] = {}
    for line in gzip.decompress(data).decode("ascii").splitlines():
        rep, _, members = line.partition("\t")
        table[rep] = rep
        for m in members.split():
            table[m] = rep
    return table


@lru_cache(maxsize=1)
def alt_table() -> dict[str, str]:
    """The shipped word -> "class class ..." table of other classes its synonyms fall in."""
    data = resources.files("unspin").joinpath("data/synalts.tsv.gz").read_bytes()
    table: dict[str, str] = {}
    for line in gzip.decompress(data).decode("ascii").splitlines():
        word, _, alts = line.partition("\t")
        table[word] = alts
    return table


def _stable_id(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def _lemma_candidates(w: str):
    yield w
    n = len(w)
    if n > 3 and w.endswith("ies"):
        yield w[:-3] + "y"
    if n > 3 and w.endswith("es"):
        yield w[:-2]
    if n > 3 and w.endswith("s") and not w.endswith("ss"):
        yield w[:-1]
    if n > 4 and w.endswith("ied"):
        yield w[:-3] + "y"
    if n > 4 and w.endswith("ed"):
        yield w[:-2]
        yield w[:-1]
        if w[-3] == w[-4]:
            yield w[:-3]
    if n > 5 and w.endswith("ing"):
        yield w[:-3]
        yield w[:-3] + "e"
        if w[-4] == w[-5]:
            yield w[:-4]
    if n > 4 and w.endswith("ly"):
        yield w[:-2]
        if w.endswith("ily"):
            yield w[:-3] + "y"
    if n > 4 and w.endswith("er"):
        yield w[:-2]
        yield w[:-1]
    if n > 5 and w.endswith("est"):
        yield w[:-3]


#: Classes whose name is at least this frequent (wordfreq Zipf) are "common": they still count
#: in the alignment, but not among the rare classes that LSH candidate search uses.
RARE_ZIPF = 5.0


def word_class(word: str) -> int:
    """The synonym-class id of a lowercase word (its own id when the table does not know it)."""
    return _class_info(word)[0]


def _class_info(word: str) -> tuple[int, bool, frozenset, bool]:
    """(class id, whether the class is rare, its class ids incl. alternatives, known word)."""
    table = class_table()
    alts = alt_table()
    name = word
    other = ""
    known = False
    for cand in _lemma_candidates(word):
        rep = table.get(cand)
        if rep is not None or cand in alts:
            name = rep or cand
            other = alts.get(cand, "")
            known = True
            break
    cid = _stable_id(name)
    ids = frozenset([cid, *(_stable_id(x) for x in other.split())])
    return cid, _zipf(name) < RARE_ZIPF, _intern(ids), known


def _intern(ids: frozenset) -> frozenset:
    got = _SETS.get(ids)
    if got is None:
        got = _SETS[ids] = ids
    return got


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@dataclass(frozen=True)
class Fingerprint:
    """A compact, spin-tolerant view of one document."""

    classes: array  # uint32 class ids of the content words, in order (capped)
    rare: array  # the distinct rare class ids among them, sorted (what LSH buckets use)
    names: array  # distinct ids of numbers and capitalised words the thesaurus lacks, sorted
    anchors: tuple[str, ...]  # numbers and mid-sentence capitalised words (first occurrences)
    n_words: int  # all word tokens in the text
    alts: tuple[frozenset, ...] = ()  # per content word: its class id and alternative classes


def fingerprint(text: str, max_tokens: int = 400, max_anchors: int = 32) -> Fingerprint:
    """Turn a text into a :class:`Fingerprint` (pure and deterministic)."""
    classes = array("I")
    alts: list[frozenset] = []
    rare: set[int] = set()
    names: set[int] = set()
    anchors: list[str] = []
    seen_anchor: set[str] = set()
    info = _INFO
    n = 0
    prev_end = 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        n += 1
        first = tok[0]
        if (first.isdigit() or first.isupper()) and len(anchors) < max_anchors:
            start = m.start()
            if first.isdigit() or (prev_end and not _BOUNDARY.search(text, prev_end, start)):
                key = tok.lower()
                if key not in seen_anchor and key not in FUNCTION_WORDS:
                    seen_anchor.add(key)
                    anchors.append(tok)
        prev_end = m.end()
        if len(classes) >= max_tokens:
            continue
        low = tok.lower()
        got = info.get(low)
        if got is None:
            if low in FUNCTION_WORDS:
                got = info[low] = (0, False, _EMPTY, True)
            elif first.isdigit():
                sid = _stable_id(low)
                got = info[low] = (sid, True, frozenset([sid]), False)
            else:
                got = info[low] = _class_info(low.replace("\u2019", "'"))
            if len(info) > _INFO_MAX:
                info.clear()
                _SETS.clear()
        cid, is_rare, alt, known = got
        if cid == 0:
            continue
        if (first.isdigit() or first.isupper()) and not known:
            names.add(cid)  # a name or number: its own class, the thesaurus cannot spin it
        classes.append(cid)
        alts.append(alt)
        if is_rare:
            rare.add(cid)
    return Fingerprint(classes, array("I", sorted(rare)), array("I", sorted(names)), tuple(anchors), n,
                       tuple(alts))


_BOUNDARY = re.compile(r"[.!?:;]")
_INFO: dict[str, tuple[int, bool, frozenset, bool]] = {}
_SETS: dict[frozenset, frozenset] = {}
_EMPTY: frozenset = frozenset()
_INFO_MAX = 500_000
