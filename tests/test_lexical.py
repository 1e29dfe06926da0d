"""The fast tier's candidate originals and habit evidence (spin.lexical)."""

from __future__ import annotations

import math

import pytest

from unspin.spin import lexical
from unspin.spin.resources import real_words
from unspin.spin.tokens import tokenize


def test_word_candidates_are_a_normalised_spinner_channel():
    cands = lexical._word_cands("couples")
    words = [c for c, _, _ in cands]
    assert "partners" in words and "couples" not in words
    assert len(words) == len(set(words)) <= lexical.CHEAP_CANDS
    priors = [pr for _, pr, _ in cands]
    assert priors == sorted(priors, reverse=True)
    assert math.isclose(sum(math.exp(p) for p in priors), 1.0, rel_tol=1e-9)


def test_channel_prior_favours_originals_with_fewer_outlets():
    outlets = lexical._spin_outlets()
    real = real_words()
    for w in ("safeguard", "counterfeit", "ally"):  # base forms: candidate == table original
        seen = {r for r, _ in real.get(w, ())}  # (these have their own bonus)
        cands = [(c, pr) for c, pr, _ in lexical._word_cands(w) if c in outlets and c not in seen]
        for (a, pa), (b, pb) in zip(cands, cands[1:]):
            assert outlets[a] <= outlets[b] or math.isclose(pa, pb)


def test_what_real_spinners_replaced_leads_the_candidates():
    real = real_words()
    assert real, "spin-real-words.tsv is shipped"
    for w in ("profound", "fluffy", "acknowledgment"):
        assert w in real
        top = lexical._word_cands(w)[0][0]
        assert top == real[w][0][0]  # the most frequent original first
    # inflection carried over from the lemma's entry ("misfortunes" has none of its own)
    assert "misfortunes" not in real and real["misfortune"][0][0] == "loss"
    assert lexical._word_cands("misfortunes")[0][0] == "losses"
    # every entry is a single lowercase word pair, counted at least once
    for spun, origs in real.items():
        assert spun.isalpha() and spun.islower()
        assert all(o.isalpha() and o.islower() and n >= 1 and o != spun for o, n in origs)


def test_habit_odds_separate_spinner_phrases_from_ordinary_ones():
    odds = lexical._habit_odds_table()
    assert odds, "spin-habit-odds.tsv is shipped"
    assert all(abs(v) <= lexical.HABIT_ODDS_MAX for v in odds.values())
    # a phrase only a spinner writes vs an everyday preposition
    assert odds["and you can"] > 2.0 > odds.get("by", -99.0)


def test_habit_evidence_follows_the_odds(monkeypatch):
    text = "You can buy a ticket at the station and you can pay with a card."
    toks = tokenize(text)

    def habit_ev():
        return max((p.evidence for p in lexical.propose(toks) if p.source == "habit"
                    and " ".join(t.low for t in toks[p.i:p.j]) == "and you can"), default=None)

    with_odds = habit_ev()
    monkeypatch.setattr(lexical, "HABIT_ODDS_W", 0.0)
    without = habit_ev()
    assert with_odds is not None and without is not None
    assert with_odds > without


def test_page_vocabulary_raises_a_candidate_used_elsewhere():
    base = "Our couples defend the region."
    other = "Our partners met in May. " + base
    def share(text, word):
        toks = tokenize(text)
        for p in lexical.propose(toks):
            if toks[p.i].low == "couples":
                return dict(p.ranked).get(word, 0.0)
        return 0.0
    assert share(other, "partners") > share("Our friends met in May. " + base, "partners")


def test_real_spinner_odds_favour_rare_words_spinners_often_put_in():
    odds = lexical.real_odds
    assert odds("fluffy") > 1.0  # seen often, rare in honest text
    assert odds("information") < 1.0  # seen often, but everywhere in honest text (and replaced too)
    assert "piano" not in real_words() and odds("piano") == 0.0  # not a real spinner's word
    lo, hi = -lexical.REAL_TERM_MAX, lexical.REAL_ODDS_W * lexical.REAL_ODDS_MAX
    assert all(lo <= odds(w) <= hi for w in list(real_words())[:300])
    # a word real spinners replaced is a term of the writers': evidence taken off
    assert "error" not in real_words() and odds("error") < 0.0


def test_the_thesaurus_table_parses_an_entry_only_when_asked_and_answers_like_a_dict():
    from unspin.spin.resources import SubstEntries

    parsed = []

    def parse(key, raw):
        parsed.append(key)
        return tuple((w, float(v)) for w, _, v in (i.rpartition(":") for i in raw.split(" ")))

    table = SubstEntries({"couples": "partners:-0.5 pairs:-1.0", "re:use": "a:b:-2.0"}, parse)
    assert len(table) == 2 and list(table) == ["couples", "re:use"] and "couples" in table
    assert "lovers" not in table and table.get("lovers") is None and table.get("lovers", ()) == ()
    assert parsed == []
    assert table["couples"] == (("partners", -0.5), ("pairs", -1.0))
    assert table.get("couples") is table["couples"] and parsed == ["couples"]  # parsed once, kept
    assert table["re:use"] == (("a:b", -2.0),)  # an original with a colon keeps it
    assert list(table.originals()) == [("couples", ["partners", "pairs"]), ("re:use", ["a:b"])]
    assert list(table.originals(1)) == [("couples", ["partners"]), ("re:use", ["a:b"])]
    with pytest.raises(KeyError):
        table["lovers"]


def test_the_default_tier_reads_the_head_of_each_thesaurus_entry_and_the_precise_tier_all_of_it():
    from unspin.spin.resources import SUBST_CANDS, subst_table, subst_table_wide

    fast, wide = subst_table(), subst_table_wide()
    assert fast.keys() == wide.keys()
    longer = 0
    for key, entry in fast.items():
        full = wide[key]
        assert len(entry) <= SUBST_CANDS and full[: len(entry)] == entry
        longer += len(full) > len(entry)
        # one prior scale, best first: the tail is no likelier than the head
        assert all(a[1] >= b[1] for a, b in zip(full, full[1:]))
        # normalised over the head
        assert math.isclose(math.fsum(math.exp(p) for _, p in entry), 1.0, rel_tol=0.05)
    assert longer > len(fast) // 10
    # "right" is a content word, however common: an original the tables can put back
    assert "right" in [r for r, _ in wide["straight"]]


def _proposal(i, j, ranked, evidence=5.0):
    return lexical.Proposal(i, j, evidence, ranked[0][0], 3.0, "thesaurus", tuple(ranked))


def test_a_candidate_repeating_its_neighbour_is_dropped():
    toks = tokenize("cattle, bison, buffalo and goats")  # bison is at token 1
    p = _proposal(1, 2, [("buffalo", 0.6), ("ox", 0.3), ("cattle", 0.1)])
    (q,) = lexical.without_repeats([p], toks)
    assert [c for c, _ in q.ranked] == ["ox"]  # "cattle" before it, "buffalo" after it
    assert q.best == "ox" and q.best_delta == 0.0  # (the LM gain was the dropped best's)
    assert math.isclose(q.evidence, 5.0 + math.log(0.3))
    assert math.isclose(sum(s for _, s in q.ranked), 1.0)


def test_a_proposal_left_with_nothing_is_dropped_and_others_pass_untouched():
    toks = tokenize("work on spectral features has attracted attention")
    only_repeat = lexical.Proposal(3, 4, 7.0, "has", 4.6, "habit", (("has", 1.0),))
    elsewhere = _proposal(5, 6, [("drawn", 0.7), ("won", 0.3)])
    assert lexical.without_repeats([only_repeat, elsewhere], toks) == [elsewhere]
    # a phrase's first word is read against the word before, its last against the word after
    toks = tokenize("we saw the newest the results")
    p = lexical.Proposal(2, 4, 6.0, "the", 2.0, "habit", (("the", 0.8), ("a", 0.2)))
    (q,) = lexical.without_repeats([p], toks)
    assert q.best == "a"
    # nor across "and" / "or": the next item of a list
    toks = tokenize("cattle, bison and buffalo")
    p = _proposal(1, 2, [("buffalo", 0.5), ("cattle", 0.3), ("ox", 0.2)])
    (q,) = lexical.without_repeats([p], toks)
    assert [c for c, _ in q.ranked] == ["ox"]
    # a sentence break is no neighbour
    toks = tokenize("It was blue. Blue skies followed.")
    p = _proposal(3, 4, [("blue", 0.9), ("azure", 0.1)])  # (token 3 is "Blue": break before it)
    assert lexical.without_repeats([p], toks) == [p]


def test_no_finding_puts_in_the_word_beside_it():
    for text in ("Social species include honey bees, bumblebees, and stingless bees.",
                 "Recent work on spectral features has attracted considerable attention.",
                 "The family includes cattle, bison, buffalo, antelopes, and goats.",
                 "He was Envoy Extraordinary and Minister Plenipotentiary to Spain."):
        toks = tokenize(text)
        for p in lexical.propose(toks):
            # the word beside, and the one beyond it where it is "and" (next in the list)
            before = {toks[p.i - 1].low} if p.i else set()
            if p.i > 1 and toks[p.i - 1].low == "and":
                before.add(toks[p.i - 2].low)
            after = {toks[p.j].low} if p.j < len(toks) else set()
            if p.j + 1 < len(toks) and toks[p.j].low == "and":
                after.add(toks[p.j + 1].low)
            for c, _ in p.ranked:
                assert c.split(" ")[0] not in before and c.split(" ")[-1] not in after, (text, p)


def test_a_link_read_from_unigrams_only_counts_less(monkeypatch):
    # "ostracod counterfeit": the LM holds no bigram of "ostracod" with "counterfeit" or
    # with its candidates, so that link says how common a candidate is, not how it fits
    text = "Our ostracod counterfeit consciousness was studied."
    toks = tokenize(text)
    arrays = lexical.shared_lm().arrays
    hid = arrays.ids(["ostracod"])
    assert not arrays.has_bigram(arrays.ids(["counterfeit"]), hid)[0]

    def evidence(w: float) -> dict:
        monkeypatch.setattr(lexical, "BACKOFF_FIT", w)
        return {(p.i, p.j): p.evidence for p in lexical.propose(toks) if p.source == "thesaurus"}

    off, on = evidence(0.0), evidence(1.0)
    k = [t.low for t in toks].index("counterfeit")
    assert on[(k, k + 1)] < off[(k, k + 1)] - 0.5
    # a word after a history the LM knows it with keeps its evidence
    text = "The couples of Georgia are among our closest allies."
    toks = tokenize(text)
    off, on = evidence(0.0), evidence(1.0)
    k = [t.low for t in toks].index("couples")
    assert on[(k, k + 1)] == off[(k, k + 1)]


def test_a_name_in_running_text_gets_no_thesaurus_candidates(monkeypatch):
    text = "The treaty was signed by Ali and the envoy of Bey in the palace gardens."
    toks = tokenize(text)
    k = [t.text for t in toks].index("Bey")

    def spans(guard: bool) -> set:
        monkeypatch.setattr(lexical, "NAME_GUARD", guard)
        return {(p.i, p.j) for p in lexical.propose(toks) if p.source == "thesaurus"}

    assert (k, k + 1) in spans(False)  # (the LM finds "Bey" surprising; the thesaurus has words for it)
    assert (k, k + 1) not in spans(True)
