"""Where ``unspin.analyze`` spends its time outside the spin detector.

Times (CPU, one thread for BLAS) each stage of ``analyze`` with the spin
detector replaced by a stub, over Wikipedia leads or 10,000-character State of
the Union chunks, after a warm-up on other documents (models and word lists
loaded, common words cached):

    PYTHONPATH=src python scripts/time_analyze_stages.py [--set leads|sotu] [--n 1200]

``--against SRC`` (another checkout's ``src``, e.g. from ``git archive REV src``)
times this tree and that one in one process instead, both with the spin
detector stubbed and both warmed up the same way, alternating in batches of
documents (so that both see the same machine load), and prints the CPU time of
each and their ratio; the other tree is imported as a copy named
``unspin_base``.

Stages nest: ``injected`` holds tokenize .. offtopic, and ``offtopic`` holds
``unrelated`` (the coherence spans); ``page topic`` is the word-vector work
(gathering vectors, similarities, near) wherever it happens.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import shared_data_dir  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("leads", "sotu"), default="leads")
    ap.add_argument("--n", type=int, default=1200)
    ap.add_argument("--against", metavar="SRC", help="another checkout's src folder: time both, interleaved")
    args = ap.parse_args(argv)
    if args.against:
        return _against(args)

    import unspin
    from unspin import pipeline
    from unspin.detectors import injected, mojibake, repeated, spin
    from unspin.injected import foreign, offtopic, topic, words

    stub = spin.SpinResult([], 0.0, spin.DEFAULT_THRESHOLD, {})
    spin.detect = lambda text, options=None: stub

    warm, texts = _texts(args)
    for t in warm:
        unspin.analyze(t)
    # word lists the mojibake detector loads on its first damaged word (a one-time cost)
    mojibake.detect(_MOJIBAKE_WARM)
    from unspin.detectors import _codecs

    _load_word_lists(_codecs)

    spent: dict[str, float] = {}

    def clock(name, fn):
        def timed(*a, **k):
            t0 = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - t0
        return timed

    pipeline.mojibake.detect = clock("mojibake", mojibake.detect)
    pipeline.repeated.detect = clock("repeated", repeated.detect)
    pipeline.injected.detect = clock("injected", injected.detect)
    injected.tokenize = clock("  tokenize", words.tokenize)
    injected.sentences = clock("  sentences", words.sentences)
    injected.foreign.find_runs = clock("  foreign", foreign.find_runs)
    injected.offtopic.find_insertions = clock("  offtopic", offtopic.find_insertions)
    offtopic._unrelated_spans = clock("    unrelated", offtopic._unrelated_spans)
    build = "_build" if hasattr(topic.PageTopic, "_build") else "__init__"  # (older versions built it at once)
    setattr(topic.PageTopic, build, clock("(page topic: vectors)", getattr(topic.PageTopic, build)))
    topic.PageTopic.near = clock("(page topic: near)", topic.PageTopic.near)

    t0 = time.process_time()
    for t in texts:
        unspin.analyze(t)
    total = time.process_time() - t0
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{args.set}: {len(texts)} docs, {mb:.2f} MB, analyze without spin {total:.2f} s CPU = {mb / total:.3f} MB/s")
    for name, s in spent.items():
        print(f"  {name:24s} {s:6.2f} s  {100 * s / total:4.0f}%")
    return 0


def _texts(args):
    data = shared_data_dir() / "clean"
    if args.set == "leads":
        docs = [json.loads(x)["text"] for x in (data / "wikipedia-summaries.jsonl").read_text("utf-8").splitlines()]
        return docs[0::7][:100], docs[3::7][: args.n]
    speeches = [json.loads(x)["text"] for x in (data / "sotu.jsonl").read_text("utf-8").splitlines()]
    chunks = [s[i:i + 10000] for s in speeches for i in range(0, len(s), 10000)]
    return chunks[0::9][:10], chunks[1::3][: max(1, args.n // 15)]


#: Damaged words that make the mojibake detector load its word lists (a one-time cost).
_MOJIBAKE_WARM = "cafÃ© hesabД± nasД±l Ð¼Ð¾Ñ ÎºÎ±Î¹ Ã¼ber Ã±o Å¼Ã³Å‚w"


def _load_word_lists(codecs) -> None:
    """Every word list the mojibake detector may load (wordfreq's, one per language:
    a one-time cost that would otherwise fall on whichever document needs it first)."""
    for langs in codecs._SCRIPT_LANGS.values():
        for lang in langs:
            codecs._freqs(lang)


def _against(args) -> int:
    import importlib
    import shutil
    import tempfile

    other = Path(args.against) / "unspin"
    if not (other / "pipeline.py").is_file():
        print(f"no unspin package under {args.against}", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="unspin-against-")
    try:
        shutil.copytree(other, Path(tmp) / "unspin_base", ignore=shutil.ignore_patterns("__pycache__"))
        sys.path.insert(0, tmp)
        trees = []
        for name in ("unspin", "unspin_base"):
            pkg = importlib.import_module(name)
            spin = importlib.import_module(name + ".detectors.spin")
            stub = spin.SpinResult([], 0.0, spin.DEFAULT_THRESHOLD, {})
            spin.detect = lambda text, options=None, _r=stub: _r
            trees.append(pkg)
        warm, texts = _texts(args)
        for pkg in trees:
            for t in warm:
                pkg.analyze(t)
            importlib.import_module(pkg.__name__ + ".detectors.mojibake").detect(_MOJIBAKE_WARM)
            _load_word_lists(importlib.import_module(pkg.__name__ + ".detectors._codecs"))
        gc.collect()
        gc.freeze()  # what the warm-up made stays out of the collections timed below
        spent = [0.0, 0.0]
        batch = 20 if len(texts) > 200 else 2
        for k in range(0, len(texts), batch):
            part = texts[k:k + batch]
            order = (0, 1) if (k // batch) % 2 == 0 else (1, 0)
            for w in order:
                t0 = time.process_time()
                for t in part:
                    trees[w].analyze(t)
                spent[w] += time.process_time() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{args.set}: {len(texts)} docs, {mb:.2f} MB, analyze without spin (CPU, interleaved): "
          f"this tree {spent[0]:.2f} s = {mb / spent[0]:.3f} MB/s, {args.against} {spent[1]:.2f} s = "
          f"{mb / spent[1]:.3f} MB/s; ratio {spent[1] / spent[0]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
