"""Crude, LM-validated lemmatisation and re-inflection (plural/3sg -s, -ed, -ing)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

_VOWELS = set("aeiou")


def lemmas(word: str) -> list[tuple[str, str]]:
    """Possible (lemma, suffix class) pairs for ``word``; the word itself first with class ''."""
    out = [(word, "")]
    n = len(word)
    if n > 3 and word.endswith("ies"):
        out.append((word[:-3] + "y", "s"))
    if n > 3 and word.endswith("es"):
        out.append((word[:-2], "s"))
    if n > 2 and word.endswith("s") and not word.endswith("ss"):
        out.append((word[:-1], "s"))
    if n > 4 and word.endswith("ied"):
        out.append((word[:-3] + "y", "ed"))
    if n > 3 and word.endswith("ed"):
        out.append((word[:-2], "ed"))
        out.append((word[:-1], "ed"))
        if n > 4 and word[-3] == word[-4]:
            out.append((word[:-3], "ed"))
    if n > 4 and word.endswith("ing"):
        out.append((word[:-3], "ing"))
        out.append((word[:-3] + "e", "ing"))
        if n > 5 and word[-4] == word[-5]:
            out.append((word[:-4], "ing"))
    return out


def _forms(lemma: str, cls: str) -> list[str]:
    if cls == "":
        return [lemma]
    if cls == "s":
        if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
            return [lemma[:-1] + "ies"]
        if lemma.endswith(("s", "x", "z", "ch", "sh")):
            return [lemma + "es"]
        return [lemma + "s"]
    if cls == "ed":
        if lemma.endswith("e"):
            return [lemma + "d"]
        if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
            return [lemma[:-1] + "ied"]
        return [lemma + "ed", lemma + lemma[-1] + "ed"]
    if cls == "ing":
        if lemma.endswith("ie"):
            return [lemma[:-2] + "ying"]
        if lemma.endswith("e") and not lemma.endswith("ee"):
            return [lemma[:-1] + "ing"]
        return [lemma + "ing", lemma + lemma[-1] + "ing"]
    return [lemma]


def inflect(phrase: str, cls: str, known: Callable[[str], bool]) -> str | None:
    """``phrase`` with suffix class ``cls`` applied (to the last word for -s, the
    first for -ed/-ing), or None if no form is a known word."""
    if cls == "":
        return phrase
    words = phrase.split(" ")
    idx = len(words) - 1 if cls == "s" else 0
    for f in _forms(words[idx], cls):
        if known(f):
            words[idx] = f
            return " ".join(words)
    return None


def carried_over(word: str, entries: Callable[[str], Sequence[tuple[str, float]]], limit: int | None,
                 known: Callable[[str], bool]) -> dict[str, float]:
    """Single-word originals that ``entries(lemma)`` lists for the lemmas of ``word`` (the
    first ``limit`` of each), re-inflected to ``word``'s form, each at its best prior, in the
    order first seen."""
    out: dict[str, float] = {}
    for lem, cls in lemmas(word):
        for r, prior in entries(lem)[:limit]:
            if " " in r:
                continue
            f = inflect(r, cls, known)
            if f and f != word and (f not in out or out[f] < prior):
                out[f] = prior
    return out
