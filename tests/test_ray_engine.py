"""``--engine ray`` runs the same shard tasks on a real local Ray cluster and gives the same output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_scan import make_records, read_outputs, write_jsonl
from unspin.cli import main

ray = pytest.importorskip("ray", reason="Ray not installed (pip install 'unspin[ray]')")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_ray_engine_matches_local_engine(tmp_path: Path):
    inp = write_jsonl(tmp_path / "in.jsonl", make_records(400, seed=3))
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    common = [str(inp), "--quiet", "--shard-size", "12K", "--include-text", "restored"]
    assert main(["scan", *common, "-o", str(local), "--workers", "1"]) == 0
    # A real local cluster with two CPUs, started by the scan and shut down after it.
    assert main(["scan", *common, "-o", str(on_ray), "--engine", "ray", "--workers", "2"]) == 0
    assert not ray.is_initialized()
    assert read_outputs(on_ray) == read_outputs(local)
    summary = json.loads((on_ray / "summary.json").read_text())
    assert summary["run"]["engine"] == "ray" and summary["docs"] == 400
    assert summary["run"]["shards_run"] == summary["shards"] > 2
