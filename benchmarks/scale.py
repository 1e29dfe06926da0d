"""Crawl-scale benchmark for ``unspin scan``: throughput per core, 1 -> 2 worker speed-up,
peak memory on a 10x larger input, and the runner's overhead over a plain analyze() loop.

    PYTHONPATH=src python -m benchmarks.scale [--quick]

Inputs are JSONL files generated from ../shared/data/clean (Wikipedia leads and State of
the Union addresses, cut into paragraphs-sized documents and repeated to size, each with a
unique id). Every scan runs as a real ``python -m unspin scan`` subprocess; its speed is the
``elapsed_s`` the scan reports (interpreter start-up excluded), its memory the peak RSS of
the whole process tree (scan process and workers), sampled from /proc every 100 ms in
separate, untimed runs, and its peak PSS, which counts the pages the workers share (the
LM's arrays, mapped from the user cache) once rather than once per process.

The anchor is ``unspin.pipeline.analyze`` called in a plain loop over the same documents in
this process, in the same run: overhead = loop docs/s / runner docs/s at 1 worker.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ._shared import ROOT, shared_data_dir, write_results


def load_texts(limit_chars: int = 4000) -> list[str]:
    """Clean documents, long ones cut at paragraph breaks into pieces of at most ~limit_chars."""
    texts: list[str] = []
    d = shared_data_dir() / "clean"
    for name in ("wikipedia-summaries.jsonl", "sotu.jsonl"):
        with open(d / name, encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["text"]
                piece: list[str] = []
                size = 0
                for para in text.split("\n"):
                    piece.append(para)
                    size += len(para)
                    if size >= limit_chars:
                        texts.append("\n".join(piece))
                        piece, size = [], 0
                if piece and "".join(piece).strip():
                    texts.append("\n".join(piece))
    return texts


def write_corpus(path: Path, texts: list[str], n_docs: int, repeat: int = 1) -> int:
    """``n_docs`` documents, the whole list written ``repeat`` times (with fresh ids), so a
    repeat=10 file is exactly ten times the repeat=1 file in documents and about in bytes."""
    with open(path, "w", encoding="utf-8") as fh:
        for r in range(repeat):
            for i in range(n_docs):
                rec = {"id": f"doc-{r}-{i}", "text": texts[i % len(texts)]}
                fh.write(json.dumps(rec, ensure_ascii=False))
                fh.write("\n")
    return path.stat().st_size


def _kb(path: str, field: bytes) -> int:
    """The value (kB) of the /proc file's line that starts with ``field``; 0 if none."""
    with open(path, "rb") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def _tree_rss(root: int) -> tuple[int, int | None]:
    """RSS and PSS in bytes of ``root`` and all its descendants (Linux /proc). RSS counts
    a page shared by several processes (the LM's arrays, mapped from the user cache) once
    in each; PSS splits it among them, so its sum is the memory the tree really holds
    (None where the kernel has no ``smaps_rollup``)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    total, pss, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            total += _kb(f"/proc/{pid}/status", b"VmRSS:") * 1024
        except OSError:
            continue
        if pss is not None:
            try:
                pss += _kb(f"/proc/{pid}/smaps_rollup", b"Pss:") * 1024
            except FileNotFoundError:
                pss = None  # no smaps_rollup (an older kernel): RSS only
            except OSError:
                continue
    return total, pss


def run_scan(inp: Path, out: Path, workers: int, shard_size: str, memory: bool = False) -> dict:
    """Run one scan; with ``memory``, sample the tree's RSS (this costs some CPU, so the
    timed runs do not sample)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "unspin", "scan", str(inp), "-o", str(out), "--quiet",
           "--workers", str(workers), "--shard-size", shard_size, "--overwrite"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            rss, pss = _tree_rss(proc.pid)
            peak[0] = max(peak[0], rss)
            peak[1] = None if pss is None or peak[1] is None else max(peak[1], pss)
            time.sleep(0.1)

    t = threading.Thread(target=sample, daemon=True)
    if memory:
        t.start()
    _, err = proc.communicate()
    stop.set()
    if memory:
        t.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"scan failed ({proc.returncode}): {err.decode()[-500:]}")
    summary = json.loads((out / "summary.json").read_text())
    run = summary["run"]
    return {
        "workers": workers,
        "docs": summary["docs"],
        "input_bytes": summary["input_bytes"],
        "shards": summary["shards"],
        "elapsed_s": run["elapsed_s"],
        "docs_per_s": run["docs_per_s"],
        "mb_per_s": round(run["bytes_per_s"] / 1e6, 3),
        "peak_rss_mb": round(peak[0] / 2**20, 1) if memory else None,
        "peak_pss_mb": round(peak[1] / 2**20, 1) if memory and peak[1] is not None else None,
        # CPU seconds of the whole process tree, interpreter start-up included.
        "cpu_s": round(cpu, 3),
    }


def _spin_cpu(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(workers: int, tasks: int = 16, n: int = 1_500_000) -> float:
    """Wall seconds for a fixed pure-Python CPU load over ``workers`` processes: the anchor
    for what speed-up this machine, with whatever else it runs, can give at all."""
    from concurrent.futures import ProcessPoolExecutor

    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as ex:
        list(ex.map(_spin_cpu, [n] * tasks))
    return time.perf_counter() - t0


def plain_loop(texts: list[str], n_docs: int) -> dict:
    from unspin.pipeline import analyze

    docs = [texts[i % len(texts)] for i in range(n_docs)]
    analyze(docs[0])  # warm the caches a worker would warm
    t0, c0 = time.perf_counter(), time.process_time()
    for text in docs:
        analyze(text)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"docs": n_docs, "elapsed_s": round(elapsed, 3), "docs_per_s": round(n_docs / elapsed, 1),
            "cpu_s": round(cpu, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small inputs (about a minute)")
    args = ap.parse_args()
    texts = load_texts()
    n_small = 2000 if args.quick else 8000
    shard_size = "auto"
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="unspin-scale-") as tmp:
        tmpd = Path(tmp)
        small, large = tmpd / "small.jsonl", tmpd / "large.jsonl"
        small_bytes = write_corpus(small, texts, n_small)
        large_bytes = write_corpus(large, texts, n_small, repeat=10)

        # Interleaved and best-of-two, to damp the noise of a machine shared with other jobs.
        loop = plain_loop(texts, n_small)
        one = run_scan(small, tmpd / "o1", 1, shard_size)
        two = run_scan(small, tmpd / "o2", 2, shard_size)
        one_again = run_scan(small, tmpd / "o1b", 1, shard_size)
        two_again = run_scan(small, tmpd / "o2b", 2, shard_size)
        loop_again = plain_loop(texts, n_small)
        anchor_1 = min(machine_parallelism(1), machine_parallelism(1))
        anchor_2 = min(machine_parallelism(2), machine_parallelism(2))
        one_best = min((one, one_again), key=lambda r: r["elapsed_s"])
        two = min((two, two_again), key=lambda r: r["elapsed_s"])
        loop = min((loop, loop_again), key=lambda r: r["elapsed_s"])
        mem_small = run_scan(small, tmpd / "m1", 2, shard_size, memory=True)
        mem_large = run_scan(large, tmpd / "m2", 2, shard_size, memory=True)

    speedup = one_best["elapsed_s"] / two["elapsed_s"]
    results = {
        "quick": args.quick,
        "cpu_count": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "inputs": {"small_docs": n_small, "small_bytes": small_bytes,
                   "large_docs": n_small * 10, "large_bytes": large_bytes, "shard_size": shard_size},
        "anchor_plain_analyze_loop": loop,
        "scan_1_worker": one_best,
        "scan_2_workers": two,
        "scan_large_2_workers": mem_large,
        "throughput_per_core": {"docs_per_s": one_best["docs_per_s"], "mb_per_s": one_best["mb_per_s"]},
        "speedup_1_to_2_workers": round(speedup, 3),
        "speedup_goal": 1.8,
        # The same 1 -> 2 process speed-up for a plain CPU loop, in the same run: what the
        # machine allowed. On a machine of its own it is close to 2; when it is far below,
        # the wall-clock figure above measures the neighbours, not unspin.
        "machine_speedup_1_to_2_plain_cpu_loop": round(anchor_1 / anchor_2, 3),
        "speedup_relative_to_machine": round(speedup / (anchor_1 / anchor_2), 3),
        # On a machine shared with other jobs the wall-clock speed-up says more about the
        # neighbours than about unspin; the CPU work the two runs need does not depend on them.
        # cpu_work_ratio = CPU seconds at 1 worker / at 2 workers (1.0: parallelism adds no work),
        # so on two free cores the speed-up would be about 2 x cpu_work_ratio.
        "cpu_work_ratio_1_to_2": round(one_best["cpu_s"] / two["cpu_s"], 3),
        "projected_speedup_on_2_free_cores": round(2 * one_best["cpu_s"] / two["cpu_s"], 3),
        "runner_overhead_ratio": round(loop["docs_per_s"] / one_best["docs_per_s"], 3),
        # The same in CPU seconds, which a busy machine distorts less (the scan's figure
        # includes its interpreter start-up and imports, so this overstates the overhead).
        "runner_overhead_ratio_cpu": round(min(one["cpu_s"], one_again["cpu_s"]) / loop["cpu_s"], 3),
        "peak_rss_mb": {"small": mem_small["peak_rss_mb"], "large_10x": mem_large["peak_rss_mb"],
                        "ratio_large_to_small": round(mem_large["peak_rss_mb"] / mem_small["peak_rss_mb"], 3)},
        "peak_pss_mb": {"small": mem_small["peak_pss_mb"], "large_10x": mem_large["peak_pss_mb"]},
        "notes": "speed-up and throughput depend on what else the machine runs (see load averages); "
                 "overhead > 1 means the runner is slower than a bare analyze() loop at one worker.",
    }
    path = write_results("scale", results)
    print(json.dumps({k: results[k] for k in ("throughput_per_core", "speedup_1_to_2_workers", "machine_speedup_1_to_2_plain_cpu_loop",
                                              "speedup_relative_to_machine", "projected_speedup_on_2_free_cores",
                                              "runner_overhead_ratio", "runner_overhead_ratio_cpu", "peak_rss_mb",
                                              "peak_pss_mb",
                                              "load_average_before")}, indent=2))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
