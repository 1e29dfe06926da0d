"""Which lines the spin detector reads as prose (``unspin.prose``), on honest and
spun prose and on what is not prose.

    PYTHONPATH=src python scripts/check_prose_lines.py [--n 300] [--labels] [--injected] [--mojibake]

Prose (dev split and the dev halves of the other honest sets; nothing of a test
split): Wikipedia leads and web-length pages, State of the Union chunks, the
fortunes' prose entries, Brown passages, and spins of the leads and pages in
every style. For each: the share of words left out (the lines they are on are
not read as prose) and the documents that lose any.

Text found on this machine, read whole (not cut to its prose): licences, Debian
README files, Python package descriptions (Markdown and reStructuredText with
code blocks), the fortune files (poems, ASCII art, dialogue), and what is not
prose: Python, JavaScript and CSS sources, CSV and JSON data, base64. For each:
words left out, and with ``--labels`` the documents labelled spun and the
findings at least 0.5 sure per 1000 words, with the prose gate and without it
(``prose.left_out`` leaving nothing out); with ``--injected`` the injected spam
the detector finds in it (all of it honest text: every finding is a false one); with
``--mojibake`` the mojibake findings, with mojibake quoted in code blocks judged and not
(ftfy's own description added as a set). What it reads depends on the machine.
"""

from __future__ import annotations

import argparse
import base64
import glob
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin import prose  # noqa: E402
from unspin.detectors import mojibake  # noqa: E402
from unspin.spin.tokens import prose_tokens, tokenize  # noqa: E402


def _read(path: str, limit: int = 30_000) -> str:
    try:
        with open(path, errors="replace") as fh:
            return fh.read(limit)
    except OSError:
        return ""


def machine_sets(n: int, rng: random.Random) -> dict[str, list[str]]:
    def files(*patterns: str) -> list[str]:
        out = sorted({f for p in patterns for f in glob.glob(p, recursive=True)})
        rng.shuffle(out)
        return out

    def docs(paths: list[str], limit: int = 30_000) -> list[str]:
        out = []
        for f in paths:
            t = _read(f, limit)
            if len(t.split()) >= 30 and "\x00" not in t:
                out.append(t)
            if len(out) >= n:
                break
        return out

    site = "/work/venv/lib/python3*/site-packages"
    blobs = [base64.b64encode(rng.randbytes(rng.randint(2_000, 20_000))).decode() for _ in range(min(n, 20))]
    return {
        "licences": docs(files("/usr/share/common-licenses/*")),
        "debian READMEs": docs(files("/usr/share/doc/*/README", "/usr/share/doc/*/README.md",
                                     "/usr/share/doc/*/README.txt")),
        "package descriptions": docs(files(f"{site}/*.dist-info/METADATA")),
        "fortune files": docs(files("/usr/share/games/fortunes/*"), 8_000),
        "python sources": docs(files("/usr/lib/python3*/*.py", "/usr/lib/python3*/*/*.py"), 8_000),
        "javascript": docs(files(f"{site}/**/*.js", "/usr/share/javascript/**/*.js"), 8_000),
        "css": docs(files(f"{site}/**/*.css", "/usr/share/javascript/**/*.css"), 8_000),
        "csv": docs(files(f"{site}/**/*.csv"), 8_000),
        "json": docs(files(f"{site}/**/*.json"), 8_000),
        "base64": blobs,
    }


def prose_sets(data: Path, n: int) -> dict[str, list[str]]:
    from unspin.synth import STYLES, brown_pages, fortunes, sample, sotu_chunks, spin, wikipedia_leads, wikipedia_pages

    leads = sample(wikipedia_leads(data, "dev"), n, seed=5)
    pages = sample(wikipedia_pages(data, "dev"), n // 3, seed=6)
    out = {
        "wikipedia leads": [d.text for d in leads],
        "wikipedia pages": [d.text for d in pages],
        "sotu chunks": [d.text for d in sample(sotu_chunks(data, "dev"), n // 3, seed=7)],
    }
    for name, load in (("fortunes", lambda: fortunes("dev")), ("brown passages", lambda: brown_pages("dev"))):
        try:
            out[name] = [d.text for d in sample(load(), n // 3, seed=8)]
        except Exception as e:  # the machine lacks the corpus
            print(f"({name}: {e})")
    out["spun leads and pages"] = [spin(d.text, STYLES[k % len(STYLES)], 0.3, k).text
                                   for k, d in enumerate(leads[: n // 2] + pages)]
    return out


def left_out(texts: list[str]) -> tuple[int, int, int]:
    """(words, words left out, documents losing any)"""
    words = dropped = docs = 0
    for t in texts:
        all_ = len(tokenize(t))
        kept = len(prose_tokens(t))
        words += all_
        dropped += all_ - kept
        docs += kept < all_
    return words, dropped, docs


def repeats(texts: list[str]) -> int:
    from unspin.detectors import repeated

    return sum(len(repeated.detect(t)) for t in texts)


def titled(texts: list[str]) -> list[str]:
    """Each text as a parasite page shows it: its first sentence as a title line, above
    the text and again below it."""
    out = []
    for t in texts:
        title = re.split(r"(?<=[.!?])\s", t.strip(), maxsplit=1)[0].strip()[:120]
        out.append(f"{title}\n\n{t}\n\n{title}\n")
    return out


def injected_found(texts: list[str]) -> Counter:
    from unspin.detectors import injected

    return Counter(f.text[:40] for t in texts for f in injected.detect(t))


def labels(texts: list[str]) -> tuple[int, float]:
    import unspin

    spun, sure, words = 0, 0, 0
    for t in texts:
        r = unspin.analyze(t)
        spun += r.label == "spun"
        sure += sum(1 for f in r.findings if f.kind == "spun" and f.confidence >= 0.5)
        words += len(tokenize(t))
    return spun, 1000 * sure / max(words, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--labels", action="store_true", help="also analyse the machine's text, gate on and off")
    ap.add_argument("--show", type=int, default=0, help="print up to this many lines left out of each set")
    ap.add_argument("--injected", action="store_true",
                    help="also count the injected findings on the machine's text (and the commonest)")
    ap.add_argument("--mojibake", action="store_true",
                    help="also count the mojibake findings on the machine's text, with mojibake quoted "
                         "in code blocks judged -> not (ftfy's own description added as a set)")
    args = ap.parse_args()
    rng = random.Random(1)
    sets = {}
    if Path(args.data).is_dir():
        sets.update(prose_sets(Path(args.data), args.n))
    machine = machine_sets(args.n, rng)
    if args.mojibake:  # a page about encodings, quoting mojibake in its examples
        ftfy_doc = sorted(glob.glob(f"{sys.prefix}/lib/python3*/site-packages/ftfy-*.dist-info/METADATA"))
        machine["ftfy's description"] = [_read(p) for p in ftfy_doc[:1]]
    sets.update(machine)
    if Path(args.data).is_dir():  # a repeated title must still be found
        sets["dev leads and pages, title repeated"] = titled(sets["wikipedia leads"] + sets["wikipedia pages"])
    print(f"MIN_WORD_SHARE = {prose.MIN_WORD_SHARE}\n")
    head = "| text | docs | words | left out | docs losing any | repeated lines (code blocks judged -> not) |"
    if args.labels:
        head += " labelled spun (gate off -> on) | >= 0.5 sure / 1000 w (off -> on) |"
    if args.injected:
        head += " injected findings (the commonest) |"
    if args.mojibake:
        head += " mojibake findings (quoted in code judged -> not) |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for name, texts in sets.items():
        words, dropped, docs = left_out(texts)
        keep, prose.code_blocks = prose.code_blocks, lambda text: []
        rep_off = repeats(texts)
        prose.code_blocks = keep
        row = (f"| {name} | {len(texts)} | {words} | {dropped / max(words, 1):.2%} | {docs} | "
               f"{rep_off} -> {repeats(texts)} |")
        if args.labels and name in machine:
            on = labels(texts)
            keep, prose.left_out = prose.left_out, lambda text: []
            off = labels(texts)
            prose.left_out = keep
            row += f" {off[0]} -> {on[0]} | {off[1]:.2f} -> {on[1]:.2f} |"
        if args.injected and name in machine:
            found = injected_found(texts)
            row += f" {sum(found.values())} {found.most_common(3)} |"
        if args.mojibake and name in machine:
            keep, mojibake._quoted_left_alone = mojibake._quoted_left_alone, lambda text, found: found
            judged = sum(len(mojibake.detect(t)) for t in texts)
            mojibake._quoted_left_alone = keep
            row += f" {judged} -> {sum(len(mojibake.detect(t)) for t in texts)} |"
        print(row, flush=True)
        shown = [t[s:e].strip()[:120] for t in texts for s, e in prose.other_lines(t)][:args.show]
        for line in shown:
            print(f"    {line!r}")


if __name__ == "__main__":
    main()
