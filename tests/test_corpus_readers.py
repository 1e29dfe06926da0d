"""Corpus readers: every format yields the same documents; damage is reported, never dropped silently."""

from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path

import pytest

from unspin.corpus.readers import ReadStats, detect_format, iter_documents
from unspin.corpus.shards import expand_inputs, parse_size, plan_shards
from unspin.errors import InputError, UsageError

WORDS = ("the council met on tuesday to discuss budget parks libraries residents spoke "
         "for and against plan which raises fees river bridge school new old city").split()


def make_records(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        sents = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))).capitalize() + "."
                 for _ in range(rng.randint(1, 6))]
        out.append({"id": f"doc-{i}", "text": " ".join(sents) + " é ü 中文", "n": i})
    return out


def jsonl_bytes(records: list[dict]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


@pytest.fixture()
def corpus(tmp_path: Path) -> dict:
    recs = make_records(400)
    data = jsonl_bytes(recs)
    files = {}
    files["jsonl"] = tmp_path / "c.jsonl"
    files["jsonl"].write_bytes(data)
    files["gz"] = tmp_path / "c.jsonl.gz"
    files["gz"].write_bytes(gzip.compress(data))
    zstandard = pytest.importorskip("zstandard")
    files["zst"] = tmp_path / "c.jsonl.zst"
    files["zst"].write_bytes(zstandard.ZstdCompressor().compress(data))
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    files["parquet"] = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(recs), files["parquet"], row_group_size=37)
    return {"records": recs, "files": files, "data": data}


def _pairs(docs):
    return [(d.id, d.text) for d in docs]


def test_every_format_yields_the_same_documents(corpus):
    want = [(r["id"], r["text"]) for r in corpus["records"]]
    for name, path in corpus["files"].items():
        st = ReadStats()
        docs = list(iter_documents(path, stats=st))
        assert _pairs(docs) == want, name
        assert st.docs == st.records == len(want)
        assert not st.skipped


def test_sniffs_format_without_a_telling_name(corpus, tmp_path):
    for name, path in corpus["files"].items():
        anon = tmp_path / f"anon-{name}"
        anon.write_bytes(path.read_bytes())
        fmt, _ = detect_format(anon)
        assert fmt == ("parquet" if name == "parquet" else "jsonl")
        assert len(list(iter_documents(anon))) == len(corpus["records"])


@pytest.mark.parametrize("shard_bytes", [1, 997, 4096, 10**9])
def test_byte_range_shards_partition_a_jsonl_file(corpus, shard_bytes):
    path = corpus["files"]["jsonl"]
    shards = plan_shards([str(path)], shard_bytes=max(shard_bytes, 997) if shard_bytes == 1 else shard_bytes)
    got = []
    for s in shards:
        got.extend(iter_documents(s.path, start=s.start, end=s.end))
    assert [d.id for d in got] == [r["id"] for r in corpus["records"]]
    # Positions are byte offsets of the lines, whatever shard read them.
    offsets, pos = [], 0
    for line in corpus["data"].splitlines(keepends=True):
        offsets.append(pos)
        pos += len(line)
    assert [d.position for d in got] == offsets


def test_row_group_shards_partition_a_parquet_file(corpus):
    path = str(corpus["files"]["parquet"])
    shards = plan_shards([path], shard_bytes=2000)
    assert len(shards) > 1
    got = [d for s in shards for d in iter_documents(s.path, start=s.start, end=s.end)]
    assert [d.id for d in got] == [r["id"] for r in corpus["records"]]
    assert [d.position for d in got] == list(range(len(got)))


def test_ids_default_to_source_and_position(tmp_path):
    p = tmp_path / "noid.jsonl"
    p.write_text('{"text": "a"}\n{"text": "b", "id": ""}\n', encoding="utf-8")
    docs = list(iter_documents(p, source="noid.jsonl"))
    assert [d.id for d in docs] == ["noid.jsonl:0", "noid.jsonl:14"]  # byte offsets of the lines


@pytest.mark.parametrize("kind", ["gz", "zst"])
def test_truncated_compressed_file_is_reported_with_name_and_position(corpus, tmp_path, kind):
    whole = corpus["files"][kind].read_bytes()
    cut = tmp_path / f"cut.jsonl.{kind}"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(InputError) as err:
        list(iter_documents(cut))
    msg = str(err.value)
    assert str(cut) in msg and "truncated" in msg and "byte" in msg
    st, skipped = ReadStats(), []
    docs = list(iter_documents(cut, on_error="skip", stats=st, on_skip=lambda *a: skipped.append(a)))
    assert st.skipped["corrupt_file"] == 1 and len(skipped) == 1
    # What could be read is a prefix of the file; nothing else is invented.
    assert _pairs(docs) == [(r["id"], r["text"]) for r in corpus["records"][: len(docs)]]


def test_bad_lines_are_counted_with_their_positions(tmp_path):
    p = tmp_path / "bad.jsonl"
    lines = [
        b'{"id": "a", "text": "fine"}',
        b"not json at all",
        b'["a", "list"]',
        b'{"id": "b"}',
        b'{"id": "c", "text": 42}',
        b'{"id": "d", "text": "caf\xe9"}',
        b'{"id": "e", "text": "also fine"}',
        b'{"id": "f", "text": "cut sh',
    ]
    p.write_bytes(b"\n".join(lines))
    st, skipped = ReadStats(), []
    docs = list(iter_documents(p, on_error="skip", stats=st, on_skip=lambda *a: skipped.append(a)))
    assert [d.id for d in docs] == ["a", "e"]
    assert dict(st.skipped) == {"invalid_json": 2, "not_object": 1, "missing_text": 1,
                                "invalid_text": 1, "invalid_utf8": 1}
    assert st.records == len(lines)
    reasons = {a[2]: a[3] for a in skipped}
    assert "line 2" in reasons["not_object"] or "line 3" in reasons["not_object"]
    assert "truncated" in [a[3] for a in skipped if "line 8" in a[3]][0]
    with pytest.raises(InputError, match=r"bad\.jsonl: line 2: invalid JSON"):
        list(iter_documents(p))


def test_binary_and_missing_files(tmp_path):
    b = tmp_path / "blob.jsonl"
    b.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="binary"):
        list(iter_documents(b))
    with pytest.raises(InputError, match="no such file"):
        list(iter_documents(tmp_path / "nope.jsonl"))
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x7fELF\x02\x01" * 10)
    with pytest.raises(InputError, match="unrecognised format"):
        list(iter_documents(junk))
    with pytest.raises(UsageError):
        list(iter_documents(b, on_error="ignore"))


def test_corrupt_parquet_and_missing_column(corpus, tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(corpus["files"]["parquet"].read_bytes()[:500])
    with pytest.raises(InputError, match="bad.parquet"):
        list(iter_documents(bad))
    st = ReadStats()
    assert list(iter_documents(bad, on_error="skip", stats=st)) == []
    assert st.skipped["corrupt_file"] == 1
    with pytest.raises(InputError, match="no column 'body'"):
        list(iter_documents(corpus["files"]["parquet"], text_field="body"))


def _warc(path: Path, pages: list[tuple[str, str, bytes]]) -> None:
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    del warcio
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=str(path).endswith(".gz"))
        w.write_record(w.create_warcinfo_record(path.name, {"software": "unspin tests"}))
        for url, ctype, body in pages:
            hh = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=hh))


ARTICLE = ("<html><head><title>Parks</title></head><body><nav>Home | About</nav><article>"
           "<h1>Council budget</h1><p>The city council met on Tuesday to discuss the new budget for "
           "parks and libraries, and residents spoke for and against the plan.</p><p>The plan raises "
           "fees for the first time in ten years, the council said in a statement.</p>"
           "</article></body></html>")


@pytest.mark.parametrize("name", ["pages.warc", "pages.warc.gz"])
def test_warc_html_to_text_and_non_text_counted(tmp_path, name):
    pytest.importorskip("trafilatura")
    path = tmp_path / name
    _warc(path, [
        ("http://example.com/a", "text/html; charset=utf-8", ARTICLE.encode()),
        ("http://example.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("http://example.com/b", "text/html; charset=iso-8859-1",
         ARTICLE.replace("ten years", "dix années").encode("latin-1")),
    ])
    st = ReadStats()
    docs = list(iter_documents(path, stats=st))
    assert len(docs) == 2
    assert "council met on Tuesday" in docs[0].text and "Home | About" not in docs[0].text
    assert "dix années" in docs[1].text
    assert docs[0].meta["url"] == "http://example.com/a" and docs[0].id.startswith("<urn:uuid:")
    assert st.non_text == {"warcinfo": 1, "image/png": 1}
    # A truncated archive: the damage is reported, the complete records before it are kept.
    cut = tmp_path / ("cut-" + name)
    cut.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(InputError, match="truncated|corrupt"):
        list(iter_documents(cut))
    st = ReadStats()
    docs2 = list(iter_documents(cut, on_error="skip", stats=st))
    assert [d.text for d in docs2] == [d.text for d in docs[: len(docs2)]]
    assert st.skipped["corrupt_file"] == 1


def test_expand_inputs_and_sizes(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / ".git").mkdir()
    for n in ("b.jsonl", "a.jsonl", "sub/c.jsonl", ".hidden.jsonl", ".git/x.jsonl"):
        (tmp_path / "d" / n).write_text('{"text": "x"}\n')
    files = expand_inputs([str(tmp_path / "d"), str(tmp_path / "d" / "a.jsonl")])
    assert [Path(f).name for f in files] == ["a.jsonl", "b.jsonl", "c.jsonl"]
    with pytest.raises(InputError):
        expand_inputs([str(tmp_path / "missing")])
    assert parse_size("64M") == 64 << 20 and parse_size("512k") == 512 << 10 and parse_size("100") == 100
    with pytest.raises(UsageError):
        parse_size("lots")
