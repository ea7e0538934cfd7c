"""Two builds, two tabs, one import: nothing either side saved is lost.

A "newer build" knows two more prompts (``salary_notes`` and ``reflection.confidence_note``)
and one more setting (``reminder_days``) without a new format number, as ARCHITECTURE.md's "How
to add a prompt" allows. One tab runs the newer build, one the current ("old") build. Any
order of edits, new entries, saves, reloads and one import of a backup (made by either build)
is played against one shared storage, the way the page does it: a save whose stored text
changed since this tab last read it merges three-way (``mergeDocuments`` in tabmerge.js, run in
node), a stored document is read through the tab's own templates (``normaliseFrom``), and an
import goes through the engine (``backup_import.merge``, default mode). Every value written (each one
unique) and not later replaced by a tab that had it in front of it must be in the final
stored document, and that document must validate in the newer build.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worksheet import backup_import, codec, model

from conftest import ROOT
MERGE_JS = ROOT / "docs" / "assets" / "worksheet" / "tabmerge.js"
NOW = "2026-12-04T12:00:00Z"

# The node side: one request per line, one answer per line.
NODE = """
const { mergeDocuments, normaliseFrom } = await import(process.argv[1]);
import("node:readline").then(({ createInterface }) => {
  let k = 0;
  createInterface({ input: process.stdin }).on("line", (line) => {
    const r = JSON.parse(line);
    const out = r.op === "merge"
      ? mergeDocuments(r.base, r.mine, r.theirs, { now: r.now, newId: () => `tab-copy-${k++}`, openId: r.open, reason: "other_tab" }).doc
      : normaliseFrom(r.docTemplate, r.entryTemplate, { fields: r.fieldKeys, meta: r.metaKeys }, r.value);
    process.stdout.write(JSON.stringify(out) + "\\n");
  });
});
"""

TEXT_FIELDS = [f.key for f in model.FIELDS if f.kind in ("short", "long")]
NEW_FIELDS = ["salary_notes", "reflection.confidence_note"]


class Node:
    def __init__(self) -> None:
        node = shutil.which("node")
        assert node, "node is needed for the tabmerge.js property test"
        self.proc = subprocess.Popen(
            [node, "--input-type=module", "-e", NODE, MERGE_JS.as_uri()],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
        )

    def call(self, request: dict):
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


@pytest.fixture(scope="module")
def node():
    n = Node()
    yield n
    n.close()


def _set(obj: dict, key: str, value) -> None:
    *parents, last = key.split(".")
    for part in parents:
        obj = obj.setdefault(part, {})
    obj[last] = value


def _get(obj: dict, key: str):
    for part in key.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


class Build:
    """What a build's page embeds: its templates and the fields it knows."""

    def __init__(self, newer: bool) -> None:
        self.entry = model.new_entry("", "")
        self.doc = model.empty_document()
        self.fields = [f.key for f in model.FIELDS]
        self.text_fields = list(TEXT_FIELDS)
        if newer:
            for key in NEW_FIELDS:
                _set(self.entry, key, "")
            self.doc["settings"]["reminder_days"] = 7
            self.fields += NEW_FIELDS
            self.text_fields += NEW_FIELDS


OLD, NEWER = Build(newer=False), Build(newer=True)


def validate_in_newer_build(doc: dict) -> None:
    """The newer build's check: the engine's, plus its own fields' kinds."""
    assert codec.validate(doc) == doc
    for entry in doc["entries"]:
        for key in NEW_FIELDS:
            assert isinstance(_get(entry, key), (str, type(None))), key
    assert isinstance(doc["settings"].get("reminder_days", 0), int)


# --- the plan: what happens, in which order ------------------------------------------------------

tabs = st.sampled_from(["old", "newer"])
steps = st.one_of(
    st.tuples(st.just("edit"), tabs, st.integers(0, 5), st.integers(0, 40)),
    st.tuples(st.just("add"), tabs),
    st.tuples(st.just("save"), tabs),
    st.tuples(st.just("reload"), tabs),
    st.tuples(st.just("setting"), st.integers(0, 30)),
)


@st.composite
def plans(draw):
    before = draw(st.lists(steps, max_size=12))
    after = draw(st.lists(steps, max_size=8))
    importer = draw(tabs)
    backup_build = draw(tabs)
    backup_edits = draw(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40), st.booleans()), max_size=4))
    return {"before": before, "after": after, "importer": importer, "backup_build": backup_build,
            "backup_edits": backup_edits, "start_entries": draw(st.integers(1, 3))}


def pick(build: Build, n: int) -> str:
    """A text field the build knows: for the newer build, one of its own new fields about
    half the time (n >= 20)."""
    if n >= 20 and build is NEWER:
        return NEW_FIELDS[n % 2]
    return TEXT_FIELDS[n % len(TEXT_FIELDS)]


class World:
    """One storage, two tabs, and every value written so far."""

    def __init__(self, node: Node, start_entries: int) -> None:
        self.node = node
        self.n = 0
        self.written: set[str] = set()
        self.replaced: set[str] = set()
        doc = model.empty_document()
        doc["entries"] = [model.new_entry(f"e{i}", NOW) for i in range(start_entries)]
        for entry in doc["entries"]:
            entry["company"] = self.token("start")
        doc["settings"]["active_entry"] = "e0"
        self.storage = json.dumps(doc)
        self.tabs = {name: {"build": build} for name, build in (("old", OLD), ("newer", NEWER))}
        for name in self.tabs:
            self.reload(name)

    def token(self, who: str) -> str:
        self.n += 1
        value = f"<{who}-{self.n}>"
        self.written.add(value)
        return value

    def read(self, build: Build, text: str) -> dict:
        return self.node.call({"op": "normalise", "docTemplate": build.doc, "entryTemplate": build.entry,
                               "fieldKeys": build.fields, "metaKeys": list(model.META_KEYS), "value": json.loads(text)})

    def reload(self, name: str) -> None:
        tab = self.tabs[name]
        if tab.get("dirty"):
            self.save(name)  # the page saves on page hide
        tab.update(doc=self.read(tab["build"], self.storage), last=self.storage, dirty=False)

    def edit(self, name: str, which: int, field: int) -> None:
        tab = self.tabs[name]
        entry = tab["doc"]["entries"][which % len(tab["doc"]["entries"])]
        key = pick(tab["build"], field)
        old = _get(entry, key)
        if old:
            self.replaced.add(old)  # replaced by someone who saw it
        _set(entry, key, self.token(name))
        entry["updated"] = NOW
        tab["dirty"] = True

    def add(self, name: str) -> None:
        tab = self.tabs[name]
        entry = copy.deepcopy(tab["build"].entry)
        entry.update(id=f"{name}-{self.n}", created=NOW, updated=NOW, company=self.token(name))
        tab["doc"]["entries"].append(entry)
        tab["dirty"] = True

    def setting(self, days: int) -> None:
        tab = self.tabs["newer"]
        tab["doc"]["settings"]["reminder_days"] = days
        tab["dirty"] = True

    def save(self, name: str) -> None:
        tab = self.tabs[name]
        if self.storage != tab["last"]:
            base = self.read(tab["build"], tab["last"])
            theirs = self.read(tab["build"], self.storage)
            tab["doc"] = self.node.call({"op": "merge", "base": base, "mine": tab["doc"], "theirs": theirs,
                                         "now": NOW, "open": tab["doc"]["settings"]["active_entry"]})
        self.storage = json.dumps(tab["doc"])
        tab.update(last=self.storage, dirty=False)

    def import_backup(self, name: str, build: Build, edits: list) -> None:
        """A backup made from what is stored now by ``build`` on another device, edited there
        later, imported in tab ``name`` (the engine's default mode), then saved."""
        backup = self.read(build, self.storage)
        for which, field, new_entry in edits:
            if new_entry or not backup["entries"]:
                entry = copy.deepcopy(build.entry)
                entry.update(id=f"backup-{self.n}", created=NOW, updated=NOW)
                backup["entries"].append(entry)
            entry = backup["entries"][which % len(backup["entries"])]
            key = pick(build, field)
            if _get(entry, key):
                self.replaced.add(_get(entry, key))
            _set(entry, key, self.token("backup"))
            entry["updated"] = "2026-12-04T13:00:00Z"
        tab = self.tabs[name]
        result = backup_import.merge(codec.validate(tab["doc"]), codec.validate(backup), "newer", NOW)
        assert result["replaced"] == []
        tab["doc"] = json.loads(json.dumps(result["doc"]))
        tab["dirty"] = True
        self.save(name)

    def play(self, step: tuple) -> None:
        kind = step[0]
        if kind == "edit":
            self.edit(step[1], step[2], step[3])
        elif kind == "add":
            self.add(step[1])
        elif kind == "setting":
            self.setting(step[1])
        else:
            getattr(self, kind)(step[1])


@settings(deadline=None, max_examples=100, database=None)
@given(plan=plans())
def test_two_builds_two_tabs_and_an_import_lose_no_saved_value(node, plan):
    world = World(node, plan["start_entries"])
    for step in plan["before"]:
        world.play(step)
    build = NEWER if plan["backup_build"] == "newer" else OLD
    world.import_backup(plan["importer"], build, plan["backup_edits"])
    for step in plan["after"]:
        world.play(step)
    for name in ("old", "newer", "old"):  # every tab's last words reach storage
        world.tabs[name]["dirty"] = True
        world.save(name)
    final = json.loads(world.storage)
    validate_in_newer_build(final)
    text = world.storage
    lost = sorted(v for v in world.written - world.replaced if v not in text)
    assert not lost, f"lost: {lost}"
    # The newer build's setting is never lost to the old tab's saves.
    if any(step[0] == "setting" for step in plan["before"] + plan["after"]):
        assert "reminder_days" in final["settings"]
