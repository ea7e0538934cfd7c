// Next Round worksheet: the steps as a task list, and one step at a time on a phone.
//
// The page's address says what is on screen: `#step-3` is step 3, `#nr-tasks` the overview
// (the task list and everything else). Links change it, so the browser's Back and Next move
// between steps and a reload stays put. The worksheet root carries `data-view` (1 to 5, or
// "all"); worksheet.css shows one step at a time only on a narrow screen, so wider screens
// and pages without JavaScript keep the whole form. Each entry reopens on the step last used
// (its own localStorage key, outside the stored document). The task list's states come from
// what the open entry holds: not started, in progress, done (form.py's DONE_KEYS).

import { FIELDS, KEYS, SCHEMA, state, activeEntry } from "./state.js";
import { $, getPath, isEmpty } from "./util.js";
import { saveNow } from "./saving.js";

export const STEP_KEY = KEYS.steps;
const KEEP = 200; // entries remembered at most
const ROOT = $("nr-worksheet");
const COUNT = SCHEMA.steps.length;

let view = null; // 1..COUNT or "all"
let shownId = null; // the entry whose step is on screen
let startView = 1; // what the page opened on when its address named no step

function readSteps() {
  try {
    const parsed = JSON.parse(localStorage.getItem(STEP_KEY) || "{}");
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  } catch (err) {
    return {};
  }
}

export function lastStep(id) {
  const n = Number(readSteps()[id]);
  return Number.isInteger(n) && n >= 1 && n <= COUNT ? n : 1;
}

function rememberStep(id, n) {
  const steps = readSteps();
  delete steps[id];
  steps[id] = n;
  const ids = Object.keys(steps);
  for (const old of ids.slice(0, Math.max(0, ids.length - KEEP))) delete steps[old];
  try {
    localStorage.setItem(STEP_KEY, JSON.stringify(steps));
  } catch (err) {
    // Storage full or blocked: the entry opens on step 1 next time, nothing else is lost.
  }
}

export function stepState(entry, step) {
  const filled = (key) => !isEmpty(FIELDS.get(key), getPath(entry, key));
  if (step.done && step.done.length && step.done.every(filled)) return "done";
  return step.keys.some(filled) ? "in progress" : "not started";
}

// Each optional group's summary says how much of it is filled, so a folded group never hides
// what it holds.
export function updateFolds() {
  for (const fold of document.querySelectorAll("#nr-form details[data-fold]")) {
    const questions = new Map();
    for (const control of fold.querySelectorAll("input, textarea, select")) {
      const name = control.type === "radio" ? control.name : control.id;
      const filled = control.type === "radio" ? control.checked && control.value !== ""
        : control.type === "checkbox" ? control.checked : control.value.trim() !== "";
      questions.set(name, questions.get(name) || filled);
    }
    const done = [...questions.values()].filter(Boolean).length;
    const words = done ? ` (${done} of ${questions.size} filled)` : " (nothing filled yet)";
    const count = fold.querySelector(".nr-fold-count");
    if (count && count.textContent !== words) count.textContent = words;
  }
}

export function updateTasks() {
  updateFolds();
  const entry = activeEntry();
  for (const step of SCHEMA.steps) {
    const line = $(`nr-task-${step.number}-state`);
    if (!line) continue;
    const words = stepState(entry, step);
    if (line.textContent !== words) line.textContent = words;
    line.dataset.state = words.replace(" ", "-");
  }
}

// What an address asks for: a step number, "all", or null (not about the steps).
function viewOf(hash) {
  const id = decodeURIComponent(String(hash || "").replace(/^#/, ""));
  if (!id) return null;
  const match = /^step-(\d+)$/.exec(id);
  if (match) {
    const n = Number(match[1]);
    return n >= 1 && n <= COUNT ? n : null;
  }
  if (id === "nr-tasks") return "all";
  const target = document.getElementById(id);
  const section = target && target.closest(".nr-step");
  return section ? Number(section.dataset.step) : null;
}

function setLink(link, n) {
  if (n >= 1 && n <= COUNT) {
    link.hidden = false;
    link.href = `#step-${n}`;
    const step = SCHEMA.steps[n - 1];
    link.setAttribute("aria-label", `${link.id === "nr-step-back" ? "Back" : "Next"}: step ${n}, ${step.title}`);
  } else {
    link.hidden = true;
  }
}

function show(next) {
  view = next;
  ROOT.dataset.view = String(next);
  for (const section of document.querySelectorAll(".nr-step")) {
    section.classList.toggle("nr-step--current", next === "all" || Number(section.dataset.step) === next);
  }
  for (const link of document.querySelectorAll("#nr-tasks a[href^='#step-']")) {
    if (link.getAttribute("href") === `#step-${next}`) link.setAttribute("aria-current", "step");
    else link.removeAttribute("aria-current");
  }
  const n = next === "all" ? 0 : next;
  $("nr-step-where").textContent = n ? `(step ${n} of ${COUNT})` : "";
  setLink($("nr-step-back"), n ? n - 1 : 0);
  setLink($("nr-step-next"), n ? n + 1 : 0);
  if (next !== "all") rememberStep(activeEntry().id, next);
}

// Where a view starts on screen: the task list, or the "All steps" line above the step.
function top(next) {
  return next === "all" ? $("nr-tasks") : $("nr-step-top");
}

function oneAtATime() {
  return window.matchMedia("(max-width: 44.9375em)").matches;
}

// Move to what the address names, after the person asked for it: the step's heading (or the
// task list's) takes focus, so a keyboard or screen reader lands where the page changed.
function follow() {
  const next = location.hash ? viewOf(location.hash) : startView; // back to the address without a step
  if (next === null) return;
  if (state.dirty) saveNow(); // typed a moment ago: in storage before the step closes
  show(next);
  const target = next === "all" ? $("nr-tasks-title") : $(`step-${next}-title`);
  const id = decodeURIComponent(location.hash.slice(1));
  const wanted = document.getElementById(id);
  if (wanted && !/^step-\d+$|^nr-tasks$/.test(id)) {
    wanted.scrollIntoView({ block: "start" }); // a field or part of a step: the browser's own place
    return;
  }
  target.setAttribute("tabindex", "-1");
  if (oneAtATime()) top(next).scrollIntoView({ block: "start" });
  target.focus({ preventScroll: oneAtATime() });
}

// The entry shown changed (switched, created, deleted, imported): its own last step.
// Another tab's save of the same entry changes nothing here (two tabs, two steps).
export function reopenStep() {
  updateTasks();
  const id = activeEntry().id;
  if (view === null || id === shownId) return;
  shownId = id;
  if (view === "all") return;
  const n = lastStep(id);
  if (n === view) return;
  if (viewOf(location.hash) !== null) history.replaceState(history.state, "", `#step-${n}`);
  show(n);
  if (oneAtATime()) top(n).scrollIntoView({ block: "start" });
}

// At start: the address's step, or the entry's last one (the address is left as it is, so
// the keyboard's first Tab still starts at the top). Focus stays where it is (the person may
// be typing already).
export function startSteps() {
  const asked = viewOf(location.hash);
  shownId = activeEntry().id;
  const n = asked === null ? lastStep(shownId) : asked;
  if (!location.hash) startView = n;
  show(n);
  if (oneAtATime() && n !== 1) top(n).scrollIntoView({ block: "start" });
  updateTasks();
  window.addEventListener("hashchange", follow);
}
