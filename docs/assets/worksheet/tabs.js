// Next Round worksheet: other tabs. Another tab's save (seen when this tab's own save finds
// storage changed, or through the storage event) is merged into this tab's document; what
// cannot be merged (unreadable, another build's format) is kept aside and the person chooses.
// The decisions are modes.js's (otherTabSave, storageEventDecision); this module says them.

import * as store from "./store.js";
import { PAGE_SCHEMA, SCHEMA, state, setMode, computed, activeEntry, looksLikeDocument } from "./state.js";
import { clock, download, newId, nowISO } from "./util.js";
import { canonical } from "./tabmerge.js";
import { otherTabSave, storageEventDecision } from "./modes.js";
import { setSaved, showMessage, clearMessage } from "./messages.js";
import { fillForm } from "./form.js";
import { entryName, renderEntryList, switchTo } from "./entries.js";
import { clearResults } from "./results.js";
import { scheduleCompute } from "./python.js";
import { exportAction, hasUnsavedText, saveNow } from "./saving.js";
import { remindOfAside } from "./kept.js";
import { showStorage } from "./phone.js";

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
  setMode("conflict", "another tab's save cannot be merged");
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
        actions: [exportAction()],
      });
      return;
    }
    state.dirty = false; // kept: leaving needs no warning
  }
  location.reload();
}

// Another tab saved `text` since this tab last read or wrote storage: merge it with this
// tab's document entry by entry (modes.js otherTabSave, tabmerge.js), show what happened,
// and save the result. Stored text that cannot be merged (unreadable, another format) is kept
// aside: this tab's version stays here, unsaved, and the person chooses.
let merging = 0;
export function mergeStored(text) {
  const open = activeEntry();
  apply(otherTabSave(state, text, PAGE_SCHEMA, { now: nowISO(), newId, openId: open.id }), open);
}

function apply(decision, open) {
  if (decision.action === "rewrite") {
    // Storage was cleared elsewhere: this tab's document is all there is; write it back.
    state.lastWritten = null;
    state.dirty = true;
    return merging < 3 ? withMerging(saveNow) : undefined;
  }
  if (decision.action === "keep_aside") return onConflict(decision.aside);
  const before = canonical(open);
  state.doc = decision.doc;
  state.lastWritten = decision.lastWritten;
  const stillOpen = state.doc.entries.find((e) => e.id === open.id);
  if (!stillOpen || canonical(stillOpen) !== before) {
    computed.delete(open.id);
    fillForm(activeEntry());
    clearResults();
  }
  renderEntryList();
  showMergeNotes(decision.notes, open.id, !stillOpen);
  scheduleCompute(true);
  if (state.mode !== decision.mode) {
    setMode(decision.mode, "merged another tab's save");
    clearMessage("conflict");
  }
  if (decision.dirty) {
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
  const decision = storageEventDecision(state, event.key, store.read(), PAGE_SCHEMA, { now: nowISO(), newId, openId: activeEntry().id });
  if (decision) apply(decision, activeEntry());
}
