"""kill -9 a real ``unspin scan`` mid-run, run it again: the output equals an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_scan import make_records, read_outputs, write_jsonl

ROOT = Path(__file__).resolve().parents[1]


def _scan(inp: Path, out: Path, workers: int, fmt: str) -> list[str]:
    return [sys.executable, "-m", "unspin", "scan", str(inp), "-o", str(out), "--quiet",
            "--workers", str(workers), "--shard-size", "8K", "--format", fmt,
            "--include-text", "cleaned"]


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT / "src"))


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("workers, fmt, kill_after", [(1, "jsonl", 2), (2, "jsonl.gz", 5)])
def test_kill_9_then_rerun_gives_the_uninterrupted_output(tmp_path, workers, fmt, kill_after):
    inp = write_jsonl(tmp_path / "in.jsonl", make_records(1500, seed=7))
    ref, out = tmp_path / "ref", tmp_path / "out"
    subprocess.run(_scan(inp, ref, 1, fmt), env=_env(), check=True, timeout=240)
    n_shards = len(list((ref / ".scan" / "done").iterdir()))
    assert n_shards > kill_after + 2

    proc = subprocess.Popen(_scan(inp, out, workers, fmt), env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = out / ".scan" / "done"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if done.is_dir() and len(list(done.glob("*.json"))) >= kill_after:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the scan finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.2)  # workers die with their parent (PR_SET_PDEATHSIG)
    finished = len(list(done.glob("*.json")))
    assert finished < n_shards and not (out / "summary.json").exists()

    rerun = subprocess.run(_scan(inp, out, workers, fmt), env=_env(), capture_output=True,
                           text=True, timeout=240)
    assert rerun.returncode == 0, rerun.stderr
    got, want = read_outputs(out), read_outputs(ref)
    assert got == want
    assert [r["id"] for r in got["annotated"]] == [f"d{i}" for i in range(1500)]
    # Byte-identical files, not just equal records.
    for rel in (p.relative_to(ref) for p in sorted((ref / "annotated").iterdir())):
        assert (out / rel).read_bytes() == (ref / rel).read_bytes(), rel
    assert not list(out.glob("**/*.tmp-*"))
