"use strict";
// The page of `pmclassify serve`: asks this server only, and writes user text with textContent.
const $ = (id) => document.getElementById(id);
const ANSWERS = ["pm", "specialization", "seniority"];
let labels = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function label(kind, id) {
  const list = labels ? labels[kind] : [];
  return list.find((l) => l.id === id) || { id, name: id, definition: "" };
}

function score(x) {
  return x === null || x === undefined ? "" : ` (${x.toFixed(2)})`;
}

// The text with each evidence span marked; a span inside one already marked is left to it.
function highlight(container, text, spans) {
  container.replaceChildren();
  if (!text) return;
  const sorted = spans.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) continue;
    container.append(text.slice(pos, s.start));
    const mark = el("mark", { class: `ev-${s.answer}`, title: `${s.answer}: ${s.text}` },
                    text.slice(s.start, s.end));
    mark.dataset.answer = s.answer;
    mark.dataset.start = s.start;
    mark.dataset.end = s.end;
    container.append(mark);
    pos = s.end;
  }
  container.append(text.slice(pos));
}

function spansOf(p, inTitle) {
  const out = [];
  for (const answer of ANSWERS) {
    for (const e of p.evidence[answer] || []) {
      if (e.start === null || e.start === undefined) continue;
      const titleSpan = e.where === "title" && e.title_line === 0;
      if (titleSpan === inTitle) out.push({ ...e, answer });
    }
  }
  return out;
}

function render(p, text, title) {
  const dl = $("answers");
  dl.replaceChildren();
  const row = (term, ...dd) => dl.append(el("dt", {}, term), el("dd", {}, ...dd));
  row("PM role", p.is_pm ? "yes" : "no", el("span", { class: "score" }, score(p.pm_score)));
  if (p.is_pm) {
    const spec = label("specializations", p.specialization);
    row("Specialization", `${spec.name} [${spec.id}]`,
        el("span", { class: "score" }, score(p.specialization_score)),
        el("span", { class: "definition" }, spec.definition));
    if (p.secondary_specialization) {
      const sec = label("specializations", p.secondary_specialization);
      row("Secondary", `${sec.name} [${sec.id}]`,
          el("span", { class: "score" }, ` (the body alone reads ${p.secondary_score.toFixed(2)})`));
    }
    const rung = label("seniorities", p.seniority);
    row("Seniority", `${rung.name} [${rung.id}]`,
        el("span", { class: "score" }, score(p.seniority_score)),
        el("span", { class: "definition" }, rung.definition));
  }
  const review = $("review");
  review.className = p.needs_review ? "flag" : "";
  review.textContent = p.needs_review
    ? `Double-check this answer: ${p.review_reasons.join("; ")}.`
    : "No need to double-check: every answer is confident.";

  highlight($("shown-title"), title, spansOf(p, true));
  highlight($("shown-text"), text, spansOf(p, false));

  const evidence = $("evidence");
  evidence.replaceChildren();
  for (const answer of ANSWERS) {
    const items = p.evidence[answer] || [];
    if (!items.length) continue;
    evidence.append(el("h4", {}, answer === "pm" ? "PM or not" : answer[0].toUpperCase() + answer.slice(1)),
                    el("ul", {}, ...items.map((e) => el("li", {}, e.text))));
  }
  $("notes").replaceChildren(...p.warnings.map((w) => el("li", {}, `Note: ${w.message}`)));
  $("model").textContent = `Model ${p.model_version}`;
  $("result").hidden = false;
  $("result-heading").focus();
}

async function classify(event) {
  if (event) event.preventDefault();
  const text = $("text").value;
  const title = $("title").value.trim() || null;
  const status = $("status");
  status.className = "";
  if (!text.trim() && !title) {
    status.className = "error";
    status.textContent = "Paste a posting, or give a title.";
    $("text").focus();
    return;
  }
  $("submit").disabled = true;
  status.textContent = "Classifying…";
  try {
    const r = await fetch("/v1/classify", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, title }),
    });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error ? body.error.message : `HTTP ${r.status}`);
    status.textContent = "Done.";
    render(body, text, title || "");
  } catch (err) {
    status.className = "error";
    status.textContent = `Could not classify: ${err.message}`;
  } finally {
    $("submit").disabled = false;
  }
}

function renderDefinitions() {
  const box = $("definitions");
  box.replaceChildren();
  for (const [kind, heading] of [["specializations", "Specialization"], ["seniorities", "Seniority"]]) {
    box.append(el("h4", {}, heading));
    const dl = el("dl");
    for (const l of labels[kind]) dl.append(el("dt", {}, `${l.name} [${l.id}]`), el("dd", {}, l.definition));
    box.append(dl);
  }
}

$("form").addEventListener("submit", classify);
$("text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) classify(e);
});
fetch("/v1/labels").then((r) => r.json()).then((data) => { labels = data; renderDefinitions(); });
