// Next Round worksheet: start-up. Loading what is stored (modes.js startupDecision: a fresh
// start, unreadable data kept aside, a newer format read-only, an older one held for
// conversion), and the check run once Python is ready: the engine's strict reading of what
// was stored, with its repairs applied to the document as it is by then.

import * as store from "./store.js";
import { PAGE_SCHEMA, SCHEMA, DOC_TEMPLATE, state, setMode, activeEntry, newEntry, freshDocument, replaceDocument, tabEntry } from "./state.js";
import { clone, download } from "./util.js";
import { canonical, mergeParts } from "./tabmerge.js";
import { startupDecision } from "./modes.js";
import { setSaved, showMessage } from "./messages.js";
import { fillForm, setReadOnly } from "./form.js";
import { renderEntryList } from "./entries.js";
import { api } from "./python.js";
import { exportAction, markDirty, saveNow, showBlocked, storageError } from "./saving.js";
import { offerAside, remindOfAside, setAsideOrHold, showHold } from "./kept.js";

export function load() {
  const read = store.read();
  if (read.status === "ok" && read.text !== null) {
    remindOfAside(); // the copies kept before this start
    setSaved("Saved in this browser");
  }
  const decision = startupDecision(read, PAGE_SCHEMA, (text) => store.setAside(text));
  setMode(decision.mode, "start-up");
  state.originalRaw = decision.originalRaw;
  state.lastWritten = decision.lastWritten;
  state.doc = decision.doc || freshDocument();
  if (decision.storageStatus === "blocked") {
    showBlocked();
    return;
  }
  if (decision.storageStatus) {
    setSaved("Not saved: the browser's storage gave an error");
    showMessage("storage", {
      text: `This browser's storage could not be read (${storageError(decision.error)}), so what you write is only kept in this tab. ` +
        "Export a backup before you close it.",
      actions: [exportAction()],
    });
    return;
  }
  if (decision.unreadable) {
    if (decision.asideKey) offerAside(decision.asideKey, decision.aside, decision.unreadable);
    else showHold(decision.aside, decision.unreadable);
    return;
  }
  if (decision.mode === "readonly") {
    setSaved("Read-only: saved by a newer version of Next Round");
    showMessage("newer", {
      text: `This worksheet was saved by a newer version of Next Round (format ${decision.newer}; this page knows format ${SCHEMA.version}). ` +
        "To keep it safe, nothing here can be changed and nothing will be saved. Reload the page to get the newest version. You can still export a backup.",
      actions: [exportAction()],
    });
    return;
  }
  // An older format: Python converts it first; until then nothing is written over it.
  if (decision.mode === "convert") setSaved("Converting your saved worksheet to the current format…");
  if (decision.loaded) {
    state.loadedDoc = clone(state.doc);
    useTabEntry();
  }
}

// This tab keeps showing the entry it showed before a reload, whatever another tab opened.
function useTabEntry() {
  const id = tabEntry();
  if (id && state.doc.entries.some((e) => e.id === id)) state.doc.settings.active_entry = id;
}

// ---- Python's repair, applied to the document as it is now -----------------------------------

// One entry: the engine's repaired version, with what this tab changed since load on top
// (tabmerge.js mergeParts, this tab's side winning). A value the person changed stays theirs
// (the bad one is in the repaired entry's set_aside); a value they left alone takes the repair.
function entryWithEdits(was, now, repaired) {
  const strip = ({ set_aside, ...rest }) => rest;
  const out = clone(mergeParts(strip(was), strip(now), strip(repaired), true).value);
  if ("set_aside" in repaired) out.set_aside = clone(repaired.set_aside);
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
  const withoutEntries = (doc) => ({ ...doc, entries: null });
  const out = clone(mergeParts(withoutEntries(loaded), withoutEntries(now), withoutEntries(repaired), true).value);
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
    saveNow(); // another tab's save since load, if any, is merged (tabs.js), not written over
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
    showMessage("newer", { text: opened.error.message, actions: [exportAction()] });
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
