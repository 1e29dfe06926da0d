"""Documents to spin: Wikipedia leads and State of the Union addresses, short and
web-page length, split into dev/test halves by a stable hash of the document id.

The corpora live outside the project (``../shared/data/clean``); every function
here takes the data directory as an argument and nothing is copied.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPLITS = ("dev", "test")


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
    source: str  # "wikipedia" | "sotu"
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
        sents = _sentences(sp.text)
        cur: list[str] = []
        n = 0
        target = rng.randint(min_words, max_words)
        k = 0
        for s in sents:
            cur.append(s)
            n += len(s.split())
            if n >= target:
                out.append(SourceDoc(f"{sp.id}#{k}", " ".join(cur), "sotu", dict(sp.meta)))
                k += 1
                cur, n = [], 0
                target = rng.randint(min_words, max_words)
        if n >= min_words:
            out.append(SourceDoc(f"{sp.id}#{k}", " ".join(cur), "sotu", dict(sp.meta)))
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
    out = []
    cur: list[SourceDoc] = []
    n = 0
    target = rng.randint(min_words, max_words)
    for i in order:
        d = leads[i]
        if d.words > max_words:
            continue
        cur.append(d)
        n += d.words
        if n >= target:
            if n <= max_words:
                out.append(
                    SourceDoc(
                        "page:" + "+".join(c.id for c in cur),
                        "\n\n".join(c.text for c in cur),
                        "wikipedia",
                        {"parts": [c.id for c in cur]},
                    )
                )
            cur, n = [], 0
            target = rng.randint(min_words, max_words)
    return out


def sample(docs: list[SourceDoc], n: int | None, seed: int = 0) -> list[SourceDoc]:
    """A seeded sample of ``n`` documents (all of them when n is None or too big)."""
    if n is None or n >= len(docs):
        return list(docs)
    rng = _rng("sample", seed, len(docs), n)
    idx = sorted(rng.sample(range(len(docs)), n))
    return [docs[i] for i in idx]
