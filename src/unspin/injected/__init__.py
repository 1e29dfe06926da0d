"""Injected spam: the pieces behind ``unspin.detectors.injected``.

- :mod:`.words`    word tokens with offsets, scripts, residual-mojibake repair
- :mod:`.lexicon`  per-language word frequencies (English vs. other Latin-script languages)
- :mod:`.lm`       the English trigram LM used to judge seams
- :mod:`.foreign`  runs of another language inside an English sentence
- :mod:`.topic`    topic coherence of a span with its page (word vectors)
- :mod:`.offtopic` same-language insertions (broken seams, off-topic, commercial, stuffing)
- :mod:`.campaign` phrases recurring across many documents of a corpus
"""
