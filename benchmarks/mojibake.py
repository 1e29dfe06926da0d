"""Encoding repair, side by side with ftfy.

    PYTHONPATH=src python -m benchmarks.mojibake [--quick]

(a) ftfy's own test cases (``../shared/data/mojibake/ftfy-*.json``): pass rate
    of ``ftfy.fix_text`` (against ``fixed``) and of ``ftfy.fix_encoding`` and
    unspin's repair (against ``fixed-encoding``, or ``fixed`` where absent: the
    encoding-only expectation, as in ftfy's own tests), per file.
(b) mixed encodings: clean English Wikipedia leads with words and phrases in
    19 languages inserted, or substituted for English words, after a round
    trip through a wrong code page (UTF-8 bytes read as windows-1251, mac-roman,
    koi8-r, ..., sometimes twice). The ground truth is the document with the
    clean phrase. Documents are split dev/test by a hash of their id; figures
    are on TEST only (the detector was tuned on dev). Also: untouched English
    documents, and documents with *correct* foreign phrases inserted, which
    must come back unchanged.
(b2) false positives on 10,000 generated clean multilingual snippets that
    look odd (words of 37 languages, any case, glued quotes, symbols, emoji).
(c) speed of the mojibake detector on clean Wikipedia leads, as a ratio to
    ``ftfy.fix_text`` timed in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from collections import defaultdict

import ftfy
import wordfreq

from benchmarks._shared import shared_data_dir, write_results
from unspin.detectors import mojibake
from unspin.edits import apply_edits, select_edits

LANGS = ("tr", "ru", "uk", "bg", "pl", "cs", "sk", "hu", "ro", "el", "de", "fr", "es", "pt",
         "vi", "ar", "he", "zh", "ja")
NO_SPACE = {"zh", "ja"}

#: (how the UTF-8 bytes were misread, weight). "a+b": read as a, stored as
#: UTF-8, then read as b again (double encoding).
CODEPAGES = (
    ("cp1252", 25), ("latin-1", 5), ("cp1251", 14), ("cp1250", 7), ("cp1253", 4),
    ("cp1254", 5), ("cp1257", 3), ("mac_roman", 5), ("koi8_r", 3), ("cp437", 3), ("cp850", 2),
    ("iso8859_2", 2), ("iso8859_5", 2), ("iso8859_7", 2), ("iso8859_9", 1), ("iso8859_15", 2),
    ("cp866", 1), ("cp1252+cp1252", 4), ("cp1251+cp1252", 2),
)

#: ftfy.fix_text limited to encoding repair (no quote uncurling, HTML, width...).
FTFY_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
    fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
    fix_surrogates=False, remove_control_chars=False, normalization=None,
)


def misdecode(text: str, codecs: str) -> str:
    for codec in codecs.split("+"):
        raw = text.encode("utf-8")
        text = "".join(_byte(codec, b) for b in raw)
    return text


_BYTE_CACHE: dict[tuple[str, int], str] = {}


def _byte(codec: str, b: int) -> str:
    key = (codec, b)
    if key not in _BYTE_CACHE:
        try:
            _BYTE_CACHE[key] = bytes([b]).decode(codec)
        except UnicodeDecodeError:
            _BYTE_CACHE[key] = chr(b)  # what browsers and "sloppy" decoders show
    return _BYTE_CACHE[key]


def _vocab(lang: str) -> list[str]:
    words = []
    for w in wordfreq.top_n_list(lang, 4000):
        if not any(c.isalpha() for c in w) or (lang not in ("vi",) and w.isascii() and lang not in
                                                ("de", "fr", "es", "pt", "pl", "cs", "sk", "hu",
                                                 "ro", "tr")):
            continue
        if lang == "el" and w.endswith("σ"):
            w = w[:-1] + "ς"
        words.append(w)
    return words


def make_phrase(rng: random.Random, lang: str, vocab: dict[str, list[str]]) -> str:
    words = vocab[lang]
    for _ in range(50):
        k = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6))
        ws = [rng.choice(words) for _ in range(k)]
        if rng.random() < 0.3 and lang not in NO_SPACE:
            ws[0] = ws[0][:1].upper() + ws[0][1:]
        phrase = ("" if lang in NO_SPACE else " ").join(ws)
        if not phrase.isascii():
            return phrase
    return phrase


def gold_runs(clean: str, damaged: str, lang: str):
    """Runs of damaged words: [(start, end) in damaged, clean text of the run]."""
    if lang in NO_SPACE:
        return [((0, len(damaged)), clean)]
    cw, dw = clean.split(" "), damaged.split(" ")
    runs, pos, cur = [], 0, None
    for c, d in zip(cw, dw):
        if c != d:
            if cur is None:
                cur = [pos, pos + len(d), [c]]
            else:
                cur[1] = pos + len(d)
                cur[2].append(c)
        elif cur is not None:
            runs.append(((cur[0], cur[1]), " ".join(cur[2])))
            cur = None
        pos += len(d) + 1
    if cur is not None:
        runs.append(((cur[0], cur[1]), " ".join(cur[2])))
    return runs


def build_docs(rng: random.Random, docs: list[dict], vocab) -> list[dict]:
    cps = [c for c, _ in CODEPAGES]
    weights = [w for _, w in CODEPAGES]
    out = []
    for d in docs:
        text = d["text"]
        roll = rng.random()
        kind = "damaged" if roll < 0.6 else ("foreign" if roll < 0.8 else "plain")
        if kind == "plain":
            out.append({"id": d["id"], "kind": kind, "text": text, "truth": text, "gold": []})
            continue
        n_ins = rng.choice((1, 1, 2, 3))
        # Insertion points at word starts, applied right to left.
        starts = [i for i in range(1, len(text)) if text[i - 1] == " " and text[i].isalnum()]
        if not starts:
            continue
        picks = sorted(rng.sample(starts, min(n_ins, len(starts))))
        pieces_bad, pieces_good = [], []
        gold = []
        prev = 0
        bad_len = good_len = 0
        for p in picks:
            lang = rng.choice(LANGS)
            clean = make_phrase(rng, lang, vocab)
            codecs = rng.choices(cps, weights)[0]
            bad = misdecode(clean, codecs) if kind == "damaged" else clean
            wrap = rng.choice(("", "", "", "quote", "comma", "paren"))
            pre, post = {"": ("", " "), "quote": ("“", "” "), "comma": ("", ", "),
                         "paren": ("(", ") ")}[wrap]
            # Substitute the next 1-2 English words half of the time.
            end = p
            if rng.random() < 0.5:
                for _ in range(rng.choice((1, 2))):
                    nxt = text.find(" ", end)
                    if nxt < 0 or nxt + 1 >= len(text):
                        break
                    end = nxt + 1
            chunk = text[prev:p]
            pieces_bad.append(chunk)
            pieces_good.append(chunk)
            bad_len += len(chunk)
            good_len += len(chunk)
            base = bad_len + len(pre)
            if kind == "damaged":
                for (s, e), good_run in gold_runs(clean, bad, lang):
                    gold.append({"start": base + s, "end": base + e, "truth": good_run,
                                 "lang": lang, "codecs": codecs})
            pieces_bad.append(pre + bad + post)
            pieces_good.append(pre + clean + post)
            bad_len += len(pre + bad + post)
            good_len += len(pre + clean + post)
            prev = end
        pieces_bad.append(text[prev:])
        pieces_good.append(text[prev:])
        out.append({"id": d["id"], "kind": kind, "text": "".join(pieces_bad),
                    "truth": "".join(pieces_good), "gold": gold})
    return out


def unspin_repair(text: str):
    found = mojibake.detect(text)
    fixed, _ = apply_edits(text, select_edits(found, ("mojibake",)))
    return fixed, [(f.start, f.end, f.suggestion) for f in found]


def ftfy_repair(text: str):
    fixed = ftfy.fix_text(text, FTFY_ENCODING_ONLY)
    spans = []
    if fixed != text:
        for a0, a1, b in mojibake._changed_regions(text, fixed):
            s, e, new = mojibake._tighten(text, a0, a1, b)
            spans.append((s, e, new))
    return fixed, spans


def score_mixed(docs: list[dict], repair) -> dict:
    n_gold = exact_runs = 0
    pred_spans = pred_ok = 0
    gold_chars = covered = pred_chars = pred_in_gold = 0
    per_cp = defaultdict(lambda: [0, 0])
    per_lang = defaultdict(lambda: [0, 0])
    doc_exact = n_damaged = 0
    changed = defaultdict(lambda: [0, 0])
    for d in docs:
        fixed, spans = repair(d["text"])
        if d["kind"] != "damaged":
            changed[d["kind"]][0] += fixed != d["text"]
            changed[d["kind"]][1] += 1
            pred_spans += len(spans)
            pred_chars += sum(e - s for s, e, _ in spans)
            continue
        n_damaged += 1
        doc_exact += fixed == d["truth"]
        gold = {(g["start"], g["end"]): g for g in d["gold"]}
        gmask = set()
        for g in d["gold"]:
            gmask.update(range(g["start"], g["end"]))
        pmask = set()
        for s, e, new in spans:
            pred_spans += 1
            pmask.update(range(s, e))
            g = gold.get((s, e))
            if g is not None and new == g["truth"]:
                pred_ok += 1
        for g in d["gold"]:
            n_gold += 1
            hit = any(s == g["start"] and e == g["end"] and new == g["truth"] for s, e, new in spans)
            exact_runs += hit
            per_cp[g["codecs"]][0] += hit
            per_cp[g["codecs"]][1] += 1
            per_lang[g["lang"]][0] += hit
            per_lang[g["lang"]][1] += 1
        gold_chars += len(gmask)
        covered += len(gmask & pmask)
        pred_chars += len(pmask)
        pred_in_gold += len(gmask & pmask)
    return {
        "damaged_docs": n_damaged,
        "damaged_runs": n_gold,
        "exact_run_repair_rate": _r(exact_runs, n_gold),
        "exact_doc_repair_rate": _r(doc_exact, n_damaged),
        "span_precision": _r(pred_ok, pred_spans),
        "span_recall": _r(exact_runs, n_gold),
        "char_precision": _r(pred_in_gold, pred_chars),
        "char_recall": _r(covered, gold_chars),
        "fp_rate_plain_docs": _r(changed["plain"][0], changed["plain"][1]),
        "fp_rate_clean_foreign_docs": _r(changed["foreign"][0], changed["foreign"][1]),
        "untouched_docs": {k: v[1] for k, v in changed.items()},
        "run_repair_by_codepage": {k: _r(*v) for k, v in sorted(per_cp.items())},
        "run_repair_by_language": {k: _r(*v) for k, v in sorted(per_lang.items())},
    }


def _r(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def ftfy_cases(data) -> dict:
    out = {}
    for name in ("in-the-wild", "synthetic", "language-names", "negative", "known-failures"):
        cases = json.loads((data / "mojibake" / f"ftfy-{name}.json").read_text(encoding="utf-8"))
        ft = fe = us = 0
        for c in cases:
            enc_expected = c.get("fixed-encoding", c["fixed"])
            ft += ftfy.fix_text(c["original"]) == c["fixed"]
            fe += ftfy.fix_encoding(c["original"]) == enc_expected
            us += unspin_repair(c["original"])[0] == enc_expected
        out[name] = {"cases": len(cases), "ftfy.fix_text": _r(ft, len(cases)),
                     "ftfy.fix_encoding": _r(fe, len(cases)), "unspin": _r(us, len(cases))}
    return out


def speed(docs: list[str], repeat: int) -> dict:
    mb = sum(len(t.encode("utf-8")) for t in docs) / 1e6

    def timed(fn) -> float:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            for t in docs:
                fn(t)
            best = min(best, time.perf_counter() - t0)
        return best

    t_ftfy = timed(ftfy.fix_text)
    t_us = timed(mojibake.detect)
    return {"docs": len(docs), "mb": round(mb, 3), "ftfy_fix_text_mb_s": round(mb / t_ftfy, 2),
            "unspin_detect_mb_s": round(mb / t_us, 2), "ratio_to_ftfy": round(t_ftfy / t_us, 2)}


OPEN = ("“", "«", "„", "‚", "‘", "(", "[", '"', "'", "¿", "¡", "—", "–")
CLOSE = ("”", "»", "“", "’", "…", ")", "]", ".", ",", ";", ":", "!", "?", '"', "'", "?!", "…»",
         ".”", "™", "®", "©", "°", "²", "³", "%", "¹")
SYMBOLS = tuple("√π∞≈≠≤≥∑∫∆µΩ←→↑↓★☆♥❤✔✓😀😂👍🎉½¼¾§¶•·×÷±€£¥©®™°–—…") + (
    "5×3", "£35", "35°C", "©2024", "€10", "¥500", "±2", "2×£35", "4288×…", "√π", "−1", "1ª",
    "2º", "½kg", "№5", "μm")
STRESS_LANGS = LANGS + ("mk", "it", "fa", "ko", "hi", "lv", "lt", "is", "da", "sv", "nb", "fi",
                        "ca", "sl", "sh", "bn", "ta", "en")


def stress_snippets(rng: random.Random, n: int) -> list[str]:
    """Clean multilingual snippets that look odd: words of 37 languages in any
    case, glued quotes and punctuation, symbols, math, emoji, NBSP separators."""
    vocab = {lang: wordfreq.top_n_list(lang, 3000) for lang in STRESS_LANGS}
    out = []
    for _ in range(n):
        lang = rng.choice(STRESS_LANGS)
        parts = []
        for _ in range(rng.randint(1, 14)):
            if rng.random() < 0.3:
                lang = rng.choice(STRESS_LANGS)
            if rng.random() < 0.85:
                w = rng.choice(vocab[lang])
                m = rng.random()
                w = w.upper() if m < 0.2 else (w[:1].upper() + w[1:] if m < 0.45 else w)
                if rng.random() < 0.2:
                    w = rng.choice(OPEN) + w
                if rng.random() < 0.3:
                    w = w + rng.choice(CLOSE)
            else:
                w = rng.choice(SYMBOLS)
            parts.append(w)
        out.append(rng.choice((" ", " ", " ", "\xa0")).join(parts))
    return out


def stress(snippets: list[str]) -> dict:
    us = sum(unspin_repair(t)[0] != t for t in snippets)
    fe = sum(ftfy.fix_text(t, FTFY_ENCODING_ONLY) != t for t in snippets)
    return {"snippets": len(snippets), "unspin_changed": _r(us, len(snippets)),
            "ftfy.fix_text (encoding only)_changed": _r(fe, len(snippets))}


def split_of(doc_id: str) -> str:
    h = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16)
    return "dev" if h % 10 < 3 else "test"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sample (about a minute)")
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    args = ap.parse_args(argv)
    data = shared_data_dir()
    n_docs = 400 if args.quick else 3000
    rng = random.Random(20261129)

    results: dict = {"command": "PYTHONPATH=src python -m benchmarks.mojibake"
                     + (" --quick" if args.quick else ""), "split": args.split}
    print("(a) ftfy's own cases")
    results["ftfy_cases"] = ftfy_cases(data)
    for k, v in results["ftfy_cases"].items():
        print(f"  {k:15} n={v['cases']:3}  ftfy.fix_text {v['ftfy.fix_text']:.3f}  "
              f"ftfy.fix_encoding {v['ftfy.fix_encoding']:.3f}  unspin {v['unspin']:.3f}")

    wiki = [json.loads(line) for line in
            (data / "clean" / "wikipedia-summaries.jsonl").read_text(encoding="utf-8").splitlines()]
    pool = [d for d in wiki if split_of(d["id"]) == args.split]
    rng.shuffle(pool)
    vocab = {lang: _vocab(lang) for lang in LANGS}
    docs = build_docs(rng, pool[:n_docs], vocab)
    print(f"(b) mixed encodings: {len(docs)} {args.split} docs")
    mixed = {"unspin": score_mixed(docs, unspin_repair),
             "ftfy.fix_text (encoding only)": score_mixed(docs, ftfy_repair),
             "ftfy.fix_text (defaults), docs changed among untouched": _r(
                 sum(ftfy.fix_text(d["text"]) != d["text"] for d in docs if d["kind"] != "damaged"),
                 sum(d["kind"] != "damaged" for d in docs))}
    results["mixed"] = mixed
    for who in ("unspin", "ftfy.fix_text (encoding only)"):
        m = mixed[who]
        print(f"  {who:30} runs={m['damaged_runs']} exact run repair {m['exact_run_repair_rate']}"
              f"  doc exact {m['exact_doc_repair_rate']}  span P {m['span_precision']} R "
              f"{m['span_recall']}  char P {m['char_precision']} R {m['char_recall']}  FP plain "
              f"{m['fp_rate_plain_docs']}  FP clean-foreign {m['fp_rate_clean_foreign_docs']}")

    results["stress_clean_multilingual"] = stress(
        stress_snippets(random.Random(7 if args.split == "test" else 8), 1000 if args.quick else 10000))
    print("(b2) clean multilingual stress snippets changed:", results["stress_clean_multilingual"])

    sample = [d["text"] for d in wiki[: (500 if args.quick else 3000)]]
    results["speed"] = speed(sample, 1 if args.quick else 3)
    print("(c) speed", results["speed"])
    path = write_results("mojibake" + ("-dev" if args.split == "dev" else "")
                         + ("-quick" if args.quick else ""), results)
    print("wrote", path)


if __name__ == "__main__":
    main()
