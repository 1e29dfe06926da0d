"""Run the core over a corpus: shards in, annotated records and a summary out.

The job is split into shards (see :mod:`unspin.corpus.shards`). Each shard is
processed by :func:`run_shard`, a plain function that can run in this process,
in a worker process or as a Ray task: it streams documents from the reader
through ``unspin.pipeline.analyze`` into writers that commit their files
atomically, and writes a completion marker last. A rerun skips the shards that
have a marker and redoes the rest, so killing a run at any moment loses
nothing and doubles nothing; shard outputs depend only on their input, so the
result is byte-identical to an uninterrupted run.

Output directory::

    annotated/<shard>.<ext>          every document (filter mode: kept/ and dropped/)
    skipped/<shard>.jsonl            records that could not be read, with position and reason
    manifest.json                    the output files, in order
    summary.json                     counts per label and finding kind, skips, throughput
    .scan/job.json, .scan/done/      the job's fingerprint and the shards' completion markers
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Callable

from .. import htmltext
from ..errors import UnspinError, UsageError
from ..findings import KINDS
from .documents import Document
from .readers import ReadStats, iter_documents
from .shards import Shard, plan_shards
from .writers import INCLUDE_TEXT, annotate, extension, open_writer, write_json_atomic

ENGINES = ("local", "ray")
JOB_DIR = ".scan"
#: How often a worker reports progress, in documents.
PROGRESS_EVERY = 64


@dataclass(frozen=True)
class ScanConfig:
    """Everything that decides the output of a scan (not how fast it runs)."""

    text_field: str = "text"
    id_field: str = "id"
    on_error: str = "fail"
    out_format: str = "jsonl"
    #: none | original | cleaned | restored (filter mode defaults to original).
    include_text: str = "none"
    #: Filter mode: keep documents whose spun_score is below this...
    keep_below: float | None = None
    #: ...and that have no finding of these kinds.
    drop_kinds: tuple[str, ...] = ()
    lexicons: tuple[str, ...] = ()
    spinner_tables: tuple[str, ...] = ()
    tier: str = "fast"
    threshold: float | None = None
    #: List (and filter on) only findings at least this confident (0: all).
    min_confidence: float = 0.0
    #: Target shard size of large plain JSONL / Parquet files; None: automatic (see shards.py).
    shard_bytes: int | None = None
    #: A record's text that is an HTML page: "auto" reads the main text of one that starts as
    #: an HTML document, "extract" of every record, "text" reads it as it is (a WARC's pages
    #: are always extracted by the reader).
    html: str = "auto"

    def __post_init__(self) -> None:
        extension(self.out_format)
        if self.include_text not in INCLUDE_TEXT:
            raise UsageError(f"--include-text must be one of {', '.join(INCLUDE_TEXT)}")
        if self.on_error not in ("fail", "skip"):
            raise UsageError("--on-error must be 'fail' or 'skip'")
        bad = [k for k in self.drop_kinds if k not in KINDS]
        if bad:
            raise UsageError(f"unknown finding kind(s) {', '.join(bad)} (kinds: {', '.join(KINDS)})")
        if self.keep_below is not None and not 0.0 <= self.keep_below <= 1.0:
            raise UsageError("--keep-below must be between 0 and 1")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise UsageError("--min-confidence must be between 0 and 1")
        if self.html not in ("auto", "extract", "text"):
            raise UsageError("--html must be 'auto', 'extract' or 'text'")
        if self.html == "extract" and not htmltext.available():
            raise UsageError("--html extract needs trafilatura: pip install 'unspin[corpus]'")

    @property
    def filter_mode(self) -> bool:
        return self.keep_below is not None or bool(self.drop_kinds)

    def drop_reason(self, report: Any) -> str | None:
        """Why a document is dropped in filter mode, or None to keep it."""
        if self.keep_below is not None and report.spun_score >= self.keep_below:
            return "spun_score"
        for kind in self.drop_kinds:
            if any(f.kind == kind for f in report.findings):
                return kind
        return None


# --------------------------------------------------------------------------- one shard

_OPTIONS_CACHE: dict[tuple, Any] = {}
_COUNTERS: Any = None  # (docs, bytes) shared counters in a local worker process


def _options(cfg: ScanConfig) -> Any:
    key = (cfg.lexicons, cfg.spinner_tables, cfg.tier, cfg.threshold, cfg.min_confidence)
    if key not in _OPTIONS_CACHE:
        from ..lexicon import load_lexicon
        from ..pipeline import Options
        from ..spintable import load_table

        lex = tuple(load_lexicon(p) for p in cfg.lexicons)
        tables = tuple(load_table(p) for p in cfg.spinner_tables)
        _OPTIONS_CACHE[key] = Options(lexicons=lex, spinner_tables=tables, tier=cfg.tier, threshold=cfg.threshold,
                                      min_confidence=cfg.min_confidence)
    return _OPTIONS_CACHE[key]


def _page_text(doc: Document, html: str) -> Document | None:
    """The document with its HTML page's main text in place of the page (``meta``
    says so), as it is when it is no HTML page, or None for a page with no main text."""
    if not htmltext.wanted(doc.text, html):
        return doc
    text = htmltext.main_text(doc.text)
    if not text:
        return None
    return replace(doc, text=text, meta={**doc.meta, "html_extracted": True})


def _init_worker(docs: Any, nbytes: Any) -> None:
    global _COUNTERS
    _COUNTERS = (docs, nbytes)
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the scan process dies (even by kill -9),
    so no orphan keeps writing into the output directory."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _bump(docs: int, nbytes: int) -> None:
    if _COUNTERS is not None:
        with _COUNTERS[0].get_lock():
            _COUNTERS[0].value += docs
        with _COUNTERS[1].get_lock():
            _COUNTERS[1].value += nbytes


def outputs_of(shard_id: str, cfg: ScanConfig) -> list[str]:
    ext = extension(cfg.out_format)
    dirs = ("kept", "dropped") if cfg.filter_mode else ("annotated",)
    return [f"{d}/{shard_id}{ext}" for d in dirs]


def run_shard(shard: Shard, cfg: ScanConfig, outdir: str,
              progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Process one shard; commit its outputs and its completion marker. Returns its stats."""
    from ..blas import one_thread
    from ..pipeline import analyze  # lazily: workers import the core themselves

    one_thread()  # a worker per core: BLAS threads on top only spin (see unspin.blas)
    t0 = time.perf_counter()
    out = Path(outdir)
    report_progress = progress or _bump
    opts = _options(cfg)
    st = ReadStats()
    skipped_rel = f"skipped/{shard.id}.jsonl"
    skip_writer: list[Any] = []  # opened at the first skip, streamed like the outputs

    def on_skip(source: str, position: int, reason: str, message: str) -> None:
        if not skip_writer:
            skip_writer.append(open_writer(out / skipped_rel, "jsonl"))
        skip_writer[0].write({"source": source, "position": position, "reason": reason, "message": message})

    filtering = cfg.filter_mode
    include = cfg.include_text
    if filtering and include == "none":
        include = "original"
    with_text = include != "none"
    paths = outputs_of(shard.id, cfg)
    writers = [open_writer(out / p, cfg.out_format, with_text=with_text,
                           with_reason=cfg.filter_mode and p.startswith("dropped"))
               for p in paths]
    labels: Counter = Counter()
    findings: Counter = Counter()
    docs_with: Counter = Counter()
    reasons: Counter = Counter()
    analysed = 0
    last_docs, last_bytes = 0, 0
    try:
        docs = iter_documents(shard.abspath or shard.path, cfg.text_field, cfg.id_field, cfg.on_error,
                              stats=st, on_skip=on_skip, start=shard.start, end=shard.end,
                              fmt=shard.fmt, source=shard.path)
        for doc in docs:
            if cfg.html != "text":
                source, position, ident = doc.source, doc.position, doc.id
                doc = _page_text(doc, cfg.html)
                if doc is None:
                    st.skipped["no_main_text"] += 1
                    on_skip(source, position, "no_main_text", f"{source}: {ident}: an HTML page with no main text")
                    continue
            try:
                report = analyze(doc.text, opts)
            except Exception as exc:  # a detector bug must not sink the corpus
                msg = f"{doc.source}: {doc.id}: analysis failed ({type(exc).__name__}: {exc})"
                if cfg.on_error == "fail":
                    raise UnspinError(msg + " (use --on-error skip to skip and count such documents)") from None
                st.skipped["analysis_error"] += 1
                on_skip(doc.source, doc.position, "analysis_error", msg)
                continue
            analysed += 1
            labels[report.label] += 1
            for kind, n in report.counts().items():
                if n:
                    findings[kind] += n
                    docs_with[kind] += 1
            if filtering:
                reason = cfg.drop_reason(report)
                if reason is None:
                    writers[0].write(annotate(doc, report, include))
                else:
                    reasons[reason] += 1
                    writers[1].write(annotate(doc, report, include, reason=reason))
            else:
                writers[0].write(annotate(doc, report, include))
            if analysed % PROGRESS_EVERY == 0:
                report_progress(analysed - last_docs, st.bytes_read - last_bytes)
                last_docs, last_bytes = analysed, st.bytes_read
        for w in writers + skip_writer:
            w.commit()
    except BaseException:
        for w in writers + skip_writer:
            try:
                w.abort()
            except Exception:
                pass
        raise
    report_progress(analysed - last_docs, max(0, shard.size - last_bytes))
    outputs = list(paths) + ([skipped_rel] if skip_writer else [])
    stats = {
        "shard": asdict(shard) | {"abspath": None},
        "read": st.to_dict(),
        "analysed": analysed,
        "labels": dict(labels),
        "findings": dict(findings),
        "docs_with": dict(docs_with),
        "kept": analysed - sum(reasons.values()) if cfg.filter_mode else None,
        "dropped": sum(reasons.values()) if cfg.filter_mode else None,
        "drop_reasons": dict(reasons),
        "outputs": outputs,
        "sizes": [(out / rel).stat().st_size for rel in outputs],
        "seconds": round(time.perf_counter() - t0, 4),
    }
    write_json_atomic(out / JOB_DIR / "done" / f"{shard.id}.json", stats)
    return stats


# --------------------------------------------------------------------------- the job


def _fingerprint(files: list[str], cfg: ScanConfig) -> dict[str, Any]:
    inputs = []
    for f in files:
        st = os.stat(f)
        inputs.append({"path": f, "size": st.st_size, "mtime_ns": st.st_mtime_ns})
    config = asdict(cfg)
    # Shards finished in fail mode hold no skips, so they are valid in skip mode too: a run
    # stopped by a corrupt file can be resumed with --on-error skip.
    config.pop("on_error")
    return json.loads(json.dumps({"version": 1, "inputs": inputs, "config": config}))


_OUR_DIRS = ("annotated", "kept", "dropped", "skipped", JOB_DIR)
_OUR_FILES = ("manifest.json", "summary.json")


def prepare_outdir(outdir: Path, files: list[str], cfg: ScanConfig, overwrite: bool) -> None:
    """Create ``outdir`` or check that it holds this very job (to resume it)."""
    job = outdir / JOB_DIR / "job.json"
    fp = _fingerprint(files, cfg)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir}: exists and is not a directory")
    if job.exists():
        try:
            old = json.loads(job.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        if old != fp:
            if not overwrite:
                raise UsageError(
                    f"{outdir}: holds a scan of other inputs or options; "
                    "use another output directory or --overwrite"
                )
            _clear(outdir)
    elif outdir.exists() and any(outdir.iterdir()):
        theirs = [p.name for p in outdir.iterdir() if p.name not in _OUR_DIRS + _OUR_FILES]
        if theirs and not overwrite:
            raise UsageError(f"{outdir}: is not empty and holds no unspin scan; use an empty or new directory")
        _clear(outdir)
    for d in (JOB_DIR, f"{JOB_DIR}/done", "skipped") + (
        ("kept", "dropped") if cfg.filter_mode else ("annotated",)
    ):
        (outdir / d).mkdir(parents=True, exist_ok=True)
    if not job.exists():
        write_json_atomic(job, fp)
    # Leftovers of writers killed mid-file.
    for d in _OUR_DIRS:
        for tmp in (outdir / d).glob("**/*.tmp-*") if (outdir / d).is_dir() else ():
            tmp.unlink(missing_ok=True)


def _clear(outdir: Path) -> None:
    for name in _OUR_DIRS:
        shutil.rmtree(outdir / name, ignore_errors=True)
    for name in _OUR_FILES:
        (outdir / name).unlink(missing_ok=True)


def run_scan(
    files: list[str],
    outdir: str | os.PathLike,
    cfg: ScanConfig,
    *,
    engine: str = "local",
    workers: int | None = None,
    address: str | None = None,
    overwrite: bool = False,
    progress: Any = None,
) -> dict[str, Any]:
    """Scan ``files`` into ``outdir`` (resuming a previous run of the same job). Returns the summary."""
    if engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)}")
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    out = Path(outdir)
    t0 = time.perf_counter()
    unreadable: list[tuple[str, str]] | None = [] if cfg.on_error == "skip" else None
    shards = [
        Shard(s.id, s.path, s.fmt, s.start, s.end, s.size, os.path.abspath(s.path))
        for s in plan_shards(files, cfg.shard_bytes, unreadable)
    ]
    prepare_outdir(out, files, cfg, overwrite)
    pending = [s for s in shards if not _is_done(out, s.id)]
    if progress is not None:
        progress.start(total_bytes=sum(s.size for s in pending), shards=len(pending),
                       resumed=len(shards) - len(pending))
    try:
        if pending:
            if engine == "ray":
                from .ray_engine import run_ray

                run_ray(pending, cfg, str(out.resolve()), workers, address, progress)
            else:
                _run_local(pending, cfg, str(out.resolve()), workers, progress)
    finally:
        if progress is not None:
            progress.close()
    elapsed = time.perf_counter() - t0
    summary = _summarize(shards, out, cfg, unreadable or [])
    docs_now = sum(_marker(out, s.id)["analysed"] for s in pending)
    summary["run"] = {
        "engine": engine,
        "workers": workers,
        "shards_run": len(pending),
        "shards_resumed": len(shards) - len(pending),
        "docs_this_run": docs_now,
        "elapsed_s": round(elapsed, 3),
        "docs_per_s": round(docs_now / elapsed, 1) if elapsed > 0 else None,
        "bytes_per_s": round(sum(s.size for s in pending) / elapsed, 1) if elapsed > 0 else None,
    }
    write_json_atomic(out / "summary.json", summary)
    return summary


def _is_done(out: Path, shard_id: str) -> bool:
    """A shard is done when its marker is readable and its outputs have the sizes it recorded
    (after a power cut, a renamed file or a marker can be empty or missing)."""
    try:
        m = _marker(out, shard_id)
        return all((out / rel).stat().st_size == size for rel, size in zip(m["outputs"], m["sizes"], strict=True))
    except (OSError, ValueError, KeyError, TypeError):
        (out / JOB_DIR / "done" / f"{shard_id}.json").unlink(missing_ok=True)
        return False


def _marker(out: Path, shard_id: str) -> dict[str, Any]:
    return json.loads((out / JOB_DIR / "done" / f"{shard_id}.json").read_text(encoding="utf-8"))


def _summarize(shards: list[Shard], out: Path, cfg: ScanConfig,
               unreadable: list[tuple[str, str]]) -> dict[str, Any]:
    read = ReadStats()
    for path, message in unreadable:  # whole files left out in skip mode
        read.skipped["unreadable_file"] += 1
        read.examples.append({"source": path, "position": 0, "reason": "unreadable_file",
                              "message": message})
    labels: Counter = Counter()
    findings: Counter = Counter()
    docs_with: Counter = Counter()
    reasons: Counter = Counter()
    analysed = kept = dropped = 0
    manifest: dict[str, list[str]] = {}
    for s in shards:
        m = _marker(out, s.id)
        read.merge(ReadStats.from_dict(m["read"]))
        labels.update(m["labels"])
        findings.update(m["findings"])
        docs_with.update(m["docs_with"])
        reasons.update(m["drop_reasons"])
        analysed += m["analysed"]
        kept += m["kept"] or 0
        dropped += m["dropped"] or 0
        for rel in m["outputs"]:
            manifest.setdefault(rel.split("/", 1)[0], []).append(rel)
    if unreadable:
        rel = "skipped/unreadable-files.jsonl"
        w = open_writer(out / rel, "jsonl")
        for ex in read.examples[: len(unreadable)]:
            w.write(ex)
        w.commit()
        manifest.setdefault("skipped", []).append(rel)
    write_json_atomic(out / "manifest.json", {"format": cfg.out_format, "files": manifest})
    summary: dict[str, Any] = {
        "docs": analysed,
        "records": read.records,
        "text_chars": read.text_chars,
        "input_bytes": sum(s.size for s in shards),
        "input_files": len({s.path for s in shards}),
        "shards": len(shards),
        "labels": {k: labels.get(k, 0) for k in ("clean", "spun")} | dict(labels),
        "findings": {k: findings.get(k, 0) for k in KINDS},
        "docs_with": {k: docs_with.get(k, 0) for k in KINDS},
        "skipped": dict(sorted(read.skipped.items())),
        "skipped_total": sum(read.skipped.values()),
        "non_text": dict(sorted(read.non_text.items())),
        "skipped_examples": read.examples[:10],
    }
    if cfg.filter_mode:
        summary["filter"] = {
            "keep_below": cfg.keep_below,
            "drop_kinds": list(cfg.drop_kinds),
            "kept": kept,
            "dropped": dropped,
            "reasons": dict(sorted(reasons.items())),
        }
    return summary


# --------------------------------------------------------------------------- local engine


def _run_local(pending: list[Shard], cfg: ScanConfig, outdir: str, workers: int, progress: Any) -> None:
    if workers == 1 or len(pending) == 1:
        docs_bytes = [0, 0]

        def bump(d: int, b: int) -> None:
            docs_bytes[0] += d
            docs_bytes[1] += b
            if progress is not None:
                progress.update(docs_bytes[0], docs_bytes[1], done)

        done = 0
        for s in pending:
            run_shard(s, cfg, outdir, progress=bump)
            done += 1
            if progress is not None:
                progress.update(docs_bytes[0], docs_bytes[1], done)
        return

    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    docs_v, bytes_v = ctx.Value("q", 0), ctx.Value("q", 0)
    pool = ProcessPoolExecutor(max_workers=min(workers, len(pending)), mp_context=ctx,
                               initializer=_init_worker, initargs=(docs_v, bytes_v))
    futures = {pool.submit(run_shard, s, cfg, outdir): s for s in pending}
    done_count = 0
    ok = False
    try:
        remaining = set(futures)
        while remaining:
            finished, remaining = wait(remaining, timeout=0.5, return_when=FIRST_COMPLETED)
            for fut in finished:
                fut.result()  # re-raises a worker's error here
                done_count += 1
            if progress is not None:
                progress.update(docs_v.value, bytes_v.value, done_count)
        ok = True
    finally:
        if not ok:
            for proc in list(getattr(pool, "_processes", {}).values()):
                try:
                    proc.terminate()
                except Exception:
                    pass
        pool.shutdown(wait=ok, cancel_futures=True)
