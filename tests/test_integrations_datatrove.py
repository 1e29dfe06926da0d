"""UnspinFilter in a real datatrove pipeline: drops with a reason, records stats, annotates metadata."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from test_scan import make_records

pytest.importorskip("datatrove", reason="datatrove not installed (pip install 'unspin[datatrove]')")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from unspin.integrations.datatrove import UnspinFilter  # noqa: E402
from unspin.pipeline import analyze  # noqa: E402


def _read(folder: Path) -> list[dict]:
    rows = []
    for p in sorted(folder.rglob("*.jsonl.gz")):
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh)
    return rows


def test_filter_in_a_local_pipeline(tmp_path: Path):
    records = make_records(60, seed=5)
    src = tmp_path / "in"
    src.mkdir()
    (src / "part.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    kept_dir, removed_dir, logs = tmp_path / "kept", tmp_path / "removed", tmp_path / "logs"
    pipeline = [
        JsonlReader(str(src)),
        UnspinFilter(drop_kinds=("repeated",), store_findings=True, rewrite_text="cleaned",
                     exclusion_writer=JsonlWriter(str(removed_dir))),
        JsonlWriter(str(kept_dir)),
    ]
    LocalPipelineExecutor(pipeline=pipeline, tasks=1, workers=1, logging_dir=str(logs)).run()

    kept, removed = _read(kept_dir), _read(removed_dir)
    want_removed = {r["id"] for r in records
                    if analyze(r["text"]).label == "spun" or analyze(r["text"]).counts()["repeated"]}
    assert {r["id"] for r in removed} == want_removed and want_removed
    assert len(kept) + len(removed) == len(records)
    assert all(r["metadata"]["filter_reason"] in ("repeated", "spun_score") for r in removed)
    for r in kept + removed:
        md = r["metadata"]
        assert 0.0 <= md["unspin_score"] <= 1.0 and md["unspin_label"] in ("clean", "spun")
        assert isinstance(json.loads(md["unspin_findings"]), list)
    by_id = {r["id"]: r["text"] for r in records}
    assert all(r["text"] == analyze(by_id[r["id"]]).cleaned for r in kept)

    stats = json.loads((logs / "stats.json").read_text())
    ours = next(s for s in stats if "unspin" in s["name"])["stats"]
    assert ours["dropped"] == len(removed) and ours["forwarded"] == len(kept)
    assert ours["docs_with_repeated"] >= len(removed) - ours.get("dropped_spun_score", 0)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        UnspinFilter(drop_kinds=("nonsense",))
    with pytest.raises(ValueError):
        UnspinFilter(keep_below=3)
