"""Tortured phrases (Problematic Paper Screener, development half) in carrier sentences.

    PYTHONPATH=src python -m benchmarks.tortured [--quick] [--lexicon] [--precise N]

Each tortured phrase ("counterfeit consciousness") is put in neutral carrier
sentences; so is its expected phrase ("artificial intelligence"). Measured:
share of tortured phrases flagged (a spun finding overlapping the phrase),
share of expected phrases wrongly flagged in the same carriers (a finding
that only puts capitals back is not counted: the list is lowercase), and
restoration top-1 / top-5 (the finding's suggestion / alternatives give back
the expected phrase; case-insensitive, whitespace normalised).

The real measure runs WITHOUT any lexicon. ``--lexicon`` additionally loads
tortured-dev.csv itself as a user lexicon: the phrases are then looked up, so
its figures are trivially high and are reported apart, labelled as such.
``--precise N`` also runs the precise tier (SmolLM2; optional extra) on N
evenly spaced phrases, with the fast tier on the same N for comparison.
NOTE: tortured-dev.csv is the development half; the other half is held out of
this project. Within it, a stable hash of the tortured phrase splits the rows
into a TUNE half (thresholds and weights were chosen on it, and
scripts/learn_real_words.py learns the real spinners' word table and the
terms of the field from it, so TUNE figures are in-sample) and a TEST half
(never tuned on, never learned from): TEST is the headline figure.
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import importlib.util
import itertools
import math
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import unspin
from unspin.lexicon import load_lexicon

from ._metrics import mean, norm_phrase, overlaps, rnd
from ._sets import common_args
from ._shared import shared_data_dir, write_results

ROOT = Path(__file__).resolve().parents[1]

CARRIERS = (
    "In this paper we study {} in some detail.",
    "The results show that {} improves the overall performance of the system.",
    "Recent work on {} has attracted considerable attention.",
    "We describe a new approach based on {} and evaluate it on two tasks.",
    "{} is discussed in the final section of the report.",
)


#: confidence thresholds the flagged shares are also reported at
MIN_CONFIDENCES = (0.1, 0.25, 0.5)


def fill(carrier: str, phrase: str) -> tuple[str, int, int]:
    """The sentence and the phrase's span in it."""
    if carrier.startswith("{}"):
        phrase = phrase[:1].upper() + phrase[1:]
    start = carrier.index("{}")
    return carrier.replace("{}", phrase), start, start + len(phrase)


def load_pairs(path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    out = []
    for r in rows[1:] if rows and rows[0][:2] == ["tortured", "expected"] else rows:
        if len(r) >= 2 and r[0].strip() and r[1].strip() and r[1].strip() != "?":
            out.append((r[0].strip(), r[1].strip()))
    return out


def split_of(tortured: str) -> str:
    """"tune" or "test", by a stable hash of the (lowercased) tortured phrase."""
    h = int(hashlib.sha256(("split:" + tortured.strip().lower()).encode()).hexdigest()[:8], 16)
    return "tune" if h % 2 == 0 else "test"


def plain_expected(tortured: str, expected: str) -> str:
    """The expected phrase as running text would hold it: the list's annotations
    dropped where the tortured phrase has none. About a fifth of the rows add a
    parenthetical the tortured phrase lacks ("business knowledge" -> "business
    intelligence (bi)", "machine learning (in this context)", "supervised
    (machine) learning"), or quote marks; no restoration of the tortured words
    can produce those, so the raw string caps top-1 at ~81%. Where the tortured
    phrase ends with an acronym in brackets and the expected phrase has none, the
    acronym is kept on it (running text has it after either)."""
    e = expected.replace("\xa0", " ").replace('\\"', "").replace('"', "")
    if "(" not in tortured:
        e = re.sub(r"\s*\([^()]*\)", "", e)
    elif "(" not in e:
        # "remote sensor systems (wsns)" -> "wireless sensor networks": the acronym after
        # the phrase is in the running text either way (the list leaves it out of 13 of
        # the 141 rows of tortured-dev.csv that end with one), and no restoration of
        # the words takes it out
        m = re.search(r"\s*\([^()]*\)$", tortured.strip())
        if m:
            e = e.rstrip() + m.group()
    return re.sub(r"\s+", " ", e).strip() or expected


def carriers_for(phrase: str, k: int) -> list[str]:
    h = int(hashlib.sha256(phrase.encode()).hexdigest()[:8], 16)
    return [CARRIERS[(h + i) % len(CARRIERS)] for i in range(k)]


def candidates(sentence: str, findings, span: tuple[int, int], top: int = 5) -> list[str]:
    """The sentence rewritten by the spun findings that overlap ``span``: the
    best combinations of their suggestion and alternatives, best first."""
    fs = sorted((f for f in findings if overlaps((f.start, f.end), span)), key=lambda f: -f.confidence)
    chosen, taken = [], []
    for f in fs:  # non-overlapping, most confident first
        if not any(overlaps((f.start, f.end), t) for t in taken):
            chosen.append(f)
            taken.append((f.start, f.end))
    chosen.sort(key=lambda f: f.start)
    options = []
    for f in chosen:
        opts = []
        if f.suggestion is not None:
            opts.append((f.suggestion, max(f.confidence, 1e-6)))
        for t, c in f.alternatives:
            if all(t != o for o, _ in opts):
                opts.append((t, max(c, 1e-6)))
        options.append(opts[:top] or [(f.text, 1e-6)])
    if not chosen:
        return []
    combos = []
    for combo in itertools.product(*options):
        score = sum(math.log(c) for _, c in combo)
        out, pos = [], 0
        for f, (t, _) in zip(chosen, combo):
            out.append(sentence[pos : f.start])
            out.append(t)
            pos = f.end
        out.append(sentence[pos:])
        combos.append((score, "".join(out)))
    combos.sort(key=lambda x: -x[0])
    return [s for _, s in combos[:top]]


def wording(findings) -> list:
    """The spun findings that change wording. The list writes every phrase in lowercase
    ("fourier transform", "central india", "linux operating system"), so a finding that
    only puts a name's capitals back, which running text would have, says nothing about
    tortured phrases, on either side; it is not counted."""
    return [f for f in findings if (f.suggestion or "").casefold() != f.text.casefold()]


def judge(tortured: str, raw_expected: str, carrier: str, opts) -> dict | None:
    """One tortured phrase and its expected phrase in one carrier, each analysed: what
    ``run`` counts (flagged, the highest confidence on the phrase, -1 for none, the same
    for the expected phrase, top-1 / top-5, the restored text) and the findings; None
    where ``unspin.analyze`` raised (``run`` counts it as an error)."""
    expected = plain_expected(tortured, raw_expected)
    s, a, b = fill(carrier, tortured)
    e_s, ea, eb = fill(carrier, expected)
    target = norm_phrase(e_s)
    try:
        r = unspin.analyze(s, opts)
        re_ = unspin.analyze(e_s, opts)
    except Exception:
        return None
    spun = wording(r.by_kind("spun"))
    e_spun = wording(re_.by_kind("spun"))
    cands = [norm_phrase(c) for c in candidates(s, spun, (a, b))]
    return {
        "sentence": s,
        "bytes": len(s.encode()) + len(e_s.encode()),
        "flagged": any(overlaps((f.start, f.end), (a, b)) for f in spun),
        "confidence": max((f.confidence for f in spun if overlaps((f.start, f.end), (a, b))), default=-1.0),
        "expected_flagged": any(overlaps((f.start, f.end), (ea, eb)) for f in e_spun),
        "expected_confidence": max((f.confidence for f in e_spun if overlaps((f.start, f.end), (ea, eb))),
                                   default=-1.0),
        "expected_any": bool(e_spun),
        "top1": bool(cands) and cands[0] == target,
        "top1_raw": bool(cands) and cands[0] == norm_phrase(fill(carrier, raw_expected)[0]),
        "top5": target in cands[:5],
        "restored_exact": norm_phrase(r.restored) == target,
        "findings": spun,
        "expected_findings": e_spun,
    }


def run(pairs, opts, n_carriers: int) -> dict:
    n = flagged = exp_flagged = exp_any = top1 = top1_raw = top5 = restored_ok = 0
    per_phrase_all = []
    conf_t: list[float] = []  # highest confidence of a finding on the phrase (-1: none)
    conf_e: list[float] = []
    errors = 0
    t0 = time.perf_counter()
    nbytes = 0
    for tortured, raw_expected in pairs:
        hits = []
        for carrier in carriers_for(tortured, n_carriers):
            j = judge(tortured, raw_expected, carrier, opts)
            if j is None:
                errors += 1
                continue
            nbytes += j["bytes"]
            n += 1
            conf_t.append(j["confidence"])
            hits.append(j["flagged"])
            flagged += j["flagged"]
            exp_flagged += j["expected_flagged"]
            conf_e.append(j["expected_confidence"])
            exp_any += j["expected_any"]
            top1 += j["top1"]
            top1_raw += j["top1_raw"]
            top5 += j["top5"]
            restored_ok += j["restored_exact"]
        if hits:
            per_phrase_all.append(all(hits))
    secs = time.perf_counter() - t0
    return {
        "instances": n,
        "phrases": len(pairs),
        "carriers_per_phrase": n_carriers,
        "tortured_flagged": flagged / n if n else None,
        "tortured_flagged_in_every_carrier": mean([float(x) for x in per_phrase_all]),
        "expected_wrongly_flagged": exp_flagged / n if n else None,
        "expected_sentences_with_any_spun_finding": exp_any / n if n else None,
        # the same two shares counting only findings of at least this confidence
        # (the readable report and the web page list >= 0.5 by default)
        "at_min_confidence": {
            str(c): {"tortured_flagged": mean([float(x >= c) for x in conf_t]),
                     "expected_wrongly_flagged": mean([float(x >= c) for x in conf_e])}
            for c in MIN_CONFIDENCES
        } if n else None,
        "restoration_top1": top1 / n if n else None,
        "restoration_top5": top5 / n if n else None,
        "restoration_top1_raw_expected": top1_raw / n if n else None,
        "restored_text_exact": restored_ok / n if n else None,
        "errors": errors,
        "seconds": secs,
        "sentences_per_s": 2 * n / secs if secs else None,
        "mb_per_s": nbytes / secs / 1e6 if secs else None,
    }


def learner():
    """``scripts/learn_real_words.py`` as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("learn_real_words", ROOT / "scripts" / "learn_real_words.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def use_tune_table(path) -> str:
    """Make this process (and its children) read the tables learned from the
    tortured-phrase list (the real spinners' words and phrases and the terms of
    the field) as learned from the TUNE half only: the shipped ones are learned
    from the whole development list, so TEST phrases would be in-sample for them.
    Each table is written to a temporary file named by its environment variable
    (``$UNSPIN_REAL_WORDS``, ``$UNSPIN_REAL_PHRASES``, ``$UNSPIN_REAL_TERMS``)."""
    from unspin.spin import resources

    envs = (resources.REAL_WORDS_ENV, resources.REAL_PHRASES_ENV, resources.REAL_TERMS_ENV)
    given = [v for v in envs if os.environ.get(v)]
    if given:
        return "tables from the list: " + ", ".join(f"{v}={os.environ[v]}" for v in given) + " (as given)"
    mod = learner()
    tmp = tempfile.mkdtemp(prefix="unspin-tortured-")
    atexit.register(shutil.rmtree, tmp, True)
    words_file, terms_file = Path(tmp) / "real-words-tune.tsv", Path(tmp) / "real-terms-tune.tsv"
    phrases_file = Path(tmp) / "real-phrases-tune.tsv"
    n, m = mod.write_table(path, "tune", words_file)
    ph, _ = mod.write_phrases(path, "tune", phrases_file)
    t, _ = mod.write_terms(path, "tune", terms_file)
    os.environ[resources.REAL_WORDS_ENV] = str(words_file)
    os.environ[resources.REAL_PHRASES_ENV] = str(phrases_file)
    os.environ[resources.REAL_TERMS_ENV] = str(terms_file)
    resources.reload_tables()
    return (f"real spinners' word and phrase tables and terms of the field: learned from the TUNE half only "
            f"({n} word and {ph} phrase substitutions, {t} term pairs, {m} pairs)")


def main(argv: list[str] | None = None) -> dict:
    ap = common_args(__doc__.splitlines()[0])
    ap.add_argument("--lexicon", action="store_true",
                    help="also run with tortured-dev.csv loaded as a lexicon (trivially high; reported apart)")
    ap.add_argument("--carriers", type=int, default=None,
                    help="carrier sentences per phrase (default 1, rotating over the 5 carriers)")
    ap.add_argument("--lexicon-sample", type=int, default=500,
                    help="phrases (evenly spaced) for the trivial --lexicon run")
    ap.add_argument("--precise", type=int, default=0, metavar="N",
                    help="also run the precise tier on N evenly spaced phrases (needs the precise extra)")
    ap.add_argument("--precise-split", choices=("test", "tune"), default="test",
                    help="half the --precise sample is drawn from (default: test, the headline)")
    args = ap.parse_args(argv)
    path = shared_data_dir() / "pps" / "tortured-dev.csv"
    table_note = use_tune_table(path)
    print(table_note, flush=True)
    all_pairs = load_pairs(path)
    halves = {name: [p for p in all_pairs if split_of(p[0]) == name] for name in ("tune", "test")}
    if args.quick:
        for name, ps in halves.items():
            step = max(1, len(ps) // 150)
            halves[name] = ps[::step][:150]
    pairs = halves["test"]
    k = args.carriers or 1
    t0 = time.perf_counter()
    print(f"TEST {len(halves['test'])} / TUNE {len(halves['tune'])} pairs x {k} carrier(s), no lexicon ...",
          flush=True)
    results = {
        "benchmark": "tortured",
        "quick": args.quick,
        "source": "../shared/data/pps/tortured-dev.csv (development half of the PPS list)",
        "notes": [
            "no_lexicon is the real measure: unspin's default tier with no user lexicon, on the TEST "
            "half (never tuned on); no_lexicon_tune is the TUNE half (thresholds chosen there).",
            "tortured-dev.csv is the DEVELOPMENT half; the other half is held out of the project. "
            "If the detector was tuned on this file these are not unseen-phrase figures.",
            "top1/top5: the overlapping spun findings' suggestion/alternatives (best combinations) "
            "rewrite the sentence to the carrier with the expected phrase (case-insensitive, "
            "whitespace normalised); restored_text_exact: report.restored itself does.",
            "The expected phrase is the list's with its annotations dropped where the tortured phrase "
            "has none (plain_expected: 'business intelligence (bi)' -> 'business intelligence', "
            "'machine learning (in this context)' -> 'machine learning'), and with the tortured "
            "phrase's trailing acronym where it has none ('remote sensor systems (wsns)' -> "
            "'wireless sensor networks (wsns)'), both in the carrier "
            "judged for expected_wrongly_flagged and as the top-1/top-5 target; "
            "restoration_top1_raw_expected is top-1 against the list's raw string (capped near 81%).",
            "A finding that only puts capitals back ('fourier' -> 'Fourier', 'india' -> 'India') is "
            "not counted on either side (wording()): the list writes every phrase in lowercase, running "
            "text would not.",
            "with_lexicon_trivial (if present): tortured-dev.csv loaded as a user lexicon, so every "
            "phrase is looked up; trivially high, NOT a measure of the detector.",
        ],
        "split": "sha256('split:' + tortured.lower()) even -> tune, odd -> test; "
                 "no_lexicon (the headline) is the TEST half, no_lexicon_tune the TUNE half",
        "carriers": list(CARRIERS),
        "real_words_table": table_note,
        "no_lexicon": run(halves["test"], unspin.Options(), k),
        "no_lexicon_tune": run(halves["tune"], unspin.Options(), k),
    }
    if args.lexicon:
        print("with the lexicon (trivial) ...", flush=True)
        lex = load_lexicon(path)
        step = max(1, len(pairs) // args.lexicon_sample)
        results["with_lexicon_trivial"] = run(pairs[::step], unspin.Options(lexicons=(lex,)), 1)
    if args.precise:
        ppairs = halves[args.precise_split]
        step = max(1, len(ppairs) // args.precise)
        sub = ppairs[::step][:args.precise]
        print(f"precise tier on {len(sub)} {args.precise_split.upper()} pairs ...", flush=True)
        results["precise_split"] = args.precise_split
        try:
            results["precise_sample"] = run(sub, unspin.Options(tier="precise"), 1)
            results["fast_on_precise_sample"] = run(sub, unspin.Options(), 1)
        except Exception as exc:  # the extra is missing: say so, keep the rest
            results["precise_sample"] = {"skipped": f"{type(exc).__name__}: {exc}"}
    results["seconds"] = time.perf_counter() - t0
    results = rnd(results)
    out = write_results("tortured", results)
    for key in ("no_lexicon", "no_lexicon_tune", "with_lexicon_trivial", "precise_sample", "fast_on_precise_sample"):
        if key in results and "instances" in results[key]:
            r = results[key]
            print(f"  {key:<22} flagged={r['tortured_flagged']} expected_flagged={r['expected_wrongly_flagged']} "
                  f"top1={r['restoration_top1']} top5={r['restoration_top5']} ({r['instances']} instances)")
    print(f"wrote {out}")
    return results


if __name__ == "__main__":
    main()
