"""A readable report: the text with findings marked, then a numbered list."""

from __future__ import annotations

from ..findings import Report

_COLOURS = {"mojibake": "35", "injected": "31", "repeated": "33", "spun": "36"}


def render_report(report: Report, colour: bool = False, min_confidence: float = 0.0) -> str:
    """The readable report, listing the findings at least ``min_confidence`` sure
    (how many less sure ones there are is said, not listed)."""
    shown = report.at_least(min_confidence)
    hidden = len(report.findings) - len(shown.findings)
    summary = "findings: " + ", ".join(f"{n} {k}" for k, n in shown.counts().items())
    if hidden:
        summary += (f" (and {hidden} less sure than {min_confidence:.2f}, not listed: "
                    "--min-confidence 0 lists them)")
    report = shown
    head = f"spun score {report.spun_score:.2f}  label {report.label}  (threshold {report.threshold:.2f})"
    left_out = (report.metrics or {}).get("words_left_out") or 0
    if left_out:
        head += (f"  read {report.metrics.get('words', 0)} words of prose; {left_out} left out "
                 "(code, addresses, tables)")
    lines = [
        head,
        summary,
        "",
        _marked_text(report, colour),
        "",
    ]
    for i, f in enumerate(report.findings, 1):
        sugg = "" if f.suggestion is None else f" -> {f.suggestion!r}" if f.suggestion else " -> (remove)"
        lines.append(
            f"[{i}] {f.kind} {f.start}-{f.end} {f.text!r}{sugg} (confidence {f.confidence:.2f}): {f.evidence}"
        )
    return "\n".join(lines) + "\n"


def _marked_text(report: Report, colour: bool) -> str:
    text = report.text
    parts: list[str] = []
    pos = 0
    for i, f in enumerate(report.findings, 1):
        if f.start < pos:  # nested or overlapping: listed below, not marked twice
            continue
        parts.append(text[pos : f.start])
        span = text[f.start : f.end]
        if colour:
            parts.append(f"\x1b[1;{_COLOURS[f.kind]}m{span}\x1b[0m\x1b[2m[{i}]\x1b[0m")
        else:
            parts.append(f"[[{span}]][{i}]")
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
