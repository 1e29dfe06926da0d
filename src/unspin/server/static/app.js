// unspin page: sends the text to POST /v1/analyze and shows the report.
// Plain JS, no dependencies; everything is built with DOM calls (no innerHTML
// with report data), so the text shown can never run as markup.
"use strict";

const KINDS = {
  spun: { name: "spun", desc: "wording a spinner substituted", style: "solid underline" },
  injected: { name: "injected", desc: "words slipped in: spam keywords, foreign fragments", style: "double underline" },
  mojibake: { name: "mojibake", desc: "text decoded with the wrong encoding", style: "wavy underline" },
  repeated: { name: "repeated", desc: "a line that repeats an earlier one", style: "hatched, dashed line" },
};
const KIND_ORDER = ["spun", "injected", "mojibake", "repeated"];

const $ = (sel) => document.querySelector(sel);
const state = { text: "", report: null, shown: [], which: "restored", busy: false, name: "text" };
// Findings less sure than restore's default are "doubtful": on honest text most
// spun findings are (a word the language model would rather not see), so they
// are listed only on request.
const SURE = 0.5;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

const pct = (x) => Math.round(x * 100) + "%";
const short = (s, n = 90) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

// ---- code-point offsets (the API's) to UTF-16 indices (JavaScript's) ----
function offsetMap(text) {
  const map = [0];
  let i = 0;
  for (const ch of text) { i += ch.length; map.push(i); }
  return map;
}

// ---- calling the API ----
async function analyze() {
  const text = $("#text").value;
  hideError();
  if (!text.trim()) { showError("Paste or drop some text first."); return; }
  const kinds = [...document.querySelectorAll('input[name="kind"]:checked')].map((c) => c.value);
  if (!kinds.length) { showError("Choose at least one kind of finding to look for."); return; }
  setBusy(true, "Analysing…");
  const t0 = performance.now();
  try {
    const res = await fetch("/v1/analyze", {
      method: "POST",
      headers: { "content-type": "application/json" },
      // an HTML page is read through its main text, which the answer then holds
      body: JSON.stringify({ text, options: { kinds }, html: "auto" }),
    });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const msg = body && body.error ? body.error.message : `the server answered ${res.status}`;
      throw new Error(msg);
    }
    state.text = typeof body.text === "string" ? body.text : text;
    state.report = body;
    render();
    const n = state.shown.length;
    const what = state.text === text ? "" : " of the HTML page's main text";
    setBusy(false, `${n} finding${n === 1 ? "" : "s"} shown in ${[...state.text].length.toLocaleString()} characters${what} (${((performance.now() - t0) / 1000).toFixed(2)} s).`);
  } catch (err) {
    setBusy(false, "");
    showError("Could not analyse the text: " + err.message);
  }
}

function setBusy(busy, msg) {
  state.busy = busy;
  $("#analyze").disabled = busy;
  $("#status").textContent = msg;
}
function showError(msg) { const e = $("#error"); e.textContent = msg; e.hidden = false; }
function hideError() { $("#error").hidden = true; }

// ---- rendering ----
function render() {
  const r = state.report;
  const all = r.findings;
  state.shown = $("#doubtful").checked ? all : all.filter((f) => f.confidence >= SURE);
  const counts = Object.fromEntries(KIND_ORDER.map((k) => [k, state.shown.filter((f) => f.kind === k).length]));
  const hidden = all.length - state.shown.length;
  $("#doubtful-note").textContent = hidden
    ? `${hidden} doubtful finding${hidden === 1 ? "" : "s"} (under ${pct(SURE)} sure) not shown.` : "";
  renderScore(r, counts);
  renderLegend(counts);
  renderMarked(state.text, state.shown);
  renderTable(state.shown);
  renderDiff();
}

function renderScore(r, counts) {
  const score = r.spun_score;
  $("#score-num").textContent = score.toFixed(2);
  const label = $("#score-label");
  label.textContent = r.label;
  label.className = "badge " + (r.label === "spun" ? "spun" : "clean");
  const bar = $("#bar");
  bar.setAttribute("aria-valuenow", String(score));
  bar.setAttribute("aria-valuetext", `${score.toFixed(2)}, ${r.label}`);
  $("#bar-fill").style.width = Math.max(0, Math.min(1, score)) * 100 + "%";
  $("#bar-fill").className = "bar-fill" + (r.label === "spun" ? " spun" : "");
  $("#bar-tick").style.left = `calc(${Math.max(0, Math.min(1, r.threshold)) * 100}% - 1px)`;
  const nSpun = counts.spun || 0;
  $("#score-note").textContent =
    (r.label === "spun"
      ? `At or above the threshold ${r.threshold.toFixed(2)}: this reads like machine-spun text`
      : `Below the threshold ${r.threshold.toFixed(2)} (the black tick): this does not read as spun`) +
    (nSpun ? `; ${nSpun} spun phrase${nSpun === 1 ? "" : "s"} marked.` : ".");
}

function renderLegend(counts) {
  const ul = $("#legend");
  ul.replaceChildren();
  for (const k of KIND_ORDER) {
    const n = counts ? counts[k] || 0 : 0;
    ul.append(el("li", { "data-kind": k },
      el("span", { class: `swatch k-${k}`, text: KINDS[k].name }),
      el("span", { class: "count", text: counts ? String(n) : "" }),
      el("span", { class: "desc", text: `${KINDS[k].desc} (${KINDS[k].style})` })));
  }
}

// For a long span with a small change (a line whose encoding was repaired),
// show only the changed words with a little context: "…the jak usunÄ…Ä‡ konto…".
function compactChange(from, to, context = 6) {
  if (!to || from.length <= 60) return [short(from), to === null || to === undefined ? to : short(to)];
  const a = tokens(from), b = tokens(to);
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  const lo = Math.max(0, p - context);
  const cut = (t) => (lo > 0 ? "…" : "") + t.slice(lo, t.length - Math.max(0, q - context)).join("").trim()
    + (q > context ? "…" : "");
  return [short(cut(a), 120), short(cut(b), 120)];
}

function changeText(f) {
  if (f.suggestion === null || f.suggestion === undefined) return "no change proposed";
  if (f.suggestion === "") return "remove it";
  return `change to “${short(f.suggestion)}”`;
}

function describe(f) {
  let s = `${KINDS[f.kind] ? KINDS[f.kind].name : f.kind}, confidence ${pct(f.confidence)}: ${changeText(f)}.`;
  if (f.alternatives && f.alternatives.length) s += " Also possible: " + f.alternatives.map((a) => `“${a.text}”`).join(", ") + ".";
  return s + " Why: " + f.evidence;
}

// Findings may nest (a spun word inside a line with mojibake) or cross; crossing
// ones are split at the outer mark's end, and only the first piece takes focus.
function renderMarked(text, findings) {
  const root = $("#marked");
  const descs = $("#descs");
  root.replaceChildren();
  descs.replaceChildren();
  const map = offsetMap(text);
  const at = (cp) => map[Math.min(Math.max(cp, 0), map.length - 1)];
  let pieces = findings.map((f, i) => ({ i, s: at(f.start), e: at(f.end), first: true }));
  pieces.sort(byPos);
  findings.forEach((f, i) => descs.append(el("span", { id: `desc-${i}`, text: describe(f) })));

  function fill(parent, s, e, list) {
    let pos = s;
    while (list.length) {
      const p = list.shift();
      if (p.e < pos || (p.e === pos && p.s < pos)) continue;
      if (p.s < pos) { p.s = pos; p.first = false; }
      if (p.s > pos) parent.append(text.slice(pos, p.s));
      const inner = [], rest = [];
      for (const q of list) {
        if (q.s < p.e) {
          if (q.e > p.e) { inner.push({ ...q, e: p.e }); rest.push({ ...q, s: p.e, first: false }); }
          else inner.push(q);
        } else rest.push(q);
      }
      rest.sort(byPos);
      const f = findings[p.i];
      const mark = el("mark", {
        class: `f k-${f.kind}` + (p.s === p.e ? " empty" : ""),
        "data-i": String(p.i),
        "data-kind": f.kind,
        tabindex: p.first ? "0" : null,
        "aria-describedby": `desc-${p.i}`,
      });
      fill(mark, p.s, p.e, inner);
      parent.append(mark);
      pos = p.e;
      list = rest;
    }
    if (pos < e) parent.append(text.slice(pos, e));
  }
  fill(root, 0, text.length, pieces);
}

function byPos(a, b) { return a.s - b.s || b.e - a.e || a.i - b.i; }

function renderTable(findings) {
  const tbody = $("#table tbody");
  tbody.replaceChildren();
  findings.forEach((f, i) => {
    const [from, to] = compactChange(f.text, f.suggestion);
    const sugg = f.suggestion === null || f.suggestion === undefined ? el("em", { text: "none" })
      : f.suggestion === "" ? el("em", { text: "remove" }) : to;
    const alts = f.alternatives && f.alternatives.length
      ? el("div", { class: "hint", text: "also: " + f.alternatives.map((a) => `${a.text} (${pct(a.confidence)})`).join(", ") }) : null;
    tbody.append(el("tr", {},
      el("td", {}, el("button", { type: "button", "data-goto": String(i), "aria-label": `Show finding ${i + 1} in the text` }, String(i + 1))),
      el("td", {}, el("span", { class: `swatch k-${f.kind}`, text: f.kind })),
      el("td", { class: "txt", text: from }),
      el("td", { class: "txt" }, sugg, alts),
      el("td", { class: "num", text: pct(f.confidence) }),
      el("td", { text: f.evidence })));
  });
  $("#none").hidden = findings.length > 0;
}

// ---- word diff (Myers), first by lines, then by words inside changed lines ----
function tokens(s) { return s.match(/\s+|[\p{L}\p{M}\p{N}_'’-]+|[^\s]/gu) || []; }
function lines(s) { return s.match(/[^\n]*\n|[^\n]+$/g) || []; }

function myers(a, b) {
  // Returns [op, token] pairs, op one of "=", "-", "+"; null when too costly.
  const n = a.length, m = b.length, max = n + m;
  if (n === 0) return b.map((t) => ["+", t]);
  if (m === 0) return a.map((t) => ["-", t]);
  const LIMIT = 3000;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace = [];
  let found = -1;
  for (let d = 0; d <= Math.min(max, LIMIT); d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[off + k] = x;
      if (x >= n && y >= m) { found = d; break; }
    }
    if (found >= 0) break;
  }
  if (found < 0) return null;
  const ops = [];
  let x = n, y = m;
  for (let d = found; d > 0; d--) {
    const vp = trace[d]; // v as it was before step d, indices shifted by d+1
    const get = (k) => vp[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && get(k - 1) < get(k + 1)) ? k + 1 : k - 1;
    const prevX = get(prevK), prevY = prevX - prevK;
    while (x > prevX && y > prevY) { ops.push(["=", a[--x]]); y--; }
    if (x === prevX) ops.push(["+", b[--y]]); else ops.push(["-", a[--x]]);
  }
  while (x > 0 && y > 0) { ops.push(["=", a[--x]]); y--; }
  return ops.reverse();
}

function diffSeq(a, b) {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf), B = b.slice(pre, b.length - suf);
  const mid = myers(A, B) || [...A.map((t) => ["-", t]), ...B.map((t) => ["+", t])];
  return [...a.slice(0, pre).map((t) => ["=", t]), ...mid, ...a.slice(a.length - suf).map((t) => ["=", t])];
}

// A minimal diff matches stray common words ("the", "council") between two rewritten
// passages. An unchanged stretch of at most two words between larger changes is shown as
// changed on both sides, so that a rewritten passage reads as one change.
function cleanupNoise(ops) {
  const groups = [];
  for (const op of ops) {
    const kind = op[0] === "=" ? "=" : "x";
    if (groups.length && groups[groups.length - 1].kind === kind) groups[groups.length - 1].ops.push(op);
    else groups.push({ kind, ops: [op] });
  }
  const words = (g) => g.ops.filter(([, t]) => /\S/.test(t)).length;
  const out = [];
  groups.forEach((g, i) => {
    const between = g.kind === "=" && i > 0 && i < groups.length - 1;
    if (between && words(g) <= 2 && words(groups[i - 1]) + words(groups[i + 1]) > 2 * words(g)) {
      for (const [, t] of g.ops) out.push(["-", t]);
      for (const [, t] of g.ops) out.push(["+", t]);
    } else out.push(...g.ops);
  });
  return out;
}

function wordDiff(oldText, newText) {
  // Words first, over the whole text; only when that is too costly, lines first and
  // then words inside the changed lines.
  const whole = myers(tokens(oldText), tokens(newText));
  if (whole) return cleanupNoise(whole);
  const out = [];
  const byLine = diffSeq(lines(oldText), lines(newText));
  let dels = [], adds = [];
  const flush = () => {
    if (dels.length || adds.length) out.push(...cleanupNoise(diffSeq(tokens(dels.join("")), tokens(adds.join("")))));
    dels = []; adds = [];
  };
  for (const [op, line] of byLine) {
    if (op === "-") dels.push(line);
    else if (op === "+") adds.push(line);
    else { flush(); out.push(["=", line]); }
  }
  flush();
  return out;
}

function renderDiff() {
  const r = state.report;
  if (!r) return;
  const which = state.which;
  const ops = wordDiff(state.text, r[which]);
  const left = $("#orig"), right = $("#new");
  left.replaceChildren();
  right.replaceChildren();
  let changes = 0, prev = "=";
  for (const [op, t] of ops) {
    if (op === "=") { left.append(t); right.append(t); }
    else if (op === "-") { appendTo(left, "del", t); }
    else { appendTo(right, "ins", t); }
    if (op !== "=" && prev === "=") changes++;
    prev = op;
  }
  $("#diff-which").textContent = which;
  $("#new-h").textContent = which === "restored" ? "Restored" : "Cleaned";
  $("#diff-count").textContent = changes ? `${changes} change${changes === 1 ? "" : "s"} marked.` : "No changes: the text is left as it was.";
}

function appendTo(parent, tag, t) {
  // Merge adjacent tokens of the same change into one element.
  const last = parent.lastChild;
  if (last && last.nodeName === tag.toUpperCase()) last.append(t);
  else if (last && /^\s+$/.test(t) === false && last.nodeType === 3 && /^\s+$/.test(last.data)
    && last.previousSibling && last.previousSibling.nodeName === tag.toUpperCase()) {
    last.previousSibling.append(last.data, t);
    last.remove();
  } else parent.append(el(tag, {}, t));
}

// ---- tooltip (hover and keyboard focus) ----
let tipFor = null;
function showTip(mark, clientX, clientY) {
  const f = state.report && state.shown[Number(mark.dataset.i)];
  if (!f) return;
  const tip = $("#tip");
  const head = el("div", { class: "t-head" },
    el("span", { class: "t-kind", text: f.kind }), el("span", { text: `confidence ${pct(f.confidence)}` }));
  let change;
  const [from, to] = compactChange(f.text, f.suggestion);
  if (f.suggestion === null || f.suggestion === undefined) change = el("div", { class: "t-change" }, el("q", { class: "t-from", text: from }), " — no change proposed");
  else if (f.suggestion === "") change = el("div", { class: "t-change" }, el("q", { class: "t-from", text: from }), " → ", el("span", { class: "t-to", text: "remove" }));
  else change = el("div", { class: "t-change" }, el("q", { class: "t-from", text: from }), " → ", el("q", { class: "t-to", text: to }));
  const alts = f.alternatives && f.alternatives.length
    ? el("p", { class: "t-alt", text: "Also possible: " + f.alternatives.map((a) => `${a.text} (${pct(a.confidence)})`).join(", ") }) : null;
  tip.replaceChildren(...[head, change, alts, el("p", { class: "t-ev", text: f.evidence })].filter(Boolean));
  tip.hidden = false;
  document.querySelectorAll("mark.f.active").forEach((m) => m.classList.remove("active"));
  document.querySelectorAll(`mark.f[data-i="${mark.dataset.i}"]`).forEach((m) => m.classList.add("active"));
  tipFor = mark;
  // Place it under the line box nearest the pointer (or the first one for focus).
  const rects = [...mark.getClientRects()];
  let rect = rects[0] || mark.getBoundingClientRect();
  if (clientY !== undefined) rect = rects.find((r) => clientY >= r.top && clientY <= r.bottom) || rect;
  const w = tip.offsetWidth, h = tip.offsetHeight;
  let left = (clientX !== undefined ? clientX - 20 : rect.left);
  left = Math.max(8, Math.min(left, document.documentElement.clientWidth - w - 8));
  let top = rect.bottom + 8;
  if (top + h > window.innerHeight - 8 && rect.top - h - 8 > 0) top = rect.top - h - 8;
  tip.style.left = left + window.scrollX + "px";
  tip.style.top = top + window.scrollY + "px";
}
function hideTip() {
  $("#tip").hidden = true;
  document.querySelectorAll("mark.f.active").forEach((m) => m.classList.remove("active"));
  tipFor = null;
}

// ---- copy and download ----
async function copy(which) {
  if (!state.report) return;
  const text = state.report[which];
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    const ta = el("textarea", { class: "sr-only" });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    document.execCommand("copy");
    ta.remove();
  }
  $("#copied").textContent = `Copied the ${which} text.`;
}
function download(which) {
  if (!state.report) return;
  const blob = new Blob([state.report[which]], { type: "text/plain;charset=utf-8" });
  const filename = `${state.name}.${which}.txt`;
  const a = el("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  $("#copied").textContent = `Downloaded ${filename}.`;
}

// ---- files ----
async function loadFile(file) {
  if (!file) return;
  hideError();
  try {
    $("#text").value = await file.text();
    state.name = file.name.replace(/\.[^.]*$/, "") || "text";
    $("#status").textContent = `Loaded ${file.name}.`;
    analyze();
  } catch (e) {
    showError(`Could not read ${file.name}: ${e.message}`);
  }
}

async function loadExample() {
  try {
    const res = await fetch("/static/example.txt");
    $("#text").value = await res.text();
    state.name = "example";
    analyze();
  } catch (e) {
    showError("Could not load the example.");
  }
}

// ---- wiring ----
function init() {
  renderLegend(null);
  $("#analyze").addEventListener("click", analyze);
  $("#example").addEventListener("click", loadExample);
  $("#open").addEventListener("click", () => $("#file").click());
  $("#file").addEventListener("change", (e) => loadFile(e.target.files[0]));
  $("#text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); analyze(); }
  });
  const drop = $("#drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    loadFile(e.dataTransfer.files[0]);
  });
  $("#doubtful").addEventListener("change", () => { if (state.report) render(); });
  for (const r of document.querySelectorAll('input[name="which"]')) {
    r.addEventListener("change", () => { state.which = r.value; renderDiff(); });
  }
  document.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-copy], button[data-download], button[data-goto]");
    if (!b) return;
    if (b.dataset.copy) copy(b.dataset.copy);
    else if (b.dataset.download) download(b.dataset.download);
    else {
      const m = document.querySelector(`mark.f[data-i="${b.dataset.goto}"][tabindex]`);
      if (m) { m.scrollIntoView({ block: "center" }); m.focus(); }
    }
  });
  const marked = $("#marked");
  marked.addEventListener("mouseover", (e) => {
    const m = e.target.closest("mark.f");
    if (m) showTip(m, e.clientX, e.clientY);
    else if (tipFor && tipFor !== document.activeElement) hideTip();
  });
  marked.addEventListener("mouseleave", () => { if (!marked.contains(document.activeElement)) hideTip(); });
  marked.addEventListener("focusin", (e) => { const m = e.target.closest("mark.f"); if (m) showTip(m); });
  marked.addEventListener("focusout", () => hideTip());
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && tipFor) hideTip(); });
  window.addEventListener("resize", () => { if (tipFor) showTip(tipFor); });
  loadExample();
}

document.addEventListener("DOMContentLoaded", init);
