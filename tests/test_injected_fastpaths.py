"""The injected detector's shortcuts give what the general rules give.

(The tokenizer's per-word fast paths and caches, the clause and sentence
splits, the word-frequency look-up.)
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from unspin.injected import lexicon
from unspin.injected.topic import clause_index
from unspin.injected.words import _plain_word, _shape, normalise, script_of, sentences, tokenize

_LETTERS = "abcXYZéÉßñÃ±ДдğıłŁ’'-"
_PIECES = ["word", "Word", "U.S.", "(born", "1990)", "\"quoted", "end.\"", "it's", "ÃĽber", "hesabД±", "—", "-",
           ",", "...", "www.example.com", "[1]", "«x»", "co-op,", "Ende;", "¿qué?"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LETTERS, min_size=1, max_size=12))
def test_plain_word_is_the_general_rule(word):
    norm, repaired = normalise(word)
    assert _plain_word(word) == (norm, script_of(norm), word[0].isupper(), repaired)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "  ", "\n", " \n ", "\t", "\r\n"])),
                min_size=1, max_size=30),
       st.sampled_from(["", " ", "\n"]))
def test_tokens_point_at_their_words(parts, lead):
    text = lead + "".join(p + sep for p, sep in parts)
    tokens = tokenize(text)
    for t in tokens:
        assert text[t.start:t.end] == t.text
        assert t.text.strip() == t.text and t.text
    # a token before a line break ends its sentence; one whose chunk is cached gives
    # the same token wherever it stands (offsets aside)
    for t in tokens:
        if text[t.end:t.end + 1] == "\n":
            assert t.eos and t.brk
    again = tokenize(" " + text)
    assert [t[2:] for t in again] == [t[2:] for t in tokens]
    assert [t.start + 1 for t in tokens] == [t.start for t in again]


def test_shape_of_punctuation_only_is_none():
    assert _shape("...") is None and _shape('"(') is None
    assert _shape("(born")[8] is True  # opens


def test_line_break_closes_an_open_quote():
    a = tokenize('He said "one two\nthree four')
    assert [t.quoted for t in a] == [False, False, True, True, False, False]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=40))
def test_clauses_and_sentences_cover_every_token(flags):
    base = tokenize("x")[0]
    toks = [base._replace(start=k, end=k + 1, brk=brk or eos, eos=eos) for k, (brk, eos) in enumerate(flags)]
    sents = sentences(toks)
    assert sents[0][0] == 0 and sents[-1][1] == len(toks) - 1
    assert all(b + 1 == c for (_, b), (c, _) in zip(sents, sents[1:]))
    assert all(toks[b].eos for _, b in sents[:-1])
    clauses = clause_index(toks)
    assert len(clauses) == len(toks)
    for k, (a, b) in enumerate(clauses):
        assert a <= k <= b and (toks[b].brk or b == len(toks) - 1)
        assert not any(toks[x].brk for x in range(a, b))


def test_lookup_and_english_zipf_agree():
    for w in ("the", "of", "und", "pożyczka", "hesabı", "zzqxj", ""):
        wf = lexicon.lookup(w)
        assert isinstance(wf, lexicon.WordFreq)
        assert lexicon.english_zipf(w) == wf.en
    assert lexicon.english_zipf("the") > 6 and lexicon.lookup("zzqxj") == lexicon.WordFreq(0.0, "", 0.0)
