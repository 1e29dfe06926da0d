"""One BLAS thread for unspin's own processes.

unspin's matrix products are small (50-dimensional word vectors, a page's
content words); an OpenBLAS pool of one thread per core gains nothing on them,
and its idle threads spin: on a 2-core machine analysing Wikipedia leads took
the same wall time with twice the CPU time (``OPENBLAS_NUM_THREADS`` unset vs
1), CPU that the other workers of a ``scan`` need. The command line and the
corpus runner's workers call :func:`one_thread`; a library user's process is
left as it is.
"""

from __future__ import annotations


def one_thread() -> None:
    """Limit the BLAS libraries loaded in this process to one thread (no-op
    without ``threadpoolctl``)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a core dependency
        return
    threadpool_limits(limits=1, user_api="blas")
