"""Encoding repair: the seed page, ftfy's own cases, code pages, spans, the contract."""

from __future__ import annotations

import json

import pytest

import unspin
from unspin.cli import main as cli_main
from unspin.detectors import mojibake

FTFY_FILES = ("in-the-wild", "synthetic", "language-names", "negative", "known-failures")


def misdecode(text: str, codecs: str) -> str:
    """What ``text`` looks like after its UTF-8 bytes were read with ``codecs``
    ("a+b" = read as a, re-saved as UTF-8, read as b). Undefined bytes show as
    the C1 control of the same number, as browsers do."""
    for codec in codecs.split("+"):
        out = []
        for b in text.encode("utf-8"):
            try:
                out.append(bytes([b]).decode(codec))
            except UnicodeDecodeError:
                out.append(chr(b))
        text = "".join(out)
    return text


def repair(text: str) -> str:
    return mojibake.repair(text)


# --- the seed page --------------------------------------------------------------------------


def test_seed_page_keyword_is_repaired_with_a_tight_span(seed_page):
    found = [f for f in mojibake.detect(seed_page) if "hesabı nasıl" in (f.suggestion or "")]
    assert len(found) == 1
    f = found[0]
    assert seed_page[f.start:f.end] == f.text
    # Only the damaged words: every word of the span holds a non-ASCII character,
    # and the clean words around it are left out.
    assert all(not w.isascii() for w in f.text.split())
    assert seed_page[f.start - 1] == " " and seed_page[f.end] == " "
    assert "windows-1251" in f.evidence and "hesabı nasıl" in f.evidence


def test_seed_page_clean_shows_the_keyword_repaired(seed_page, tmp_path, capsys):
    # Encoding repair alone shows the keyword repaired ...
    only_mojibake = unspin.analyze(seed_page, unspin.Options(kinds=("mojibake",)))
    assert "hesabı nasıl" in only_mojibake.cleaned and "hesabД±" not in only_mojibake.cleaned
    # ... and the full clean removes the injected keyword, damaged form and all.
    page = tmp_path / "page.txt"
    page.write_text(seed_page, encoding="utf-8")
    assert cli_main(["clean", str(page)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip("\n") == unspin.clean(seed_page).rstrip("\n")
    assert "hesabД±" not in out and "NATO viewpoints" in out


# --- ftfy's own test cases ------------------------------------------------------------------


def _cases(shared_data, name):
    path = shared_data / "mojibake" / f"ftfy-{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.shared
@pytest.mark.parametrize("name", FTFY_FILES)
def test_every_ftfy_pass_case_passes(shared_data, name):
    # ``fixed`` is what ftfy.fix_text gives (it also uncurls quotes, unescapes HTML...);
    # ``fixed-encoding``, where present, is the encoding repair alone, which is what
    # unspin does. Without it, the encoding repair alone must already give ``fixed``.
    failures = []
    for case in _cases(shared_data, name):
        if case["expect"] != "pass":
            continue
        expected = case.get("fixed-encoding", case["fixed"])
        got = repair(case["original"])
        if got != expected:
            failures.append((case["label"], case["original"], got, expected))
        # As in ftfy's own tests: one more layer of UTF-8-read-as-Latin-1 on top.
        extra_bad = case["original"].encode("utf-8").decode("latin-1")
        if repair(extra_bad) != expected:
            failures.append((case["label"] + " (extra layer)", extra_bad, repair(extra_bad), expected))
        # Repairing again changes nothing.
        assert repair(expected) == expected or expected != got
    assert not failures, failures[:5]


@pytest.mark.shared
def test_ftfy_negative_cases_are_untouched(shared_data):
    for case in _cases(shared_data, "negative"):
        expected = case.get("fixed-encoding", case["fixed"])
        if expected == case["original"]:
            assert mojibake.detect(case["original"]) == [], case["label"]
        else:  # "mostly negative": only a C1 control is to be fixed
            assert repair(case["original"]) == expected, case["label"]


@pytest.mark.shared
def test_ftfy_pass_cases_through_clean(shared_data):
    """The same repair through the public ``unspin.clean`` (other detectors must not
    disturb these one-line texts' encoding repair)."""
    for name in ("language-names", "synthetic"):
        for case in _cases(shared_data, name):
            expected = case.get("fixed-encoding", case["fixed"])
            assert unspin.clean(case["original"]) == expected, case["label"]


# --- short runs inside clean text, code page by code page -----------------------------------

#: Words of many languages, each with characters outside ASCII.
WORDS = {
    "tr": ["hesabı nasıl", "başarılar", "göründüğü", "İstanbul'da"],
    "ru": ["Москва", "привет мир", "государственного"],
    "uk": ["Київ", "подобається"],
    "pl": ["źródło", "Rozwiązanie", "założyć"],
    "cs": ["příliš", "Čeština"],
    "el": ["Ελλάδα", "διαφήμιση στο"],
    "de": ["größer", "begründung"],
    "fr": ["façade", "déjà vu"],
    "es": ["año", "corazón"],
    "vi": ["tiếng Việt"],
    "ar": ["العربية"],
    "he": ["עברית"],
    "zh": ["中文网站"],
    "ja": ["日本語"],
}

CODEPAGES = ("cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "mac_roman", "koi8_r",
             "cp437", "cp850", "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_15", "latin-1",
             "cp1252+cp1252", "cp1251+cp1252")

CASES = [(w, cp) for ws in WORDS.values() for w in ws for cp in CODEPAGES]


@pytest.mark.parametrize("phrase,codecs", CASES, ids=[f"{cp}-{w}" for w, cp in CASES])
def test_misdecoded_run_inside_english_is_repaired_exactly(phrase, codecs):
    bad = misdecode(phrase, codecs)
    pre, post = "We asked the staff about ", " before the meeting ended."
    text = pre + bad + post
    found = mojibake.detect(text)
    assert repair(text) == pre + phrase + post
    # Each finding lies inside the damaged phrase and covers only damaged words.
    for f in found:
        assert len(pre) <= f.start < f.end <= len(pre) + len(bad)
        assert text[f.start:f.end] == f.text
        assert f.kind == "mojibake" and 0 < f.confidence <= 1
    assert sum(len(f.text) for f in found) <= len(bad)


def test_one_finding_per_damaged_run_and_clean_words_between_are_kept():
    bad1, bad2 = misdecode("başarılar", "cp1252"), misdecode("Москва", "cp1251")
    text = f"Good {bad1} and then {bad2} again."
    found = mojibake.detect(text)
    assert [f.suggestion for f in found] == ["başarılar", "Москва"]
    assert [f.text for f in found] == [bad1, bad2]


def test_punctuation_around_a_run_stays_outside_the_span():
    bad = misdecode("nasıl", "cp1251")
    text = f"He asked (“{bad}”), twice."
    (f,) = mojibake.detect(text)
    assert f.text == bad and f.suggestion == "nasıl"


def test_evidence_names_the_code_page():
    text = "Prices in " + misdecode("Ελλάδα", "cp1253") + " rose."
    (f,) = mojibake.detect(text)
    assert "windows-1253" in f.evidence and "Ελλάδα" in f.evidence


def test_whole_text_mojibake_is_repaired_line_by_line():
    lines = ["Привет, как дела?", "Všechno je v pořádku.", "Çok güzel bir gün."]
    text = "\n".join(misdecode(line, "cp1252") for line in lines)
    assert repair(text) == "\n".join(lines)


# --- text that only looks odd stays as it is ------------------------------------------------

CLEAN = [
    "Москва — столица России. «ТАСС» сообщает: В\xa0Москве идёт снег.",
    "ΑΘΗΝΑ: Η ¨ανατροφή¨ των παιδιών είναι σημαντική.",
    "İstanbul'da hava güzel; ÇOK GÜZEL ŞEHİR.",
    "ZAŻÓŁĆ GĘŚLĄ JAŹŃ, źdźbło, Łódź.",
    "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "(-1/2)! = √π, 2×£35, 4288×…, 35°C ±2, ½kg, ∆° ≤ ∞",
    "NESTLÉ® and Brand™ sell 5×3 packs for €10 — ©2024",
    "Björk Guðmundsdóttir, Þórunn, Ægir, SÆNSKA Í ÞÓRSHÖFN",
    "Nguyễn Thị Minh Khai, Hà Nội, Việt Nam",
    "中文网站 日本語のテキスト 한국어 텍스트 🎉😀👍❤ ✔",
    "العربية עברית हिन्दी தமிழ் ภาษาไทย",
    "Crème brûlée, naïve façade, Ångström, Øresund, São Paulo",
    "L’épisode 8, “quoted”, ‘single’, «guillemets», „Anführungszeichen“",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_multilingual_text_is_untouched(text):
    assert mojibake.detect(text) == []


# --- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\x00", "a\x00b", "\n\n\n", " " * 1000, "Ã", "Д±",
                                  "\ud800", "\ufffd" * 50, "Ã©" * 5000])
def test_edge_inputs_never_crash(text):
    for f in mojibake.detect(text):
        assert text[f.start:f.end] == f.text


def test_huge_inputs_are_handled():
    line = ("Ordinary English words, then " + misdecode("hesabı nasıl", "cp1251") + " again. ") * 3000
    found = mojibake.detect(line)  # one ~200 kB line
    assert len(found) == 3000
    assert all(f.suggestion == "hesabı nasıl" for f in found)
    clean = ("A plain paragraph about history, with café and naïve words. " * 170_000)
    assert len(clean) > 10_000_000
    assert mojibake.detect(clean) == []
    assert mojibake.detect("Ã©" * 50_000)  # one huge damaged token: repaired in pieces


def test_mojibake_quoted_in_a_code_block_is_left_alone_when_the_prose_is_clean():
    from unspin.detectors import mojibake as mj

    example = "```python\n>>> fix_text('The word donâ€™t is mojibake.')\n'The word don’t is mojibake.'\n```\n"
    page = "The library repairs text that was decoded with the wrong encoding.\n\n" + example
    assert mj.detect(page) == []
    damaged = "The library doesnâ€™t mind text that was decoded with the wrong encoding.\n\n" + example
    found = [f.text for f in mj.detect(damaged)]
    assert "doesnâ€™t" in "".join(found) or any("â€™" in t for t in found)
    assert sum("â€™" in t for t in found) >= 2  # the prose's and the example's
