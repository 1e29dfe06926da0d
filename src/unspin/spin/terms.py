"""Terms of the field: word pairs writers use, which a general-English LM does not know.

The trigram LM was trained on general English and knows few technical terms as
units ("activation function", "linear regression", "thin films"), so a
tortured phrase ("activation work", "direct relapse", "lean movies") often looks
no worse to it than its original. ``resources.real_terms`` lists the adjacent
content-word pairs of the ORIGINAL phrases of real tortured phrases. Two uses,
both pure functions of the tokens:

* a single word that forms a listed term with its neighbour ("image
  segmentation") was written, not spun: its thesaurus proposal is dropped;
* a candidate original that forms a listed term with its neighbour, where the
  word itself forms none ("work" -> "function" after "activation"), is a likelier
  original: the proposal gains ``TERM_BONUS`` nats of evidence and that
  candidate's share is multiplied by ``exp(TERM_SHARE)``.

``spin.collocation`` leaves alone a run that is itself a listed term. (Counting
a listed pair as a known link in its phrase search added 0.2 points of top-1
and put in phrases such as "find high electricity" -> "how low energy": left
out.)
Inflection is handled on both sides (the table holds "neural networks" and
"neural network"; a look-up tries each word's lemmas).
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

from .inflect import lemmas
from .lexical import Proposal, reweighted
from .memo import flat_cache
from .resources import derived_from_tables, real_terms
from .tokens import Token

#: evidence (nats) added where a candidate original makes a listed term and the
#: word does not; and the log-factor on that candidate's share. Chosen on the
#: TUNE half of the tortured-phrase list (terms and real spinners' words learned
#: from one part, measured on the other). Flagged / expected phrases flagged /
#: top-1: without terms 50.9% / 10.5% / 11.7%; the guard alone 50.3% / 8.8% /
#: 11.8%; bonus and share 2: 51.6% / 9.4% / 12.2%; 4: 52.9% / 9.8% / 13.0%;
#: bonus 6: 53.3% / 9.9% / 13.5%. Spun
#: findings on honest Wikipedia leads and Brown pages unchanged (40.5 and 33.1
#: per 1000 words)
TERM_BONUS = 4.0
TERM_SHARE = 4.0


def _forms(w: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys([w] + [lem for lem, _ in lemmas(w)[1:]]))


def _inflections(lemma: str) -> set[str]:
    """Every word ``inflect.lemmas`` may take back to ``lemma`` (a superset: the
    reverse of each of its suffix rules, length conditions left out)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing",
           lemma + lemma[-1:] + "ed", lemma + lemma[-1:] + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    return out


@lru_cache(maxsize=1)
def _reachable() -> tuple[frozenset[str], frozenset[str]]:
    """Words that may stand first / second in a listed term, in any inflection:
    a cheap test that rules out nearly every pair before any lemmatising."""
    table = real_terms()
    first = {f for a, _ in table for f in _inflections(a)}
    second = {f for _, b in table for f in _inflections(b)}
    return frozenset(first), frozenset(second)


@flat_cache(200_000)
def _known(pair: tuple[str, str]) -> bool:
    table = real_terms()
    a, b = pair
    return any((x, y) in table for x in _forms(a) for y in _forms(b))


# (forgotten by ``resources.reload_tables`` when ``$UNSPIN_REAL_TERMS`` changes)
derived_from_tables(_reachable.cache_clear)
derived_from_tables(_known.cache.clear)


def known(a: str, b: str) -> bool:
    """Whether ``a b`` (lowercase words) is a listed term, inflection allowed."""
    first, second = _reachable()
    if a not in first or b not in second:
        return False
    return _known((a, b))


def neighbours(tokens: list[Token], i: int) -> tuple[str | None, str | None]:
    """The lowercase words joined to token ``i`` by a space or hyphen, left and right."""
    left = tokens[i - 1].low if i > 0 and tokens[i].gap in (" ", "-") else None
    right = tokens[i + 1].low if i + 1 < len(tokens) and tokens[i + 1].gap in (" ", "-") else None
    return left, right


def _term(left: str | None, w: str, right: str | None) -> str | None:
    """The listed term ``w`` makes with its left or right neighbour, or None."""
    if left and known(left, w):
        return f"{left} {w}"
    if right and known(w, right):
        return f"{w} {right}"
    return None


def in_term(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` forms a listed term with a neighbour ("image segmentation"):
    written as a term of the field, not spun."""
    left, right = neighbours(tokens, i)
    return _term(left, tokens[i].low, right) is not None


def term_with(tokens: list[Token], i: int, c: str) -> str | None:
    """The listed term ``c`` makes in place of token ``i`` ("activation function"), or None."""
    left, right = neighbours(tokens, i)
    return _term(left, c, right)


def adjust(props: list[Proposal], tokens: list[Token]) -> list[Proposal]:
    """The single-word thesaurus proposals re-read with the listed terms (see the
    module's docstring); the others as they are."""
    if not real_terms():
        return props
    first, second = _reachable()
    out = []
    for p in props:
        if p.source != "thesaurus" or p.j - p.i != 1:
            out.append(p)
            continue
        left, right = neighbours(tokens, p.i)
        # (only a neighbour that may start / end a listed term can make one)
        left = left if left in first else None
        right = right if right in second else None
        if left is None and right is None:
            out.append(p)
            continue
        if _term(left, tokens[p.i].low, right) is not None:
            continue  # written as a term of the field (in_term, on the neighbours at hand)
        hit = {c for c, _ in p.ranked if _term(left, c, right) is not None}
        if hit:
            up = math.exp(TERM_SHARE)
            q, _ = reweighted(p, [up if c in hit else 1.0 for c, _ in p.ranked])
            p = replace(q, evidence=p.evidence + TERM_BONUS)
        out.append(p)
    return out
