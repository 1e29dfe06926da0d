"""unspin.dupes: spun copies are grouped, unrelated documents are not, links find the source."""

from __future__ import annotations

import json
import random
import re

import pytest

from unspin.dupes import Params, Reference, align, find_groups, fingerprint, similar_pairs, word_class
from unspin.dupes import group
from unspin.dupes.textfeatures import alt_table, class_table

# A tiny spinner for the tests: swap content words for a word of the same shipped synonym
# class about half the time and for an unrelated word otherwise (what a spinner does when
# its thesaurus and unspin's disagree), and swap some function words.
_WORD = re.compile(r"[A-Za-z]+")
_FUNCTION_SWAPS = {"the": "a", "a": "the", "of": "in", "in": "within", "and": "as well as", "is": "was"}


def _members_by_class():
    by = {}
    for word, rep in class_table().items():
        by.setdefault(rep, []).append(word)
    return by


def spin(text: str, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    table = class_table()
    by = _members_by_class()
    vocab = sorted(table)

    def sub(m):
        w = m.group()
        if rng.random() >= rate:
            return w
        low = w.lower()
        if low in _FUNCTION_SWAPS:
            return _FUNCTION_SWAPS[low]
        if low in table and rng.random() < 0.5:
            cands = [x for x in by[table[low]] if x != low]
            if cands:
                new = rng.choice(sorted(cands))
                return new.capitalize() if w[0].isupper() else new
        if low in table:
            return rng.choice(vocab)
        return w

    return _WORD.sub(sub, text)


def _wiki(shared_data, n, offset=0, min_words=60):
    out = []
    with open(shared_data / "clean" / "wikipedia-summaries.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if len(d["text"].split()) >= min_words:
                out.append((d["id"], d["text"]))
    return out[offset:offset + n]


SOURCE = ("The river flows through the northern valley, where farmers grow wheat, barley and "
          "apples. In 1887 the railway company built a station near the old mill, and the town "
          "of Ashford grew quickly as merchants arrived to trade grain and timber. Today the "
          "valley is known for its orchards, its annual harvest festival in September and the "
          "ancient stone bridge that crosses the river below the church of Saint Mary.")
OTHER = ("Photosynthesis is the process by which green plants and some bacteria convert light "
         "energy into chemical energy. Chlorophyll absorbs mostly blue and red light, while the "
         "reactions in the chloroplast split water and release oxygen as a by-product. The sugars "
         "produced feed the plant and, through food chains, almost every animal on Earth.")


def test_word_classes_join_synonyms_and_are_stable():
    table = class_table()
    assert len(table) > 20_000
    rep = table["territory"]
    assert word_class("territory") == word_class(rep)
    assert word_class("territories") == word_class("territory")  # crude lemmatising
    assert word_class("zzqxv") == word_class("zzqxv") != word_class("territory")


def test_fingerprint_keeps_names_and_numbers_as_evidence():
    fp = fingerprint(SOURCE)
    assert "1887" in fp.anchors and "Ashford" in fp.anchors
    assert "The" not in fp.anchors  # sentence-initial capitals are not names
    assert len(fp.names) >= 3
    assert len(fp.classes) > 20


def test_spun_copy_aligns_far_above_unrelated_text():
    spun = spin(SOURCE, 0.3, 1)
    assert spun != SOURCE
    same = align(fingerprint(SOURCE), fingerprint(spun)).similarity
    other = align(fingerprint(SOURCE), fingerprint(OTHER)).similarity
    assert same >= Params().threshold > other


@pytest.mark.shared
def test_groups_spun_copies_at_30_percent_and_keeps_unrelated_apart(shared_data):
    sources = _wiki(shared_data, 12)
    unrelated = _wiki(shared_data, 150, offset=12)
    docs, truth = [], {}
    for i, (sid, text) in enumerate(sources):
        for c in range(3):
            cid = f"spun{c}:{sid}"
            docs.append((cid, spin(text, 0.3, 100 * i + c)))
            truth[cid] = sid
    docs.extend(unrelated)
    random.Random(5).shuffle(docs)
    groups = find_groups(docs)
    found = {}
    for g in groups:
        srcs = {truth.get(m) for m in g.members}
        assert len(srcs) == 1 and None not in srcs, f"group mixes documents: {g.members}"
        found[srcs.pop()] = len(g.members)
    # every source's three copies end up together
    assert sum(found.get(sid, 0) == 3 for sid, _ in sources) >= 11
    for g in groups:
        for p in g.pairs:
            assert 0 < p.similarity <= 1


@pytest.mark.shared
def test_links_spun_pages_to_their_source_and_not_unrelated_ones(shared_data):
    sources = _wiki(shared_data, 30, offset=200)
    ref = Reference(sources)
    assert len(ref) == 30
    ok = 0
    for i, (sid, text) in enumerate(sources[:10]):
        link = ref.link(f"spun:{sid}", spin(text, 0.3, i))
        ok += link.reference_id == sid
        if link.reference_id is not None:
            assert link.similarity >= Params().threshold
            assert "content words align" in link.evidence
    assert ok >= 9
    for oid, text in _wiki(shared_data, 20, offset=400):
        assert ref.link(oid, text).reference_id is None


def test_determinism():
    docs = [("a", SOURCE), ("b", spin(SOURCE, 0.3, 2)), ("c", OTHER), ("d", spin(SOURCE, 0.2, 3))]
    first = [p.to_dict() for p in similar_pairs(docs)]
    second = [p.to_dict() for p in similar_pairs(list(docs))]
    assert first == second
    assert fingerprint(SOURCE) == fingerprint(SOURCE)
    groups = find_groups(docs)
    assert [g.to_dict() for g in groups] == [g.to_dict() for g in find_groups(docs)]
    assert groups and set(groups[0].members) == {"a", "b", "d"}


def test_empty_and_tiny_documents_are_safe():
    assert find_groups([]) == []
    assert find_groups([("a", ""), ("b", "  "), ("c", "Hi.")]) == []
    assert Reference([]).link("x", SOURCE).reference_id is None


def _out_of_class_spin(text: str, seed: int) -> tuple[str, int]:
    """Swap every content word the tables know for a word of one of its *other* classes."""
    rng = random.Random(seed)
    table, alts = class_table(), alt_table()
    by = _members_by_class()
    swapped = 0

    def sub(m):
        nonlocal swapped
        low = m.group().lower()
        other = [c for c in alts.get(low, "").split() if by.get(c)]
        if not other or len(low) < 4:
            return m.group()
        cls = rng.choice(sorted(other))
        new = rng.choice(sorted(by[cls]))
        if table.get(new) == table.get(low):
            return m.group()
        swapped += 1
        return new

    return _WORD.sub(sub, text), swapped


def test_synonyms_in_other_classes_still_align(monkeypatch):
    spun, swapped = _out_of_class_spin(SOURCE, 3)
    assert swapped >= 10
    fa, fb = fingerprint(SOURCE), fingerprint(spun)
    with_alts = align(fa, fb).similarity
    monkeypatch.setattr(group, "SOFT_WEIGHT", 0.0)
    exact_only = align(fa, fb).similarity
    assert with_alts > exact_only + 0.1
    assert with_alts >= Params().threshold


def test_swapped_sentences_still_align():
    sents = SOURCE.split(". ")
    swapped = ". ".join(sents[len(sents) // 2:] + sents[:len(sents) // 2])
    assert align(fingerprint(SOURCE), fingerprint(swapped)).similarity > 0.9
    assert align(fingerprint(SOURCE), fingerprint(OTHER)).similarity < Params().threshold


def test_copy_with_few_rare_words_meets_its_longer_copy():
    base = ("People said the city would work with the new school to help children and their "
            "families get better care, and the plan would start next year with more money.")
    longer = base + " It was built in 1887, 1903, 1921, 1946, 1958 and 1979."
    assert len(fingerprint(base).rare) < Params().min_rare <= len(fingerprint(longer).rare)
    pairs = list(similar_pairs([("short", base), ("long", longer), ("other", OTHER)]))
    assert [(p.a, p.b) for p in pairs] == [("short", "long")]
