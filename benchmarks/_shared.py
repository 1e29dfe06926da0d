"""Where benchmarks find ``../shared/data`` and write their results."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def shared_data_dir() -> Path:
    env = os.environ.get("UNSPIN_SHARED_DATA")
    cand = Path(env) if env else ROOT.parent / "shared" / "data"
    if not cand.is_dir():
        sys.exit(f"benchmark needs ../shared/data (or UNSPIN_SHARED_DATA); not found at {cand}")
    return cand


def write_results(name: str, results: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
