// Next Round worksheet: the job-search record (CSV export and "Print my job-search record") and
// the "Is this normal?" part of the insights. Python builds everything (worksheet/record.py,
// worksheet/insights.py); this module only shows it, through textContent.

import { state } from "./state.js";
import { $, h, clone, download, localNowISO, printSheet } from "./util.js";
import { api } from "./python.js";

const PRINTING = "nr-printing-record"; // on <html> while the record is what prints

function say(text) {
  $("nr-record-status").textContent = text;
}

async function fetchRecord(format) {
  if (state.pythonState !== "ready") {
    say("Still loading: try again in a moment, when the status at the top says Ready.");
    return null;
  }
  const response = await api({ op: "export", doc: clone(state.doc), format, entry_id: null, now: localNowISO() });
  if (!response.ok) {
    say(`That did not work: ${response.error.message}`);
    return null;
  }
  say("");
  return response;
}

export async function exportRecordCSV() {
  const file = await fetchRecord("csv");
  if (file) {
    download(file.filename, file.mime, file.text);
    say(`Downloaded ${file.filename}.`);
  }
}

function table(columns, rows, caption) {
  return h("table", { class: "nr-record-table" },
    h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", text: c })))),
    h("tbody", {}, rows.map((row) => h("tr", {}, row.map((cell) => h("td", { text: cell }))))));
}

export function buildRecordSheet(view) {
  const parts = [h("h1", { text: view.title })];
  if (view.name) parts.push(h("p", { class: "nr-record-name", text: view.name }));
  if (view.range_text) parts.push(h("p", { class: "nr-record-range", text: view.range_text }));
  parts.push(h("p", { class: "nr-record-note", text: view.note }));
  if (view.rows.length) parts.push(table(view.columns, view.rows, "Dated activities, oldest first"));
  else parts.push(h("p", { text: view.empty }));
  if (view.undated_rows.length) {
    parts.push(h("h2", { text: "Not dated yet" }),
      table(view.columns, view.undated_rows, "Activities written down without a date"));
  }
  parts.push(h("p", { class: "nr-print-foot", text: `Made with Next Round on ${view.made_on}.` }));
  printSheet("nr-record-print").replaceChildren(...parts);
}

export async function printRecord() {
  const response = await fetchRecord("record");
  if (!response) return;
  buildRecordSheet(response.record);
  document.documentElement.classList.add(PRINTING);
  window.print();
}

// "Is this normal?" lines and the chart's empty state, from compute's insights.
export function renderNormal(insights) {
  const lines = (insights && insights.normal) || [];
  const box = $("nr-normal");
  box.hidden = !lines.length;
  $("nr-normal-lines").replaceChildren(...lines.map((line) => h("li", { text: line })));
  const note = (insights && insights.chart_note) || "";
  $("nr-chart-note").textContent = note;
  $("nr-chart-note").hidden = !note;
}

export function bindRecord() {
  // The controls need Python, so they are added here rather than in the built HTML.
  const csv = h("button", { type: "button", class: "md-button", id: "nr-export-record-csv", text: "Export job-search record (CSV)" });
  const print = h("button", { type: "button", class: "md-button", id: "nr-print-record", text: "Print my job-search record" });
  $("nr-print-btn").after(" ", csv, " ", print);
  $("nr-print-btn").closest("p").after(
    h("p", { class: "nr-help", text: "The job-search record lists every dated step (applied, interviews, follow-ups, answers) for a benefit office or your own files." }),
    h("p", { id: "nr-record-status", role: "status" }));
  csv.addEventListener("click", exportRecordCSV);
  print.addEventListener("click", printRecord);

  const chart = $("nr-chart");
  chart.after(h("p", { id: "nr-chart-note", class: "nr-help", hidden: true }));
  chart.closest("section").append(h("div", { id: "nr-normal", hidden: true },
    h("h3", { text: "Is this normal?" }),
    h("p", { class: "nr-help", text: "Compared only with your own interviews: there is no outside average here." }),
    h("ul", { id: "nr-normal-lines" })));

  window.addEventListener("afterprint", () => document.documentElement.classList.remove(PRINTING));
}
