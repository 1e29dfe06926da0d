"""Split a corpus into shards: units of work that can run anywhere, in any order.

A shard is one file, or a byte range of a large plain JSONL file, or a range
of row groups of a large Parquet file. Compressed JSONL and WARC files are one
shard each (they cannot be entered in the middle). Shard ids are ordered by
input order and position, so the outputs of any run, interrupted or not, line
up the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import InputError, UsageError
from .readers import detect_format, parquet_row_groups

#: Largest and smallest automatic shard size of a plain JSONL or Parquet file.
DEFAULT_SHARD_BYTES = 64 * 1024 * 1024
MIN_AUTO_SHARD_BYTES = 64 * 1024
#: The automatic shard size aims at about this many shards, so that all cores stay busy.
AUTO_SHARDS = 64


def auto_shard_bytes(files: list[str]) -> int:
    """A shard size that depends only on the inputs (so a resumed job plans the same shards):
    about ``AUTO_SHARDS`` shards in all, each between 64 KiB and 64 MiB."""
    total = sum(os.path.getsize(f) for f in files)
    return max(MIN_AUTO_SHARD_BYTES, min(DEFAULT_SHARD_BYTES, total // AUTO_SHARDS))


@dataclass(frozen=True)
class Shard:
    id: str
    path: str
    fmt: str
    #: Byte range (plain JSONL) or row-group range (Parquet); None = whole file.
    start: int | None = None
    end: int | None = None
    #: Bytes of input this shard covers (for progress and ETA).
    size: int = 0
    #: Absolute path, for workers whose working directory differs (ids use ``path``).
    abspath: str | None = None


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files named or found (recursively, sorted) under directories; each once."""
    out: list[str] = []
    seen: set[str] = set()
    for item in inputs:
        p = Path(item)
        if not p.exists():
            raise InputError(f"{item}: no such file or directory")
        if p.is_dir():
            found = sorted(  # hidden and underscore files and folders are left out (_SUCCESS, .git)
                str(f) for f in p.rglob("*")
                if f.is_file() and not any(part.startswith((".", "_")) for part in f.relative_to(p).parts)
            )
            if not found:
                raise InputError(f"{item}: directory holds no files")
        else:
            found = [str(p)]
        for f in found:
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                out.append(os.path.normpath(f))
    if not out:
        raise UsageError("no input files")
    return out


def plan_shards(files: list[str], shard_bytes: int | None = None,
                unreadable: list[tuple[str, str]] | None = None) -> list[Shard]:
    """The shards of ``files``, in a fixed order (``shard_bytes`` None: automatic).

    A file whose format cannot be told (or a Parquet file whose footer cannot be read)
    raises :class:`InputError`, or, when ``unreadable`` is a list, is left out and
    recorded there as ``(path, message)``.
    """
    if shard_bytes is None:
        shard_bytes = auto_shard_bytes(files)
    if shard_bytes <= 0:
        raise UsageError("shard size must be positive")
    shards: list[Shard] = []
    for i, path in enumerate(files):
        try:
            shards.extend(_file_shards(i, path, shard_bytes))
        except InputError as exc:
            if unreadable is None:
                raise
            unreadable.append((path, str(exc)))
    return shards


def _file_shards(i: int, path: str, shard_bytes: int) -> list[Shard]:
    shards: list[Shard] = []
    fmt, comp = detect_format(path)
    size = os.path.getsize(path)
    if fmt == "jsonl" and comp is None and size > shard_bytes:
        for part, start in enumerate(range(0, size, shard_bytes)):
            end = min(size, start + shard_bytes)
            shards.append(Shard(f"{i:05d}-{part:05d}", path, fmt, start, end, end - start))
    elif fmt == "parquet":
        groups = parquet_row_groups(path)
        per_group = size / max(1, len(groups))
        step = max(1, int(shard_bytes // max(1.0, per_group)))
        if len(groups) <= step:
            shards.append(Shard(f"{i:05d}-00000", path, fmt, None, None, size))
        else:
            for part, g0 in enumerate(range(0, len(groups), step)):
                g1 = min(len(groups), g0 + step)
                shards.append(Shard(f"{i:05d}-{part:05d}", path, fmt, g0, g1,
                                    int(per_group * (g1 - g0))))
    else:
        shards.append(Shard(f"{i:05d}-00000", path, fmt, None, None, size))
    return shards


def parse_size(text: str) -> int:
    """``"64M"`` -> 67108864; plain numbers are bytes."""
    t = text.strip().upper().removesuffix("B").removesuffix("I")
    mult = 1
    for suffix, m in (("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)):
        if t.endswith(suffix):
            t, mult = t[:-1], m
            break
    try:
        value = int(float(t) * mult)
    except ValueError:
        raise UsageError(f"not a size: {text!r} (use e.g. 64M, 512K, 1G)") from None
    if value <= 0:
        raise UsageError(f"size must be positive: {text!r}")
    return value
