"""The case-damage rules (``spin.damage``) on DEV-split text: what they find in
honest text, and how many of the synthetic ``case`` spinner's edits they find.

    PYTHONPATH=src python scripts/check_case_damage.py [--spun 400]

Honest: every dev-split document of Brown, the fortunes, the Wikipedia leads and
pages and the SOTU chunks; a lowercase-name finding there is a false positive
(the pages hold the leads, so a lead's finding shows twice). Spun: dev-split
leads and short SOTU chunks (3:1) spun in the ``case`` style at rates 0.1, 0.3
and 0.5; an edit is found when a damage finding overlaps it, and put back when
one sits exactly on it with the original as its suggestion; and the words that
differ from the original text before and after every repair is made. Needs ../shared/data
(and Debian's ``fortunes`` and npm's Brown corpus where installed).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from benchmarks._sets import hash_seed  # noqa: E402
from benchmarks._shared import shared_data_dir  # noqa: E402
from unspin.edits import apply_edits, select_edits  # noqa: E402
from unspin.spin import damage  # noqa: E402
from unspin.spin.tokens import tokenize  # noqa: E402
from unspin.synth import (  # noqa: E402
    MissingResource, brown_pages, fortunes, sample, sotu_chunks, spin, wikipedia_leads, wikipedia_pages,
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spun", type=int, default=400, help="spun documents")
    args = ap.parse_args(argv)
    data = shared_data_dir()
    honest = {"leads": lambda: wikipedia_leads(data, "dev"), "pages": lambda: wikipedia_pages(data, "dev"),
              "sotu": lambda: sotu_chunks(data, "dev"), "brown": lambda: brown_pages("dev"),
              "fortunes": lambda: fortunes("dev")}
    for name, load in honest.items():
        try:
            docs = load()
        except MissingResource as exc:
            print(f"{name}: skipped ({exc})")
            continue
        words = 0
        found: Counter = Counter()
        for d in docs:
            toks = tokenize(d.text)
            words += len(toks)
            for f in damage.detect(d.text, toks):
                found[(f.text, f.suggestion)] += 1
        print(f"honest {name}: {len(docs)} docs, {words} words, {sum(found.values())} findings "
              f"{found.most_common(8)}")
    n_short = args.spun // 4
    docs = sample(wikipedia_leads(data, "dev"), args.spun - n_short, seed=3) + \
        sample(sotu_chunks(data, "dev", short=True), n_short, seed=3)
    c: Counter = Counter()
    for k, d in enumerate(docs):
        s = spin(d.text, "case", (0.1, 0.3, 0.5)[k % 3], hash_seed(7, d.id, "case"))
        fs = damage.detect(s.text, tokenize(s.text))
        for e in s.edits:
            c["edits"] += 1
            c["found"] += any(f.start < e.end and e.start < f.end for f in fs)
            c["put back"] += any(f.start == e.start and f.end == e.end and f.suggestion == e.original for f in fs)
        c["differ spun"] += words_differing(s.text, d.text)
        c["differ repaired"] += words_differing(repaired(s.text, fs), d.text)
    print(f"case-style spins: {len(docs)} docs, {c['edits']} edits, found {c['found']}, put back {c['put back']}; "
          f"words differing from the original {c['differ spun']} -> {c['differ repaired']} after the repairs")
    return 0


def repaired(text: str, findings) -> str:
    """``text`` with the findings' suggestions in place, chosen and applied as ``restore``
    does (``unspin.edits``)."""
    return apply_edits(text, select_edits(findings, ("spun",)))[0]


def words_differing(a: str, b: str) -> int:
    """Words of ``a`` and ``b`` outside their longest matching runs (an edit's larger side)."""
    x, y = a.split(), b.split()
    ops = difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")


if __name__ == "__main__":
    sys.exit(main())
