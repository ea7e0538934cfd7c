// Next Round worksheet: the form in the HTML, read into and written from the active entry.

import { FIELDS, FORM, SCHEMA, state, activeEntry } from "./state.js";
import { $, emptyValue, getPath, setPath, isEmpty, isEmptyItem, nowISO } from "./util.js";
import { PENDING_KEY, typedControls } from "./early.js";

export const listBox = (key) => FORM.querySelector(`fieldset[data-list="${key}"]`);
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

export function readList(field) {
  return rowsOf(field.key).map((row) => readItem(field, row)).filter((item) => !isEmptyItem(field, item));
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
  updateProgress();
}

// What a person typed before this script ran (the form takes typing at first paint), plus
// anything early.js kept from a page that was left before this script started.
export function typedBeforeStart() {
  let kept = [];
  try {
    const text = localStorage.getItem(PENDING_KEY);
    if (text) {
      state.pendingKept = true;
      kept = JSON.parse(text).typed || [];
    }
  } catch (err) {
    kept = [];
  }
  return kept.concat(typedControls(FORM));
}

export function forgetPending() {
  try {
    localStorage.removeItem(PENDING_KEY);
  } catch (err) {
    // blocked: there is nothing stored to forget
  }
}

export function fieldOfControl(control) {
  const box = control.closest("fieldset[data-list]");
  if (box) return FIELDS.get(box.dataset.list);
  return control.dataset.key ? FIELDS.get(control.dataset.key) : null;
}

export function takeFromForm(field) {
  const entry = activeEntry();
  setPath(entry, field.key, field.kind === "list" ? readList(field) : readScalar(field));
  entry.updated = nowISO();
}

export function applyTyped(typed) {
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

export function updateProgress() {
  const started = SCHEMA.steps.filter(stepStarted).length;
  $("nr-progress").textContent = `${started} of ${SCHEMA.steps.length} steps started`;
}

export function setReadOnly(readOnly) {
  for (const control of FORM.querySelectorAll("input, textarea, select, button")) control.disabled = readOnly;
  for (const id of ["nr-new", "nr-rename", "nr-delete", "nr-import-file"]) $(id).disabled = readOnly;
}
