"""Words that name one value of a closed set: a swap between two of them is no spinner's.

A thesaurus relates the members of a closed set to one another: Moby lists "years",
"hours" and "days" beside "minutes", "south" beside "north", "blue" beside "red", and
both tiers used to take them as candidate originals. But a language model can tell
which of them fits a context, not which one the writer stated: "a few years back" is
commoner than "a few minutes back", so restoring by the LM turned a real spun page's
"as I said a few minutes back" into "a few years back". Real spinners do not make
these swaps either: of the 3,820 pairs of the Problematic Paper Screener's tortured
phrases we have, aligned word by word (``spin-real-words.tsv``), none swaps one value
of such a set for another. So a word of such a set never gets another value of the
same set as a candidate original (:func:`clashes`); it keeps every other candidate
("minutes" -> "records", "second" -> "moment", "blue" -> "sad").

The sets are facts (units of time, days, months, seasons, parts of the day, points of
the compass, colours, numbers, ordinals, units of length, mass and volume, kin and
gender pairs) and the two poles of common scales ("increase" / "decrease", "high" /
"low", "import" / "export"), written for this project; each value lists its forms
(plural, adjective, inflections, and for a pole its close synonyms), so "north",
"northern" and "northward" are one value, as are "increase" and "rise", and never clash.
"""

from __future__ import annotations

from functools import lru_cache

#: kind -> its values, each value as the forms that name it
_SETS: dict[str, tuple[str, ...]] = {
    "time unit": (
        "millisecond milliseconds", "microsecond microseconds", "nanosecond nanoseconds",
        "second seconds", "minute minutes", "hour hours hourly", "day days daily",
        "week weeks weekly", "fortnight fortnights fortnightly", "month months monthly",
        "year years yearly annual annually", "decade decades", "century centuries",
        "millennium millennia millenniums",
    ),
    "weekday": ("monday mondays", "tuesday tuesdays", "wednesday wednesdays", "thursday thursdays",
                "friday fridays", "saturday saturdays", "sunday sundays"),
    "month": ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december"),
    "season": ("spring springs springtime", "summer summers summertime", "autumn autumns autumnal fall",
               "winter winters wintertime wintry"),
    "part of the day": ("morning mornings", "afternoon afternoons", "evening evenings",
                        "night nights nightly nighttime", "noon midday", "midnight"),
    "compass point": (
        "north northern northward northwards northbound northerly",
        "south southern southward southwards southbound southerly",
        "east eastern eastward eastwards eastbound easterly",
        "west western westward westwards westbound westerly",
        "northeast northeastern", "northwest northwestern", "southeast southeastern",
        "southwest southwestern",
    ),
    "colour": ("red reddish", "blue bluish", "green greenish", "yellow yellowish", "black blackish",
               "white whitish", "orange", "purple", "pink pinkish", "brown brownish",
               "grey gray greyish grayish", "violet"),
    "number": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
               "eleven", "twelve", "dozen dozens", "twenty", "thirty", "forty", "fifty", "sixty",
               "seventy", "eighty", "ninety", "hundred hundreds", "thousand thousands",
               "million millions", "billion billions", "trillion trillions"),
    "ordinal": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                "tenth", "hundredth", "thousandth", "last"),
    "length unit": ("millimetre millimetres millimeter millimeters", "centimetre centimetres centimeter "
                    "centimeters", "metre metres meter meters", "kilometre kilometres kilometer kilometers",
                    "inch inches", "foot feet", "yard yards", "mile miles"),
    "mass unit": ("milligram milligrams", "gram grams", "kilogram kilograms kilo kilos",
                  "ounce ounces", "pound pounds", "ton tons tonne tonnes"),
    "volume unit": ("millilitre millilitres milliliter milliliters", "litre litres liter liters",
                    "pint pints", "quart quarts", "gallon gallons"),
    "man or woman": ("man men male males masculine", "woman women female females feminine"),
    "boy or girl": ("boy boys", "girl girls"),
    "parent": ("father fathers dad dads", "mother mothers mom moms mum mums"),
    "sibling": ("brother brothers", "sister sisters"),
    "child": ("son sons", "daughter daughters"),
    "spouse": ("husband husbands", "wife wives"),
    "monarch": ("king kings", "queen queens"),
    # the two poles of a scale: a spinner puts a synonym for a word, never its opposite
    "up or down": ("increase increases increased increasing rise rises rose risen rising raise raises "
                   "raised raising",
                   "decrease decreases decreased decreasing decline declines declined declining fall falls "
                   "fell fallen falling reduce reduces reduced reducing"),
    "high or low": ("high higher highest upper", "low lower lowest"),
    "most or least": ("most", "least fewest"),
    "maximum or minimum": ("maximum maxima maximal maximize maximizes maximized maximise maximises maximised",
                           "minimum minima minimal minimize minimizes minimized minimise minimises minimised"),
    "positive or negative": ("positive positively", "negative negatively"),
    "large or small": ("large larger largest big bigger biggest", "small smaller smallest"),
    "strong or weak": ("strong stronger strongest", "weak weaker weakest"),
    "good or bad": ("good better best", "bad worse worst"),
    "success or failure": ("success successes successful successfully",
                           "failure failures unsuccessful unsuccessfully"),
    "win or lose": ("win wins won winning winner winners", "lose loses losing loser losers"),
    "buy or sell": ("buy buys bought buying buyer buyers", "sell sells sold selling seller sellers"),
    "import or export": ("import imports imported importing importer importers",
                         "export exports exported exporting exporter exporters"),
    "input or output": ("input inputs", "output outputs"),
    "inside or outside": ("inside interior internal internally", "outside exterior external externally"),
    "early or late": ("early earlier earliest", "late later latest"),
    "always or never": ("always", "never"),
    "legal or illegal": ("legal legally lawful", "illegal illegally unlawful"),
    "agree or disagree": ("agree agrees agreed agreeing agreement", "disagree disagrees disagreed "
                          "disagreeing disagreement"),
    "accept or reject": ("accept accepts accepted accepting acceptance", "reject rejects rejected "
                         "rejecting rejection"),
    "include or exclude": ("include includes included including inclusion", "exclude excludes excluded "
                           "excluding exclusion"),
    "allow or forbid": ("allow allows allowed allowing permit permits permitted permitting",
                        "forbid forbids forbade forbidden prohibit prohibits prohibited prohibiting"),
    "possible or impossible": ("possible possibly", "impossible"),
    "true or false": ("true", "false"),
    "same or different": ("same identical", "different"),
    "majority or minority": ("majority majorities", "minority minorities"),
    "advantage or disadvantage": ("advantage advantages", "disadvantage disadvantages"),
    "start or end": ("start starts started starting begin begins began begun beginning",
                     "end ends ended ending finish finishes finished finishing"),
    "top or bottom": ("top", "bottom"),
    "hot or cold": ("hot hotter hottest", "cold colder coldest"),
    "rich or poor": ("rich richer richest wealthy", "poor poorer poorest"),
    "young or old": ("young younger youngest", "old older oldest elderly"),
}


@lru_cache(maxsize=1)
def _values() -> dict[str, frozenset[tuple[str, int]]]:
    """word -> the (kind, value) pairs it names."""
    out: dict[str, set[tuple[str, int]]] = {}
    for kind, values in _SETS.items():
        for k, forms in enumerate(values):
            for w in forms.split():
                out.setdefault(w, set()).add((kind, k))
    return {w: frozenset(v) for w, v in out.items()}


def values_of(word: str) -> frozenset[tuple[str, int]]:
    """The (kind, value) pairs ``word`` (any case) names; empty for most words."""
    return _values().get(word.lower(), frozenset())


def clashes(word: str, candidate: str) -> bool:
    """Whether ``candidate`` names another value of a set ``word`` names a value of
    ("minutes" / "years", "north" / "south", "second" / "third"), and no value the
    two share ("north" / "northern" name one). Either may be a phrase: a word of
    ``word`` clashes with a word of ``candidate`` that no other word of ``candidate``
    answers with its value ("two years" for "two minutes" clashes, "years" for "year"
    does not)."""
    table = _values()
    spun = [v for v in map(table.get, word.lower().split()) if v]
    if not spun:
        return False
    cand = [v for v in map(table.get, candidate.lower().split()) if v]
    for vw in spun:
        kinds = {k for k, _ in vw}
        if any(vw & vc for vc in cand):
            continue
        if any(kinds & {k for k, _ in vc} for vc in cand):
            return True
    return False
