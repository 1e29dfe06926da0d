"""scripts/build_multiword_names.py and unspin.synth.lexdata's WordNet reader, on a tiny
database in WordNet's format (no WordNet needed)."""

from __future__ import annotations

import pytest

from unspin.synth.lexdata import wordnet_lowercase_forms, wordnet_synsets


# offset lex_filenum ss_type w_cnt (hex) word lex_id ... | gloss; the header lines start with a space
DATA_NOUN = """\
  1 This is a licence header line, as WordNet's files start.
00000001 15 n 02 Indian_Ocean 0 indian_ocean 0 000 | the ocean to the south of Asia
00000002 18 n 01 Charles_Darwin 0 000 | English natural scientist
00000003 15 n 01 Papua_New_Guinea 0 000 | a country
00000004 18 n 01 Laplace 0 000 | French mathematician
00000005 28 n 01 Indian_summer 0 000 | a period of unusually warm weather
00000006 15 n 01 Treaty_of_Versailles 0 000 | a treaty
00000007 08 n 02 field 0 fields 1 000 | a piece of land
00000008 18 n 01 II_Thessalonians 0 000 | a book
00000009 15 n 01 St._Louis 0 000 | a city
"""
DATA_ADJ = """\
00000010 00 a 01 tall(a) 0 000 | great in vertical dimension
"""
NOUN_EXC = "geese goose\n"


@pytest.fixture()
def wordnet(tmp_path):
    (tmp_path / "data.noun").write_text(DATA_NOUN, encoding="utf-8")
    (tmp_path / "data.adj").write_text(DATA_ADJ, encoding="utf-8")
    for pos in ("verb", "adv"):
        (tmp_path / f"data.{pos}").write_text("", encoding="utf-8")
    (tmp_path / "noun.exc").write_text(NOUN_EXC, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("build_multiword_names")


def test_synsets_keep_capitals_and_drop_adjective_markers(wordnet):
    nouns = list(wordnet_synsets("noun", wordnet))
    assert nouns[0] == (("Indian_Ocean", "indian_ocean"), 15, "the ocean to the south of Asia")
    assert [s[0] for s in wordnet_synsets("adj", wordnet)] == [("tall",)]


def test_lowercase_forms_hold_lowercase_lemmas_and_exceptions(wordnet):
    forms = wordnet_lowercase_forms(wordnet)
    assert {"field", "fields", "tall", "geese", "indian_ocean"} <= forms
    assert not {"Laplace", "laplace", "Indian_Ocean"} & forms


@pytest.mark.parametrize("lemma,is_name", [
    ("Indian_Ocean", True), ("Papua_New_Guinea", True), ("Treaty_of_Versailles", True),
    ("Jean-Frederic_Joliot", True), ("Laplace", False),  # one word
    ("Indian_summer", False), ("II_Thessalonians", False), ("St._Louis", False),
    ("of_Versailles", False), ("A_B_C_D_E_F", False),
])
def test_what_makes_a_name_of_several_words(script, lemma, is_name):
    assert script.is_name(lemma.split("_")) is is_name


def test_the_table_as_written(script, wordnet, tmp_path):
    out = tmp_path / "names.tsv"
    script.main(["--wordnet", str(wordnet), "--out", str(out)])
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert rows == [["charles darwin", "Charles Darwin"], ["indian ocean", "Indian Ocean"],
                    ["papua new guinea", "Papua New Guinea"], ["treaty of versailles", "Treaty of Versailles"]]
    assert "Princeton University" in out.read_text(encoding="utf-8")  # the licence notice goes with it


def test_wordnet_names_put_to_smollm2(wordnet, monkeypatch, load_script):
    """scripts/build_cased_words.py's WordNet candidates: one-word names of people and
    places that WordNet never writes in lowercase, are no ordinary (Moby) word and no
    whole-word token of SmolLM2's vocabulary."""
    from unspin.synth import lexdata

    (wordnet / "data.noun").write_text(DATA_NOUN + (
        "00000011 18 n 01 Fields 0 000 | an American comedian\n"
        "00000012 15 n 01 Hokkaido 0 000 | an island\n"
        "00000013 15 n 01 Eritrea 0 000 | a country\n"
        "00000014 18 n 01 Smith 0 000 | a surname\n"
        "00000015 05 n 01 Amanita 0 000 | genus of fungi\n"), encoding="utf-8")
    monkeypatch.setattr(lexdata, "wordnet_build_dir", lambda: wordnet)
    got = load_script("build_cased_words").wordnet_names(vocab_words={"eritrea"}, ordinary={"smith"})
    # "Fields": a plural of the lowercase "field"; "Eritrea": a vocabulary token already;
    # "Smith": an ordinary word; "Amanita": no person or place
    assert got == ["Hokkaido", "Laplace"]
