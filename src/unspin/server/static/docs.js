// A small, self-contained API reference: renders /openapi.json (no CDN needed)
// and lets each endpoint be tried from the page.
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

let spec = null;
function resolve(schema) {
  let s = schema || {};
  while (s.$ref) s = spec.components.schemas[s.$ref.split("/").pop()] || {};
  return s;
}
function typeName(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map(typeName).join(" | ");
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === "array" && schema.prefixItems) return "[" + schema.prefixItems.map(typeName).join(", ") + "]";
  if (schema.type === "array") return typeName(schema.items) + "[]";
  return schema.type || "any";
}
function fieldsTable(schema, seen = new Set()) {
  const s = resolve(schema);
  if (!s.properties) return el("p", { class: "hint", text: typeName(schema) });
  const req = new Set(s.required || []);
  const body = el("tbody");
  const nested = [];
  for (const [name, p] of Object.entries(s.properties)) {
    const dflt = p.default !== undefined ? JSON.stringify(p.default) : req.has(name) ? "required" : "";
    body.append(el("tr", {}, el("td", { class: "name", text: name }), el("td", { text: typeName(p) }),
      el("td", { text: dflt }), el("td", { text: p.description || "" })));
    const inner = p.$ref ? p.$ref.split("/").pop() : null;
    if (inner && !seen.has(inner) && resolve(p).properties) { seen.add(inner); nested.push([inner, p]); }
  }
  const wrap = el("div", {}, el("table", {}, el("thead", {}, el("tr", {},
    el("th", { text: "field" }), el("th", { text: "type" }), el("th", { text: "default" }), el("th", { text: "meaning" }))), body));
  for (const [name, p] of nested) wrap.append(el("h4", { text: name }), fieldsTable(p, seen));
  return wrap;
}

function tryIt(path, method) {
  const ta = el("textarea", { "aria-label": `Request body for ${method.toUpperCase()} ${path}`, spellcheck: "false" });
  ta.value = JSON.stringify({ text: "The You.S. Company out of Transportation provided element of the financial support.", options: { tier: "fast" } }, null, 2);
  const out = el("pre", { "aria-live": "polite" });
  const send = el("button", { type: "button", class: "primary", text: `Send ${method.toUpperCase()} ${path}` });
  send.addEventListener("click", async () => {
    out.textContent = "…";
    const opts = { method: method.toUpperCase() };
    if (method === "post") { opts.headers = { "content-type": "application/json" }; opts.body = ta.value; }
    const res = await fetch(path, opts);
    const text = await res.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON */ }
    out.textContent = `${res.status} ${res.statusText}\n${shown}`;
  });
  return el("details", { class: "try" }, el("summary", { text: "Try it" }),
    method === "post" ? ta : null, el("p", {}, send), out);
}

async function main() {
  const root = document.getElementById("api");
  try {
    spec = await (await fetch("/openapi.json")).json();
  } catch (e) {
    root.replaceChildren(el("p", { class: "error", text: "Could not load /openapi.json." }));
    return;
  }
  root.replaceChildren(el("div", { class: "card" }, el("h1", { text: `${spec.info.title} ${spec.info.version}` }),
    el("p", { text: spec.info.description || "" }),
    el("p", { class: "hint", text: "Errors are JSON: {\"error\": {\"code\": \"...\", \"message\": \"...\"}}." })));
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const card = el("section", { class: "card op", id: `${method}-${path.replace(/\W+/g, "-")}` });
      card.append(el("h2", {}, el("span", { class: `method ${method}`, text: method.toUpperCase() }), path));
      if (op.summary) card.append(el("p", {}, el("strong", { text: op.summary })));
      if (op.description) card.append(el("p", { text: op.description }));
      const rb = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
      if (rb) card.append(el("h3", { text: "Request body (application/json)" }), fieldsTable(rb.schema));
      const rows = el("tbody");
      for (const [status, r] of Object.entries(op.responses || {})) {
        const c = r.content && r.content["application/json"];
        rows.append(el("tr", {}, el("td", { class: "name", text: status }), el("td", { text: r.description || "" }),
          el("td", { text: c && c.schema ? typeName(c.schema) : "" })));
      }
      card.append(el("h3", { text: "Responses" }), el("table", {}, el("thead", {}, el("tr", {},
        el("th", { text: "status" }), el("th", { text: "meaning" }), el("th", { text: "body" }))), rows));
      const ok = op.responses && op.responses["200"] && op.responses["200"].content && op.responses["200"].content["application/json"];
      if (ok && ok.schema && ok.schema.$ref) {
        const d = el("details", {}, el("summary", { text: `${typeName(ok.schema)} fields` }), fieldsTable(ok.schema));
        card.append(d);
      }
      card.append(tryIt(path, method));
      root.append(card);
    }
  }
}

document.addEventListener("DOMContentLoaded", main);
