// Next Round worksheet: "Your name", one document setting (settings.your_name) that signs
// every draft. It lives outside the entry form because it belongs to no single entry.

import { state } from "./state.js";
import { $ } from "./util.js";
import { markDirty, saveNow } from "./saving.js";
import { scheduleCompute } from "./python.js";
import { YOUR_NAME_KEY } from "./early.js";

const input = () => $("nr-your-name");

// Show the document's name (after a load, an import, another tab's save). A name typed
// before the page's script ran reaches the document through mergeTypedName first.
export function showYourName() {
  const box = input();
  const stored = (state.doc && state.doc.settings && state.doc.settings.your_name) || "";
  if (box.value !== stored) box.value = stored;
}

// Edits of "Your name" made before the page's script bound it (early.js typedName), in order,
// into the document. As for the form's text fields, what was typed wins: over the name the
// person saw, silently; over a stored name they did not see, with a note naming it. An empty
// field over a name they did not see keeps that name. Returns {changed, notes}.
export function mergeTypedName(edits) {
  const notes = [];
  let changed = false;
  for (const edit of edits) {
    if (edit.key !== YOUR_NAME_KEY || typeof edit.value !== "string") continue;
    const stored = state.doc.settings.your_name || "";
    const seen = typeof edit.base === "string" ? edit.base : "";
    if (edit.value === stored) continue;
    if (seen !== stored) {
      if (!edit.value.trim()) continue;
      if (stored.trim()) notes.push({ key: YOUR_NAME_KEY, label: "Your name", how: "replaced", stored });
    }
    state.doc.settings.your_name = edit.value;
    changed = true;
  }
  return { changed, notes };
}

function takeYourName() {
  if (state.mode === "readonly") return;
  state.doc.settings.your_name = input().value;
  markDirty(true);
  scheduleCompute();
}

export function bindYourName() {
  const box = input();
  box.addEventListener("input", takeYourName);
  box.addEventListener("focusout", () => { if (state.dirty) saveNow(); });
}
