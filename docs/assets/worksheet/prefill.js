// Next Round worksheet: put the stored entry on screen before the first paint.
// A classic script inlined right after the form, the "Your name" field and the page's
// generated field schema (nextround_site/form.py), which names the storage keys: it runs while
// the page is still being parsed, before anything can be typed, and needs no other file. It
// writes the stored values as the controls' *defaults* (defaultValue, defaultChecked, defaultSelected),
// so later scripts can tell what the person typed (value differs from default) from what was
// stored. It never touches a control that already differs from its default (typed into), and
// any fault leaves the form as it was: app.js does the full, careful load either way.
(function () {
  "use strict";
  performance.mark("nr-prefill-start");
  var root = document.getElementById("nr-worksheet");
  var form = document.getElementById("nr-form");
  if (!root || !form) return;
  var doc;
  var keys;
  try {
    keys = JSON.parse(document.getElementById("nr-field-schema").textContent).storage;
    var text = localStorage.getItem(keys.document);
    if (!text) return;
    doc = JSON.parse(text);
  } catch (err) {
    return;
  }
  if (!doc || doc.schema !== root.dataset.schema || doc.version !== Number(root.dataset.schemaVersion) || !Array.isArray(doc.entries)) return;
  var wanted = null;
  try {
    wanted = sessionStorage.getItem(keys.tab_entry);
  } catch (err) {
    wanted = null;
  }
  var settings = doc.settings && typeof doc.settings === "object" ? doc.settings : {};
  // "Your name" (a document setting, just above this script) is shown the same way.
  var yourName = document.getElementById("nr-your-name");
  if (yourName && typeof settings.your_name === "string" && yourName.value === yourName.defaultValue) {
    yourName.defaultValue = settings.your_name;
  }
  var entry = null;
  for (var i = 0; i < doc.entries.length; i++) {
    var e = doc.entries[i];
    if (e && typeof e === "object" && (e.id === wanted || (!entry && e.id === settings.active_entry))) entry = e;
    if (entry && entry.id === wanted) break;
  }
  if (!entry) entry = doc.entries[0];
  if (!entry || typeof entry !== "object" || typeof entry.id !== "string") return;

  function get(key) {
    var node = entry;
    var parts = key.split(".");
    for (var p = 0; p < parts.length; p++) {
      if (node === null || typeof node !== "object") return undefined;
      node = node[parts[p]];
    }
    return node;
  }
  function typed(control) {
    if (control.type === "checkbox" || control.type === "radio") return control.checked !== control.defaultChecked;
    if (control.tagName === "SELECT") {
      for (var o = 0; o < control.options.length; o++) if (control.options[o].selected !== control.options[o].defaultSelected) return true;
      return false;
    }
    return control.value !== control.defaultValue;
  }
  function put(control, value) {
    if (typed(control)) return;
    if (control.type === "checkbox") control.defaultChecked = value === true;
    else if (control.tagName === "SELECT") {
      var known = false;
      for (var o = 0; o < control.options.length; o++) if (control.options[o].value === value) known = true;
      if (!known) return; // an unknown choice: app.js keeps it aside and says so
      for (var q = 0; q < control.options.length; q++) control.options[q].defaultSelected = control.options[q].value === value;
    } else if (typeof value === "string") {
      var before = control.defaultValue;
      control.defaultValue = value;
      if (control.value !== value) control.defaultValue = before; // e.g. a date the control cannot show
    }
  }
  function fillRow(row, item) {
    var controls = row.querySelectorAll("[data-item]");
    for (var c = 0; c < controls.length; c++) {
      var sub = controls[c].dataset.item;
      put(controls[c], sub ? (item && typeof item === "object" ? item[sub] : undefined) : item);
    }
  }
  function newRow(box, index) {
    var template = box.querySelector("template[data-row-template]");
    var row = template.content.cloneNode(true).firstElementChild;
    var fill = function (s) { return s.split("__NUM__").join(String(index + 1)).split("__N__").join(String(index)); };
    var nodes = [row].concat(Array.prototype.slice.call(row.querySelectorAll("*")));
    for (var n = 0; n < nodes.length; n++) {
      for (var a = 0; a < nodes[n].attributes.length; a++) {
        var attr = nodes[n].attributes[a];
        if (attr.value.indexOf("__") >= 0) attr.value = fill(attr.value);
      }
      for (var t = nodes[n].firstChild; t; t = t.nextSibling) if (t.nodeType === 3 && t.data.indexOf("__") >= 0) t.data = fill(t.data);
    }
    return row;
  }

  try {
    var boxes = form.querySelectorAll("fieldset[data-list]");
    for (var b = 0; b < boxes.length; b++) {
      var items = get(boxes[b].dataset.list);
      if (!Array.isArray(items)) continue;
      var list = boxes[b].querySelector("ol.nr-rows");
      for (var r = list.children.length; r < items.length; r++) list.append(newRow(boxes[b], r));
      for (var k = 0; k < list.children.length; k++) fillRow(list.children[k], items[k]);
    }
    var controls = form.querySelectorAll("[data-key]");
    var groups = {};
    for (var x = 0; x < controls.length; x++) {
      var control = controls[x];
      if (control.type !== "radio") put(control, get(control.dataset.key));
      else (groups[control.dataset.key] = groups[control.dataset.key] || []).push(control);
    }
    for (var key in groups) {
      var radios = groups[key];
      var rating = get(key);
      rating = rating === null || rating === undefined ? "" : String(rating);
      if (radios.some(typed) || !radios.some(function (radio) { return radio.value === rating; })) continue;
      for (var y = 0; y < radios.length; y++) radios[y].defaultChecked = radios[y].value === rating;
    }
    root.dataset.prefilled = entry.id;
  } catch (err) {
    // Something unexpected in the stored data: app.js reads it properly in a moment.
  }
  performance.mark("nr-prefill-done");
})();
// Optional groups (<details data-fold>, open in the HTML so the whole form shows without
// JavaScript) fold away on a narrow screen when nothing in them holds a value: a group that
// holds text is never hidden. Runs before the first paint, so nothing moves later.
(function () {
  "use strict";
  var form = document.getElementById("nr-form");
  if (!form || !window.matchMedia || !window.matchMedia("(max-width: 44.9375em)").matches) return;
  var folds = form.querySelectorAll("details[data-fold]");
  for (var i = 0; i < folds.length; i++) {
    var held = false;
    var controls = folds[i].querySelectorAll("input, textarea, select");
    for (var c = 0; c < controls.length; c++) {
      var control = controls[c];
      if (control.type === "radio") held = held || (control.checked && control.value !== "");
      else if (control.type === "checkbox") held = held || control.checked;
      else held = held || control.value !== "";
    }
    if (!held) folds[i].open = false;
  }
})();
