"""scripts/check_spin_honest_findings.py: spun findings on honest dev text, per 1000 words."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("check_spin_honest_findings")


def test_count_reports_spun_findings_per_1000_words(script):
    import unspin

    opts = unspin.Options(kinds=("spun",))
    honest = "The city council met on Tuesday to discuss the new budget for the parks."
    spun = ("Speaking of all the countries having matchmaking to your NATO Alliance, we want to safeguard "
            "the region, and i think the You.S. will help our couples and family unit members.")
    a = script.count([honest], opts)
    b = script.count([honest, spun], opts)
    assert a["docs"] == 1 and a["words"] == len(honest.split())
    assert b["docs"] == 2 and b["words"] == len(honest.split()) + len(spun.split())
    assert b["per_1000"] > a["per_1000"] and b["sure_per_1000"] > 0
    assert b["sure_per_1000"] <= b["per_1000"]


@pytest.mark.shared
def test_groups_read_the_dev_split_only(script, shared_data):
    from unspin.synth import docs

    got = script.groups(shared_data, 5, 3, 2)
    assert [len(v) for v in got.values()] == [5, 3, 2]
    dev = {d.text for d in docs.wikipedia_leads(shared_data, "dev")}
    assert set(got["leads"]) <= dev
    assert not set(got["leads"]) & {d.text for d in docs.wikipedia_leads(shared_data, "test")}
