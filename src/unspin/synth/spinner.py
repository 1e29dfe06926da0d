"""A synthetic article spinner with known ground truth.

``spin(text, style, rate, seed)`` rewrites ``text`` the way article spinners do
and returns the spun text together with every edit it made, so that detection
and restoration can be measured exactly. Deterministic for a given
(text, style, rate, seed).

Styles
------
``thesaurus``  random Moby-thesaurus synonyms of content words (inflection kept)
``common``     only common single-word Moby synonyms, frequency-weighted
``sense``      Moby synonyms belonging to another sense of a polysemous word
``phrase``     function-word and phrase swaps (length-changing), multiword content swaps
``case``       case, name and abbreviation damage ("U.S." -> "You.S.", "I" -> "i")
``mixed``      all of the above at once, weighted like a real spinner's output
``heldout``    WordNet synonyms + its own phrase table + name lowercasing. HELD OUT:
               built from a different synonym source than every other style and
               never to be used for training or tuning a detector or restorer.

``rate`` is the share (0..1) of eligible sites (words or phrases the style
could change) that are changed.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from . import lexdata, tables
from .morph import analyses, inflect, match_case

STYLES = ("thesaurus", "common", "sense", "phrase", "case", "mixed", "heldout")
#: Styles that may be used for training and tuning.
TUNING_STYLES = ("thesaurus", "common", "sense", "phrase", "case", "mixed")
#: Styles kept out of all tuning; report them apart.
HELDOUT_STYLES = ("heldout",)


@dataclass(frozen=True)
class SpunEdit:
    """One change: ``spun`` at ``start:end`` of the spun text replaced
    ``original`` at ``orig_start:orig_end`` of the original text."""

    start: int
    end: int
    spun: str
    original: str
    orig_start: int
    orig_end: int
    kind: str


@dataclass(frozen=True)
class SpunText:
    text: str
    original: str
    edits: tuple[SpunEdit, ...]
    style: str
    rate: float
    seed: int
    eligible: int

    def unspun(self) -> str:
        """The original text, rebuilt from the spun text and the edits alone."""
        out, pos = [], 0
        for e in self.edits:
            out.append(self.text[pos : e.start])
            out.append(e.original)
            pos = e.end
        out.append(self.text[pos:])
        return "".join(out)

    @property
    def changed_share(self) -> float:
        return len(self.edits) / self.eligible if self.eligible else 0.0


# ------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z]+(?:['’][A-Za-z]+)?(?:-[A-Za-z]+)*")
_SENT_END = re.compile(r"[.!?:;][\"'”’)\]]*\s*$|\n\s*$")


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str
    initial: bool  # first word of a sentence or line


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        gap = text[prev_end : m.start()] if out else text[: m.start()]
        initial = not out or bool(_SENT_END.search(gap))
        out.append(_Tok(m.start(), m.end(), m.group(), initial))
        prev_end = m.end()
    return out


@dataclass(frozen=True)
class _Site:
    start: int
    end: int
    options: tuple[tuple[str, float], ...]
    kind: str
    weight: float = 1.0
    #: When set, the chosen replacement takes this text's capitalisation.
    template: str | None = None


# ---------------------------------------------------------------------- synonyms


def _clean_syn(s: str) -> bool:
    return bool(s) and s.replace(" ", "").replace("-", "").isalpha() and s.islower()


@lru_cache(maxsize=None)
def _syn_options(source: str, lemma: str, tag: str, mode: str) -> tuple[tuple[str, float], ...]:
    """Inflected replacement options for ``lemma``: (text, weight)."""
    if source == "moby":
        syns = lexdata.moby().get(lemma, ())
    else:
        syns = lexdata.wordnet()[0].get(lemma, ())
    base_words = set(lemma.split())
    out: list[tuple[str, float]] = []
    if mode == "sense":
        if len(syns) < 30:
            return ()
        own = lexdata.moby_set(lemma)
        pool = [s for s in syns if " " not in s and _clean_syn(s) and lexdata.zipf(s) >= 3.0]
        pool = sorted(pool, key=lexdata.zipf, reverse=True)[:40]  # the common ones only
        scored = []
        for s in pool:
            other = lexdata.moby_set(s)
            if not other:
                continue
            ov = len(own & other) / min(len(own), len(other))
            scored.append((ov, s))
        if len(scored) < 3:
            return ()
        scored.sort()
        keep = scored[: max(1, len(scored) // 3)]
        for _, s in keep:
            form = inflect(s, tag)
            if lexdata.is_word(form, 2.0) and form != lemma:
                out.append((form, 10 ** (0.5 * lexdata.zipf(form))))
        return tuple(out)
    for s in syns:
        if not _clean_syn(s) or base_words & set(s.split()):
            continue
        nwords = s.count(" ") + 1
        if mode == "common":
            if nwords > 1:
                continue
            form = inflect(s, tag)
            z = lexdata.zipf(form)
            if z < 3.5:
                continue
            out.append((form, 10 ** (0.5 * z)))
        elif mode == "multi":
            if nwords < 2 or nwords > 3:
                continue
            form = inflect(s, tag)
            if lexdata.is_word(form, 3.0):
                out.append((form, 1.0))
        elif mode == "wordnet":
            if nwords > 3:
                continue
            form = inflect(s, tag)
            if lexdata.is_word(form, 2.0):
                out.append((form, 10 ** (0.3 * lexdata.zipf(form.split()[-1]))))
        else:  # thesaurus: any synonym, uniform
            if nwords > 3:
                continue
            form = inflect(s, tag)
            if lexdata.is_word(form, 1.0):
                out.append((form, 1.0))
    return tuple(out)


@lru_cache(maxsize=None)
def _word_options(source: str, lemma: str, tag: str, mode: str, word: str) -> tuple[tuple[str, float], ...]:
    return tuple(o for o in _syn_options(source, lemma, tag, mode) if o[0] != word)


def _content_sites(toks: list[_Tok], source: str, mode: str, kind: str) -> list[_Site]:
    if source == "moby":
        lex = lexdata.moby()
    else:
        lex = lexdata.wordnet()[0]
    known = lex.__contains__
    sites = []
    for t in toks:
        w = t.text
        if not w.isalpha() or len(w) < 3:
            continue
        if w[0].isupper() and not (t.initial and w[1:].islower()):
            continue  # proper names and acronyms stay
        low = w.lower()
        if low in tables.FUNCTION_WORDS:
            continue
        for lemma, tag in analyses(low, known):
            opts = _word_options(source, lemma, tag, mode, low)
            if opts:
                sites.append(_Site(t.start, t.end, opts, kind, template=w))
                break
    return sites


@lru_cache(maxsize=1)
def _moby_multiword_roots() -> dict[str, tuple[str, ...]]:
    """First word -> multiword Moby roots (2-3 words) starting with it."""
    out: dict[str, list[str]] = {}
    for root in lexdata.moby():
        n = root.count(" ") + 1
        if 2 <= n <= 3 and root.replace(" ", "").isalpha():
            out.setdefault(root.split(" ")[0], []).append(root)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _match_phrase(text: str, toks: list[_Tok], i: int, n: int) -> tuple[str, int] | None:
    """The n tokens from i joined by single spaces (lowercased) and the end offset."""
    if i + n > len(toks):
        return None
    for k in range(i, i + n - 1):
        if text[toks[k].end : toks[k + 1].start] != " ":
            return None
    return " ".join(t.text.lower() for t in toks[i : i + n]), toks[i + n - 1].end


def _table_sites(text: str, toks: list[_Tok], table: dict, kind: str) -> list[_Site]:
    maxn = max(k.count(" ") + 1 for k in table)
    sites = []
    for i, t in enumerate(toks):
        if t.text[0].isupper() and not t.initial:
            continue
        for n in range(maxn, 0, -1):
            m = _match_phrase(text, toks, i, n)
            if m is None or m[0] not in table:
                continue
            orig = text[t.start : m[1]]
            opts = tuple((match_case(orig, r), w) for r, w in table[m[0]])
            opts = tuple(o for o in opts if o[0] != orig)
            if opts:
                sites.append(_Site(t.start, m[1], opts, kind))
            break
    return sites


def _multiword_sites(text: str, toks: list[_Tok]) -> list[_Site]:
    """Multiword content swaps: a word for a Moby phrase, a Moby phrase for a word."""
    sites = _content_sites(toks, "moby", "multi", "phrase")
    roots = _moby_multiword_roots()
    for i, t in enumerate(toks):
        cands = roots.get(t.text.lower())
        if not cands:
            continue
        for root in cands:
            m = _match_phrase(text, toks, i, root.count(" ") + 1)
            if m is None or m[0] != root:
                continue
            opts = _syn_options("moby", root, "", "common")
            orig = text[t.start : m[1]]
            opts = tuple((match_case(orig, o), w) for o, w in opts)
            if opts:
                sites.append(_Site(t.start, m[1], opts, "phrase"))
            break
    return sites


_ABBREV_U = re.compile(r"U\.(?:[A-Z]\.)+")


def _case_sites(text: str, toks: list[_Tok], lowercase_only: bool = False) -> list[_Site]:
    sites: list[_Site] = []
    taken: set[int] = set()
    if not lowercase_only:
        for name, dmg in tables.NAME_DAMAGE.items():
            for m in re.finditer(r"\b" + re.escape(name) + r"\b", text):
                sites.append(_Site(m.start(), m.end(), tuple((d, 1.0) for d in dmg), "case"))
                taken.update(range(m.start(), m.end()))
    i = 0
    while i < len(toks):
        t = toks[i]
        w = t.text
        if t.start in taken:
            i += 1
            continue
        if not lowercase_only and _ABBREV_U.fullmatch(w):
            sites.append(_Site(t.start, t.end, (("You." + w[2:], 3.0), (w.lower(), 1.0)), "case"))
        elif not lowercase_only and w in tables.COUNTRY_DAMAGE:
            sites.append(_Site(t.start, t.end, tuple((d, 1.0) for d in tables.COUNTRY_DAMAGE[w]), "case"))
        elif not lowercase_only and (w == "I" or w.startswith(("I'", "I’"))):
            prev = toks[i - 1] if i else None
            if prev is None or not prev.text[0].isupper() or prev.initial:
                sites.append(_Site(t.start, t.end, (("i" + w[1:], 1.0),), "case"))
        elif (
            w[0].isupper() and w[1:].islower() and len(w) > 1 and w.replace("-", "").isalpha()
            and not t.initial and w != "I"
        ):
            # a run of capitalised words: one name, lowercased as a unit
            j = i
            while (
                j + 1 < len(toks) and text[toks[j].end : toks[j + 1].start] == " "
                and toks[j + 1].text[0].isupper() and toks[j + 1].text[1:].islower()
            ):
                j += 1
            orig = text[t.start : toks[j].end]
            sites.append(_Site(t.start, toks[j].end, ((orig.lower(), 1.0),), "case"))
            i = j
        i += 1
    return sites


# --------------------------------------------------------------------------- spin


def _sites_for(style: str, text: str, toks: list[_Tok]) -> list[_Site]:
    def weighted(sites: Iterable[_Site], w: float) -> list[_Site]:
        return [_Site(s.start, s.end, s.options, s.kind, w, s.template) for s in sites]

    if style == "thesaurus":
        return _content_sites(toks, "moby", "thesaurus", "synonym")
    if style == "common":
        return _content_sites(toks, "moby", "common", "synonym")
    if style == "sense":
        return _content_sites(toks, "moby", "sense", "sense")
    if style == "phrase":
        return _table_sites(text, toks, tables.PHRASE_SWAPS, "phrase") + weighted(
            _multiword_sites(text, toks), 0.5
        )
    if style == "case":
        return _case_sites(text, toks)
    if style == "mixed":
        return (
            weighted(_content_sites(toks, "moby", "common", "synonym"), 1.0)
            + weighted(_content_sites(toks, "moby", "thesaurus", "synonym"), 0.5)
            + weighted(_content_sites(toks, "moby", "sense", "sense"), 0.4)
            + weighted(_table_sites(text, toks, tables.PHRASE_SWAPS, "phrase"), 1.0)
            + weighted(_multiword_sites(text, toks), 0.3)
            + weighted(_case_sites(text, toks), 1.5)
        )
    if style == "heldout":
        return (
            weighted(_content_sites(toks, "wordnet", "wordnet", "synonym"), 1.0)
            + weighted(_table_sites(text, toks, tables.HELDOUT_PHRASE_SWAPS, "phrase"), 0.7)
            + weighted(_case_sites(text, toks, lowercase_only=True), 0.3)
        )
    raise ValueError(f"unknown spin style {style!r} (one of {', '.join(STYLES)})")


def _rng(text: str, style: str, rate: float, seed: int) -> random.Random:
    h = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return random.Random(f"unspin-synth|{style}|{rate:.4f}|{seed}|{h}")


def spin(text: str, style: str = "mixed", rate: float = 0.3, seed: int = 0) -> SpunText:
    """Spin ``text``: change ``rate`` of the eligible sites in the given ``style``."""
    if not 0.0 <= rate <= 1.0:
        raise ValueError("rate must be between 0 and 1")
    toks = _tokens(text)
    sites = _sites_for(style, text, toks)
    eligible = len({s.start for s in sites})
    target = round(rate * eligible)
    rng = _rng(text, style, rate, seed)
    keyed = sorted(
        ((rng.random() ** (1.0 / s.weight), -idx, s) for idx, s in enumerate(sites)),
        key=lambda x: (x[0], x[1]),
        reverse=True,
    )
    chosen: list[_Site] = []
    occupied: list[tuple[int, int]] = []
    for _, _, s in keyed:
        if len(chosen) >= target:
            break
        if any(s.start < b and a < s.end for a, b in occupied):
            continue
        chosen.append(s)
        occupied.append((s.start, s.end))
    chosen.sort(key=lambda s: s.start)

    out: list[str] = []
    edits: list[SpunEdit] = []
    pos = 0
    offset = 0
    for s in chosen:
        texts = [o for o, _ in s.options]
        weights = [w for _, w in s.options]
        new = rng.choices(texts, weights=weights, k=1)[0]
        if s.template is not None:
            new = match_case(s.template, new)
        orig = text[s.start : s.end]
        out.append(text[pos : s.start])
        start = s.start + offset
        out.append(new)
        edits.append(SpunEdit(start, start + len(new), new, orig, s.start, s.end, s.kind))
        offset += len(new) - len(orig)
        pos = s.end
    out.append(text[pos:])
    return SpunText("".join(out), text, tuple(edits), style, rate, seed, eligible)
