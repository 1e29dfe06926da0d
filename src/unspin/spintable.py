"""Spinner tables: a spinner's own substitutions (spun -> original, with counts).

``unspin dupes --learn TABLE`` writes one from groups of spun copies
(:func:`unspin.dupes.consensus.learn`); ``--spinner-table TABLE`` (or
``Options(spinner_tables=...)``) lets the spin detector use it on new pages of
the same spinner (:mod:`unspin.spin.learned`).

The file is UTF-8 tab-separated text, one substitution per line::

    # unspin spinner table
    spun	original	count	source_count
    the newest	the	41	3
    such as for example	such as	17	0

``count``: how many copies held the spun wording where the original won the
vote; ``source_count``: how often the spun wording was itself the source's
(it occurs in the consensus texts). Lines starting with ``#`` are comments;
the header line is optional.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .decode import read_utf8_file
from .errors import InputError

_WS = re.compile(r"\s+")
HEADER = ("spun", "original", "count", "source_count")


def normalize(phrase: str) -> str:
    """A spun wording as the detector reads it: lowercase words, apostrophes
    straightened, hyphens and runs of space as one space ("Thank-you" -> "thank you")."""
    return _WS.sub(" ", phrase.casefold().replace("’", "'").replace("-", " ")).strip()


@dataclass(frozen=True)
class SpinnerTable:
    name: str
    #: normalised spun wording -> ((original, count), ...), most frequent first
    entries: dict[str, tuple[tuple[str, int], ...]]
    #: normalised spun wording -> times it was the source's own wording
    source_counts: dict[str, int]

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    @property
    def max_words(self) -> int:
        return max((len(k.split()) for k in self.entries), default=0)


def from_rows(rows: Iterable[tuple[str, str, int, int]], name: str = "spinner table") -> SpinnerTable:
    """A table from (spun, original, count, source_count) rows."""
    entries: dict[str, dict[str, int]] = {}
    src: dict[str, int] = {}
    for spun, orig, count, source in rows:
        key = normalize(spun)
        if not key or count <= 0:
            continue
        o = _WS.sub(" ", orig.strip())
        per = entries.setdefault(key, {})
        per[o] = per.get(o, 0) + count
        src[key] = max(src.get(key, 0), source)
    return SpinnerTable(
        name,
        {k: tuple(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))) for k, v in entries.items()},
        src,
    )


def parse_table(text: str, name: str = "spinner table") -> SpinnerTable:
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if tuple(c.strip() for c in cols[:4]) == HEADER:
            continue
        if len(cols) < 3:
            raise InputError(f"{name}: line {lineno}: expected 'spun<TAB>original<TAB>count[<TAB>source_count]'")
        try:
            count = int(cols[2])
            source = int(cols[3]) if len(cols) > 3 and cols[3].strip() else 0
        except ValueError:
            raise InputError(f"{name}: line {lineno}: count and source_count must be whole numbers") from None
        if count < 0 or source < 0:
            raise InputError(f"{name}: line {lineno}: counts cannot be negative")
        rows.append((cols[0], cols[1], count, source))
    table = from_rows(rows, name)
    if not table.entries:
        raise InputError(f"{name}: no substitutions found")
    return table


def load_table(path: str | Path) -> SpinnerTable:
    return parse_table(read_utf8_file(path, "spinner table"), name=str(Path(path)))


def format_table(rows: Iterable[tuple[str, str, int, int]]) -> str:
    """The file text for (spun, original, count, source_count) rows."""
    out = ["# unspin spinner table (spun -> original), learned by `unspin dupes --learn`", "\t".join(HEADER)]
    for spun, orig, count, source in rows:
        if "\t" in spun + orig or "\n" in spun + orig:
            continue
        out.append(f"{spun}\t{orig}\t{count}\t{source}")
    return "\n".join(out) + "\n"
