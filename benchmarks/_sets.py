"""Benchmark document sets: honest and synthetically spun documents of the TEST
split, short (one Wikipedia lead / a lead-sized chunk of a SOTU address) and
web-page length (300-800 words)."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unspin.synth import MissingResource, SpunEdit, sample, sotu_chunks, spin, wikipedia_leads, wikipedia_pages

RATES = (0.1, 0.2, 0.3, 0.4, 0.5)
LENGTHS = ("short", "web")


@dataclass(frozen=True)
class Case:
    id: str
    length: str  # "short" | "web"
    source: str  # "wikipedia" | "sotu"
    text: str  # what is analysed
    original: str  # the honest text it came from (== text when honest)
    style: str | None = None  # None: honest
    rate: float | None = None
    edits: tuple[SpunEdit, ...] = ()
    year: int | None = None

    @property
    def spun(self) -> bool:
        return self.style is not None

    @property
    def words(self) -> int:
        return len(self.text.split())


@lru_cache(maxsize=8)
def pools(data: Path, split: str = "test") -> dict[tuple[str, str], list]:
    return {
        ("short", "wikipedia"): wikipedia_leads(data, split),
        ("short", "sotu"): sotu_chunks(data, split, short=True),
        ("web", "wikipedia"): wikipedia_pages(data, split),
        ("web", "sotu"): sotu_chunks(data, split),
    }


def _draw(data: Path, length: str, n: int, seed: str) -> list[tuple[str, object]]:
    """n documents of a length, about 60% Wikipedia and 40% SOTU."""
    p = pools(data)
    n_sotu = (n * 2) // 5
    out = [("wikipedia", d) for d in sample(p[(length, "wikipedia")], n - n_sotu, seed=hash_seed(seed, "w"))]
    out += [("sotu", d) for d in sample(p[(length, "sotu")], n_sotu, seed=hash_seed(seed, "s"))]
    return out


def hash_seed(*parts: object) -> int:
    import hashlib

    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def honest_cases(data: Path, n_short: int, n_web: int, seed: int = 0) -> list[Case]:
    out = []
    for length, n in (("short", n_short), ("web", n_web)):
        for source, d in _draw(data, length, n, f"honest|{length}|{seed}"):
            out.append(Case(d.id, length, source, d.text, d.text, year=d.meta.get("year")))
    return out


def spun_cases(
    data: Path, styles: tuple[str, ...], n_short: int, n_web: int, seed: int = 0, log: bool = True
) -> list[Case]:
    out = []
    for style in styles:
        t0 = time.perf_counter()
        try:
            spin("A short test of the spinner.", style, 0.5, 0)
        except MissingResource as exc:
            print(f"  SKIPPED style {style}: {exc}", flush=True)
            continue
        for length, n in (("short", n_short), ("web", n_web)):
            for i, (source, d) in enumerate(_draw(data, length, n, f"spun|{style}|{length}|{seed}")):
                rate = RATES[i % len(RATES)]
                s = spin(d.text, style, rate, hash_seed(seed, d.id, style))
                if not s.edits:
                    continue
                out.append(
                    Case(d.id, length, source, s.text, d.text, style, rate, s.edits, d.meta.get("year"))
                )
        if log:
            print(f"  spun {style}: {time.perf_counter() - t0:.1f}s", flush=True)
    return out


def common_args(description: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--quick", action="store_true", help="a small sample (under ~2 minutes)")
    ap.add_argument("--seed", type=int, default=0)
    return ap
