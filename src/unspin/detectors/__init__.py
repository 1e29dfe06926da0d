"""Detectors: pure functions ``detect(text, options) -> findings``, one module each.

- ``mojibake``: text decoded with the wrong encoding, and its repair.
- ``repeated``: lines and paragraphs that repeat an earlier one.
- ``injected``: spam slipped into someone else's text.
- ``spin``: wording an article spinner substituted, with its likely original,
  and the document's spun score.
"""
