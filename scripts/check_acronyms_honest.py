"""The acronym rules (``spin.acronyms``) on honest text: how many acronyms in brackets
it holds, how many findings the rules make (every one a false positive), and how
many words they protect (terms that spell their acronym).

    PYTHONPATH=src python scripts/check_acronyms_honest.py [--data ../shared/data]

Reads every dev-split document of ``../shared/data/clean`` (Wikipedia leads and
pages, SOTU chunks) and Debian's fortunes where installed, then the technical
English found on this machine: the descriptions of the installed Python packages,
Debian README files and licence texts (what it reads there depends on the
machine: a spot check). Prints each finding, and per group the words read, the
bracketed acronyms and the findings. The dev figures of docs/history.md
("Acronyms a term no longer spells") come from this script.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import re
import sys
import sysconfig
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import shared_data_dir  # noqa: E402

#: local technical English: package descriptions, READMEs, licences (first 300,000 characters of each)
LOCAL = ("{purelib}/*.dist-info/METADATA", "/usr/lib/python3/dist-packages/*.dist-info/METADATA",
         "/usr/share/doc/*/README*", "/usr/share/common-licenses/*")


def dev_texts(data: Path) -> list[str]:
    from unspin.synth import MissingResource, docs

    out = [d.text for d in docs.wikipedia_leads(data, "dev")]
    out += [d.text for d in docs.wikipedia_pages(data, "dev")]
    out += [d.text for d in docs.sotu_chunks(data, "dev")]
    try:
        out += [d.text for d in docs.fortunes("dev")]
    except MissingResource:
        pass
    return out


def local_texts() -> list[str]:
    out = []
    purelib = sysconfig.get_paths()["purelib"]
    for pattern in LOCAL:
        for f in sorted(glob.glob(pattern.format(purelib=purelib))):
            try:
                opener = gzip.open if f.endswith(".gz") else open
                with opener(f, "rt", encoding="utf-8", errors="replace") as fh:
                    out.append(fh.read(300_000))
            except OSError:
                continue
    return out


def check(name: str, texts: list[str]) -> None:
    from unspin.spin import acronyms
    from unspin.spin.tokens import tokenize

    words = bracketed = found = protected = 0
    for t in texts:
        bracketed += len(acronyms._ACRONYM.findall(t))
        toks = tokenize(t)
        words += len(toks)
        protected += len(acronyms.spelled(t, toks))
        for f in acronyms.detect(t, toks):
            found += 1
            ctx = re.sub(r"\s+", " ", t[max(0, f.start - 60):f.end + 40])
            print(f"  {name}: {f.text!r} -> {f.suggestion!r} ({f.confidence}): ...{ctx}...")
    print(f"{name}: {len(texts)} texts, {words} words, {bracketed} acronyms in brackets, "
          f"{found} findings, {protected} words of terms that spell theirs", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help="the shared data folder (default: ../shared/data)")
    args = ap.parse_args()
    data = Path(args.data) if args.data else shared_data_dir()
    check("honest dev text", dev_texts(data))
    check("technical English on this machine", local_texts())


if __name__ == "__main__":
    main()
