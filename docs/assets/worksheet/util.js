// Next Round worksheet: small helpers with no state (DOM building, dates, dotted keys).
//
// h() builds elements through DOM APIs only: user text becomes text nodes or attribute
// values, never markup. It stays instead of a template library (see README, "Page modules").

export const $ = (id) => document.getElementById(id);
export const readJSON = (id) => JSON.parse($(id).textContent);
export const clone = (value) => JSON.parse(JSON.stringify(value));

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "on") for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const pad = (n) => String(n).padStart(2, "0");
export const nowISO = () => new Date().toISOString();
export const clock = (d = new Date()) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
export const localToday = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
// Now in this browser's time zone, with its offset (2026-03-05T08:30:00+09:00): what the
// engine dates exported files and records by, so they carry the person's day, not UTC's.
export function localNowISO(d = new Date()) {
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${localToday(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export function getPath(obj, key) {
  let node = obj;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = node[part];
  }
  return node;
}

export function setPath(obj, key, value) {
  const parts = key.split(".");
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== "object" || Array.isArray(node[part])) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

export function isEmpty(field, value) {
  if (value === undefined || value === null || value === "" || value === false) return true;
  if (field.kind === "list") {
    return !Array.isArray(value) || value.every((item) => isEmptyItem(field, item));
  }
  return false;
}

export function isEmptyItem(field, item) {
  if (!field.item_fields || field.item_fields.length === 0) return typeof item !== "string" || item.trim() === "";
  if (!item || typeof item !== "object") return true;
  return field.item_fields.every((sub) => isEmpty(sub, item[sub.key]) || (typeof item[sub.key] === "string" && item[sub.key].trim() === ""));
}

export function download(filename, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// The sheet a printout shows (#nr-print, #nr-record-print): a direct child of <body>, so the
// print CSS can show it alone. It is moved (or made) there only when something prints: moving
// it while the page started made the browser restyle the whole worksheet.
export function printSheet(id) {
  const sheet = document.getElementById(id) || h("div", { id, class: "nr-print" });
  if (sheet.parentElement !== document.body) document.body.append(sheet);
  return sheet;
}

// Nothing moves under a finger: drafts, the plan and the "Keep it on your phone" hint appear
// above the export buttons (and the first two above the step's buttons). When the focused
// control, the export buttons or the step's buttons are on screen, in that order of choice,
// the page scrolls by what was added above that one, so it stays exactly where it was (what
// browsers with scroll anchoring do for content above the screen; Safari has none).
export function keepStill(render) {
  const onScreen = (el) => {
    if (!el || !el.isConnected || !el.checkVisibility()) return false;
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  };
  const focused = document.activeElement && document.activeElement !== document.body ? document.activeElement : null;
  const anchor = [focused, $("nr-tools"), $("nr-step-nav")].find((el) => onScreen(el) && !el.closest(".nr-results, .nr-step-result"));
  const before = anchor ? anchor.getBoundingClientRect().top : 0;
  render();
  if (!anchor) return;
  const moved = anchor.getBoundingClientRect().top - before;
  if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
}
