"""Inputs that could make a pattern backtrack: runs of one character through ``unspin.analyze``.

    PYTHONPATH=src python scripts/check_slow_inputs.py [--n 20000] [--limit 2]

For every ASCII punctuation mark, a letter, a digit, blank space and a few non-ASCII
characters, texts holding a run of ``--n`` of it: after a word, between two letters
beside a bracket, after a digit and before a letter, alternating with a letter, and
alternating with a capital before a bracket. Prints each text that took longer than
``--limit`` seconds (20 s at most each), after one warm-up call that pays the load.
"""

from __future__ import annotations

import argparse
import signal
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import unspin  # noqa: E402


def shapes(c: str, n: int) -> list[tuple[str, str]]:
    return [("after a word", "Word " + c * n + " end."),
            ("after a digit", "1" + c * n + "x"),
            ("between letters", "Some prose. a" + c * n + "a (here) more."),
            ("alternating", ("a" + c) * (n // 2)),
            ("alternating with capitals", ("A" + c) * (n // 2) + " (x y)")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--limit", type=float, default=2.0)
    args = ap.parse_args()

    def timeout(_sig, _frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, timeout)
    unspin.analyze("A warm-up call pays the load (once).")
    slow = []
    chars = string.punctuation + "Aa1 \t\n" + "éД€’“–"
    for c in chars:
        for name, text in shapes(c, args.n):
            start = time.perf_counter()
            signal.alarm(20)
            try:
                unspin.analyze(text)
                took = time.perf_counter() - start
            except TimeoutError:
                took = float("inf")
            signal.alarm(0)
            if took > args.limit:
                slow.append((c, name, took))
                print(f"{c!r} {name}: {took:.1f} s", flush=True)
    print(f"{len(slow)} slow texts of {len(chars)} characters x 5 shapes, runs of {args.n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
