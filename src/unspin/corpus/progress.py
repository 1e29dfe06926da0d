"""Progress of a scan: a tqdm bar on a terminal, plain periodic log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


def _fmt_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def _fmt_eta(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds == float("inf"):
        return "?"
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class Progress:
    """Call ``start`` once, ``update`` with running totals, ``close`` at the end."""

    def __init__(self, stream: TextIO | None = None, interval: float = 10.0,
                 bar: bool | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.interval = interval
        self.quiet = quiet
        self.bar = (not quiet) and (self.stream.isatty() if bar is None else bar)
        self._tqdm: Any = None
        self._t0 = time.monotonic()
        self._last_log = self._t0
        self.total_bytes = 0
        self.shards = 0
        self.docs = 0
        self.bytes = 0
        self.shards_done = 0

    def start(self, total_bytes: int, shards: int, resumed: int = 0) -> None:
        self.total_bytes, self.shards = total_bytes, shards
        self._t0 = self._last_log = time.monotonic()
        if self.quiet:
            return
        if resumed:
            self._write(f"unspin: scan: resuming; {resumed} shard(s) already done, {shards} to go")
        if self.bar:
            try:
                from tqdm import tqdm

                tqdm.monitor_interval = 0
                self._tqdm = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1024,
                                  desc="scan", file=self.stream, dynamic_ncols=True)
            except ImportError:
                self.bar = False

    def update(self, docs: int, nbytes: int, shards_done: int) -> None:
        self.docs, self.shards_done = docs, shards_done
        nbytes = min(nbytes, self.total_bytes)
        if self._tqdm is not None:
            self._tqdm.update(max(0, nbytes - self.bytes))
            self.bytes = nbytes
            rate = docs / max(1e-9, time.monotonic() - self._t0)
            self._tqdm.set_postfix_str(f"{docs:,} docs, {rate:,.0f} docs/s, {shards_done}/{self.shards} shards",
                                       refresh=False)
            return
        self.bytes = nbytes
        now = time.monotonic()
        if not self.quiet and now - self._last_log >= self.interval:
            self._last_log = now
            self._write(self.line())

    def line(self) -> str:
        elapsed = max(1e-9, time.monotonic() - self._t0)
        rate = self.docs / elapsed
        share = self.bytes / self.total_bytes if self.total_bytes else 1.0
        eta = elapsed * (1 - share) / share if share > 0 else None
        return (f"unspin: scan: {self.docs:,} docs ({rate:,.0f} docs/s), "
                f"{_fmt_bytes(self.bytes)} of {_fmt_bytes(self.total_bytes)} ({share:.0%}), "
                f"{self.shards_done}/{self.shards} shards, ETA {_fmt_eta(eta)}")

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text + "\n")
            self.stream.flush()
        except Exception:
            pass
