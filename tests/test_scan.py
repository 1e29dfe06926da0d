"""``unspin scan``: outputs, summary, filter mode, formats, bad input, resuming."""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from unspin.cli import main
from unspin.corpus.progress import Progress

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("the council met on tuesday to discuss budget parks libraries residents spoke "
         "for and against plan which raises fees river bridge school new old city").split()
REPEAT = "The bridge over the river will close for repairs in the spring of next year."


def make_records(n: int, seed: int = 0) -> list[dict]:
    """Synthetic documents; every fifth one repeats a paragraph (a 'repeated' finding)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paras = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "."
                 for _ in range(rng.randint(1, 4))]
        if i % 5 == 0:
            paras = [REPEAT] + paras + [REPEAT]
        out.append({"id": f"d{i}", "text": "\n\n".join(paras)})
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def read_outputs(outdir: Path) -> dict[str, list[dict]]:
    """Every output record, in manifest order, per output kind."""
    manifest = json.loads((outdir / "manifest.json").read_text())
    out: dict[str, list[dict]] = {}
    for kind, files in manifest["files"].items():
        rows: list[dict] = []
        for rel in files:
            p = outdir / rel
            if rel.endswith(".parquet"):
                import pyarrow.parquet as pq

                for r in pq.read_table(p).to_pylist():
                    r["findings"] = json.loads(r["findings"])
                    if r.get("url") is None:
                        r.pop("url", None)
                    rows.append(r)
            else:
                opener = gzip.open if rel.endswith(".gz") else open
                with opener(p, "rt", encoding="utf-8") as fh:
                    rows.extend(json.loads(line) for line in fh)
        out[kind] = rows
    return out


def run_cli(*args: str) -> int:
    return main(["scan", "--quiet", *args])


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "in.jsonl", make_records(300))


def test_annotates_every_document_and_summarises(corpus, tmp_path):
    out = tmp_path / "out"
    assert run_cli(str(corpus), "-o", str(out), "--workers", "1", "--shard-size", "8K") == 0
    rows = read_outputs(out)["annotated"]
    assert [r["id"] for r in rows] == [f"d{i}" for i in range(300)]
    assert all(set(r) >= {"id", "spun_score", "label", "counts", "findings"} for r in rows)
    assert "text" not in rows[0]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["docs"] == 300 and summary["shards"] > 3
    assert sum(summary["labels"].values()) == 300
    assert summary["findings"]["repeated"] == sum(r["counts"]["repeated"] for r in rows)
    assert summary["docs_with"]["repeated"] >= 60  # the synthetic repeats are found
    assert summary["skipped_total"] == 0
    assert summary["run"]["docs_per_s"] > 0


@pytest.mark.parametrize("fmt", ["jsonl.gz", "parquet"])
def test_output_formats_hold_the_same_records(corpus, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_cli(str(corpus), "-o", str(a), "--workers", "1", "--include-text", "cleaned") == 0
    assert run_cli(str(corpus), "-o", str(b), "--workers", "1", "--include-text", "cleaned",
                   "--format", fmt) == 0
    assert read_outputs(a) == read_outputs(b)
    assert read_outputs(a)["annotated"][0]["text"]


def test_filter_mode_keeps_and_drops_with_reasons(corpus, tmp_path):
    out = tmp_path / "out"
    assert run_cli(str(corpus), "-o", str(out), "--workers", "2", "--shard-size", "8K",
                   "--keep-below", "0.5", "--drop-kinds", "repeated") == 0
    res = read_outputs(out)
    kept, dropped = res["kept"], res["dropped"]
    assert len(kept) + len(dropped) == 300
    assert all(r["counts"]["repeated"] == 0 and r["spun_score"] < 0.5 for r in kept)
    assert all(r["reason"] in ("spun_score", "repeated") for r in dropped)
    assert {f"d{i}" for i in range(0, 300, 5)} <= {r["id"] for r in dropped}
    assert all(r["text"] for r in kept + dropped)  # filter mode keeps the text
    summary = json.loads((out / "summary.json").read_text())
    assert summary["filter"]["kept"] == len(kept) and summary["filter"]["dropped"] == len(dropped)
    assert sum(summary["filter"]["reasons"].values()) == len(dropped)


def test_min_confidence_lists_and_filters_on_the_surer_findings(corpus, tmp_path):
    every, sure = tmp_path / "every", tmp_path / "sure"
    assert run_cli(str(corpus), "-o", str(every), "--workers", "1") == 0
    assert run_cli(str(corpus), "-o", str(sure), "--workers", "1", "--min-confidence", "0.5") == 0
    a, b = read_outputs(every)["annotated"], read_outputs(sure)["annotated"]
    assert [r["spun_score"] for r in a] == [r["spun_score"] for r in b]
    assert [[f for f in r["findings"] if f["confidence"] >= 0.5] for r in a] == [r["findings"] for r in b]
    assert sum(len(r["findings"]) for r in b) < sum(len(r["findings"]) for r in a)
    assert run_cli(str(corpus), "-o", str(tmp_path / "bad"), "--min-confidence", "2") == 2


def test_rerun_of_a_finished_job_changes_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    assert run_cli(str(corpus), "-o", str(out), "--workers", "1", "--shard-size", "8K") == 0
    before = read_outputs(out)
    assert run_cli(str(corpus), "-o", str(out), "--workers", "2", "--shard-size", "8K") == 0
    assert read_outputs(out) == before
    summary = json.loads((out / "summary.json").read_text())
    assert summary["run"]["shards_run"] == 0 and summary["docs"] == 300


def test_partial_state_is_finished_identically(corpus, tmp_path):
    """Simulate a crash: remove some completion markers and outputs, leave stray temp files."""
    ref, out = tmp_path / "ref", tmp_path / "out"
    assert run_cli(str(corpus), "-o", str(ref), "--workers", "1", "--shard-size", "8K") == 0
    assert run_cli(str(corpus), "-o", str(out), "--workers", "1", "--shard-size", "8K") == 0
    markers = sorted((out / ".scan" / "done").iterdir())
    markers[1].unlink()                                  # output committed, marker lost
    markers[3].unlink()
    (out / "annotated" / (markers[3].stem + ".jsonl")).unlink()   # neither
    (out / "annotated" / "00000-00002.jsonl.tmp-999").write_text('{"half": ')
    (out / "summary.json").unlink()
    assert run_cli(str(corpus), "-o", str(out), "--workers", "2", "--shard-size", "8K") == 0
    assert read_outputs(out) == read_outputs(ref)
    assert not list(out.glob("**/*.tmp-*"))
    s1 = json.loads((ref / "summary.json").read_text())
    s2 = json.loads((out / "summary.json").read_text())
    assert s2["run"]["shards_run"] == 2
    s1.pop("run"), s2.pop("run")
    assert s1 == s2


def test_skip_mode_lists_what_it_skipped(tmp_path, capsys):
    good = write_jsonl(tmp_path / "good.jsonl", make_records(20))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "fine"}\n{broken\n{"id": "y"}\n', encoding="utf-8")
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(good.read_bytes())[:-12])
    out = tmp_path / "out"
    assert main(["scan", str(good), str(bad), str(cut), "-o", str(out), "--on-error", "skip",
                 "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "skipped 3" in err
    summary = json.loads((out / "summary.json").read_text())
    assert summary["skipped"] == {"corrupt_file": 1, "invalid_json": 1, "missing_text": 1}
    listed = [json.loads(line) for p in sorted((out / "skipped").iterdir()) for line in p.open()]
    assert {r["reason"] for r in listed} == {"corrupt_file", "invalid_json", "missing_text"}
    assert all(r["source"] and "position" in r for r in listed)


@pytest.mark.parametrize("args, code, words", [
    (["{missing}", "-o", "{out}"], 1, "no such file"),
    (["{bad}", "-o", "{out}"], 1, "line 2: invalid JSON"),
    (["{cut}", "-o", "{out}"], 1, "truncated gzip"),
    (["{blob}", "-o", "{out}"], 1, "binary"),
    (["{good}", "-o", "{out}", "--workers", "0"], 2, "--workers"),
    (["{good}", "-o", "{out}", "--keep-below", "7"], 2, "--keep-below"),
    (["{good}", "-o", "{out}", "--drop-kinds", "nonsense"], 2, "unknown finding kind"),
    (["{good}", "-o", "{out}", "--address", "1.2.3.4:6379"], 2, "--engine ray"),
    (["{good}", "-o", "{out}", "--shard-size", "huge"], 2, "not a size"),
    (["{good}", "-o", "{good}"], 2, "not a directory"),
    (["{good}"], 2, "required"),
])
def test_bad_input_gives_one_line_and_an_exit_code(tmp_path, args, code, words):
    good = write_jsonl(tmp_path / "good.jsonl", make_records(5))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a"}\nnot json\n')
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(good.read_bytes())[:-12])
    blob = tmp_path / "blob.jsonl"
    blob.write_bytes(bytes(range(256)) * 8)
    names = {"missing": tmp_path / "missing.jsonl", "bad": bad, "cut": cut, "blob": blob,
             "good": good, "out": tmp_path / "out"}
    argv = [a.format(**{k: str(v) for k, v in names.items()}) for a in args]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-m", "unspin", "scan", "--quiet", *argv],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == code, proc.stderr
    assert words in proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("unspin")]
    assert len(lines) == 1, proc.stderr


def test_other_job_in_output_directory_is_refused(corpus, tmp_path):
    out = tmp_path / "out"
    assert run_cli(str(corpus), "-o", str(out), "--workers", "1") == 0
    assert run_cli(str(corpus), "-o", str(out), "--workers", "1", "--include-text", "original") == 2
    assert run_cli(str(corpus), "-o", str(out), "--workers", "1", "--include-text", "original",
                   "--overwrite") == 0
    assert "text" in read_outputs(out)["annotated"][0]
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    assert run_cli(str(corpus), "-o", str(foreign)) == 2
    assert (foreign / "notes.txt").exists()


def test_progress_log_lines_when_not_a_terminal():
    import io

    buf = io.StringIO()
    p = Progress(stream=buf, interval=0.0, bar=False)
    p.start(total_bytes=1000, shards=4)
    p.update(50, 250, 1)
    p.update(100, 500, 2)
    p.close()
    lines = buf.getvalue().splitlines()
    assert len(lines) == 2
    assert "100 docs" in lines[-1] and "docs/s" in lines[-1] and "50%" in lines[-1] and "ETA" in lines[-1]
    quiet = io.StringIO()
    q = Progress(stream=quiet, interval=0.0, quiet=True)
    q.start(total_bytes=10, shards=1)
    q.update(1, 10, 1)
    assert quiet.getvalue() == ""


def test_unreadable_files_in_a_directory_are_skipped_and_listed(tmp_path):
    d = tmp_path / "crawl"
    d.mkdir()
    write_jsonl(d / "a.jsonl", make_records(10))
    (d / "notes.bin").write_bytes(b"\x7fELF" + bytes(100))
    out = tmp_path / "out"
    assert run_cli(str(d), "-o", str(out)) == 1  # fail mode: stop on it
    assert run_cli(str(d), "-o", str(out), "--on-error", "skip", "--overwrite") == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["docs"] == 10 and summary["skipped"] == {"unreadable_file": 1}
    listed = [json.loads(line) for line in (out / "skipped" / "unreadable-files.jsonl").open()]
    assert listed[0]["source"].endswith("notes.bin") and "unrecognised format" in listed[0]["message"]


def test_progress_bar_on_a_terminal(corpus, tmp_path):
    """On a terminal, tqdm draws a bar with docs/s and an ETA."""
    import fcntl
    import pty
    import struct
    import termios

    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    pid, fd = pty.fork()
    if pid == 0:  # child: a terminal 100 columns wide
        fcntl.ioctl(2, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        os.execve(sys.executable, [sys.executable, "-m", "unspin", "scan", str(corpus), "-o", str(out),
                                   "--workers", "1", "--shard-size", "8K"], env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "docs/s" in text and "shards" in text and "%|" in text and "<" in text  # bar and ETA


def test_output_directory_inside_the_input_directory(tmp_path):
    d = tmp_path / "crawl"
    d.mkdir()
    write_jsonl(d / "a.jsonl", make_records(12))
    out = d / "out"
    assert run_cli(str(d), "-o", str(out), "--workers", "1") == 0
    first = read_outputs(out)
    assert run_cli(str(d), "-o", str(out), "--workers", "1") == 0  # resumes; outputs are not inputs
    assert read_outputs(out) == first and len(first["annotated"]) == 12


def test_mixed_inputs_parquet_warc_and_compressed_jsonl(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pytest.importorskip("warcio")
    pytest.importorskip("trafilatura")
    from test_corpus_readers import ARTICLE, _warc

    recs = make_records(120, seed=9)
    gz = tmp_path / "a.jsonl.gz"
    gz.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in recs[:40]).encode()))
    pq.write_table(pa.Table.from_pylist([{"body": r["text"], "key": r["id"]} for r in recs[40:]]),
                   tmp_path / "b.parquet", row_group_size=10)
    _warc(tmp_path / "c.warc.gz", [("http://example.com/a", "text/html", ARTICLE.encode()),
                                   ("http://example.com/x.png", "image/png", bytes(50))])
    out = tmp_path / "out"
    # The text and id fields name the Parquet columns; JSONL records then lack them.
    assert run_cli(str(tmp_path / "b.parquet"), "-o", str(out), "--text-field", "body",
                   "--id-field", "key", "--shard-size", "1K", "--workers", "2") == 0
    rows = read_outputs(out)["annotated"]
    assert [r["id"] for r in rows] == [r["id"] for r in recs[40:]]
    assert json.loads((out / "summary.json").read_text())["shards"] > 1
    out2 = tmp_path / "out2"
    assert run_cli(str(gz), str(tmp_path / "c.warc.gz"), "-o", str(out2), "--format", "parquet") == 0
    rows = read_outputs(out2)["annotated"]
    assert [r["id"] for r in rows[:40]] == [r["id"] for r in recs[:40]]
    assert len(rows) == 41 and rows[-1]["url"] == "http://example.com/a"
    summary = json.loads((out2 / "summary.json").read_text())
    assert summary["non_text"] == {"image/png": 1, "warcinfo": 1} and summary["input_files"] == 2


PAGE = ("<!DOCTYPE html>\n<html><head><title>Budget</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><p>The council met on Tuesday to discuss the new budget for the coming year, and the "
        "mayor said it was a good start for the town and its residents.</p><p>Members argued about the "
        "cost of the new library, which the mayor called the best investment the town could make.</p>"
        "</article><footer>Copyright 2026</footer></body></html>")


def test_html_records_are_read_through_their_main_text(tmp_path):
    pytest.importorskip("trafilatura")
    records = [{"id": "page", "text": PAGE}, {"id": "plain", "text": REPEAT},
               {"id": "empty", "text": "<!DOCTYPE html>\n<html><body><script>var x = 1;</script></body></html>"}]
    src = write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out"
    assert run_cli(str(src), "-o", str(out), "--workers", "1", "--include-text", "original",
                   "--on-error", "skip") == 0
    rows = {r["id"]: r for r in read_outputs(out)["annotated"]}
    assert rows["page"]["text"].startswith("The council met on Tuesday") and "<" not in rows["page"]["text"]
    assert rows["plain"]["text"] == REPEAT
    summary = json.loads((out / "summary.json").read_text())
    assert summary["skipped"] == {"no_main_text": 1} and "empty" not in rows
    # --html text reads every record as it is
    raw = tmp_path / "raw"
    assert run_cli(str(src), "-o", str(raw), "--workers", "1", "--include-text", "original", "--html", "text") == 0
    assert [r["text"] for r in read_outputs(raw)["annotated"]] == [r["text"] for r in records]
