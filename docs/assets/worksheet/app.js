// Next Round worksheet: the page. Wiring only; each job lives in its own module:
//
//   state.js     the document and page state (one owner)      util.js      DOM and data helpers
//   store.js     raw localStorage calls, faults as states      saving.js    load, save, other tabs, unreadable data
//   form.js      the form <-> the active entry                 entries.js   the entry list and its buttons
//   python.js    calls into the Python worker                  results.js   drafts, plan, insights
//   transfer.js  backup, exports, import, print                messages.js  status lines, messages, dialog
//
// The form is already in the HTML (rendered at build time from worksheet/content.py), so a
// person can type at first paint. Python runs in a module worker (bridge.js, worker.js) and
// adds drafts, the plan, insights and exports once it is ready; the page never waits on it.
// User text only ever reaches the page through textContent, value and DOM APIs.

performance.mark("nr-app-start");

import { FIELDS, FORM, state, activeEntry } from "./state.js";
import { $, setPath, nowISO } from "./util.js";
import { setPythonStatus, showMessage } from "./messages.js";
import { applyTyped, fieldOfControl, fillForm, listBox, makeRow, readList, setReadOnly, takeFromForm, typedBeforeStart, updateProgress, writeList } from "./form.js";
import { markDirty, saveNow, load, checkStored, onStorageEvent } from "./saving.js";
import { createEntry, deleteEntry, renameEntry, renderEntryList } from "./entries.js";
import { python, scheduleCompute } from "./python.js";
import { bindPrint, exportAs, exportBackup, importBackup, printPlan, updateReminder } from "./transfer.js";

function onFieldEdit(control) {
  if (state.mode === "readonly") return;
  const field = fieldOfControl(control);
  if (!field) return;
  takeFromForm(field);
  markDirty(true);
  updateProgress();
  renderEntryList();
  scheduleCompute();
}

function onFormClick(event) {
  const add = event.target.closest("[data-add]");
  if (add) {
    const field = FIELDS.get(add.dataset.add);
    const list = listBox(field.key).querySelector("ol.nr-rows");
    const row = makeRow(field, list.children.length);
    list.append(row);
    row.querySelector("input, textarea").focus();
    return;
  }
  const remove = event.target.closest("[data-remove]");
  if (remove) {
    const box = remove.closest("fieldset[data-list]");
    const field = FIELDS.get(box.dataset.list);
    remove.closest("li.nr-row").remove();
    const items = readList(field);
    setPath(activeEntry(), field.key, items);
    activeEntry().updated = nowISO();
    writeList(field, items);
    box.querySelector("[data-add]").focus();
    markDirty(true);
    updateProgress();
    scheduleCompute();
  }
}

function bind() {
  FORM.addEventListener("input", (event) => onFieldEdit(event.target));
  FORM.addEventListener("change", (event) => onFieldEdit(event.target));
  FORM.addEventListener("submit", (event) => event.preventDefault());
  FORM.addEventListener("focusout", () => { if (state.dirty) saveNow(); });
  FORM.addEventListener("click", onFormClick);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") saveNow(); });
  window.addEventListener("pagehide", saveNow);
  $("nr-new").addEventListener("click", createEntry);
  $("nr-rename").addEventListener("click", renameEntry);
  $("nr-delete").addEventListener("click", deleteEntry);
  $("nr-export-json").addEventListener("click", exportBackup);
  $("nr-export-md").addEventListener("click", () => exportAs("markdown"));
  $("nr-export-ics").addEventListener("click", () => exportAs("ics"));
  $("nr-print-btn").addEventListener("click", printPlan);
  $("nr-import-file").addEventListener("change", (event) => {
    const file = event.target.files && event.target.files[0];
    event.target.value = "";
    importBackup(file);
  });
  bindPrint();
}

function start() {
  window.addEventListener("storage", onStorageEvent);
  const typed = typedBeforeStart();
  load();
  fillForm(activeEntry());
  renderEntryList();
  updateReminder();
  if (state.mode === "readonly" || state.mode === "convert") setReadOnly(true);
  if (state.mode !== "readonly" && applyTyped(typed)) {
    updateProgress();
    renderEntryList();
    state.dirty = true;
    state.countEdit = true;
    saveNow();
  }
  bind();
  // A data attribute on the worksheet (not a class on <html>): no whole-page style recalc.
  $("nr-worksheet").dataset.bound = "true";
  performance.mark("nr-form-bound");
  if (state.pythonState === "loading") setPythonStatus("Loading…");
  python.onProgress((msg) => {
    if (state.pythonState === "loading") setPythonStatus(`Loading (${msg.step} of ${msg.of}): ${msg.text}…`);
  });

  python.ready.then(async (info) => {
    state.pythonState = "ready";
    performance.mark("nr-python-ready", { detail: info.timings || null });
    setPythonStatus("Ready");
    $("nr-python-status").title = info.runtime;
    await checkStored();
    scheduleCompute(true);
  }, (err) => {
    state.pythonState = "failed";
    setPythonStatus(`Not available: ${err.message}. Your writing is still saved; reload the page to try again.`);
    if (state.mode === "convert") {
      showMessage("convert", {
        text: "Your saved worksheet is in an older format and could not be converted, because the page did not finish loading. " +
          "It is untouched. Reload the page to try again, or export a backup.",
        actions: [{ label: "Export backup", onClick: exportBackup }],
      });
    }
  });
}

start();
