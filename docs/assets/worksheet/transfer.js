// Next Round worksheet: backup export and import, Markdown and calendar exports, printing.

import { FIELDS, KEYS, SCHEMA, state, computed, activeEntry, draftChoices, replaceDocument } from "./state.js";
import * as store from "./store.js";
import { $, h, clone, clock, download, getPath, isEmpty, isEmptyItem, localNowISO, localToday, nowISO, printSheet } from "./util.js";
import { ask, setSaved, showMessage, clearMessage } from "./messages.js";
import { fillForm } from "./form.js";
import { entryFacts, entryName, renderEntryList } from "./entries.js";
import { markDirty, saveNow } from "./saving.js";
import { remindOfAside } from "./kept.js";
import { api, scheduleCompute, whenReady } from "./python.js";
import { deliverFile, lastBackupNote, showStorage, staleBackupReminder } from "./phone.js";

const BACKUP_REMINDER_EDITS = 20; // remind to export after this many saved changes

function backupFallback() {
  return {
    filename: `next-round-backup-${localToday()}.json`,
    mime: "application/json",
    text: JSON.stringify(state.doc, null, 2),
  };
}

export async function exportBackup() {
  let file;
  if (state.mode === "readonly") {
    file = { filename: `next-round-backup-${localToday()}.json`, mime: "application/json", text: state.originalRaw };
  } else if (state.pythonState === "ready") {
    const response = await api({ op: "export", doc: clone(state.doc), format: "json", entry_id: null, now: localNowISO() });
    file = response.ok ? response : backupFallback();
  } else {
    file = backupFallback(); // the document itself is the backup format
  }
  // The share sheet on a phone; closing it without a choice is no backup.
  if (!(await deliverFile(file))) return;
  if (state.mode !== "readonly") {
    state.doc.settings.last_export = nowISO();
    state.doc.settings.edits_since_export = 0;
    markDirty(false);
    saveNow();
  }
  updateReminder();
  setSaved(state.mode === "ok" ? `Backup exported. Saved at ${clock()}` : `Backup exported at ${clock()} (storage is not working: keep that file)`);
}

export const PYTHON_TOOLS = [
  ["nr-export-md", "Export Markdown"],
  ["nr-export-ics", "The calendar download"],
  ["nr-import-file", "Importing a backup"],
];

const toolName = (id) => PYTHON_TOOLS.find(([tool]) => tool === id)[1];

export async function exportAs(format, button) {
  await whenReady(button, toolName(button.id), async () => {
    const doc = state.doc;
    const response = await api({ op: "export", doc: clone(doc), format, entry_id: doc.settings.active_entry, now: localNowISO() });
    if (!response.ok) {
      showMessage(`export-${button.id}`, { near: button, text: `That export did not work: ${response.error.message}` });
      return;
    }
    clearMessage(`export-${button.id}`);
    download(response.filename, response.mime, response.text);
  });
}

export function updateReminder() {
  const box = $("nr-reminder");
  const doc = state.doc;
  const edits = (doc && doc.settings.edits_since_export) || 0;
  if (edits >= BACKUP_REMINDER_EDITS && state.mode !== "readonly") {
    box.textContent = doc.settings.last_export
      ? `You have made ${edits} changes since your last backup${lastBackupNote(doc)}. Export a backup to keep a copy outside this browser.`
      : `You have made ${edits} changes and have not exported a backup yet. Export a backup to keep a copy outside this browser.`;
    box.hidden = false;
  } else {
    // Also back after seven days without a backup.
    const stale = doc && state.mode !== "readonly" ? staleBackupReminder(doc) : null;
    box.textContent = stale || "";
    box.hidden = !stale;
  }
}

function summaryList(title, items, detail = null) {
  if (!items || !items.length) return null;
  return [h("h3", { text: `${title} (${items.length})` }),
    h("ul", {}, items.map((i) => h("li", { text: detail ? `${i.title}: ${detail(i)}` : i.title })))];
}

// A stored time in this device's local time, to the minute ("4 Dec 2026, 10:00").
export function localMinute(iso) {
  const date = typeof iso === "string" && iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return "at an unknown time";
  return date.toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

// One entry both sides hold in different versions: when each changed, which fields differ,
// and what the default import does with them (combine, or keep the other as a copy).
function bothChanged(i, backupIsLater) {
  const fields = i.differ && i.differ.length ? `differs in ${i.differ.join(", ")}` : "differs";
  const how = i.nothing_new
    ? "everything in the backup's version is already here: this browser's version stays as it is"
    : i.combined
    ? "both kept, combined field by field"
    : backupIsLater
      ? "both kept: the backup's later version under its name, this browser's as a copy to compare"
      : "both kept: this browser's version under its name, the backup's as a copy to compare";
  return `changed here ${localMinute(i.here_updated)}, in the backup ${localMinute(i.backup_updated)}; ${fields}; ${how}`;
}

export async function importBackup(file, input) {
  if (!file) return;
  const text = await file.text();
  await whenReady(input, toolName(input.id), () => checkImport(file, text, input));
}

async function checkImport(file, text, input) {
  const checked = await api({ op: "validate_import", text, current: clone(state.doc) });
  if (!checked.ok) {
    showMessage("import", {
      near: input,
      text: `“${file.name}” cannot be imported: ${checked.error.message} Nothing has changed.`,
    });
    return;
  }
  clearMessage("import");
  const doc = state.doc;
  const s = checked.summary;
  const keptHere = s.newer_here;
  const changed = [...s.newer_here, ...s.newer_backup, ...s.conflict];
  const radio = (value, id, checked = false) => h("input", { type: "radio", name: "nr-import-mode", id, value, checked });
  const newer = radio("newer", "nr-import-merge", true);
  const backup = radio("backup", "nr-import-backup");
  const replace = radio("replace", "nr-import-replace");
  const incomingIds = new Set(checked.doc.entries.map((e) => e.id));
  const removed = doc.entries.filter((e) => !incomingIds.has(e.id)).map((e) => ({ title: entryName(e) }));
  const body = [
    h("p", { text: `“${file.name}” holds ${checked.doc.entries.length} ${checked.doc.entries.length === 1 ? "entry" : "entries"}.` }),
    summaryList("New entries to add", s.add),
    summaryList("Different here and in the backup", changed, (i) => bothChanged(i, s.newer_backup.includes(i))),
    summaryList("Entries already here, unchanged", s.same),
    h("fieldset", { class: "nr-import-mode" },
      h("legend", { text: "How to import" }),
      h("p", {}, newer, " ", h("label", { for: "nr-import-merge", text: "Keep both sides' changes (recommended): add new entries, combine edits to different fields, keep both versions where the same field differs" })),
      h("p", {}, backup, " ", h("label", { for: "nr-import-backup", text: "Use the backup's version of every entry in it; this browser's versions are kept as copies" })),
      h("p", {}, replace, " ", h("label", { for: "nr-import-replace", text: `Replace everything: this browser's ${doc.entries.length} ${doc.entries.length === 1 ? "entry is" : "entries are"} replaced by the backup (a copy of them is kept in this browser)` })),
      removed.length ? h("p", { class: "nr-help", text: `Replacing everything would remove: ${removed.map((r) => r.title).join("; ")}.` }) : null,
      keptHere.length ? h("p", { class: "nr-help", text: `The other two choices would replace newer work in: ${keptHere.map((r) => r.title).join("; ")} (kept as a copy or aside).` }) : null),
  ];
  const answer = await ask({ title: "Import this backup?", body, ok: "Import" });
  if (!answer.ok) {
    setSaved("Import cancelled: nothing changed");
    return;
  }
  const chosen = replace.checked ? "replace" : backup.checked ? "backup" : "newer";
  let kept = null;
  if (chosen === "replace") {
    // The document being replaced stays recoverable, or nothing is replaced.
    kept = store.setAside(JSON.stringify(state.doc), new Date(), KEYS.before_import_prefix);
    if (!kept) {
      showMessage("import", { near: input, text: "Nothing was replaced: there was no room in this browser to keep a copy of your current entries first. Export a backup of them, then try again." });
      return;
    }
  }
  const before = JSON.stringify(state.doc);
  const merged = await api({ op: "merge", current: JSON.parse(before), incoming: checked.doc, mode: chosen, now: nowISO() });
  if (!merged.ok) {
    showMessage("import", { near: input, text: `The import did not work: ${merged.error.message} Nothing has changed.` });
    return;
  }
  if (!kept && merged.replaced.length) {
    // Versions the engine says are no longer in the result: kept aside first, or nothing changes.
    kept = store.setAside(before, new Date(), KEYS.before_import_prefix);
    if (!kept) {
      showMessage("import", { near: input, text: "Nothing was imported: there was no room in this browser to keep a copy of the entries it would replace. Export a backup of them, then try again." });
      return;
    }
  }
  replaceDocument(merged.doc);
  computed.clear();
  fillForm(activeEntry());
  renderEntryList();
  markDirty(true);
  saveNow();
  scheduleCompute(true);
  const how = { replace: "replaced everything", backup: "the backup's versions, yours kept as copies", newer: "both sides' changes kept" }[chosen];
  if (state.mode === "ok" && !state.dirty) setSaved(`Backup imported (${how}). Saved at ${clock()}`);
  showCombined(merged.combined || [], input);
  if (kept) {
    const copy = store.readKey(kept) || "";
    showMessage("import-kept", {
      role: "status",
      near: input,
      text: "Your entries from before this import are kept in this browser, unchanged, and listed with the other kept copies. Download them to keep them as a file.",
      actions: [{ label: "Download the entries from before the import", onClick: () => download(`next-round-before-import-${kept.slice(KEYS.before_import_prefix.length)}.json`, "application/json", copy) }],
    });
    remindOfAside();
    showStorage();
  }
}

// What the engine combined field by field, said per entry.
function showCombined(combined, input) {
  if (!combined.length) {
    clearMessage("import-combined");
    return;
  }
  showMessage("import-combined", {
    role: "status",
    near: input,
    text: "Changed on both sides and combined, nothing dropped: " + combined.map((c) =>
      `“${c.title}” (from this browser: ${c.from_here.join(", ") || "nothing new"}; from the backup: ${c.from_backup.join(", ")})`).join("; ") + ".",
  });
}

// ---- print --------------------------------------------------------------------------------

function formatValue(field, value) {
  if (field.kind === "choice") {
    const option = (field.options || []).find((o) => o[0] === value);
    return option ? option[1] : value;
  }
  if (field.kind === "check") return value ? "Yes" : "No";
  if (field.kind === "rating") return `${value} of 5`;
  return String(value);
}

function buildPrint() {
  const entry = activeEntry();
  const facts = entryFacts(entry);
  const parts = [h("h1", { text: [facts.role, facts.company].filter(Boolean).join(" at ") || "My interview" })];
  for (const step of SCHEMA.steps) {
    const rows = [];
    for (const key of step.keys) {
      const field = FIELDS.get(key);
      const value = getPath(entry, key);
      if (isEmpty(field, value)) continue;
      if (field.kind === "list") {
        const items = value.filter((item) => !isEmptyItem(field, item)).map((item) => {
          if (typeof item === "string") return h("li", { text: item });
          return h("li", {}, field.item_fields.filter((sub) => !isEmpty(sub, item[sub.key]))
            .map((sub) => h("span", { class: "nr-print-part", text: `${sub.label}: ${formatValue(sub, item[sub.key])}. ` })));
        });
        rows.push(h("dt", { text: field.label }), h("dd", {}, h("ul", {}, items)));
      } else {
        rows.push(h("dt", { text: field.label }), h("dd", { text: formatValue(field, value) }));
      }
    }
    if (rows.length) parts.push(h("h2", { text: `Step ${step.number}. ${step.title}` }), h("dl", {}, rows));
  }
  const latest = state.latest;
  const result = latest && latest.entryId === entry.id ? latest : null;
  if (result && result.plan && result.plan.length) {
    parts.push(h("h2", { text: "My plan" }),
      h("ul", { class: "nr-print-plan" }, result.plan.map((item) =>
        h("li", { text: `${item.done ? "☑" : "☐"} ${item.text}${item.due ? ` (by ${item.due})` : ""}` }))));
  } else if (!result) {
    parts.push(h("p", { text: "The suggested plan was still loading when this was printed." }));
  }
  if (result) {
    for (const draft of result.drafts || []) {
      const include = draftChoices.get(draft.id || draft.kind) ?? draft.kind === "thank_you";
      if (!include) continue;
      parts.push(h("h2", { text: draft.title }));
      if (draft.email !== false) parts.push(h("p", { text: `Subject: ${draft.subject}` }));
      parts.push(h("pre", { text: draft.body }));
    }
  }
  parts.push(h("p", { class: "nr-print-foot", text: `Printed from Next Round on ${localToday()}.` }));
  printSheet("nr-print").replaceChildren(...parts);
}

export function printPlan() {
  buildPrint();
  document.documentElement.classList.add("nr-printing");
  window.print();
}

export function bindPrint() {
  window.addEventListener("beforeprint", () => {
    if (document.documentElement.classList.contains("nr-printing-record")) return; // record.js prints
    buildPrint();
    document.documentElement.classList.add("nr-printing");
  });
  window.addEventListener("afterprint", () => document.documentElement.classList.remove("nr-printing"));
}
