"""Spun copies: group documents spun from the same source and link them to that source.

The pure core: :func:`fingerprint` (what survives spinning), MinHash/LSH candidates
(:mod:`.minhash`), verified pairs and groups (:func:`find_groups`), linking
(:class:`Reference`). Adapters: ``unspin dupes`` (cli/commands/dupes.py).
"""

from .group import Alignment, Group, Link, Pair, Params, Reference, align, find_groups, group_pairs, similar_pairs
from .textfeatures import Fingerprint, fingerprint, word_class

__all__ = ["Alignment", "Fingerprint", "Group", "Link", "Pair", "Params", "Reference", "align",
           "find_groups", "fingerprint", "group_pairs", "similar_pairs", "word_class"]
