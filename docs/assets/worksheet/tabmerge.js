// Next Round worksheet: merging what two tabs (or a tab and the typing before the page
// bound the form) did to the same document, as pure functions (no DOM, no storage), so they
// can be tested on their own (tests/engine/test_merge_js.py runs them in node).
//
// mergeTyped: edits typed into the form before the page script bound it, merged into the
//   stored entry. An edit made on top of what the person saw replaces it; an edit made on top
//   of something else (an empty-looking form, another tab's older text) is added, never
//   substituted.

import { getPath, setPath } from "./util.js";

const TEXT_KINDS = new Set(["short", "long"]);

function norm(kind, value) {
  if (kind === "check") return value === true;
  if (kind === "rating") return Number.isInteger(value) ? value : null;
  return typeof value === "string" ? value : "";
}

function blank(kind, value) {
  const v = norm(kind, value);
  return v === "" || v === null || v === false;
}

function normItem(field, item) {
  if (!field.item_fields || !field.item_fields.length) return typeof item === "string" ? item : "";
  const out = {};
  for (const sub of field.item_fields) out[sub.key] = norm(sub.kind, item && typeof item === "object" ? item[sub.key] : undefined);
  return out;
}

const sameItem = (field, a, b) => JSON.stringify(normItem(field, a)) === JSON.stringify(normItem(field, b));

function blankItem(field, item) {
  const n = normItem(field, item);
  if (typeof n === "string") return n.trim() === "";
  return field.item_fields.every((sub) => blank(sub.kind, n[sub.key]) || (typeof n[sub.key] === "string" && n[sub.key].trim() === ""));
}

// Two texts that are both kept: the stored one first, then what was typed.
function joinText(kind, stored, typed) {
  if (stored.includes(typed)) return stored;
  if (typed.includes(stored)) return typed;
  return kind === "long" ? `${stored}\n\n${typed}` : `${stored} ${typed}`;
}

// fields: Map key -> field from the page's field schema. Changes `entry` in place and returns
// notes [{key, label, how}] where how is "added" (both kept) or "kept" (the stored value kept,
// the typed one named in `typed`) for the person to see.
export function mergeTyped(entry, edits, fields) {
  const notes = [];
  let changed = false;
  const lists = new Map();
  for (const edit of edits) {
    const field = fields.get(edit.key);
    if (!field) continue;
    if (field.kind === "list") {
      if (!lists.has(field.key)) lists.set(field.key, []);
      lists.get(field.key).push(edit);
      continue;
    }
    const stored = norm(field.kind, getPath(entry, field.key));
    const value = norm(field.kind, edit.value);
    const base = norm(field.kind, edit.base);
    if (value === stored) continue;
    let next = value;
    if (base !== stored && !blank(field.kind, stored)) {
      // The person did not see the stored value when they typed.
      if (field.kind === "check") next = value || stored;
      else if (TEXT_KINDS.has(field.kind)) {
        if (blank(field.kind, value)) next = stored;
        else {
          next = joinText(field.kind, stored, value);
          if (next !== value) notes.push({ key: field.key, label: field.label, how: "added" });
        }
      } else {
        next = stored;
        notes.push({ key: field.key, label: field.label, how: "kept", typed: value });
      }
    }
    if (next !== stored) {
      setPath(entry, field.key, next);
      changed = true;
    }
  }
  for (const [key, rowEdits] of lists) {
    const field = fields.get(key);
    const stored = Array.isArray(getPath(entry, key)) ? getPath(entry, key).slice() : [];
    const before = JSON.stringify(stored);
    let added = false;
    for (const edit of rowEdits.sort((a, b) => a.index - b.index)) {
      const value = normItem(field, edit.value);
      const i = edit.index;
      if (Number.isInteger(i) && i >= 0 && sameItem(field, edit.base, i < stored.length ? stored[i] : undefined)) {
        // Typed over the row the person saw: it is theirs to change.
        while (stored.length <= i) stored.push(normItem(field, undefined));
        stored[i] = value;
      } else if (!blankItem(field, value) && !stored.some((item) => sameItem(field, item, value))) {
        stored.push(value);
        added = true;
      }
    }
    const next = stored.filter((item) => !blankItem(field, item));
    if (JSON.stringify(next) !== before) {
      setPath(entry, key, next);
      changed = true;
    }
    if (added) notes.push({ key, label: field.label, how: "added" });
  }
  return { changed, notes };
}

// ---- a stored document in this page's shape -------------------------------------------------
//
// completeEntryFrom / normaliseFrom: fill in what a stored entry or document lacks (an older
// page may have written fewer fields) from the page's templates, and keep every key the page
// does not know (a newer build's field, setting or top-level key) as it is. `shape` is
// {fields: the fields' dotted keys, meta: an entry's other keys (worksheet/model.py
// META_KEYS)}, both from the page's generated field schema.

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const copyOf = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function keepUnknown(from, known, into) {
  for (const key of Object.keys(from)) {
    if (!(key in known)) into[key] = copyOf(from[key]);
    else if (isObject(from[key]) && isObject(known[key]) && isObject(into[key])) keepUnknown(from[key], known[key], into[key]);
  }
}

export function completeEntryFrom(template, shape, entry) {
  const full = copyOf(template);
  for (const key of shape.fields) {
    const value = getPath(entry, key);
    if (value !== undefined) setPath(full, key, value);
  }
  for (const key of shape.meta) if (key in entry) full[key] = entry[key];
  keepUnknown(entry, template, full);
  return full;
}

export function normaliseFrom(docTemplate, entryTemplate, shape, value) {
  const out = Object.assign(copyOf(docTemplate), copyOf(value));
  out.schema = docTemplate.schema;
  out.version = docTemplate.version;
  out.entries = value.entries.map((entry) => completeEntryFrom(entryTemplate, shape, entry));
  out.settings = Object.assign(copyOf(docTemplate.settings), isObject(value.settings) ? copyOf(value.settings) : {});
  return out;
}

// ---- two tabs -------------------------------------------------------------------------------
//
// mergeDocuments: three-way, per entry id, with base = the document this tab last read from
// or wrote to storage, mine = this tab's document now, theirs = what storage holds now.
//   identical                          -> kept
//   changed on one side only           -> that side (a deletion too)
//   deleted on one side, changed on the other -> the changed one is kept
//   changed on both sides, in different parts -> combined under the id (combineEntry: each
//                                         part from the side that changed it, the later
//                                         `updated`): two tabs on two steps of one entry
//   changed on both sides, one part differently -> mine under the id, theirs as a copy with
//                                         a new id and copy_of {id, reason, when} (an entry
//                                         meta key, like set_aside: worksheet/model.py; the
//                                         reason is the engine's "same entry changed in
//                                         another tab")
// Settings: active_entry is this tab's own; any other setting takes the side that changed it
// (both: the larger count / the later date, else this tab's). Top-level keys too. Keys this
// page does not know (a newer build's) are merged the same way, never dropped.

export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
}

const same = (a, b) => canonical(a) === canonical(b);

function byId(doc) {
  const map = new Map();
  for (const entry of (doc && Array.isArray(doc.entries) ? doc.entries : [])) {
    if (entry && typeof entry.id === "string") map.set(entry.id, entry);
  }
  return map;
}

function mergeSetting(key, b, m, t) {
  if (same(m, b)) return t === undefined ? m : t;
  if (same(t, b) || same(t, m)) return m;
  if (typeof m === "number" && typeof t === "number") return Math.max(m, t);
  if (key === "last_export" && typeof m === "string" && typeof t === "string") return m > t ? m : t;
  return m;
}


// Three versions of one value since `base`: each part (an object's keys, recursively; a list
// or a value as a whole) takes the side that changed it. Where both changed one part to
// different values, `mine` wins if `mineWins`, else the answer is null. {value} otherwise
// (value undefined: the part is gone on the side that changed it).
export function mergeParts(base, mine, theirs, mineWins = false) {
  if (same(mine, theirs) || same(theirs, base)) return { value: mine };
  if (same(mine, base)) return { value: theirs };
  if (!isObject(base) || !isObject(mine) || !isObject(theirs)) return mineWins ? { value: mine } : null;
  const out = {};
  for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const taken = mergeParts(base[key], mine[key], theirs[key], mineWins);
    if (!taken) return null;
    if (taken.value !== undefined) out[key] = taken.value;
  }
  return { value: out };
}

// One entry changed in both tabs since `base`: its parts combined (mergeParts), `updated` the
// later time; null when both changed one part to different values (then both versions are
// kept whole).
export function combineEntry(base, mine, theirs) {
  const strip = ({ updated, ...rest }) => rest;
  const taken = mergeParts(strip(base), strip(mine), strip(theirs));
  if (!taken) return null;
  const value = copyOf(taken.value);
  value.updated = Date.parse(theirs.updated) > Date.parse(mine.updated) ? theirs.updated : mine.updated;
  const out = {}; // in this tab's key order
  for (const key of Object.keys(mine)) if (key in value) out[key] = value[key];
  return Object.assign(out, value);
}

// options: {now: ISO string, newId: () => string, openId: the entry open in this tab,
//   reason: the copy reason for "changed in another tab" (the schema's copy_reasons)}.
// Returns {doc, notes, changedOpen} where notes are
//   {kind: "kept_deleted", id, side: "theirs" | "mine"}   deleted on one side, changed on the other
//   {kind: "copy", id, copyId}                             both changed one part differently:
//                                                          theirs kept as copyId
// (both changed different parts: combined under the id, combineEntry, with no note) and
// changedOpen says the open entry now differs from this tab's version (refill the form).
export function mergeDocuments(base, mine, theirs, options) {
  const { now, newId, openId, reason } = options;
  if (!reason) throw new Error("mergeDocuments needs the copy reason");
  const b = byId(base);
  const m = byId(mine);
  const t = byId(theirs);
  const notes = [];
  const out = [];
  const copies = [];
  let changedOpen = false;
  const take = (entry) => out.push(JSON.parse(JSON.stringify(entry)));
  const order = [...m.keys()];
  for (const id of t.keys()) if (!m.has(id)) order.push(id);
  for (const id of order) {
    const bi = b.get(id);
    const mi = m.get(id);
    const ti = t.get(id);
    if (mi && ti) {
      if (same(mi, ti) || same(ti, bi)) take(mi);
      else if (same(mi, bi)) {
        take(ti);
        if (id === openId) changedOpen = true;
      } else {
        const combined = bi ? combineEntry(bi, mi, ti) : null;
        if (combined) {
          out.push(combined);
          if (id === openId) changedOpen = true;
        } else {
          take(mi);
          const copyId = newId();
          const copy = copyOf(ti);
          copy.id = copyId;
          copy.copy_of = { id, reason, when: now };
          copies.push(copy);
          notes.push({ kind: "copy", id, copyId });
        }
      }
    } else if (mi) {
      if (!bi) take(mi); // new here
      else if (!same(mi, bi)) {
        take(mi); // changed here, deleted there: kept
        notes.push({ kind: "kept_deleted", id, side: "theirs" });
      } else if (id === openId) changedOpen = true; // deleted there, untouched here
    } else if (ti) {
      if (!bi) take(ti); // new there
      else if (!same(ti, bi)) {
        take(ti); // deleted here, changed there: kept
        notes.push({ kind: "kept_deleted", id, side: "mine" });
      }
    }
  }
  const settings = {};
  const bs = (base && base.settings) || {};
  const ms = (mine && mine.settings) || {};
  const ts = (theirs && theirs.settings) || {};
  for (const key of new Set([...Object.keys(ms), ...Object.keys(ts)])) {
    settings[key] = key === "active_entry" ? ms[key] : mergeSetting(key, bs[key], ms[key], ts[key]);
  }
  const entries = out.concat(copies);
  if (!entries.some((e) => e.id === settings.active_entry)) {
    // This tab's open entry is gone (deleted elsewhere, untouched here).
    settings.active_entry = entries.some((e) => e.id === ts.active_entry) ? ts.active_entry : (entries[0] ? entries[0].id : "");
  }
  // Other top-level keys (a newer build's) follow the same rule as settings.
  const doc = {};
  for (const key of new Set([...Object.keys(mine || {}), ...Object.keys(theirs || {})])) {
    if (key !== "entries" && key !== "settings") doc[key] = mergeSetting(key, (base || {})[key], (mine || {})[key], (theirs || {})[key]);
  }
  Object.assign(doc, { entries, settings });
  return { doc, notes, changedOpen };
}
