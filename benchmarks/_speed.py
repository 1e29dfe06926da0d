"""Speed and peak memory of ``unspin.analyze`` on Wikipedia leads, one core.

Run in a fresh subprocess (so that the benchmark's own data, such as the
spinner's thesaurus, does not count towards peak memory):

    PYTHONPATH=src python -m benchmarks._speed --n 2000 --tier fast

Prints one JSON object. The anchor is ``ftfy.fix_text`` on the same texts in
the same process; the ratio is what to compare between machines.

All kinds (``analyze``) and spun only are timed in two fresh processes, each
after the same warm-up: timed one after the other in one process, the second
would find the per-word caches the first had filled (spun only looked twice as
fast timed second as timed first).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _rss_mb() -> float:
    """Peak resident memory of this process in MB. /proc's VmHWM starts afresh at
    exec; ru_maxrss can carry the parent's peak across fork+exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _time(fn, texts, budget_s: float) -> tuple[int, int, float]:
    """Run fn over texts until done or the budget is spent: (docs, bytes, seconds)."""
    n = b = 0
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
        n += 1
        b += len(t.encode("utf-8"))
        if time.perf_counter() - t0 > budget_s:
            break
    return n, b, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000, help="leads to time (at most)")
    ap.add_argument("--tier", default="fast")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds per timed pass (at most)")
    ap.add_argument("--data", default=None)
    ap.add_argument("--part", choices=("all", "spun"), default=None,
                    help="time only this configuration, in this process (default: both, each in a fresh process)")
    args = ap.parse_args(argv)
    if args.part is None:
        return _both(list(sys.argv[1:] if argv is None else argv))
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        pinned = True
    except (AttributeError, OSError):
        pinned = False

    data = Path(args.data) if args.data else ROOT.parent / "shared" / "data"
    texts = []
    with open(data / "clean" / "wikipedia-summaries.jsonl", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 4 == 1:  # a spread-out sample
                texts.append(json.loads(line)["text"])
            if len(texts) >= args.n:
                break
    base_rss = _rss_mb()

    import ftfy

    import unspin

    try:
        opts = unspin.Options(tier=args.tier)
        opts_spun = unspin.Options(tier=args.tier, kinds=("spun",))
        t0 = time.perf_counter()
        unspin.analyze(texts[0], opts)  # loads models and data
        load_s = time.perf_counter() - t0
    except Exception as exc:  # the tier is not usable here
        print(json.dumps({"tier": args.tier, "error": f"{type(exc).__name__}: {exc}"}))
        return 0

    # warm up (the same texts whichever part), then time: ftfy, then the part
    part_opts = opts if args.part == "all" else opts_spun
    for t in texts[:20]:
        ftfy.fix_text(t)
        unspin.analyze(t, part_opts)
    fn, fb, fs = _time(ftfy.fix_text, texts, args.budget)
    an, ab, as_ = _time(lambda t: unspin.analyze(t, part_opts), texts, args.budget)
    ftfy_mbs = fb / fs / 1e6
    out = {
        "tier": args.tier,
        "pinned_to_one_core": pinned,
        "load_seconds": load_s,
        "ftfy_fix_text": {"docs": fn, "bytes": fb, "seconds": fs, "mb_per_s": ftfy_mbs},
        "analyze_all_kinds" if args.part == "all" else "analyze_spun_only": {
            "docs": an, "bytes": ab, "seconds": as_, "mb_per_s": ab / as_ / 1e6,
            "docs_per_s": an / as_, "ratio_to_ftfy": (ab / as_ / 1e6) / ftfy_mbs,
        },
        "peak_rss_mb": _rss_mb(),
        "rss_before_unspin_mb": base_rss,
    }
    print(json.dumps(out))
    return 0


def _both(argv: list[str]) -> int:
    """Each part in a fresh process; one JSON object (ftfy and load time of the
    all-kinds process; each ratio against its own process's ftfy)."""
    import subprocess

    res = {}
    for part in ("all", "spun"):
        proc = subprocess.run([sys.executable, "-m", "benchmarks._speed", *argv, "--part", part],
                              cwd=ROOT, capture_output=True, text=True)
        lines = proc.stdout.strip().splitlines()
        if proc.returncode or not lines:
            print(json.dumps({"error": f"part {part} failed: {proc.stderr.strip()[-300:]}"}))
            return 1
        res[part] = json.loads(lines[-1])
        if "error" in res[part]:
            print(json.dumps(res[part]))
            return 0
    out = dict(res["all"])
    out["analyze_spun_only"] = res["spun"]["analyze_spun_only"]
    out["ftfy_fix_text_in_spun_process"] = res["spun"]["ftfy_fix_text"]
    out["peak_rss_mb"] = max(res["all"]["peak_rss_mb"], res["spun"]["peak_rss_mb"])
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
