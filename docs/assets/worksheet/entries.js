// Next Round worksheet: the list of entries and creating, switching, renaming, deleting.

import { FIELDS, state, computed, activeEntry, newEntry, setActive } from "./state.js";
import { $, h, download, getPath, setPath, nowISO, clock } from "./util.js";
import { ask, setSaved } from "./messages.js";
import { fillForm, writeScalar, updateProgress } from "./form.js";
import { markDirty, saveNow } from "./saving.js";
import { clearResults } from "./results.js";
import { scheduleCompute } from "./python.js";

export function entryFacts(entry) {
  const company = String(getPath(entry, "company") || "").trim();
  const role = String(getPath(entry, "role") || "").trim();
  const info = computed.get(entry.id);
  return { company, role, status: info ? info.status : "", title: info ? info.title : "" };
}

export function entryName(entry, fallback = "Untitled interview") {
  const facts = entryFacts(entry);
  return [facts.role, facts.company].filter(Boolean).join(" at ") || fallback;
}

export function renderEntryList() {
  const doc = state.doc;
  const list = $("nr-entry-list");
  const active = doc.settings.active_entry;
  const buttons = [...list.querySelectorAll("button[data-entry-id]")];
  if (buttons.length === doc.entries.length && buttons.every((b, i) => b.dataset.entryId === doc.entries[i].id)) {
    // Same entries: update in place, so a button being clicked is never swapped away.
    doc.entries.forEach((entry, i) => {
      const facts = entryFacts(entry);
      const button = buttons[i];
      const current = entry.id === active;
      button.closest("li").className = current ? "nr-entry nr-entry--active" : "nr-entry";
      if (current) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
      button.querySelector(".nr-entry-company").textContent = facts.company || "Company not filled in";
      button.querySelector(".nr-entry-role").textContent = facts.role || "Role not filled in";
      button.querySelector(".nr-entry-status").textContent = facts.status ? `Status: ${facts.status}` : "";
    });
    renderSetAside();
    return;
  }
  const items = doc.entries.map((entry) => {
    const facts = entryFacts(entry);
    const current = entry.id === active;
    return h("li", { class: current ? "nr-entry nr-entry--active" : "nr-entry" },
      h("button", {
        type: "button",
        class: "nr-entry-button",
        "aria-current": current ? "true" : null,
        "data-entry-id": entry.id,
        on: { click: () => switchTo(entry.id) },
      },
      h("span", { class: "nr-entry-company", text: facts.company || "Company not filled in" }),
      h("span", { class: "nr-entry-role", text: facts.role || "Role not filled in" }),
      h("span", { class: "nr-entry-status", text: facts.status ? `Status: ${facts.status}` : "" })));
  });
  list.replaceChildren(...items);
  $("nr-delete").disabled = state.mode === "readonly";
  renderSetAside();
}

// Values of the open entry that failed validation and were kept aside (entry.set_aside,
// filled by the engine's open): shown next to the entry, each downloadable and removable.
export function renderSetAside() {
  const entry = activeEntry();
  const items = Array.isArray(entry.set_aside) ? entry.set_aside : [];
  let box = $("nr-set-aside");
  if (!items.length) {
    if (box) box.remove();
    return;
  }
  const sig = JSON.stringify([entry.id, items]);
  if (box && box.dataset.sig === sig) return; // unchanged: keep the buttons (one may be being clicked)
  if (!box) {
    box = h("div", { id: "nr-set-aside", class: "nr-message nr-message--status", role: "status" });
    $("nr-entries").querySelector(".nr-entry-actions").after(box);
  }
  box.dataset.sig = sig;
  const show = (value) => (typeof value === "string" ? value : JSON.stringify(value));
  box.replaceChildren(
    h("p", { text: `Kept aside in this entry: ${items.length === 1 ? "one answer" : `${items.length} answers`} that could not be used as saved. They are not lost.` }),
    h("ul", {}, items.map((item, i) => h("li", {},
      h("span", { text: `${item.label || item.key}: “${show(item.value)}” (${item.reason || "not a value this field takes"}) ` }),
      h("button", { type: "button", class: "md-button", on: { click: () => download(`next-round-kept-aside-${i + 1}.json`, "application/json", JSON.stringify(item, null, 2)) } }, `Download ${item.label || item.key}`),
      h("button", { type: "button", class: "md-button", on: { click: () => removeSetAside(entry, i) } }, `Remove ${item.label || item.key}`)))));
}

async function removeSetAside(entry, index) {
  const item = entry.set_aside[index];
  const answer = await ask({
    title: "Remove this kept-aside answer?",
    body: h("p", { text: `“${item.label || item.key}” as it was saved will be deleted from this entry. Download it first if you might want it.` }),
    ok: "Remove it",
    danger: true,
  });
  if (!answer.ok) return;
  entry.set_aside = entry.set_aside.filter((_, i) => i !== index);
  entry.updated = nowISO();
  markDirty(true);
  saveNow();
  renderSetAside();
}

export function switchTo(id) {
  if (id === state.doc.settings.active_entry) return;
  saveNow();
  setActive(id);
  fillForm(activeEntry());
  renderEntryList();
  clearResults();
  markDirty(false);
  scheduleCompute(true);
}

export function createEntry() {
  saveNow();
  const entry = newEntry();
  state.doc.entries.push(entry);
  setActive(entry.id);
  fillForm(entry);
  renderEntryList();
  clearResults();
  markDirty(true);
  saveNow();
  scheduleCompute(true);
  $("f-company").focus();
}

export async function renameEntry() {
  const entry = activeEntry();
  const company = h("input", { type: "text", id: "nr-rename-company", value: getPath(entry, "company") || "" });
  const role = h("input", { type: "text", id: "nr-rename-role", value: getPath(entry, "role") || "" });
  const answer = await ask({
    title: "Rename this entry",
    body: [
      h("p", { text: "An entry is named after its company and role. Change them here or in step 1." }),
      h("p", {}, h("label", { for: "nr-rename-company", text: "Company" }), company),
      h("p", {}, h("label", { for: "nr-rename-role", text: "Role" }), role),
    ],
    ok: "Save name",
  });
  if (!answer.ok) return;
  setPath(entry, "company", company.value);
  setPath(entry, "role", role.value);
  entry.updated = nowISO();
  writeScalar(FIELDS.get("company"), company.value);
  writeScalar(FIELDS.get("role"), role.value);
  markDirty(true);
  saveNow();
  updateProgress();
  renderEntryList();
  scheduleCompute();
}

export async function deleteEntry() {
  const entry = activeEntry();
  const name = entryName(entry, "this untitled entry");
  const answer = await ask({
    title: "Delete this entry?",
    body: h("p", { text: `“${name}” and everything written in it will be removed from this browser. This cannot be undone unless you have a backup.` }),
    ok: "Delete entry",
    danger: true,
  });
  if (!answer.ok) return;
  const doc = state.doc;
  doc.entries = doc.entries.filter((e) => e.id !== entry.id);
  computed.delete(entry.id);
  if (doc.entries.length === 0) doc.entries.push(newEntry());
  setActive(doc.entries[0].id);
  fillForm(activeEntry());
  renderEntryList();
  clearResults();
  markDirty(true);
  saveNow();
  if (state.mode === "ok" && !state.dirty) setSaved(`Entry deleted. Saved at ${clock()}`);
  scheduleCompute(true);
}
