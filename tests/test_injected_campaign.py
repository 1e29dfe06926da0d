"""``unspin injections``: recurring injected phrases across a corpus."""

from __future__ import annotations

import gzip
import json
import random

import pytest

from unspin.cli import main
from unspin.injected.campaign import SpaceSaving

BASE = [
    "The bridge was completed in {y} and remains in use by local traffic today after repairs.",
    "The museum holds paintings from several centuries and a large collection of maps from {y}.",
    "The orchestra performed the symphony for a large audience in the spring of {y} in the capital.",
    "Most of the rivers in the region are short and flow towards the eastern coast since {y}.",
    "The treaty ended the long war between the two kingdoms and was signed in {y} by both rulers.",
]
KEYWORD = "hesap silme nasıl yapılır"


def _corpus(n=30, every=3):
    rng = random.Random(3)
    docs = []
    for i in range(n):
        text = rng.choice(BASE).format(y=1800 + i)
        if i % every == 0:
            words = text.split()
            words.insert(6, KEYWORD)
            text = " ".join(words)
        docs.append({"id": f"doc{i}", "text": text})
    return docs


@pytest.fixture()
def corpus_gz(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for d in _corpus():
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


def test_injections_reports_recurring_keyword(corpus_gz, capsys):
    assert main(["injections", str(corpus_gz), "--min-docs", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] == 30
    top = out["phrases"][0]
    assert top["phrase"] == KEYWORD and top["docs"] == 10
    assert len(top["examples"]) == 3 and all(e.startswith("doc") for e in top["examples"])


def test_injections_readable_table(corpus_gz, capsys):
    assert main(["injections", str(corpus_gz), "--min-docs", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("30 documents;") and KEYWORD in out


def test_injections_reads_parquet(tmp_path, capsys):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    docs = _corpus()
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"doc": [d["id"] for d in docs], "body": [d["text"] for d in docs]}), path)
    assert main(["injections", str(path), "--text-field", "body", "--id-field", "doc",
                 "--min-docs", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["phrases"][0]["phrase"] == KEYWORD


@pytest.mark.parametrize("content,message", [
    (None, "no such file"),
    (b"this is not gzip", "gzipped file"),
])
def test_injections_bad_input(tmp_path, capsys, content, message):
    path = tmp_path / "c.jsonl.gz"
    if content is not None:
        path.write_bytes(content)
    assert main(["injections", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_injections_bad_json_line(tmp_path, capsys):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": 1, "text": "fine"}\n{not json\n', encoding="utf-8")
    assert main(["injections", str(path)]) == 1
    err = capsys.readouterr().err
    assert "c.jsonl: line 2: invalid JSON" in err and "--on-error skip" in err
    assert main(["injections", "--on-error", "skip", str(path)]) == 0


def test_space_saving_keeps_heavy_hitters_in_bounded_memory():
    ss = SpaceSaving(capacity=50)
    rng = random.Random(0)
    for i in range(5000):
        ss.add("heavy phrase" if i % 10 == 0 else f"noise {rng.randrange(10**6)}", "ngram", f"d{i}")
        assert len(ss.items) <= 50
    top = ss.top(min_count=100)
    assert [c.phrase for c in top] == ["heavy phrase"]
    assert top[0].count - top[0].error <= 500 <= top[0].count
