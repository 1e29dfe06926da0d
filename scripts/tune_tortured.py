"""Dev loop for tortured phrases: the TUNE half split again, tables learned from one part.

    PYTHONPATH=src python scripts/tune_tortured.py [--fold ab|ba|both] [--n N]
        [--tier fast|precise] [--set MODULE.NAME=VALUE ...] [--dump FILE]

``benchmarks.tortured`` learns the real spinners' word and phrase tables and the
terms of the field from the TUNE half of tortured-dev.csv, so its TUNE figures are
in-sample. This script splits the TUNE half again by a second stable hash into
parts A and B, learns the three tables from one part (``scripts/learn_real_words.py``)
and measures on the other, in the benchmark's own carriers and with its own
counting (``benchmarks.tortured.run``): flagged, expected phrases flagged, top-1 and
top-5. ``ab`` learns from A and measures on B; ``ba`` the other way round. The
TEST half is never read. These are the "inside TUNE (A -> B / B -> A)" figures of
docs/history.md.

``--match REGEX`` measures only the phrases whose tortured side matches (``'[(]'``:
those with an acronym in brackets); ``--acronym-first`` those with an acronym, written
the other way round ("WSNS (remote sensor systems)"). ``--set`` overrides a module constant before
the run (repeatable), e.g.
``--set spin.neighbours.GAIN_MIN=1`` or ``--set detectors.spin.WEAK_REAL_MIN=2``
(module paths under ``unspin``). ``--n N`` measures N evenly spaced phrases of
the part (the precise tier takes about 3 s a phrase). ``--dump FILE`` writes each
phrase's outcome and findings (pickle) for a closer look.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import tortured as T  # noqa: E402
from benchmarks._shared import shared_data_dir  # noqa: E402


def part_of(tortured: str) -> str:
    """"a" or "b": a stable hash of the (lowercased) tortured phrase, independent of
    ``benchmarks.tortured.split_of``."""
    h = int(hashlib.sha256(("inner:" + tortured.strip().lower()).encode()).hexdigest()[:8], 16)
    return "a" if h % 2 == 0 else "b"


def tune_parts(path: Path) -> dict[str, list[tuple[str, str]]]:
    pairs = [p for p in T.load_pairs(path) if T.split_of(p[0]) == "tune"]
    return {name: [p for p in pairs if part_of(p[0]) == name] for name in ("a", "b")}


def learn_from(pairs: list[tuple[str, str]], tmp: Path) -> None:
    """Learn the three tables from ``pairs`` into ``tmp`` and make this process read them."""
    from unspin.spin import resources

    src = tmp / "learn.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["tortured", "expected"])
        w.writerows(pairs)
    mod = T.learner()
    mod.write_table(src, "all", tmp / "words.tsv")
    mod.write_phrases(src, "all", tmp / "phrases.tsv")
    mod.write_terms(src, "all", tmp / "terms.tsv")
    os.environ[resources.REAL_WORDS_ENV] = str(tmp / "words.tsv")
    os.environ[resources.REAL_PHRASES_ENV] = str(tmp / "phrases.tsv")
    os.environ[resources.REAL_TERMS_ENV] = str(tmp / "terms.tsv")
    resources.reload_tables()


def apply_set(assignment: str) -> None:
    """``MODULE.NAME=VALUE`` (module under ``unspin``): set the constant, cast to its type."""
    target, sep, value = assignment.partition("=")
    mod_name, _, name = target.rpartition(".")
    if not sep or not mod_name or not name:
        raise SystemExit(f"--set wants MODULE.NAME=VALUE, got {assignment!r}")
    mod = importlib.import_module("unspin." + mod_name)
    if not hasattr(mod, name):
        raise SystemExit(f"unspin.{mod_name} has no {name}")
    old = getattr(mod, name)
    if isinstance(old, bool):  # bool("false") is True
        if value.lower() not in ("true", "false", "1", "0"):
            raise SystemExit(f"--set {target} wants true or false, got {value!r}")
        setattr(mod, name, value.lower() in ("true", "1"))
        return
    setattr(mod, name, type(old)(value) if old is not None else float(value))


_TERM_ACR = re.compile(r"^(.*\S)\s*\(([a-z&]{2,10})\)$")


def acronym_first(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs whose tortured and expected phrases both end in the same acronym in
    brackets, each written acronym first ("WSNS (remote sensor systems)")."""
    out = []
    for tortured, raw in pairs:
        t, e = _TERM_ACR.match(tortured), _TERM_ACR.match(T.plain_expected(tortured, raw))
        if t and e and t.group(2) == e.group(2):
            acr = t.group(2).upper()
            out.append((f"{acr} ({t.group(1)})", f"{acr} ({e.group(1)})"))
    return out


def outcomes(pairs, opts) -> list[dict]:
    """Each phrase in its first carrier, judged as ``benchmarks.tortured.run`` judges it
    (``benchmarks.tortured.judge``), its findings as dicts."""
    rows = []
    for tortured, raw in pairs:
        j = T.judge(tortured, raw, T.carriers_for(tortured, 1)[0], opts)
        if j is None:
            raise SystemExit(f"unspin.analyze failed on {tortured!r} or its expected phrase")
        rows.append({"tortured": tortured, "expected": T.plain_expected(tortured, raw), **j,
                     "findings": [f.to_dict() for f in j["findings"]],
                     "expected_findings": [f.to_dict() for f in j["expected_findings"]]})
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fold", choices=("ab", "ba", "both"), default="both")
    ap.add_argument("--n", type=int, default=0, help="evenly spaced phrases of the part (0: all)")
    ap.add_argument("--tier", choices=("fast", "precise"), default="fast")
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE")
    ap.add_argument("--dump", default=None, metavar="FILE", help="pickle of each phrase's outcome")
    ap.add_argument("--match", default=None, metavar="REGEX",
                    help="measure only the part's phrases whose tortured side matches (e.g. '[(]' for "
                         "those with an acronym in brackets); the tables are learned from the whole other part")
    ap.add_argument("--acronym-first", action="store_true",
                    help="measure only the phrases with an acronym in brackets, each written the other way "
                         "round, acronym first in capitals: 'remote sensor systems (wsns)' as "
                         "'WSNS (remote sensor systems)', its expected phrase likewise")
    args = ap.parse_args(argv)
    import unspin

    parts = tune_parts(shared_data_dir() / "pps" / "tortured-dev.csv")
    for kv in args.set:
        apply_set(kv)
    opts = unspin.Options(tier=args.tier)
    dumped = {}
    for fold in ("ab", "ba") if args.fold == "both" else (args.fold,):
        with tempfile.TemporaryDirectory(prefix="unspin-tune-tortured-") as tmp:
            learn_from(parts[fold[0]], Path(tmp))
            test = parts[fold[1]]
            if args.match:
                test = [p for p in test if re.search(args.match, p[0])]
            if args.acronym_first:
                test = acronym_first(test)
            if args.n:
                test = test[:: max(1, len(test) // args.n)][: args.n]
            rows = outcomes(test, opts)
        n = max(len(rows), 1)
        shares = [100 * sum(r[k] for r in rows) / n for k in ("flagged", "expected_flagged", "top1", "top5")]
        sure = 100 * sum(r["confidence"] >= 0.5 for r in rows) / n
        print(f"{fold[0].upper()} -> {fold[1].upper()} ({len(rows)} phrases): flagged {shares[0]:.1f}% "
              f"expected flagged {shares[1]:.1f}% top-1 {shares[2]:.1f}% top-5 {shares[3]:.1f}% "
              f"(flagged >= 0.5 sure {sure:.1f}%)", flush=True)
        dumped[fold] = rows
    if args.dump:
        with open(args.dump, "wb") as fh:
            pickle.dump(dumped, fh)


if __name__ == "__main__":
    main()
