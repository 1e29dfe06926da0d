"""Shared fixtures. Tests that need ``../shared/data`` skip cleanly without it."""

from __future__ import annotations

import importlib.util
import os
import sys
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
def load_script():
    """``load(name)``: the module of ``scripts/<name>.py``, loaded once per session. The
    scripts folder goes on ``sys.path``, as the scripts import one another."""
    scripts = ROOT / "scripts"
    if str(scripts) not in sys.path:
        sys.path.insert(0, str(scripts))
    loaded: dict = {}

    def load(name: str):
        if name not in loaded:
            spec = importlib.util.spec_from_file_location(name, scripts / f"{name}.py")
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            loaded[name] = mod
        return loaded[name]

    return load


@pytest.fixture(scope="session")
def seed_page(shared_data: Path) -> str:
    return (shared_data / "seed" / "spun-page.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_page() -> str:
    return (ROOT / "examples" / "spun-page.txt").read_text(encoding="utf-8")


@pytest.fixture
def table_from_env(tmp_path, monkeypatch):
    """``use(env, text)``: write ``text`` to a file and name it by ``$env`` (one of
    the table variables, ``$UNSPIN_REAL_WORDS``, ``$UNSPIN_REAL_PHRASES`` or
    ``$UNSPIN_REAL_TERMS``); with
    ``text=None`` the variable names a file that does not exist. The tables are
    read afresh after each call, and the shipped ones again afterwards."""
    from unspin.spin import resources

    def use(env: str, text: str | None) -> None:
        f = tmp_path / f"{env.lower()}.tsv"
        if text is not None:
            f.write_text(text, encoding="utf-8")
        monkeypatch.setenv(env, str(f))
        resources.reload_tables()

    yield use
    for env in (resources.REAL_WORDS_ENV, resources.REAL_PHRASES_ENV, resources.REAL_TERMS_ENV):
        monkeypatch.delenv(env, raising=False)
    resources.reload_tables()
