"""Runs of another language inside a sentence of an English page.

Each word gets a foreign score from per-language frequencies: how much more
common it is in its likeliest other language than in English (words of a
non-Latin script on a Latin-script page score by their script alone). Within a
clause, maximal positive-scoring runs are candidates; a run is kept when its
evidence is strong enough and it sits inside English context (so a whole foreign
sentence, a bilingual page, a gloss in brackets or quotes, or a capitalised
title or name is left alone). Finally, English words glued to the run's edges
(the brand part of a keyword such as "<brand> <foreign query>") are added when
the English trigram LM finds the sentence at least as fluent without them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass

from . import lexicon, lm
from .words import Token

#: Tunables (tuned on the benchmark's dev half; see benchmarks/injected.py).
PARAMS = {
    "min_run_score": 3.0,     # total foreign evidence for a multi-word run
    "min_single": 3.0,        # evidence for a lone foreign word
    "english_penalty": 1.0,   # per Zipf point of English frequency
    "neutral_cost": 0.6,      # unknown word / name inside a run
    "intl_cost": 0.6,         # a word common in many languages (brands, "online") inside a run
    "max_share": 0.6,         # a run may be at most this share of its sentence's words
    "min_context": 3,         # English words needed in the sentence outside the run
    "extend_max": 3,          # brand words that may join a run at each edge
    "phrase_gain": 1.0,       # nats the LM must gain for a phrase of English words to join a run before it
    "phrase_gain_after": 2.0, # ... and after it (an English phrase after a run more often just resumes the sentence)
    "letters_evidence": 2.0,  # a word in no list spelled with letters English does not use
    "borrowed_pmi": -0.3,     # nats of LM association below which two English words are no phrase
    "brand_intl": 12,         # a brand word is about as common as in English in this many other languages
}

#: Endings of English derivations: a lone unknown word ending so is more likely old or rare English.
ENGLISH_SUFFIXES = ("ation", "ations", "ment", "ments", "ness", "ity", "ities", "ous", "ive", "ize",
                    "ized", "ise", "ised", "ship", "hood", "ful", "less", "ly")

LANG_NAMES = {
    "tr": "Turkish", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "cs": "Czech", "sk": "Slovak",
    "sl": "Slovene", "sv": "Swedish", "da": "Danish", "nb": "Norwegian", "fi": "Finnish",
    "hu": "Hungarian", "ro": "Romanian", "id": "Indonesian", "ms": "Malay", "vi": "Vietnamese",
    "fil": "Filipino", "ca": "Catalan", "sh": "Serbo-Croatian", "lt": "Lithuanian",
    "lv": "Latvian", "is": "Icelandic",
}


@dataclass(frozen=True)
class Run:
    i: int              # first token index
    j: int              # last token index (inclusive)
    lang: str           # language code or script name
    score: float
    repaired: bool
    extended: tuple[int, int]   # brand words added at the left / right edge
    single: bool


def word_score(t: Token, page_script: str = "latin") -> tuple[float, str]:
    """(foreign evidence, language) for one token; negative means English-looking."""
    return _word_score(t.norm, t.script, t.upper, t.url, page_script)


@lru_cache(maxsize=65536)
def _word_score(norm: str, script: str, upper: bool, url: bool, page_script: str) -> tuple[float, str]:
    if url:
        return -1.0, ""
    s = script
    if s.startswith("other:"):
        if page_script == "latin" and sum(c.isalpha() for c in norm) >= 2:
            return 4.0, s[6:]
        return -1.0, ""
    if s == "mixed":
        return 2.0, "mixed-script"
    if s != "latin":
        return -0.3, ""
    wf = lexicon.lookup(norm)
    if wf.lang:
        if wf.en == 0.0:
            ev = min(wf.foreign, 4.0)
        else:
            ev = min(wf.foreign - wf.en, 4.0)
            if wf.en >= 2.5:
                ev -= 1.0  # a real English word too (borrowings, names)
            elif wf.en >= 1.0:
                ev -= 0.5  # a rare English word too
        if upper:
            ev *= 0.5
        return ev, wf.lang
    if wf.en > 0:
        if wf.intl >= PARAMS["brand_intl"]:
            return -PARAMS["intl_cost"], ""  # a brand or internet word: at home in any language
        return -PARAMS["english_penalty"] * max(wf.en - 1.0, 0.5), ""
    if not upper and _foreign_letters(norm):
        return PARAMS["letters_evidence"], ""  # "snabblån", "pożyczka": spelled unlike English
    return -PARAMS["neutral_cost"], ""


#: Latin letters that English spelling does not use (not even in common borrowings,
#: which take the acute, grave, circumflex, diaeresis and cedilla; macrons and hooks
#: mark transliterations: "sharrī", "isqāṭ").
_NON_ENGLISH_LETTERS = frozenset("åąćęłńśźżőűřůěčďťňľĺŕșțşğıøæœðþãõơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")


def _foreign_letters(norm: str) -> bool:
    return norm.isalpha() and any(c in _NON_ENGLISH_LETTERS for c in norm)


def find_runs(tokens: list[Token], sentences: list[tuple[int, int]], shared=None) -> list[Run]:
    """Foreign runs in ``tokens``; ``sentences`` are (first, last) token index pairs.
    ``shared``: the page's :class:`.topic.SharedPage` (made here when not given)."""
    if not tokens:
        return []
    page_script = _page_script(tokens)
    ws = _word_score
    scores = [ws(t.norm, t.script, t.upper, t.url, page_script) for t in tokens]  # word_score(t, page_script)
    # A run is a segment with a positive total (``_positive_segments``): none without a
    # word of positive evidence, on the page or in a clause.
    positive = [sc > 0 for sc, _ in scores]
    if not any(positive):
        return []
    ez = lexicon.english_zipf
    english = [sc < 0 and t.script == "latin" and ez(t.norm) >= 2.0 for t, (sc, _) in zip(tokens, scores)]
    # A page mostly not in English is out of scope (bilingual or foreign page).
    if sum(english) < 0.5 * len(tokens):
        return []
    if shared is None:
        from .topic import SharedPage

        shared = SharedPage(tokens)
    vocab = shared.stem_counts()
    runs: list[Run] = []
    mentioned: set[str] = set()
    page = _LazyTopic(shared)
    for s0, s1 in sentences:
        for a, b in _clauses(tokens, s0, s1):
            if any(positive[a:b + 1]):
                runs.extend(_runs_in_clause(tokens, scores, english, a, b, s0, s1, vocab, mentioned, page))
    # A page that quotes or glosses words of a non-Latin script (etymologies) uses
    # that script's other words the same way.
    runs = [r for r in runs if r.lang not in mentioned or r.lang in LANG_NAMES]
    if not runs:
        return runs
    return _drop_bilingual(runs, tokens, sentences, scores)


def _page_script(tokens: list[Token]) -> str:
    c = Counter([t.script for t in tokens])
    # (dropped after counting: the others keep their order of first appearance, which
    # breaks ties in most_common as when they were left out while counting)
    c.pop("digit", None)
    c.pop("symbol", None)
    return c.most_common(1)[0][0] if c else "latin"


def _clauses(tokens: list[Token], s0: int, s1: int):
    a = s0
    for k in range(s0, s1 + 1):
        if tokens[k].brk or k == s1:
            yield a, k
            a = k + 1


@lru_cache(maxsize=65536)
def _stem(w: str) -> str:
    """A crude English stem, enough to tell whether a word recurs on the page."""
    if w.endswith("'s"):
        w = w[:-2]
    for suf, rep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: len(w) - len(suf)] + rep
    return w


def _runs_in_clause(tokens, scores, english, a, b, s0, s1, vocab, mentioned: set, page) -> list[Run]:
    out: list[Run] = []
    vals = [scores[k][0] for k in range(a, b + 1)]
    for i, j, total in _bridge(_positive_segments(vals), tokens, a, vocab):
        i, j = i + a, j + a
        # trim non-positive edges
        while i < j and scores[i][0] < 1.0:
            i += 1
        while j > i and scores[j][0] < 1.0:
            j -= 1
        words = range(i, j + 1)
        langs = Counter(scores[k][1] for k in words if scores[k][0] > 0 and scores[k][1])
        lang = langs.most_common(1)[0][0] if langs else ""
        total = sum(scores[k][0] for k in words)
        single = i == j
        if single:
            t = tokens[i]
            if t.upper and not t.script.startswith("other:") or total < PARAMS["min_single"]:
                continue
            if t.script == "latin" and (lexicon.english_zipf(t.norm) > 0 or t.norm.endswith(ENGLISH_SUFFIXES)
                                        or _british_spelling(t.norm)):
                continue  # a rare English word ("conduce", "gratulation") more common elsewhere
        elif total < PARAMS["min_run_score"]:
            continue
        if tokens[i].upper and i > s0 and not tokens[i].script.startswith("other:") and not tokens[i].repaired:
            continue  # a capitalised title or name inside the sentence
        if tokens[i].opens or any(tokens[k].quoted for k in words) or _is_mention(tokens, i, j, a):
            mentioned.add(lang)
            continue  # a gloss or quotation; "from the Greek word ...", "known as ...", "... meaning"
        if (i > 0 and j + 1 < len(tokens) and tokens[i - 1].upper and tokens[j + 1].upper
                and all(tokens[k].script == "latin" and len(tokens[k].norm) <= 4 for k in words)):
            continue  # particles inside a name: "Filippo di ser Brunellesco di Lippo"
        if (any(tokens[k].upper for k in words) and (i > 0 and tokens[i - 1].upper or j + 1 < len(tokens)
                                                     and tokens[j + 1].upper)
                and all(tokens[k].upper or len(tokens[k].norm) <= 4 for k in words if tokens[k].script == "latin")):
            continue  # a name with its particles: "Hans von Beneckendorff und von Hindenburg"
        if _cognate_of_topic(tokens[i], vocab):
            continue  # the page's own subject named in its language: "the violino piccolo" on "Violin"
        if _list_item(tokens, i, j, a, b):
            continue  # a whole item of a comma-separated list: a term being named
        if tokens[i].script == "latin" and _after_foreign_title_word(tokens, i, s0):
            continue  # continues a title or name: "El burlador de Sevilla ...", "Encyclopédie, ou ..."
        if (all(tokens[k].script == "latin" and lexicon.english_zipf(tokens[k].norm) >= 2.0 for k in words)
                and _borrowed(tokens, i, j)):
            continue  # every word also English, and English says them together: "déjà vu", "en masse"
        latin = [tokens[k] for k in words if tokens[k].script == "latin"]
        if latin and sum(t.upper for t in latin) * 2 >= len(latin):
            continue  # mostly capitalised: a name or a title
        if not any(len(tokens[k].norm) >= 4 or tokens[k].script.startswith("other:") and len(tokens[k].norm) >= 2
                   for k in words):
            continue  # only short words: abbreviations, units, symbols
        if i > a and tokens[i - 1].norm in DETERMINERS and single and tokens[i].script == "latin":
            continue  # "a palengke", "the contenance ...": a borrowed noun used as English
        n_sent = s1 - s0 + 1
        context = sum(1 for k in range(s0, s1 + 1) if (k < i or k > j) and english[k])
        if context < PARAMS["min_context"] or (j - i + 1) > PARAMS["max_share"] * n_sent:
            continue
        repaired = any(tokens[k].repaired for k in words)
        li, rj = _extend(tokens, scores, english, i, j, a, b, vocab, lang, page)
        out.append(Run(li, rj, lang, total, repaired, (i - li, rj - j), single))
    return out


#: Words that introduce a mention of a word rather than a use of it.
MENTION_CUES = frozenset("""
word words term name called named spelled spelt title titled motto meaning means
literally lit lit. romanized romanised transliterated translated phrase expression saying
slogan nickname nicknamed dubbed
""".split())
LANGUAGE_NAMES = frozenset("""
greek latin arabic hebrew french german spanish italian portuguese dutch russian turkish polish
czech swedish danish norwegian finnish hungarian romanian indonesian malay vietnamese tagalog
filipino catalan croatian serbian lithuanian latvian icelandic chinese mandarin cantonese
japanese korean hindi sanskrit persian urdu bengali tamil thai ukrainian bulgarian irish welsh
gaelic scots breton basque galician occitan provençal yiddish aramaic coptic egyptian akkadian
sumerian norse saxon
""".split())
DETERMINERS = frozenset("a an the this that its his her their our your my every each".split())


#: the British -is- of an English -iz- word: "finaliser", "tokenisers", "normalising"
_BRITISH_IS = re.compile(r"is(e|es|ed|er|ers|ing|ation|ations)$")


def _british_spelling(w: str) -> bool:
    """``w`` is a British -is- form of an English -ize verb ("finaliser", "finalising" of
    "finalize"), which the word lists may not hold; a French "réaliser" has no English
    verb in -ize ("utiliser" does, and passes as English when alone)."""
    m = _BRITISH_IS.search(w)
    return m is not None and lexicon.english_zipf(w[:m.start()] + "ize") > 0


def _list_item(tokens: list[Token], i: int, j: int, a: int, b: int) -> bool:
    """The run is a whole clause between commas (or a clause after a comma ending the sentence)."""
    if not (j == b and i > 0 and (a == 0 or tokens[a - 1].brk and not tokens[a - 1].eos)):
        return False
    return i == a or (i == a + 1 and tokens[a].norm in ("and", "or"))


def _cognate_of_topic(t: Token, vocab) -> bool:
    """The word begins like a word the page uses three times or more ("violino", "violin")."""
    w = _fold(t.norm)
    if t.script != "latin" or len(w) < 5:
        return False
    return any(len(v) >= 5 and n >= 3 and (w.startswith(v[:5]) and v.startswith(w[:5])) for v, n in vocab.items())


def _fold(w: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))


def _borrowed(tokens: list[Token], i: int, j: int) -> bool:
    """A phrase English may have borrowed: no pair of neighbours that the English LM knows
    is less associated than chance ("per se" and "de facto" are strongly associated;
    "casino en ligne" is not), and where the LM does not know a word both are English."""
    for k in range(i, j):
        a, b = _fold(tokens[k].norm), _fold(tokens[k + 1].norm)
        if lm.known(a) and lm.known(b):
            if lm.logp([b], (a,)) - lm.logp([b], ()) < PARAMS["borrowed_pmi"]:
                return False
        elif min(lexicon.english_zipf(tokens[k].norm), lexicon.english_zipf(tokens[k + 1].norm)) < 2.0:
            return False
    return True


def _after_foreign_title_word(tokens: list[Token], i: int, s0: int) -> bool:
    """A capitalised foreign word right before the run: a title or name goes on."""
    if i - 1 <= s0:
        return False
    t = tokens[i - 1]
    if not (t.upper and t.script == "latin"):
        return False
    wf = lexicon.lookup(t.norm)
    return bool(wf.lang) and wf.foreign - wf.en >= 1.0


def _is_mention(tokens: list[Token], i: int, j: int, a: int) -> bool:
    """A word quoted as a word: "known as X", "the Greek word X", "Greek X, meaning ..."."""
    before = [tokens[k].norm for k in range(max(0, i - 2), i)]
    if (before[-1:] and before[-1] in MENTION_CUES or before[-2:] == ["known", "as"]
            or len(before) == 2 and before[0] in MENTION_CUES and before[1] in DETERMINERS | {"as", "of"}):
        return True
    after = tokens[j + 1].norm if j + 1 < len(tokens) else ""
    if after in ("meaning", "literally", "lit", "lit.", "i.e"):
        return True
    following = [tokens[k].norm for k in range(j + 1, min(len(tokens), j + 5))]
    if following[:1] in (["is"], ["was"], ["are"], ["means"]):
        rest = [w for w in following[1:] if w != "the"]
        if rest[:1] and rest[0] in LANGUAGE_NAMES:
            return True  # "X is Ukrainian for Y": a word defined, not used
    if j + 1 < len(tokens) and tokens[j + 1].opens and not tokens[j].eos:
        return True  # glossed: "ὀδούς (odoús)"
    if any(w in LANGUAGE_NAMES for w in before) and j - i < 3:
        # "from Greek X (x)", "Greek X, meaning": the foreign word ends its clause
        return tokens[j].brk or after in FUNCTION_WORDS or after in ("or", "and")
    return False


def _bridge(segs, tokens, a, vocab):
    """Join foreign segments of one clause parted by a single lower-case word used
    nowhere else on the page ("prêt personnel sans justificatif": "personnel" is
    English too): one phrase, not two."""
    out: list = []
    for seg in segs:
        if out and seg[0] - out[-1][1] == 2:
            t = tokens[a + seg[0] - 1]
            if not t.upper and t.script == "latin" and t.norm not in FUNCTION_WORDS and vocab[_stem(t.norm)] <= 1:
                out[-1] = (out[-1][0], seg[1], out[-1][2] + seg[2])
                continue
        out.append(seg)
    return out


def _positive_segments(vals: list[float], lo: int = 0, hi: int | None = None):
    """Disjoint segments with a positive sum: the best one (Kadane), then the best
    ones on either side of it, recursively."""
    hi = len(vals) if hi is None else hi
    if lo >= hi:
        return []
    cur, start, best, bi, bj = 0.0, lo, 0.0, -1, -1
    for m in range(lo, hi):
        if cur <= 0:
            cur, start = vals[m], m
        else:
            cur += vals[m]
        if cur > best:
            best, bi, bj = cur, start, m
    if bi < 0:
        return []
    return _positive_segments(vals, lo, bi) + [(bi, bj, best)] + _positive_segments(vals, bj + 1, hi)


#: English closed-class words: never part of a glued-on brand or keyword.
FUNCTION_WORDS = frozenset("""
a an the this that these those my your his her its our their some any no every each all both
of in on at by for with from to into onto upon over under about after before between through
during without within against among across behind beyond near off out up down via per than as
and or but nor so yet if then because while although though unless since until whether
i you he she it we they me him us them who whom whose which what where when why how
is are was were be been being am do does did have has had will would shall should can could
may might must not also very just only too there here
""".split())


def _extend(tokens, scores, english, i, j, a, b, vocab, lang, page) -> tuple[int, int]:
    """Add the words glued to the run's edges that belong to the keyword (its brand
    or commercial part: "<brand> <foreign query>", "<query> online").

    At each edge, the 1-3 adjoining words are candidates when they are plain
    lower-case content words used nowhere else on the page. Each candidate is
    scored by :func:`_edge_score`: the seam (how much better the trigram LM reads
    the clause without the words, the run being gone already) together with what
    the words are (at home in many languages like brands and internet words, in
    no word list, of commercial intent, common English) and how related they are
    to the rest of the page (:mod:`.topic`: a word of the page's subject left
    next to the run, "sauropod" on a dinosaur page, stays). The best-scoring
    longest candidate whose score is positive joins. An extension may not swallow the
    rest of its clause: an insertion sits inside the sentence."""
    m = PARAMS["extend_max"]
    max_l = min(m, i - a - 1)
    max_r = min(m, b - j - 1)

    def eligible(k):
        t = tokens[k]
        return not (t.upper or t.norm in FUNCTION_WORDS or t.script != "latin" or vocab[_stem(t.norm)] > 1
                    or not t.norm.isalnum())

    def side(n_max, left):
        best = 0
        for n in range(1, n_max + 1):
            ks = range(i - n, i) if left else range(j + 1, j + n + 1)
            if not eligible(i - n if left else j + n):
                break
            words = [tokens[k] for k in ks]
            gain = _drop_gain_side(tokens, i, j, a, b, n, left)
            sc = _edge_score(tokens, words, gain, left, scores, ks, lang, page.span(ks[0], ks[-1]))
            if sc > 0 or (n >= 2 and gain >= PARAMS["phrase_gain" if left else "phrase_gain_after"] and all(lm.known(t.norm) for t in words)):
                # ... or a brand made of ordinary English words at either edge ("secret
                # benefits <query>", "<query> sugar daddy"), which the sentence reads much better without
                best = n  # the longest candidate that scores
        return best

    return i - side(max_l, True), j + side(max_r, False)


#: Weights of the edge score, a logistic model fitted on the benchmark's dev half.
#: Features: bias; LM gain (nats) and gain per word; one word; two words; share of
#: words at home in many languages (brands, internet words); a word in no list; a
#: commercial word; highest and lowest English Zipf frequency; left edge; mean
#: share of languages where the words are about as common as in English; share of
#: words the LM knows; topic ``near`` and ``cos`` of the words with the rest of the
#: page (:mod:`.topic`), and whether no word has a vector (brands, rare words; the
#: dev means stand in for near and cos then).
EDGE_WEIGHTS = (-6.288, 0.252, -0.054, 2.621, 2.215, -1.815, 6.261, 2.204, -0.057, 1.746, -0.255, 5.978, -0.52,
                -2.488, -7.668, 4.523)
#: The model without the topic features, for a page too short to have a topic.
EDGE_WEIGHTS_NO_TOPIC = (-5.696, 0.463, -0.273, 3.606, 2.607, -0.883, 4.24, 1.91, -0.867, 0.965, 0.493, 8.864,
                         -1.124)
TOPIC_MEANS = (0.602, 0.515)  # near, cos
EDGE_MIN_P = 0.675


def _edge_score(tokens, words, gain, left, scores, ks, lang, coherence=None) -> float:
    from .offtopic import COMMERCIAL

    n = len(words)
    wfs = [lexicon.lookup(t.norm) for t in words]
    feats = (1.0, gain, gain / n, float(n == 1), float(n == 2),
             sum(w.intl >= PARAMS["brand_intl"] for w in wfs) / n,
             float(any(w == lexicon._NONE for w in wfs)), float(any(t.norm in COMMERCIAL for t in words)),
             max(w.en for w in wfs), min(w.en for w in wfs), float(left), sum(w.intl for w in wfs) / n / 26,
             sum(lm.known(t.norm) for t in words) / n)
    weights = EDGE_WEIGHTS_NO_TOPIC
    if coherence is not None:
        feats += coherence
        weights = EDGE_WEIGHTS
    z = sum(x * w for x, w in zip(feats, weights))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - EDGE_MIN_P


class _LazyTopic:
    """The page's topic (:class:`.topic.PageTopic` of its :class:`.topic.SharedPage`),
    built on first use."""

    def __init__(self, shared):
        self.shared, self.page = shared, None

    def span(self, i: int, j: int) -> tuple[float, float, float] | None:
        """(near, cos, 1.0 if no word of i..j has a vector), or None when the page has no topic."""
        from . import topic

        if self.page is None:
            if not topic.available():
                return None
            self.page = self.shared.get()
        if not any(k in self.page.pos for k in range(i, j + 1)):
            return (*TOPIC_MEANS, 1.0)
        r = self.page.span(i, j)
        return None if r is None else (r[1], r[0], 0.0)


def _drop_gain_side(tokens, i, j, a, b, n, left) -> float:
    """Nats the clause gains when the n words at one edge of the run i..j go with it:
    log P(clause without run and words) + log P(words) - log P(clause without run)."""
    if left:
        p, q = i - n, i - 1
        lo = [tokens[k].norm for k in range(max(a, p - 3), p)]
        hi = [tokens[k].norm for k in range(j + 1, min(b, j + 3) + 1)] + (["</s>"] if j + 3 >= b else [])
        hist = ("<s>",) if p - 3 <= a else (tokens[p - 4].norm,)
    else:
        p, q = j + 1, j + n
        lo = [tokens[k].norm for k in range(max(a, i - 3), i)]
        hi = [tokens[k].norm for k in range(q + 1, min(b, q + 3) + 1)] + (["</s>"] if q + 3 >= b else [])
        hist = ("<s>",) if i - 3 <= a else (tokens[i - 4].norm,)
    mid = [tokens[k].norm for k in range(p, q + 1)]
    return lm.logp(lo + hi, hist) + lm.logp(mid) - lm.logp(lo + mid + hi, hist)


def _international(t: Token) -> bool:
    """A word about as common in many other languages as in English: a brand or an
    internet word ("netflix", "online", "casino"), at home in a keyword of any language."""
    return t.script == "latin" and lexicon.lookup(t.norm).intl >= PARAMS["brand_intl"]


def _unknown(t: Token) -> bool:
    """A plain lower-case word in no word list (a brand, a rare form)."""
    return t.norm.isalpha() and lexicon.lookup(t.norm) == lexicon._NONE


def _drop_bilingual(runs, tokens, sentences, scores) -> list[Run]:
    """A page whose sentences are often wholly in one other language is bilingual:
    runs of that language are its own text, not insertions."""
    foreign_sentences: Counter = Counter()
    for s0, s1 in sentences:
        n = s1 - s0 + 1
        pos = [scores[k][1] for k in range(s0, s1 + 1) if scores[k][0] > 0]
        if n >= 4 and len(pos) >= 0.6 * n:
            foreign_sentences[Counter(pos).most_common(1)[0][0]] += 1
    return [r for r in runs if foreign_sentences[r.lang] < 2]
