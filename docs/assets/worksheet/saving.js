// Next Round worksheet: the save loop. A change is written within a moment (and at once on
// blur, tab hide and page hide); what storage answers is decided in modes.js (saveDecision)
// and said here: saved, full, blocked, or another tab saved in between (tabs.js merges it).
//
// This module imports no page module that saves: what it needs from them (the merge, the
// backup export, the reminder) app.js passes in with wireSaving(), so the modules form no
// import cycle.

import * as store from "./store.js";
import { KEYS, state, setMode } from "./state.js";
import { clock } from "./util.js";
import { saveDecision } from "./modes.js";
import { setSaved, showMessage, clearMessage } from "./messages.js";

const SAVE_DELAY_MS = 300;
let saveTimer = null;
let persistAsked = false;

const wired = {
  otherTabSaved: (text) => {}, // tabs.js mergeStored
  exportBackup: () => {}, // transfer.js exportBackup
  saved: () => {}, // after each save (transfer.js updateReminder)
};

export function wireSaving(parts) {
  Object.assign(wired, parts);
}

export function exportAction() {
  return { label: "Export backup", onClick: () => wired.exportBackup() };
}

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
  const was = state.mode;
  const decision = saveDecision(state, store.write);
  if (decision.action === "none") return;
  if (decision.action === "saved") {
    if (state.pendingKept) {
      store.removeKey(KEYS.pending); // what early.js kept is in the saved document now
      state.pendingKept = false;
    }
    if (state.countEdit) state.doc.settings.edits_since_export = decision.edits;
    state.lastWritten = decision.text;
    state.dirty = decision.dirty;
    state.countEdit = false;
    if (was === "full" || was === "blocked") clearMessage("storage");
    setMode("ok", "saved");
    setSaved(`Saved at ${clock()}`);
    wired.saved();
    if (!persistAsked && navigator.storage && navigator.storage.persist) {
      persistAsked = true;
      navigator.storage.persist().catch(() => {});
    }
    return;
  }
  if (decision.action === "merge") return wired.otherTabSaved(decision.current);
  state.dirty = decision.dirty; // not in storage: kept in this tab (and asked about on leaving)
  setMode(decision.mode, `save: ${decision.action}`);
  if (decision.action === "full") {
    setSaved("Not saved: this browser's storage is full");
    showMessage("storage", {
      text: "This browser's storage for this site is full, so your latest changes are only in this tab. " +
        "Nothing is lost while the tab stays open. Export a backup to keep a copy; once space is freed, saving starts again by itself.",
      actions: [exportAction()],
    });
    return;
  }
  if (decision.action === "blocked") {
    showBlocked();
    return;
  }
  // Not saving either way (mode blocked); the words say what happened.
  setSaved("Not saved: the browser's storage gave an error");
  showMessage("storage", {
    text: `This browser's storage did not accept the latest changes (${storageError(decision.error)}), so they are only in this tab for now. ` +
      "Nothing is lost while the tab stays open; saving is tried again with your next change. Export a backup to be safe.",
    actions: [exportAction()],
  });
}

// Storage blocked (at start-up or on a save): what is written stays in this tab.
export function showBlocked() {
  setSaved("Not saved: this browser is blocking storage");
  showMessage("storage", {
    text: "This browser is blocking this site from storing data (site data or cookies are turned off), so what you write is only kept in this tab. " +
      "Export a backup before you close it.",
    actions: [exportAction()],
  });
}

export function storageError(err) {
  const name = (err && err.name) || "an unknown error";
  return err && err.message ? `${name}: ${err.message}` : name;
}
