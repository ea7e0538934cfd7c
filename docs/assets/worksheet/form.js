// Next Round worksheet: the form in the HTML, read into and written from the active entry.

import { FIELDS, FORM, KEYS, SCHEMA, state, activeEntry, newEntry } from "./state.js";
import { $, getPath, setPath, isEmpty, isEmptyItem, nowISO } from "./util.js";
import { YOUR_NAME_KEY, shownEntry, typedControls, typedName } from "./early.js";
import { mergeTyped } from "./tabmerge.js";
import { mergeTypedName, showYourName } from "./yourname.js";
import { checkAddresses } from "./address.js";
import { reopenStep, updateTasks } from "./steps.js";

export const listBox = (key) => FORM.querySelector(`fieldset[data-list="${key}"]`);
const rowsOf = (key) => [...listBox(key).querySelector("ol.nr-rows").children];

function readScalar(field) {
  if (field.kind === "rating") {
    const checked = FORM.querySelector(`input[type="radio"][data-key="${field.key}"]:checked`);
    return checked && checked.value ? Number(checked.value) : null;
  }
  const control = FORM.querySelector(`[data-key="${field.key}"]`);
  if (!control) return field.empty;
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

// The list's rows as items, each in its row: an empty row before a filled one is kept (so a
// reload puts every item back where it was typed); empty rows at the end are not stored.
// Everything that reads lists (engine, print, progress) skips empty items.
export function readList(field) {
  const items = rowsOf(field.key).map((row) => readItem(field, row));
  while (items.length && isEmptyItem(field, items[items.length - 1])) items.pop();
  return items;
}

export function writeScalar(field, value) {
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

export function makeRow(field, index) {
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

export function writeList(field, items) {
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

export function fillForm(entry) {
  for (const field of SCHEMA.fields) {
    const value = getPath(entry, field.key);
    if (field.kind === "list") writeList(field, value);
    else writeScalar(field, value);
  }
  showYourName(); // drafts: the document's "Your name" (h-drafts)
  checkAddresses();
  updateProgress();
  reopenStep();
}

// What a person typed before this script ran (the form takes typing at first paint), plus
// anything early.js kept from pages left before their script started: batches of edits, each
// with the entry the form showed (prefill.js) and what each control showed before typing.
export function typedBeforeStart() {
  let kept = [];
  try {
    const text = localStorage.getItem(KEYS.pending);
    if (text) {
      state.pendingKept = true;
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed.batches)) kept = parsed.batches;
      else if (Array.isArray(parsed.typed)) kept = [{ entry: null, edits: legacyEdits(parsed.typed) }];
    }
  } catch (err) {
    kept = [];
  }
  return kept.concat([{ entry: shownEntry(), edits: typedControls(FORM).concat(typedName()) }]);
}

// The format of early.js before edits carried what the control showed: {id, value|checked}
// by element id. What the person saw is unknown then, so each edit is merged as unseen.
function legacyEdits(typed) {
  const edits = [];
  const rows = new Map();
  for (const t of typed) {
    const control = t && document.getElementById(t.id);
    if (!control) continue;
    const value = "checked" in t ? t.checked : t.value;
    const row = control.closest("li.nr-row");
    const box = control.closest("fieldset[data-list]");
    if (row && box) {
      const id = `${box.dataset.list}:${row.dataset.index}`;
      if (!rows.has(id)) rows.set(id, { key: box.dataset.list, index: Number(row.dataset.index), value: {}, base: null });
      if (control.dataset.item === "") rows.get(id).value = value;
      else rows.get(id).value[control.dataset.item] = value;
    } else if (control.dataset.key) {
      edits.push({ key: control.dataset.key, value: control.type === "radio" ? (control.value ? Number(control.value) : null) : value, base: null });
    }
  }
  return edits.concat([...rows.values()]);
}

export function fieldOfControl(control) {
  const box = control.closest("fieldset[data-list]");
  if (box) return FIELDS.get(box.dataset.list);
  return control.dataset.key ? FIELDS.get(control.dataset.key) : null;
}

// List rows the form shows hold only the parts this page knows; a stored item may carry
// parts a newer build added. Each row read from the form keeps those of its stored item (the
// item with the same known parts, else the one at the same place).
function keepItemExtras(field, stored, items) {
  if (!field.item_fields || !field.item_fields.length || !Array.isArray(stored)) return items;
  const known = new Set(field.item_fields.map((sub) => sub.key));
  const extras = (item) => (item && typeof item === "object" ? Object.keys(item).filter((k) => !known.has(k)) : []);
  const knownParts = (item) => JSON.stringify(field.item_fields.map((sub) => (item && typeof item === "object" ? item[sub.key] : undefined)));
  const left = stored.map((item, i) => ({ item, i })).filter(({ item }) => extras(item).length);
  if (!left.length) return items;
  const take = (found) => left.splice(left.indexOf(found), 1)[0].item;
  return items.map((item, i) => {
    const match = left.find((o) => knownParts(o.item) === knownParts(item)) || left.find((o) => o.i === i);
    if (!match) return item;
    const old = take(match);
    const out = { ...item };
    for (const key of extras(old)) out[key] = old[key];
    return out;
  });
}

// Copy one field from the form into the active entry. Returns false when the form holds what
// the entry already has (a `change` event after the `input` that saved it): nothing to save.
export function takeFromForm(field) {
  const entry = activeEntry();
  const value = field.kind === "list" ? keepItemExtras(field, getPath(entry, field.key), readList(field)) : readScalar(field);
  if (JSON.stringify(getPath(entry, field.key)) === JSON.stringify(value)) return false;
  setPath(entry, field.key, value);
  entry.updated = nowISO();
  return true;
}

// Merge the typed batches into the loaded document (tabmerge.js: typed over what was seen
// replaces it, typed over anything else is added). Returns the notes for the person, or
// null when nothing was typed.
export function applyTyped(batches) {
  let any = false;
  const notes = [];
  for (const batch of batches) {
    if (!batch || !Array.isArray(batch.edits) || !batch.edits.length) continue;
    const name = mergeTypedName(batch.edits);
    any = any || name.changed;
    notes.push(...name.notes);
    const edits = batch.edits.filter((edit) => edit && edit.key !== YOUR_NAME_KEY);
    if (!edits.length) continue;
    let entry = batch.entry ? state.doc.entries.find((e) => e.id === batch.entry) : activeEntry();
    if (!entry) {
      // The entry it was typed into is gone (deleted in another tab): keep the typing as an entry.
      entry = newEntry();
      entry.id = batch.entry;
      state.doc.entries.push(entry);
    }
    const result = mergeTyped(entry, edits, FIELDS);
    if (result.changed) {
      entry.updated = nowISO();
      any = true;
    }
    notes.push(...result.notes);
  }
  return any ? notes : null;
}

function stepStarted(step) {
  const entry = activeEntry();
  return step.keys.some((key) => !isEmpty(FIELDS.get(key), getPath(entry, key)));
}

export function updateProgress() {
  const started = SCHEMA.steps.filter(stepStarted).length;
  $("nr-progress").textContent = `${started} of ${SCHEMA.steps.length} steps started`;
  updateTasks();
}

export function setReadOnly(readOnly) {
  // The drafts and the plan inside the steps stay usable: copying a draft changes nothing.
  for (const control of FORM.querySelectorAll("input, textarea, select, button")) {
    if (!control.closest(".nr-results, .nr-step-result")) control.disabled = readOnly;
  }
  for (const id of ["nr-new", "nr-rename", "nr-delete", "nr-import-file", "nr-your-name"]) $(id).disabled = readOnly;
}
