// Next Round worksheet: drafts, plan and insights, rendered from Python's compute result.

import { FIELDS, state, activeEntry, draftChoices } from "./state.js";
import { $, h, getPath, keepStill, nowISO } from "./util.js";
import { showMessage } from "./messages.js";
import { writeList } from "./form.js";
import { markDirty } from "./saving.js";
import { scheduleCompute } from "./python.js";
import { renderNormal } from "./record.js";

export function showResultsError(error) {
  showMessage("compute", {
    role: "status",
    text: `Drafts and plan could not be updated: ${error.message}`,
  });
}

// What each part of the results shows now, as JSON: a recompute redraws only the parts whose
// content changed (each pause in typing recomputes; redrawing everything restyled the whole
// results area every time and took a keyboard user's focus off the button they were on).
const drawn = new Map();

function changed(part, content) {
  const text = JSON.stringify(content === undefined ? null : content);
  if (drawn.get(part) === text) return false;
  drawn.set(part, text);
  return true;
}

export function clearResults() {
  state.latest = null;
  drawn.clear();
  $("nr-draft-list").replaceChildren();
  renderNotOffered([]);
  $("nr-plan-list").replaceChildren();
}

async function copyText(text, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch (err) {
    const area = h("textarea", { class: "nr-visually-hidden", "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    area.remove();
  }
  const old = button.textContent;
  button.textContent = ok ? "Copied" : "Select the text and copy it";
  setTimeout(() => { button.textContent = old; }, 2000);
}

// "Open in email", or null when Python gave no link (too long for a mail app to take whole:
// drafts.MAILTO_LIMIT; its mailto_note says to use Copy).
function mailLink(draft) {
  const url = typeof draft.mailto === "string" ? draft.mailto : "";
  if (!url.startsWith("mailto:")) return null;
  return h("a", { class: "md-button", href: url, "aria-label": `Open in email: ${draft.title}`, text: "Open in email" });
}

// One article per draft (drafts.offer in Python). Each email goes to one person: "To" shows
// the address that "Open in email" fills in, or a note saying why there is none. The
// move-on note is for the person, not an email: no subject, no "Open in email".
// A step's own copy (step 3's notes, step 4's requests) carries data-copy-of instead of
// data-kind, its own ids, and no "Include in printout" (the one in step 1 decides).
function draftArticle(draft, copy = "") {
  const key = String(draft.id || draft.kind).replace(/[^A-Za-z0-9_-]/g, "-");
  const isEmail = draft.email !== false;
  let include = null;
  if (!copy) {
    const box = h("input", { type: "checkbox", id: `nr-print-${key}` });
    box.checked = draftChoices.get(key) ?? draft.kind === "thank_you";
    box.addEventListener("change", () => draftChoices.set(key, box.checked));
    include = h("span", { class: "nr-draft-include" }, box, " ", h("label", { for: `nr-print-${key}`, text: "Include in printout" }));
  }
  const copyButton = h("button", { type: "button", class: "md-button", "aria-label": `Copy ${draft.title}`, text: "Copy" });
  copyButton.addEventListener("click", () => copyText(isEmail ? `${draft.subject}\n\n${draft.body}` : draft.body, copyButton));
  // No "Open in email" when the engine found the link too long for a mail app: Copy instead.
  const mail = isEmail ? mailLink(draft) : null;
  const help = (text) => (text ? h("p", { class: "nr-help", text }) : null);
  return h("article", { class: "nr-draft", "data-kind": copy ? null : draft.kind, "data-copy-of": copy ? draft.kind : null, "data-id": key },
    h("h4", { text: draft.title }),
    isEmail
      ? h("p", { class: "nr-draft-to" }, h("strong", { text: "To: " }), draft.to || "no address yet")
      : h("p", { class: "nr-help", text: "A note for you, not an email." }),
    isEmail ? help(draft.to_note) : null,
    isEmail ? h("p", { class: "nr-draft-subject" }, h("strong", { text: "Subject: " }), draft.subject) : null,
    h("pre", { class: "nr-draft-body", id: `nr-draft-${key}${copy}`, text: draft.body }),
    draft.missing && draft.missing.length ? help(`Still to fill in: ${draft.missing.join(", ")}.`) : null,
    help(draft.tip),
    isEmail && !mail ? help(draft.mailto_note) : null,
    h("p", { class: "nr-draft-actions" }, copyButton, " ", mail, mail ? " " : null, include));
}

// Which drafts each step shows again as its own result.
const STEP_DRAFTS = {
  3: ["thank_you"],
  4: ["feedback_brief", "feedback_warm", "follow_up_1", "follow_up_2", "move_on"],
};

// Step 1 lists tonight's messages first: the thank-you notes (one per interviewer, the note
// the guidance asks for within a day), then the reply to whoever told you; the rest (feedback
// requests, follow-ups) keep the engine's order after them.
const TONIGHT_FIRST = ["thank_you", "reply_to_rejection"];

function tonightFirst(drafts) {
  const rank = (draft) => {
    const i = TONIGHT_FIRST.indexOf(draft.kind);
    return i < 0 ? TONIGHT_FIRST.length : i;
  };
  return drafts.map((draft, i) => [draft, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([draft]) => draft);
}

function renderDrafts(drafts) {
  const items = [];
  for (const draft of tonightFirst(drafts)) {
    if (!TONIGHT_FIRST.includes(draft.kind) && !items.some((item) => item.tagName === "P")) {
      items.push(h("p", { class: "nr-later", text: "Not tonight: for the days after (step 4 has them too)." }));
    }
    items.push(draftArticle(draft));
  }
  $("nr-draft-list").replaceChildren(...items);
  for (const [step, kinds] of Object.entries(STEP_DRAFTS)) {
    const list = $(`nr-result-${step}-list`);
    if (!list) continue;
    const mine = drafts.filter((draft) => kinds.includes(draft.kind));
    list.replaceChildren(...(mine.length
      ? mine.map((draft) => draftArticle(draft, `-step-${step}`))
      : [h("p", { class: "nr-help", text: "Nothing for this interview's status: see “Not offered for this interview” in step 1." })]));
  }
}

// Why the other drafts are not offered for this entry's status, in Python's words.
function renderNotOffered(items) {
  const lines = (items || []).map((item) => h("li", { text: item.text }));
  $("nr-not-offered-list").replaceChildren(...lines);
  $("nr-not-offered").hidden = lines.length === 0;
}

function actionIndex(item) {
  const match = /(\d+)$/.exec(item.id);
  return match ? Number(match[1]) : -1;
}

function togglePlan(item, done) {
  const entry = activeEntry();
  if (item.source === "mine") {
    const actions = getPath(entry, "actions") || [];
    let index = actionIndex(item);
    if (!(index >= 0 && index < actions.length)) index = actions.findIndex((a) => a.text === item.text);
    if (index < 0) return;
    actions[index].done = done;
    writeList(FIELDS.get("actions"), actions);
  } else {
    entry.plan_done = Object.assign({}, entry.plan_done, { [item.id]: done });
  }
  entry.updated = nowISO();
  markDirty(true);
  scheduleCompute();
}

function renderPlan(plan) {
  const items = plan.map((item, i) => {
    const id = `nr-plan-${i}`;
    const box = h("input", { type: "checkbox", id, "data-plan-id": item.id });
    box.checked = item.done === true;
    box.addEventListener("change", () => togglePlan(item, box.checked));
    return h("li", { class: item.done ? "nr-plan-item nr-plan-item--done" : "nr-plan-item" },
      box, " ",
      h("label", { for: id, text: item.text }),
      item.due ? h("span", { class: "nr-plan-due", text: ` (by ${item.due})` }) : null,
      item.reason ? h("p", { class: "nr-help", text: item.reason }) : null);
  });
  $("nr-plan-list").replaceChildren(...items);
}

// The chart comes from our own Python, but it is still parsed as SVG (never HTML) and
// stripped of anything that could run or load.
function safeSVG(text) {
  if (typeof text !== "string" || !text.trim()) return null;
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = parsed.documentElement;
  if (!svg || svg.localName !== "svg" || parsed.getElementsByTagName("parsererror").length) return null;
  const banned = new Set(["script", "foreignObject", "iframe", "image", "use", "a", "animate", "set", "style"]);
  for (const node of [...svg.querySelectorAll("*")]) {
    if (banned.has(node.localName)) { node.remove(); continue; }
    for (const attr of [...node.attributes]) {
      if (/^on/i.test(attr.name) || /href$/i.test(attr.name)) node.removeAttribute(attr.name);
    }
  }
  for (const attr of [...svg.attributes]) if (/^on/i.test(attr.name)) svg.removeAttribute(attr.name);
  return document.importNode(svg, true);
}

function renderInsights(insights, chartSVG) {
  const lines = (insights && insights.lines) || [];
  $("nr-insight-lines").replaceChildren(...lines.map((line) => h("li", { text: line })));
  const figure = $("nr-chart");
  for (const old of figure.querySelectorAll("svg")) old.remove();
  const svg = safeSVG(chartSVG);
  if (svg) {
    figure.prepend(svg);
    figure.hidden = false;
  } else {
    figure.hidden = true;
  }
  renderNormal(insights); // "is this normal?" lines and the chart's empty-state sentence
}

export function renderResults(result) {
  keepStill(() => drawResults(result));
}

function drawResults(result) {
  for (const note of document.querySelectorAll("[data-pending]")) note.hidden = true;
  if (changed("drafts", result.drafts || [])) renderDrafts(result.drafts || []);
  if (changed("not-offered", result.drafts_not_offered || [])) renderNotOffered(result.drafts_not_offered);
  if (changed("plan", result.plan || [])) renderPlan(result.plan || []);
  if (changed("insights", [result.insights, result.chart_svg])) renderInsights(result.insights, result.chart_svg);
  if (!performance.getEntriesByName("nr-results-shown").length) performance.mark("nr-results-shown");
}
