"""A datatrove filter step that drops spun or damaged documents, with a reason.

    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from unspin.integrations.datatrove import UnspinFilter

    pipeline = [
        JsonlReader("crawl/"),
        UnspinFilter(drop_kinds=("injected",), exclusion_writer=JsonlWriter("removed/")),
        JsonlWriter("kept/"),
    ]

Each document's ``metadata`` gets ``unspin_score``, ``unspin_label`` and
``unspin_counts`` (and ``unspin_findings`` with ``store_findings=True``);
dropped documents carry ``filter_reason`` (``spun_score`` or a finding kind)
when an exclusion writer is set. Stats: ``label_<label>``, ``docs_with_<kind>``,
``findings_<kind>``, and datatrove's own ``dropped_<reason>``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from ..findings import KINDS


class UnspinFilter(BaseFilter):
    name = "🌀 unspin"

    def __init__(
        self,
        keep_below: float | None = None,
        drop_kinds: Iterable[str] = (),
        drop_spun: bool = True,
        store_findings: bool = False,
        rewrite_text: str | None = None,
        lexicons: Iterable[str] = (),
        spinner_tables: Iterable[str] = (),
        tier: str = "fast",
        threshold: float | None = None,
        exclusion_writer: DiskWriter | None = None,
    ):
        """Drop documents whose spun score is at least ``keep_below`` (by default: those
        labelled spun, when ``drop_spun``) or that have findings of ``drop_kinds``.

        ``rewrite_text`` = ``"cleaned"`` or ``"restored"`` replaces the kept documents'
        text with unspin's repaired version. ``lexicons`` are tortured,expected CSV paths;
        ``spinner_tables`` are spinner tables written by ``unspin dupes --learn``.
        """
        super().__init__(exclusion_writer)
        self.keep_below = keep_below
        self.drop_kinds = tuple(drop_kinds)
        bad = [k for k in self.drop_kinds if k not in KINDS]
        if bad:
            raise ValueError(f"unknown finding kind(s): {', '.join(bad)}")
        if rewrite_text not in (None, "cleaned", "restored"):
            raise ValueError("rewrite_text must be None, 'cleaned' or 'restored'")
        if keep_below is not None and not 0.0 <= keep_below <= 1.0:
            raise ValueError("keep_below must be between 0 and 1")
        self.drop_spun = drop_spun
        self.store_findings = store_findings
        self.rewrite_text = rewrite_text
        self.lexicons = tuple(str(p) for p in lexicons)
        self.spinner_tables = tuple(str(p) for p in spinner_tables)
        self.tier = tier
        self.threshold = threshold
        self._options: Any = None

    def _opts(self) -> Any:
        if self._options is None:
            from ..lexicon import load_lexicon
            from ..pipeline import Options
            from ..spintable import load_table

            self._options = Options(lexicons=tuple(load_lexicon(p) for p in self.lexicons),
                                    spinner_tables=tuple(load_table(p) for p in self.spinner_tables),
                                    tier=self.tier, threshold=self.threshold)
        return self._options

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        from ..pipeline import analyze

        report = analyze(doc.text or "", self._opts())
        counts = report.counts()
        doc.metadata["unspin_score"] = round(report.spun_score, 4)
        doc.metadata["unspin_label"] = report.label
        doc.metadata["unspin_counts"] = counts
        if self.store_findings:
            doc.metadata["unspin_findings"] = json.dumps(
                [f.to_dict() for f in report.findings], ensure_ascii=False)
        self.stat_update(f"label_{report.label}")
        for kind, n in counts.items():
            if n:
                self.stat_update(f"docs_with_{kind}")
                self.stat_update(f"findings_{kind}", value=n)
        reason = self._reason(report)
        if reason is not None:
            return False, reason
        if self.rewrite_text == "cleaned":
            doc.text = report.cleaned
        elif self.rewrite_text == "restored":
            doc.text = report.restored
        return True

    def _reason(self, report: Any) -> str | None:
        if self.keep_below is not None:
            if report.spun_score >= self.keep_below:
                return "spun_score"
        elif self.drop_spun and report.label == "spun":
            return "spun_score"
        for kind in self.drop_kinds:
            if any(f.kind == kind for f in report.findings):
                return kind
        return None
