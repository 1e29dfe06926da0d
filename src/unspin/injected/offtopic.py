"""Same-language insertions: commercial phrases, URLs and keyword stuffing.

A candidate span grows around a seed word (a URL or domain name, or a word of
commercial intent: buying, betting, dating, loans, pills, downloads) inside
one clause. It is kept when three signals agree, and the evidence names them:

- off topic: none of its content words is used anywhere else on the page;
- broken seams: the English trigram LM reads the clause better without the
  span than with it (the gain in nats is reported);
- commercial: a good share of its words are commercial vocabulary, or it is a URL.

A URL counts only where it stands in prose as a word of its own: not the page's own
link markup (a Markdown link's target, an HTML attribute, ``<url>``, ```url```), not an e-mail address,
and not on a line that is no prose (``unspin.prose.other_lines``: metadata headers,
badges, code).

The commercial vocabulary only proposes candidates; without the other two
signals nothing is reported, so honest prose about casinos or loans (which
recur on their page and sit in fluent sentences) stays clean. When the span's
words are also unrelated to the page's topic (:mod:`.topic`: word vectors),
less seam evidence is needed.

Without any word list, :func:`_unrelated_spans` proposes every run of 2-6
everyday lower-case words inside a clause whose content words occur nowhere else
on the page; it is kept when both seams are unlikely under the trigram LM and
the LM gain plus the topic distance (cosine with the page, nearest related word)
is large enough. Those findings carry ``signal: coherence``.
"""

from __future__ import annotations

import math
import re
from itertools import compress
from dataclasses import dataclass

from .. import prose
from ..findings import Finding
from ..spans import SpanIndex
from . import lexicon, lm, topic
from .foreign import FUNCTION_WORDS, _stem
from .words import Token

PARAMS = {
    "min_gain": 4.0,        # nats the clause must gain without the span
    "min_commercial": 0.3,  # share of content words of commercial intent
    "min_commercial_words": 2,
    "strong_gain": 6.0,     # ... or this LM gain with one commercial word among 3+ content words
    "commercial_slack": 3.0,  # nats of gain waived per unit of commercial share above the minimum
    "edge_penalty": 0.0,    # score lost per non-commercial word at the span's edges
    "max_len": 8,
    "reach": 5,             # how far from the seed a span may extend
    "topic_weight": 10.0,   # nats of gain waived per unit that cos and near fall below their caps
    # spans found without the commercial vocabulary (topic coherence + seams):
    "free_max_len": 6,
    "free_min_score": 7.0,  # LM gain (nats) + topic_weight * (how far cos and near are below their caps)
    "free_topic_weight": 10.0,
    "free_max_cos": 0.6,    # cosine of the span's words with the page's topic
    "free_max_near": 0.65,  # mean highest cosine of each word with a word of the page (cap: +0.05)
    "free_min_page_words": 25,
    "free_page_tokens": 400,  # pages longer than this need one more nat per doubling
    "free_min_zipf": 4.0,
    "free_max_seam": -4.0,  # both seams at most this likely (nats): broken syntax at each edge   # mean English Zipf frequency of its content words (everyday words)  # content words the page needs for a topic to be told
}

COMMERCIAL = frozenset("""
buy cheap cheapest discount discounts price prices sale deal deals coupon coupons promo order
shop store free online casino casinos bet bets betting poker slot slots spins bonus jackpot
deposit gambling loan loans payday credit lender viagra cialis levitra pills pill pharmacy
prescription replica watches singles dating hookup escort escorts webcam webcams adult porn
sex xxx nude followers likes backlinks seo traffic crypto bitcoin forex trading signals
download downloads movies hd torrent crack apk click prize win winner claim weight diet
slimming mg 20mg 50mg 100mg bonuses lottery vpn hack generator cash earn money fast
""".split())


#: a web address written as the page's own link markup: a Markdown link's target glued to
#: its text ("Status](https://..."), an HTML attribute ('href="https://...'); also one
#: right after "<" (an autolink, a reStructuredText link's target) or a backtick (code);
#: or a call's argument ('createElementNS("http://...')
_MARKUP = re.compile(r"\]\(|=[\"']|^(?:href|src)=|\w\([\"']")

#: an e-mail address (or a Usenet message id): a contact, not a link to a site
_EMAIL = re.compile(r"^[^/:]*@")

#: an address for a program, not a page to visit: a repository, a file server, a chat
#: ("git clone git://...", "ftp://", "irc://"); an SEO link is always a web page
_NOT_WEB = re.compile(r"(?i)^(?:git|ssh|svn|cvs|ftp|sftp|rsync|irc|ircs|file|nntp)(?:\+\w+)?://|\.git$")

#: a bare domain: no scheme, no "www.", no path ("freedesktop.org", "SourceForge.net")
_BARE = re.compile(r"(?i)^(?!https?://|www\.)[^/]+$")

#: a link to a code host's issue, pull request, commit, file, release or security
#: advisory: a changelog's or README's reference ("Resolve https://github.com/advisories/
#: GHSA-..."), never what an SEO campaign links to (its landing pages and shops)
_CODE_REF = re.compile(
    r"(?i)^(?:https?://)?(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/"
    r"(?:advisories/|[^/]+/[^/]+/(?:-/)?(?:issues|pull|pulls|merge_requests|commit|commits|blob|tree|"
    r"releases|compare|discussions|security|wiki|actions)(?:/|$))")

#: what may come before a labelled address on its line: indentation, a comment's or a
#: list's marker ("#", "//", "*", "-"), then one to three words and a colon or dash
#: ("License - http://...", "Homepage: https://...", " * Source code: https://...")
_LABEL_LINE = re.compile(r"^[\s#/*>•-]*([A-Za-z][\w'.]*(?: [\w'.]+){0,2})\s*[:\-–—]\s*$")

URL_INTRO = frozenset("""at visit see via website site web page from on url address homepage email e-mail
to and or domain per""".split())


@dataclass(frozen=True)
class Insertion:
    i: int
    j: int
    gain: float
    commercial: float
    url: bool
    cos: float | None = None    # topic coherence with the page (None: not measured)
    near: float | None = None

    def to_finding(self, text: str, tokens: list[Token]) -> Finding:
        start, end = tokens[self.i].start, tokens[self.j].end
        why = ["words used nowhere else on the page"]
        if self.cos is not None:
            why.append(f"unrelated to the page's topic (similarity {self.cos:.2f})")
        if self.gain > 0:
            why.append(f"the sentence reads {self.gain:.1f} nats better without them")
        if self.url:
            why.insert(0, "a web address dropped into prose")
        elif self.commercial > 0:
            why.insert(0, f"{self.commercial:.0%} commercial vocabulary")
        if self.cos is not None and not self.commercial and not self.url:
            signal = "coherence"
            conf = min(0.9, 0.45 + 0.03 * self.gain + 0.5 * max(0.0, 0.6 - self.cos))
        else:
            signal = "offtopic"
            conf = min(0.95, 0.5 + 0.04 * self.gain + 0.2 * self.commercial)
        detail = [("signal", signal), ("lm_gain", round(self.gain, 2)),
                  ("commercial", round(self.commercial, 2)), ("url", self.url)]
        if self.cos is not None:
            detail += [("topic_cos", round(self.cos, 3)), ("topic_near", round(self.near or 0.0, 3))]
        return Finding("injected", start, end, text[start:end], "", round(conf, 4),
                       "Off-topic insertion: " + "; ".join(why) + ".", detail=tuple(detail))


def find_insertions(tokens: list[Token], sents, text: str, taken, shared=None) -> list[Insertion]:
    """``shared``: the page's :class:`.topic.SharedPage` (made here when not given)."""
    if not tokens:
        return []
    if shared is None:
        shared = topic.SharedPage(tokens)
    counts = shared.stem_counts()
    blocked = set()
    for a, b in taken:
        blocked.update(range(a, b + 1))
    clause_of = shared.clause_of
    out: list[Insertion] = []
    used: set[int] = set()
    page = None
    not_prose: SpanIndex | None = None  # (read at the first web address)
    for s in [k for k, t in enumerate(tokens) if t.url or t.norm in COMMERCIAL]:
        if s in blocked or s in used:
            continue
        t = tokens[s]
        if counts[_stem(t.norm)] > 1 and not t.url:
            continue
        if t.url and _site_on_topic(t.norm, counts):
            continue
        if t.url:
            if not_prose is None:
                not_prose = SpanIndex(prose.other_lines(text))
            if (_MARKUP.search(t.text) or text[max(0, t.start - 1):t.start] in ("<", "`")
                    or _EMAIL.search(t.text) or not_prose.overlapping(t.start, t.end)):
                continue  # the page's own link markup, an e-mail address, or a line that is no prose
            if _NOT_WEB.search(t.text) or _CODE_REF.search(t.text) or _labelled(text, t.start):
                continue  # an address for a program, a code host's reference, a labelled address
            # A web address inside a sentence, not introduced as one ("visit ...", "at ...")
            # and not a site named as a name can be.
            a, b = clause_of[s]
            p = s - 1  # the word before (a comment's "#" or a lone dash is none)
            while p >= a and not any(c.isalnum() for c in tokens[p].norm):
                p -= 1
            if (p >= a and tokens[p].norm not in URL_INTRO and not tokens[s].opens
                    and not _named_site(t.text, tokens[p].norm)):
                out.append(Insertion(s, s, _gain(tokens, s, s, a, b), 1.0, True))
                used.add(s)
            continue
        if page is None and topic.available():
            page = shared.get()
        best = _best_span(tokens, s, clause_of[s], counts, blocked, page)
        if best is not None:
            out.append(best)
            used.update(range(best.i, best.j + 1))
    if topic.available():
        out.extend(_unrelated_spans(tokens, clause_of, counts, blocked | used, shared))
    return out


#: Pronouns that may end an inserted phrase ("... near me", "... in your area" ends otherwise).
_END_PRONOUNS = frozenset(("you", "me", "us"))


def _unrelated_spans(tokens, clause_of, counts, blocked, shared=None) -> list[Insertion]:
    """Spans found without any word list: 2-6 lower-case words inside a clause whose
    content words are used nowhere else on the page, are unrelated to the page's
    topic (word vectors), and whose removal mends the sentence (trigram LM)."""
    P = PARAMS
    pt = None
    cands = []
    # A long page offers many more candidate spans: ask more of each (a multiple-testing margin).
    need = P["free_min_score"] + max(0.0, math.log2(len(tokens) / P["free_page_tokens"]))
    n = len(tokens)
    fw = FUNCTION_WORDS
    max_len = P["free_max_len"]
    min_zipf = P["free_min_zipf"]
    max_near = P["free_max_near"] + 0.05
    zipf = lexicon.english_zipf
    # Per token, once: may it start a span (``first``), and does it end every span
    # that reaches it (``stop``: blocked, capitalised, a URL, another script, or a
    # content word of the page's own topic)?
    bad = [t.upper or t.url or t.script not in ("latin", "digit") for t in tokens]
    for k in blocked:
        if 0 <= k < n:
            bad[k] = True
    is_fw = [t.norm in fw for t in tokens]
    if n - sum(is_fw) < P["free_min_page_words"]:
        # The page topic's words (pt.n below) are content words with a vector: too few
        # for a topic, and every span is turned down (as below, once it is built).
        return []
    first = [not (x or y) for x, y in zip(bad, is_fw)]
    stop = [x or (not y and t.script == "latin" and counts[_stem(t.norm)] > 1)
            for x, y, t in zip(bad, is_fw, tokens)]
    pos: dict = {}
    known: dict = {}
    for i in compress(range(1, n - 1), first[1:n - 1]):  # (the tokens that may start a span)
        a, b = clause_of[i]
        if i <= a:
            continue
        if pt is not None and i not in pos:
            continue  # every span from i has a content word without a vector (see below)
        hi = min(b - 1, i + max_len - 1)
        if hi <= i or stop[i + 1]:
            continue  # no span from i: the loop over j below would end before its first step
        # The English Zipf frequencies of the content words of i..j, and those words.
        zs = [zipf(tokens[i].norm)]
        ks = [i]
        nears: list[float] = []  # pt.near of ks[:n_near] (those not None), in order
        n_near = 0
        dv = None  # pt.outside(clause_of[i]): the same for every j (asked for once)
        for j in range(i + 1, hi + 1):
            if stop[j]:
                break
            t = tokens[j]
            if t.norm in fw:
                if t.norm not in _END_PRONOUNS:
                    continue
            else:
                zs.append(zipf(t.norm))
                ks.append(j)
            if pt is None:
                pt = shared.get() if shared is not None else topic.PageTopic(tokens, clause_of)
                if pt.n < P["free_min_page_words"]:
                    return []
                pos = pt.pos
                known = pt._near  # what pt.near has worked out (read directly: most are asked again)
            if sum(zs) < min_zipf * len(zs):
                continue  # rare or learned words: more likely the page's own prose than an advertisement
            # What pt.span(i, j, max_near=...) computes, rejected as soon as one of the
            # conditions below fails: a content word without a vector makes the
            # coverage < 1 (for every longer span too), a mean ``near`` above the cap or
            # too few words outside the clause make it None; then the cosine.
            while n_near < len(ks):
                k = ks[n_near]
                if k not in pos:
                    break
                x = known[k] if k in known else pt.near(k)
                if x is not None:
                    nears.append(x)
                n_near += 1
            if n_near < len(ks):
                break
            near = sum(nears) / len(nears) if nears else 0.0
            if near > max_near:
                continue
            if dv is None:
                dv = pt.outside(clause_of[i])
            if dv[0] is None:
                continue
            cos = pt.cos(ks, dv)
            if cos > P["free_max_cos"]:
                continue
            if _seam(tokens, i, j, a) > P["free_max_seam"]:
                continue  # one of its edges joins the sentence smoothly
            gain = _gain(tokens, i, j, a, b)
            score = gain + P["free_topic_weight"] * (P["free_max_cos"] - cos + P["free_max_near"] - near)
            if gain < 0 or score < need:
                continue
            cands.append((score, i, j, cos, near, gain))
    out: list[Insertion] = []
    taken: set[int] = set()
    for score, i, j, cos, near, gain in sorted(cands, key=lambda c: -c[0]):
        if any(k in taken for k in range(i - 1, j + 2)):
            continue
        taken.update(range(i, j + 1))
        out.append(Insertion(i, j, gain, 0.0, False, cos, near))
    return out


def _named_site(word: str, prev: str) -> bool:
    """A bare domain (``word``) where the sentence has room for a name: after (``prev``) a
    function word or a possessive ("report bugs to the freedesktop.org bugzilla", "hosted
    by SourceForge.net", "polkit's freedesktop.org GitLab"). A dropped-in link lands
    between any two words and comes with its "www." or scheme, as a link to be followed
    is written."""
    return _BARE.search(word) is not None and (prev in FUNCTION_WORDS or prev.endswith(("'s", "’s")))


def _labelled(text: str, start: int) -> bool:
    """The address is a labelled line's value ("License - http://...", " * Homepage:
    https://..."): the page's own metadata. A label of commercial words ("Online casino:
    http://...") is no excuse."""
    line = text[text.rfind("\n", 0, start) + 1 : start]
    m = _LABEL_LINE.match(line)
    return m is not None and not any(w.lower() in COMMERCIAL for w in m.group(1).split())


def _site_on_topic(url: str, counts) -> bool:
    """"britannica.com" on the Britannica page: the site's name is the page's topic."""
    host = url.split("//")[-1].split("/")[0]
    labels = [x for x in host.split(".") if x not in ("www", "com", "org", "net")]
    return any(counts[_stem(x)] > 0 for x in labels)




def _off_topic(t: Token, counts) -> bool:
    return t.norm in FUNCTION_WORDS or counts[_stem(t.norm)] <= 1


def _best_span(tokens, s, clause, counts, blocked, page=None) -> Insertion | None:
    a, b = clause
    R = PARAMS["reach"]
    best = None
    for i in range(max(a, s - R), s + 1):
        if any(k in blocked for k in range(i, s + 1)):
            continue
        if tokens[i].norm in FUNCTION_WORDS and not tokens[i].url:
            continue
        for j in range(s, min(b, s + R) + 1):
            if j - i + 1 > PARAMS["max_len"] or j in blocked:
                break
            span = tokens[i:j + 1]
            if tokens[j].norm in FUNCTION_WORDS:
                continue
            if not all(_off_topic(t, counts) for t in span):
                break
            if any(t.upper and not t.url for t in span) and not (i == a and all(not t.upper for t in span[1:])):
                continue
            content = [t for t in span if t.norm not in FUNCTION_WORDS]
            com = sum(1 for t in content if t.norm in COMMERCIAL or t.url) / max(1, len(content))
            url = any(t.url for t in span)
            if com < PARAMS["min_commercial"] and not url or len(content) < 2 and not url:
                continue
            gain = _gain(tokens, i, j, a, b)
            n_com = sum(1 for t in content if t.norm in COMMERCIAL)
            coh = page.span(i, j) if page is not None and not url else None
            bonus = 0.0
            if coh is not None and coh[2] >= 1.0:
                bonus = PARAMS["topic_weight"] * (max(0.0, PARAMS["free_max_cos"] - coh[0])
                                                  + max(0.0, PARAMS["free_max_near"] - coh[1]))
            if n_com < PARAMS["min_commercial_words"] and not (
                    len(content) >= 2 and n_com >= 1 and gain >= 0 and gain + bonus >= PARAMS["strong_gain"]
                    and (len(content) >= 3 or bonus > 0)):
                continue  # one commercial word is too little, unless the seams are badly broken
                # or the words are unrelated to the page's topic
            edges = sum(1 for t in (span[0], span[-1]) if t.norm not in COMMERCIAL)
            score = gain + 1.5 * n_com - 1.0 * (len(content) - n_com) - PARAMS["edge_penalty"] * edges
            need = PARAMS["min_gain"] - PARAMS["commercial_slack"] * (com - PARAMS["min_commercial"])
            if gain + bonus >= need:
                if best is None or score > best[0]:
                    best = (score, Insertion(i, j, gain, com, url, coh[0] if coh else None, coh[1] if coh else None))
    return best[1] if best else None


def _seam(tokens, i, j, a) -> float:
    """The likelier of the two seams (log P, nats): the span's first word after the two
    words before it, and the next word after the span's last two."""
    h = tuple(tokens[k].norm for k in range(max(a, i - 2), i))
    left = lm.logp([tokens[i].norm], h if len(h) == 2 else ("<s>",) + h)
    right = lm.logp([tokens[j + 1].norm], (tokens[j - 1].norm, tokens[j].norm))
    return max(left, right)


def _gain(tokens, i, j, a, b) -> float:
    left = [tokens[k].norm for k in range(max(a, i - 2), i)]
    right = [tokens[k].norm for k in range(j + 1, min(b, j + 2) + 1)]
    if j + 2 >= b:
        right.append("</s>")
    hist = ("<s>",) if i - 2 <= a else (tokens[i - 3].norm,)
    span = [tokens[k].norm for k in range(i, j + 1)]
    keep = lm.logp(left + span + right, hist)
    drop = lm.logp(left + right, hist) + lm.logp(span)
    return drop - keep
