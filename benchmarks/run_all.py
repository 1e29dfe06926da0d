"""Run every benchmark of spin detection and restoration.

    PYTHONPATH=src python -m benchmarks.run_all [--quick]

Results: benchmarks/results/{spin_detection,tortured,restoration}.json.
"""

from __future__ import annotations

import sys
import time

from . import restoration, spin_detection, tortured


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    quick = ["--quick"] if "--quick" in argv else []
    t0 = time.perf_counter()
    for name, mod, extra in (
        ("spin_detection", spin_detection, []),
        ("tortured", tortured, ["--lexicon"]),
        ("restoration", restoration, []),
    ):
        t = time.perf_counter()
        print(f"=== {name} {' '.join(quick + extra)}", flush=True)
        mod.main(quick + extra)
        print(f"=== {name}: {time.perf_counter() - t:.0f}s", flush=True)
    print(f"all benchmarks: {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
