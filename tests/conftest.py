"""Shared fixtures. Tests that need ``../shared/data`` skip cleanly without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path | None:
    env = os.environ.get("UNSPIN_SHARED_DATA")
    cand = Path(env) if env else ROOT.parent / "shared" / "data"
    return cand if cand.is_dir() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = shared_data_dir()
    if d is None:
        pytest.skip("../shared/data not present (set UNSPIN_SHARED_DATA to run this test)")
    return d


@pytest.fixture(scope="session")
def seed_page(shared_data: Path) -> str:
    return (shared_data / "seed" / "spun-page.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_page() -> str:
    return (ROOT / "examples" / "spun-page.txt").read_text(encoding="utf-8")
