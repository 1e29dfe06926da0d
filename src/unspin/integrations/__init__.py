"""Adapters for data-curation frameworks (optional extras).

- :mod:`unspin.integrations.datatrove`: ``UnspinFilter``, a datatrove filter step
  (``pip install 'unspin[datatrove]'``).
- :mod:`unspin.integrations.dolma`: the ``unspin`` dolma tagger
  (``pip install 'unspin[dolma]'``; ``dolma tag --tagger_modules unspin.integrations.dolma``).

Both are thin: the work is ``unspin.pipeline.analyze``; the drop rule is the
one ``unspin scan`` uses in filter mode.
"""
