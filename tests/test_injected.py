"""Injected spam: foreign fragments, off-topic insertions, hard negatives, seam mending."""

from __future__ import annotations

import pytest

import unspin
from unspin.detectors import injected
from unspin.injected.words import normalise, tokenize

SEED_KEYWORD = "secret benefits hesabı nasıl silinir"


def _spans(text):
    return [(f.start, f.end, f.text) for f in injected.detect(text)]


def _damage(s: str, enc: str) -> str:
    return s.encode("utf-8").decode(enc)


@pytest.mark.shared
@pytest.mark.parametrize("form", ["damaged", "repaired"])
def test_seed_keyword_found_with_exact_boundaries_and_removed(seed_page, form):
    text = seed_page if form == "damaged" else seed_page.replace(_damage("hesabı nasıl", "cp1251"), "hesabı nasıl")
    keyword = SEED_KEYWORD if form == "repaired" else SEED_KEYWORD.replace(
        "hesabı nasıl", _damage("hesabı nasıl", "cp1251"))
    assert keyword in text
    report = unspin.analyze(text)
    found = [f for f in report.findings if f.kind == "injected"]
    start = text.index(keyword)
    assert [(f.start, f.end) for f in found] == [(start, start + len(keyword))]
    assert found[0].suggestion == ""
    assert "Turkish" in found[0].evidence
    cleaned = unspin.clean(text)
    assert "NATO viewpoints (inaudible)" in cleaned
    assert "silinir" not in cleaned and "hesab" not in cleaned


@pytest.mark.parametrize("enc", ["cp1251", "cp1252", "cp1250"])
def test_residual_mojibake_words_are_read_after_undoing_the_decoding(enc):
    word = "hesabı"
    damaged = _damage(word, enc)
    assert normalise(damaged) == (word, True)


FOREIGN_CASES = [
    ("The committee discussed the budget kostenlos herunterladen for the coming year in detail.",
     "kostenlos herunterladen"),
    ("The rivers of the region télécharger gratuitement are short and flow towards the coast.",
     "télécharger gratuitement"),
    ("The bridge was completed in 1932 and скачать бесплатно remains in use by local traffic today.",
     "скачать бесплатно"),
    ("Historians agree that the treaty ended 免费下载 the long war between the two kingdoms.", "免费下载"),
    ("The museum holds paintings from several centuries silinir and a large collection of maps.",
     "silinir"),
    # Hangul words are two syllables long: short, but a whole word each
    ("The rainbow takes the 계정 삭제 방법 form of a multicoloured circular arc in the sky.", "계정 삭제 방법"),
    # a word in no list, spelled with letters English does not use, next to a foreign word
    ("Members of the group are commonly snabblån utan uc known as the sac fungi by most authors.",
     "snabblån utan uc"),
    # every word is also English, but English never says them together
    ("The process includes the steps and meilleur casino en ligne actions required to manage waste.",
     "meilleur casino en ligne"),
]


@pytest.mark.parametrize("text,phrase", FOREIGN_CASES)
def test_foreign_fragment_exact_span(text, phrase):
    start = text.index(phrase)
    assert [(s, e) for s, e, _ in _spans(text)] == [(start, start + len(phrase))]


def test_english_commercial_insertion_found_and_explained():
    text = ("The river flows across buy instagram followers cheap the North China Plain before "
            "reaching the sea. Its delta is one of the most fertile regions of the country.")
    found = injected.detect(text)
    assert [f.text for f in found] == ["buy instagram followers cheap"]
    assert "nats" in found[0].evidence and "nowhere else" in found[0].evidence


def test_clean_mends_the_seam():
    text = "The rivers of the region télécharger gratuitement are short and flow towards the coast."
    assert unspin.clean(text) == "The rivers of the region are short and flow towards the coast."
    text = "The rivers are short and flow towards the coast télécharger gratuitement."
    assert unspin.clean(text) == "The rivers are short and flow towards the coast."


HARD_NEGATIVES = [
    "Sachiyo Sugita from NHK asked the ambassador about the summit in Vilnius.",
    "The committee met with Recep Tayyip Erdoğan and Kyriakos Mitsotakis in Ankara.",
    "That argument is not, per se, a reason to abandon the plan.",
    "She had a strange feeling of déjà vu as she walked into the old school.",
    "The coup d'état of 1973 ended the civilian government.",
    "Critics say the proposal merely preserves the status quo.",
    "Only bona fide residents may apply for the permit.",
    "As the Romans said, \"Carpe diem\", and she took the advice to heart.",
    "The sign at the border read \"Willkommen in Deutschland\" in large letters.",
    "Tokyo (Japanese: 東京) is the capital of Japan and its largest city.",
    "The word comes from the Greek θαλλός, meaning a green shoot.",
    "Run pip install requests and then call requests.get(url, timeout=10) to fetch the page.",
    "Send the forms to 221B Baker Street, London NW1 6XE, United Kingdom.",
    "The office is at Friedrichstraße 43, 10117 Berlin, near the station.",
    "The novel Cien años de soledad made Gabriel García Márquez famous.",
    "Paul Ludwig Hans Anton von Beneckendorff und von Hindenburg was a German officer and statesman.",
    "Smaller violin-type instruments exist, including the violino piccolo and the pochette. The violin "
    "family includes the viola and the cello; a violin has four strings, and a violin bow has hair.",
    "The casino opened in 1931. The casino's poker room is the largest in the state and "
    "offers a bonus to new players who register online.",
    "Welcome to our museum. The exhibition opens at ten every morning.\n"
    "Bienvenue dans notre musée. L'exposition ouvre à dix heures tous les matins.\n"
    "Tickets are available at the entrance and online.\n"
    "Les billets sont disponibles à l'entrée et en ligne.",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_stay_clean(text):
    assert _spans(text) == []


def test_short_and_empty_inputs():
    assert injected.detect("") == []
    assert injected.detect("hola") == []


def test_non_english_page_is_left_alone():
    text = ("Die Stadt liegt am Ufer des Flusses und hat etwa zwanzigtausend Einwohner. "
            "Im Sommer kommen viele Besucher, um die alte Burg zu sehen.")
    assert _spans(text) == []


def test_tokens_keep_abbreviations_and_offsets():
    text = "how U.S. NATO views (inaudible)"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["how", "U.S.", "NATO", "views", "inaudible"]
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert not toks[1].brk and toks[3].brk


def test_tokens_end_sentences_and_quotes_at_line_breaks():
    text = "A title row\nShe said \"hello there.\nNext line, \"quoted\" word\n\n  last"
    toks = tokenize(text)
    by = {t.text: t for t in toks}
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert by["row"].eos and by["row"].brk  # a word right before a line break ends its sentence
    assert not by["title"].eos and not by["line"].eos
    assert by["there"].eos and not by["Next"].quoted  # an open quote does not outlive its line
    assert by["quoted"].quoted and not by["word"].quoted
    assert toks[-1].text == "last" and toks[-1].eos


@pytest.mark.parametrize("whole_page", [400, 0])
def test_page_topic_near_is_the_best_similarity_outside_the_clause(whole_page, monkeypatch):
    import numpy as np

    from unspin.injected import topic
    from unspin.injected.topic import clause_index
    from unspin.injected.topic import PageTopic

    monkeypatch.setattr(topic, "_WHOLE_PAGE_NEAR", whole_page, raising=False)

    text = ("The river floods its valley every spring. The river carries silt to the delta, "
            "where farmers grow rice on the fertile banks. Boats carry grain downstream to the "
            "port, and fishermen cast nets in the shallow water. Pizza delivery coupons arrived.")
    toks = tokenize(text)
    clauses = clause_index(toks)
    page = PageTopic(toks, clauses)
    sims = page.m @ page.m.T
    for k in range(len(toks)):
        if k not in page.pos:
            assert page.near(k) is None
            continue
        a, b = clauses[k]
        row = sims[page.pos[k]].copy()
        row[[page.pos[x] for x in range(a, b + 1) if x in page.pos]] = -2.0
        assert page.near(k) == float(row.max())
    assert PageTopic(toks, clauses).span(0, 3) == page.span(0, 3)
    assert np.isfinite(page.span(0, 3)[0])


@pytest.mark.shared
def test_clean_wikipedia_sample_mostly_clean(shared_data):
    import itertools
    import json

    with open(shared_data / "clean" / "wikipedia-summaries.jsonl", encoding="utf-8") as fh:
        docs = [json.loads(line)["text"] for line in itertools.islice(fh, 0, 300)]
    flagged = sum(1 for t in docs if injected.detect(t))
    assert flagged <= 6  # the benchmark measures the full rate (goal <= 1%)


# Same-language insertions whose words are in no commercial list: found by topic
# coherence and broken seams, and the evidence names those signals.
UNRELATED_CASES = [
    ("The glacier carved a deep valley through the granite mountains during the last ice age. "
     "Meltwater from the glacier feeds several alpine lakes, and the valley floor kitchen cabinets "
     "wholesale is covered with moraines and boulders left by the retreating ice. Geologists study "
     "the glacier to understand how mountain ice responds to a warming climate.",
     "kitchen cabinets wholesale"),
]


@pytest.mark.parametrize("text,phrase", UNRELATED_CASES)
def test_unrelated_same_language_insertion_found_by_coherence(text, phrase):
    from unspin.injected.offtopic import COMMERCIAL

    assert not set(phrase.split()) & COMMERCIAL  # not explained by the word list
    found = injected.detect(text)
    assert [f.text for f in found] == [phrase]
    detail = dict(found[0].detail)
    assert detail["signal"] == "coherence"
    assert "topic" in found[0].evidence and "nats" in found[0].evidence


def test_topic_coherence_ranks_related_words_higher():
    from unspin.injected.topic import clause_index
    from unspin.injected.topic import PageTopic

    text = ("The river floods its valley every spring. The river carries silt to the delta, "
            "where farmers grow rice on the fertile banks. Boats carry grain downstream to the "
            "port, and fishermen cast nets in the shallow water. Pizza delivery coupons arrived.")
    toks = tokenize(text)
    page = PageTopic(toks, clause_index(toks))
    idx = {t.norm: k for k, t in enumerate(toks)}
    related = page.span(idx["fishermen"], idx["nets"])
    unrelated = page.span(idx["pizza"], idx["coupons"])
    assert related is not None and unrelated is not None
    assert unrelated[0] < related[0] and unrelated[1] < related[1]


def test_script_of_ascii_shortcut_matches_the_per_character_rule():
    import string

    from hypothesis import given, strategies as st

    from unspin.injected import words

    def by_characters(word):
        kinds = {words._char_script(c) for c in word} - {"symbol"}
        if not kinds:
            return "symbol"
        if len(kinds) > 1:
            kinds.discard("digit")
        return kinds.pop() if len(kinds) == 1 else "mixed"

    @given(st.text(alphabet=string.printable, max_size=8))
    def check(word):
        assert words.script_of.__wrapped__(word) == by_characters(word)

    check()


BUDGET = "The council met on Tuesday to discuss the new budget{} for the coming year, and the mayor said it was a good start."


def test_web_address_dropped_into_prose_is_found():
    text = BUDGET.format(" https://cheap-loans-now.biz/apply")
    assert [f.text for f in injected.detect(text)] == ["https://cheap-loans-now.biz/apply"]


@pytest.mark.parametrize("text", [
    # the page's own link markup
    BUDGET.format(" [![Build Status](https://travis-ci.org/x/y.svg)](https://travis-ci.org/x/y)"),
    BUDGET.format(' <a href="https://council.example.org/minutes">minutes</a>'),
    BUDGET.format(" ([minutes](https://council.example.org/minutes))"),
    BUDGET.format(" (see the `minutes <https://council.example.org/minutes>`_)"),
    BUDGET.format(" (in ``http://[fe80::1%251]/``)"),
    # a line that is no prose
    BUDGET.format("") + "\nHome-page: https://github.com/ray-project/ray\n" + BUDGET.format(""),
    BUDGET.format("") + "\n.. image:: https://img.shields.io/pypi/v/ray.svg\n" + BUDGET.format(""),
])
def test_web_address_written_as_markup_or_outside_prose_is_left_alone(text):
    assert not [f for f in injected.detect(text) if dict(f.detail).get("url")]


@pytest.mark.parametrize("text", [
    # a site named where a name can stand: after a function word or a possessive
    "Please report any bugs you find to the freedesktop.org bug tracker, and say which version you use.",
    "The project, its releases and its mailing list are hosted by SourceForge.net for the time being.",
    "Bugs go to the project's freedesktop.org GitLab instance, where the maintainers read them weekly.",
    # an address for a program, not a page to visit
    "For anonymous checkouts, run git clone git://anongit.example.org/git/xcb/util and build it.",
    # a call's argument, and a reference after a comment's marker
    'The script then calls document.createElementNS("http://www.w3.org/2000/svg", "rect") to draw it.',
    "    # if it were application/octet-stream, per\n    # tools.ietf.org/html/rfc2046#section-5.2.4.  We do so too.",
    # a code host's reference: an advisory, an issue, a merge request
    "## Version 1.0.9\n\n- Resolve https://github.com/advisories/GHSA-vqfr-h8mv-ghfj with a dependency update.",
    "The parser no longer hangs on empty input (fixed in https://github.com/example/parser/issues/1008 last week).",
    "The flag was renamed in https://gitlab.com/example/tool/-/merge_requests/42 and the old one still works.",
    # a labelled line's value: the page's own metadata, in a comment or a list
    "/*!\n *  Font Awesome 4.7.0 by @davegandy\n *  License - http://fontawesome.io/license (Font: SIL OFL 1.1)\n */",
    "The tool reads the files you give it and writes a report.\n\n- Bug reports: https://bugs.example.org/tool\n",
])
def test_a_site_named_in_prose_or_used_by_a_program_is_left_alone(text):
    assert not [f for f in injected.detect(text) if dict(f.detail).get("url")]


def test_what_only_looks_like_a_reference_or_a_label_is_still_found():
    from unspin.injected.offtopic import _labelled

    # a code host, but no reference to an issue, a commit or a file
    assert [f for f in injected.detect(BUDGET.format(" https://github.com/cheap-loans-now"))
            if dict(f.detail).get("url")]
    line = "Online casino - https://cheap-casino-now.biz/play"
    assert not _labelled(line, line.index("https"))
    line = " *  License - http://fontawesome.io/license"
    assert _labelled(line, line.index("http"))


@pytest.mark.parametrize("link", [" cheap-loans-now.biz", " the www.cheap-loans-now.biz", " - https://cheap-loans-now.biz/apply"])
def test_a_dropped_in_site_is_still_found(link):
    """A bare domain between two content words, and any address written with its
    "www." or scheme, even after "the" or a dash."""
    text = BUDGET.format(link)
    assert [f.text for f in injected.detect(text)] == [link.split()[-1]]


def test_a_british_spelling_is_english():
    """"finaliser" is in no English word list, "finalize" is; a French "réaliser" has no
    English verb in -ize."""
    from unspin.injected.foreign import _british_spelling

    assert _british_spelling("finaliser") and _british_spelling("organisers")
    assert not _british_spelling("réaliser") and not _british_spelling("crisis")
    doc = ("However when a timeout occurs in a fixture finaliser and the test suite continues, "
           "it must be realised that subsequent fixtures may not run.")
    assert injected.detect(doc) == []


def test_foreign_words_in_a_code_block_are_the_programs_not_spam():
    doc = ("The library parses dates written in many languages and returns a datetime object "
           "for each of them, as the examples below show.\n\n"
           ".. code:: python\n\n"
           "    >>> parse('yaklaşık 23 saat önce')  # Turkish (23 hours ago)\n"
           "    >>> parse('Martes 21 de Octubre de 2014')\n\n"
           "It also reads relative dates in English, such as two weeks ago or next Friday.\n")
    assert injected.detect(doc) == []
    # the same words dropped into a sentence are found
    spun = doc.replace("returns a datetime", "returns saat önce yaklaşık a datetime")
    assert any("saat" in f.text for f in injected.detect(spun))


def test_an_email_address_is_a_contact_not_an_insertion():
    text = BUDGET.format(" team@council-news.org")
    assert not [f for f in injected.detect(text) if dict(f.detail).get("url")]
