"""Benchmark: injected spam (issue 5).

Synthetic insertions with known spans into clean English documents
(``../shared/data/clean/``): everyday spam keywords in 19 languages and 8
scripts (some glued to an English brand word, some mojibake-damaged: UTF-8 read
as cp1251, cp1252 or cp1250), and English commercial spam phrases. Every
document is run through ``unspin.analyze`` so the whole pipeline (encoding
repair first) is exercised, and findings are compared with the true spans.

Documents are split into dev and test halves by a hash of their id; the
detector's settings were tuned on dev only and TEST figures are the ones
reported. False positives: the share of untouched clean documents (Wikipedia
leads, State of the Union addresses) and of a hand-written hard-negative set
(names, borrowings, quotations, code, addresses, bilingual text) with any
``injected`` finding. Speed: documents per second per core, as a ratio to
``ftfy.fix_text`` on the same documents in the same run.

    PYTHONPATH=src python -m benchmarks.injected [--quick]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import time
from collections import defaultdict

from ._shared import shared_data_dir, write_results

# Everyday spam keywords (written for this benchmark): account deletion, free
# downloads, betting, dating, loans, weight loss, cheap flights ...
FOREIGN = {
    "tr": ["hesabı nasıl silinir", "bedava indir", "canlı bahis siteleri", "deneme bonusu veren siteler",
           "kilo vermek için", "ucuz uçak bileti", "şifremi unuttum", "güvenilir casino siteleri",
           "nasıl para kazanılır", "silinir"],
    "de": ["kostenlos herunterladen", "jetzt kaufen", "günstig online bestellen", "schnell abnehmen ohne sport",
           "kredit ohne schufa", "konto löschen anleitung", "beste online spielothek", "partnersuche kostenlos"],
    "fr": ["télécharger gratuitement", "rencontre femme célibataire", "acheter pas cher", "perdre du poids rapidement",
           "meilleur casino en ligne", "supprimer mon compte", "prêt personnel sans justificatif"],
    "es": ["descargar gratis", "cómo eliminar mi cuenta", "apuestas deportivas en línea", "bajar de peso rápido",
           "préstamos rápidos sin buró", "conocer mujeres solteras", "comprar barato"],
    "it": ["scaricare gratis", "come cancellare account", "scommesse calcio oggi", "dimagrire velocemente",
           "prestiti senza busta paga", "incontri donne sposate", "miglior prezzo garantito"],
    "pt": ["baixar grátis", "como excluir minha conta", "apostas esportivas online", "emagrecer rápido",
           "empréstimo pessoal aprovado na hora", "namoro sério grátis"],
    "nl": ["gratis downloaden", "account verwijderen", "snel afvallen zonder dieet", "goedkope vliegtickets",
           "lenen zonder bkr toetsing", "daten met vrouwen"],
    "pl": ["pobierz za darmo", "jak usunąć konto", "zakłady bukmacherskie", "szybka pożyczka bez zaświadczeń",
           "tanie loty", "randki dla samotnych"],
    "cs": ["stáhnout zdarma", "jak zrušit účet", "rychlá půjčka bez registru", "seznamka zdarma",
           "levné letenky"],
    "sv": ["ladda ner gratis", "radera mitt konto", "snabblån utan uc", "billiga flygbiljetter", "träffa singlar"],
    "id": ["cara menghapus akun", "unduh gratis", "situs judi terpercaya", "pinjaman online cepat cair",
           "obat pelangsing badan"],
    "vi": ["tải miễn phí", "cách xóa tài khoản", "cá cược bóng đá", "vay tiền nhanh", "giảm cân nhanh"],
    "ru": ["скачать бесплатно", "как удалить аккаунт", "ставки на спорт", "займ без отказа",
           "знакомства для взрослых", "купить дешево"],
    "uk": ["завантажити безкоштовно", "як видалити акаунт", "кредит онлайн"],
    "el": ["δωρεάν λήψη", "πώς να διαγράψω λογαριασμό", "στοιχήματα online"],
    "ar": ["تحميل مجانا", "كيفية حذف الحساب", "مواقع مراهنات"],
    "zh": ["免费下载", "如何删除账户", "网上赌场", "快速减肥"],
    "ja": ["無料ダウンロード", "アカウント削除 方法", "出会い系 サイト"],
    "ko": ["무료 다운로드", "계정 삭제 방법", "온라인 카지노"],
    "hi": ["मुफ्त डाउनलोड", "खाता कैसे हटाएं"],
}
#: Brand words sometimes glued to a foreign keyword ("<brand> <query>").
BRANDS = ["netflix", "tinder", "instagram", "facebook", "paypal", "spotify", "badoo", "onlyfans",
          "sugar daddy", "dating app", "casino bonus", "whatsapp"]
#: English commercial spam phrases.
ENGLISH_SPAM = [
    "buy cheap viagra online", "best online casino bonus", "hot singles in your area",
    "payday loans no credit check", "cheap replica watches", "free spins no deposit",
    "lose weight fast without diet", "meet local singles tonight", "buy instagram followers cheap",
    "cialis 20mg price", "download free movies hd", "click here to claim your prize",
    "www.cheap-pills-online.com", "best crypto trading bot", "adult webcam chat",
    "cheap flights to bangkok", "seo backlinks service", "bitcoin casino free bonus",
    "online pharmacy no prescription", "sugar daddy dating site",
]
#: English spam phrases written fresh for the TEST split only, none of whose words is
#: in the detector's commercial word list (checked in ``fresh_english``): an honest
#: measure of same-language recall that the word list cannot explain. Never tuned on.
ENGLISH_SPAM_FRESH = [
    "luxury yacht charter croatia", "teeth whitening kit reviews", "emergency plumber near me",
    "anti aging serum wholesale", "essay writing service reliable", "hair transplant istanbul packages",
    "best mattress topper 2024", "solar panel installers nearby", "keto gummies shark tank",
    "roof repair quotes today", "personal injury lawyer houston", "cbd oil for dogs",
    "wedding dresses plus size", "gaming chair under 200", "locksmith open now",
    "mortgage refinance calculator", "divorce attorney consultation", "tummy tuck recovery tips",
    "bathroom remodel ideas pictures", "waterproof hiking boots women",
]
MOJIBAKE_ENCODINGS = ("cp1251", "cp1252", "cp1250")

#: Hand-written hard negatives: must produce no injected finding.
HARD_NEGATIVES = [
    "Sachiyo Sugita from NHK asked the ambassador about the summit in Vilnius.",
    "The interview with Jean-Baptiste Lefèvre and Ana Margarida Gonçalves aired on Monday.",
    "Professor Zhang Wei and Dr. Oluwaseun Adeyemi presented their findings at the conference.",
    "The company, Müller & Söhne GmbH, was founded in Düsseldorf in 1921.",
    "The committee met with Recep Tayyip Erdoğan and Kyriakos Mitsotakis in Ankara.",
    "That argument is not, per se, a reason to abandon the plan.",
    "She had a strange feeling of déjà vu as she walked into the old school.",
    "The coup d'état of 1973 ended the civilian government.",
    "Critics say the proposal merely preserves the status quo.",
    "Only bona fide residents may apply for the permit.",
    "The chef prepared a crème brûlée and a plate of hors d'oeuvres for the guests.",
    "His laissez-faire attitude frustrated the rest of the team.",
    "The author's magnum opus was published posthumously, a true tour de force.",
    "We met at a café near the Champs-Élysées and talked about the zeitgeist.",
    "The motto of the regiment, \"Semper fidelis\", is painted above the door.",
    "As the Romans said, \"Carpe diem\", and she took the advice to heart.",
    "The sign at the border read \"Willkommen in Deutschland\" in large letters.",
    "Her grandmother always said « C'est la vie » when things went wrong.",
    "Goethe wrote \"Mehr Licht!\" as his last words, or so the story goes.",
    "The Spanish phrase \"mi casa es su casa\" means that guests are welcome.",
    "Run pip install requests and then call requests.get(url, timeout=10) to fetch the page.",
    "The function def parse_args(argv): returns a namespace with the options.",
    "Set the variable export PATH=/usr/local/bin:$PATH before running make install.",
    "Send the forms to 221B Baker Street, London NW1 6XE, United Kingdom.",
    "The office is at Friedrichstraße 43, 10117 Berlin, near the station.",
    "Our branch moved to Avenida Paulista 1578, São Paulo, last year.",
    "The museum, located at Calle de Alcalá 13 in Madrid, opens at ten.",
    "The word \"schadenfreude\" has no exact equivalent in English.",
    "The German term Weltanschauung refers to a comprehensive world view.",
    "In Japanese, the word for this feeling is mono no aware.",
    "Tokyo (Japanese: 東京) is the capital of Japan and its largest city.",
    "The festival of Diwali (Hindi: दीवाली) is celebrated across India.",
    "The novel Cien años de soledad made Gabriel García Márquez famous.",
    "They watched the film Das Leben der Anderen at the festival.",
    "The team played the anthem, Deutschlandlied, before the match.",
    "The tapas bar served patatas bravas, jamón ibérico and a glass of rioja.",
    "Vladimir Putin met Volodymyr Zelenskyy's envoy, Andriy Yermak, in Istanbul.",
    "The restaurant Le Petit Bistro on Rue de Rivoli serves coq au vin.",
    "The Latin phrase ad hoc describes something created for a particular purpose.",
    "The verdict was delivered in absentia after the defendant fled.",
]
BILINGUAL_PAGES = [
    "Welcome to our museum. The exhibition opens at ten every morning.\n"
    "Bienvenue dans notre musée. L'exposition ouvre à dix heures tous les matins.\n"
    "Tickets are available at the entrance and online.\n"
    "Les billets sont disponibles à l'entrée et en ligne.",
    "The hotel has forty rooms and a garden. Breakfast is served until eleven.\n"
    "Das Hotel hat vierzig Zimmer und einen Garten. Das Frühstück wird bis elf Uhr serviert.\n"
    "Pets are welcome on request.\nHaustiere sind auf Anfrage willkommen.",
    "Our school teaches children from six to twelve years old.\n"
    "Nuestra escuela enseña a niños de seis a doce años.\n"
    "Classes begin in September and end in June.\n"
    "Las clases comienzan en septiembre y terminan en junio.",
]

_SENT = re.compile(r"[^.!?\n]+[.!?]?")


def split_of(doc_id: str) -> str:
    return "dev" if hashlib.md5(doc_id.encode()).digest()[0] < 128 else "test"


def mojibake(text: str, enc: str) -> str | None:
    try:
        bad = text.encode("utf-8").decode(enc)
    except UnicodeDecodeError:
        return None
    return bad if bad != text else None


def make_phrase(rng: random.Random) -> tuple[str, dict]:
    r = rng.random()
    if r < 0.25:
        phrase = rng.choice(ENGLISH_SPAM)
        return phrase, {"type": "english", "lang": "en"}
    lang = rng.choice(sorted(FOREIGN))
    phrase = rng.choice(FOREIGN[lang])
    meta = {"type": "foreign", "lang": lang, "brand": False, "mojibake": ""}
    if rng.random() < 0.3:
        brand = rng.choice(BRANDS)
        phrase = f"{brand} {phrase}" if rng.random() < 0.6 else f"{phrase} {brand}"
        meta["brand"] = True
    if rng.random() < 0.25:
        enc = rng.choice(MOJIBAKE_ENCODINGS)
        bad = mojibake(phrase, enc)
        if bad is not None and len(bad.split()) <= 12:
            phrase, meta["mojibake"] = bad, enc
    return phrase, meta


def _insertion_point(text: str, rng: random.Random) -> int | None:
    """A space between two words, not at a sentence's edges, in a sentence of >= 8 words."""
    sents = [m for m in _SENT.finditer(text) if len(m.group().split()) >= 8]
    if not sents:
        return None
    s = rng.choice(sents)
    gaps = [m.start() for m in re.finditer(r"(?<=\w) (?=\w)", s.group())]
    if len(gaps) < 3:
        return None
    return s.start() + rng.choice(gaps[1:-1])


def insert(text: str, rng: random.Random) -> tuple[str, tuple[int, int], dict] | None:
    """Insert a spam phrase between two words inside a sentence of ``text``."""
    pos = _insertion_point(text, rng)
    if pos is None:
        return None
    phrase, meta = make_phrase(rng)
    new = text[:pos] + " " + phrase + text[pos:]
    return new, (pos + 1, pos + 1 + len(phrase)), meta


def fresh_english(text: str, rng: random.Random) -> tuple[str, tuple[int, int], dict] | None:
    """Insert one of the fresh English phrases (TEST split only) like ``insert`` does."""
    from unspin.injected.offtopic import COMMERCIAL

    shared = {w for p in ENGLISH_SPAM_FRESH for w in p.split()} & COMMERCIAL
    assert not shared, f"fresh phrases share words with the detector's list: {sorted(shared)}"
    pos = _insertion_point(text, rng)
    if pos is None:
        return None
    phrase = rng.choice(ENGLISH_SPAM_FRESH)
    new = text[:pos] + " " + phrase + text[pos:]
    return new, (pos + 1, pos + 1 + len(phrase)), {"type": "english-fresh", "lang": "en"}


def load(path, limit=None):
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append((d["id"], d["text"]))
    return out


def injected_spans(text: str) -> list[tuple[int, int]]:
    import unspin

    rep = unspin.analyze(text)
    return [(f.start, f.end) for f in rep.findings if f.kind == "injected"]


def detector_spans(text: str) -> list[tuple[int, int]]:
    from unspin.detectors import injected

    return [(f.start, f.end) for f in injected.detect(text)]


def _norm_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not text[b - 1].isalnum():
        b -= 1
    return a, b


def score_insertions(cases) -> dict:
    """cases: (text, true_span, meta, predicted_spans)."""
    by = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "exact": 0, "n": 0})
    for text, (ta, tb), meta, preds in cases:
        groups = ("all", meta["type"])
        if meta["type"] == "foreign":
            groups += ("foreign-mojibake",) if meta.get("mojibake") else ("foreign-plain",)
            groups += ("foreign-brand",) if meta.get("brand") else ()
        ta, tb = _norm_span(text, ta, tb)
        matched = None
        for pa, pb in preds:
            pa, pb = _norm_span(text, pa, pb)
            inter = max(0, min(tb, pb) - max(ta, pa))
            union = max(tb, pb) - min(ta, pa)
            if union and inter / union >= 0.5 and matched is None:
                matched = (pa, pb)
            elif not (union and inter / union >= 0.5):
                for g in groups:
                    by[g]["fp"] += 1
        for g in groups:
            by[g]["n"] += 1
            if matched:
                by[g]["tp"] += 1
                by[g]["exact"] += matched == (ta, tb)
            else:
                by[g]["fn"] += 1
    out = {}
    for g, c in by.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / c["n"] if c["n"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[g] = {"n": c["n"], "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                  "exact_boundary": round(c["exact"] / c["tp"], 4) if c["tp"] else 0.0,
                  "false_spans": c["fp"]}
    return out


def run(quick: bool, seed: int = 5, show: int = 0) -> dict:
    import ftfy

    data = shared_data_dir() / "clean"
    wiki = load(data / "wikipedia-summaries.jsonl")
    sotu = load(data / "sotu.jsonl")
    rng = random.Random(seed)
    results: dict = {"quick": quick, "seed": seed}
    for split in ("dev", "test"):
        docs = [d for d in wiki if split_of(d[0]) == split]
        speeches = [d for d in sotu if split_of(d[0]) == split]
        rng.shuffle(docs)
        n_ins = 300 if quick else 2000
        n_clean = 400 if quick else len(docs)
        cases, det_cases = [], []
        for doc_id, text in docs[:n_ins]:
            made = insert(text, rng)
            if made is None:
                continue
            new, span, meta = made
            preds = injected_spans(new)
            cases.append((new, span, meta, preds))
            det_cases.append((new, span, meta, detector_spans(new)))
        fresh_cases = []
        if split == "test":  # a separate generator, so that the other cases stay as they were
            frng = random.Random(seed + 1000)
            for doc_id, text in docs[:n_ins // 4]:
                made = fresh_english(text, frng)
                if made is not None:
                    fresh_cases.append((made[0], made[1], made[2], injected_spans(made[0])))
        clean_docs = docs[n_ins:n_ins + n_clean] if quick else docs
        flagged = []
        t0 = time.process_time()
        for doc_id, text in clean_docs:
            if injected_spans(text):
                flagged.append(doc_id)
        t_ours = time.process_time() - t0
        t0 = time.process_time()
        for doc_id, text in clean_docs:
            ftfy.fix_text(text)
        t_ftfy = time.process_time() - t0
        sp = speeches[:10] if quick else speeches
        sotu_flagged = [doc_id for doc_id, text in sp if injected_spans(text)]
        res = {
            "insertions": score_insertions(cases),
            # English spam phrases whose words are not in the detector's commercial list (TEST only).
            "insertions_english_fresh": score_insertions(fresh_cases).get("english-fresh", {}),
            # The detector alone on the damaged text (no encoding repair first): shows how it
            # copes with residual mojibake, and isolates it from the repair stage's spans.
            "insertions_detector_only": score_insertions(det_cases),
            "clean_wikipedia": {"docs": len(clean_docs), "flagged": len(flagged),
                                "share": round(len(flagged) / max(1, len(clean_docs)), 4),
                                "examples": flagged[:10]},
            "clean_sotu": {"docs": len(sp), "flagged": len(sotu_flagged),
                           "share": round(len(sotu_flagged) / max(1, len(sp)), 4)},
            "speed": {"docs_per_s_per_core": round(len(clean_docs) / t_ours, 1),
                      "ftfy_fix_text_docs_per_s": round(len(clean_docs) / t_ftfy, 1),
                      "ratio_to_ftfy": round(t_ftfy / t_ours, 3)},
        }
        if show:
            misses = [c for c in cases if not any(
                max(0, min(c[1][1], b) - max(c[1][0], a)) for a, b in c[3])]
            wrong = [c for c in cases if c[3] and c not in misses and
                     _norm_span(c[0], *c[1]) not in [_norm_span(c[0], a, b) for a, b in c[3]]]
            for text, (a, b), meta, preds in (misses[:show] + wrong[:show]):
                print(split, meta, "TRUE:", repr(text[a:b]), "PRED:", [text[x:y] for x, y in preds],
                      "CTX:", repr(text[max(0, a - 50):b + 30]))
            for doc_id in flagged[:show]:
                print(split, "FP doc", doc_id)
        results[split] = res
    hard = [t for t in HARD_NEGATIVES + BILINGUAL_PAGES if injected_spans(t)]
    results["hard_negatives"] = {"texts": len(HARD_NEGATIVES) + len(BILINGUAL_PAGES),
                                 "flagged": len(hard), "examples": hard[:10]}
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a small sample (a minute or two)")
    ap.add_argument("--show", type=int, default=0, help="print N misses and false positives per split")
    args = ap.parse_args()
    res = run(args.quick, show=args.show)
    t = res["test"]
    ins = t["insertions"]
    print("TEST insertions:")
    for g in ("all", "foreign", "foreign-plain", "foreign-mojibake", "foreign-brand", "english"):
        if g in ins:
            r = ins[g]
            print(f"  {g:17s} n={r['n']:5d}  P={r['precision']:.3f} R={r['recall']:.3f} "
                  f"F1={r['f1']:.3f} exact={r['exact_boundary']:.3f}")
    fr = t.get("insertions_english_fresh")
    if fr:
        print(f"  english-fresh     n={fr['n']:5d}  P={fr['precision']:.3f} R={fr['recall']:.3f} "
              f"F1={fr['f1']:.3f} exact={fr['exact_boundary']:.3f}  (words not in the detector's list)")
    dm = t["insertions_detector_only"].get("foreign-mojibake")
    if dm:
        print(f"  (detector alone on mojibake-damaged foreign: P={dm['precision']:.3f} R={dm['recall']:.3f} "
              f"F1={dm['f1']:.3f} exact={dm['exact_boundary']:.3f})")
    print(f"TEST clean Wikipedia flagged: {t['clean_wikipedia']['flagged']}/{t['clean_wikipedia']['docs']}"
          f" = {t['clean_wikipedia']['share']:.2%}")
    print(f"TEST clean SOTU flagged: {t['clean_sotu']['flagged']}/{t['clean_sotu']['docs']}")
    print(f"hard negatives flagged: {res['hard_negatives']['flagged']}/{res['hard_negatives']['texts']}")
    print(f"speed: {t['speed']['docs_per_s_per_core']} docs/s/core, {t['speed']['ratio_to_ftfy']}x ftfy.fix_text")
    d = res["dev"]["insertions"].get("all", {})
    print(f"(dev all: F1={d.get('f1')} exact={d.get('exact_boundary')})")
    name = "injected-quick" if args.quick else "injected"
    print("wrote", write_results(name, res))


if __name__ == "__main__":
    main()
