// Next Round worksheet: what helps on a phone.
//
// - Storage: a plain-words line under "Saving" that says whether the browser agreed to keep
//   this site's storage (navigator.storage.persisted(); saving.js asks with persist() after
//   the first save). Browsers without navigator.storage (WebKitGTK) get a careful answer.
// - "Keep it on your phone": a small hint, shown once real work is saved, never on arrival.
//   On iPhone: Add to Home Screen (Safari's seven-day clean-up does not touch a Home Screen
//   web app). Elsewhere: Install (the browser's own prompt when it offers one). "Hide this"
//   keeps it hidden for good (its own localStorage key). It promises "works without a
//   connection" only once the offline copy is saved (javascripts/offline.js), and otherwise
//   says what is true: being saved, could not be saved, or not kept by this browser.
// - The backup: on a phone, Export backup offers the share sheet with the file when the
//   browser can share files (save to Files, mail it to yourself); otherwise it downloads.
// - The backup reminder: back after seven days without a backup, saying when the last was.

import { KEYS, SCHEMA, state } from "./state.js";
import { keptCopies } from "./store.js";
import { $, h, download, getPath, isEmpty, keepStill } from "./util.js";

export const HINT_KEY = KEYS.phone_hint;
export const BACKUP_REMINDER_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

let installPrompt = null;

export function hasRealWork(doc) {
  if (!doc || !Array.isArray(doc.entries)) return false;
  return doc.entries.some((entry) => SCHEMA.fields.some((field) => !isEmpty(field, getPath(entry, field.key))));
}

function longDate(ms) {
  return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
}

function daysWord(days) {
  return days === 1 ? "1 day" : `${days} days`;
}

// " (the last one was on 3 November 2026)", or "" when there has been none.
export function lastBackupNote(doc) {
  const last = Date.parse((doc && doc.settings && doc.settings.last_export) || "");
  return Number.isFinite(last) ? ` (the last one was on ${longDate(last)})` : "";
}

// Whole days from `then` to `now`: a date in the future (a clock that was ahead) counts as now.
function daysSince(then, now) {
  return Math.max(Math.floor((now - Math.min(then, now)) / DAY_MS), 0);
}

// The reminder text when the last backup (or, with none, the first entry) is seven or more
// days old and there is real work to lose; otherwise null.
export function staleBackupReminder(doc, now = Date.now()) {
  if (!hasRealWork(doc)) return null;
  const last = Date.parse(doc.settings.last_export || "");
  if (Number.isFinite(last)) {
    const days = daysSince(last, now);
    if (days < BACKUP_REMINDER_DAYS) return null;
    return `Your last backup was on ${longDate(Math.min(last, now))}, ${daysWord(days)} ago. Export a backup to keep a copy of what you have written since.`;
  }
  const created = doc.entries.map((e) => Date.parse(e.created || "")).filter(Number.isFinite);
  if (!created.length) return null;
  const days = daysSince(Math.min(...created), now);
  if (days < BACKUP_REMINDER_DAYS) return null;
  return `You started this worksheet ${daysWord(days)} ago and have not exported a backup yet. Export a backup to keep a copy outside this browser.`;
}

// More than this far ahead, a date the reminder counts from was written by a clock that ran ahead.
const AHEAD_MS = 60 * 60 * 1000;

// Dates the reminder counts from that lie in the future (the last backup, the entries' start)
// become now, so the seven days count from today rather than from that future day. Changes
// `doc` in place; true when it changed anything (the caller saves).
export function settleFutureDates(doc, now = Date.now()) {
  if (!doc || !doc.settings || !Array.isArray(doc.entries)) return false;
  const ahead = (iso) => {
    const when = Date.parse(iso || "");
    return Number.isFinite(when) && when - now > AHEAD_MS;
  };
  const stamp = new Date(now).toISOString();
  let changed = false;
  if (ahead(doc.settings.last_export)) {
    doc.settings.last_export = stamp;
    changed = true;
  }
  for (const entry of doc.entries) {
    if (entry && typeof entry === "object" && ahead(entry.created)) {
      entry.created = stamp;
      changed = true;
    }
  }
  return changed;
}

function onPhone() {
  return window.matchMedia("(pointer: coarse)").matches;
}

// Hand a file to the person: the share sheet on a phone that can share it, else a download.
// Resolves false only when the person closed the share sheet without choosing anything.
export async function deliverFile({ filename, mime, text }) {
  if (onPhone() && typeof navigator.canShare === "function" && typeof navigator.share === "function") {
    const file = new File([text], filename, { type: mime });
    let can = false;
    try {
      can = navigator.canShare({ files: [file] });
    } catch (err) {
      can = false;
    }
    if (can) {
      try {
        await navigator.share({ files: [file], title: "Next Round backup" });
        return true;
      } catch (err) {
        if (err && err.name === "AbortError") return false;
        // Not allowed here (e.g. the tap was too long ago): download instead.
      }
    }
  }
  download(filename, mime, text);
  return true;
}

// ---- storage status -------------------------------------------------------------------------

const STORAGE_WORDS = {
  kept: "Your browser has agreed to keep these entries until you delete them.",
  mayClear: "Your browser may clear these entries if space runs low or you stay away a long time. Keep a backup.",
  unknown: "This browser does not say whether it will keep these entries. Keep a backup.",
  silent: "This browser has not said whether it will keep these entries. Keep a backup.",
};

// How long to wait for persisted(): some browsers never answer it.
export const STORAGE_ANSWER_MS = 3000;

export async function storageState() {
  const storage = navigator.storage;
  if (!storage || typeof storage.persisted !== "function") return "unknown";
  let timer = null;
  const silence = new Promise((resolve) => { timer = setTimeout(() => resolve("silent"), STORAGE_ANSWER_MS); });
  try {
    const answer = await Promise.race([storage.persisted().then((kept) => (kept ? "kept" : "mayClear")), silence]);
    return answer;
  } catch (err) {
    return "unknown";
  } finally {
    clearTimeout(timer);
  }
}

// The copies kept aside take room in this browser's storage too: say how many and how much.
function keptNote() {
  const kept = keptCopies();
  if (!kept.length) return "";
  const chars = kept.reduce((sum, k) => sum + k.chars, 0);
  const size = chars < 1024 ? `${chars} characters` : `about ${Math.round(chars / 1024)} KB`;
  return ` ${kept.length === 1 ? "One copy is" : `${kept.length} copies are`} kept aside in this browser (${size}), listed at the top of the worksheet.`;
}

export async function showStorage() {
  let line = $("nr-storage");
  if (!line) {
    const saving = $("nr-saved").closest("p");
    line = h("p", { class: "nr-status", id: "nr-storage-line" }, "Storage: ", h("span", { id: "nr-storage" }));
    saving.after(line);
    line = $("nr-storage");
  }
  const kind = await storageState();
  line.textContent = STORAGE_WORDS[kind] + keptNote();
  line.dataset.state = kind;
  return kind;
}

// ---- "Keep it on your phone" ----------------------------------------------------------------

function hintDismissed() {
  try {
    return localStorage.getItem(HINT_KEY) === "dismissed";
  } catch (err) {
    return false;
  }
}

function installed() {
  return window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
}

function appleMobile() {
  const ua = navigator.userAgent;
  return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
}

// What is true about working without a connection, by the state javascripts/offline.js
// puts on <html data-nr-offline>. Before it has one, nothing is claimed.
const OFFLINE_WORDS = {
  none: "A copy of this site for use without a connection is being saved in this browser; until then, it needs a connection.",
  failed: "The copy of this site for use without a connection could not be saved this time, so for now it needs a connection. " +
    "It is tried again on the next page you open.",
  unavailable: "This browser is not keeping a copy of this site, so it needs a connection to open.",
};

function offlineState() {
  return document.documentElement.dataset.nrOffline || "";
}

function hintText(offline = offlineState(), apple = appleMobile()) {
  const kept = offline === "ready" || offline === "update";
  const note = OFFLINE_WORDS[offline] ? " " + OFFLINE_WORDS[offline] : "";
  if (apple) {
    return "Safari deletes what a site has stored after seven days of using Safari without a visit. " +
      "Add this page to your Home Screen (Share, then Add to Home Screen) and open it from there: " +
      (kept ? "your entries are kept, and it works without a connection." : "your entries are kept.") + note;
  }
  return "Install this site from your browser's menu (Install, or Add to Home screen). It then opens like an app, " +
    (kept ? "works without a connection, and your browser is more likely to keep your entries."
      : "and your browser is more likely to keep your entries.") + note;
}

// On arrival the hint goes under the status bar; once the person is writing it goes under
// the step's Back and Next, so nothing they are typing into moves down.
function showHint(where = "bar") {
  if ($("nr-phone-hint") || hintDismissed() || installed()) return;
  const hide = h("button", { type: "button", class: "md-button", text: "Hide this" });
  const install = installPrompt
    ? h("button", { type: "button", class: "md-button md-button--primary", text: "Install" })
    : null;
  const box = h("aside", { class: "nr-phone-hint", id: "nr-phone-hint", "aria-labelledby": "nr-phone-hint-title" },
    h("p", { class: "nr-phone-hint__title", id: "nr-phone-hint-title", text: "Keep it on your phone" }),
    h("p", { id: "nr-phone-hint-text", text: hintText() }),
    h("p", { class: "nr-phone-hint__actions" }, install, hide, " ",
      h("a", { href: "#keep-it-on-your-phone", text: "More about this" })));
  hide.addEventListener("click", () => {
    try {
      localStorage.setItem(HINT_KEY, "dismissed");
    } catch (err) {
      // Storage blocked: hidden for this visit only.
    }
    box.remove();
  });
  if (install) {
    install.addEventListener("click", async () => {
      const prompt = installPrompt;
      installPrompt = null;
      if (!prompt) return;
      await prompt.prompt();
      install.remove();
    });
  }
  keepStill(() => {
    if (where === "bar") $("nr-saved").closest(".nr-bar").after(box);
    else $("nr-step-nav").after(box);
  });
}

// ---- wiring ---------------------------------------------------------------------------------

let typingTimer = null;

function afterSave() {
  if (!hasRealWork(state.doc)) return;
  showStorage();
  // Not in the middle of a sentence: wait until the person pauses.
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => showHint("below"), 2000);
}

export function startPhone() {
  // The offline copy's state can change while the hint shows (saved, or failed).
  window.addEventListener("nr-offline", () => {
    const text = $("nr-phone-hint-text");
    if (text) text.textContent = hintText();
  });
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // offered from the hint instead of at once
    installPrompt = event;
  });
  if (hasRealWork(state.doc)) {
    showStorage();
    showHint();
  }
  // saving.js writes the outcome of every save into #nr-saved: look again after each one
  // (it asks for persistent storage after the first, so the answer can change then).
  const saved = $("nr-saved");
  new MutationObserver(() => {
    if (/^Saved at|Backup/.test(saved.textContent)) setTimeout(afterSave, 300);
  }).observe(saved, { childList: true, characterData: true, subtree: true });
}
