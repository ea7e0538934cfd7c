// Next Round worksheet: the page.
//
// The form is already in the HTML (rendered at build time from worksheet/content.py), so a
// person can type at first paint. This module binds it: it owns the document shape through
// the embedded JSON templates, saves every change to localStorage within a second, restores
// it on reload, and keeps working (in memory, saying so) when storage fails. Python runs in
// a module worker (bridge.js, worker.js) and adds drafts, the plan, insights and exports
// once it is ready; the page never waits on it. User text only ever reaches the page through
// textContent, value and DOM APIs, never through innerHTML.

performance.mark("nr-app-start");

import { python as startPython } from "./bridge.js";
import * as store from "./store.js";
import { PENDING_KEY, typedControls } from "./early.js";

// ---- Python: already starting (bridge.js, async in <head>); this only listens -----------------------

const python = startPython();

// ---- constants and small helpers ----------------------------------------------------------

const $ = (id) => document.getElementById(id);
const readJSON = (id) => JSON.parse($(id).textContent);
const ENTRY_TEMPLATE = readJSON("nr-entry-template");
const DOC_TEMPLATE = readJSON("nr-document-template");
const SCHEMA = readJSON("nr-field-schema");
const FIELDS = new Map(SCHEMA.fields.map((f) => [f.key, f]));
const FORM = $("nr-form");
const BACKUP_REMINDER_EDITS = 20; // remind to export after this many saved changes
const SAVE_DELAY_MS = 300;
const COMPUTE_DELAY_MS = 400;
const clone = (value) => JSON.parse(JSON.stringify(value));

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "on") for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const pad = (n) => String(n).padStart(2, "0");
const nowISO = () => new Date().toISOString();
const clock = (d = new Date()) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
const localToday = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

function getPath(obj, key) {
  let node = obj;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = node[part];
  }
  return node;
}

function setPath(obj, key, value) {
  const parts = key.split(".");
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== "object" || Array.isArray(node[part])) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

function emptyValue(kind) {
  if (kind === "rating") return null;
  if (kind === "check") return false;
  if (kind === "list") return [];
  return "";
}

function isEmpty(field, value) {
  if (value === undefined || value === null || value === "" || value === false) return true;
  if (field.kind === "list") {
    return !Array.isArray(value) || value.every((item) => isEmptyItem(field, item));
  }
  return false;
}

function isEmptyItem(field, item) {
  if (!field.item_fields || field.item_fields.length === 0) return typeof item !== "string" || item.trim() === "";
  if (!item || typeof item !== "object") return true;
  return field.item_fields.every((sub) => isEmpty(sub, item[sub.key]) || (typeof item[sub.key] === "string" && item[sub.key].trim() === ""));
}

// ---- the document -----------------------------------------------------------------------------

let doc = null; // the whole stored document
let lastWritten = null; // the text this page last read from or wrote to storage
let originalRaw = null; // the text found in storage when the page loaded
let mode = "ok"; // ok | blocked | full | conflict | readonly | hold (no saving) | convert (older format)
let dirty = false; // changes not yet written
let countEdit = false; // the pending save includes a person's edit (counts toward the reminder)
let saveTimer = null;
let persistAsked = false;
let pendingKept = false; // early.js left typed text under its own key
let pythonState = "loading"; // loading | ready | failed
const computed = new Map(); // entry id -> last compute result

function newEntry() {
  const entry = clone(ENTRY_TEMPLATE);
  const now = nowISO();
  entry.id = newId();
  entry.created = now;
  entry.updated = now;
  return entry;
}

// Fill in anything an entry lacks (an older page may have written fewer fields).
function completeEntry(entry) {
  const full = clone(ENTRY_TEMPLATE);
  for (const field of SCHEMA.fields) {
    const value = getPath(entry, field.key);
    if (value !== undefined) setPath(full, field.key, value);
  }
  for (const key of ["id", "created", "updated", "plan_done", "copy_of", "set_aside"]) if (key in entry) full[key] = entry[key];
  return full;
}

function looksLikeDocument(value) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "it is not a worksheet object";
  if (value.schema !== SCHEMA.schema) return "it is not a Next Round worksheet";
  if (!Number.isInteger(value.version)) return "it has no version number";
  if (value.version > SCHEMA.version) return null; // newer: handled as read-only
  if (!Array.isArray(value.entries)) return "its list of entries is missing";
  for (const entry of value.entries) {
    if (!entry || typeof entry !== "object" || typeof entry.id !== "string" || !entry.id) {
      return "an entry has no id";
    }
  }
  return null;
}

function normalise(value) {
  const out = clone(DOC_TEMPLATE);
  out.entries = value.entries.map(completeEntry);
  out.settings = Object.assign(out.settings, value.settings && typeof value.settings === "object" ? value.settings : {});
  return out;
}

function freshDocument() {
  const fresh = clone(DOC_TEMPLATE);
  const entry = newEntry();
  fresh.entries.push(entry);
  fresh.settings.active_entry = entry.id;
  return fresh;
}

function activeEntry() {
  let entry = doc.entries.find((e) => e.id === doc.settings.active_entry);
  if (!entry) {
    if (doc.entries.length === 0) doc.entries.push(newEntry());
    entry = doc.entries[0];
    doc.settings.active_entry = entry.id;
  }
  return entry;
}

// ---- messages -----------------------------------------------------------------------------

function setPythonStatus(text) {
  $("nr-python-status").textContent = text;
}

function setSaved(text) {
  $("nr-saved").textContent = text;
}

// One message per id: role=alert for faults that need attention, role=status otherwise.
function showMessage(id, { role = "alert", text, actions = [] }) {
  const existing = $(`nr-msg-${id}`);
  // The same message again: leave it in place (a button in it may be being clicked).
  if (existing && existing.dataset.text === text) return existing;
  clearMessage(id);
  const box = h("div", { class: `nr-message nr-message--${role === "alert" ? "alert" : "status"}`, id: `nr-msg-${id}`, role },
    h("p", { text }),
    actions.length ? h("p", { class: "nr-message-actions" },
      actions.map((a) => h("button", { type: "button", class: "md-button", on: { click: a.onClick } }, a.label))) : null);
  box.dataset.text = text;
  $("nr-alerts").append(box);
  return box;
}

function clearMessage(id) {
  const old = $(`nr-msg-${id}`);
  if (old) old.remove();
}

function download(filename, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// ---- dialog -------------------------------------------------------------------------------

function ask({ title, body, ok, cancel = "Cancel", danger = false }) {
  const dialog = $("nr-dialog");
  $("nr-dialog-title").textContent = title;
  const holder = $("nr-dialog-body");
  holder.replaceChildren(...[body].flat(3).filter((node) => node !== null && node !== undefined && node !== false));
  const okButton = $("nr-dialog-ok");
  okButton.textContent = ok;
  okButton.classList.toggle("nr-danger", danger);
  $("nr-dialog-cancel").textContent = cancel;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const result = { ok: dialog.returnValue === "ok", form: holder };
      resolve(result);
      setTimeout(() => holder.replaceChildren(), 0);
    }, { once: true });
    dialog.returnValue = "cancel";
    dialog.showModal();
  });
}

// ---- the form -----------------------------------------------------------------------------

const listBox = (key) => FORM.querySelector(`fieldset[data-list="${key}"]`);
const rowsOf = (key) => [...listBox(key).querySelector("ol.nr-rows").children];

function readScalar(field) {
  if (field.kind === "rating") {
    const checked = FORM.querySelector(`input[type="radio"][data-key="${field.key}"]:checked`);
    return checked && checked.value ? Number(checked.value) : null;
  }
  const control = FORM.querySelector(`[data-key="${field.key}"]`);
  if (!control) return emptyValue(field.kind);
  return field.kind === "check" ? control.checked : control.value;
}

function readItem(field, row) {
  if (!field.item_fields || field.item_fields.length === 0) {
    return row.querySelector("[data-item]").value;
  }
  const item = {};
  for (const sub of field.item_fields) {
    const control = row.querySelector(`[data-item="${sub.key}"]`);
    item[sub.key] = sub.kind === "check" ? control.checked : control.value;
  }
  return item;
}

function readList(field) {
  return rowsOf(field.key).map((row) => readItem(field, row)).filter((item) => !isEmptyItem(field, item));
}

function writeScalar(field, value) {
  if (field.kind === "rating") {
    const wanted = value === null || value === undefined ? "" : String(value);
    for (const radio of FORM.querySelectorAll(`input[type="radio"][data-key="${field.key}"]`)) {
      radio.checked = radio.value === wanted;
    }
    return;
  }
  const control = FORM.querySelector(`[data-key="${field.key}"]`);
  if (!control) return;
  if (field.kind === "check") control.checked = value === true;
  else {
    const text = typeof value === "string" ? value : "";
    if (control.value !== text) control.value = text;
  }
}

function makeRow(field, index) {
  const template = listBox(field.key).querySelector("template[data-row-template]");
  const fragment = template.content.cloneNode(true);
  const fill = (text) => text.replaceAll("__N__", String(index)).replaceAll("__NUM__", String(index + 1));
  for (const node of fragment.querySelectorAll("*")) {
    for (const attr of [...node.attributes]) {
      if (attr.value.includes("__")) node.setAttribute(attr.name, fill(attr.value));
    }
  }
  const walker = document.createTreeWalker(fragment, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text.data.includes("__")) text.data = fill(text.data);
  }
  return fragment.firstElementChild;
}

function writeItem(field, row, item) {
  if (!field.item_fields || field.item_fields.length === 0) {
    row.querySelector("[data-item]").value = typeof item === "string" ? item : "";
    return;
  }
  for (const sub of field.item_fields) {
    const control = row.querySelector(`[data-item="${sub.key}"]`);
    const value = item ? item[sub.key] : undefined;
    if (sub.kind === "check") control.checked = value === true;
    else control.value = typeof value === "string" ? value : "";
  }
}

function writeList(field, items) {
  const list = listBox(field.key).querySelector("ol.nr-rows");
  const values = Array.isArray(items) ? items : [];
  const count = Math.max(values.length, field.suggested_items || 0);
  const existing = [...list.children];
  if (existing.length === count && existing.every((row, i) => row.dataset.index === String(i))) {
    // The rows already there (e.g. the ones in the HTML) fit: fill them, build nothing.
    existing.forEach((row, i) => writeItem(field, row, values[i]));
    return;
  }
  const rows = [];
  for (let i = 0; i < count; i++) {
    const row = makeRow(field, i);
    writeItem(field, row, values[i]);
    rows.push(row);
  }
  list.replaceChildren(...rows);
}

function fillForm(entry) {
  for (const field of SCHEMA.fields) {
    const value = getPath(entry, field.key);
    if (field.kind === "list") writeList(field, value);
    else writeScalar(field, value);
  }
  updateProgress();
}

// What a person typed before this script ran (the form takes typing at first paint), plus
// anything early.js kept from a page that was left before this script started.
function typedBeforeStart() {
  let kept = [];
  try {
    const text = localStorage.getItem(PENDING_KEY);
    if (text) {
      pendingKept = true;
      kept = JSON.parse(text).typed || [];
    }
  } catch (err) {
    kept = [];
  }
  return kept.concat(typedControls(FORM));
}

function forgetPending() {
  try {
    localStorage.removeItem(PENDING_KEY);
  } catch (err) {
    // blocked: there is nothing stored to forget
  }
}

function fieldOfControl(control) {
  const box = control.closest("fieldset[data-list]");
  if (box) return FIELDS.get(box.dataset.list);
  return control.dataset.key ? FIELDS.get(control.dataset.key) : null;
}

function takeFromForm(field) {
  const entry = activeEntry();
  setPath(entry, field.key, field.kind === "list" ? readList(field) : readScalar(field));
  entry.updated = nowISO();
}

function onFieldEdit(control) {
  if (mode === "readonly") return;
  const field = fieldOfControl(control);
  if (!field) return;
  takeFromForm(field);
  markDirty(true);
  updateProgress();
  renderEntryList();
  scheduleCompute();
}

function applyTyped(typed) {
  const fields = new Set();
  for (const t of typed) {
    const control = document.getElementById(t.id);
    if (!control) continue;
    if ("checked" in t) control.checked = t.checked;
    else control.value = t.value;
    const field = fieldOfControl(control);
    if (field) fields.add(field);
  }
  for (const field of fields) takeFromForm(field);
  return fields.size > 0;
}

function stepStarted(step) {
  const entry = activeEntry();
  return step.keys.some((key) => !isEmpty(FIELDS.get(key), getPath(entry, key)));
}

function updateProgress() {
  const started = SCHEMA.steps.filter(stepStarted).length;
  $("nr-progress").textContent = `${started} of ${SCHEMA.steps.length} steps started`;
}

function setReadOnly(readOnly) {
  for (const control of FORM.querySelectorAll("input, textarea, select, button")) control.disabled = readOnly;
  for (const id of ["nr-new", "nr-rename", "nr-delete", "nr-import-file"]) $(id).disabled = readOnly;
}

// ---- saving -------------------------------------------------------------------------------

function markDirty(isEdit) {
  dirty = true;
  if (isEdit) countEdit = true;
  if (mode === "ok") setSaved("Saving…");
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, SAVE_DELAY_MS);
}

function saveNow() {
  clearTimeout(saveTimer);
  saveTimer = null;
  if (!dirty || mode === "readonly" || mode === "conflict" || mode === "hold" || mode === "convert") return;
  if (countEdit) {
    doc.settings.edits_since_export = (doc.settings.edits_since_export || 0) + 1;
  }
  const text = JSON.stringify(doc);
  const result = store.write(text, lastWritten);
  if (result.status === "ok") {
    if (pendingKept) {
      forgetPending(); // what early.js kept is in the saved document now
      pendingKept = false;
    }
    lastWritten = text;
    dirty = false;
    countEdit = false;
    if (mode === "full" || mode === "blocked") {
      clearMessage("storage");
    }
    mode = "ok";
    setSaved(`Saved at ${clock()}`);
    updateReminder();
    if (!persistAsked && navigator.storage && navigator.storage.persist) {
      persistAsked = true;
      navigator.storage.persist().catch(() => {});
    }
    return;
  }
  if (countEdit) doc.settings.edits_since_export -= 1; // not saved, so not counted yet
  if (result.status === "conflict") return onConflict(result.current);
  if (result.status === "full") {
    mode = "full";
    setSaved("Not saved: this browser's storage is full");
    showMessage("storage", {
      text: "This browser's storage for this site is full, so your latest changes are only in this tab. " +
        "Nothing is lost while the tab stays open. Export a backup to keep a copy; once space is freed, saving starts again by itself.",
      actions: [{ label: "Export backup", onClick: exportBackup }],
    });
    return;
  }
  mode = "blocked";
  setSaved("Not saved: this browser is blocking storage");
  showMessage("storage", {
    text: "This browser is blocking this site from storing data (site data or cookies are turned off), so what you write is only kept in this tab. " +
      "Export a backup before you close it.",
    actions: [{ label: "Export backup", onClick: exportBackup }],
  });
}

// ---- two tabs -----------------------------------------------------------------------------

function adoptStored(text, note) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return false;
  }
  if (looksLikeDocument(parsed) || parsed.version !== SCHEMA.version) return false;
  const active = doc.settings.active_entry;
  doc = normalise(parsed);
  if (doc.entries.some((e) => e.id === active)) doc.settings.active_entry = active;
  lastWritten = text;
  dirty = false;
  countEdit = false;
  computed.clear();
  fillForm(activeEntry());
  renderEntryList();
  scheduleCompute(true);
  if (note) setSaved(note);
  return true;
}

function onConflict(current) {
  mode = "conflict";
  setSaved("Not saved: this worksheet was changed in another tab");
  showMessage("conflict", {
    text: "This worksheet was changed in another tab or window after this one loaded it. " +
      "Your changes in this tab are kept here but not saved. Choose which version to keep.",
    actions: [
      {
        label: "Keep this tab's version",
        onClick: () => {
          clearMessage("conflict");
          mode = "ok";
          const read = store.read();
          lastWritten = read.text;
          dirty = true;
          saveNow();
        },
      },
      {
        label: "Load the other tab's version",
        onClick: () => {
          const read = store.read();
          clearMessage("conflict");
          mode = "ok";
          if (read.text === null || !adoptStored(read.text, `Loaded the version saved at ${clock()} in another tab`)) {
            dirty = true;
            lastWritten = read.text;
            saveNow();
          }
        },
      },
    ],
  });
}

window.addEventListener("storage", (event) => {
  if (event.key !== store.KEY && event.key !== null) return; // null: storage was cleared
  if (mode === "readonly") return;
  const read = store.read();
  if (read.text === lastWritten) return;
  if (!dirty && mode === "ok" && read.text !== null) {
    if (adoptStored(read.text, `Updated at ${clock()} with changes saved in another tab`)) return;
  }
  if (dirty || mode === "ok") onConflict(read.text);
});

// ---- entries ------------------------------------------------------------------------------

function entryFacts(entry) {
  const company = String(getPath(entry, "company") || "").trim();
  const role = String(getPath(entry, "role") || "").trim();
  const info = computed.get(entry.id);
  return { company, role, status: info ? info.status : "", title: info ? info.title : "" };
}

function renderEntryList() {
  const list = $("nr-entry-list");
  const active = doc.settings.active_entry;
  const buttons = [...list.querySelectorAll("button[data-entry-id]")];
  if (buttons.length === doc.entries.length && buttons.every((b, i) => b.dataset.entryId === doc.entries[i].id)) {
    // Same entries: update in place, so a button being clicked is never swapped away.
    doc.entries.forEach((entry, i) => {
      const facts = entryFacts(entry);
      const button = buttons[i];
      const current = entry.id === active;
      button.closest("li").className = current ? "nr-entry nr-entry--active" : "nr-entry";
      if (current) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
      button.querySelector(".nr-entry-company").textContent = facts.company || "Company not filled in";
      button.querySelector(".nr-entry-role").textContent = facts.role || "Role not filled in";
      button.querySelector(".nr-entry-status").textContent = facts.status ? `Status: ${facts.status}` : "";
    });
    return;
  }
  const items = doc.entries.map((entry) => {
    const facts = entryFacts(entry);
    const current = entry.id === active;
    return h("li", { class: current ? "nr-entry nr-entry--active" : "nr-entry" },
      h("button", {
        type: "button",
        class: "nr-entry-button",
        "aria-current": current ? "true" : null,
        "data-entry-id": entry.id,
        on: { click: () => switchTo(entry.id) },
      },
      h("span", { class: "nr-entry-company", text: facts.company || "Company not filled in" }),
      h("span", { class: "nr-entry-role", text: facts.role || "Role not filled in" }),
      h("span", { class: "nr-entry-status", text: facts.status ? `Status: ${facts.status}` : "" })));
  });
  list.replaceChildren(...items);
  $("nr-delete").disabled = mode === "readonly";
}

function switchTo(id) {
  if (id === doc.settings.active_entry) return;
  saveNow();
  doc.settings.active_entry = id;
  fillForm(activeEntry());
  renderEntryList();
  clearResults();
  markDirty(false);
  scheduleCompute(true);
}

function createEntry() {
  saveNow();
  const entry = newEntry();
  doc.entries.push(entry);
  doc.settings.active_entry = entry.id;
  fillForm(entry);
  renderEntryList();
  clearResults();
  markDirty(true);
  saveNow();
  scheduleCompute(true);
  $("f-company").focus();
}

async function renameEntry() {
  const entry = activeEntry();
  const company = h("input", { type: "text", id: "nr-rename-company", value: getPath(entry, "company") || "" });
  const role = h("input", { type: "text", id: "nr-rename-role", value: getPath(entry, "role") || "" });
  const answer = await ask({
    title: "Rename this entry",
    body: [
      h("p", { text: "An entry is named after its company and role. Change them here or in step 1." }),
      h("p", {}, h("label", { for: "nr-rename-company", text: "Company" }), company),
      h("p", {}, h("label", { for: "nr-rename-role", text: "Role" }), role),
    ],
    ok: "Save name",
  });
  if (!answer.ok) return;
  setPath(entry, "company", company.value);
  setPath(entry, "role", role.value);
  entry.updated = nowISO();
  writeScalar(FIELDS.get("company"), company.value);
  writeScalar(FIELDS.get("role"), role.value);
  markDirty(true);
  saveNow();
  updateProgress();
  renderEntryList();
  scheduleCompute();
}

async function deleteEntry() {
  const entry = activeEntry();
  const facts = entryFacts(entry);
  const name = [facts.role, facts.company].filter(Boolean).join(" at ") || "this untitled entry";
  const answer = await ask({
    title: "Delete this entry?",
    body: h("p", { text: `“${name}” and everything written in it will be removed from this browser. This cannot be undone unless you have a backup.` }),
    ok: "Delete entry",
    danger: true,
  });
  if (!answer.ok) return;
  doc.entries = doc.entries.filter((e) => e.id !== entry.id);
  computed.delete(entry.id);
  if (doc.entries.length === 0) doc.entries.push(newEntry());
  doc.settings.active_entry = doc.entries[0].id;
  fillForm(activeEntry());
  renderEntryList();
  clearResults();
  markDirty(true);
  saveNow();
  if (mode === "ok" && !dirty) setSaved(`Entry deleted. Saved at ${clock()}`);
  scheduleCompute(true);
}

// ---- Python-powered parts -----------------------------------------------------------------

let computeTimer = null;
let computeSeq = 0;
let latest = null; // last compute result for the active entry

async function api(request) {
  const response = await python.call(request);
  if (!response || typeof response !== "object") {
    return { ok: false, error: { code: "internal", message: "No answer from the worksheet.", path: "" } };
  }
  return response;
}

function scheduleCompute(all = false) {
  if (pythonState !== "ready" || mode === "readonly") return;
  clearTimeout(computeTimer);
  computeTimer = setTimeout(() => runCompute(all), all ? 0 : COMPUTE_DELAY_MS);
}

async function runCompute(all) {
  const seq = ++computeSeq;
  const snapshot = clone(doc);
  const entryId = snapshot.settings.active_entry;
  const response = await api({ op: "compute", doc: snapshot, entry_id: entryId, today: localToday() });
  if (seq !== computeSeq) return;
  if (!response.ok) {
    showResultsError(response.error);
    return;
  }
  clearMessage("compute");
  computed.set(entryId, { status: response.status, title: response.title });
  latest = { entryId, ...response };
  if (entryId === doc.settings.active_entry) renderResults(response);
  if (all) {
    for (const entry of snapshot.entries) {
      if (entry.id === entryId || computed.has(entry.id)) continue;
      const other = await api({ op: "compute", doc: snapshot, entry_id: entry.id, today: localToday() });
      if (other.ok) computed.set(entry.id, { status: other.status, title: other.title });
    }
  }
  renderEntryList();
}

function showResultsError(error) {
  showMessage("compute", {
    role: "status",
    text: `Drafts and plan could not be updated: ${error.message}${error.path ? ` (at ${error.path})` : ""}`,
  });
}

function clearResults() {
  latest = null;
  $("nr-draft-list").replaceChildren();
  $("nr-plan-list").replaceChildren();
}

const draftChoices = new Map(); // draft kind -> include when printing

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

function renderDrafts(drafts) {
  const items = drafts.map((draft) => {
    const textId = `nr-draft-${draft.kind}`;
    const include = h("input", { type: "checkbox", id: `nr-print-${draft.kind}` });
    include.checked = draftChoices.get(draft.kind) ?? draft.kind === "thank_you";
    include.addEventListener("change", () => draftChoices.set(draft.kind, include.checked));
    const mail = h("a", { class: "md-button", "aria-label": `Open in email: ${draft.title}`, text: "Open in email" });
    if (typeof draft.mailto === "string" && draft.mailto.startsWith("mailto:")) mail.href = draft.mailto;
    const copy = h("button", { type: "button", class: "md-button", "aria-label": `Copy ${draft.title}`, text: "Copy" });
    copy.addEventListener("click", () => copyText(`${draft.subject}\n\n${draft.body}`, copy));
    return h("article", { class: "nr-draft", "data-kind": draft.kind },
      h("h3", { text: draft.title }),
      h("p", { class: "nr-draft-subject" }, h("strong", { text: "Subject: " }), draft.subject),
      h("pre", { class: "nr-draft-body", id: textId, text: draft.body }),
      draft.missing && draft.missing.length
        ? h("p", { class: "nr-help", text: `Still to fill in: ${draft.missing.join(", ")}.` }) : null,
      h("p", { class: "nr-draft-actions" }, copy, " ", mail, " ",
        h("span", { class: "nr-draft-include" }, include, " ", h("label", { for: `nr-print-${draft.kind}`, text: `Include in printout` }))));
  });
  $("nr-draft-list").replaceChildren(...items);
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
}

function renderResults(result) {
  for (const note of document.querySelectorAll("[data-pending]")) note.hidden = true;
  renderDrafts(result.drafts || []);
  renderPlan(result.plan || []);
  renderInsights(result.insights, result.chart_svg);
  if (!performance.getEntriesByName("nr-results-shown").length) performance.mark("nr-results-shown");
}

// ---- exports, import, print ---------------------------------------------------------------

function backupFallback() {
  return {
    filename: `next-round-backup-${localToday()}.json`,
    mime: "application/json",
    text: JSON.stringify(doc, null, 2),
  };
}

async function exportBackup() {
  let file;
  if (mode === "readonly") {
    file = { filename: `next-round-backup-${localToday()}.json`, mime: "application/json", text: originalRaw };
  } else if (pythonState === "ready") {
    const response = await api({ op: "export", doc: clone(doc), format: "json", entry_id: null, now: nowISO() });
    file = response.ok ? response : backupFallback();
  } else {
    file = backupFallback(); // the document itself is the backup format
  }
  download(file.filename, file.mime, file.text);
  if (mode !== "readonly") {
    doc.settings.last_export = nowISO();
    doc.settings.edits_since_export = 0;
    markDirty(false);
    saveNow();
  }
  updateReminder();
  setSaved(mode === "ok" ? `Backup exported. Saved at ${clock()}` : `Backup exported at ${clock()} (storage is not working: keep that file)`);
}

async function exportAs(format) {
  if (pythonState !== "ready") {
    setPythonStatus("Still loading: try again when this says Ready.");
    return;
  }
  const response = await api({ op: "export", doc: clone(doc), format, entry_id: doc.settings.active_entry, now: nowISO() });
  if (!response.ok) {
    showMessage("export", { text: `That export did not work: ${response.error.message}` });
    return;
  }
  clearMessage("export");
  download(response.filename, response.mime, response.text);
}

function updateReminder() {
  const box = $("nr-reminder");
  const edits = (doc && doc.settings.edits_since_export) || 0;
  if (edits >= BACKUP_REMINDER_EDITS && mode !== "readonly") {
    box.textContent = doc.settings.last_export
      ? `You have made ${edits} changes since your last backup. Export a backup to keep a copy outside this browser.`
      : `You have made ${edits} changes and have not exported a backup yet. Export a backup to keep a copy outside this browser.`;
    box.hidden = false;
  } else {
    box.hidden = true;
  }
}

function summaryList(title, items) {
  if (!items.length) return null;
  return [h("h3", { text: `${title} (${items.length})` }), h("ul", {}, items.map((i) => h("li", { text: i.title })))];
}

async function importBackup(file) {
  if (!file) return;
  const text = await file.text();
  setPythonStatus(pythonState === "ready" ? "Ready" : "Checking the backup as soon as Python is ready…");
  await python.ready;
  const checked = await api({ op: "validate_import", text, current: clone(doc) });
  if (!checked.ok) {
    showMessage("import", {
      text: `“${file.name}” cannot be imported: ${checked.error.message}${checked.error.path ? ` (at ${checked.error.path})` : ""} Nothing has changed.`,
    });
    return;
  }
  clearMessage("import");
  const s = checked.summary;
  const merge = h("input", { type: "radio", name: "nr-import-mode", id: "nr-import-merge", value: "merge", checked: true });
  const replace = h("input", { type: "radio", name: "nr-import-mode", id: "nr-import-replace", value: "replace" });
  const incomingIds = new Set(checked.doc.entries.map((e) => e.id));
  const removed = doc.entries.filter((e) => !incomingIds.has(e.id)).map((e) => {
    const f = entryFacts(e);
    return { title: [f.role, f.company].filter(Boolean).join(" at ") || "Untitled interview" };
  });
  const body = [
    h("p", { text: `“${file.name}” holds ${checked.doc.entries.length} ${checked.doc.entries.length === 1 ? "entry" : "entries"}.` }),
    summaryList("New entries to add", s.add),
    summaryList("Entries that will replace the ones here with the same id", s.replace),
    summaryList("Entries already here, unchanged", s.same),
    h("fieldset", { class: "nr-import-mode" },
      h("legend", { text: "How to import" }),
      h("p", {}, merge, " ", h("label", { for: "nr-import-merge", text: "Merge: add new entries and update matching ones; keep all others" })),
      h("p", {}, replace, " ", h("label", { for: "nr-import-replace", text: `Replace everything: this browser's ${doc.entries.length} ${doc.entries.length === 1 ? "entry is" : "entries are"} replaced by the backup` })),
      removed.length ? h("p", { class: "nr-help", text: `Replacing everything would remove: ${removed.map((r) => r.title).join("; ")}.` }) : null),
  ];
  const answer = await ask({ title: "Import this backup?", body, ok: "Import" });
  if (!answer.ok) {
    setSaved("Import cancelled: nothing changed");
    return;
  }
  const chosen = replace.checked ? "replace" : "merge";
  const merged = await api({ op: "merge", current: clone(doc), incoming: checked.doc, mode: chosen });
  if (!merged.ok) {
    showMessage("import", { text: `The import did not work: ${merged.error.message} Nothing has changed.` });
    return;
  }
  const active = doc.settings.active_entry;
  doc = merged.doc;
  if (doc.entries.some((e) => e.id === active)) doc.settings.active_entry = active;
  computed.clear();
  fillForm(activeEntry());
  renderEntryList();
  markDirty(true);
  saveNow();
  scheduleCompute(true);
  if (mode === "ok" && !dirty) setSaved(`Backup imported (${chosen === "replace" ? "replaced everything" : "merged"}). Saved at ${clock()}`);
}

const FACT_STEPS = SCHEMA.steps;

function formatValue(field, value) {
  if (field.kind === "choice") {
    const option = (field.options || []).find((o) => o[0] === value);
    return option ? option[1] : value;
  }
  if (field.kind === "check") return value ? "Yes" : "No";
  if (field.kind === "rating") return `${value} of 5`;
  return String(value);
}

function buildPrint() {
  const entry = activeEntry();
  const facts = entryFacts(entry);
  const parts = [h("h1", { text: [facts.role, facts.company].filter(Boolean).join(" at ") || "My interview" })];
  for (const step of FACT_STEPS) {
    const rows = [];
    for (const key of step.keys) {
      const field = FIELDS.get(key);
      const value = getPath(entry, key);
      if (isEmpty(field, value)) continue;
      if (field.kind === "list") {
        const items = value.filter((item) => !isEmptyItem(field, item)).map((item) => {
          if (typeof item === "string") return h("li", { text: item });
          return h("li", {}, field.item_fields.filter((sub) => !isEmpty(sub, item[sub.key]))
            .map((sub) => h("span", { class: "nr-print-part", text: `${sub.label}: ${formatValue(sub, item[sub.key])}. ` })));
        });
        rows.push(h("dt", { text: field.label }), h("dd", {}, h("ul", {}, items)));
      } else {
        rows.push(h("dt", { text: field.label }), h("dd", { text: formatValue(field, value) }));
      }
    }
    if (rows.length) parts.push(h("h2", { text: `Step ${step.number}. ${step.title}` }), h("dl", {}, rows));
  }
  const result = latest && latest.entryId === entry.id ? latest : null;
  if (result && result.plan && result.plan.length) {
    parts.push(h("h2", { text: "My plan" }),
      h("ul", { class: "nr-print-plan" }, result.plan.map((item) =>
        h("li", { text: `${item.done ? "☑" : "☐"} ${item.text}${item.due ? ` (by ${item.due})` : ""}` }))));
  } else if (!result) {
    parts.push(h("p", { text: "The suggested plan was still loading when this was printed." }));
  }
  if (result) {
    for (const draft of result.drafts || []) {
      const include = draftChoices.get(draft.kind) ?? draft.kind === "thank_you";
      if (!include) continue;
      parts.push(h("h2", { text: draft.title }), h("p", { text: `Subject: ${draft.subject}` }), h("pre", { text: draft.body }));
    }
  }
  parts.push(h("p", { class: "nr-print-foot", text: `Printed from Next Round on ${localToday()}.` }));
  $("nr-print").replaceChildren(...parts);
}

function printPlan() {
  buildPrint();
  document.documentElement.classList.add("nr-printing");
  window.print();
}

window.addEventListener("beforeprint", () => {
  buildPrint();
  document.documentElement.classList.add("nr-printing");
});
window.addEventListener("afterprint", () => document.documentElement.classList.remove("nr-printing"));

// ---- unreadable data ----------------------------------------------------------------------

function offerAside(key, text, reason) {
  showMessage(`aside-${key}`, {
    text: `The worksheet saved in this browser could not be read (${reason}). It has been kept, unchanged, ` +
      "under a separate name, and a fresh worksheet has been started. Download the unreadable copy to keep it or to get help with it.",
    actions: [{ label: "Download the unreadable data", onClick: () => download(`next-round-unreadable-${key.slice(store.ASIDE_PREFIX.length)}.txt`, "text/plain", text) }],
  });
}

function setAsideOrHold(text, reason) {
  const key = store.setAside(text);
  if (key) {
    offerAside(key, text, reason);
    return true;
  }
  mode = "hold";
  setSaved("Not saved: the stored worksheet could not be read or copied aside");
  showMessage("hold", {
    text: `The worksheet saved in this browser could not be read (${reason}), and there was no room to keep a copy of it. ` +
      "So that nothing is overwritten, this page will not save. Download the stored data and export your new writing as a backup.",
    actions: [
      { label: "Download the unreadable data", onClick: () => download("next-round-unreadable.txt", "text/plain", text) },
      { label: "Export backup", onClick: exportBackup },
    ],
  });
  return false;
}

function remindOfAside() {
  const keys = store.asideKeys();
  if (!keys.length) return;
  showMessage("aside-kept", {
    role: "status",
    text: `${keys.length === 1 ? "One copy" : `${keys.length} copies`} of unreadable worksheet data ${keys.length === 1 ? "is" : "are"} kept in this browser.`,
    actions: keys.map((key, i) => ({
      label: `Download unreadable copy ${i + 1}`,
      onClick: () => download(`next-round-unreadable-${key.slice(store.ASIDE_PREFIX.length)}.txt`, "text/plain", store.readKey(key) || ""),
    })),
  });
}

// ---- start --------------------------------------------------------------------------------

function load() {
  const read = store.read();
  if (read.status !== "ok") {
    mode = "blocked";
    doc = freshDocument();
    setSaved("Not saved: this browser is blocking storage");
    showMessage("storage", {
      text: "This browser is blocking this site from storing data (site data or cookies are turned off), so what you write is only kept in this tab. " +
        "Export a backup before you close it.",
      actions: [{ label: "Export backup", onClick: exportBackup }],
    });
    return;
  }
  originalRaw = read.text;
  lastWritten = read.text;
  if (read.text === null) {
    doc = freshDocument();
    return;
  }
  remindOfAside();
  let parsed;
  try {
    parsed = JSON.parse(read.text);
  } catch (err) {
    setAsideOrHold(read.text, "it is not valid JSON");
    doc = freshDocument();
    originalRaw = null;
    return;
  }
  const problem = looksLikeDocument(parsed);
  if (problem) {
    setAsideOrHold(read.text, problem);
    doc = freshDocument();
    originalRaw = null;
    return;
  }
  if (parsed.version > SCHEMA.version) {
    mode = "readonly";
    doc = normalise({ ...parsed, entries: Array.isArray(parsed.entries) ? parsed.entries.filter((e) => e && typeof e === "object") : [] });
    setSaved("Read-only: saved by a newer version of Next Round");
    showMessage("newer", {
      text: `This worksheet was saved by a newer version of Next Round (format ${parsed.version}; this page knows format ${SCHEMA.version}). ` +
        "To keep it safe, nothing here can be changed and nothing will be saved. Reload the page to get the newest version. You can still export a backup.",
      actions: [{ label: "Export backup", onClick: exportBackup }],
    });
    return;
  }
  if (parsed.version < SCHEMA.version) {
    mode = "convert"; // Python converts it first; until then nothing is written over it
    setSaved("Converting your saved worksheet to the current format…");
  }
  doc = normalise(parsed);
}

async function checkStored() {
  // Python's strict check of what was stored when the page loaded.
  if (originalRaw === null || mode === "readonly") return;
  const opened = await api({ op: "open", text: originalRaw });
  if (opened.ok) {
    if (mode === "convert") {
      mode = "ok";
      const active = doc.settings.active_entry;
      doc = opened.doc;
      if (doc.entries.some((e) => e.id === active)) doc.settings.active_entry = active;
      fillForm(activeEntry());
      setReadOnly(false);
      markDirty(false);
      saveNow();
    }
    return;
  }
  if (opened.error.code === "newer_version") {
    mode = "readonly";
    setReadOnly(true);
    showMessage("newer", { text: opened.error.message, actions: [{ label: "Export backup", onClick: exportBackup }] });
    return;
  }
  // Invalid: keep the original (and this tab's edited copy, if different) aside, then
  // recover every entry that is valid on its own.
  const where = opened.error.path ? ` at ${opened.error.path}` : "";
  const stored = store.read().text;
  const keptOriginal = store.setAside(originalRaw);
  if (stored !== null && stored !== originalRaw) store.setAside(stored, new Date(Date.now() + 1));
  if (!keptOriginal) {
    setAsideOrHold(originalRaw, `${opened.error.message}${where}`);
    return;
  }
  const recovered = [];
  for (const entry of doc.entries) {
    const single = clone(DOC_TEMPLATE);
    single.entries = [entry];
    const check = await api({ op: "open", text: JSON.stringify(single) });
    if (check.ok) recovered.push(check.doc.entries[0]);
  }
  const total = doc.entries.length;
  const active = doc.settings.active_entry;
  doc = clone(DOC_TEMPLATE);
  doc.entries = recovered.length ? recovered : [newEntry()];
  doc.settings.active_entry = doc.entries.some((e) => e.id === active) ? active : doc.entries[0].id;
  fillForm(activeEntry());
  renderEntryList();
  mode = "ok";
  lastWritten = store.read().text;
  markDirty(false);
  saveNow();
  showMessage(`aside-${keptOriginal}`, {
    text: `Part of the worksheet saved in this browser could not be read: ${opened.error.message}${where} ` +
      `The original is kept, unchanged, under a separate name. ${recovered.length} of ${total} ${total === 1 ? "entry was" : "entries were"} recovered.`,
    actions: [{ label: "Download the unreadable data", onClick: () => download("next-round-unreadable.txt", "text/plain", originalRaw) }],
  });
}

function bind() {
  FORM.addEventListener("input", (event) => onFieldEdit(event.target));
  FORM.addEventListener("change", (event) => onFieldEdit(event.target));
  FORM.addEventListener("submit", (event) => event.preventDefault());
  FORM.addEventListener("focusout", () => { if (dirty) saveNow(); });
  FORM.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    if (add) {
      const field = FIELDS.get(add.dataset.add);
      const list = listBox(field.key).querySelector("ol.nr-rows");
      const row = makeRow(field, list.children.length);
      list.append(row);
      row.querySelector("input, textarea").focus();
      return;
    }
    const remove = event.target.closest("[data-remove]");
    if (remove) {
      const box = remove.closest("fieldset[data-list]");
      const field = FIELDS.get(box.dataset.list);
      remove.closest("li.nr-row").remove();
      const items = readList(field);
      setPath(activeEntry(), field.key, items);
      activeEntry().updated = nowISO();
      writeList(field, items);
      box.querySelector("[data-add]").focus();
      markDirty(true);
      updateProgress();
      scheduleCompute();
    }
  });
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") saveNow(); });
  window.addEventListener("pagehide", saveNow);
  $("nr-new").addEventListener("click", createEntry);
  $("nr-rename").addEventListener("click", renameEntry);
  $("nr-delete").addEventListener("click", deleteEntry);
  $("nr-export-json").addEventListener("click", exportBackup);
  $("nr-export-md").addEventListener("click", () => exportAs("markdown"));
  $("nr-export-ics").addEventListener("click", () => exportAs("ics"));
  $("nr-print-btn").addEventListener("click", printPlan);
  $("nr-import-file").addEventListener("change", (event) => {
    const file = event.target.files && event.target.files[0];
    event.target.value = "";
    importBackup(file);
  });
  document.body.append($("nr-print")); // a direct child of <body>, so print CSS can show only it
}

function start() {
  const typed = typedBeforeStart();
  load();
  fillForm(activeEntry());
  renderEntryList();
  updateReminder();
  if (mode === "readonly" || mode === "convert") setReadOnly(true);
  if (mode !== "readonly" && applyTyped(typed)) {
    updateProgress();
    renderEntryList();
    dirty = true;
    countEdit = true;
    saveNow();
  }
  bind();
  // A data attribute on the worksheet (not a class on <html>): no whole-page style recalc.
  $("nr-worksheet").dataset.bound = "true";
  performance.mark("nr-form-bound");
  if (pythonState === "loading") setPythonStatus("Loading…");
  python.onProgress((msg) => {
    if (pythonState === "loading") setPythonStatus(`Loading (${msg.step} of ${msg.of}): ${msg.text}…`);
  });

  python.ready.then(async (info) => {
    pythonState = "ready";
    performance.mark("nr-python-ready", { detail: info.timings || null });
    setPythonStatus("Ready");
    $("nr-python-status").title = info.runtime;
    await checkStored();
    scheduleCompute(true);
  }, (err) => {
    pythonState = "failed";
    setPythonStatus(`Not available: ${err.message}. Your writing is still saved; reload the page to try again.`);
    if (mode === "convert") {
      showMessage("convert", {
        text: "Your saved worksheet is in an older format and could not be converted, because the page did not finish loading. " +
          "It is untouched. Reload the page to try again, or export a backup.",
        actions: [{ label: "Export backup", onClick: exportBackup }],
      });
    }
  });
}

start();
