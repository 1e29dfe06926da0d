"""A term whose letters no longer spell the acronym defined with it.

A writer who defines an acronym spells it from the term's initials:
"artificial intelligence (AI)", "nearest neighbor (NN)", "Internet of Things
(IoT)". A spinner swaps the term's words for synonyms and leaves the acronym
alone: "synthetic intelligence (AI)", "closest neighbor (NN)", "web of things
(IoT)"; so with the acronym written first, "CNN (convolutional neural
organization)". Where the initials spell the acronym but for one or two words,
those words are very likely the spinner's, and the acronym says which letter
each original started with, which narrows the candidate originals to a few. A
term that does spell its acronym is the writer's (:func:`spelled`).

One job: the acronyms of a text against its wording: find the words that break
one and name their likely original (:func:`detect`), and weigh the other
detectors' findings against them (:func:`reconcile`). Pure: the same text gives
the same findings.

Spelling rules (:func:`align`): the acronym's letters are read, in order, from
the first letters of the words before it, ending with the word just before the
bracket (or, for an acronym written first, from all the words in the bracket after
it, a leading function word aside); a function word ("of", "and", "the") may give
its letter or not, and so may the later parts of a hyphenated word
("man-in-the-middle", "MITM"; "gated-recurrent", "GR" or "G"). A plural acronym
("WSNs", "wsns") is read without its final "s" as well. Roman numerals and single letters in brackets
("(ii)", "(a)") are enumerations, not acronyms.

Measured on the TUNE half of the tortured-phrase list (``scripts/tune_tortured.py
--match '[(]'``, tables learned from one part and measured on the other) and on
honest text (``scripts/check_acronyms_honest.py``); the figures are in
docs/history.md ("Acronyms a term no longer spells").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from ..findings import Finding
from ..spans import SpanIndex
from .tokens import Token, match_case, tokenize

#: an acronym in brackets: two to ten letters (a digit or "&" inside allowed only
#: in the bracket text, never read as a letter)
_ACRONYM = re.compile(r"\(\s*([A-Za-z][A-Za-z&]{1,9})\s*\)")
#: an acronym written first, its term in brackets after it ("AI (artificial intelligence)"):
#: a word of two to ten letters (two or more of them capitals: :func:`_term_after`), then
#: the bracket's words. Bounded, so that a long run of letters costs linear time
_ACRONYM_FIRST = re.compile(r"\b([A-Za-z&]{2,10})\s*\(([^()\n]{3,120})\)")
#: enumerations, not acronyms: roman numerals up to 39
_ROMAN = re.compile(r"^x{0,3}(ix|iv|v?i{0,3})$")
#: words that may give their letter to an acronym or not ("Internet of Things (IoT)",
#: "Federal Bureau of Investigation (FBI)")
FUNCTION = frozenset("a an and at by for from in into of on or the to with via & its".split())
#: words read before the acronym at most (beyond its length)
SLACK = 3
#: wrong letters a reading may have (each on its own word). Bracketed TUNE phrases
#: the rule found, with the shipped tables: 1 -> 23, 2 -> 33 of 86, nearly all of
#: the ten more restored right; no finding on honest text either way
MAX_WRONG = 2
#: right letters a reading needs per wrong one
RIGHT_PER_WRONG = 0.5
#: a word this short is never a spinner's (and its letter is never wrong)
MIN_LEN = 3
#: candidates of the right initial kept per word (best prior first)
TOP = 8
#: a candidate is suggested only if the trigram LM's preference for it over the
#: word as written (nats, on the word and the two after it), plus its log prior in
#: the candidate pool, reaches this: a term of the field is often unknown to a
#: general LM as a phrase, so its prior carries it ("mutual information"), but a
#: distant pool word ("Units" -> "individuals", -6.6, in "International System of
#: Units (SI)", an acronym of the French name) does not pass. Bracketed TUNE
#: phrases found by the rule, tables from the other part (scripts/tune_tortured.py,
#: both folds, 86 phrases): 0 -> 15, -2 -> 26, -4 -> 29; findings on honest dev text
#: and package descriptions: none at 0 or -2; at -4 one, in code ("assert
#: sorted(ls)"), which the rule of a space before the bracket now leaves out
MIN_SCORE = -2.0
#: confidence of a finding: the one wrong letter among letters that agree
CONFIDENCE = 0.8
#: ... when the acronym has only two letters (one of them wrong: a coincidence is
#: likelier), or the reading more than one wrong letter
CONFIDENCE_SHORT = 0.6


@dataclass(frozen=True)
class Mismatch:
    """Token ``i`` should start with ``letter`` for the words before it to spell
    ``acronym`` (as written in the text); a reading with two wrong letters gives two."""

    i: int
    letter: str
    acronym: str
    term: tuple[int, int]  # the tokens spelling it: [term[0], term[1])
    read_from: int  # the first token read for the term (back to a break)


def _letters(acr: str) -> list[str]:
    """The acronym's letters to spell, lowercase: as written, and without a final
    plural "s" ("WSNs", "wsns")."""
    a = acr.replace("&", "")
    low = a.lower()
    out = [low]
    if len(low) > 2 and low.endswith("s"):
        if a[-1] == "s" and a[:-1].isupper():  # "WSNs": surely a plural
            return [low[:-1]]
        if a.islower():  # "wsns": either
            out.append(low[:-1])
    return out


def _is_acronym(acr: str) -> bool:
    low = acr.lower()
    if len(low) < 2 or _ROMAN.match(low):
        return False
    # "(see)" or "(sic)" in a lowercase text is a word, not an acronym; lowercase
    # acronyms (lists of tortured phrases, lowercased text) are still read, but the
    # words before them must nearly spell them, which a word in brackets seldom is
    return True


class Reading(NamedTuple):
    """How a term spells its acronym (:func:`align`): the first word of the term,
    the wrong letters as ``(word index, letter it should start with)``, and every
    word that gives a letter, with that letter."""

    first: int
    wrong: list[tuple[int, str]]
    took: list[tuple[int, str]]


def align(words: list[str], joined: list[bool], letters: str, max_wrong: int | None = None) -> Reading | None:
    """The reading of ``letters`` from the initials of a suffix of ``words`` with the
    fewest wrong letters (then the shortest), or None if no reading spells it with
    at most ``max_wrong`` (:data:`MAX_WRONG`) wrong letters.

    ``joined[k]``: word ``k`` is joined to the one before it by a hyphen (it may give
    its letter or not); function words (:data:`FUNCTION`) may too. A wrong letter
    is allowed only on a content word of at least :data:`MIN_LEN` letters, and a
    reading must get at least one letter right, and :data:`RIGHT_PER_WRONG` per
    wrong one."""
    max_wrong = MAX_WRONG if max_wrong is None else max_wrong
    n = len(words)
    best: tuple[int, int, Reading] | None = None  # (wrong letters, -first, reading)
    low = [w.lower() for w in words]

    def rec(k: int, j: int, took: list[tuple[int, str]], wrong: int, first: int) -> None:
        # read words k.. (left to right) for letters j..
        nonlocal best
        if wrong > max_wrong:
            return
        if k == n:
            right = len(letters) - wrong
            if j == len(letters) and right >= max(1.0, wrong * RIGHT_PER_WRONG):
                if best is None or (wrong, -first) < best[:2]:
                    best = (wrong, -first, Reading(first, [(i, c) for i, c in took if low[i][0] != c], took))
            return
        w = low[k]
        optional = w in FUNCTION or (joined[k] and k > first)
        if optional:
            rec(k + 1, j, took, wrong, first)
        if j >= len(letters):
            return
        if w[0] == letters[j]:
            rec(k + 1, j + 1, took + [(k, letters[j])], wrong, first)
        elif not optional and len(w) >= MIN_LEN and w.isalpha():
            rec(k + 1, j + 1, took + [(k, letters[j])], wrong + 1, first)

    for first in range(max(0, n - len(letters) - SLACK), n):
        if low[first] in FUNCTION:
            continue  # a term does not start with "of" or "the"
        rec(first, 0, [], 0, first)
        if best is not None and best[0] == 0:
            break
    return None if best is None else best[2]


def readings(text: str, tokens: list[Token]) -> list[tuple[str, int, int, Reading]]:
    """Every acronym in brackets right after a term, or before its term in brackets
    (:func:`_term_after`), read (:func:`align`), as
    ``(acronym as written, first token read, last token, reading)``: the
    reading's word indices count from the first token read."""
    if "(" not in text:
        return []
    starts = [t.start for t in tokens]
    out: list[tuple[str, int, int, Reading]] = []
    for m in _ACRONYM_FIRST.finditer(text):
        got = _term_after(tokens, starts, m)
        if got is not None:
            out.append(got)
    for m in _ACRONYM.finditer(text):
        acr = m.group(1)
        if not _is_acronym(acr):
            continue
        end = bisect.bisect_right(starts, m.start()) - 1  # the last token before the bracket
        between = text[tokens[end].end:m.start()] if end >= 0 else ""
        if not between or not between.isspace():
            continue  # no space before the bracket ("sorted(ls)": code), or not only space
        # the term's words: back to a break (a comma, a full stop, a bracket)
        a = end
        while a > 0 and tokens[a].gap in (" ", "-") and end - a < 10 + SLACK:
            a -= 1
        words = [tokens[k].text for k in range(a, end + 1)]
        if any(w.isupper() and len(w) > 1 for w in words):
            continue  # an acronym inside the term ("GPU memory (GM)"): not spelled by initials
        joined = [k > a and tokens[k].gap == "-" for k in range(a, end + 1)]
        for letters in _letters(acr):
            got = align(words, joined, letters)
            if got is not None:
                out.append((acr, a, end, got))
                break  # spelled (with or without a wrong letter) as written: done
    return out


def _term_after(tokens: list[Token], starts: list[int], m: re.Match) -> tuple[str, int, int, Reading] | None:
    """The reading of an acronym written before its term ("AI (artificial intelligence)"):
    the bracket holds the term alone, every word of it read (a leading function word
    may give no letter), as :func:`readings` gives it."""
    acr = m.group(1)
    if sum(c.isupper() for c in acr) < 2 or not _is_acronym(acr):
        return None
    a = bisect.bisect_left(starts, m.start(2))
    end = bisect.bisect_left(starts, m.end(2)) - 1
    if a > end or end - a < 1 or end - a >= 10 + SLACK:
        return None  # one word, or none, or more than a term
    if tokens[a].start != m.start(2) or tokens[end].end != m.end(2):
        return None  # the bracket holds more than words ("(see Section 2.1)")
    if any(tokens[k].gap not in (" ", "-") for k in range(a + 1, end + 1)):
        return None
    words = [tokens[k].text for k in range(a, end + 1)]
    if any(w.isupper() and len(w) > 1 for w in words):
        return None
    joined = [k > a and tokens[k].gap == "-" for k in range(a, end + 1)]
    for letters in _letters(acr):
        got = align(words, joined, letters)
        if got is not None and all(w.lower() in FUNCTION for w in words[:got.first]):
            return acr, a, end, got
    return None


def mismatches(text: str, tokens: list[Token]) -> list[Mismatch]:
    """Every word whose initial is a wrong letter of an acronym defined with its
    term (:func:`readings`)."""
    return _mismatches_of(readings(text, tokens))


def _mismatches_of(rs: list[tuple[str, int, int, Reading]]) -> list[Mismatch]:
    return [Mismatch(a + k, letter, acr, (a + r.first, end + 1), a)
            for acr, a, end, r in rs for k, letter in r.wrong]


def spelled(text: str, tokens: list[Token]) -> dict[int, str]:
    """The words of terms that spell their acronym with no wrong letter, each with
    the letter it gives ("digital versatile disc (DVD)": "versatile" gives "v"): a
    spinner who had touched one would have changed its letter too."""
    return _spelled_of(readings(text, tokens))


def _spelled_of(rs: list[tuple[str, int, int, Reading]]) -> dict[int, str]:
    out: dict[int, str] = {}
    for _, a, _, r in rs:
        if not r.wrong:
            out.update((a + k, c) for k, c in r.took)
    return out


def spells(term: str, acronym: str) -> bool:
    """Whether the words of ``term`` (the last of them ending the term) spell
    ``acronym`` with no wrong letter, read as :func:`readings` reads them."""
    toks = tokenize(term)
    if not toks:
        return False
    words = [t.text for t in toks]
    joined = [k > 0 and t.gap == "-" for k, t in enumerate(toks)]
    for letters in _letters(acronym):
        r = align(words, joined, letters, max_wrong=0)
        if r is not None:
            return True
    return False


def _window(tokens: list[Token], i: int, word: str) -> tuple[list[str], str | None, str | None]:
    """The words scored for ``word`` at token ``i``: it and the next two in its LM
    sentence, with the two before as history."""
    h1 = tokens[i - 1].low if i > 0 and tokens[i].gap != "|" else None
    h2 = tokens[i - 2].low if h1 is not None and i > 1 and tokens[i - 1].gap != "|" else None
    ws = [word]
    for k in (i + 1, i + 2):
        if k >= len(tokens) or tokens[k].gap == "|":  # a break ends the LM sentence
            break
        ws.append(tokens[k].low)
    return ws, h1, h2


def suggestions(tokens: list[Token], mm: Mismatch) -> list[tuple[str, float]]:
    """Candidate originals of the word at ``mm.i`` that start with ``mm.letter``, each
    with how many nats the trigram LM prefers it to the word as written (its window,
    :func:`_window`) plus its log prior, best first; those under :data:`MIN_SCORE`
    are left out."""
    from .precise import slot_pool  # the widest pool of candidate originals
    from .resources import shared_lm

    t = tokens[mm.i]
    pool = [(c, pr) for c, pr in slot_pool(t.low) if c[:1] == mm.letter and c != t.low and " " not in c]
    if not pool:
        return []
    lm = shared_lm()
    ws, h1, h2 = _window(tokens, mm.i, t.low)
    base = lm.logprob(ws, h1, h2)
    scored = []
    for c, pr in pool[:TOP]:
        score = lm.logprob([c] + ws[1:], h1, h2) - base + pr
        if score >= MIN_SCORE:
            scored.append((c, score))
    scored.sort(key=lambda cg: -cg[1])
    return scored


def detect(text: str, tokens: list[Token]) -> list[Finding]:
    """``spun`` findings on the words that break an acronym's spelling, each
    suggesting the best candidate original with the acronym's letter; a word none of
    whose candidates has the letter is left alone. The same term written again
    elsewhere in the text (the same words, without the acronym) gets the same
    finding: the writer repeated one term, and the spinner's copy of it is the one
    the acronym shows."""
    return _detect(text, tokens, mismatches(text, tokens))


def _detect(text: str, tokens: list[Token], found: list[Mismatch]) -> list[Finding]:
    """:func:`detect` on the words ``found`` (:func:`mismatches`)."""
    if not found:
        return []
    out: list[Finding] = []
    done: set[int] = set()
    by_term: dict[tuple, list[Mismatch]] = {}
    for mm in found:
        by_term.setdefault((mm.term, mm.acronym), []).append(mm)
    firsts: dict[str, list[int]] = {}  # word -> where it stands, for the repeats of a term
    for k, t in enumerate(tokens):
        firsts.setdefault(t.low, []).append(k)
    for (term_span, acronym), mms in by_term.items():
        if all(mm.i in done for mm in mms):
            continue  # the same term, defined again: its words were found as a repeat
        read_from = mms[0].read_from
        cands = [suggestions(tokens, mm) for mm in mms]
        if not all(cands):
            continue  # a word none of whose close words has its letter: a coincidence as likely
        a, b = term_span
        term = text[tokens[a].start:tokens[b - 1].end]
        conf = CONFIDENCE if len(acronym.replace("&", "")) > 2 and len(mms) == 1 else CONFIDENCE_SHORT
        repeats = _repeats(tokens, a, b, firsts[tokens[a].low])
        for mm, cs in zip(mms, cands):
            t = tokens[mm.i]
            why = (f'"{term}" does not spell the acronym "{acronym}" defined with it: '
                   f'"{t.text}" should start with "{mm.letter}"; "{match_case(t.text, cs[0][0])}" does, '
                   f'and is close in meaning to "{t.text}"')
            for k, ta in [(mm.i, a)] + [(s + (mm.i - a), s) for s in repeats]:
                fa = read_from if ta == a else ta
                if k in done:
                    continue
                done.add(k)
                w = tokens[k]
                # the words read for the term this word is in (from the break before
                # it), for a caller weighing other findings on them (``spells``)
                detail = (("source", "acronym"), ("acronym", acronym),
                          ("term_start", tokens[fa].start), ("term_end", tokens[ta + b - a - 1].end))
                best = match_case(w.text, cs[0][0])
                alts = tuple((match_case(w.text, c), round(conf * 0.5, 4)) for c, _ in cs[1:4])
                out.append(Finding("spun", w.start, w.end, w.text, best, conf,
                                   why if k == mm.i else
                                   f'"{term}" again: where it is defined, it does not spell its acronym '
                                   f'"{acronym}"; "{best}" is what the acronym asks for',
                                   alternatives=alts, detail=detail))
    out.sort(key=lambda f: f.start)
    return out


def reconcile(text: str, tokens: list[Token], findings: list[Finding]
              ) -> tuple[list[Finding], list[Finding], set[tuple[int, int]]]:
    """The other detectors' ``findings`` read against the acronyms of the text, as
    ``(findings, new, upheld)``:

    * a finding that would change the letter a word gives to the acronym its term
      spells (:func:`spelled`) is dropped: "digital versatile disc (DVD)" is the
      writer's, and "versatile" -> "mobile" would break it;
    * where a finding, applied, makes a term spell its acronym (a phrase found
      around the word may say more than :func:`detect`: "Africanized precious heart
      bee (AHB)": "precious heart" -> "honey"), it is kept, at least as sure as the
      acronym's finding and with its reason added, and its span goes in ``upheld``;
    * the acronym findings no finding agrees with are ``new``, for the caller to
      put in place of what they overlap."""
    rs = readings(text, tokens)
    findings = _spelled_kept(tokens, findings, _spelled_of(rs))
    new = []
    upheld: set[tuple[int, int]] = set()
    found = _detect(text, tokens, _mismatches_of(rs))
    if not found:
        return findings, new, upheld
    index = SpanIndex((g.start, g.end) for g in findings)
    for f in found:
        d = dict(f.detail)
        agree = [k for k in index.overlapping(f.start, f.end)
                 if findings[k].suggestion is not None and _spells_with(text, findings[k], d)]
        if not agree:
            # (the term's offsets were for this step: a report's offsets are mapped back to
            # the text as given, and these would not be)
            new.append(replace(f, detail=tuple(kv for kv in f.detail if kv[0] not in ("term_start", "term_end"))))
            continue
        findings = list(findings)
        for k in agree:
            g = findings[k]
            why = f.evidence.split(";")[0]
            findings[k] = replace(g, confidence=max(g.confidence, f.confidence), evidence=f"{g.evidence}; {why}")
            upheld.add((g.start, g.end))
    return findings, new, upheld


def _spells_with(text: str, g: Finding, d: dict) -> bool:
    """Whether the term of an acronym finding (detail ``d``) spells its acronym once
    finding ``g`` is applied."""
    ts, te = d["term_start"], d["term_end"]
    if g.end > te:  # it reaches past the term: the acronym's own finding decides
        return False
    lo = min(ts, g.start)
    return spells(text[lo:g.start] + g.suggestion + text[g.end:te], d["acronym"])


def _spelled_kept(tokens: list[Token], findings: list[Finding], spelled_at: dict[int, str]) -> list[Finding]:
    """``findings`` but those that would change the letter a word gives to the
    acronym its term spells (``spelled_at``: :func:`spelled`)."""
    at = [(tokens[k].start, tokens[k].end, c) for k, c in spelled_at.items()]
    if not at:
        return findings
    index = SpanIndex((s, e) for s, e, _ in at)
    return [g for g in findings if g.suggestion is None or all(
        _restores_with(g, at[k][0], at[k][2]) for k in index.overlapping(g.start, g.end))]


def _restores_with(g: Finding, start: int, letter: str) -> bool:
    """Whether finding ``g``'s suggestion puts a word starting with ``letter`` where
    the word at ``start`` is (the same place in its word order)."""
    k = len(g.text[: max(0, start - g.start)].split())
    words = g.suggestion.split()
    return k < len(words) and words[k][:1].lower() == letter


def _repeats(tokens: list[Token], a: int, b: int, starts: list[int]) -> list[int]:
    """Where else the words of tokens ``[a, b)`` occur in a row (joined as there, by
    spaces or hyphens, same words in any case): the first token of each, among
    ``starts`` (where the first word stands)."""
    key = [(tokens[k].low, tokens[k].gap if k > a else "") for k in range(a, b)]
    m = b - a
    out = []
    for s in starts:
        if s == a or s + m > len(tokens):
            continue
        if all(tokens[s + j].low == key[j][0] and tokens[s + j].gap == key[j][1] for j in range(1, m)):
            out.append(s)
    return out
