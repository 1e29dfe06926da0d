"""False positives of the spun label on honest text of other genres found on this
machine (never in any training or calibration data): licence texts (legal English),
the long descriptions of installed Python packages (technical English, many
non-native authors) and Debian README files (informal technical notes); prose
paragraphs only, chunked to short (60-150 words) and web length (300-800).

    PYTHONPATH=src python scripts/check_spin_honest_genres.py

A spot check, not a benchmark: what it reads depends on the machine.
"""
import glob, gzip, re, sys, random
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "src"))
import unspin
def prose(text):
    paras = re.split(r"\n\s*\n", text)
    out = []
    for p in paras:
        p = " ".join(l.strip() for l in p.splitlines())
        if len(p.split()) < 12: continue
        letters = sum(ch.isalpha() or ch.isspace() for ch in p)
        if letters / max(len(p), 1) < 0.93: continue   # code, tables, urls
        if re.search(r"[{}<>=_`|#*]|https?://|\$ ", p): continue
        out.append(p)
    return out
def chunks(paras, lo, hi, rng):
    out, cur, n = [], [], 0; target = rng.randint(lo, hi)
    for p in paras:
        cur.append(p); n += len(p.split())
        if n >= target:
            if n <= hi * 1.5: out.append("\n\n".join(cur))
            cur, n = [], 0; target = rng.randint(lo, hi)
    return out
def read(path):
    try:
        if path.endswith(".gz"): return gzip.open(path, "rt", errors="replace").read()
        return open(path, errors="replace").read()
    except Exception: return ""
srcs = {
 "legal": sorted(glob.glob("/usr/share/common-licenses/*")),
 "py-readme": sorted(glob.glob("/work/venv/lib/python3*/site-packages/*.dist-info/METADATA")),
 "debian-readme": sorted(glob.glob("/usr/share/doc/*/README*")),
}
rng = random.Random(1)
res = {}
for name, files in srcs.items():
    for L, lo, hi in (("short", 60, 150), ("web", 300, 800)):
        docs = []
        for f in files:
            t = read(f)
            if name == "py-readme": t = t.split("\n\n", 1)[-1]
            docs += chunks(prose(t), lo, hi, rng)
        rng.shuffle(docs); docs = docs[:150]
        sc = [unspin.analyze(d) for d in docs]
        fp = sum(r.label == "spun" for r in sc)
        top = sorted(((r.spun_score, d[:80]) for r, d in zip(sc, docs)), reverse=True)[:2]
        print(f"{name:14s} {L:5s} docs={len(docs):3d} FP at label={fp} ({fp/max(len(docs),1):.1%}) mean score={sum(r.spun_score for r in sc)/max(len(sc),1):.3f} top={[(round(s,3),t) for s,t in top]}", flush=True)
