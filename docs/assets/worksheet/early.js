// Next Round worksheet: keep what was typed before the page's main script took over.
//
// The form is in the HTML, so a person can type at first paint. If they leave or reload
// before app.js has bound the form, this tiny module (async in <head>, no imports, so it runs
// as soon as it arrives) copies whatever differs from the HTML's defaults into its own
// storage key on pagehide. app.js applies and removes that copy when it starts.

export const PENDING_KEY = "nextround.worksheet.pending";

export function typedControls(form) {
  const typed = [];
  if (!form) return typed;
  for (const control of form.querySelectorAll("input, textarea, select")) {
    if (!control.id) continue;
    if (control.type === "checkbox") {
      if (control.checked !== control.defaultChecked) typed.push({ id: control.id, checked: control.checked });
    } else if (control.type === "radio") {
      if (control.checked && !control.defaultChecked) typed.push({ id: control.id, checked: true });
    } else if (control.tagName === "SELECT") {
      const initial = [...control.options].find((o) => o.defaultSelected) || control.options[0];
      if (initial && control.value !== initial.value) typed.push({ id: control.id, value: control.value });
    } else if (control.value !== control.defaultValue) {
      typed.push({ id: control.id, value: control.value });
    }
  }
  return typed;
}

function stash() {
  const root = document.getElementById("nr-worksheet");
  if (root && root.dataset.bound === "true") return; // app.js saves now
  const typed = typedControls(document.getElementById("nr-form"));
  if (!typed.length) return;
  try {
    localStorage.setItem(PENDING_KEY, JSON.stringify({ saved: new Date().toISOString(), typed }));
  } catch (err) {
    // Storage blocked or full: nothing more can be done before the page goes.
  }
}

window.addEventListener("pagehide", stash);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") stash();
});
