"""Hand-written substitution tables for the synthetic spinner.

These imitate the habits seen in real spinner output (function words and short
phrases swapped for longer ones, names and abbreviations mangled). The
``HELDOUT_*`` tables are used only by the held-out style and must never be
used to build or tune a detector.
"""

from __future__ import annotations

#: Words that are never treated as content words by the synonym styles.
FUNCTION_WORDS = frozenset(
    """a about above across after again against all almost along already also although always
    am among an and another any anybody anyone anything are around as at be became because become
    becomes been before being below between both but by can cannot could did do does doing done
    down during each either else enough even ever every few for from further had has have having
    he her here hers herself him himself his how however i if in into is it its itself just least
    less many may me might more most much must my myself neither never no nobody none nor not
    nothing now of off often on once one only onto or other others otherwise our ours ourselves out
    over own per perhaps quite rather same several shall she should since so some somebody someone
    something sometimes still such than that the their theirs them themselves then there therefore
    these they this those though through thus to too toward towards under unless until up upon us
    very via was we were what whatever when whenever where whereas wherever whether which while who
    whoever whole whom whose why will with within without would yet you your yours yourself
    yourselves also said says say mr mrs ms""".split()
)

#: Function-word and phrase swaps of the kind real spinners make (lowercase keys;
#: longest match wins). Values: (replacement, weight).
PHRASE_SWAPS: dict[str, tuple[tuple[str, float], ...]] = {
    "and": (("and you can", 1.0), ("and you may", 1.0), ("and you will", 0.6), ("and also", 0.6)),
    "of": (("out of", 1.0), ("regarding", 0.3)),
    "the": (("the newest", 0.3), ("the fresh", 0.1)),
    "the new": (("this new", 1.0), ("the newest", 1.0)),
    "new": (("brand new", 1.0), ("newest", 0.6)),
    "we": (("individuals", 1.0), ("we-all", 0.2)),
    "very much": (("quite", 1.0), ("so much", 0.5)),
    "has": (("features", 1.0), ("possess", 0.3)),
    "have": (("possess", 0.6), ("have got", 0.3)),
    "such as": (("such as for example", 1.0), ("eg", 0.2)),
    "will": (("have a tendency to", 1.0), ("is going to", 0.4)),
    "is": (("is actually", 1.0), ("are", 0.1)),
    "are": (("are generally", 1.0), ("are actually", 0.6)),
    "for": (("to have", 0.6), ("getting", 0.4)),
    "in": (("into", 0.6), ("within", 0.6)),
    "about": (("regarding", 1.0), ("from the", 0.3)),
    "with": (("having", 0.6), ("which have", 0.3)),
    "how": (("just how", 1.0), ("how exactly", 0.6)),
    "there are": (("you will find", 1.0), ("you can find", 0.8)),
    "there is": (("there clearly was", 0.8), ("you will find", 0.6)),
    "whether": (("regardless of if", 1.0),),
    "these": (("these kinds of", 1.0), ("this type of", 0.8)),
    "our": (("all of our", 0.8), ("our very own", 0.8)),
    "each other": (("one another", 1.0),),
    "many": (("a lot of", 1.0), ("many different", 0.6)),
    "some": (("certain", 1.0), ("particular", 0.4)),
    "more": (("a lot more", 1.0), ("much more", 0.5)),
    "because": (("since", 1.0), ("mainly because", 0.6)),
    "however": (("but", 1.0), ("nonetheless", 0.5)),
    "but": (("however", 1.0), ("however,", 0.5)),
    "also": (("additionally", 0.6), ("as well", 0.6)),
    "indeed": (("in fact", 1.0),),
    "first": (("earliest", 1.0), ("very first", 0.6)),
    "which is": (("which is actually", 1.0), ("that's", 0.4)),
    "it is": (("it's actually", 0.6), ("it really is", 0.6)),
    "can": (("are able to", 0.6), ("can easily", 0.4)),
    "to": (("so you can", 0.3), ("to be able to", 0.3)),
    "each": (("every single", 1.0),),
    "where": (("in which", 1.0), ("the place", 0.3)),
    "when": (("whenever", 1.0), ("once", 0.4)),
    "thank you": (("thank-you", 1.0),),
    "in terms of": (("with regards to", 1.0),),
    "on the issue of": (("with the matter-of", 1.0),),
    "one of": (("one of many", 1.0), ("among the", 0.6)),
    "a number of": (("several", 1.0),),
    "so that": (("in order that", 1.0), ("to ensure", 0.6)),
    "important": (("essential", 1.0), ("crucial", 0.6)),
    "already": (("currently", 1.0),),
    "very": (("extremely", 1.0), ("really", 0.6)),
}

#: Country (or region) -> the damage a spinner's name table does to it.
COUNTRY_DAMAGE: dict[str, tuple[str, ...]] = {
    "Japan": ("The japanese", "japan"),
    "China": ("The chinese", "asia"),
    "Germany": ("The german", "germany"),
    "France": ("The french", "france"),
    "Spain": ("The spanish", "spain"),
    "Italy": ("The italian", "italy"),
    "Russia": ("The russian", "russia"),
    "Britain": ("The british", "britain"),
    "England": ("The english", "england"),
    "Ireland": ("The irish", "ireland"),
    "Poland": ("The polish", "poland"),
    "Greece": ("The greek", "greece"),
    "Turkey": ("chicken", "poultry"),
    "Egypt": ("The egyptian", "egypt"),
    "India": ("The indian", "asia"),
    "Korea": ("The korean", "korea"),
    "Mexico": ("The mexican", "mexico"),
    "Canada": ("The canadian", "canada"),
    "Brazil": ("The brazilian", "brazil"),
    "Sweden": ("The swedish", "sweden"),
    "Norway": ("The norwegian", "norway"),
    "Ukraine": ("The ukrainian", "ukraine"),
    "Georgia": ("georgia", "The georgian"),
    "Portugal": ("The portuguese", "portugal"),
    "Netherlands": ("dutch", "netherlands"),
    "America": ("The usa", "america"),
    "Europe": ("european countries", "europe"),
    "Africa": ("african countries", "africa"),
    "Asia": ("asian countries", "asia"),
    "Israel": ("israel", "The israeli"),
    "Iran": ("The iranian", "iran"),
    "Iraq": ("The iraqi", "iraq"),
    "Vietnam": ("The vietnamese", "vietnam"),
    "Cuba": ("The cuban", "cuba"),
    "Australia": ("The australian", "australia"),
}

#: Multiword names a spinner lowercases as a unit.
NAME_DAMAGE: dict[str, tuple[str, ...]] = {
    "the United States": ("the united states", "the us", "the You.S."),
    "United States": ("united states", "Us"),
    "United Kingdom": ("united kingdom", "British"),
    "United Nations": ("united nations",),
    "European Union": ("european union", "eu"),
    "New York": ("nyc", "new york"),
    "Supreme Court": ("supreme legal", "supreme courtroom"),
    "World War": ("business war", "globe war"),
}

# --------------------------------------------------------------------------------------
# HELD-OUT: used only by the "heldout" style. Never tune a detector on these.
# --------------------------------------------------------------------------------------

HELDOUT_PHRASE_SWAPS: dict[str, tuple[tuple[str, float], ...]] = {
    "because": (("due to the fact that", 1.0), ("owing to the fact that", 0.6)),
    "use": (("utilize", 1.0), ("make use of", 0.8)),
    "used": (("utilized", 1.0), ("made use of", 0.8)),
    "but": (("nevertheless", 1.0), ("on the other hand", 0.6)),
    "about": (("approximately", 1.0), ("in relation to", 0.6)),
    "to": (("in order to", 0.4),),
    "also": (("in addition", 1.0), ("likewise", 0.5)),
    "so": (("consequently", 1.0), ("as a result", 0.6)),
    "often": (("on many occasions", 1.0), ("oftentimes", 0.6)),
    "now": (("at this point in time", 1.0), ("presently", 0.6)),
    "if": (("in the event that", 1.0), ("provided that", 0.5)),
    "then": (("subsequently", 1.0), ("at that point", 0.6)),
    "like": (("along the lines of", 1.0), ("similar to", 0.6)),
    "many": (("numerous", 1.0), ("a great many", 0.5)),
    "after": (("subsequent to", 1.0), ("following", 0.6)),
    "before": (("prior to", 1.0), ("ahead of", 0.5)),
    "most": (("the majority of", 1.0),),
    "while": (("whilst", 1.0), ("at the same time as", 0.5)),
    "the": (("the particular", 0.3), ("that", 0.2)),
    "of": (("with regard to", 0.3),),
    "by": (("by means of", 1.0), ("through", 0.4)),
}
