"""Write annotated records as JSONL (optionally gzip) or Parquet, atomically.

A writer writes to a temporary file beside its destination and renames it
into place only when ``commit()`` is called, so a reader of the output
directory never sees half a file under a final name. Files are not fsynced
(that costs tens of milliseconds a file on busy disks): a killed process
loses nothing the kernel has, and the runner checks output sizes against the
completion markers to catch what a power cut could leave behind. Output bytes depend only
on the records written (gzip without timestamps, a fixed Parquet schema), so
the same input always gives the same files.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..findings import KINDS

OUTPUT_FORMATS = ("jsonl", "jsonl.gz", "parquet")
INCLUDE_TEXT = ("none", "original", "cleaned", "restored")
_PARQUET_BATCH = 1000

try:  # optional and faster; output is the same compact JSON either way
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None


def _dumps(rec: dict[str, Any]) -> bytes:
    if _orjson is not None:
        try:
            return _orjson.dumps(rec)
        except TypeError:  # e.g. lone surrogates: escaped below, so the output stays valid UTF-8
            return json.dumps(rec, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    try:
        return json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(rec, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def annotate(doc: Any, report: Any, include_text: str = "none", reason: str | None = None) -> dict[str, Any]:
    """The output record for one document and its report."""
    rec: dict[str, Any] = {
        "id": doc.id,
        "source": doc.source,
        "position": doc.position,
        "spun_score": round(report.spun_score, 4),
        "label": report.label,
        "counts": report.counts(),
        "findings": [f.to_dict() for f in report.findings],
    }
    if doc.meta.get("url"):
        rec["url"] = doc.meta["url"]
    if include_text == "original":
        rec["text"] = doc.text
    elif include_text == "cleaned":
        rec["text"] = report.cleaned
    elif include_text == "restored":
        rec["text"] = report.restored
    if reason is not None:
        rec["reason"] = reason
    return rec


def extension(fmt: str) -> str:
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"unknown output format {fmt!r} (use {', '.join(OUTPUT_FORMATS)})")
    return "." + fmt


def open_writer(path: str | os.PathLike, fmt: str, *, with_text: bool = False,
                with_reason: bool = False) -> "RecordWriter":
    """A writer for ``fmt``; Parquet needs to know up front which optional columns exist."""
    extension(fmt)
    if fmt == "parquet":
        return ParquetRecordWriter(path, with_text=with_text, with_reason=with_reason)
    return JsonlRecordWriter(path, compress=fmt.endswith(".gz"))


class RecordWriter:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.tmp = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}")
        self.count = 0

    def write(self, rec: dict[str, Any]) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        """Finish the file and move it into place."""
        self._close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self._close()
        finally:
            self.tmp.unlink(missing_ok=True)


class JsonlRecordWriter(RecordWriter):
    def __init__(self, path: str | os.PathLike, compress: bool = False):
        super().__init__(path)
        self._raw = open(self.tmp, "wb")
        self._fh: Any = (
            gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=6)
            if compress else self._raw
        )
        self._closed = False

    def write(self, rec: dict[str, Any]) -> None:
        self._fh.write(_dumps(rec) + b"\n")
        self.count += 1

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._fh is not self._raw:
            self._fh.close()
        self._raw.close()


def _parquet_schema(with_text: bool, with_reason: bool) -> Any:
    import pyarrow as pa

    fields = [
        ("id", pa.string()),
        ("source", pa.string()),
        ("position", pa.int64()),
        ("spun_score", pa.float64()),
        ("label", pa.string()),
        ("counts", pa.struct([(k, pa.int64()) for k in KINDS])),
        ("findings", pa.string()),  # JSON: findings carry free-form detail
        ("url", pa.string()),
    ]
    if with_text:
        fields.append(("text", pa.string()))
    if with_reason:
        fields.append(("reason", pa.string()))
    return pa.schema(fields)


class ParquetRecordWriter(RecordWriter):
    """Parquet with a fixed schema; findings are stored as a JSON string column."""

    def __init__(self, path: str | os.PathLike, *, with_text: bool = False, with_reason: bool = False):
        super().__init__(path)
        try:
            import pyarrow  # noqa: F401
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise UsageError("writing Parquet needs pyarrow: pip install 'unspin[corpus]'") from None
        self._rows: list[dict[str, Any]] = []
        self._writer: Any = None
        self._schema: Any = _parquet_schema(with_text, with_reason)
        self._closed = False

    def write(self, rec: dict[str, Any]) -> None:
        row = dict(rec)
        row["findings"] = json.dumps(rec["findings"], ensure_ascii=False, separators=(",", ":"))
        row.setdefault("url", None)
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= _PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            self._writer = pq.ParquetWriter(str(self.tmp), self._schema, compression="zstd")
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._flush()
        self._writer.close()


def write_json_atomic(path: str | os.PathLike, obj: Any) -> None:
    """Write ``obj`` as JSON to ``path`` via a temporary file and a rename."""
    p = Path(path)
    tmp = p.with_name(f"{p.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=2, sort_keys=False)
        fh.write("\n")
    os.replace(tmp, p)
