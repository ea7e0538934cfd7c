// Next Round worksheet: the page's modes, and what each answer from storage does to them, as
// pure functions (no DOM, no storage, no clock of their own): given the page's state, the
// stored text and storage's answers (passed in as functions), each returns the next mode and
// what to write or keep aside. saving.js, tabs.js and startup.js carry the decisions out and
// say them on the page; tests/site/test_modes_js.py runs these in node with a fake storage.
//
// `schema` below is the page's generated data: {schema, version} (the field schema's), plus
// docTemplate, entryTemplate and shape ({fields, meta}) to put a stored document in this
// page's shape, and copyReason for an entry changed in two tabs.

import { canonical, mergeDocuments, normaliseFrom } from "./tabmerge.js";

// What the page can do with storage, one word each:
//   ok        saving as usual
//   full      the store is full: the writing stays in this tab until a save fits again
//   blocked   storage is blocked or failed: the writing stays in this tab
//   conflict  another tab saved something this tab cannot merge: nothing is written until the
//             person chooses
//   readonly  a newer build's document: nothing can be changed or written
//   hold      unreadable stored data that could not be kept aside: nothing is written over it
//   convert   an older format, not yet converted by Python: nothing is written over it
export const MODES = Object.freeze(["ok", "full", "blocked", "conflict", "readonly", "hold", "convert"]);
const SAVES_IN = new Set(["ok", "full", "blocked"]); // a save is tried in these modes
const FOLLOWS_OTHER_TABS_IN = new Set(["ok", "full", "blocked", "conflict"]);

export function checkMode(mode) {
  if (!MODES.includes(mode)) throw new Error(`not a page mode: ${mode}`);
  return mode;
}

// Why a value is not a worksheet document this page can read, or null. A newer format is
// not judged here (the page shows it read-only).
export function documentProblem(value, schema) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "it is not a worksheet object";
  if (value.schema !== schema.schema) return "it is not a Next Round worksheet";
  if (!Number.isInteger(value.version)) return "it has no version number";
  if (value.version > schema.version) return null; // newer: handled as read-only
  if (!Array.isArray(value.entries)) return "its list of entries is missing";
  for (const entry of value.entries) {
    if (!entry || typeof entry !== "object" || typeof entry.id !== "string" || !entry.id) {
      return "an entry has no id";
    }
  }
  return null;
}

export function inPageShape(value, schema) {
  return normaliseFrom(schema.docTemplate, schema.entryTemplate, schema.shape, value);
}

// Stored text as a document this page can merge (this format, readable), or null.
export function parseStored(text, schema) {
  try {
    const parsed = JSON.parse(text);
    if (documentProblem(parsed, schema) || parsed.version !== schema.version) return null;
    return inPageShape(parsed, schema);
  } catch (err) {
    return null;
  }
}

// ---- a save ---------------------------------------------------------------------------------
//
// page: {mode, dirty, doc, lastWritten, countEdit}; write(text, expected): store.write.
// Returns {action, mode, dirty (writing not in storage), ...}:
//   "none"    nothing to write, or a mode that does not write (conflict, readonly, hold, convert)
//   "saved"   written: text (now what storage holds) and edits (the document's new count of
//             edits since the last export)
//   "merge"   another tab saved in between: current is what storage holds; the mode is kept
//   "full" | "blocked" | "error"   not written; the mode says so, the document stays in memory,
//             unsaved (its edit is not counted)
export function saveDecision(page, write) {
  if (!page.dirty || !SAVES_IN.has(page.mode)) return { action: "none", mode: page.mode, dirty: page.dirty };
  const settings = page.doc.settings;
  const edits = (settings.edits_since_export || 0) + (page.countEdit ? 1 : 0);
  const doc = page.countEdit ? { ...page.doc, settings: { ...settings, edits_since_export: edits } } : page.doc;
  const text = JSON.stringify(doc);
  const result = write(text, page.lastWritten);
  if (result.status === "ok") return { action: "saved", mode: "ok", dirty: false, text, edits };
  if (result.status === "conflict") return { action: "merge", mode: page.mode, dirty: true, current: result.current };
  if (result.status === "full") return { action: "full", mode: "full", dirty: true };
  if (result.status === "blocked") return { action: "blocked", mode: "blocked", dirty: true };
  return { action: "error", mode: "blocked", dirty: true, error: result.error };
}

// ---- another tab's save -----------------------------------------------------------------------
//
// The storage event: {key} of the event, read = store.read()'s answer. Null when this tab has
// nothing to do; else otherTabSave's answer.
export function storageEventDecision(page, eventKey, read, schema, context) {
  if (eventKey !== schema.documentKey && eventKey !== null) return null; // null: storage was cleared
  if (!FOLLOWS_OTHER_TABS_IN.has(page.mode)) return null;
  if (read.status !== "ok" || read.text === page.lastWritten) return null;
  return otherTabSave(page, read.text, schema, context);
}

// Storage holds `text`, which this tab did not write. context: {now, newId, openId}.
//   "rewrite"     storage was cleared elsewhere: this tab's document is all there is; write it
//   "keep_aside"  it cannot be merged (unreadable, another format): keep `aside` aside and go
//                 to mode conflict; this tab writes nothing until the person chooses
//   "merged"      doc is the three-way merge (base: what this tab last read or wrote); notes
//                 say what happened; dirty says the merge differs from storage (write it)
export function otherTabSave(page, text, schema, context) {
  if (text === null) return { action: "rewrite", mode: page.mode, lastWritten: null, dirty: true };
  const theirs = parseStored(text, schema);
  if (!theirs) return { action: "keep_aside", mode: "conflict", aside: text };
  const base = page.lastWritten === null ? null : parseStored(page.lastWritten, schema);
  const result = mergeDocuments(base, page.doc, theirs, { ...context, reason: schema.copyReason });
  const withoutTab = (doc) => canonical({ ...doc, settings: { ...doc.settings, active_entry: null } });
  return {
    action: "merged",
    mode: page.mode === "conflict" ? "ok" : page.mode,
    doc: result.doc,
    notes: result.notes,
    lastWritten: text,
    dirty: withoutTab(result.doc) !== withoutTab(theirs),
  };
}

// ---- start-up ---------------------------------------------------------------------------------
//
// read: store.read()'s answer; setAside(text): store.setAside (the key it went to, or null).
// Returns {mode, doc, originalRaw, lastWritten, ...}; doc is null for "start a fresh document".
//   storage not readable      mode blocked, storageStatus and error say why
//   nothing stored            mode ok, fresh
//   unreadable                kept aside (asideKey) and a fresh start in mode ok; if it could
//                             not be kept aside, mode hold: nothing is written over it
//   a newer format            mode readonly, the document as far as it can be read
//   an older format           mode convert (Python converts it first)
//   this format               mode ok
export function startupDecision(read, schema, setAside) {
  if (read.status !== "ok") {
    return { mode: "blocked", doc: null, originalRaw: null, lastWritten: null, storageStatus: read.status, error: read.error };
  }
  const text = read.text;
  const start = { originalRaw: text, lastWritten: text };
  if (text === null) return { mode: "ok", doc: null, ...start };
  let parsed;
  let problem = null;
  try {
    parsed = JSON.parse(text);
    problem = documentProblem(parsed, schema);
  } catch (err) {
    problem = "it is not valid JSON";
  }
  if (problem) {
    const asideKey = setAside(text);
    return { mode: asideKey ? "ok" : "hold", doc: null, lastWritten: text, originalRaw: null, unreadable: problem, asideKey, aside: text };
  }
  if (parsed.version > schema.version) {
    const entries = Array.isArray(parsed.entries) ? parsed.entries.filter((e) => e && typeof e === "object") : [];
    return { mode: "readonly", doc: inPageShape({ ...parsed, entries }, schema), newer: parsed.version, ...start };
  }
  const mode = parsed.version < schema.version ? "convert" : "ok";
  return { mode, doc: inPageShape(parsed, schema), loaded: true, ...start };
}
