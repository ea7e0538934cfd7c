// Next Round worksheet: the status lines, messages and the one dialog.

import { $, h } from "./util.js";

export function setPythonStatus(text) {
  $("nr-python-status").textContent = text;
}

export function setSaved(text) {
  $("nr-saved").textContent = text;
}

// The page's one polite live region: every message is also said here, so a screen reader
// hears it wherever on the page it appears.
function announce(text) {
  let live = $("nr-live");
  if (!live) {
    live = h("div", { id: "nr-live", class: "nr-visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
    document.body.append(live);
  }
  live.textContent = "";
  setTimeout(() => { live.textContent = text; }, 50); // a change, so it is read even if repeated
}

// One message per id: role=alert for faults that need attention, role=status otherwise.
// `near`: the control the message is about; the message goes right after the block that holds
// it (so it is seen where the person is looking), else at the top of the worksheet.
export function showMessage(id, { role = "alert", text, actions = [], near = null }) {
  const existing = $(`nr-msg-${id}`);
  // The same message again: leave it in place (a button in it may be being clicked).
  if (existing && existing.dataset.text === text) return existing;
  clearMessage(id);
  const box = h("div", { class: `nr-message nr-message--${role === "alert" ? "alert" : "status"}`, id: `nr-msg-${id}`, role },
    h("p", { text }),
    actions.length ? h("p", { class: "nr-message-actions" },
      actions.map((a) => h("button", { type: "button", class: "md-button", on: { click: a.onClick } }, a.label))) : null);
  box.dataset.text = text;
  const anchor = near ? near.closest("p, fieldset, .nr-field") || near : null;
  if (anchor) {
    // After the block, and after any message already placed there.
    let after = anchor;
    while (after.nextElementSibling && after.nextElementSibling.classList.contains("nr-message")) after = after.nextElementSibling;
    after.after(box);
  } else {
    $("nr-alerts").append(box);
  }
  announce(text);
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
  // Enter in a field means "OK" (the form's first button, which the browser would pick, is Cancel).
  const onKey = (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    const t = event.target;
    if (t.tagName === "TEXTAREA" || t.tagName === "BUTTON" || t.tagName === "A") return;
    event.preventDefault();
    dialog.close("ok");
  };
  holder.addEventListener("keydown", onKey);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      holder.removeEventListener("keydown", onKey);
      const result = { ok: dialog.returnValue === "ok", form: holder };
      resolve(result);
      setTimeout(() => holder.replaceChildren(), 0);
    }, { once: true });
    dialog.returnValue = "cancel";
    dialog.showModal();
  });
}
