"""The worksheet page's JavaScript, read as text: what it may not define by hand, and how its
modules fit together.

- The document's keys (an entry's meta keys, why an entry is a copy) and every storage key
  come from the engine and ``nextround_site`` through the JSON the build writes into the page
  (``field_schema()``); no JavaScript file spells them out. Each check is also run on a
  planted line, so it is known to catch one put back.
- The page's modules import each other without a cycle.
- The list of page modules in app.js's header, ARCHITECTURE.md's table and the worksheet template's
  modulepreload list agree with the files on disk.
"""

from __future__ import annotations

import re
from pathlib import Path

from nextround_site import form, regions
from worksheet import model

from conftest import ROOT
PAGE = ROOT / "docs" / "assets" / "worksheet"
SCRIPTS = sorted(PAGE.glob("*.js")) + sorted((ROOT / "docs" / "javascripts").glob("*.js")) + [ROOT / "docs" / "sw.js"]

QUOTE = "[\"'`]"


def _strings(text: str) -> list[str]:
    """The string literals in ``text`` (enough for these checks: no escapes inside keys)."""
    return [m.group(2) for m in re.finditer(r"([\"'`])((?:\\.|(?!\1).)*)\1", text)]


def hand_written_keys(text: str) -> list[str]:
    """What ``text`` defines by hand that the build generates."""
    found = []
    for s in _strings(text):
        if s.startswith("nextround.") or s in form.STORAGE_KEYS.values():
            found.append(f"storage key {s!r}")
        if s in model.COPY_REASONS and s != "import":
            found.append(f"copy reason {s!r}")
    # "import" is also a message id and an op name: as a copy reason it follows `reason:`.
    for m in re.finditer(rf"reason\s*:\s*{QUOTE}({'|'.join(model.COPY_REASONS)}){QUOTE}", text):
        found.append(f"copy reason {m.group(1)!r}")
    # A list of an entry's meta keys or of the settings' keys: two or more of them quoted in
    # one array literal.
    settings_keys = set(model.empty_document()["settings"])
    for m in re.finditer(r"\[([^\[\]]*)\]", text):
        quoted = _strings(m.group(1))
        for what, keys in (("meta keys", set(model.META_KEYS)), ("settings keys", settings_keys)):
            names = [s for s in quoted if s in keys]
            if len(names) >= 2:
                found.append(f"{what} {names}")
    # The empty value of each kind of field, by hand (the schema gives each field's "empty").
    if re.search(r"function\s+emptyValue\b", text):
        found.append("emptyValue()")
    return found


def test_the_checks_catch_a_key_put_back():
    assert hand_written_keys('export const KEY = "nextround.worksheet";')
    assert hand_written_keys("localStorage.getItem('nextround.region')")
    assert hand_written_keys('const META_KEYS = ["id", "created", "updated", "plan_done", "copy_of", "set_aside"];')
    assert hand_written_keys('copy.copy_of = { id, reason: "other_tab", when: now };')
    assert hand_written_keys('entry.copy_of = { id, reason: "import", when };')
    assert hand_written_keys('const SETTINGS = ["active_entry", "edits_since_export", "last_export"];')
    assert hand_written_keys('export function emptyValue(kind) { return kind === "check" ? false : ""; }')
    assert not hand_written_keys('showMessage("import", { text: "x" }); if (path[0] === "set_aside") x();')


def test_no_script_defines_the_documents_keys_or_storage_keys_by_hand():
    offences = {p.relative_to(ROOT).as_posix(): hand_written_keys(p.read_text(encoding="utf-8")) for p in SCRIPTS}
    assert {k: v for k, v in offences.items() if v} == {}


def test_the_page_reads_them_from_the_generated_schema():
    schema = form.field_schema()
    assert schema["meta_keys"] == list(model.META_KEYS)
    assert set(schema["copy_reasons"]) == set(model.COPY_REASONS)
    assert schema["settings_keys"] == list(model.empty_document()["settings"])
    assert schema["storage"] == form.STORAGE_KEYS
    assert schema["storage"]["region"] == regions.STORAGE_KEY
    assert all(f["empty"] == model.empty_value(model.FIELDS_BY_KEY[f["key"]]) for f in schema["fields"])
    html = form.worksheet_html()
    # The prefill script reads the schema while the page is parsed: it must come first.
    assert html.index('id="nr-field-schema"') < html.index("performance.mark(\"nr-prefill-start\")")
    assert f'data-storage-key="{regions.STORAGE_KEY}"' in regions.topic_html("fairness", base=None)


def test_one_get_path_and_set_path():
    defining = sorted(p.name for p in PAGE.glob("*.js")
                      if re.search(r"function (getPath|setPath)\b", p.read_text(encoding="utf-8")))
    assert defining == ["util.js"]


IMPORT = re.compile(r"""^\s*import\s+(?:[^;]*?\s+from\s+)?["']\./([\w-]+\.js)["']""", re.M)


def page_imports() -> dict[str, list[str]]:
    """Each page module and the page modules it imports (``import ... from "./x.js"``)."""
    return {p.name: IMPORT.findall(p.read_text(encoding="utf-8")) for p in sorted(PAGE.glob("*.js"))}


def import_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (each as the path that closes it)."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    path: list[str] = []

    def walk(name: str) -> None:
        state[name] = 1
        path.append(name)
        for dep in graph.get(name, []):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                walk(dep)
        path.pop()
        state[name] = 2

    for name in graph:
        if name not in state:
            walk(name)
    return cycles


def test_the_cycle_check_finds_a_cycle():
    assert import_cycles({"a.js": ["b.js"], "b.js": ["c.js"], "c.js": ["a.js"]}) == [["a.js", "b.js", "c.js", "a.js"]]
    graph = page_imports()
    graph["util.js"] = graph["util.js"] + ["saving.js"]  # util.js -> saving.js -> util.js
    assert import_cycles(graph)


def test_page_modules_import_each_other_without_a_cycle():
    graph = page_imports()
    assert "app.js" in graph and graph["app.js"], "no imports found: the pattern is wrong"
    missing = {dep for deps in graph.values() for dep in deps if dep not in graph}
    assert not missing
    assert import_cycles(graph) == []


def test_modes_js_is_pure():
    # Only pure modules below it: node runs it without a DOM (tests/site/test_modes_js.py).
    graph = page_imports()
    assert graph["modes.js"] == ["tabmerge.js"] and graph["tabmerge.js"] == ["util.js"] and graph["util.js"] == []


def _listed(text: str) -> set[str]:
    return set(re.findall(r"\b([\w-]+\.js)\b", text))


def test_the_lists_of_page_modules_agree_with_the_files():
    on_disk = {p.name for p in PAGE.glob("*.js")}
    # app.js's header comment names every other module.
    app = (PAGE / "app.js").read_text(encoding="utf-8")
    header = "\n".join(line for line in app.split("\n\n")[0].splitlines() + app.split("\n\n")[1].splitlines()
                       if line.startswith("//"))
    assert _listed(header) - {"app.js"} == on_disk - {"app.js"}
    # ARCHITECTURE.md's page-module table has a row for each.
    reference = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = reference[reference.index("| job | module | owns |"):]
    table = table[:table.index("\n\n")]
    rows = {name for line in table.splitlines()[2:] for name in _listed(line.split("|")[2])}
    assert rows == on_disk
    # The worksheet template preloads every module app.js imports, directly or not, except the
    # ones it loads with their own <script> tag.
    template = (ROOT / "overrides" / "worksheet.html").read_text(encoding="utf-8")
    preload = re.search(r"\{%-? for module in \[([^\]]*)\]", template).group(1)
    preloaded = {f"{name}.js" for name in re.findall(r'"([\w-]+)"', preload)}
    own_tag = set(re.findall(r"assets/worksheet/([\w-]+\.js)' \| url \}\}\"></script>", template))
    graph = page_imports()
    reached, todo = set(), ["app.js"]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo.extend(graph[name])
    assert own_tag >= {"bridge.js", "early.js", "app.js"}
    assert preloaded == reached - (own_tag - {"app.js"})
