"""The ``unspin`` dolma tagger: attribute spans for spun wording and page damage.

    dolma tag --documents 'data/documents/*.jsonl.gz' --experiment exp \\
        --taggers unspin --tagger_modules unspin.integrations.dolma

Attributes written (dolma prefixes them ``<experiment>__unspin__``):

- ``spun_score``: one span over the whole document, score = unspin's spun score;
- ``spun_doc``: one span over the whole document, score 1.0 when it is labelled spun, else 0.0;
- ``mojibake``, ``injected``, ``repeated``, ``spun``: one span per finding (character
  offsets), score = the finding's confidence.

A dolma mixer can then drop documents by ``spun_doc`` or strip ``injected``/``repeated`` spans.
"""

from __future__ import annotations

from typing import Any

from dolma.core.data_types import DocResult, Document, Span
from dolma.core.registry import TaggerRegistry
from dolma.core.taggers import BaseTagger

from ..findings import KINDS

TAGGER_NAME = "unspin"


class UnspinTagger(BaseTagger):
    def __init__(self) -> None:
        from ..pipeline import Options

        self.options = Options()

    @property
    def defaults(self) -> list[str]:
        return ["spun_score", "spun_doc", *KINDS]

    def predict(self, doc: Document) -> DocResult:
        from ..pipeline import analyze

        text = doc.text or ""
        report = analyze(text, self.options)
        n = len(text)
        spans = [
            Span(start=0, end=n, type="spun_score", score=report.spun_score),
            Span(start=0, end=n, type="spun_doc", score=1.0 if report.label == "spun" else 0.0),
        ]
        spans.extend(Span(start=f.start, end=f.end, type=f.kind, score=f.confidence)
                     for f in report.findings)
        return DocResult(doc=doc, spans=spans)


def _register() -> Any:
    if TaggerRegistry.has(TAGGER_NAME) and TaggerRegistry.get(TAGGER_NAME) is not UnspinTagger:
        TaggerRegistry.remove(TAGGER_NAME)  # a reload of this module
    return TaggerRegistry.add(TAGGER_NAME)(UnspinTagger)


_register()
