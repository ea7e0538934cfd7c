// Next Round worksheet: the page. Wiring only; each job lives in its own module:
//
//   state.js     the document and page state (one owner)      util.js      DOM and data helpers
//   modes.js     the page's modes; each storage answer's effect (pure)
//   store.js     raw localStorage calls, faults as states      saving.js    the save loop
//   tabs.js      other tabs' saves, the storage event, conflict
//   startup.js   loading at start, the check once Python is ready
//   kept.js      data kept aside: unreadable copies, the list, download and remove
//   tabmerge.js  two tabs merged, typed-before-load text merged (pure)
//   form.js      the form <-> the active entry                 entries.js   the entry list and its buttons
//   python.js    calls into the Python worker                  results.js   drafts, plan, insights
//   transfer.js  backup, exports, import, print                messages.js  status lines, messages, dialog
//   yourname.js  the "Your name" setting that signs the drafts
//   address.js   what is wrong with an email address, next to its field
//   record.js    job-search record (CSV, print), "is this normal?"
//   steps.js     the task list, one step at a time on a phone, the step each entry reopens on
//   phone.js     the storage line, the install hint, the share sheet, the backup reminder's date
//   early.js     typing before this script bound the form, kept on pagehide (no imports)
//   prefill.js   inlined in the HTML: the stored entry shown before the first paint
//   bridge.js    starts worker.js (the Python worker) and carries calls to it
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
import { hasUnsavedText, markDirty, saveNow, wireSaving } from "./saving.js";
import { load, checkStored } from "./startup.js";
import { mergeStored, onStorageEvent } from "./tabs.js";
import { renderResults, showResultsError } from "./results.js";
import { createEntry, deleteEntry, renameEntry, renderEntryList } from "./entries.js";
import { markPythonFailed, python, scheduleCompute, showComputedWith } from "./python.js";
import { PYTHON_TOOLS, bindPrint, exportAs, exportBackup, importBackup, printPlan, updateReminder } from "./transfer.js";
import { bindYourName } from "./yourname.js";
import { bindAddresses } from "./address.js";
import { bindRecord } from "./record.js";
import { settleFutureDates, startPhone } from "./phone.js";
import { startSteps } from "./steps.js";

function showTypedNotes(notes) {
  const added = notes.filter((n) => n.how === "added").map((n) => n.label);
  const kept = notes.filter((n) => n.how === "kept").map((n) => `${n.label} (you chose ${n.typed === null ? "nothing" : `“${n.typed}”`})`);
  const replaced = notes.filter((n) => n.how === "replaced").map((n) => `${n.label} is now what you typed (it was “${n.stored}”)`);
  const parts = [];
  if (replaced.length) parts.push(`${replaced.join("; ")}.`);
  if (added.length) parts.push(`What you typed was added after what was already saved in: ${added.join(", ")}.`);
  if (kept.length) parts.push(`The saved answer was kept in: ${kept.join(", ")}; change it again if you meant to.`);
  showMessage("typed", {
    role: "status",
    text: `You started typing before your saved worksheet had appeared${replaced.length ? "." : ", so nothing was replaced."} ${parts.join(" ")}`,
  });
}

function onFieldEdit(control) {
  if (state.mode === "readonly") return;
  const field = fieldOfControl(control);
  if (!field || !takeFromForm(field)) return;
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
  // Leaving while some writing is not in storage (full, blocked, unmergeable, on hold, or a
  // save that just failed): the browser asks first. Saved writing never asks.
  window.addEventListener("beforeunload", (event) => {
    saveNow();
    if (!hasUnsavedText()) return;
    event.preventDefault();
    event.returnValue = "";
  });
  $("nr-new").addEventListener("click", createEntry);
  $("nr-rename").addEventListener("click", renameEntry);
  $("nr-delete").addEventListener("click", deleteEntry);
  $("nr-export-json").addEventListener("click", exportBackup);
  $("nr-export-md").addEventListener("click", (event) => exportAs("markdown", event.currentTarget));
  $("nr-export-ics").addEventListener("click", (event) => exportAs("ics", event.currentTarget));
  $("nr-step-ics").addEventListener("click", () => $("nr-export-ics").click()); // step 5's own copy
  $("nr-print-btn").addEventListener("click", printPlan);
  const importFile = $("nr-import-file");
  const importChosen = () => {
    const file = importFile.files && importFile.files[0];
    importFile.value = "";
    importBackup(file, importFile);
  };
  importFile.addEventListener("change", importChosen);
  // A file chosen before this script bound the input raised its change event unheard.
  if (!importFile.disabled && importFile.files && importFile.files.length) importChosen();
  bindPrint();
  bindYourName();
  bindAddresses();
  bindRecord();
}

function start() {
  // The modules that save and compute are told here what to call back, so none imports a
  // module that imports it.
  wireSaving({ otherTabSaved: mergeStored, exportBackup, saved: updateReminder });
  showComputedWith({ results: renderResults, error: showResultsError, entries: renderEntryList });
  window.addEventListener("storage", onStorageEvent);
  const typed = typedBeforeStart();
  load();
  fillForm(activeEntry());
  renderEntryList();
  updateReminder();
  if (state.mode === "readonly" || state.mode === "convert") setReadOnly(true);
  const notes = state.mode !== "readonly" ? applyTyped(typed) : null;
  if (notes) {
    fillForm(activeEntry());
    renderEntryList();
    state.dirty = true;
    state.countEdit = true;
    saveNow();
    if (notes.length) showTypedNotes(notes);
  }
  if (state.mode === "ok" && settleFutureDates(state.doc)) {
    state.dirty = true;
    saveNow();
    updateReminder();
  }
  bind();
  startSteps();
  startPhone(); // the storage line, the install hint
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
    markPythonFailed(PYTHON_TOOLS.map(([id, what]) => [$(id), what]));
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
