"""Mojibake: text that was decoded with the wrong character encoding.

Every repair is its own ``mojibake`` finding over exactly the damaged words
(adjacent damaged words that one code page explains form one run), with the
repaired text as the suggestion and evidence naming the code page.

Each line that holds something suspicious (pieces of at most ``_CHUNK``
characters for very long lines) is repaired twice:

1. **ftfy** (``fix_encoding``), the reference for mojibake that covers a text,
   followed by our run repair of whatever ftfy left;
2. **our run repair alone**: ftfy decides per segment and leaves a line alone
   when most of it is clean, as in "secret benefits hesabД± nasД±l silinir"
   (Turkish UTF-8 read as windows-1251), and a whole-segment decision can pick
   the wrong one of two similar code pages. Every word that holds a sequence
   which would be valid UTF-8 once encoded back to one of ~20 legacy code
   pages (see :mod:`._codecs`) is decoded with each of them, and again for
   double encoding; the most plausible result is kept only when it makes the
   word clearly less odd (script mixing, stray symbols, case anomalies, rare
   characters) and no less common as a word in some language (``wordfreq``).
   Damaged words next to an accepted run that decode with the same code page
   join it.

The first result stands unless the second leaves less oddness (or as little,
with more common words). Then the two texts are compared word by word, and a
last check drops any change that would leave a word odder than before or turn
a known word into an unknown one.

Mojibake inside a code block (``prose.literal_lines``) is left alone when the prose
around it holds none: a page about encodings quotes it in its examples, while a page
that was decoded wrongly is damaged in its prose too.

Cost: a pure-ASCII text is rejected by ``str.isascii``; any other text by one
regular expression unless it holds a character that can start a misdecoded
UTF-8 sequence in some code page followed by one that can continue it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import prose
from ..findings import Finding
from ..spans import SpanIndex
from . import _codecs as cx

#: Longest piece of a line handed to ftfy at once (keeps the work linear).
_CHUNK = 4000
#: Longest token examined as one unit.
_MAX_TOKEN = 400

_WS = " \t\n\r\f\v\u2028\u2029\u3000"
_LINE = re.compile(r"[^\n]+")
_SPLIT = re.compile(r"[^ \t\n\r\f\v]+[ \t\r\f\v]*")
# Things ftfy repairs that the sequence gate does not see.
_FTFY_EXTRA = re.compile(r"[\x80-\x9f\ufffd]|[ÃÂ][ \xa0]|[ÂÃÄÅÆÇÐÑ×Ø][\x80-\xbf‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def detect(text: str, options: Any = None) -> list[Finding]:
    """Mojibake findings in ``text`` (code-point offsets into ``text``)."""
    if not text or text.isascii():
        return []
    gate = cx.gate()
    if gate.search(text) is None and _FTFY_EXTRA.search(text) is None:
        return []
    findings: list[Finding] = []
    for start, end, use_ftfy in _suspect_chunks(text):
        findings.extend(_chunk_findings(text, start, end, use_ftfy))
    return _quoted_left_alone(text, findings)


def _quoted_left_alone(text: str, findings: list[Finding]) -> list[Finding]:
    """The findings, less those in a code block when the prose around holds none: a page
    about encodings quotes mojibake in its examples (ftfy's own README), and a page
    decoded wrongly is damaged in its prose too."""
    if not findings:
        return findings
    code = SpanIndex(prose.literal_lines(text))
    return [] if all(code.covering(f.start, f.end) for f in findings) else findings


def repair(text: str) -> str:
    """``text`` with every mojibake finding applied."""
    out, pos = [], 0
    for f in detect(text):
        out.append(text[pos:f.start])
        out.append(f.suggestion or "")
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def _suspect_chunks(text: str):
    """(start, end, use_ftfy) of the pieces of lines that hold something
    suspicious; ftfy is run only where it could find something."""
    for m in _LINE.finditer(text):
        s, e = m.span()
        if m.group().isascii():
            continue
        while s < e:
            cut = e if e - s <= _CHUNK else _cut_point(text, s + _CHUNK // 2, s + _CHUNK)
            piece = text[s:cut]
            if not piece.isascii():
                extra = _FTFY_EXTRA.search(piece) is not None
                if extra or cx.has_pair(piece, cx.pairs()):
                    yield s, cut, extra or cx.has_pair(piece, cx.pairs(True))
            s = cut


def _cut_point(text: str, lo: int, hi: int) -> int:
    """Where to split a long line: after a space between two ASCII characters
    (so that no damaged run is cut in two), else after any space, else at ``hi``."""
    first = -1
    pos = hi
    for _ in range(200):
        sp = text.rfind(" ", lo, pos)
        if sp <= lo:
            break
        if first < 0:
            first = sp
        if text[sp - 1].isascii() and text[sp + 1].isascii():
            return sp + 1
        pos = sp
    return first + 1 if first > 0 else hi


def _chunk_findings(text: str, start: int, end: int, use_ftfy: bool = True) -> list[Finding]:
    """ftfy on the chunk, then our run repair on what ftfy left; one finding
    per run of changed words."""
    import ftfy

    orig = text[start:end]
    fixed, plan = orig, []
    if use_ftfy:
        try:
            fixed, plan = ftfy.fix_encoding_and_explain(orig)
        except Exception:  # noqa: BLE001 - ftfy must never take the pipeline down
            fixed, plan = orig, []
    by_ftfy = fixed != orig
    final = _repair_runs(fixed)
    if by_ftfy:
        # ftfy judges a whole segment; where it chose a code page that leaves
        # the text odder than our word-by-word repair, keep ours.
        ours = _repair_runs(orig)
        if ours != orig and ours != final and _prefer_ours(ours, final):
            final, by_ftfy = ours, False
    if final == orig:
        return []
    out = []
    for s, e, new, codecs in _merged_regions(orig, final):
        old = orig[s:e]
        ts, te = _whole_tokens(orig, s, e)
        if not _improves(orig[ts:te], orig[ts:s] + new + orig[e:te]):
            continue
        how = _how(codecs)
        if how is None:
            how = _describe_plan(plan) if by_ftfy else "encoding repaired"
        n = max(1, len(old) - len(new))
        conf = min(0.98, 0.7 + 0.05 * n + (0.1 if codecs else 0.0))
        out.append(Finding(
            "mojibake", start + s, start + e, old, new, round(conf, 3),
            f'{how}: "{_clip(old)}" -> "{_clip(new)}"',
            detail=(("method", "ftfy+sequences" if by_ftfy else "sequences"),
                    ("codecs", codecs)),
        ))
    return out


def _prefer_ours(ours: str, theirs: str) -> bool:
    """Our word-by-word repair beats ftfy's when it leaves less oddness, or as
    little but more common words where the two differ."""
    o_ours, o_theirs = _total_oddness(ours), _total_oddness(theirs)
    if o_ours != o_theirs:
        return o_ours < o_theirs
    a, b = _ASCII_WS.split(ours), _ASCII_WS.split(theirs)
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    lex_ours = sum(cx.word_score(x) for x, _ in diff)
    lex_theirs = sum(cx.word_score(y) for _, y in diff)
    return lex_ours > lex_theirs + 0.5


_ASCII_WS = re.compile(r"[ \t\n\r\f\v]+")


def _whole_tokens(text: str, s: int, e: int) -> tuple[int, int]:
    while s > 0 and text[s - 1] not in _WS:
        s -= 1
    while e < len(text) and text[e] not in _WS:
        e += 1
    return s, e


def _improves(old: str, new: str) -> bool:
    """Last check on every repair: it must not leave the words odder, nor turn
    a known word into an unknown one."""
    o_old, o_new = _total_oddness(old), _total_oddness(new)
    if o_new > o_old:
        return False
    if o_new < o_old or len(cx.letters(new)) < 2:
        return True
    lex_old = cx.word_score(old)
    return not (lex_old >= 2.5 and cx.word_score(new) + 0.5 < lex_old)


def _total_oddness(text: str) -> float:
    # ftfy marks bytes it knows were lost with U+FFFD on purpose: not held against it.
    return sum(cx.oddness(w) for w in text.replace("\ufffd", "").split())


def _explain(old: str, new: str) -> list[str]:
    return list(_explain_cached(old, new))


@lru_cache(maxsize=8192)
def _explain_cached(old: str, new: str) -> tuple[str, ...]:
    """Which code pages (or pairs, for double encoding) turn ``old`` into ``new``."""
    chars = set(old)
    pages = [cp for cp in cx.codepages() if not chars.isdisjoint(cp.lead)]
    hits = [cp.codec for cp in pages if (r := cx.repair_sequences(old, cp)) and r[0] == new]
    if hits:
        return tuple(hits)
    gate = cx.gate()
    for cp in pages:
        r = cx.repair_sequences(old, cp)
        if not r or not gate.search(r[0]):
            continue
        for cp2 in cx.codepages():
            r2 = cx.repair_sequences(r[0], cp2)
            if r2 and r2[0] == new:
                hits.append(f"{cp.codec}+{cp2.codec}")
    return tuple(hits)


def _how(codecs: list[str]) -> str | None:
    if not codecs:
        return None
    names = dict(cx.CODEPAGES)
    first = codecs[0].split("+")
    if len(first) == 1:
        return f"UTF-8 bytes read as {names[first[0]]}"
    return f"UTF-8 bytes read as {names[first[1]]}, then as {names[first[0]]} again"


def _describe_plan(plan) -> str:
    encs = [arg for step, arg in plan if step == "encode"]
    if encs:
        names = " then ".join(dict.fromkeys(encs))
        return f"UTF-8 bytes read as {names} (ftfy)"
    steps = sorted({arg for _, arg in plan})
    return "encoding damage repaired by ftfy" + (f" ({', '.join(steps)})" if steps else "")


def _merged_regions(a: str, b: str) -> list[tuple[int, int, str, list[str]]]:
    """Changed runs of words between ``a`` and ``b``, each tightened to the
    damaged words; adjacent ones (only spaces between) that the same code
    page explains are merged."""
    out: list[list] = []
    for s, e, new in sorted(_changed_regions(a, b)):
        codecs = _explain(a[s:e], new)
        if out and out[-1][1] <= s and (a[out[-1][1]:s].strip(" \t\xa0") == "") \
                and s - out[-1][1] <= 3:
            prev = out[-1]
            shared = [c for c in prev[3] if c in codecs]
            if shared or not (prev[3] or codecs):
                prev[2] = prev[2] + a[prev[1]:s] + new
                prev[1] = e
                prev[3] = shared
                continue
        out.append([s, e, new, codecs])
    return [tuple(r) for r in out]


def _changed_regions(a: str, b: str):
    """Word-aligned differences between ``a`` and ``b``: (a_start, a_end, b_text),
    each tightened to the differing characters widened to whole words."""
    ta = [(m.start(), m.end()) for m in _SPLIT.finditer(a)]
    tb = [(m.start(), m.end()) for m in _SPLIT.finditer(b)]
    wa = [a[s:e] for s, e in ta]
    wb = [b[s:e] for s, e in tb]
    if len(wa) == len(wb):  # the usual case: words repaired in place
        ops = [("replace", i, i + 1, i, i + 1) for i in range(len(wa)) if wa[i] != wb[i]]
    else:
        ops = difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            pairs = [(ta[i][0], ta[i][1], wb[j1 + k]) for k, i in enumerate(range(i1, i2))]
        elif i1 < i2:
            pairs = [(ta[i1][0], ta[i2 - 1][1], b[tb[j1][0]:tb[j2 - 1][1]] if j1 < j2 else "")]
        else:  # pure insertion: attach it to the previous word
            if i1 == 0:
                continue
            pairs = [(ta[i1 - 1][0], ta[i1 - 1][1], wb[j1 - 1] + "".join(wb[j1:j2]))
                     if j1 > 0 else (ta[0][0], ta[0][1], "".join(wb[j1:j2]) + wa[0])]
        for a0, a1, btxt in pairs:
            s, e, new = _tighten(a, a0, a1, btxt)
            if s < e or new:
                yield s, e, new


def _tighten(a: str, a0: int, a1: int, b: str) -> tuple[int, int, str]:
    """Shrink ``a[a0:a1] -> b`` to the differing characters, then widen it to
    whole words (letters and digits on either side)."""
    old = a[a0:a1]
    p = 0
    lim = min(len(old), len(b))
    while p < lim and old[p] == b[p]:
        p += 1
    q = 0
    while q < lim - p and old[len(old) - 1 - q] == b[len(b) - 1 - q]:
        q += 1
    s, e = a0 + p, a1 - q
    bs, be = p, len(b) - q
    while s > a0 and bs > 0 and a[s - 1].isalnum():
        s -= 1
        bs -= 1
    while e < a1 and be < len(b) and a[e].isalnum():
        e += 1
        be += 1
    return s, e, b[bs:be]


def _clip(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------------------
# 2. short misdecoded runs inside clean text


@dataclass
class _Cand:
    start: int  # span of the damaged word(s) in the text
    end: int
    old: str
    new: str
    codecs: tuple[str, ...]
    gain: float  # oddness removed
    odd_new: float
    lex_old: float
    lex_new: float
    n_long: int
    strong: bool = False
    token: tuple[int, int] = (0, 0)  # the whole token
    full_new: str = ""  # the whole token repaired
    inner: str | None = None  # the token after one layer, for double encoding


def _repair_runs(text: str) -> str:
    """``text`` with the misdecoded runs our sequence search accepts repaired."""
    if text.isascii():
        return text
    gate = cx.gate()
    cands: list[_Cand] = []
    last_end = -1
    allowed = cx.pairs()
    for m in gate.finditer(text):
        if m.start() < last_end or m.group() not in allowed:
            continue
        ts, te = _token_around(text, m.start())
        last_end = te
        c = _best_repair(text, ts, te)
        if c is not None:
            cands.append(c)
    if not cands:
        return text
    for c in cands:
        c.strong = _accept(c)
    # Extend accepted runs over adjacent damaged words that decode the same way.
    changed = True
    while changed:
        changed = False
        for i, c in enumerate(cands):
            if c.strong or not _weak_ok(c):
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(cands) and cands[j].strong and _adjacent(text, cands, min(i, j)) \
                        and set(c.codecs) & set(cands[j].codecs):
                    c.strong = changed = True
                    break
    for c in cands:
        if c.strong and c.inner is not None and not _inner_layer_ok(c):
            # Double encoding whose second layer would not stand on its own
            # (an ambiguous lone sequence): undo only the outer layer.
            ts, te = c.token
            c.start, c.end, c.new = _tighten(text, ts, te, c.inner)
    out, pos = [], 0
    for c in cands:
        if c.strong:
            out.append(text[pos:c.start])
            out.append(c.new)
            pos = c.end
    out.append(text[pos:])
    return "".join(out)


def _inner_layer_ok(c: _Cand) -> bool:
    found = _best_token_repair(c.inner)
    if found is None:
        return False
    s, e, old, rep, codecs, gain, odd_new, lex_old, lex_new, n_long, full, inner = found
    if inner is not None or full != c.full_new:
        return False
    return _accept(_Cand(s, e, old, rep, codecs, gain, odd_new, lex_old, lex_new, n_long))


def _adjacent(text: str, cands: list[_Cand], i: int) -> bool:
    """Are candidates ``i`` and ``i + 1`` separated only by spaces (same line)?"""
    if i + 1 >= len(cands):
        return False
    gap = text[cands[i].end:cands[i + 1].start]
    return cands[i].end <= cands[i + 1].start and len(gap) <= 3 and gap.strip(" \t\xa0") == ""


def _token_around(text: str, pos: int) -> tuple[int, int]:
    s = pos
    lo = max(0, pos - _MAX_TOKEN)
    while s > lo and text[s - 1] not in _WS:
        s -= 1
    e = pos
    hi = min(len(text), pos + _MAX_TOKEN)
    while e < hi and text[e] not in _WS:
        e += 1
    return s, e


def _best_repair(text: str, ts: int, te: int) -> _Cand | None:
    found = _best_token_repair(text[ts:te])
    if found is None or found[5] < 0 or found[6] > 0.5:
        return None  # could neither be accepted nor join a run
    s, e, old, rep, codecs, gain, odd_new, lex_old, lex_new, n_long, full, inner = found
    return _Cand(ts + s, ts + e, old, rep, codecs, gain, odd_new, lex_old, lex_new, n_long,
                 token=(ts, te), full_new=full, inner=inner)


def _codepage_repairs(text: str):
    """(code page, repaired text, sequences repaired, long sequences) for every code
    page whose misdecoded UTF-8 lead characters occur in ``text`` and that repairs it."""
    chars = set(text)
    for cp in cx.codepages():
        if chars.isdisjoint(cp.lead):
            continue
        res = cx.repair_sequences(text, cp)
        if res is not None:
            new, n_seq, n_long = res
            yield cp, new, n_seq, n_long


@lru_cache(maxsize=8192)
def _best_token_repair(token: str):
    """The most plausible repair of one token, with the measures that decide
    whether to keep it; offsets are relative to the token."""
    options: dict[str, list] = {}  # repaired token -> [codecs, n_long, n_seq, depth]
    for cp, new, n_seq, n_long in _codepage_repairs(token):
        if new in options:
            options[new][0].append(cp.codec)
        else:
            options[new] = [[cp.codec], n_long, n_seq, 0, None]
    if not options:
        return None
    gate = cx.gate()
    # Double encoding: decode again the few most promising first repairs.
    firsts = sorted(options.items(), key=lambda kv: (cx.oddness(kv[0]), -kv[1][2]))[:3]
    for cur, (codecs, nl, ns, _, _) in firsts:
        if cx.oddness(cur) == 0 or not gate.search(cur):
            continue
        for cp, new, n_seq, n_long in _codepage_repairs(cur):
            key = f"{codecs[0]}+{cp.codec}"
            if new in options:
                if options[new][3] == 1:
                    options[new][0].append(key)
                continue
            options[new] = [[key], nl + n_long, ns + n_seq, 1, cur]
    scored = []
    for new, (codecs, n_long, n_seq, depth, inner) in options.items():
        s, e, rep = _tighten(token, 0, len(token), new)
        old = token[s:e]
        odd_old, odd_new = cx.oddness(old), cx.oddness(rep)
        scored.append([(odd_new - odd_old, depth), s, e, old, rep, codecs, odd_old, odd_new,
                       n_long, n_seq, new, inner])
    top = min(x[0] for x in scored)
    best = None
    for key, s, e, old, rep, codecs, odd_old, odd_new, n_long, n_seq, full, inner in scored:
        if key != top:
            continue
        lex_new = cx.word_score(rep)
        k2 = (-round(lex_new), -n_seq, -n_long, -len(codecs))
        if best is None or k2 < best[0]:
            best = (k2, s, e, old, rep, tuple(codecs), odd_old - odd_new, odd_new,
                    cx.word_score(old), lex_new, n_long, full, inner)
    return best[1:]


_FTFY_CODECS = frozenset({"cp1252", "latin-1", "iso8859_15"})


def _accept(c: _Cand) -> bool:
    if c.odd_new > 0.5 or c.lex_new + 0.5 < c.lex_old and c.gain < 3:
        return False
    if any(cd in _FTFY_CODECS for cd in c.codecs) and c.n_long == 0 and c.gain < 2.5 \
            and c.lex_new < 4.0:
        # ftfy has already judged Latin-1 style mojibake on this line; a lone
        # two-byte sequence it left alone is ambiguous (issue #202 of ftfy).
        return False
    if c.gain >= 2:
        return True
    if c.gain >= 1 and (c.lex_new >= 1.0 or c.n_long >= 1):
        return True
    if c.n_long >= 1 and c.gain >= 0 and c.odd_new == 0 and _one_script(c.new) \
            and (c.gain > 0 or (c.lex_old == 0 and c.lex_new >= 2.0)):
        return True
    return c.gain >= 0 and c.odd_new == 0 and c.lex_new >= 3.0 and c.lex_old < 1.0 \
        and len(cx.letters(c.new)) >= 3


def _weak_ok(c: _Cand) -> bool:
    return c.gain >= 0 and c.odd_new == 0 and c.lex_new + 0.5 >= c.lex_old


def _one_script(s: str) -> bool:
    scripts = {cx.char_info(ch)[1] for ch in s} - {""}
    return len(scripts) == 1
