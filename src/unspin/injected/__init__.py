"""Injected spam: the pieces behind ``unspin.detectors.injected``.

- :mod:`.words`    word tokens with offsets, scripts, residual-mojibake repair
- :mod:`.lexicon`  per-language word frequencies (English vs. other Latin-script languages)
- :mod:`.lm`       the English trigram LM used to judge seams
- :mod:`.foreign`  runs of another language inside an English sentence
- :mod:`.offtopic` same-language commercial insertions (broken seams, off-topic, stuffing)
- :mod:`.campaign` phrases recurring across many documents of a corpus
"""
