// Next Round worksheet: the status lines, messages and the one dialog.

import { $, h } from "./util.js";

export function setPythonStatus(text) {
  $("nr-python-status").textContent = text;
}

export function setSaved(text) {
  $("nr-saved").textContent = text;
}

// One message per id: role=alert for faults that need attention, role=status otherwise.
export function showMessage(id, { role = "alert", text, actions = [] }) {
  const existing = $(`nr-msg-${id}`);
  // The same message again: leave it in place (a button in it may be being clicked).
  if (existing && existing.dataset.text === text) return existing;
  clearMessage(id);
  const box = h("div", { class: `nr-message nr-message--${role === "alert" ? "alert" : "status"}`, id: `nr-msg-${id}`, role },
    h("p", { text }),
    actions.length ? h("p", { class: "nr-message-actions" },
      actions.map((a) => h("button", { type: "button", class: "md-button", on: { click: a.onClick } }, a.label))) : null);
  box.dataset.text = text;
  $("nr-alerts").append(box);
  return box;
}

export function clearMessage(id) {
  const old = $(`nr-msg-${id}`);
  if (old) old.remove();
}

export function ask({ title, body, ok, cancel = "Cancel", danger = false }) {
  const dialog = $("nr-dialog");
  $("nr-dialog-title").textContent = title;
  const holder = $("nr-dialog-body");
  holder.replaceChildren(...[body].flat(3).filter((node) => node !== null && node !== undefined && node !== false));
  const okButton = $("nr-dialog-ok");
  okButton.textContent = ok;
  okButton.classList.toggle("nr-danger", danger);
  $("nr-dialog-cancel").textContent = cancel;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const result = { ok: dialog.returnValue === "ok", form: holder };
      resolve(result);
      setTimeout(() => holder.replaceChildren(), 0);
    }, { once: true });
    dialog.returnValue = "cancel";
    dialog.showModal();
  });
}
