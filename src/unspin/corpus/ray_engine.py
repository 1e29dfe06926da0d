"""Run scan shards as Ray tasks: on a local Ray instance, or on a cluster (``--address``).

The tasks are the same :func:`unspin.corpus.runner.run_shard` calls the local
engine makes, so outputs, markers and resumption are identical. On a cluster
the inputs and the output directory must be on storage every node sees.
"""

from __future__ import annotations

from typing import Any

from ..errors import UnspinError, UsageError


def run_ray(pending: list, cfg: Any, outdir: str, workers: int, address: str | None, progress: Any) -> None:
    try:
        import ray
    except ImportError:
        raise UsageError("--engine ray needs Ray: pip install 'unspin[ray]'") from None
    from .runner import run_shard

    started = False
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                  "configure_logging": False}
        try:
            if address:
                ray.init(address=address, **kwargs)
            else:
                ray.init(num_cpus=workers, **kwargs)
        except Exception as exc:
            where = f"at {address}" if address else "locally"
            raise UnspinError(f"cannot start or reach a Ray cluster {where} ({type(exc).__name__}: {exc})") from None
        started = True
    try:
        task = ray.remote(num_cpus=1, max_retries=2, retry_exceptions=False)(run_shard)
        refs = {task.remote(s, cfg, outdir, _noop): s for s in pending}
        docs = nbytes = done = 0
        remaining = list(refs)
        while remaining:
            finished, remaining = ray.wait(remaining, num_returns=1, timeout=0.5)
            for ref in finished:
                try:
                    stats = ray.get(ref)
                except ray.exceptions.RayTaskError as exc:
                    for r in remaining:
                        ray.cancel(r, force=True)
                    cause = getattr(exc, "cause", None)
                    if isinstance(cause, UnspinError):
                        raise cause from None
                    raise UnspinError(f"a Ray task failed: {cause or exc}") from None
                done += 1
                docs += stats["analysed"]
                nbytes += refs[ref].size
            if progress is not None:
                progress.update(docs, nbytes, done)
    finally:
        if started:
            ray.shutdown()


def _noop(docs: int, nbytes: int) -> None:
    """Progress inside a Ray task is reported per shard, by the driver."""
