"""Legacy code pages, and how UTF-8 looks after it was decoded with one of them.

When the UTF-8 bytes of "ı" (``C4 B1``) are decoded as windows-1251 they read
"Д±": a *lead* byte (``C2``-``F4``) followed by one to three *continuation*
bytes (``80``-``BF``), each shown as whatever that code page puts there. This
module knows, for every code page that web mojibake comes from, which
characters those bytes become, so that a run of text can be searched for
sequences that would be valid UTF-8 again once re-encoded, and repaired.

It also holds the measures used to decide whether a repair is an improvement:
:func:`oddness` (script mixing, case anomalies, stray symbols and rare or
invalid characters inside words) and :func:`word_score` (how common the words
are in any language whose script they are written in, from ``wordfreq``).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Code pages tried, most common source of web mojibake first, with the name
#: used in evidence. The order breaks ties between equally good repairs.
CODEPAGES: tuple[tuple[str, str], ...] = (
    ("cp1252", "windows-1252"),
    ("latin-1", "latin-1"),
    ("cp1251", "windows-1251"),
    ("cp1250", "windows-1250"),
    ("cp1254", "windows-1254"),
    ("cp1253", "windows-1253"),
    ("cp1257", "windows-1257"),
    ("iso8859_15", "iso-8859-15"),
    ("iso8859_2", "iso-8859-2"),
    ("iso8859_5", "iso-8859-5"),
    ("iso8859_7", "iso-8859-7"),
    ("iso8859_9", "iso-8859-9"),
    ("iso8859_13", "iso-8859-13"),
    ("mac_roman", "mac-roman"),
    ("mac_cyrillic", "mac-cyrillic"),
    ("koi8_r", "koi8-r"),
    ("koi8_u", "koi8-u"),
    ("cp437", "cp437"),
    ("cp850", "cp850"),
    ("cp866", "cp866"),
    ("cp1255", "windows-1255"),
    ("cp1256", "windows-1256"),
    ("cp874", "windows-874"),
)


@dataclass(frozen=True)
class CodePage:
    codec: str
    name: str
    rank: int
    encode: dict[str, int]  # non-ASCII character -> byte
    lead: frozenset[str]
    cont: frozenset[str]
    sequence: re.Pattern[str]  # one misdecoded UTF-8 multi-byte sequence


def _byte_char(codec: str, b: int) -> str:
    """The character a code page shows for byte ``b``; undefined bytes are
    taken as the C1 control or Latin-1 character of the same number, as
    browsers and ftfy's "sloppy" codecs do."""
    try:
        return bytes([b]).decode(codec)
    except UnicodeDecodeError:
        return chr(b)


def _cls(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _build(codec: str, name: str, rank: int) -> CodePage:
    enc: dict[str, int] = {}
    for b in range(0x80, 0x100):
        c = _byte_char(codec, b)
        if c.isascii() or c in enc:
            continue
        enc[c] = b
    by_byte = {b: c for c, b in enc.items()}
    lead2 = {by_byte[b] for b in range(0xC2, 0xE0) if b in by_byte}
    lead3 = {by_byte[b] for b in range(0xE0, 0xF0) if b in by_byte}
    lead4 = {by_byte[b] for b in range(0xF0, 0xF5) if b in by_byte}
    cont = {by_byte[b] for b in range(0x80, 0xC0) if b in by_byte}
    c = _cls(cont)
    pattern = f"{_cls(lead2)}{c}|{_cls(lead3)}{c}{c}|{_cls(lead4)}{c}{c}{c}"
    return CodePage(codec, name, rank, enc, frozenset(lead2 | lead3 | lead4), frozenset(cont),
                    re.compile(pattern))


@lru_cache(maxsize=1)
def codepages() -> tuple[CodePage, ...]:
    return tuple(_build(codec, name, i) for i, (codec, name) in enumerate(CODEPAGES))


@lru_cache(maxsize=1)
def gate() -> re.Pattern[str]:
    """A cheap superset test: a character that is a lead byte in some code
    page followed by one that is a continuation byte in some code page."""
    leads: set[str] = set()
    conts: set[str] = set()
    for cp in codepages():
        leads |= cp.lead
        conts |= cp.cont
    return re.compile(_cls(leads) + _cls(conts))


#: Code pages whose mojibake ftfy's ``fix_encoding`` looks for.
FTFY_CODECS = frozenset({"cp1252", "latin-1", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257",
                         "iso8859_2", "mac_roman", "cp437"})


def _second_bytes(lead: int) -> range:
    if lead == 0xE0:
        return range(0xA0, 0xC0)
    if lead == 0xED:
        return range(0x80, 0xA0)
    if lead == 0xF0:
        return range(0x90, 0xC0)
    if lead == 0xF4:
        return range(0x80, 0x90)
    return range(0x80, 0xC0)


@lru_cache(maxsize=2)
def pairs(only_ftfy: bool = False) -> frozenset[str]:
    """Every two-character string that begins a valid misdecoded UTF-8
    sequence in some code page (in those ftfy covers, with ``only_ftfy``)."""
    out: set[str] = set()
    for cp in codepages():
        if only_ftfy and cp.codec not in FTFY_CODECS:
            continue
        by_byte = {b: c for c, b in cp.encode.items()}
        for lead in range(0xC2, 0xF5):
            if lead not in by_byte:
                continue
            for b in _second_bytes(lead):
                if b in by_byte:
                    out.add(by_byte[lead] + by_byte[b])
    return frozenset(out)


def has_pair(text: str, allowed: frozenset[str]) -> bool:
    for m in gate().finditer(text):
        if m.group() in allowed:
            return True
    return False


def repair_sequences(token: str, cp: CodePage) -> tuple[str, int, int] | None:
    """Decode every misdecoded UTF-8 sequence of ``cp`` inside ``token``.

    Returns ``(repaired, sequences, long_sequences)`` (long = three or four
    bytes), or None when nothing in the token decodes.
    """
    out: list[str] = []
    pos = 0
    n = n_long = 0
    for m in cp.sequence.finditer(token):
        chunk = m.group()
        try:
            fixed = bytes(cp.encode[c] for c in chunk).decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(token[pos:m.start()])
        out.append(fixed)
        pos = m.end()
        n += 1
        if len(chunk) >= 3:
            n_long += 1
    if not n:
        return None
    out.append(token[pos:])
    return "".join(out), n, n_long


# ---------------------------------------------------------------------------
# How odd a word looks

#: Symbols that mojibake leaves next to letters; a real word rarely has one
#: glued to a letter. Closing quotes, dashes and ellipses are left out: they
#: follow words legitimately.
_MOJI_SYMBOLS = frozenset(
    "€‚ƒ„†‡ˆ‰‹™¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º¼½¾¿×÷˜•ˇ˘˙˛˝¬√≈∆◊⁄ﬁﬂ≠∞≤≥∂∑∏π∫Ω"
    "│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀░▒▓■"
)
_WORD_INTERNAL = frozenset("'’-‐‑.·_")
_CLOSERS = frozenset("”’»›)]}…–—\"'.,;:!?")

#: Characters whose block is rarely used in modern text in any language.
_RARE_RANGES = (
    (0x0080, 0x009F),  # C1 controls
    (0x017F, 0x019F), (0x01A2, 0x01AE), (0x01B1, 0x01CC), (0x01DD, 0x0217), (0x021C, 0x024F),
    (0x0250, 0x02AF),  # IPA
    (0x02B0, 0x02C5), (0x02C8, 0x02D7), (0x02DE, 0x02FF),
    (0x0300, 0x036F),  # combining marks glued after a base
    (0x0370, 0x0385), (0x03CF, 0x03FF),
    (0x0460, 0x048F), (0x04C0, 0x04CF), (0x04F6, 0x052F),
    (0x0530, 0x058F),  # Armenian
    (0x0590, 0x05CF),  # Hebrew points and cantillation
    (0x0600, 0x060B), (0x06D6, 0x06FF),
    (0x0700, 0x08FF),  # Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic ext.
    (0x2000, 0x200F), (0x2028, 0x202F),
    (0x2190, 0x21FF), (0x2300, 0x23FF), (0x2500, 0x25FF),
    (0x2801, 0x2BFF),  # Braille (but its blank, used as a spacer), arrows, misc symbols
    (0x2E80, 0x2FFF), (0x3400, 0x4DBF), (0x3190, 0x31FF), (0xA490, 0xABFF), (0xD7B0, 0xD7FF),
    (0xE000, 0xF8FF),
)
_RARE_RANGES = tuple(sorted(_RARE_RANGES))
_RARE_STARTS = [a for a, _ in _RARE_RANGES]


@lru_cache(maxsize=65536)
def _rare(cp: int) -> bool:
    i = bisect.bisect_right(_RARE_STARTS, cp) - 1
    return i >= 0 and cp <= _RARE_RANGES[i][1]


_COMMON_SCRIPTS = frozenset((
    "Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hangul", "Thai", "Devanagari",
    "Bengali", "Tamil", "Telugu", "Kannada", "Malayalam", "Gujarati", "Gurmukhi", "Armenian",
    "Georgian", "Ethiopic", "Sinhala", "Khmer", "Lao", "Myanmar", "Tibetan", "Modifier",
))


@lru_cache(maxsize=65536)
def char_info(c: str) -> tuple[str, str]:
    """(category, script) of a character; script is '' for non-letters."""
    cat = unicodedata.category(c)
    if cat[0] != "L":
        return cat, ""
    if c.isascii():
        return cat, "Latin"
    name = unicodedata.name(c, "")
    word = name.split(" ", 1)[0]
    if word in ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "IDEOGRAPHIC"):
        return cat, "Han"
    return cat, word.title()


@lru_cache(maxsize=4096)
def _mark_fits(c: str, base_script: str) -> bool:
    if 0x0300 <= ord(c) <= 0x036F:
        return True  # generic marks also sit on digits and symbols (strike-through prices)
    if not base_script:
        return False
    word = unicodedata.name(c, "").split(" ", 1)[0].title()
    return word == base_script or (base_script == "Han" and word in ("Hiragana", "Katakana"))


def oddness(word: str) -> float:
    """How un-word-like ``word`` is: 0 for ordinary words in any script."""
    return _oddness(word) if len(word) > 64 else _oddness_cached(word)


@lru_cache(maxsize=65536)
def _oddness_cached(word: str) -> float:
    return _oddness(word)


def _oddness(word: str) -> float:
    """How un-word-like ``word`` is: 0 for ordinary words in any script."""
    score = 0.0
    prev_cat = prev_script = ""
    prev_char = ""
    n = len(word)
    for i, c in enumerate(word):
        o = ord(c)
        cat, script = char_info(c)
        if cat in ("Cc", "Cn", "Co", "Cs") and c not in "\t\n\r":
            score += 2
        elif c == "\ufffd":
            score += 2
        elif _rare(o):
            score += 1
        if script:
            if script not in _COMMON_SCRIPTS:
                score += 1
            if script != "Latin" and 0 < i < n - 1 and word[i - 1].isdigit() and word[i + 1].isdigit():
                score += 1  # a letter of another script between digits
            if prev_script and prev_script != script:
                # Greek letters inside Latin words are common in science (IL2Rγ, μm).
                score += 0.5 if {prev_script, script} == {"Latin", "Greek"} else 1
            if prev_cat == "Ll" and cat == "Lu":
                # camelCase happens in Latin names (iPhone, McDonald).
                score += 0.5 if script == "Latin" else 1
            prev_script = script
        elif cat[0] in "SP" and c not in _WORD_INTERNAL:
            after_letter = bool(prev_char) and char_info(prev_char)[1] != ""
            nxt = word[i + 1] if i + 1 < n else ""
            before_alnum = bool(nxt) and nxt.isalnum()
            trademark = c in "®™" and not before_alnum  # NESTLÉ®, Brand™
            if after_letter and (before_alnum or (c in _MOJI_SYMBOLS and c not in _CLOSERS
                                                  and not trademark)):
                score += 1
            elif c in _MOJI_SYMBOLS and before_alnum and i > 0 and not prev_char.isspace():
                score += 0.5
        elif cat == "No" and 0 < i < n - 1 and prev_script and word[i + 1].isalpha():
            score += 1  # a superscript or fraction between two letters
        elif cat == "Nd" and not c.isascii() and (prev_script or (i + 1 < n and word[i + 1].isalpha())):
            score += 1  # a non-ASCII digit glued to a letter
        elif cat in ("Mn", "Me", "Mc") and (i == 0 or not _mark_fits(c, prev_script)):
            score += 1  # a combining mark with no letter of its script to sit on
        if cat[0] in "LN":
            prev_cat = cat
        else:
            prev_cat = ""
        if not script and cat[0] != "M":
            prev_script = prev_script if cat[0] == "N" else ""
        prev_char = c
    return score


# ---------------------------------------------------------------------------
# How common the words are

_SCRIPT_LANGS = {
    "Latin": ("en", "tr", "pl", "cs", "sk", "de", "fr", "es", "pt", "it", "vi", "hu", "ro", "sl",
              "sh", "lv", "lt", "fi", "sv", "da", "nb", "nl", "ca", "is", "ms", "id", "fil"),
    "Cyrillic": ("ru", "uk", "bg", "mk", "sh"),
    "Greek": ("el",),
    "Arabic": ("ar", "fa", "ur"),
    "Hebrew": ("he",),
    "Han": ("zh", "ja"),
    "Hangul": ("ko",),
    "Devanagari": ("hi",),
    "Bengali": ("bn",),
    "Tamil": ("ta",),
}


@lru_cache(maxsize=None)
def _freqs(lang: str) -> dict[str, float]:
    try:
        import wordfreq

        return wordfreq.get_frequency_dict(lang, "small")
    except Exception:  # noqa: BLE001 - a missing list only weakens the evidence
        return {}


_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def word_zipf(word: str) -> float:
    """Zipf frequency (0 = unknown .. ~7) of one word in the most likely language
    among those written in its script."""
    w = word.lower().replace("ς", "σ").replace("i\u0307", "i").replace("ß", "ss")
    scripts = {char_info(c)[1] for c in w} - {""}
    if len(scripts) != 1:
        return 0.0
    langs = _SCRIPT_LANGS.get(scripts.pop(), ())
    best = 0.0
    for lang in langs:
        f = _freqs(lang).get(w)
        if f:
            best = max(best, math.log10(f) + 9)
    return best


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_EDGE_PUNCT = "\"'“”‘’«»‹›()[]{}<>.,;:!?¡¿…–—-°¹²³™®©%\xa0"
_WHOLE_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def word_score(text: str) -> float:
    """Lowest Zipf frequency over the words of ``text``; a word broken up by
    symbols or digits counts 0, and so does a text with no word."""
    best = None
    for w in _ASCII_SPACE.split(text):
        w = w.strip(_EDGE_PUNCT)
        if not w:
            continue
        z = word_zipf(w) if _WHOLE_WORD.fullmatch(w) else 0.0
        best = z if best is None else min(best, z)
    return best or 0.0


def letters(text: str) -> str:
    return "".join(_LETTERS.findall(text))
