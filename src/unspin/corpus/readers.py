"""Read documents from crawl files: JSONL (plain, .gz, .zst), Parquet and WARC.

``iter_documents(path, ...)`` yields :class:`~unspin.corpus.documents.Document`
records one at a time, so memory stays flat whatever the file size. Damage is
never dropped silently: every record or file that cannot be read is reported
with the file name and its position (line, byte offset, row or record offset),
and then either raises :class:`~unspin.errors.InputError` (``on_error="fail"``)
or is counted in :class:`ReadStats` and passed to ``on_skip`` (``"skip"``).

Positions: for JSONL the byte offset of the line in the (decompressed) stream,
for Parquet the row index, for WARC the record's byte offset in the file. A
document's id is its id field when it has one, else ``source:position``.

Plain JSONL files can be read by byte range and Parquet files by row-group
range (``start``/``end``), which is how the runner splits large files into
shards: a line belongs to the range its first byte falls in.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import InputError, UsageError
from .documents import Document

FORMATS = ("jsonl", "parquet", "warc")
ON_ERROR = ("fail", "skip")

try:  # optional and faster; the standard library's parser gives the error messages
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover
    _fast_loads = json.loads

_JSONL_EXT = (".jsonl", ".json", ".ndjson", ".jl")
_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_CHUNK = 1 << 20

#: How many skipped-record examples ``ReadStats`` keeps (all are counted).
MAX_EXAMPLES = 50


@dataclass
class ReadStats:
    """What a reader saw: counts of records, documents and everything skipped."""

    records: int = 0
    docs: int = 0
    text_chars: int = 0
    #: Raw bytes of input consumed so far (compressed bytes for compressed files).
    bytes_read: int = 0
    #: Why records or files were skipped -> how many.
    skipped: Counter = field(default_factory=Counter)
    #: WARC records that are not text (requests, images, metadata...), by kind.
    non_text: Counter = field(default_factory=Counter)
    #: A few skipped records, as {source, position, reason, message}.
    examples: list = field(default_factory=list)

    def merge(self, other: "ReadStats") -> None:
        self.records += other.records
        self.docs += other.docs
        self.text_chars += other.text_chars
        self.bytes_read += other.bytes_read
        self.skipped.update(other.skipped)
        self.non_text.update(other.non_text)
        room = MAX_EXAMPLES - len(self.examples)
        if room > 0:
            self.examples.extend(other.examples[:room])

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "docs": self.docs,
            "text_chars": self.text_chars,
            "bytes_read": self.bytes_read,
            "skipped": dict(sorted(self.skipped.items())),
            "non_text": dict(sorted(self.non_text.items())),
            "examples": list(self.examples),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ReadStats":
        return cls(
            records=d.get("records", 0),
            docs=d.get("docs", 0),
            text_chars=d.get("text_chars", 0),
            bytes_read=d.get("bytes_read", 0),
            skipped=Counter(d.get("skipped", {})),
            non_text=Counter(d.get("non_text", {})),
            examples=list(d.get("examples", [])),
        )


#: Called for every skipped record: (source, position, reason, message).
SkipHook = Callable[[str, int, str, str], None]


class _Problems:
    """Routes a problem to an exception or to the stats, as ``on_error`` says."""

    def __init__(self, source: str, on_error: str, stats: ReadStats, on_skip: SkipHook | None):
        self.source, self.on_error, self.stats, self.on_skip = source, on_error, stats, on_skip

    def __call__(self, reason: str, where: str, position: int, message: str, *, fatal: bool = False) -> None:
        text = f"{self.source}: {where}: {message}"
        if self.on_error == "fail":
            raise InputError(text + " (use --on-error skip to skip and count such records)")
        self.stats.skipped[reason] += 1
        if len(self.stats.examples) < MAX_EXAMPLES:
            self.stats.examples.append(
                {"source": self.source, "position": position, "reason": reason, "message": text}
            )
        if self.on_skip is not None:
            self.on_skip(self.source, position, reason, text)


# --------------------------------------------------------------------------- formats


def detect_format(path: str | os.PathLike) -> tuple[str, str | None]:
    """``(format, compression)`` of a file, from its name, else from its first bytes."""
    p = Path(path)
    name = p.name.lower()
    comp: str | None = None
    stem = name
    if name.endswith(".gz"):
        comp, stem = "gzip", name[:-3]
    elif name.endswith(".zst") or name.endswith(".zstd"):
        comp, stem = "zstd", name.rsplit(".", 1)[0]
    if stem.endswith((".parquet", ".pq")) and comp is None:
        return "parquet", None
    if stem.endswith((".warc", ".arc")):
        return "warc", comp
    if stem.endswith(_JSONL_EXT):
        return "jsonl", comp
    return _sniff(p)


def _sniff(p: Path) -> tuple[str, str | None]:
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if head.startswith(b"PAR1"):
        return "parquet", None
    comp = None
    if head.startswith(_GZIP_MAGIC):
        comp = "gzip"
    elif head.startswith(_ZSTD_MAGIC):
        comp = "zstd"
    try:
        with _open_stream(p, comp) as fh:
            body = fh.read(64)
    except Exception:
        body = b""
    body = body.lstrip()
    if body.startswith(b"WARC/"):
        return "warc", comp
    if body.startswith(b"{") or (comp and not body):
        return "jsonl", comp
    raise InputError(
        f"{p}: unrecognised format (expected JSONL, JSONL.gz/.zst, Parquet or WARC; "
        "name it .jsonl, .parquet or .warc[.gz])"
    )


class _ZstdRaw(io.RawIOBase):
    """A zstd stream that notices truncation (a frame that never ends)."""

    def __init__(self, fh: Any):
        import zstandard

        self._fh, self._zstd = fh, zstandard
        self._dctx = zstandard.ZstdDecompressor()
        self._obj = self._dctx.decompressobj()
        self._fed = False
        self._buf = b""
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf and not self._eof:
            chunk = self._fh.read(_CHUNK)
            if not chunk:
                self._eof = True
                if self._fed and not self._obj.eof:
                    raise EOFError("zstd stream ended before the end of its frame (truncated)")
                break
            out = []
            while chunk:
                if self._obj.eof:
                    self._obj = self._dctx.decompressobj()
                    self._fed = False
                self._fed = True
                out.append(self._obj.decompress(chunk))
                chunk = self._obj.unused_data if self._obj.eof else b""
            self._buf = b"".join(out)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _open_stream(p: Path, comp: str | None, raw: Any = None) -> Any:
    fh = raw if raw is not None else p.open("rb")
    if comp == "gzip":
        return gzip.GzipFile(fileobj=fh, mode="rb")
    if comp == "zstd":
        return io.BufferedReader(_ZstdRaw(fh), buffer_size=_CHUNK)
    return fh


_STREAM_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, OSError)


def _stream_error_message(exc: BaseException, comp: str | None) -> str:
    kind = {"gzip": "gzip", "zstd": "zstd"}.get(comp or "", "")
    if isinstance(exc, EOFError):
        return f"truncated {kind} stream ({exc})".replace("  ", " ")
    return f"corrupt {kind} stream ({type(exc).__name__}: {exc})".replace("  ", " ")


# --------------------------------------------------------------------------- entry point


def iter_documents(
    path: str | os.PathLike,
    text_field: str = "text",
    id_field: str = "id",
    on_error: str = "fail",
    *,
    stats: ReadStats | None = None,
    on_skip: SkipHook | None = None,
    start: int | None = None,
    end: int | None = None,
    keep_fields: bool = False,
    fmt: str | None = None,
    source: str | None = None,
) -> Iterator[Document]:
    """Yield the documents in one file.

    ``start``/``end`` select a byte range of a plain JSONL file or a row-group
    range of a Parquet file. ``keep_fields`` keeps a record's other fields in
    ``Document.meta["fields"]``. ``source`` names the file in ids and messages
    (default: the path as given).
    """
    if on_error not in ON_ERROR:
        raise UsageError(f"on_error must be one of {', '.join(ON_ERROR)}, not {on_error!r}")
    p = Path(path)
    src = source if source is not None else os.path.normpath(str(path))
    st = stats if stats is not None else ReadStats()
    problem = _Problems(src, on_error, st, on_skip)
    if not p.exists():
        raise InputError(f"{src}: no such file")
    if p.is_dir():
        raise InputError(f"{src}: is a directory")
    comp: str | None
    if fmt is None:
        fmt, comp = detect_format(p)
    else:
        comp = detect_format(p)[1] if fmt != "parquet" else None
    if fmt == "jsonl":
        yield from _iter_jsonl(p, src, comp, text_field, id_field, problem, st, start, end, keep_fields)
    elif fmt == "parquet":
        yield from _iter_parquet(p, src, text_field, id_field, problem, st, start, end, keep_fields)
    elif fmt == "warc":
        yield from _iter_warc(p, src, comp, problem, st)
    else:
        raise UsageError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")


def _make_doc(obj: Any, src: str, pos: int, where: str, text_field: str, id_field: str,
              problem: _Problems, st: ReadStats, keep_fields: bool) -> Document | None:
    if not isinstance(obj, dict):
        problem("not_object", where, pos, f"not a JSON object ({type(obj).__name__})")
        return None
    text = obj.get(text_field)
    if text is None:
        problem("missing_text", where, pos, f"no {text_field!r} field (set --text-field)")
        return None
    if not isinstance(text, str):
        problem("invalid_text", where, pos, f"{text_field!r} is {type(text).__name__}, not a string")
        return None
    raw_id = obj.get(id_field)
    doc_id = str(raw_id) if raw_id is not None and raw_id != "" else f"{src}:{pos}"
    meta: dict[str, Any] = {}
    if keep_fields:
        meta["fields"] = {k: v for k, v in obj.items() if k != text_field}
    st.docs += 1
    st.text_chars += len(text)
    return Document(id=doc_id, text=text, source=src, position=pos, meta=meta)


# --------------------------------------------------------------------------- JSONL

_NOT_PARSED = object()


def _iter_jsonl(p: Path, src: str, comp: str | None, text_field: str, id_field: str,
                problem: _Problems, st: ReadStats, start: int | None, end: int | None,
                keep_fields: bool) -> Iterator[Document]:
    if comp and (start or end is not None):
        raise UsageError(f"{src}: compressed files cannot be read by byte range")
    raw = p.open("rb")
    try:
        fh = _open_stream(p, comp, raw)
        offset = 0
        line_no: int | None = 1  # known only when reading from the start
        if start:
            raw.seek(start - 1)
            if raw.read(1) != b"\n":
                raw.readline()  # the line in progress belongs to the previous range
            offset = raw.tell()
            line_no = None
        base_raw = raw.tell()
        first = True
        while end is None or offset < end:
            try:
                line = fh.readline()
            except _STREAM_ERRORS as exc:
                where = f"at decompressed byte {offset}" + (f" (line {line_no})" if line_no else "")
                problem("corrupt_file", where, offset, _stream_error_message(exc, comp) +
                        "; the rest of the file cannot be read", fatal=True)
                return
            if not line:
                break
            if first:
                first = False
                if b"\x00" in line[:4096]:
                    problem("binary_file", f"at byte {offset}", offset,
                            "looks like binary data (NUL bytes), not JSONL", fatal=True)
                    return
            pos = offset
            offset += len(line)
            st.bytes_read = raw.tell() - base_raw if comp else offset - (start or 0)
            where = f"line {line_no}" if line_no else f"byte {pos}"
            if line_no:
                line_no += 1
            stripped = line.strip()
            if not stripped:
                continue
            st.records += 1
            try:
                obj = _fast_loads(stripped)
            except ValueError:
                obj = _NOT_PARSED
            try:
                if obj is _NOT_PARSED:
                    obj = json.loads(stripped)
            except UnicodeDecodeError as exc:
                problem("invalid_utf8", where, pos, f"not UTF-8 ({exc.reason} at byte {exc.start} of the line)")
                continue
            except ValueError as exc:
                msg = str(exc).split(":")[0]
                if not line.endswith(b"\n"):
                    msg += "; the last line is cut short (truncated file?)"
                problem("invalid_json", where, pos, f"invalid JSON ({msg})")
                continue
            doc = _make_doc(obj, src, pos, where, text_field, id_field, problem, st, keep_fields)
            if doc is not None:
                yield doc
    finally:
        raw.close()


# --------------------------------------------------------------------------- Parquet


def parquet_row_groups(path: str | os.PathLike) -> list[int]:
    """Rows per row group of a Parquet file (for planning shards)."""
    pq = _pyarrow_parquet()
    try:
        md = pq.ParquetFile(str(path)).metadata
    except Exception as exc:
        raise InputError(f"{path}: not a readable Parquet file ({_short(exc)})") from None
    return [md.row_group(i).num_rows for i in range(md.num_row_groups)]


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("reading Parquet needs pyarrow: pip install 'unspin[corpus]'") from None
    return pq


def _short(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _iter_parquet(p: Path, src: str, text_field: str, id_field: str, problem: _Problems,
                  st: ReadStats, start: int | None, end: int | None,
                  keep_fields: bool) -> Iterator[Document]:
    pq = _pyarrow_parquet()
    try:
        pf = pq.ParquetFile(str(p))
    except Exception as exc:
        problem("corrupt_file", "footer", 0, f"not a readable Parquet file ({_short(exc)})", fatal=True)
        return
    names = pf.schema_arrow.names
    if text_field not in names:
        raise InputError(f"{src}: no column {text_field!r} (columns: {', '.join(names[:20])}; set --text-field)")
    n_groups = pf.metadata.num_row_groups
    g0, g1 = (start or 0), (n_groups if end is None else min(end, n_groups))
    columns = None if keep_fields else [c for c in (text_field, id_field) if c in names]
    row = sum(pf.metadata.row_group(i).num_rows for i in range(g0))
    size = p.stat().st_size or 1
    for g in range(g0, g1):
        group_rows = pf.metadata.row_group(g).num_rows
        try:
            batches = pf.iter_batches(batch_size=1024, row_groups=[g], columns=columns)
            for batch in batches:
                for obj in batch.to_pylist():
                    st.records += 1
                    doc = _make_doc(obj, src, row, f"row {row}", text_field, id_field, problem, st, keep_fields)
                    row += 1
                    if doc is not None:
                        yield doc
        except InputError:
            raise
        except Exception as exc:
            problem("corrupt_row_group", f"row group {g} (rows from {row})", row,
                    f"cannot be read ({_short(exc)})")
            row = sum(pf.metadata.row_group(i).num_rows for i in range(g + 1))
        st.bytes_read = int(size * (g + 1 - g0) / max(1, n_groups))
        del group_rows


# --------------------------------------------------------------------------- WARC

_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def _iter_warc(p: Path, src: str, comp: str | None, problem: _Problems,
               st: ReadStats) -> Iterator[Document]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise UsageError("reading WARC needs warcio and trafilatura: pip install 'unspin[corpus]'") from None
    with p.open("rb") as raw:
        it = ArchiveIterator(raw)
        offset = 0
        try:
            for rec in it:
                offset = it.offset  # get_record_offset() would consume the record
                st.bytes_read = raw.tell()
                st.records += 1
                doc = _warc_doc(rec, src, offset, problem, st)
                stream = rec.raw_stream
                while stream.read(_CHUNK):
                    pass
                if getattr(stream, "limit", 0) > 0:
                    problem("corrupt_file", f"record at byte {offset}", offset,
                            f"truncated WARC record ({stream.limit} of its {rec.length} bytes missing)",
                            fatal=True)
                    return
                if doc is not None:
                    st.docs += 1
                    st.text_chars += len(doc.text)
                    yield doc
        except (ArchiveLoadFailed, *_STREAM_ERRORS, ValueError) as exc:
            at = raw.tell() if not raw.closed else offset
            problem("corrupt_file", f"after the record at byte {offset} (file byte {at})", offset,
                    f"corrupt or truncated WARC ({_short(exc)}); the rest of the file cannot be read",
                    fatal=True)


def _warc_doc(rec: Any, src: str, offset: int, problem: _Problems, st: ReadStats) -> Document | None:
    rtype = rec.rec_type
    if rtype not in ("response", "resource", "conversion"):
        st.non_text[rtype or "unknown"] += 1
        return None
    if rtype == "response" and rec.http_headers is not None:
        ctype = rec.http_headers.get_header("Content-Type") or ""
        status = rec.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            st.non_text[f"http_{status or 'unknown'}"] += 1
            return None
    else:
        ctype = rec.rec_headers.get_header("Content-Type") or ""
    mime = ctype.split(";")[0].strip().lower()
    if mime and mime not in _TEXT_TYPES:
        st.non_text[mime] += 1
        return None
    body = rec.content_stream().read()
    url = rec.rec_headers.get_header("WARC-Target-URI") or ""
    rid = rec.rec_headers.get_header("WARC-Record-ID") or f"{src}:{offset}"
    where = f"record at byte {offset}"
    text = _body_text(body, ctype, mime)
    if text is None:
        problem("undecodable", where, offset, "response body is not decodable text")
        return None
    if mime != "text/plain":
        text = _html_to_text(text)
        if not text:
            st.non_text["no_main_text"] += 1
            return None
    return Document(id=rid, text=text, source=src, position=offset, meta={"url": url})


def _body_text(body: bytes, ctype: str, mime: str) -> str | None:
    charset = None
    for part in ctype.split(";")[1:]:
        k, _, v = part.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip("\"'") or None
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    from ..decode import decode_bytes

    try:
        return decode_bytes(body).text
    except InputError:
        return None


def _html_to_text(html: str) -> str:
    from ..htmltext import main_text

    return main_text(html)
