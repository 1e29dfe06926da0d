"""Render the committed results JSON as Markdown tables (for the README).

    PYTHONPATH=src python -m benchmarks.report
"""

from __future__ import annotations

import json

from ._shared import RESULTS


def _f(x, pct: bool = True) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.1f}%" if pct else f"{x:.3f}"


def _mbps(speed: dict) -> float:
    """MB/s from bytes and seconds (the rounded mb_per_s reads 0 for the precise tier)."""
    if speed.get("bytes") and speed.get("seconds"):
        return speed["bytes"] / speed["seconds"] / 1e6
    return speed.get("mb_per_s") or 0.0


def render() -> str:
    out = []
    p = RESULTS / "spin_detection.json"
    if p.exists():
        r = json.loads(p.read_text())
        out.append(f"### Spin detection ({'quick' if r['quick'] else 'full'} run, test split)\n")
        out.append("| style | length | doc F1 at label | ROC-AUC | recall at ≤2% FPR | span P | span R | exact span | "
                   "confident span P / R |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        rows = [("tuning styles (pooled)", r["summary"]["tuning_styles"]),
                ("**heldout** (never tuned on)", r["summary"]["heldout"])]
        rows += [(st, v) for st, v in r["by_style"].items() if st != "heldout"]
        brown = r["summary"].get("brown_web") or {}
        if "tuning_styles" in brown:  # Brown corpus passages (news, fiction ...) spun, against honest ones
            rows += [("tuning styles (pooled), Brown passages", {"web": brown["tuning_styles"]}),
                     ("**heldout**, Brown passages", {"web": brown["heldout"]})]
        for name, v in rows:
            for L in ("short", "web"):
                if L not in v:
                    continue
                c = v[L]
                out.append(
                    f"| {name} | {L} | {_f(c['doc_at_label']['f1'], False)} | {_f(c['roc_auc'], False)} | "
                    f"{_f(c['at_2pct_fpr']['recall'])} | {_f(c['spans']['span_precision'])} | "
                    f"{_f(c['spans']['span_recall'])} | {_f(c['spans']['exact_span_rate'])} | "
                    f"{_f(c['spans_confident']['span_precision'])} / {_f(c['spans_confident']['span_recall'])} |")
        out.append("")
        out.append("| honest documents | FP rate at label | spun findings / 1000 words | confident ones / 1000 words |")
        out.append("|---|---|---|---|")
        h = r["honest"]
        other = [(f"{k}, other genres (test half)", v) for k, v in h.get("other_genres", {}).items()
                 if isinstance(v, dict)]
        for name, v in [("short", h["short"]), ("web", h["web"])] + list(h["by_source"].items()) + other:
            out.append(f"| {name} ({v['docs']} docs) | {_f(v['fp_rate_at_label'])} | "
                       f"{_f(v['spun_findings_per_1000_words'], False)} | "
                       f"{_f(v['confident_spun_findings_per_1000_words'], False)} |")
        ps = r.get("precise_sample") or {}
        if "precise" in ps:
            out.append("")
            out.append(f"Precise tier's document score (`--precise {ps['n_per_style']}`): {ps['spun_docs']} spun and "
                       f"{ps['honest_docs']} honest test documents, each also read by the default tier:")
            out.append("")
            out.append("| tier | styles | length | doc F1 at label | ROC-AUC | recall at ≤2% FPR | honest labelled spun |")
            out.append("|---|---|---|---|---|---|---|")
            for tier, key in (("precise", "precise"), ("default, same documents", "fast_same_sample")):
                for name, st in (("tuning (pooled)", "tuning_styles"), ("**heldout**", "heldout")):
                    for L in ("short", "web", "all"):
                        c = ps[key][st][L]
                        h = ps[key]["honest"].get(L) if L != "all" else None
                        hl = (f"{_f(h['fp_rate_at_label'])} of {h['docs']}" if h else
                              f"{_f(c['doc_at_label']['fpr'])} of {c['n_honest']}")
                        out.append(f"| {tier} | {name} | {L} ({c['n_spun']} spun) | "
                                   f"{_f(c['doc_at_label']['f1'], False)} | {_f(c['roc_auc'], False)} | "
                                   f"{_f(c['at_2pct_fpr']['recall'])} | {hl} |")
                g = ps[key]["honest"].get("fortunes")
                if g:
                    out.append(f"| {tier} | honest fortunes (test half) | {g['docs']} docs | | | | "
                               f"{_f(g['fp_rate_at_label'])} of {g['docs']} |")
        sp = r["summary"]["speed_default_tier"]
        if "analyze_all_kinds" in sp:
            a, s = sp["analyze_all_kinds"], sp["analyze_spun_only"]
            out.append("")
            out.append(
                f"Speed (default tier, one core, Wikipedia leads): analyze {a['mb_per_s']:.4f} MB/s "
                f"({a['docs_per_s']:.1f} docs/s, {a['ratio_to_ftfy']:.4f}× ftfy.fix_text at "
                f"{sp['ftfy_fix_text']['mb_per_s']:.3f} MB/s in the same run); spun only "
                f"{s['mb_per_s']:.4f} MB/s ({s['ratio_to_ftfy']:.4f}× ftfy); load {sp['load_seconds']:.1f} s; "
                f"peak memory {sp['peak_rss_mb']:.0f} MB.")
        out.append("")
    p = RESULTS / "tortured.json"
    if p.exists():
        r = json.loads(p.read_text())
        out.append(f"### Tortured phrases ({'quick' if r['quick'] else 'full'} run, tortured-dev.csv)\n")
        out.append("| run | instances | flagged | flagged in every carrier | expected wrongly flagged | "
                   "top-1 | top-5 | top-1, raw expected string | restored text exact |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for key, name in (("no_lexicon", "no lexicon, TEST half (the measure)"),
                          ("no_lexicon_tune", "no lexicon, TUNE half (tuned on; the real spinners' word and phrase tables and the terms are learned from it)"),
                          ("with_lexicon_trivial", "with the same CSV as lexicon (trivial)"),
                          ("precise_sample", "precise tier, evenly spaced sample of the TEST half"),
                          ("fast_on_precise_sample", "fast tier, the same sample")):
            if key in r and "instances" in r[key]:
                v = r[key]
                out.append(f"| {name} | {v['instances']} | {_f(v['tortured_flagged'])} | "
                           f"{_f(v['tortured_flagged_in_every_carrier'])} | {_f(v['expected_wrongly_flagged'])} | "
                           f"{_f(v['restoration_top1'])} | {_f(v['restoration_top5'])} | "
                           f"{_f(v.get('restoration_top1_raw_expected'))} | {_f(v['restored_text_exact'])} |")
        out.append("")
        at = r.get("no_lexicon", {}).get("at_min_confidence")
        if at:
            out.append("TEST half, counting only findings of at least a confidence (the readable report and "
                       "the web page list >= 0.5 unless asked): " + "; ".join(
                           f">= {c}: flagged {_f(v['tortured_flagged'])}, expected flagged "
                           f"{_f(v['expected_wrongly_flagged'])}" for c, v in at.items()) + ".")
            out.append("")
    p = RESULTS / "restoration.json"
    if p.exists():
        r = json.loads(p.read_text())
        out.append(f"### Restoration ({'quick' if r['quick'] else 'full'} run, test split)\n")
        out.append("| tier | styles | docs | changed words restored | unchanged words kept | edits reverted exactly | "
                   "identity baseline (restored / kept) | suggestion top-1 / top-5 (all edits) | MB/s |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for tier, v in r["tiers"].items():
            if "tuning_styles" not in v:
                out.append(f"| {tier} | {v['status']} | | | | | | | |")
                continue
            rows = [("tuning (pooled)", v["tuning_styles"]), ("**heldout**", v["heldout"])]
            rows += [(st, sv["all"]) for st, sv in v.get("by_style", {}).items() if st != "heldout"]
            for name, s in rows:
                b = s["identity_baseline"]
                out.append(f"| {tier} | {name} | {s['docs']} | {_f(s['changed_words_restored'])} | "
                           f"{_f(s['unchanged_words_kept'])} | {_f(s['edits_reverted_exactly'])} | "
                           f"{_f(b['changed_words_restored'])} / {_f(b['unchanged_words_kept'])} | "
                           f"{_f(s['suggestions']['top1_of_all_edits'])} / "
                           f"{_f(s['suggestions']['top5_of_all_edits'])} | "
                           f"{_mbps(v['speed']):.3g} |")
            if "honest_docs" in v:
                h = v["honest_docs"]
                out.append(f"| {tier} | honest docs | {h['docs']} | | {_f(h['words_kept'])} | "
                           f"left unchanged: {_f(h['docs_left_unchanged'])} | | | |")
        out.append("")
    p = RESULTS / "consensus.json"
    if p.exists():
        r = json.loads(p.read_text())
        out.append(f"### Restoring from spun copies ({'quick' if r['quick'] else 'full'} run, test split, "
                   f"web-length pages spun at {int(100 * r['rate'])}%)\n")
        out.append("| style | consensus of 2 / 3 / 5 copies (restored, kept) | one copy restored alone | "
                   "learned table: substitutions | new pages restored without → with the table | "
                   "words kept without → with | honest words kept with the table |")
        out.append("|---|---|---|---|---|---|---|")
        for style, c in r["consensus"].items():
            lr = r["learned"][style]
            cells = " / ".join(f"{_f(c[k]['changed_words_restored'])}, {_f(c[k]['unchanged_words_kept'])}"
                               for k in ("k2", "k3", "k5"))
            a, wo, w = c["restore_pivot_alone"], lr["without_table"], lr["with_table"]
            name = f"**{style}**" if style == "heldout" else style
            out.append(f"| {name} | {cells} | {_f(a['changed_words_restored'])}, {_f(a['unchanged_words_kept'])} | "
                       f"{lr['substitutions']} | {_f(wo['changed_words_restored'])} → {_f(w['changed_words_restored'])} | "
                       f"{_f(wo['unchanged_words_kept'])} → {_f(w['unchanged_words_kept'])} | "
                       f"{_f(w['honest_words_kept'])} |")
        out.append("")
        if r.get("end_to_end"):
            out.append("| style | end to end: 3 copies of 30 sources among 30 honest pages, grouped by "
                       "`unspin dupes` (restored, kept) | sources with all copies in one pure group |")
            out.append("|---|---|---|")
            for style, e in r["end_to_end"].items():
                name = f"**{style}**" if style == "heldout" else style
                out.append(f"| {name} | {_f(e['changed_words_restored'])}, {_f(e['unchanged_words_kept'])} | "
                           f"{_f(e['sources_with_all_copies_in_one_pure_group'])} |")
            out.append("")
        out.append("| style | detection with a learned table: ROC-AUC without → with | recall at label | "
                   "honest pages labelled spun |")
        out.append("|---|---|---|---|")
        for style, lr in r["learned"].items():
            wo, w = lr["without_table"].get("detection"), lr["with_table"].get("detection")
            if not wo or not w:
                continue
            name = f"**{style}**" if style == "heldout" else style
            out.append(f"| {name} | {_f(wo['roc_auc'], pct=False)} → {_f(w['roc_auc'], pct=False)} | "
                       f"{_f(wo['recall_at_label'])} → {_f(w['recall_at_label'])} | "
                       f"{_f(wo['honest_labelled_spun'])} → {_f(w['honest_labelled_spun'])} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(render())
