"""The unspin dolma tagger, run by dolma's own tagging runtime over a documents folder."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_scan import make_records

pytest.importorskip("dolma", reason="dolma not installed (pip install 'unspin[dolma]')")

from dolma.core.registry import TaggerRegistry  # noqa: E402

from unspin.pipeline import analyze  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def test_tagger_is_registered():
    import unspin.integrations.dolma as mod

    assert TaggerRegistry.get("unspin") is mod.UnspinTagger


def test_dolma_runtime_writes_unspin_attribute_spans(tmp_path: Path):
    records = make_records(30, seed=11)
    docs_dir = tmp_path / "data" / "documents"
    docs_dir.mkdir(parents=True)
    with gzip.open(docs_dir / "part-0.jsonl.gz", "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({"id": r["id"], "text": r["text"], "source": "test",
                                 "added": "", "created": ""}) + "\n")
    # dolma's own command line, in a fresh process (dolma insists on the 'spawn' start method,
    # which another test in this session may already have set otherwise).
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from dolma.cli.__main__ import main; sys.exit(main())", "tag", "--documents", str(docs_dir / "*.jsonl.gz"),
         "--taggers", "unspin", "--tagger_modules", "unspin.integrations.dolma",
         "--experiment", "exp", "--processes", "1"],
        env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = tmp_path / "data" / "attributes" / "exp" / "part-0.jsonl.gz"
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        rows = {row["id"]: row["attributes"] for row in map(json.loads, fh)}
    assert set(rows) == {r["id"] for r in records}
    for r in records:
        attrs, report = rows[r["id"]], analyze(r["text"])
        n = len(r["text"])
        assert attrs["exp__unspin__spun_score"] == [[0, n, pytest.approx(report.spun_score, abs=1e-4)]]
        assert attrs["exp__unspin__spun_doc"] == [[0, n, 1.0 if report.label == "spun" else 0.0]]
        spans = [(s, e) for s, e, _ in attrs["exp__unspin__repeated"]]
        assert spans == [(f.start, f.end) for f in report.by_kind("repeated")]
        for s, e in spans:  # spans are character offsets into the document text
            assert r["text"][s:e].strip()
    assert sum(bool(a["exp__unspin__repeated"]) for a in rows.values()) >= 5
