// Next Round worksheet: data kept aside in this browser. Stored data the page could not read
// (kept under its own key before anything may be written over it), the entries an import
// replaced, and the one message that lists every kept copy with Download and Remove.

import * as store from "./store.js";
import { KEYS, setMode } from "./state.js";
import { download, h, clock } from "./util.js";
import { ask, setSaved, showMessage, clearMessage } from "./messages.js";
import { exportAction } from "./saving.js";
import { showStorage } from "./phone.js";

// Unreadable stored data, now kept under `key`: say so, and offer it as a download.
export function offerAside(key, text, reason) {
  showMessage(`aside-${key}`, {
    text: `The worksheet saved in this browser could not be read (${reason}). It has been kept, unchanged, ` +
      "under a separate name, and a fresh worksheet has been started. Download the unreadable copy to keep it or to get help with it.",
    actions: [{ label: "Download the unreadable data", onClick: () => download(`next-round-unreadable-${key.slice(KEYS.unreadable_prefix.length)}.txt`, "text/plain", text) }],
  });
}

// Keep unreadable stored data aside; when even that fails, hold: nothing is written over it.
export function setAsideOrHold(text, reason) {
  const key = store.setAside(text);
  if (key) {
    offerAside(key, text, reason);
    return true;
  }
  setMode("hold", "unreadable data not kept aside");
  showHold(text, reason);
  return false;
}

export function showHold(text, reason) {
  setSaved("Not saved: the stored worksheet could not be read or copied aside");
  showMessage("hold", {
    text: `The worksheet saved in this browser could not be read (${reason}), and there was no room to keep a copy of it. ` +
      "So that nothing is overwritten, this page will not save. Download the stored data and export your new writing as a backup.",
    actions: [
      { label: "Download the unreadable data", onClick: () => download("next-round-unreadable.txt", "text/plain", text) },
      exportAction(),
    ],
  });
}

// The two kinds of kept copies, in words: what each is called and the file it downloads as.
const KEPT_KINDS = {
  unreadable: {
    prefix: KEYS.unreadable_prefix,
    name: "unreadable copy",
    what: (n) => `${n === 1 ? "One copy" : `${n} copies`} of worksheet data this page could not read or use`,
    file: (stamp) => `next-round-unreadable-${stamp}.txt`,
    mime: "text/plain",
    gone: "This copy of data the worksheet could not read will be deleted from this browser. Download it first if you might want it.",
  },
  before_import: {
    prefix: KEYS.before_import_prefix,
    name: "copy from before an import",
    what: (n) => `${n === 1 ? "one copy" : `${n} copies`} of your entries from before an import replaced them`,
    file: (stamp) => `next-round-before-import-${stamp}.json`,
    mime: "application/json",
    gone: "This copy of your entries from before an import will be deleted from this browser. Download it first if you might want it.",
  },
};

export function keptFileName(key) {
  const kind = Object.values(KEPT_KINDS).find((k) => key.startsWith(k.prefix));
  return kind.file(key.slice(kind.prefix.length));
}

// Every copy kept aside in this browser, listed in one message: download or remove each.
export function remindOfAside() {
  const kept = store.keptCopies();
  if (!kept.length) {
    clearMessage("aside-kept");
    return;
  }
  const parts = [];
  const actions = [];
  for (const [kind, words] of Object.entries(KEPT_KINDS)) {
    const keys = kept.filter((k) => k.kind === kind).map((k) => k.key);
    if (!keys.length) continue;
    parts.push(words.what(keys.length));
    keys.forEach((key, i) => {
      const number = keys.length === 1 && kind !== "unreadable" ? "" : ` ${i + 1}`;
      actions.push(
        { label: `Download ${words.name}${number}`, onClick: () => download(keptFileName(key), words.mime, store.readKey(key) || "") },
        { label: `Remove ${words.name}${number}`, onClick: () => removeAside(key, `${words.name}${number}`, words.gone) },
      );
    });
  }
  const text = parts.join(" and ");
  showMessage("aside-kept", {
    role: "status",
    text: `${text[0].toUpperCase()}${text.slice(1)} ${kept.length === 1 ? "is" : "are"} kept in this browser. ` +
      "Download a copy to keep it, or remove it once you no longer need it.",
    actions,
  });
}

async function removeAside(key, name, gone) {
  const answer = await ask({
    title: `Remove ${name}?`,
    body: h("p", { text: gone }),
    ok: "Remove copy",
    danger: true,
  });
  if (!answer.ok) return;
  if (!store.removeKey(key)) {
    showMessage("aside-kept", { text: "That copy could not be removed: this browser's storage did not allow it. Nothing was changed." });
    return;
  }
  clearMessage("aside-kept");
  remindOfAside();
  showStorage();
  setSaved(`${name[0].toUpperCase()}${name.slice(1)} removed at ${clock()}`);
}
