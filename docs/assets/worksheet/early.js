// Next Round worksheet: keep what was typed before the page's main script took over.
//
// The form is in the HTML and the stored entry is written into it before the first paint
// (prefill.js), as the controls' defaults. If the person leaves or reloads before app.js has
// bound the form, this tiny module (async in <head>, no imports, so it runs as soon as it
// arrives) copies every control that differs from its default (and "Your name") into its own
// storage key on pagehide, together with that default (what the person saw) and the entry it belongs to.
// app.js merges those edits into the stored entry (tabmerge.js) and removes the copy.

// The key comes from the page's generated field schema (nr-field-schema, in the HTML right
// after the form), read when needed: this module may run before that is parsed.
export function pendingKey() {
  try {
    return JSON.parse(document.getElementById("nr-field-schema").textContent).storage.pending;
  } catch (err) {
    return null;
  }
}
const PAGE = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

function rowBox(control) {
  const row = control.closest("li.nr-row");
  const box = control.closest("fieldset[data-list]");
  return row && box ? { row, box } : null;
}

function valueOf(control, which) {
  if (control.type === "checkbox") return which === "now" ? control.checked : control.defaultChecked;
  if (control.tagName === "SELECT") {
    if (which === "now") return control.value;
    const initial = [...control.options].find((o) => o.defaultSelected) || control.options[0];
    return initial ? initial.value : "";
  }
  return which === "now" ? control.value : control.defaultValue;
}

function rowValue(row, which) {
  const controls = [...row.querySelectorAll("[data-item]")];
  if (controls.length === 1 && controls[0].dataset.item === "") return valueOf(controls[0], which);
  const item = {};
  for (const control of controls) item[control.dataset.item] = valueOf(control, which);
  return item;
}

// Every edit made in the form that its defaults do not show: scalar fields as
// {key, value, base}, ratings as {key, value, base} with numbers or null, list rows as
// {key, index, value, base} with the whole row.
export function typedControls(form) {
  const edits = [];
  if (!form) return edits;
  const rows = new Set();
  const ratings = new Set();
  for (const control of form.querySelectorAll("input, textarea, select")) {
    const inRow = rowBox(control);
    if (inRow) {
      if (!rows.has(inRow.row) && valueOf(control, "now") !== valueOf(control, "base")) rows.add(inRow.row);
      continue;
    }
    const key = control.dataset.key;
    if (!key) continue;
    if (control.type === "radio") {
      if (control.checked !== control.defaultChecked) ratings.add(key);
      continue;
    }
    const value = valueOf(control, "now");
    const base = valueOf(control, "base");
    if (value !== base) edits.push({ key, value, base });
  }
  for (const key of ratings) {
    const radios = [...form.querySelectorAll(`input[type="radio"][data-key="${key}"]`)];
    const pick = (r) => (r && r.value ? Number(r.value) : null);
    edits.push({ key, value: pick(radios.find((r) => r.checked)), base: pick(radios.find((r) => r.defaultChecked)) });
  }
  for (const row of rows) {
    edits.push({
      key: row.closest("fieldset[data-list]").dataset.list,
      index: Number(row.dataset.index),
      value: rowValue(row, "now"),
      base: rowValue(row, "base"),
    });
  }
  return edits;
}

// "Your name" (a document setting, outside the form) as an edit like the form's:
// [{key: "settings.your_name", value, base}] when it differs from what it showed, else [].
export const YOUR_NAME_KEY = "settings.your_name";
export function typedName() {
  const box = document.getElementById("nr-your-name");
  if (!box || box.value === box.defaultValue) return [];
  return [{ key: YOUR_NAME_KEY, value: box.value, base: box.defaultValue }];
}

// The entry the form showed: prefill.js names it; none means the form showed an empty entry.
export function shownEntry() {
  const root = document.getElementById("nr-worksheet");
  return (root && root.dataset.prefilled) || null;
}

export function readPending() {
  try {
    const key = pendingKey();
    const parsed = key ? JSON.parse(localStorage.getItem(key) || "null") : null;
    return parsed && Array.isArray(parsed.batches) ? parsed.batches : [];
  } catch (err) {
    return [];
  }
}

function stash() {
  const root = document.getElementById("nr-worksheet");
  if (root && root.dataset.bound === "true") return; // app.js saves now
  const edits = typedControls(document.getElementById("nr-form")).concat(typedName());
  if (!edits.length) return;
  // Earlier pages' batches stay: each is merged in turn when the page next starts.
  const batches = readPending().filter((b) => b.page !== PAGE);
  batches.push({ page: PAGE, saved: new Date().toISOString(), entry: shownEntry(), edits });
  const key = pendingKey();
  if (!key) return;
  try {
    localStorage.setItem(key, JSON.stringify({ batches }));
  } catch (err) {
    // Storage blocked or full: nothing more can be done before the page goes.
  }
}

window.addEventListener("pagehide", stash);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") stash();
});
