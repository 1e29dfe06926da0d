"""Spun wording: where a spinner has been, what was there before, and how sure we are.

Default ("fast") tier, no optional dependencies:

* ``spin.lexical``: words and short phrases a spinner may have put in, scored
  by how much the pocketsphinx trigram LM prefers what they may have replaced
  (inverted Moby thesaurus with inflection, plus the spinner's function-word and
  phrase habits), with a noisy-channel prior;
* ``spin.neighbours``: the words beside those found, read again with them
  restored ("straight" in "straight relapse" once "relapse" is "regression"),
  reported at no more than the confidence of the finding they lean on;
* ``spin.collocation``: whole phrases restored jointly around the words found
  ("counterfeit consciousness" -> "artificial intelligence" when the LM knows
  the result as a term), and no word flagged inside a phrase the LM knows;
* ``spin.damage``: lowercased names, a lone "i", "You.S.", hyphen damage;
* ``spin.acronyms``: a term that no longer spells the acronym defined with it
  ("synthetic intelligence (AI)" -> "artificial");
* ``spin.lexicons``: the user's tortured-phrase lexicons;
* ``spin.scoring``: per-span confidence and a calibrated document probability.

``options.tier == "precise"`` hands the fast tier's scored spans to
``spin.precise`` (SmolLM2 rescoring and slot proposals; the optional
``precise`` extra), whose findings replace the trigram-LM ones, and the
document's score becomes ``spin.precise_doc``'s (the default score and the
SmolLM2 slot gains, calibrated on their own, with their own thresholds); without
the extra it is a one-line :class:`~unspin.errors.UnspinError` naming the install
command.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from ..findings import Finding
from ..spintable import normalize
from ..spin import acronyms, collocation, damage, learned, lexicons, neighbours, precise_doc, scoring, terms, topicfit
from ..spin.lexical import REPORT_MIN, Proposal, propose, real_count, real_odds
from ..spin.resources import real_phrases, shared_lm, zipf
from ..spans import SpanIndex
from ..spin.tokens import disjoint, match_case, prose_tokens, tokenize

#: Label threshold of short texts on the calibrated score (chosen on development
#: data; see ``data/spin-calibration.json``); ``scoring.label_threshold`` gives
#: the one for a text's length, which ``detect`` reports.
DEFAULT_THRESHOLD = float(scoring.calibration().get("threshold", 0.5))


#: (index, name) of the features reported in the metrics: the ones the model reads
_REPORTED_FEATURES = tuple((i, k) for i, k in enumerate(scoring.FEATURES) if k in scoring.MODEL_FEATURES)

#: proposal sources scored as a spinner's phrase habits (shipped, or the user's tables)
HABITS = ("habit", "learned", "real")
#: evidence (nats) from which a word real spinners were seen to put in for the
#: suggested original, and put in more than writers do, is reported though under
#: REPORT_MIN (outside the document score). Chosen on the TUNE half of the
#: tortured-phrase list (tables learned from one part, measured on the other; see
#: docs/history.md)
WEAK_REAL_MIN = 1.0


@dataclass(frozen=True)
class SpinResult:
    findings: list[Finding]
    score: float
    threshold: float = DEFAULT_THRESHOLD
    metrics: dict[str, Any] = field(default_factory=dict)
    #: (start, end) of each word-level LM finding -> its ``scoring.SPAN_FEATURES``
    #: values (what its confidence read; for calibration and analysis)
    span_inputs: dict[tuple[int, int], list[float]] = field(default_factory=dict)
    #: the spans whose confidences the document score adds up (``span_p_rate``)
    scored_spans: tuple[tuple[int, int], ...] = ()
    #: with the precise tier, ``spin.precise_doc.FEATURES`` of the document (what its
    #: score reads; for calibration and analysis), else None
    precise_inputs: list[float] | None = None


def _select(props: list[Proposal]) -> list[Proposal]:
    # Longer spans (phrase-level edits) win over a near-equal word inside them.
    return disjoint((p for p in props if p.evidence >= REPORT_MIN),
                    key=lambda p: (-(p.evidence + 1.5 * (p.j - p.i - 1)), p.i))


#: a word inside an established collocation is still reported where its
#: suggestion makes, with the same neighbour, a collocation this much stronger
#: (``collocation.link_margin``, nats): "fatty corrosive" (a weak term link)
#: beside "fatty acid"; None: never
GUARD_LIFT: float | None = 4.0


def _guarded(p: Proposal, tokens, known: dict[int, float]) -> bool:
    """True if ``p`` (one word) sits in an established collocation that its
    suggestion does not beat by GUARD_LIFT."""
    sides = [k for k in (p.i, p.j) if k in known]
    if not sides:
        return False
    if GUARD_LIFT is None:
        return True
    best = p.best.lower().split()
    if not best:
        return True
    for k in sides:
        a, b = (tokens[k - 1].low, best[0]) if k == p.i else (best[-1], tokens[k].low)
        if collocation.link_margin(a, b) < known[k] + GUARD_LIFT:
            return True
    return False


def _guard(chosen: list[Proposal], tokens) -> list[Proposal]:
    """Drop single-word thesaurus proposals inside an established collocation
    (a word pair the LM knows as a unit, e.g. "data mining"), unless the
    suggestion's own pair is a much stronger one (``GUARD_LIFT``)."""
    if not chosen:
        return chosen
    known = collocation.established_links(
        tokens, {p.i for p in chosen if p.source == "thesaurus" and p.j - p.i == 1})
    return [p for p in chosen
            if not (p.source == "thesaurus" and p.j - p.i == 1 and _guarded(p, tokens, known))]


def _with_phrases(findings: list[Finding], phrase: list[tuple[Finding, collocation.Swaps]]) -> list[Finding]:
    """Phrase findings join the word-level ones they overlap.

    A phrase finding covers the words it swaps back; its run may hold words it
    keeps ("edit yield" -> "crop yield" keeps "yield"). Where the word-level
    findings on the run sit exactly on each swapped word, they stay and take the
    phrase's joint choice as their suggestion (the phrase's evidence added).
    Otherwise a strong phrase (``collocation.REPLACE_MIN``) replaces the findings
    on its run, so a kept word's finding ("yield" -> "output") goes: the run reads
    as a term with it. Either way the calibrated word-level probability of
    being spun is kept (the most confident overlapped finding's, for a phrase):
    the phrase search only chooses the restoration."""
    # Phrase runs never overlap one another (``collocation.select``), so a phrase
    # finding put in never meets a later run: only the word-level findings, each
    # in its slot (None once a phrase has replaced it), need an index.
    slots: list[Finding | None] = list(findings)
    index = SpanIndex((g.start, g.end) for g in findings)
    added: list[Finding] = []
    for f, swapped in phrase:
        d = dict(f.detail)
        rs, re_ = d["run_start"], d["run_end"]  # the phrase's whole run, kept words included
        over = [k for k in index.overlapping(rs, re_) if slots[k] is not None]
        if not over:
            continue
        swaps = {(s, e): w for s, e, w in swapped}
        if len(over) == len(swaps) and all((slots[k].start, slots[k].end) in swaps for k in over):
            for k in over:
                g = slots[k]
                w = swaps[(g.start, g.end)]
                if w != g.suggestion:
                    alts = ((g.suggestion, round(g.confidence / 2, 4)),)  # its own choice, second
                    alts += tuple(a for a in g.alternatives if a[0] != w)
                    g = replace(g, suggestion=w, alternatives=alts[:4],
                                evidence=g.evidence + "; " + f.evidence)
                    if seen_in_papers(f) and not seen_in_papers(g):
                        g = replace(g, detail=g.detail + (("seen_in_papers", True),))
                slots[k] = g
        elif d["evidence_nats"] >= collocation.REPLACE_MIN and all(
                rs <= slots[k].start and slots[k].end <= re_ for k in over):
            conf = max(slots[k].confidence for k in over)
            if conf != f.confidence:
                scale = conf / max(f.confidence, 1e-9)
                f = replace(f, confidence=round(conf, 4),
                            alternatives=tuple((t, round(min(1.0, c * scale), 4)) for t, c in f.alternatives))
            for k in over:
                slots[k] = None
            added.append(f)
    out = [g for g in slots if g is not None] + added
    out.sort(key=lambda f: (f.start, f.end))
    return out


_I = scoring.SPAN_INDEX


def _span_features(tokens, chosen: list[Proposal], soft_total: float) -> list[list[float]]:
    """Each chosen proposal's ``scoring.SPAN_FEATURES`` values (in that order)."""
    n = len(tokens)
    log_words = math.log1p(max(n, scoring.SPAN_MIN_WORDS))
    single = [p.source == "thesaurus" and p.j - p.i == 1 and " " not in p.best for p in chosen]
    pairs = [(tokens[p.i].low, p.best.lower()) for p, one in zip(chosen, single) if one]
    cos = iter(topicfit.page_cosines(tokens, pairs))
    L = shared_lm() if pairs else None
    out = []
    for p, one in zip(chosen, single):
        raw = [p.evidence, p.ranked[0][1] if p.ranked else 1.0, 1.0 if p.source in HABITS else 0.0,
               scoring.doc_rate(n, soft_total, p.evidence), log_words,
               float(min(4, max(0, len(p.ranked) - 1))), 1.0 if one else 0.0]
        if one:
            w, c = tokens[p.i].low, p.best.lower()
            cw, cc = next(cos)
            raw += [L.unigram(w), zipf(w), zipf(c), cw, cc]
        else:
            raw += [0.0] * 5
        out.append(raw)
    return out


def _word_finding(text: str, tokens, p: Proposal, raw: list[float], cal, probs: dict, span_inputs: dict) -> Finding:
    """The ``spun`` finding of a word-level proposal whose ``scoring.SPAN_FEATURES`` are
    ``raw``; its P(spun) goes into ``probs`` and ``raw`` into ``span_inputs``."""
    rate, share = raw[_I["doc_rate"]], raw[_I["share"]]
    s, e = tokens[p.i].start, tokens[p.j - 1].end
    span = text[s:e]
    # confidence: P(the span was spun); an alternative's: P(spun and it is the original)
    conf = probs[(s, e)] = scoring.span_probability(raw, cal)
    span_inputs[(s, e)] = raw
    alts = tuple((match_case(span, c), round(min(1.0, conf * sh), 4)) for c, sh in p.ranked[1:5])
    term = terms.term_with(tokens, p.i, p.best) if p.source == "thesaurus" and p.j - p.i == 1 else None
    low = span.lower()
    real_seen = real_count(low, p.best) if p.source == "thesaurus" and " " not in low else 0
    why = _evidence_text(span, p, term, real_seen)
    seen = p.source == "real" or term is not None or real_seen > 0
    if raw[_I["single"]] and scoring.topic_gain(raw) >= topicfit.MARGIN_COS:
        why += f'; "{p.best}" fits what the page is about better than "{span.lower()}"'
    return Finding(
        "spun", s, e, span, match_case(span, p.best), round(min(max(conf, 0.0), 1.0), 4), why,
        alternatives=alts,
        detail=(("source", p.source), ("evidence_nats", round(p.evidence, 2)), ("share", round(share, 4)),
                ("doc_rate", round(rate, 4))) + ((("seen_in_papers", True),) if seen else ()),
    )


def _weak_real(props: list[Proposal], chosen: list[Proposal], tokens) -> list[Proposal]:
    """Single-word thesaurus proposals under REPORT_MIN but at least WEAK_REAL_MIN whose
    best candidate real spinners were seen to replace the word with ("separation" for
    "distance"), and whose word they put in more than writers do (``real_odds`` above 0;
    not "values" for "prices", "town" for "city"), clear of the chosen spans;
    non-overlapping, strongest first."""
    taken = {k for p in chosen for k in range(p.i, p.j)}
    weak = [p for p in props
            if p.source == "thesaurus" and p.j - p.i == 1 and WEAK_REAL_MIN <= p.evidence < REPORT_MIN
            and p.i not in taken and real_count(tokens[p.i].low, p.best) > 0
            and real_odds(tokens[p.i].low) > 0.0]
    return disjoint(weak, key=lambda p: (-p.evidence, p.i))


def _beside(text: str, tokens, props: list[Proposal], found: list[Proposal], findings: list[Finding],
            soft_total: float, cal, probs: dict, span_inputs: dict) -> list[Finding]:
    """The findings of ``neighbours.propose_beside`` (guarded like the others), each
    capped at the confidence of the finding it leans on, its evidence naming it."""
    pairs = neighbours.propose_beside(tokens, props, found)
    if not pairs:
        return []
    ok = {id(p) for p in _guard([p for p, _ in pairs], tokens)}
    pairs = [(p, a) for p, a in pairs if id(p) in ok]
    at = {(f.start, f.end): f for f in findings}
    out = []
    for (p, a), raw in zip(pairs, _span_features(tokens, [p for p, _ in pairs], soft_total)):
        g = at.get((tokens[a].start, tokens[a].end))
        if g is None:
            continue
        f = _word_finding(text, tokens, p, raw, cal, probs, span_inputs)
        if f.confidence > g.confidence:
            f = _with_confidence(f, g.confidence)
        why = f'{f.evidence}; read with "{g.text}" put back as "{g.suggestion}" beside it'
        term = neighbours.term_made(p.best.lower(), g.suggestion.lower(), p.i < a)
        if term:
            why += f', which makes "{term}", a term of the field'
        # (scalars, like every detail value: a finding stays hashable and survives JSON as is)
        lean = (("leans_on_start", g.start), ("leans_on_end", g.end))
        if term and not seen_in_papers(f):
            lean += (("seen_in_papers", True),)
        out.append(replace(f, evidence=why, detail=f.detail + lean))
    return out


#: read the page's document score into the confidences of its findings
#: (``scoring.finding_probability``); ``scripts/calibrate_span_prior.py`` collects
#: the confidences before it with this off
DOC_PRIOR = True
#: the same for the precise tier's findings, read with its own document score and
#: threshold (``spin.precise_doc``). Dev split (scripts/check_precise_restore.py --docs 12,
#: with and without it: 67 spins of the tuning styles, 36 honest documents): spinner-changed
#: words put back 41.6% -> 40.3%, the spins' other words kept 97.95% -> 98.50%, honest
#: documents left unchanged 12 -> 35 of 36 (57 -> 1 words changed in them)
PRECISE_DOC_PRIOR = True


def seen_in_papers(f: Finding) -> bool:
    """Whether a finding rests on what real spinners were seen to do in published
    papers (their swap, or the term of the field it restores)."""
    return bool(dict(f.detail).get("seen_in_papers"))


def _with_doc_prior(findings: list[Finding], fixed: set, score: float, threshold: float) -> list[Finding]:
    """The LM findings' confidences read together with the page's document score
    (``scoring.finding_probability``). Not those of the rules and lexicons
    (``fixed``: certain in any page) or of the user's spinner tables (learned from
    this spinner's copies), nor those seen in papers: a paper with two tortured
    phrases reads as honest as a whole, yet a swap real spinners were seen to make
    is as telling there as anywhere."""
    out = []
    for f in findings:
        if (f.start, f.end) in fixed or seen_in_papers(f) or dict(f.detail).get("source") == "learned":
            out.append(f)
            continue
        c = round(scoring.finding_probability(f.confidence, score, threshold), 4)
        if c == f.confidence:
            out.append(f)
            continue
        out.append(_with_confidence(f, c))
    # a finding beside a found word stays no surer than the finding it leans on
    conf = {(f.start, f.end): f.confidence for f in out}
    for n, f in enumerate(out):
        d = dict(f.detail)
        cap = conf.get((d.get("leans_on_start"), d.get("leans_on_end")))
        if cap is not None and f.confidence > cap:
            out[n] = _with_confidence(f, cap)
    return out


def _with_confidence(f: Finding, c: float) -> Finding:
    """``f`` at confidence ``c``, its alternatives scaled with it."""
    k = c / max(f.confidence, 1e-9)
    return replace(f, confidence=c, alternatives=tuple((t, round(min(1.0, a * k), 4)) for t, a in f.alternatives))


def _still_leaning(findings: list[Finding]) -> list[Finding]:
    """Drop a finding from the words beside a found word (``leans_on_start`` /
    ``leans_on_end``) whose found word no longer has its finding (a phrase, lexicon or
    rule finding took its place): it was read with that word put back."""
    spans = {(f.start, f.end) for f in findings}
    out = []
    for f in findings:
        d = dict(f.detail)
        if "leans_on_start" not in d or (d["leans_on_start"], d["leans_on_end"]) in spans:
            out.append(f)
    return out


def _with_lm(p: Proposal, relation: str) -> str:
    """``relation`` (why the span may be a rewrite of ``p.best``) with what the LM says
    of ``p.best`` in the span's place: first where it prefers it, after where it does not
    (the finding rests on the relation then)."""
    d = p.best_delta
    if d >= 0.05:
        return f'the language model prefers "{p.best}" here by {d:.1f} nats; {relation}'
    if d > -0.05:
        return f'{relation}; the language model finds "{p.best}" as likely here'
    return f'{relation}, though the language model finds "{p.best}" {-d:.1f} nats less likely here'


def _evidence_text(span: str, p: Proposal, term: str | None = None, real_seen: int = 0) -> str:
    """Why a span was found, in words; ``term``: the term of the field its
    suggestion makes with a neighbour ("activation function"), if any;
    ``real_seen``: how many times real spinners were seen to put the (thesaurus)
    word in for the suggestion (``real_count``)."""
    if p.source == "learned":
        return _with_lm(p, f'the spinner table records "{span}" as this spinner\'s rewrite of "{p.best}"')
    if p.source == "real":
        key = normalize(span)
        seen = dict(real_phrases().get(key, ())).get(p.best, 0)
        times = "once" if seen == 1 else f"{seen} times"
        return _with_lm(p, f'real spinners were seen to put "{key}" for "{p.best}" in published papers '
                           f'({times} in the tortured-phrase list)')
    if p.source == "habit":
        return _with_lm(p, f'"{span}" is a typical spinner rewrite of "{p.best}"')
    low = span.lower()
    if real_seen:
        times = "once" if real_seen == 1 else f"{real_seen} times"
        relation = (f'real spinners were seen to put "{low}" for "{p.best}" in published papers '
                    f'({times} in the tortured-phrase list)')
    else:
        relation = f'"{low}" is a thesaurus synonym of "{p.best}"'
    term_note = f'"{term}" is a term of the field (in the originals of published tortured phrases)' if term else None
    if term_note and p.best_delta <= 0:  # the term, not the language model, chose it
        return f"{term_note}; {relation}"
    gain = f"by {p.best_delta:.1f} nats" if p.best_delta > 0 else "in this context"
    parts = [f'the language model expects "{p.best}" here {gain}', relation]
    return "; ".join(parts + [term_note] if term_note else parts)


def _check_tier(options: Any) -> bool:
    """True for the precise tier (UnspinError if its extra is missing)."""
    if getattr(options, "tier", "fast") != "precise":
        return False
    from ..spin import precise

    precise.available()
    return True


def detect(text: str, options: Any = None) -> SpinResult:
    is_precise = _check_tier(options)
    all_tokens = tokenize(text)
    tokens = prose_tokens(text, all_tokens)  # only the words of prose (``unspin.prose``)
    counters: dict[str, Any] = {}
    props = terms.adjust(propose(tokens, counters), tokens) + learned.propose_real(tokens) if tokens else []
    tables = getattr(options, "spinner_tables", ()) or ()
    if tables and tokens:  # the user's spinner tables (learned from its copies)
        props += learned.propose(tokens, tables)
    chosen = _select(props)
    cal = scoring.calibration()

    soft_total = scoring.doc_soft_count([p.evidence for p in chosen])
    raws = _span_features(tokens, chosen, soft_total)
    span_inputs: dict[tuple[int, int], list[float]] = {}
    probs: dict[tuple[int, int], float] = {}  # each span's P(spun), unrounded
    word_findings = [_word_finding(text, tokens, p, raw, cal, probs, span_inputs) for p, raw in zip(chosen, raws)]

    # What is reported: no word inside an established collocation, and whole
    # tortured phrases restored around the words found (the document score
    # below stays on the word-level evidence it was calibrated on).
    kept = _guard(chosen, tokens)
    kept_ids = {id(p) for p in kept}
    findings = [f for p, f in zip(chosen, word_findings) if id(p) in kept_ids]
    # (the document score reads the confidences of these, as computed above)
    scored_spans = tuple((f.start, f.end) for f in findings)
    span_p = [probs[k] for k in scored_spans]
    # words real spinners were seen to put in for the LM's choice, on weaker evidence:
    # reported at their own confidence, outside the document score
    weak = _guard(_weak_real(props, chosen, tokens), tokens)
    if weak:
        findings += [_word_finding(text, tokens, p, raw, cal, probs, span_inputs)
                     for p, raw in zip(weak, _span_features(tokens, weak, soft_total))]
        findings.sort(key=lambda f: (f.start, f.end))
    # the words beside those found, read again with them restored: reported at no
    # more than the confidence of the finding they lean on, outside the document score
    beside = _beside(text, tokens, props, kept + weak, findings, soft_total, cal, probs, span_inputs)
    if beside:
        findings = sorted(findings + beside, key=lambda f: (f.start, f.end))
    anchors = {k for p in kept if p.source == "thesaurus" and p.evidence >= collocation.ANCHOR_MIN
               for k in range(p.i, p.j)}
    if anchors:
        findings = _with_phrases(findings, collocation.findings(text, tokens, anchors))
    gains = None
    if is_precise:  # the precise tier re-decides the LM findings
        from ..spin import precise

        scored = precise.score_all(text, tokens, props, counters)
        findings = precise.decide(text, scored)
        gains, n_found = precise_doc.best_gains(scored), len(findings)

    dmg = damage.detect(text, tokens) if tokens else []
    lex = lexicons.match(text, tokens, getattr(options, "lexicons", ()) or ()) if tokens else []
    findings, acr, upheld = acronyms.reconcile(text, tokens, findings) if tokens else (findings, [], set())
    # Lexicon and rule findings win over overlapping LM findings.
    fixed = lex + dmg + acr
    fixed_spans = [(f.start, f.end) for f in fixed]
    fixed_index = SpanIndex(fixed_spans)
    findings = [f for f in findings if not fixed_index.overlapping(f.start, f.end)]
    # each rule finding in turn, but for one overlapping one taken before it
    taken = [False] * len(fixed)
    for k, f in enumerate(fixed):
        if any(j < k and taken[j] for j in fixed_index.overlapping(f.start, f.end)):
            continue
        taken[k] = True
        findings.append(f)
    findings = _still_leaning(sorted(findings, key=lambda f: (f.start, f.end)))

    n_words = len(tokens)
    thes = [p for p in props if p.source == "thesaurus"]
    # (the context-fit features are not scored: not computed here, see scoring.CONTEXT_FIT)
    x = scoring.doc_features(
        n_words, None, None, [p.evidence for p in thes], [p.best_delta for p in thes],
        [p.evidence for p in props if p.source in HABITS], len(dmg),
        topicfit.features(tokens) if tokens else None, span_p,
    )
    score = scoring.doc_probability(x, cal) if n_words else 0.0
    threshold = scoring.label_threshold(n_words, cal)
    px = precise_doc.features(score, n_words, gains, n_found) if gains is not None and n_words else None
    pcal = precise_doc.calibration() if px is not None else None
    if pcal is not None:
        # the precise tier's own document score (``spin.precise_doc``)
        score = precise_doc.probability(px, pcal)
        threshold = scoring.label_threshold(n_words, pcal)
    if DOC_PRIOR and (PRECISE_DOC_PRIOR or not is_precise) and n_words:
        # (rule findings, and LM findings an acronym upholds, keep their confidence)
        findings = _with_doc_prior(findings, set(fixed_spans) | upheld, score, threshold)
    if lex:
        score = max(score, min(1.0, 0.5 + 0.1 * len(lex)))
    flagged_words = sum(p.j - p.i for p in kept)
    metrics = {
        "words": n_words,
        "words_left_out": len(all_tokens) - n_words,  # not prose: code, addresses, tables
        "candidates_checked": counters.get("candidates_checked", 0),
        "spans_scored": len(props),
        "spun_findings": len(findings),
        "flagged_share": round(flagged_words / n_words, 4) if n_words else 0.0,
        "lexicon_matches": len(lex),
        "damage_findings": len(dmg),
        "acronym_findings": len(acr),
        "features": {k: round(x[i], 4) for i, k in _REPORTED_FEATURES},
    }
    if pcal is not None:
        metrics["precise_features"] = {k: round(v, 4) for k, v in zip(precise_doc.FEATURES, px)}
    return SpinResult(findings=findings, score=float(score), threshold=threshold,
                      metrics=metrics, span_inputs=span_inputs, scored_spans=scored_spans, precise_inputs=px)
