// Next Round worksheet: "Your name", one document setting (settings.your_name) that signs
// every draft. It lives outside the entry form because it belongs to no single entry.

import { state } from "./state.js";
import { $ } from "./util.js";
import { markDirty, saveNow } from "./saving.js";
import { scheduleCompute } from "./python.js";

const input = () => $("nr-your-name");

// Show the document's name (after a load, an import, another tab's save). A name typed
// before the page's script ran is kept when the document has none yet.
export function showYourName() {
  const box = input();
  const stored = (state.doc && state.doc.settings && state.doc.settings.your_name) || "";
  if (!stored && box.value && state.mode !== "readonly") {
    takeYourName();
    return;
  }
  if (box.value !== stored) box.value = stored;
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
