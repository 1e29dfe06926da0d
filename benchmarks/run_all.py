"""Run every benchmark, each in its own process (so memory figures stay apart).

    PYTHONPATH=src python -m benchmarks.run_all [--quick] [--only NAME[,NAME...]]

Results: benchmarks/results/NAME.json for each; `python -m benchmarks.report`
renders the spin figures as Markdown.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

#: (name, extra arguments). Spin detection and restoration first: they are the product's heart.
BENCHMARKS = (
    ("spin_detection", []),
    ("tortured", ["--lexicon"]),
    ("restoration", []),
    ("mojibake", []),
    ("injected", []),
    ("dupes", []),
    ("consensus", []),
    ("scale", []),
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run_all", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small samples (a few minutes in all)")
    ap.add_argument("--only", default="", help="comma-separated benchmark names")
    args = ap.parse_args(argv)
    names = [n for n, _ in BENCHMARKS]
    only = [n for n in args.only.split(",") if n]
    unknown = sorted(set(only) - set(names))
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(unknown)} (choose from {', '.join(names)})")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(root / "src"), os.environ.get("PYTHONPATH", "")) if p)}
    failed = []
    t0 = time.perf_counter()
    for name, extra in BENCHMARKS:
        if only and name not in only:
            continue
        cmd = [sys.executable, "-m", f"benchmarks.{name}", *(["--quick"] if args.quick else []), *extra]
        print(f"=== {name}: {' '.join(cmd[1:])}", flush=True)
        t = time.perf_counter()
        rc = subprocess.call(cmd, cwd=root, env=env)
        print(f"=== {name}: exit {rc}, {time.perf_counter() - t:.0f}s", flush=True)
        if rc:
            failed.append(name)
    print(f"all benchmarks: {time.perf_counter() - t0:.0f}s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
