"""The worksheet page's storage decisions (docs/assets/worksheet/modes.js), run in ``node``
with a fake localStorage: the page's real state.js and store.js read the field schema the
build generates (given to node as a stub ``document``), and modes.js decides.

1. A save while this tab is in conflict writes nothing: the other tab's document stays.
2. A full store (a quota error) gives mode ``full``; the writing stays in memory, unsaved.
3. Another tab's save seen through the storage event is merged; one that cannot be read is
   kept aside (conflict) and not written over.
4. Start-up with unreadable stored data keeps it aside under its own key and starts clean;
   when even that does not fit, the page holds (writes nothing).

Each case is also run against a copy of the page's modules with one line of modes.js
broken, and must then fail: the test is known to catch that mistake.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from nextround_site import form
from worksheet import model

from conftest import ROOT
PAGE = ROOT / "docs" / "assets" / "worksheet"
NOW = "2026-12-04T10:00:00.000Z"

NODE = r"""
const [dir, input] = [process.argv[1], JSON.parse(process.argv[2])];
// A fake localStorage: getItem/setItem/removeItem/key/length, and a quota in characters.
class FakeStorage {
  constructor(quota = Infinity) { this.map = new Map(); this.quota = quota; }
  get length() { return this.map.size; }
  key(i) { return [...this.map.keys()][i] ?? null; }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) {
    const used = [...this.map].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0);
    if (used + k.length + String(v).length > this.quota) {
      const err = new Error("The quota has been exceeded."); err.name = "QuotaExceededError"; err.code = 22; throw err;
    }
    this.map.set(k, String(v));
  }
  removeItem(k) { this.map.delete(k); }
  dump() { return Object.fromEntries(this.map); }
}
const storage = new FakeStorage();
globalThis.window = { localStorage: storage, crypto: globalThis.crypto };
globalThis.document = { getElementById: (id) => ({ textContent: JSON.stringify(input.page[id] ?? null) }) };
const state = await import(`${dir}/state.js`);
const store = await import(`${dir}/store.js`);
const modes = await import(`${dir}/modes.js`);
const S = state.PAGE_SCHEMA;
const KEY = state.KEYS.document;
const clone = (v) => JSON.parse(JSON.stringify(v));
const reset = (quota = Infinity) => { storage.map.clear(); storage.quota = quota; };
const out = {};

// 1. A save in mode conflict: storage holds the other tab's document.
{
  reset();
  const theirs = JSON.stringify(input.theirs);
  storage.setItem(KEY, theirs);
  let writes = 0;
  const write = (text, expected) => { writes++; return store.write(text, expected); };
  const page = { mode: "conflict", dirty: true, countEdit: true, doc: clone(input.mine), lastWritten: theirs };
  const decision = modes.saveDecision(page, write);
  out.conflict = { decision, writes, stored: storage.getItem(KEY), theirs };
}

// 2. A full store.
{
  reset();
  const base = JSON.stringify(input.base);
  storage.setItem(KEY, base);
  storage.quota = KEY.length + base.length + 10; // the edited document does not fit
  const page = { mode: "ok", dirty: true, countEdit: true, doc: clone(input.mine), lastWritten: base };
  const before = JSON.stringify(page.doc);
  const decision = modes.saveDecision(page, store.write);
  out.full = { decision, stored: storage.getItem(KEY), base, docUnchanged: JSON.stringify(page.doc) === before };
}

// 3. Another tab saves; this tab hears the storage event.
{
  reset();
  const base = JSON.stringify(input.base);
  storage.setItem(KEY, base);
  const page = { mode: "ok", dirty: false, countEdit: false, doc: clone(input.mine), lastWritten: base };
  storage.setItem(KEY, JSON.stringify(input.theirs));
  const context = { now: input.now, newId: () => "new-id", openId: "a" };
  const merged = modes.storageEventDecision(page, KEY, store.read(), S, context);
  const otherKey = modes.storageEventDecision(page, "some.other.key", store.read(), S, context);
  storage.setItem(KEY, "{not json");
  const unreadable = modes.storageEventDecision(page, KEY, store.read(), S, context);
  const keptAt = unreadable && unreadable.aside ? store.setAsideOnce(unreadable.aside, new Date(input.now)) : null;
  out.tabs = { merged, otherKey, unreadable, keptAt, stored: storage.dump(), prefix: state.KEYS.unreadable_prefix };
}

// 4. Start-up with unreadable data, with room to keep it aside and without.
{
  reset();
  storage.setItem(KEY, "{not json");
  const roomy = modes.startupDecision(store.read(), S, (text) => store.setAside(text, new Date(input.now)));
  const roomyStored = storage.dump();
  reset(KEY.length + 20);
  storage.setItem(KEY, "{not json");
  const full = modes.startupDecision(store.read(), S, (text) => store.setAside(text, new Date(input.now)));
  const afterFull = modes.saveDecision({ mode: full.mode, dirty: true, countEdit: true, doc: clone(input.mine), lastWritten: full.lastWritten }, store.write);
  out.startup = { roomy, roomyStored, full, afterFull, fullStored: storage.dump(), prefix: state.KEYS.unreadable_prefix };
}
process.stdout.write(JSON.stringify(out));
"""


def _entry(entry_id: str, **values) -> dict:
    entry = model.new_entry(entry_id, NOW)
    entry.update(values)
    return entry


def _doc(*entries: dict) -> dict:
    doc = model.empty_document()
    doc["entries"] = list(entries)
    doc["settings"]["active_entry"] = entries[0]["id"]
    return doc


def run(page_dir: Path) -> dict:
    node = shutil.which("node")
    assert node, "node is needed for the page's storage decisions"
    base = _doc(_entry("a", company="Acme"))
    mine = _doc(_entry("a", company="Acme"), _entry("b", company="Mine Ltd"))
    theirs = _doc(_entry("a", company="Acme"), _entry("c", company="Theirs plc"))
    data = {
        "page": {
            "nr-field-schema": form.field_schema(),
            "nr-entry-template": model.new_entry("", ""),
            "nr-document-template": model.empty_document(),
        },
        "base": base, "mine": mine, "theirs": theirs, "now": NOW,
    }
    result = subprocess.run(
        [node, "--input-type=module", "-e", NODE, page_dir.as_uri(), json.dumps(data)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_conflict(out: dict) -> None:
    c = out["conflict"]
    assert c["decision"]["action"] == "none" and c["decision"]["mode"] == "conflict"
    assert c["writes"] == 0
    assert c["stored"] == c["theirs"]


def check_full(out: dict) -> None:
    f = out["full"]
    assert f["decision"]["action"] == "full" and f["decision"]["mode"] == "full"
    assert f["decision"]["dirty"] is True  # unsaved: kept in this tab, asked about on leaving
    assert f["docUnchanged"]  # the edit is not counted as saved
    assert f["stored"] == f["base"]


def check_tabs(out: dict) -> None:
    t = out["tabs"]
    merged = t["merged"]
    assert merged["action"] == "merged" and merged["mode"] == "ok"
    assert [e["id"] for e in merged["doc"]["entries"]] == ["a", "b", "c"]
    assert merged["dirty"] is True  # this tab's entry b is not in storage yet: write the merge
    assert t["otherKey"] is None
    assert t["unreadable"]["action"] == "keep_aside" and t["unreadable"]["mode"] == "conflict"
    assert t["keptAt"] and t["keptAt"].startswith(t["prefix"])
    assert t["stored"][t["keptAt"]] == "{not json"
    assert t["stored"][form.STORAGE_KEYS["document"]] == "{not json"  # not written over


def check_startup(out: dict) -> None:
    s = out["startup"]
    roomy = s["roomy"]
    assert roomy["mode"] == "ok" and roomy["doc"] is None  # a fresh start
    assert roomy["asideKey"].startswith(s["prefix"]) and s["roomyStored"][roomy["asideKey"]] == "{not json"
    assert roomy["unreadable"] == "it is not valid JSON" and roomy["originalRaw"] is None
    full = s["full"]
    assert full["mode"] == "hold" and full["asideKey"] is None
    assert s["afterFull"]["action"] == "none"
    assert s["fullStored"] == {form.STORAGE_KEYS["document"]: "{not json"}


CHECKS = {"conflict": check_conflict, "full": check_full, "tabs": check_tabs, "startup": check_startup}


def test_the_page_decides_each_storage_answer():
    out = run(PAGE)
    for check in CHECKS.values():
        check(out)


# One line of modes.js broken per case: the case must then fail.
BREAKS = {
    "conflict": ('const SAVES_IN = new Set(["ok", "full", "blocked"]);',
                 'const SAVES_IN = new Set(["ok", "full", "blocked", "conflict"]);'),
    "full": ('if (result.status === "full") return { action: "full", mode: "full", dirty: true };',
             'if (result.status === "full") return { action: "full", mode: "blocked", dirty: true };'),
    "tabs": ('if (!theirs) return { action: "keep_aside", mode: "conflict", aside: text };',
             'if (!theirs) return { action: "merged", mode: page.mode, doc: page.doc, notes: [], lastWritten: text, dirty: true };'),
    "startup": ('return { mode: asideKey ? "ok" : "hold",', 'return { mode: "ok",'),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_each_case_fails_on_a_broken_copy(tmp_path: Path, case: str):
    copy = tmp_path / "worksheet"
    shutil.copytree(PAGE, copy)
    old, new = BREAKS[case]
    modes = (copy / "modes.js").read_text(encoding="utf-8")
    assert modes.count(old) == 1, f"the line to break is not in modes.js: {old}"
    (copy / "modes.js").write_text(modes.replace(old, new), encoding="utf-8")
    out = run(copy)
    with pytest.raises(AssertionError):
        CHECKS[case](out)
