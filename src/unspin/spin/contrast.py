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
gender pairs), written for this project; each value lists its forms (plural,
adjective), so "north", "northern" and "northward" are one value and never clash.
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
