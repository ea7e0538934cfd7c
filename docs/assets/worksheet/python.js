// Next Round worksheet: every call into Python (the worker started by bridge.js).

import { python as startPython } from "./bridge.js";
import { state, computed } from "./state.js";
import { clone, localToday } from "./util.js";
import { clearMessage, showMessage } from "./messages.js";

// Already starting (bridge.js, async in <head>); this only listens.
export const python = startPython();

// Where a compute's answer is shown (results.js, entries.js): app.js passes them in with
// showComputedWith(), so this module, which those import, imports none of them.
const view = { results: (response) => {}, error: (error) => {}, entries: () => {} };
export function showComputedWith(parts) {
  Object.assign(view, parts);
}
let failure = null; // why Python could not start, in words
python.ready.catch((err) => { failure = err && err.message; });

const COMPUTE_DELAY_MS = 400;
let computeTimer = null;
let computeSeq = 0;

export async function api(request) {
  const response = await python.call(request);
  if (!response || typeof response !== "object") {
    return { ok: false, error: { code: "internal", message: "No answer from the worksheet.", path: "" } };
  }
  return response;
}

const WAIT_NOTE_MS = 20_000; // after this, a queued action says it is still waiting

// Run a Python-powered action for `control`: at once when Python is ready; clicked while it
// loads, queued with a note next to the control, and run when it is ready; when Python could
// not start, the note next to the control says so. Returns what `fn` returns, or null.
export async function whenReady(control, what, fn) {
  const id = `python-${control.id}`;
  if (state.pythonState === "ready") {
    clearMessage(id);
    return fn();
  }
  if (state.pythonState === "failed") {
    failedNote(control, what);
    return null;
  }
  python.go(); // someone is waiting: no reason to let the page's start-up go first
  showMessage(id, {
    role: "status",
    near: control,
    text: `${what} will start by itself as soon as the page has finished loading (a few seconds). You can keep writing.`,
  });
  const slow = setTimeout(() => {
    if (state.pythonState !== "loading") return;
    showMessage(id, {
      role: "status",
      near: control,
      text: `${what} is still waiting: the page is loading slowly. It will start by itself once loading finishes; if nothing happens, reload the page (your writing is saved).`,
    });
  }, WAIT_NOTE_MS);
  try {
    await python.ready;
  } catch (err) {
    clearTimeout(slow);
    failedNote(control, what);
    return null;
  }
  clearTimeout(slow);
  clearMessage(id);
  return fn();
}

function failedNote(control, what) {
  showMessage(`python-${control.id}`, {
    near: control,
    text: `${what} is not available: the part of the page that does it could not start (${failure || "it did not load"}). ` +
      "Your writing is still saved in this browser; reload the page to try again.",
  });
}

// Python could not start: every control that needs it says so next to itself.
export function markPythonFailed(controls) {
  for (const [control, what] of controls) failedNote(control, what);
}

export function scheduleCompute(all = false) {
  if (state.pythonState !== "ready" || state.mode === "readonly") return;
  clearTimeout(computeTimer);
  computeTimer = setTimeout(() => runCompute(all), all ? 0 : COMPUTE_DELAY_MS);
}

async function runCompute(all) {
  const seq = ++computeSeq;
  const snapshot = clone(state.doc);
  const entryId = snapshot.settings.active_entry;
  const response = await api({ op: "compute", doc: snapshot, entry_id: entryId, today: localToday() });
  if (seq !== computeSeq) return;
  if (!response.ok) {
    view.error(response.error);
    return;
  }
  clearMessage("compute");
  computed.set(entryId, { status: response.status, title: response.title });
  state.latest = { entryId, ...response };
  if (entryId === state.doc.settings.active_entry) view.results(response);
  if (all) {
    for (const entry of snapshot.entries) {
      if (entry.id === entryId || computed.has(entry.id)) continue;
      const other = await api({ op: "compute", doc: snapshot, entry_id: entry.id, today: localToday() });
      if (other.ok) computed.set(entry.id, { status: other.status, title: other.title });
    }
  }
  view.entries();
}
