"""scripts/calibrate_span_prior.py: how a finding's confidence reads its page's document score."""

from __future__ import annotations

import json
import shutil

import pytest

from unspin.spin import scoring


@pytest.mark.shared
def test_it_fits_the_entry_on_dev_documents_and_keeps_the_rest(load_script, shared_data, tmp_path, capsys):
    script = load_script("calibrate_span_prior")
    out = tmp_path / "spin-calibration.json"
    shutil.copy(script.OUT, out)
    before = json.loads(out.read_text(encoding="utf-8"))
    assert script.main(["--n", "4", "--data", str(shared_data), "--out", str(out)]) == 0
    after = json.loads(out.read_text(encoding="utf-8"))
    entry = after.pop("span_prior")
    before.pop("span_prior", None)
    assert after == before  # the span and document models untouched
    assert entry["features"] == list(scoring.SPAN_PRIOR_FEATURES)
    assert len(entry["coef"]) == len(scoring.SPAN_PRIOR_FEATURES) and entry["honest_weight"] == 4.0
    assert entry["coef"][0] > 0  # surer words stay surer
    assert "dev-split" in entry["fitted_on"]
    # the detector reads the finding's own confidence while collecting, and turns it back on after
    from unspin.detectors import spin

    assert spin.DOC_PRIOR is True
    assert "dev log-loss" in capsys.readouterr().out


def test_without_data_it_stops_with_a_message(load_script, tmp_path):
    script = load_script("calibrate_span_prior")
    with pytest.raises(SystemExit, match="no development data"):
        script.main(["--n", "2", "--data", str(tmp_path), "--out", str(tmp_path / "x.json")])
