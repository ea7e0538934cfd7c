// Next Round worksheet: what is wrong with an email address, said next to its field.
//
// Each email a draft opens goes to one address: no "mailto:", no "?" or "#" part, no second
// address, no control or direction-changing characters. The rules are the engine's
// (worksheet/drafts.py ADDRESS_RULES, carried in the field schema); the page only shows them.
// The typed text is never changed: the message says what to fix.

import { FORM, SCHEMA } from "./state.js";
import { h } from "./util.js";

const ADDRESSES = SCHEMA.addresses || { fields: [], rules: [], pattern: "", hint: "" };
const FIELDS = new Set(ADDRESSES.fields);
const RULES = ADDRESSES.rules.map(([pattern, message]) => [new RegExp(pattern), message]);
const SHAPE = ADDRESSES.pattern ? new RegExp(ADDRESSES.pattern) : null;

// Why `text` is not one plain address, or "" (also for an empty field).
export function addressProblem(text) {
  const address = String(text || "").trim();
  if (!address) return "";
  for (const [pattern, message] of RULES) if (pattern.test(address)) return message;
  return SHAPE && !SHAPE.test(address) ? ADDRESSES.hint : "";
}

function isAddress(control) {
  if (!control || control.tagName !== "INPUT") return false;
  const box = control.closest("fieldset[data-list]");
  const key = box ? `${box.dataset.list}.${control.dataset.item}` : control.dataset.key;
  return FIELDS.has(key);
}

function describedBy(control, id, on) {
  const ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== id);
  if (on) ids.push(id);
  if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
  else control.removeAttribute("aria-describedby");
}

// Show, change or remove the message under one address field.
export function checkAddress(control) {
  if (!isAddress(control) || !control.id) return;
  const id = `${control.id}-problem`;
  const problem = addressProblem(control.value);
  let note = document.getElementById(id);
  if (!problem) {
    if (note) note.remove();
    describedBy(control, id, false);
    return;
  }
  if (!note) {
    note = h("p", { class: "nr-help nr-field-problem", id });
    (control.closest(".nr-field") || control).after(note);
  }
  note.textContent = problem;
  describedBy(control, id, true);
}

// Every address field in the form (after an entry is shown).
export function checkAddresses() {
  for (const control of FORM.querySelectorAll("input")) if (isAddress(control)) checkAddress(control);
}

export function bindAddresses() {
  // Said when the person leaves the field, not while they type; updated as they fix it.
  FORM.addEventListener("focusout", (event) => checkAddress(event.target));
  FORM.addEventListener("input", (event) => {
    if (event.target.id && document.getElementById(`${event.target.id}-problem`)) checkAddress(event.target);
  });
}
