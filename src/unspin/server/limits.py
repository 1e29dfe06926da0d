"""Request limits: body size, time per request, and how many run at once.

Analysis is CPU-bound and synchronous, so it runs in a thread pool of
``max_concurrency`` workers. A request that finds every worker busy is refused
at once (503) rather than queued; one that runs past ``timeout`` seconds is
answered 504. Python cannot stop a running thread, so a timed-out analysis
keeps its worker (and its slot) until it finishes: the slot count stays
honest, and later requests see 503 instead of piling up behind it.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

T = TypeVar("T")

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_CONCURRENCY = 4


@dataclass(frozen=True)
class ServerConfig:
    """Limits for one server process."""

    #: Largest request body accepted, in bytes (413 past it).
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Seconds a request may take, reading its body included (504 past it).
    timeout: float = DEFAULT_TIMEOUT
    #: Analyses allowed to run at once (503 when all are taken).
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        if not self.timeout > 0:
            raise ValueError("timeout must be positive")
        if self.max_concurrency <= 0:
            raise ValueError("max_concurrency must be positive")


class Busy(Exception):
    """Every analysis slot is taken."""


class TimedOut(Exception):
    """The work ran past its time limit."""


class Gate:
    """A fixed pool of workers with non-blocking admission and a time limit."""

    def __init__(self, max_concurrency: int) -> None:
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._pool = ThreadPoolExecutor(max_workers=max_concurrency, thread_name_prefix="unspin-analyze")

    async def run(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        if not self._slots.acquire(blocking=False):
            raise Busy()

        def work() -> T:
            try:
                return fn(*args)
            finally:
                self._slots.release()

        try:
            future = asyncio.get_running_loop().run_in_executor(self._pool, work)
        except BaseException:
            self._slots.release()
            raise
        try:
            # shield: on timeout the thread goes on; only our wait is abandoned.
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except asyncio.TimeoutError:
            future.add_done_callback(_consume)
            raise TimedOut() from None

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _consume(future: "asyncio.Future[Any]") -> None:
    # Retrieve the late result so asyncio does not log it (it may quote the text).
    if not future.cancelled():
        future.exception()
