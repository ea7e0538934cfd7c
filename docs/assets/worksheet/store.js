// Next Round worksheet: localStorage, with every fault turned into a state the page can show.
//
// One key holds the whole document. Reading and writing never throw: they return what
// happened ("ok", "blocked", "full", "conflict", "error"), so the page can keep the
// document in memory, say what is wrong and offer an export. Unreadable data is copied
// aside under its own key before anything else may be written over it.

import { readJSON } from "./util.js";

// The storage keys, from the page's generated field schema (state.js KEYS), read when first
// needed: this module imports no page state, so it also loads where there is no page (node).
let keys = null;
export function storageKeys() {
  if (!keys) keys = readJSON("nr-field-schema").storage;
  return keys;
}

function storage() {
  return window.localStorage; // may throw SecurityError when the browser blocks site data
}

// Quota errors differ per engine: QuotaExceededError (code 22) in Chromium and WebKit,
// NS_ERROR_DOM_QUOTA_REACHED (code 1014) in older Firefox. Only SecurityError means blocked.
export function classify(err) {
  const name = (err && err.name) || "";
  const code = err && err.code;
  if (name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || code === 22 || code === 1014) {
    return "full";
  }
  if (name === "SecurityError") return "blocked";
  return "error";
}

export function read() {
  try {
    return { status: "ok", text: storage().getItem(storageKeys().document) };
  } catch (err) {
    return { status: classify(err), text: null, error: err };
  }
}

// Write `text` unless the stored value changed since `expected` (what this page last read
// or wrote): then another tab saved in between and the caller must decide.
export function write(text, expected) {
  try {
    const store = storage();
    const current = store.getItem(storageKeys().document);
    if (current !== null && current !== expected) return { status: "conflict", current };
    store.setItem(storageKeys().document, text);
    return { status: "ok" };
  } catch (err) {
    return { status: classify(err), error: err };
  }
}

// Overwrite regardless of what is stored (after the person chose to keep this tab's version).
export function force(text) {
  try {
    storage().setItem(storageKeys().document, text);
    return { status: "ok" };
  } catch (err) {
    return { status: classify(err), error: err };
  }
}

export function stamp(date = new Date()) {
  return date.toISOString().replace(/[:.]/g, "-");
}

// Copy unreadable text aside (or, with the before_import_prefix key, the document an import is about
// to replace). Returns the key it went to, or null when even that failed (then the caller
// must not write over the original).
export function setAside(text, date = new Date(), prefix = storageKeys().unreadable_prefix) {
  const key = prefix + stamp(date);
  try {
    storage().setItem(key, text);
    return storage().getItem(key) === text ? key : null;
  } catch (err) {
    return null;
  }
}

export function asideKeys(prefix = storageKeys().unreadable_prefix) {
  try {
    const store = storage();
    const keys = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key && key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  } catch (err) {
    return [];
  }
}

// Every copy kept aside in this browser (unreadable or not adoptable data, and the entries
// kept before an import replaced them), oldest first in each kind: [{key, kind, chars}].
export function keptCopies() {
  const list = [];
  for (const [prefix, kind] of [[storageKeys().unreadable_prefix, "unreadable"], [storageKeys().before_import_prefix, "before_import"]]) {
    for (const key of asideKeys(prefix)) list.push({ key, kind, chars: (readKey(key) || "").length });
  }
  return list;
}

// Keep `text` aside unless an identical copy is kept already; the key it is under, or null.
export function setAsideOnce(text, date = new Date(), prefix = storageKeys().unreadable_prefix) {
  for (const key of asideKeys(prefix)) if (readKey(key) === text) return key;
  return setAside(text, date, prefix);
}

export function readKey(key) {
  try {
    return storage().getItem(key);
  } catch (err) {
    return null;
  }
}

export function removeKey(key) {
  try {
    storage().removeItem(key);
    return true;
  } catch (err) {
    return false;
  }
}
