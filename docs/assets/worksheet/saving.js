// Next Round worksheet: the document in localStorage. Loading, saving within a second,
// other tabs' saves, and data that cannot be read (kept aside, never overwritten).
// store.js does the raw storage calls; this module decides what they mean for the page.

import * as store from "./store.js";
import { COPY_REASONS, SCHEMA, DOC_TEMPLATE, state, setMode, computed, activeEntry, newEntry, freshDocument, looksLikeDocument, normalise, replaceDocument, tabEntry } from "./state.js";
import { clone, clock, download, h, newId, nowISO } from "./util.js";
import { canonical, mergeDocuments } from "./tabmerge.js";
import { ask, setSaved, showMessage, clearMessage } from "./messages.js";
import { fillForm, setReadOnly, forgetPending } from "./form.js";
import { entryName, renderEntryList, switchTo } from "./entries.js";
import { clearResults } from "./results.js";
import { api, scheduleCompute } from "./python.js";
import { exportBackup, updateReminder } from "./transfer.js";
import { showStorage } from "./phone.js";

const SAVE_DELAY_MS = 300;
let saveTimer = null;
let persistAsked = false;

export function markDirty(isEdit) {
  state.dirty = true;
  if (isEdit) state.countEdit = true;
  if (state.mode === "ok") setSaved("Saving…");
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, SAVE_DELAY_MS);
}

// True while this tab holds writing that is not in storage.
export function hasUnsavedText() {
  return state.dirty && state.mode !== "readonly";
}

export function saveNow() {
  clearTimeout(saveTimer);
  saveTimer = null;
  const { mode } = state;
  if (!state.dirty || mode === "readonly" || mode === "conflict" || mode === "hold" || mode === "convert") return;
  const doc = state.doc;
  if (state.countEdit) {
    doc.settings.edits_since_export = (doc.settings.edits_since_export || 0) + 1;
  }
  const text = JSON.stringify(doc);
  const result = store.write(text, state.lastWritten);
  if (result.status === "ok") {
    if (state.pendingKept) {
      forgetPending(); // what early.js kept is in the saved document now
      state.pendingKept = false;
    }
    state.lastWritten = text;
    state.dirty = false;
    state.countEdit = false;
    if (mode === "full" || mode === "blocked") {
      clearMessage("storage");
    }
    setMode("ok", "saved");
    setSaved(`Saved at ${clock()}`);
    updateReminder();
    if (!persistAsked && navigator.storage && navigator.storage.persist) {
      persistAsked = true;
      navigator.storage.persist().catch(() => {});
    }
    return;
  }
  if (state.countEdit) doc.settings.edits_since_export -= 1; // not saved, so not counted yet
  if (result.status === "conflict") return mergeStored(result.current);
  if (result.status === "full") {
    setMode("full", "store full");
    setSaved("Not saved: this browser's storage is full");
    showMessage("storage", {
      text: "This browser's storage for this site is full, so your latest changes are only in this tab. " +
        "Nothing is lost while the tab stays open. Export a backup to keep a copy; once space is freed, saving starts again by itself.",
      actions: [{ label: "Export backup", onClick: exportBackup }],
    });
    return;
  }
  if (result.status === "blocked") {
    setMode("blocked", "storage blocked");
    setSaved("Not saved: this browser is blocking storage");
    showMessage("storage", {
      text: "This browser is blocking this site from storing data (site data or cookies are turned off), so what you write is only kept in this tab. " +
        "Export a backup before you close it.",
      actions: [{ label: "Export backup", onClick: exportBackup }],
    });
    return;
  }
  setMode("blocked", "storage error"); // not saving either way; the words say what happened
  setSaved("Not saved: the browser's storage gave an error");
  showMessage("storage", {
    text: `This browser's storage did not accept the latest changes (${storageError(result.error)}), so they are only in this tab for now. ` +
      "Nothing is lost while the tab stays open; saving is tried again with your next change. Export a backup to be safe.",
    actions: [{ label: "Export backup", onClick: exportBackup }],
  });
}

function storageError(err) {
  const name = (err && err.name) || "an unknown error";
  return err && err.message ? `${name}: ${err.message}` : name;
}

// ---- two tabs -----------------------------------------------------------------------------

// What another tab saved, when this tab cannot merge it: {kind, text, words}. kind is
// "newer" (a newer build's format), "older" (an older build's) or "unreadable".
function unmergeable(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { kind: "unreadable", words: "it is not valid JSON" };
  }
  const problem = looksLikeDocument(parsed);
  if (problem) return { kind: "unreadable", words: problem };
  if (parsed.version > SCHEMA.version) return { kind: "newer", words: `format ${parsed.version}; this page knows format ${SCHEMA.version}` };
  if (parsed.version === SCHEMA.version) return { kind: "unreadable", words: "its entries could not be read" };
  return { kind: "older", words: `format ${parsed.version}; this page writes format ${SCHEMA.version}` };
}

// Another tab saved something this tab cannot merge (unreadable text, or a document in another
// format). It is kept aside before anything else happens and is never written over unless the
// person chooses to keep this tab's version; this tab saves nothing until then.
function onConflict(current) {
  setMode("conflict", "other tab's save unreadable");
  const other = unmergeable(current);
  const kept = store.setAsideOnce(current);
  remindOfAside();
  showStorage();
  setSaved("Not saved: another tab saved a version this tab cannot read");
  const where = kept
    ? "It is kept, unchanged, in this browser (listed with the other kept copies), so nothing is lost whichever you choose."
    : "There was no room to keep a copy of it, so this tab will not write over it: download it first.";
  const intro = {
    newer: `Another tab saved this worksheet with a newer version of Next Round (${other.words}), which this older tab cannot read. ${where} ` +
      "Reload this page to get the newer version and its changes." +
      (hasUnsavedText() ? " Changes made in this tab that are not saved yet are kept aside too when you reload." : ""),
    older: `Another tab, still running an older version of Next Round (${other.words}), saved this worksheet. ${where} ` +
      "Reload that tab to update it.",
    unreadable: `Another tab or program saved worksheet data here that this page cannot read (${other.words}). ${where}`,
  }[other.kind];
  const download = { label: "Download the other tab's version", onClick: () => downloadText("next-round-other-tab.txt", current) };
  const keepMine = {
    label: kept ? "Keep this tab's version (the other stays kept aside)" : "Keep this tab's version",
    onClick: () => keepThisTabsVersion(current),
  };
  const actions = other.kind === "newer"
    ? [{ label: "Reload to get the newer version", onClick: reloadForNewerVersion }, kept ? keepMine : download]
    : [kept ? keepMine : null, download].filter(Boolean);
  showMessage("conflict", { text: intro, actions });
}

function downloadText(name, text) {
  download(name, "text/plain", text);
}

// The person chose this tab's version over another tab's save (which is kept aside).
function keepThisTabsVersion(otherText) {
  const read = store.read();
  if (read.text !== null && read.text !== otherText && read.text !== state.lastWritten) {
    return mergeStored(read.text); // storage changed again meanwhile: look at that first
  }
  clearMessage("conflict");
  setMode("ok", "kept this tab's version");
  state.lastWritten = read.text;
  state.dirty = true;
  saveNow();
  if (state.mode === "ok" && !state.dirty) setSaved(`Saved this tab's version at ${clock()}; the other tab's version is kept aside`);
}

// This tab is the older build: reload to get the newer one. Changes not yet in storage are
// kept aside first, so the reload loses nothing; the stored document is not touched.
function reloadForNewerVersion() {
  if (hasUnsavedText()) {
    const key = store.setAsideOnce(JSON.stringify(state.doc), new Date(Date.now() + 1));
    if (!key) {
      showMessage("conflict-reload", {
        text: "This tab's unsaved changes could not be kept aside (no room in this browser's storage), so the page was not reloaded. Export a backup of them first.",
        actions: [{ label: "Export backup", onClick: exportBackup }],
      });
      return;
    }
    state.dirty = false; // kept: leaving needs no warning
  }
  location.reload();
}

function parseStored(text) {
  try {
    const parsed = JSON.parse(text);
    if (looksLikeDocument(parsed) || parsed.version !== SCHEMA.version) return null;
    return normalise(parsed);
  } catch (err) {
    return null;
  }
}

const withoutTab = (doc) => canonical({ ...doc, settings: { ...doc.settings, active_entry: null } });

// Another tab saved `text` since this tab last read or wrote storage: merge it with this
// tab's document entry by entry (tabmerge.js), show what happened, and save the result.
// Stored text that cannot be merged (unreadable, another format) goes the old way: this
// tab's version stays here, unsaved, and the person chooses.
let merging = 0;
function mergeStored(text) {
  if (text === null) {
    // Storage was cleared elsewhere: this tab's document is all there is; write it back.
    state.lastWritten = null;
    state.dirty = true;
    return merging < 3 ? withMerging(saveNow) : undefined;
  }
  const theirs = parseStored(text);
  if (!theirs) return onConflict(text);
  const base = state.lastWritten === null ? null : parseStored(state.lastWritten);
  const open = activeEntry();
  const before = canonical(open);
  const result = mergeDocuments(base, state.doc, theirs, { now: nowISO(), newId, openId: open.id, reason: COPY_REASONS.other_tab });
  state.doc = result.doc;
  state.lastWritten = text;
  const stillOpen = state.doc.entries.find((e) => e.id === open.id);
  if (!stillOpen || canonical(stillOpen) !== before) {
    computed.delete(open.id);
    fillForm(activeEntry());
    clearResults();
  }
  renderEntryList();
  showMergeNotes(result.notes, open.id, !stillOpen);
  scheduleCompute(true);
  if (state.mode === "conflict") {
    setMode("ok", "merged another tab's save");
    clearMessage("conflict");
  }
  if (withoutTab(state.doc) !== withoutTab(theirs)) {
    state.dirty = true;
    if (merging < 3) withMerging(saveNow); // write the merge (a further conflict merges again)
  } else {
    // Everything this tab has is in what the other tab saved.
    state.dirty = false;
    state.countEdit = false;
    setSaved(`Updated at ${clock()} with changes saved in another tab`);
  }
}

function withMerging(fn) {
  merging++;
  try {
    return fn();
  } finally {
    merging--;
  }
}

function showMergeNotes(notes, openId, openGone) {
  for (const note of notes) {
    const entry = state.doc.entries.find((e) => e.id === (note.kind === "copy" ? note.copyId : note.id));
    if (!entry) continue;
    const name = entryName(entry);
    if (note.kind === "kept_deleted" && note.side === "theirs" && note.id === openId) {
      showMessage(`merge-${note.id}`, {
        role: "status",
        text: `“${name}” was deleted in another tab, kept here: you had changed it in this tab, so it stays, with your changes. Delete it here if you meant to.`,
      });
    } else if (note.kind === "kept_deleted") {
      showMessage(`merge-${note.id}`, {
        role: "status",
        text: `“${name}” was deleted in one tab and changed in another. It is kept, with the changes.`,
      });
    } else if (note.kind === "copy") {
      showMessage(`merge-${note.copyId}`, {
        role: "status",
        text: `“${name}” was changed in this tab and in another one. Both versions are kept: this tab's under its name, the other tab's as a copy marked “from another tab”. Compare them and delete the one you do not need.`,
        actions: [{ label: "Show the other tab's version", onClick: () => switchTo(note.copyId) }],
      });
    }
  }
  if (openGone) {
    showMessage("merge-open-gone", {
      role: "status",
      text: "The entry open here was deleted in another tab. This tab now shows another entry.",
    });
  }
}

export function onStorageEvent(event) {
  if (event.key !== store.KEY && event.key !== null) return; // null: storage was cleared
  if (state.mode === "readonly" || state.mode === "hold" || state.mode === "convert") return;
  const read = store.read();
  if (read.status !== "ok" || read.text === state.lastWritten) return;
  mergeStored(read.text);
}

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
  setMode("hold", "unreadable data not kept aside");
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

// The two kinds of kept copies, in words: what each is called and the file it downloads as.
const KEPT_KINDS = {
  unreadable: {
    prefix: store.ASIDE_PREFIX,
    name: "unreadable copy",
    what: (n) => `${n === 1 ? "One copy" : `${n} copies`} of worksheet data this page could not read or use`,
    file: (stamp) => `next-round-unreadable-${stamp}.txt`,
    mime: "text/plain",
    gone: "This copy of data the worksheet could not read will be deleted from this browser. Download it first if you might want it.",
  },
  before_import: {
    prefix: store.BEFORE_IMPORT_PREFIX,
    name: "copy from before an import",
    what: (n) => `${n === 1 ? "one copy" : `${n} copies`} of your entries from before an import replaced them`,
    file: (stamp) => `next-round-before-import-${stamp}.json`,
    mime: "application/json",
    gone: "This copy of your entries from before an import will be deleted from this browser. Download it first if you might want it.",
  },
};

export function keptFileName(key) {
  const kind = Object.values(KEPT_KINDS).find((k) => key.startsWith(k.prefix));
  return kind.file(key.slice(kind.prefix.length));
}

// Every copy kept aside in this browser, listed in one message: download or remove each.
export function remindOfAside() {
  const kept = store.keptCopies();
  if (!kept.length) {
    clearMessage("aside-kept");
    return;
  }
  const parts = [];
  const actions = [];
  for (const [kind, words] of Object.entries(KEPT_KINDS)) {
    const keys = kept.filter((k) => k.kind === kind).map((k) => k.key);
    if (!keys.length) continue;
    parts.push(words.what(keys.length));
    keys.forEach((key, i) => {
      const number = keys.length === 1 && kind !== "unreadable" ? "" : ` ${i + 1}`;
      actions.push(
        { label: `Download ${words.name}${number}`, onClick: () => download(keptFileName(key), words.mime, store.readKey(key) || "") },
        { label: `Remove ${words.name}${number}`, onClick: () => removeAside(key, `${words.name}${number}`, words.gone) },
      );
    });
  }
  const text = parts.join(" and ");
  showMessage("aside-kept", {
    role: "status",
    text: `${text[0].toUpperCase()}${text.slice(1)} ${kept.length === 1 ? "is" : "are"} kept in this browser. ` +
      "Download a copy to keep it, or remove it once you no longer need it.",
    actions,
  });
}

async function removeAside(key, name, gone) {
  const answer = await ask({
    title: `Remove ${name}?`,
    body: h("p", { text: gone }),
    ok: "Remove copy",
    danger: true,
  });
  if (!answer.ok) return;
  if (!store.removeKey(key)) {
    showMessage("aside-kept", { text: "That copy could not be removed: this browser's storage did not allow it. Nothing was changed." });
    return;
  }
  clearMessage("aside-kept");
  remindOfAside();
  showStorage();
  setSaved(`${name[0].toUpperCase()}${name.slice(1)} removed at ${clock()}`);
}

// ---- start --------------------------------------------------------------------------------

export function load() {
  const read = store.read();
  if (read.status !== "ok") {
    setMode("blocked", "storage not readable at start");
    state.doc = freshDocument();
    const blocked = read.status === "blocked";
    setSaved(blocked ? "Not saved: this browser is blocking storage" : "Not saved: the browser's storage gave an error");
    showMessage("storage", {
      text: (blocked
        ? "This browser is blocking this site from storing data (site data or cookies are turned off), so what you write is only kept in this tab. "
        : `This browser's storage could not be read (${storageError(read.error)}), so what you write is only kept in this tab. `) +
        "Export a backup before you close it.",
      actions: [{ label: "Export backup", onClick: exportBackup }],
    });
    return;
  }
  state.originalRaw = read.text;
  state.lastWritten = read.text;
  if (read.text === null) {
    state.doc = freshDocument();
    return;
  }
  remindOfAside();
  setSaved("Saved in this browser");
  let parsed;
  try {
    parsed = JSON.parse(read.text);
  } catch (err) {
    setAsideOrHold(read.text, "it is not valid JSON");
    state.doc = freshDocument();
    state.originalRaw = null;
    return;
  }
  const problem = looksLikeDocument(parsed);
  if (problem) {
    setAsideOrHold(read.text, problem);
    state.doc = freshDocument();
    state.originalRaw = null;
    return;
  }
  if (parsed.version > SCHEMA.version) {
    setMode("readonly", "newer format at start");
    state.doc = normalise({ ...parsed, entries: Array.isArray(parsed.entries) ? parsed.entries.filter((e) => e && typeof e === "object") : [] });
    setSaved("Read-only: saved by a newer version of Next Round");
    showMessage("newer", {
      text: `This worksheet was saved by a newer version of Next Round (format ${parsed.version}; this page knows format ${SCHEMA.version}). ` +
        "To keep it safe, nothing here can be changed and nothing will be saved. Reload the page to get the newest version. You can still export a backup.",
      actions: [{ label: "Export backup", onClick: exportBackup }],
    });
    return;
  }
  if (parsed.version < SCHEMA.version) {
    setMode("convert", "older format at start"); // Python converts it first; until then nothing is written over it
    setSaved("Converting your saved worksheet to the current format…");
  }
  state.doc = normalise(parsed);
  state.loadedDoc = clone(state.doc);
  useTabEntry();
}

// This tab keeps showing the entry it showed before a reload, whatever another tab opened.
function useTabEntry() {
  const id = tabEntry();
  if (id && state.doc.entries.some((e) => e.id === id)) state.doc.settings.active_entry = id;
}

// ---- Python's repair, applied to the document as it is now -----------------------------------

const isPlain = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// Every place in `a` or `b` where they differ, as paths (lists and values are leaves).
function changedPaths(a, b, path = [], out = []) {
  if (isPlain(a) && isPlain(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) changedPaths(a[key], b[key], [...path, key], out);
  } else if (canonical(a) !== canonical(b)) {
    out.push(path);
  }
  return out;
}

function putPath(obj, path, value) {
  let node = obj;
  for (const part of path.slice(0, -1)) {
    if (!isPlain(node[part])) node[part] = {};
    node = node[part];
  }
  if (value === undefined) delete node[path[path.length - 1]];
  else node[path[path.length - 1]] = clone(value);
}

// One entry: the engine's repaired version, with what this tab changed since load on top. A
// value the person changed stays theirs (the bad one is in the repaired entry's set_aside);
// a value they left alone takes the repair.
function entryWithEdits(was, now, repaired) {
  const out = clone(repaired);
  for (const path of changedPaths(was, now)) {
    if (path[0] === "set_aside") continue;
    putPath(out, path, path.reduce((node, key) => (isPlain(node) ? node[key] : undefined), now));
  }
  if (canonical(was.set_aside) !== canonical(now.set_aside)) {
    // Removed here since load: those stay removed; what the engine set aside now is added.
    const before = new Set((was.set_aside || []).map(canonical));
    out.set_aside = clone(now.set_aside || []).concat((repaired.set_aside || []).filter((item) => !before.has(canonical(item))));
  }
  return out;
}

// The document Python repaired (or converted) from the text read at load, with every change
// made in this tab since then (typing, new or deleted entries, another tab's merged save) put
// back on top: a repair never takes back what was typed while Python was starting.
function withEditsSinceLoad(repaired) {
  const loaded = state.loadedDoc || state.doc;
  const now = state.doc;
  const first = (doc) => {
    const map = new Map();
    for (const e of doc.entries) if (!map.has(e.id)) map.set(e.id, e);
    return map;
  };
  const was = first(loaded);
  const fixed = first(repaired);
  const out = clone(repaired);
  const seen = new Set();
  out.entries = [];
  for (const entry of now.entries) {
    if (seen.has(entry.id)) continue; // an id used twice: the engine kept the first
    seen.add(entry.id);
    const before = was.get(entry.id);
    const repair = fixed.get(entry.id);
    if (!before || !repair) {
      // New here since load; or one the engine could not use at all (its original is kept
      // aside): kept only if it was changed here.
      if (!before || canonical(before) !== canonical(entry)) out.entries.push(clone(entry));
      continue;
    }
    out.entries.push(entryWithEdits(before, entry, repair));
  }
  for (const path of changedPaths({ ...loaded, entries: null }, { ...now, entries: null })) {
    putPath(out, path, path.reduce((node, key) => (isPlain(node) ? node[key] : undefined), now));
  }
  out.settings.active_entry = now.settings.active_entry;
  return out;
}

export async function checkStored() {
  // Python's strict check of what was stored when the page loaded.
  const { originalRaw } = state;
  if (originalRaw === null || state.mode === "readonly") return;
  const opened = await api({ op: "open", text: originalRaw });
  const setAsideValues = opened.ok && Array.isArray(opened.recovered) ? opened.recovered : [];
  const unreadable = opened.ok && Array.isArray(opened.unrecoverable) ? opened.unrecoverable : [];
  if (setAsideValues.length || unreadable.length) {
    // Some values failed validation: the engine set them aside in their entries (set_aside)
    // and loaded the rest; entries it could not use at all are only in the original. Keep
    // the original as it was, then take the engine's document.
    const keptOriginal = store.setAside(originalRaw);
    if (!keptOriginal) {
      setAsideOrHold(originalRaw, [...setAsideValues, ...unreadable].map((r) => r.reason).join(" "));
      return;
    }
    const next = withEditsSinceLoad(opened.doc);
    replaceDocument(next);
    fillForm(activeEntry());
    renderEntryList();
    setMode("ok", "repaired by Python");
    setReadOnly(false);
    markDirty(false);
    saveNow(); // another tab's save since load, if any, is merged (mergeStored), not written over
    const parts = [];
    if (setAsideValues.length) {
      const names = [...new Set(setAsideValues.map((r) => `“${r.title}”`))].join(", ");
      parts.push(`Some answers saved in this browser could not be used as they were, so they are kept aside in their entry (${names}): ` +
        `${setAsideValues.map((r) => `${r.label}: ${r.reason}`).join(" ")}`);
    }
    if (unreadable.length) {
      parts.push(`${unreadable.length === 1 ? "One entry" : `${unreadable.length} entries`} saved in this browser could not be read at all: ` +
        `${unreadable.map((u) => u.reason).join(" ")} ${unreadable.length === 1 ? "It is" : "They are"} only in the original copy.`);
    }
    showMessage(`aside-${keptOriginal}`, {
      role: "status",
      text: `${parts.join(" ")} Everything else loaded and can be edited. ` +
        "The original is kept, unchanged, under a separate name: download it to keep it or to get help with it.",
      actions: [{ label: "Download the original data", onClick: () => download("next-round-original.txt", "text/plain", originalRaw) }],
    });
    return;
  }
  if (opened.ok) {
    if (state.mode === "convert") {
      setMode("ok", "converted by Python");
      replaceDocument(withEditsSinceLoad(opened.doc));
      fillForm(activeEntry());
      setReadOnly(false);
      markDirty(false);
      saveNow();
    }
    return;
  }
  if (opened.error.code === "newer_version") {
    setMode("readonly", "newer format (Python)");
    setReadOnly(true);
    showMessage("newer", { text: opened.error.message, actions: [{ label: "Export backup", onClick: exportBackup }] });
    return;
  }
  // Invalid: keep the original (and this tab's edited copy, if different) aside, then
  // recover every entry that is valid on its own.
  const stored = store.read().text;
  const keptOriginal = store.setAside(originalRaw);
  if (stored !== null && stored !== originalRaw) store.setAside(stored, new Date(Date.now() + 1));
  if (!keptOriginal) {
    setAsideOrHold(originalRaw, opened.error.message);
    return;
  }
  const recovered = [];
  for (const entry of state.doc.entries) {
    const single = clone(DOC_TEMPLATE);
    single.entries = [entry];
    const check = await api({ op: "open", text: JSON.stringify(single) });
    if (check.ok) recovered.push(check.doc.entries[0]);
  }
  const total = state.doc.entries.length;
  const next = clone(DOC_TEMPLATE);
  next.entries = recovered.length ? recovered : [newEntry()];
  next.settings.active_entry = next.entries[0].id;
  replaceDocument(next);
  fillForm(activeEntry());
  renderEntryList();
  setMode("ok", "recovered by Python");
  state.lastWritten = store.read().text;
  markDirty(false);
  saveNow();
  showMessage(`aside-${keptOriginal}`, {
    text: `Part of the worksheet saved in this browser could not be read: ${opened.error.message} ` +
      `The original is kept, unchanged, under a separate name. ${recovered.length} of ${total} ${total === 1 ? "entry was" : "entries were"} recovered.`,
    actions: [{ label: "Download the unreadable data", onClick: () => download("next-round-unreadable.txt", "text/plain", originalRaw) }],
  });
}
