"""``unspin dupes`` end to end on small generated JSONL files."""

from __future__ import annotations

import gzip
import json

from unspin.cli import main
from test_dupes import OTHER, SOURCE, spin


def _write_jsonl(path, records, gz=False):
    data = "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return str(path)


def _corpus(tmp_path, gz=False):
    recs = [{"id": "copy1", "text": spin(SOURCE, 0.3, 1)},
            {"id": "other", "text": OTHER},
            {"id": "copy2", "text": spin(SOURCE, 0.3, 2)}]
    return _write_jsonl(tmp_path / ("c.jsonl.gz" if gz else "c.jsonl"), recs, gz)


def test_cli_groups_and_links_as_json(tmp_path, capsys):
    corpus = _corpus(tmp_path, gz=True)
    ref = _write_jsonl(tmp_path / "ref.jsonl", [{"id": "src", "text": SOURCE}, {"id": "o", "text": OTHER + " x"}])
    out = tmp_path / "out.json"
    assert main(["dupes", corpus, "--reference", ref, "--json", "-o", str(out)]) == 0
    res = json.loads(out.read_text())
    assert [sorted(g["members"]) for g in res["groups"]] == [["copy1", "copy2"]]
    links = {x["id"]: x["reference_id"] for x in res["links"]}
    assert links["copy1"] == links["copy2"] == "src"
    assert links.get("other") == "o"  # the unchanged document links to itself in the reference
    assert res["summary"]["documents"] == 3


def test_cli_readable_output_and_custom_fields(tmp_path, capsys):
    recs = [{"key": f"d{i}", "body": spin(SOURCE, 0.2, i)} for i in range(3)]
    path = _write_jsonl(tmp_path / "c.jsonl", recs)
    assert main(["dupes", path, "--text-field", "body", "--id-field", "key"]) == 0
    out = capsys.readouterr().out
    assert "1 groups of spun copies" in out and "d0" in out and "similarity" in out


def test_cli_parquet(tmp_path, capsys):
    pa = __import__("pytest").importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"id": ["a", "b"], "text": [SOURCE, spin(SOURCE, 0.3, 9)]})
    pq.write_table(table, tmp_path / "c.parquet")
    assert main(["dupes", str(tmp_path / "c.parquet"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["groups"] == 1


def test_cli_missing_file_is_a_clear_error(tmp_path, capsys):
    assert main(["dupes", str(tmp_path / "nope.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "nope.jsonl" in err and "no such file" in err and "Traceback" not in err


def test_cli_bad_json_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "fine"}\n{not json\n')
    assert main(["dupes", str(path)]) == 1
    err = capsys.readouterr().err
    assert "bad.jsonl" in err and "line 2" in err and "Traceback" not in err
    assert main(["dupes", str(path), "--on-error", "skip", "--json"]) == 0


def test_cli_bad_threshold_is_a_usage_error(tmp_path, capsys):
    assert main(["dupes", _corpus(tmp_path), "--threshold", "2"]) == 2
