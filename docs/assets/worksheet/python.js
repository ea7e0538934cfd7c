// Next Round worksheet: every call into Python (the worker started by bridge.js).

import { python as startPython } from "./bridge.js";
import { state, computed } from "./state.js";
import { clone, localToday } from "./util.js";
import { clearMessage } from "./messages.js";
import { renderResults, showResultsError } from "./results.js";
import { renderEntryList } from "./entries.js";

// Already starting (bridge.js, async in <head>); this only listens.
export const python = startPython();

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
    showResultsError(response.error);
    return;
  }
  clearMessage("compute");
  computed.set(entryId, { status: response.status, title: response.title });
  state.latest = { entryId, ...response };
  if (entryId === state.doc.settings.active_entry) renderResults(response);
  if (all) {
    for (const entry of snapshot.entries) {
      if (entry.id === entryId || computed.has(entry.id)) continue;
      const other = await api({ op: "compute", doc: snapshot, entry_id: entry.id, today: localToday() });
      if (other.ok) computed.set(entry.id, { status: other.status, title: other.title });
    }
  }
  renderEntryList();
}
