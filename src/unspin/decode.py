"""Bytes to text: UTF-8 when it is, a detected legacy encoding when it is not,
and a clear refusal for binary data.

Returns the text and a note on how it was decoded, so adapters can report it.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: is neither UTF-8 nor any text encoding that could be detected")
    enc = best.encoding
    coherence = getattr(best, "coherence", None)
    conf = float(coherence) if isinstance(coherence, (int, float)) else 0.5
    return Decoded(str(best), enc, detected=True, confidence=max(0.0, min(1.0, conf)))


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    return sum(1 for b in sample if b in _CONTROL) / len(sample)
