"""The precise tier (SmolLM2 rescoring): a clear error without its extra, and, where the
extra is installed, the real model on a few sentences (skipped otherwise)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import unspin
from unspin.errors import UnspinError
from unspin.spin import precise, smollm2

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _installed() -> bool:
    return smollm2.available()


@pytest.fixture
def fresh_load():
    """Forget a loaded model so the loading path runs again (reloading costs a few seconds)."""
    precise.engine.cache_clear()
    smollm2.load.cache_clear()
    smollm2.load_bf16.cache_clear()
    yield
    precise.engine.cache_clear()
    smollm2.load.cache_clear()
    smollm2.load_bf16.cache_clear()


def _one_line_install_error(exc: UnspinError) -> None:
    msg = str(exc)
    assert "\n" not in msg
    assert "install-precise.sh" in msg


def test_missing_model_distribution_is_a_one_line_error(monkeypatch, fresh_load):
    monkeypatch.delenv(smollm2.ENV_GGUF, raising=False)

    def no_dist(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", no_dist)
    with pytest.raises(UnspinError) as ei:
        unspin.analyze("Our couples defend the region.", unspin.Options(tier="precise"))
    _one_line_install_error(ei.value)


def test_bad_gguf_path_is_a_one_line_error(monkeypatch, tmp_path, fresh_load):
    monkeypatch.setenv(smollm2.ENV_GGUF, str(tmp_path / "missing.gguf"))
    with pytest.raises(UnspinError) as ei:
        unspin.analyze("Our couples defend the region.", unspin.Options(tier="precise"))
    assert smollm2.ENV_GGUF in str(ei.value) and "\n" not in str(ei.value)


def test_missing_library_is_a_one_line_error(monkeypatch, tmp_path, fresh_load):
    fake = tmp_path / "m.gguf"
    fake.write_bytes(b"GGUF")
    monkeypatch.setenv(smollm2.ENV_GGUF, str(fake))
    monkeypatch.setitem(sys.modules, "transformers", None)  # import fails
    with pytest.raises(UnspinError) as ei:
        unspin.analyze("Our couples defend the region.", unspin.Options(tier="precise"))
    _one_line_install_error(ei.value)


def test_cli_without_the_model_exits_1_without_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": SRC, smollm2.ENV_GGUF: str(tmp_path / "none.gguf")}
    p = subprocess.run([sys.executable, "-m", "unspin", "analyze", "--tier", "precise", "-"],
                       input=b"Our couples defend the region.", capture_output=True, env=env, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 1, err
    assert "Traceback" not in err and smollm2.ENV_GGUF in err


@pytest.mark.skipif(not _installed(), reason="precise extra not installed (bash scripts/install-precise.sh)")
@pytest.mark.slow
def test_first_load_builds_the_cache_quietly_and_the_next_reads_it(tmp_path):
    # the first load dequantises the GGUF (transformers draws a progress bar there
    # that its own switch does not reach) and saves the fp32 copy; the second reads it
    code = ("from unspin.spin import smollm2; tok, m = smollm2.load(); "
            "print(type(m).__name__, m.config.num_hidden_layers)")
    env = {**os.environ, "PYTHONPATH": SRC, "UNSPIN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("UNSPIN_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=300)
            for _ in range(2)]
    for p in runs:
        assert p.returncode == 0, p.stderr.decode()[-2000:]
        assert p.stdout.decode().split() == ["LlamaForCausalLM", "30"]
        err = p.stderr.decode()
        assert "de-quantizing" not in err and "it/s" not in err, err[-2000:]
    assert (tmp_path / "cache" / f"{smollm2.CACHE_NAME}-{smollm2.find_gguf().stat().st_size}"
            / "config.json").is_file()


def test_default_tier_never_needs_the_extra(monkeypatch):
    monkeypatch.setenv(smollm2.ENV_GGUF, "/nonexistent/model.gguf")
    monkeypatch.setitem(sys.modules, "torch", None)
    rep = unspin.analyze("Georgia is one of our closest couples.", unspin.Options(tier="fast"))
    assert rep.text


# --- what real spinners were seen to do (no model needed: the pool and the decision) ---

def _one_slot(text: str, word: str, cand: str, gain: float):
    """Scored slots as ``precise.score_slots`` returns them: ``word`` of ``text`` with one
    candidate that gains ``gain`` nats over keeping it, at the candidate's pool prior."""
    start = text.index(word)
    prior = dict(precise.slot_pool(word)).get(cand, precise.PRIOR_MISSING)
    return [(precise.Slot(0, 1, 2, start, start + len(word)), [(cand, gain, prior)])]


def test_real_spinners_originals_join_the_slot_pool_first(table_from_env):
    from unspin.spin import resources

    table_from_env(resources.REAL_WORDS_ENV, "woodland\tbicycle\t3\nwoodlands\tforest\t1\n")
    pool = precise.slot_pool("woodland")
    assert pool[0] == ("bicycle", pytest.approx(precise.REAL_POOL_BASE + math.log1p(3)))
    # inflection carried over: seen for "woodlands" (lemma "woodland"), proposed as "bicycles"
    assert dict(precise.slot_pool("woodlands"))["bicycles"] == pytest.approx(precise.REAL_POOL_BASE + math.log1p(3))


def test_the_reverse_thesaurus_lists_each_key_under_its_originals_without_parsing_the_table():
    from unspin.spin.resources import subst_table_wide

    wide = subst_table_wide()
    precise._reverse_table.cache_clear()
    parsed_before = len(wide._done)
    rev = precise._reverse_table()
    # (the default tier builds it for one acronym: parsing all 59,000 entries for it
    # took twice as long and kept them all)
    assert len(wide._done) == parsed_before
    checked = 0
    for key in ("couple", "safeguard", "counterfeit"):
        for orig, _ in wide[key][: precise.WIDE_CANDS]:
            if " " not in orig:
                assert key in rev[orig].split()
                checked += 1
    assert checked >= 10
    assert all("-" not in k for keys in rev.values() for k in keys.split())


def test_a_word_real_spinners_put_in_needs_less_gain(table_from_env):
    from unspin.spin import lexical, resources

    text = "The woodland path was quiet."
    table_from_env(resources.REAL_WORDS_ENV, "woodland\tbicycle\t3\n")
    odds = lexical.real_odds("woodland")
    assert odds > 1.0
    prior = dict(precise.slot_pool("woodland"))["bicycle"]
    # a gain that clears the margin only with the odds
    gain = precise.MARGIN - precise.PRIOR_W * prior - odds / 2
    scored = _one_slot(text, "woodland", "bicycle", gain)
    (f,) = precise.decide(text, scored)
    assert (f.text, f.suggestion) == ("woodland", "bicycle")
    assert "real spinners were seen to put \"woodland\" for \"bicycle\"" in f.evidence and "3 times" in f.evidence
    assert precise.decide(text, scored, odds_w=0.0) == []
    # without the table the word has no odds: not reported
    table_from_env(resources.REAL_WORDS_ENV, "meadow\tfield\t1\n")
    assert precise.decide(text, scored) == []


def test_a_candidate_repeating_the_word_beside_it_is_not_put_in():
    text = "The herd held cattle, bison, buffalo and goats."
    start = text.index("bison")
    slot = precise.Slot(0, 4, 5, start, start + len("bison"))  # token 4 of the text
    scored = [(slot, [("buffalo", 20.0, 0.0), ("ox", precise.MARGIN + 1.0, 0.0)])]
    (f,) = precise.decide(text, scored)
    assert (f.text, f.suggestion) == ("bison", "ox")
    assert all(a != "buffalo" for a, _ in f.alternatives)
    only = [(slot, [("cattle", 20.0, 0.0)])]  # the word before it
    assert precise.decide(text, only) == []


def test_a_word_written_inside_a_term_of_the_field_is_no_slot_of_its_own(table_from_env):
    from unspin.spin import resources, terms
    from unspin.spin.tokens import tokenize

    toks = tokenize("We trained a woodland bicycle on the images.")
    k = [t.low for t in toks].index("woodland")
    table_from_env(resources.REAL_TERMS_ENV, "meadow\tfield\t1\n")
    assert not terms.in_term(toks, k) and not terms.in_term(toks, k + 1)
    table_from_env(resources.REAL_TERMS_ENV, "woodland\tbicycle\t2\n")
    assert terms.in_term(toks, k) and terms.in_term(toks, k + 1)  # both words of the term
    assert not terms.in_term(toks, k - 1)  # "a"


GUARDED = "AMBASSADOR SMITH: Thank you so much. We urged our friends in the Congress to pass the aid."


def test_words_in_capitals_and_names_in_running_text_are_left_alone():
    from unspin.spin.tokens import left_alone, tokenize

    toks = tokenize(GUARDED)
    got = {toks[t].text for t in left_alone(toks)}
    # a speaker's label in capitals, and a name inside a sentence; not the capital a
    # sentence starts with ("Thank", "We")
    assert got == {"AMBASSADOR", "SMITH", "Congress"}
    assert {toks[t].text for t in left_alone(toks, names=False)} == {"AMBASSADOR", "SMITH"}
    # a heading in title case is no run of names; a lone capital letter is no word in capitals
    toks = tokenize("Counterfeit Consciousness In Medicine. I said so.")
    assert left_alone(toks) == set()


needs_model = pytest.mark.skipif(not _installed(), reason="precise extra not installed "
                                 "(bash scripts/install-precise.sh)")


@needs_model
@pytest.mark.slow
def test_no_slot_of_the_precise_tier_on_a_name_or_a_word_in_capitals():
    from unspin.spin.lexical import propose
    from unspin.spin.tokens import left_alone, tokenize

    toks = tokenize(GUARDED)
    alone = left_alone(toks)
    scored = precise.score_all(GUARDED, toks, propose(toks))
    assert all(t not in alone for sl, _ in scored for t in range(sl.i, sl.j))
    rep = unspin.analyze(GUARDED, unspin.Options(tier="precise"))
    assert "AMBASSADOR SMITH:" in rep.restored and "the Congress" in rep.restored


def test_a_lowercase_word_expected_capitalised_gets_its_capital_as_candidate():
    import numpy as np

    from unspin.spin.tokens import tokenize

    text = "They sailed to odessa and saw the port of odessa again."
    toks = tokenize(text)
    forms = sorted({f for t in toks for f in (t.text, t.text[:1].upper() + t.text[1:])})
    vocab = {w: i for i, w in enumerate(forms)}

    class Eng:
        def first_token(self, w):
            return vocab[w]

    rows = []
    for t in toks:  # row k predicts token k: a name is expected capitalised, nothing else
        row = np.full(len(vocab), -8.0)
        if t.low == "odessa":
            row[vocab["Odessa"]], row[vocab["odessa"]] = -1.0, -6.0
        else:
            row[vocab[t.text]] = -1.0
        rows.append(row)
    starts = [t.start for t in toks]

    def tok_at(rel):  # token k sits at position k + 1 (position 0 is a prefix)
        return starts.index(rel) + 1

    got = precise._capitals(Eng(), toks, list(range(len(toks))), 0, rows, tok_at)
    assert got == {k: "Odessa" for k, t in enumerate(toks) if t.low == "odessa"}


PAIRS = [  # (spun, original): real spinner rewrites of the kind the seed page shows
    ("Georgia is one of our closest couples.", "Georgia is one of our closest allies."),
    ("Researchers study counterfeit consciousness in computers.",
     "Researchers study artificial intelligence in computers."),
]


@needs_model
@pytest.mark.slow
def test_real_model_scores_originals_above_spins():
    eng = precise.engine()
    for spun, orig in PAIRS:
        (s_lp, _, _), (o_lp, _, _) = eng.sentence(eng.encode(spun)), eng.sentence(eng.encode(orig))
        assert sum(o_lp[len(eng.prefix) - 1:]) > sum(s_lp[len(eng.prefix) - 1:])


@needs_model
@pytest.mark.slow
def test_real_model_restores_spun_words_and_keeps_honest_text():
    spun = " ".join(s for s, _ in PAIRS)
    honest = "The committee approved the budget after a long debate on Tuesday."
    opts = unspin.Options(tier="precise")
    rep = unspin.analyze(spun, opts)
    found = rep.by_kind("spun")
    assert found and rep.restored != spun
    spun_words = {w.strip(".").lower() for s, o in PAIRS for w in s.split()} - \
        {w.strip(".").lower() for s, o in PAIRS for w in o.split()}
    for f in found:
        # what it flags is a word the spinner put in, with a SmolLM2 suggestion and a reason
        assert set(f.text.lower().split()) <= spun_words
        assert f.suggestion and f.suggestion.lower() != f.text.lower()
        assert "SmolLM2" in f.evidence and 0.0 <= f.confidence <= 1.0
    rep_h = unspin.analyze(honest, opts)
    assert rep_h.restored == honest


@needs_model
@pytest.mark.slow
def test_real_model_capitalises_a_lowercased_name_it_knows():
    text = "The ships reached the port of odessa before the winter storms began."
    rep = unspin.analyze(text, unspin.Options(tier="precise"))
    found = [f for f in rep.by_kind("spun") if f.text == "odessa"]
    assert found and found[0].suggestion == "Odessa" and "lowercase" in found[0].evidence
    assert "port of Odessa" in rep.restored


@needs_model
@pytest.mark.slow
def test_sentence_scoring_with_a_reused_prefix_matches_full_scoring():
    eng = precise.Engine("fp32")  # exact arithmetic: the two paths agree to 1e-3
    a = eng.encode("Georgia is one of our closest partners in the region.")
    b_tail = eng.tok(" allies in the region.", add_special_tokens=False)["input_ids"]
    lps, logp, kv = eng.sentence(a)
    k = len(eng.encode("Georgia is one of our closest"))
    (cont,) = eng.continuations(kv, k, logp[k - 1], [b_tail])
    lps_b, _, _ = eng.sentence(a[:k] + b_tail)
    assert abs(cont - sum(lps_b[k - 1:])) < 1e-3


@needs_model
@pytest.mark.slow
def test_batched_variants_at_different_prefix_lengths_match_separate_scoring():
    eng = precise.Engine("fp32")
    ids = eng.encode("The council approved the new budget after a long debate on Tuesday.")
    lps, logp, kv = eng.sentence(ids)
    P = len(eng.prefix)
    reqs = [(P + 2, ids[P + 2:P + 6]), (P + 5, eng.tok(" plan after a", add_special_tokens=False)["input_ids"]),
            (P + 8, ids[P + 8:P + 9] + ids[P + 8:P + 10])]
    batched = eng.batch_continuations(kv, reqs)
    for (k, v), got in zip(reqs, batched):
        (alone,) = eng.continuations(kv, k, logp[k - 1], [v])
        assert abs(got + float(logp[k - 1][v[0]]) - alone) < 1e-3


@needs_model
@pytest.mark.slow
def test_bf16_passes_stay_within_0_15_nats_of_fp32_per_token():
    # bf16 autocast (the default where the CPU has native bfloat16) against exact fp32:
    # every token's log-probability, the reused-prefix path and the batched path
    exact, fast = precise.Engine("fp32"), precise.Engine("bf16")
    for spun, orig in PAIRS:
        for text in (spun, orig):
            ids = exact.encode(text)
            (a, _, kv_a), (b, _, kv_b) = exact.sentence(ids), fast.sentence(ids)
            assert max(abs(x - y) for x, y in zip(a, b)) < 0.15
            P = len(exact.prefix)
            reqs = [(P + 1, ids[P + 1:]), (P + 2, ids[P + 2:P + 5])]
            pairs = zip(reqs, exact.batch_continuations(kv_a, reqs), fast.batch_continuations(kv_b, reqs))
            for (_, v), x, y in pairs:
                assert abs(x - y) < 0.15 * (len(v) - 1)


def test_compute_dtype_reads_the_environment(monkeypatch):
    monkeypatch.setenv(smollm2.ENV_DTYPE, "fp32")
    assert smollm2.compute_dtype() == "fp32"
    monkeypatch.setenv(smollm2.ENV_DTYPE, "BF16")
    assert smollm2.compute_dtype() == "bf16"
    monkeypatch.setenv(smollm2.ENV_DTYPE, "half")
    with pytest.raises(UnspinError) as ei:
        smollm2.compute_dtype()
    assert smollm2.ENV_DTYPE in str(ei.value) and "\n" not in str(ei.value)


@needs_model
@pytest.mark.slow
def test_smollm2_reads_a_whole_sentence_numbers_and_brackets_included(monkeypatch):
    monkeypatch.setattr(precise, "PASSES", 1)
    text = "The park covers 14,763 km2 (5,700 sq mi) in northern Tanzania, and its couples guard the region."
    from unspin.spin.lexical import propose
    from unspin.spin.tokens import tokenize

    toks = tokenize(text)
    counters: dict = {}
    precise.score_slots(text, toks, propose(toks), counters)
    assert counters["precise_sentences"] == 1  # one sentence, not the runs between the numbers


@needs_model
@pytest.mark.slow
def test_second_pass_findings_point_into_the_text_and_do_not_overlap(monkeypatch):
    monkeypatch.setattr(precise, "PASSES", 2)
    text = ("Georgia is one of our closest couples in the locale. "
            "Researchers study counterfeit consciousness in computers.")
    rep = unspin.analyze(text, unspin.Options(tier="precise"))
    spans = sorted((f.start, f.end) for f in rep.by_kind("spun"))
    for f in rep.by_kind("spun"):
        assert text[f.start:f.end] == f.text
    assert all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))
