"""Just enough English inflection for a spinner: find a word's base form in a
lexicon and put a synonym into the same form (partners -> couples)."""

from __future__ import annotations

from collections.abc import Callable

VOWELS = set("aeiou")

#: Inflection tags: "" base, "s" plural / 3rd person, "ed" past, "ing" gerund.
TAGS = ("", "s", "ed", "ing")


def analyses(word: str, known: Callable[[str], bool]) -> list[tuple[str, str]]:
    """Possible (lemma, tag) readings of lowercase ``word`` whose lemma is ``known``."""
    out: list[tuple[str, str]] = []

    def add(lemma: str, tag: str) -> None:
        if lemma and lemma != word and known(lemma) and (lemma, tag) not in out:
            out.append((lemma, tag))

    if known(word):
        out.append((word, ""))
    n = len(word)
    if n > 3 and word.endswith("s") and not word.endswith("ss"):
        if word.endswith("ies") and n > 4:
            add(word[:-3] + "y", "s")
        if word.endswith("es"):
            stem = word[:-2]
            if stem.endswith(("s", "x", "z", "ch", "sh", "o")):
                add(stem, "s")
        add(word[:-1], "s")
    if n > 4 and word.endswith("ed"):
        if word.endswith("ied"):
            add(word[:-3] + "y", "ed")
        stem = word[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            add(stem[:-1], "ed")
        add(stem, "ed")
        add(word[:-1], "ed")
    if n > 5 and word.endswith("ing"):
        stem = word[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            add(stem[:-1], "ing")
        add(stem, "ing")
        add(stem + "e", "ing")
        if stem.endswith("y"):
            add(stem[:-1] + "ie", "ing")
    return out


def inflect_word(w: str, tag: str) -> str:
    if not tag:
        return w
    if tag == "s":
        if w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
            return w[:-1] + "ies"
        if w.endswith(("s", "x", "z", "ch", "sh")):
            return w + "es"
        return w + "s"
    if tag == "ed":
        if w.endswith("e"):
            return w + "d"
        if w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
            return w[:-1] + "ied"
        return w + "ed"
    if tag == "ing":
        if w.endswith("ie"):
            return w[:-2] + "ying"
        if w.endswith("e") and not w.endswith(("ee", "ye", "oe")) and len(w) > 2:
            return w[:-1] + "ing"
        return w + "ing"
    raise ValueError(f"unknown tag {tag!r}")


def inflect(phrase: str, tag: str) -> str:
    """Inflect a word or phrase: plurals on the last word, verb forms on the first."""
    if not tag:
        return phrase
    words = phrase.split(" ")
    i = len(words) - 1 if tag == "s" else 0
    words[i] = inflect_word(words[i], tag)
    return " ".join(words)


def match_case(template: str, new: str) -> str:
    """Give ``new`` the capitalisation pattern of ``template``."""
    if len(template) > 1 and template.isupper():
        return new.upper()
    if template[:1].isupper():
        return new[:1].upper() + new[1:]
    return new
