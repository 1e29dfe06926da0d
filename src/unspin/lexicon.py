"""User lexicons: ``tortured,expected`` CSV files such as the Problematic Paper
Screener's fingerprint lists. Matches become ``spun`` findings whose suggestion
is the expected phrase.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .decode import read_utf8_file
from .errors import InputError

_WS = re.compile(r"\s+")


def normalize_phrase(phrase: str) -> str:
    return _WS.sub(" ", phrase.strip().casefold())


@dataclass(frozen=True)
class Lexicon:
    name: str
    #: normalised tortured phrase -> expected phrase
    entries: dict[str, str]

    def __len__(self) -> int:
        return len(self.entries)


def parse_lexicon(text: str, name: str = "lexicon") -> Lexicon:
    """Parse CSV text with rows ``tortured,expected`` (a header row is optional)."""
    entries: dict[str, str] = {}
    reader = csv.reader(io.StringIO(text))
    for lineno, row in enumerate(reader, 1):
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 2:
            raise InputError(f"{name}: line {lineno}: expected 'tortured,expected', got {len(row)} column(s)")
        tortured, expected = normalize_phrase(row[0]), row[1].strip()
        if lineno == 1 and tortured == "tortured":
            continue
        if not tortured or not expected or expected == "?":
            continue
        entries[tortured] = expected
    if not entries:
        raise InputError(f"{name}: no 'tortured,expected' rows found")
    return Lexicon(name=name, entries=entries)


def load_lexicon(path: str | Path) -> Lexicon:
    return parse_lexicon(read_utf8_file(path, "lexicon"), name=str(Path(path)))
