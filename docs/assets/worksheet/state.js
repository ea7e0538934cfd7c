// Next Round worksheet: the document state, owned here and nowhere else.
//
// Every module reads and changes the document through `state` (one object, so there are no
// scattered mutable globals) and the helpers below. The shapes come from the JSON templates
// the build embeds in the page (worksheet/form.py), so JavaScript can create entries before
// Python exists.

import { $, readJSON, clone, nowISO, newId } from "./util.js";
import { completeEntryFrom, normaliseFrom } from "./tabmerge.js";

export const ENTRY_TEMPLATE = readJSON("nr-entry-template");
export const DOC_TEMPLATE = readJSON("nr-document-template");
export const SCHEMA = readJSON("nr-field-schema");
export const FIELDS = new Map(SCHEMA.fields.map((f) => [f.key, f]));
export const FORM = $("nr-form");

export const state = {
  doc: null, // the whole stored document
  lastWritten: null, // the text this page last read from or wrote to storage
  originalRaw: null, // the text found in storage when the page loaded
  mode: "ok", // one of MODES; changed only through setMode()
  modeWhy: "", // what set the mode last
  dirty: false, // changes not yet written
  countEdit: false, // the pending save includes a person's edit (counts toward the reminder)
  pendingKept: false, // early.js left typed text under its own key
  loadedDoc: null, // the document as read at load, before any change in this tab (Python repairs it)
  pythonState: "loading", // loading | ready | failed
  latest: null, // last compute result for the active entry
};

// What the page can do with storage, one word each:
//   ok        saving as usual
//   full      the store is full: the writing stays in this tab until a save fits again
//   blocked   storage is blocked or failed: nothing is written, the writing stays in this tab
//   conflict  another tab saved something this tab cannot merge: nothing is written until the
//             person chooses
//   readonly  a newer build's document: nothing can be changed or written
//   hold      unreadable stored data that could not be kept aside: nothing is written over it
//   convert   an older format, not yet converted by Python: nothing is written over it
export const MODES = Object.freeze(["ok", "full", "blocked", "conflict", "readonly", "hold", "convert"]);

// The one way the page's mode changes. `why` says what caused it (kept for debugging:
// state.modeWhy).
export function setMode(next, why) {
  if (!MODES.includes(next)) throw new Error(`not a page mode: ${next}`);
  state.mode = next;
  state.modeWhy = why || "";
}

export const computed = new Map(); // entry id -> {status, title} from the last compute
export const draftChoices = new Map(); // draft id -> include when printing

export function newEntry() {
  const entry = clone(ENTRY_TEMPLATE);
  const now = nowISO();
  entry.id = newId();
  entry.created = now;
  entry.updated = now;
  return entry;
}

const FIELD_KEYS = SCHEMA.fields.map((f) => f.key);

// Fill in anything an entry lacks (an older page may have written fewer fields), and keep
// every key this page does not know (a newer build's field) as it is (tabmerge.js).
export function completeEntry(entry) {
  return completeEntryFrom(ENTRY_TEMPLATE, FIELD_KEYS, entry);
}

export function looksLikeDocument(value) {
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

// A stored document in this page's shape; keys a newer build added (top level, settings,
// entries) are kept as they are (tabmerge.js).
export function normalise(value) {
  return normaliseFrom(DOC_TEMPLATE, ENTRY_TEMPLATE, FIELD_KEYS, value);
}

export function freshDocument() {
  const fresh = clone(DOC_TEMPLATE);
  const entry = newEntry();
  fresh.entries.push(entry);
  fresh.settings.active_entry = entry.id;
  return fresh;
}

// Which entry this tab shows is the tab's own (sessionStorage survives a reload of the tab):
// another tab's choice is never adopted. prefill.js reads the same key.
export const TAB_ENTRY_KEY = "nextround.worksheet.tab-entry";

export function tabEntry() {
  try {
    return sessionStorage.getItem(TAB_ENTRY_KEY);
  } catch (err) {
    return null;
  }
}

export function rememberTabEntry(id) {
  try {
    sessionStorage.setItem(TAB_ENTRY_KEY, id);
  } catch (err) {
    // blocked: the tab falls back to the document's last open entry
  }
}

export function activeEntry() {
  const doc = state.doc;
  let entry = doc.entries.find((e) => e.id === doc.settings.active_entry);
  if (!entry) {
    if (doc.entries.length === 0) doc.entries.push(newEntry());
    entry = doc.entries[0];
    doc.settings.active_entry = entry.id;
  }
  return entry;
}

export function setActive(id) {
  state.doc.settings.active_entry = id;
  rememberTabEntry(id);
}

// Replace the whole document (after a conversion, an import, another tab's save), keeping
// this tab's open entry when it is still there.
export function replaceDocument(next) {
  const active = state.doc ? state.doc.settings.active_entry : null;
  state.doc = next;
  if (next.entries.some((e) => e.id === active)) next.settings.active_entry = active;
}
