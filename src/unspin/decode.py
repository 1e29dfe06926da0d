"""Bytes to text: UTF-8 when it is, a detected legacy encoding when it is not,
and a clear refusal for binary data.

Returns the text and a note on how it was decoded, so adapters can report it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

#: Share of control characters above which input is treated as binary.
MAX_CONTROL_SHARE = 0.02
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    #: True when the bytes were not valid UTF-8 and the encoding was detected.
    detected: bool
    confidence: float = 1.0

    def note(self) -> str | None:
        if not self.detected:
            return None
        return f"input is not UTF-8; decoded as {self.encoding} (detected, confidence {self.confidence:.2f})"


def decode_bytes(data: bytes, name: str = "input") -> Decoded:
    """Decode ``data`` to text or raise :class:`InputError` saying why not."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", detected=True)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from None
    if b"\x00" in data[:65536] or _control_share(data[:65536]) > MAX_CONTROL_SHARE:
        raise InputError(f"{name}: looks like binary data (NUL or control bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", detected=False)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError(f"{name}: is neither UTF-8 nor any text encoding that could be detected")
    best = _pick(matches)
    enc = best.encoding
    coherence = getattr(best, "coherence", None)
    conf = float(coherence) if isinstance(coherence, (int, float)) else 0.5
    return Decoded(str(best), enc, detected=True, confidence=max(0.0, min(1.0, conf)))


#: Encodings most often met on the web after UTF-8, most common first: the tie-break
#: when a short text decodes plausibly in several.
WEB_PRIOR = ("cp1252", "iso8859_1", "cp1251", "cp1250", "gb18030", "shift_jis", "euc_kr",
             "big5", "cp1254", "cp1253", "cp1256", "cp1255", "cp1257", "koi8_r", "iso8859_2")
_PRIOR_LANGS = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "cs", "tr", "ru", "uk", "el", "sv", "hu", "ro")


def _pick(matches):
    """Among near-equally plausible decodings, the one whose non-ASCII words are
    real words in some language; then the one most common on the web."""
    best_chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= best_chaos + 0.1][:6]
    if len(close) == 1:
        return close[0]

    def known_words(m) -> int:
        from wordfreq import zipf_frequency

        words = {w.strip(".,;:!?\"'()«»—–-").lower() for w in str(m).split()}
        words = [w for w in words if w and not w.isascii()][:200]
        return sum(1 for w in words if any(zipf_frequency(w, lang) > 0 for lang in _PRIOR_LANGS))

    def prior(m) -> int:
        return WEB_PRIOR.index(m.encoding) if m.encoding in WEB_PRIOR else len(WEB_PRIOR)

    return max(close, key=lambda m: (known_words(m), -prior(m), -m.chaos))


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    return sum(1 for b in sample if b in _CONTROL) / len(sample)


def read_utf8_file(path: str | Path, what: str) -> str:
    """A user's data file (a lexicon, a spinner table) as text: UTF-8, a BOM
    allowed; anything else is a one-line :class:`InputError` naming ``what``."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read {what} ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{p}: {what} is not UTF-8 text") from None
