"""Consensus of spun copies, the spinner table learned from them, and its use on new pages."""

from __future__ import annotations

import json

import pytest

import unspin
from unspin.cli import main
from unspin.dupes.consensus import against, consensus, learn
from unspin.errors import InputError
from unspin.spin import learned
from unspin.spin.tokens import tokenize
from unspin.spintable import format_table, from_rows, load_table, parse_table

SOURCE = ("The committee met on Tuesday to discuss the new budget, and the members agreed that the city "
          "should spend more money on public schools and on the repair of old roads.")


def _swap(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("changes", [
    # each copy changes different words: every word has a majority for the source
    [("met", "gathered"), ("discuss", "talk about"), ("agreed", "concurred")],
    # one copy puts words in, one drops one, one swaps a phrase
    [("the new budget", "the newest budget"), ("more money", "money"), ("public schools", "state schools")],
    [("on Tuesday", "on Tuesday the"), ("the repair of old roads", "the fixing of aged roads"),
     ("the city", "the town")],
])
def test_three_copies_with_different_changes_give_back_the_source(changes):
    copies = [_swap(SOURCE, old, new) for old, new in changes]
    res = consensus(copies)
    assert res.text == SOURCE
    assert res.copies == 3
    assert all(s.decided for s in res.swaps)


def test_the_majority_wins_even_against_the_pivot():
    a = _swap(SOURCE, "committee", "panel")
    copies = [a, a, SOURCE, _swap(SOURCE, "Tuesday", "Wednesday")]
    # two copies say "panel", two say "committee" (with the pivot among them)
    res = consensus(copies + [SOURCE])
    assert "committee met" in res.text


@pytest.mark.parametrize("source,spun", [
    ("It is one of the most important things in the world today.",
     "It is one of the most important items in the planet today."),
    ("We continue to work with our friends in the region.",
     "We continue to work with our household members in the region."),
])
def test_two_copies_tie_and_the_language_model_decides(source, spun):
    assert consensus([spun, source]).text == source
    assert consensus([source, spun]).text == source


def test_trivial_groups():
    assert consensus([]).text == ""
    assert consensus(["Only one copy."]).text == "Only one copy."
    same = consensus([SOURCE, SOURCE])
    assert same.text == SOURCE and same.swaps == () and same.changed == 0


def test_learn_counts_what_lost_against_what_won():
    groups = []
    for s, old, new in (("The newest plan was approved by the council after a long debate.", "long", "lengthy"),
                        ("The newest report was published by the ministry after a long delay.", "delay", "wait")):
        original = s.replace("The newest", "The")
        groups.append(consensus([s, original, original.replace(old, new)]))
    subs = learn(groups, min_count=1)
    by = {(x.spun, x.original): x for x in subs}
    assert ("newest", "") in by and by[("newest", "")].count == 2 and by[("newest", "")].groups == 2
    assert ("lengthy", "long") in by
    # min_count drops pairs seen once
    assert ("lengthy", "long") not in {(x.spun, x.original) for x in learn(groups, min_count=2)}


def test_table_round_trip_and_bad_tables(tmp_path):
    rows = [("the newest", "the", 12, 1), ("household members", "friends", 3, 0)]
    text = format_table(rows)
    t = parse_table(text, "t")
    assert t.entries["the newest"] == (("the", 12),)
    assert t.source_counts["the newest"] == 1
    assert t.max_words == 2 and len(t) == 2
    p = tmp_path / "t.tsv"
    p.write_text(text, encoding="utf-8")
    assert load_table(p).entries == t.entries
    for bad in ("spun\toriginal\tcount\n", "a\tb\tmany\n", "a\tb\n", "a\tb\t-1\n"):
        with pytest.raises(InputError):
            parse_table(bad, "bad")
    with pytest.raises(InputError):
        load_table(tmp_path / "missing.tsv")
    (tmp_path / "bin.tsv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError):
        load_table(tmp_path / "bin.tsv")


TABLE = from_rows([("the newest", "the", 40, 2), ("household members", "friends", 9, 0),
                   ("quite", "very much", 6, 3)], "test")


def test_learned_proposals_where_the_language_model_agrees():
    text = "Thank you quite for the newest question about our household members in the region."
    props = {(p.i, p.j): p for p in learned.propose(tokenize(text), [TABLE])}
    toks = tokenize(text)
    spans = {" ".join(t.low for t in toks[i:j]): p for (i, j), p in props.items()}
    assert spans["the newest"].best == "the" and spans["the newest"].evidence > 2
    assert spans["household members"].best == "friends"
    assert all(p.source == "learned" for p in props.values())
    assert learned.propose(toks, []) == []


def test_restore_uses_a_spinner_table_only_when_given():
    text = "We continue to work with our household members in the region on the newest reforms."
    plain = unspin.restore(text)
    with_table = unspin.restore(text, unspin.Options(spinner_tables=(TABLE,)))
    assert "household members" in plain
    assert "our friends in the region" in with_table
    f = [f for f in unspin.analyze(text, unspin.Options(spinner_tables=(TABLE,))).by_kind("spun")
         if f.text == "household members"][0]
    assert f.suggestion == "friends" and "spinner table" in f.evidence


SOURCES = [
    "The river flooded the valley after three days of heavy rain, and the farmers lost most of their "
    "crops. Officials said the damage would take many months to repair and asked the government for help.",
    "The museum opened a new exhibition of ancient pottery from the islands, with more than two hundred "
    "pieces. Visitors can see how the potters shaped and painted their work over many centuries.",
    "The team won the national championship after a difficult season, beating the favourites in the "
    "final match. The coach praised the players for their courage and thanked the fans for their support.",
]
SWAPS = [("the valley", "the newest valley"), ("heavy rain", "hefty rain"), ("farmers", "growers"),
         ("a new exhibition", "a newest exhibition"), ("ancient pottery", "old pottery"),
         ("the national championship", "the newest national championship"), ("difficult", "hard"),
         ("the final match", "the newest final match"), ("courage", "bravery"), ("the islands", "the newest islands")]


def _copies(src: str, k: int) -> list[str]:
    present = [s for s in SWAPS if s[0] in src]
    out = []
    for c in range(k):
        t = src
        for n, (old, new) in enumerate(present):
            if n % k == c:
                t = t.replace(old, new, 1)
        out.append(t)
    return out


def test_cli_dupes_consensus_and_learn_then_restore_with_the_table(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i, src in enumerate(SOURCES):
            for c, text in enumerate(_copies(src, 3)):
                fh.write(json.dumps({"id": f"s{i}c{c}", "text": text}) + "\n")
    table = tmp_path / "spinner.tsv"
    assert main(["dupes", str(corpus), "--consensus", "--learn", str(table), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["summary"]["groups"] == len(SOURCES)
    assert sorted(g["consensus"]["text"] for g in out["groups"]) == sorted(SOURCES)
    learned_table = load_table(table)
    assert learned_table.entries["newest"][0][0] == ""  # the spinner's "the newest" for "the"
    page = tmp_path / "page.txt"
    page.write_text("Scientists found the newest evidence of water on the newest planet.", encoding="utf-8")
    assert main(["restore", "--spinner-table", str(table), str(page)]) == 0
    assert "found the evidence" in capsys.readouterr().out
    assert main(["restore", "--spinner-table", str(tmp_path / "nope.tsv"), str(page)]) == 1
    assert "cannot read spinner table" in capsys.readouterr().err


def test_against_a_known_source_every_edit_is_decided_for_it():
    spun = _swap(_swap(SOURCE, "met", "gathered"), "the new budget", "the newest budget")
    res = against(spun, SOURCE)
    assert res.text == SOURCE and all(s.decided for s in res.swaps)
    subs = {(x.spun, x.original) for x in learn([res], min_count=1)}
    assert subs == {("gathered", "met"), ("newest", "new")}


def test_cli_learns_from_documents_linked_to_a_reference(tmp_path, capsys):
    corpus, ref = tmp_path / "corpus.jsonl", tmp_path / "ref.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i, src in enumerate(SOURCES):
            for c, text in enumerate(_copies(src, 2)):
                fh.write(json.dumps({"id": f"s{i}c{c}", "text": text}) + "\n")
    with ref.open("w", encoding="utf-8") as fh:
        for i, src in enumerate(SOURCES):
            fh.write(json.dumps({"id": f"src{i}", "text": src}) + "\n")
    table = tmp_path / "t.tsv"
    assert main(["dupes", str(corpus), "--reference", str(ref), "--learn", str(table)]) == 0
    assert "substitutions learned" in capsys.readouterr().out
    entries = load_table(table).entries
    assert entries["newest"][0] == ("", 4)  # "the newest valley", "... championship", "... final match", "... islands"
    assert ("farmers", 1) not in entries.get("growers", ())  # seen once: below min_count


def test_a_wording_the_sources_use_as_often_as_the_spinner_is_not_proposed():
    text = "Thank you quite for the newest question about our household members in the region."
    common = from_rows([("household members", "friends", 3, 7), ("the newest", "the", 40, 2)], "t")
    keys = {" ".join(t.low for t in tokenize(text)[p.i:p.j]) for p in learned.propose(tokenize(text), [common])}
    assert "the newest" in keys and "household members" not in keys


def test_hand_written_tables_match_as_the_detector_reads_words():
    t = parse_table("Thank-You\tthank you very much\t5\t0\n", "hand")
    assert "thank you" in t.entries
    props = learned.propose(tokenize("Thank-you for coming."), [t])
    assert [p.best for p in props] == ["thank you very much"]
