"""The worksheet's trimmed, compiled standard library (``nextround_site/stdlib.py``).

The zip is built from the real wheel with the pinned Pyodide under Node, like the site build
does; then Pyodide is started with it as ``stdLibURL``, the way the worker starts it, and every
api operation runs there, from the compiled wheel, and must answer exactly like CPython.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nextround_site import site_build, stdlib
from nextround_site.site_build import BuildError
from test_engine_pyodide import _requests
from worksheet import api

from conftest import ROOT
PYODIDE = ROOT / "node_modules" / "pyodide"
VERSION = site_build.pinned_pyodide_version(ROOT / "package.json")

RUNNER = """
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
import fs from "node:fs";
const py = await loadPyodide({ indexURL: "%(pyodide)s/", stdLibURL: process.argv[2] });
const sitePackages = py.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
const wheel = fs.readFileSync(process.argv[3]);
py.unpackArchive(wheel.buffer.slice(wheel.byteOffset, wheel.byteOffset + wheel.length), "wheel",
                 { extractDir: sitePackages });
const bridge = py.pyimport("worksheet.browser");
const requests = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));
const answers = requests.map((r) => JSON.parse(bridge.handle_json(JSON.stringify(r))));
let error = "";
try { py.runPython("import json; json.loads('{oops')"); } catch (err) { error = String(err); }
// Rare paths the margin keeps: strptime, a codec looked up by name, a traceback with no source.
const rare = py.runPython(`
import datetime, codecs, traceback
try:
    1 / 0
except ZeroDivisionError:
    tb = traceback.format_exc()
[datetime.datetime.strptime("2026-01-02", "%%Y-%%m-%%d").isoformat(), codecs.lookup("utf-16").name,
 "ZeroDivisionError" in tb]
`).toJs();
process.stdout.write(JSON.stringify({
  answers, error, runtime: bridge.runtime(), rare,
  // Where each loaded module came from: nothing may be compiled from a .py file of the zip.
  origins: py.runPython(`
import sys, json
json.dumps(sorted({getattr(getattr(m, "__spec__", None), "origin", None) or "" for m in list(sys.modules.values())}))
`),
  magic: py.runPython("import importlib.util; importlib.util.MAGIC_NUMBER.hex()"),
}));
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    assert shutil.which("node"), "node is needed (make test installs it with the npm packages)"
    tmp = tmp_path_factory.mktemp("stdlib")
    wheel = site_build.build_wheel(ROOT, tmp / "wheel")
    source = tmp / "source.whl"
    shutil.copy2(wheel.path, source)
    lib = stdlib.build_stdlib(PYODIDE, wheel.path, tmp / "one", VERSION, wheel_out=wheel.path)
    return source, wheel, lib


@pytest.fixture(scope="module")
def run(built, tmp_path_factory):
    _, wheel, lib = built
    tmp = tmp_path_factory.mktemp("run")
    requests = _requests() + [{"op": "summaries", "doc": json.loads(_requests()[0]["text"])}]
    (tmp / "requests.json").write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    runner = tmp / "run.mjs"
    runner.write_text(RUNNER % {"pyodide": PYODIDE.resolve().as_posix()}, encoding="utf-8")
    result = subprocess.run(["node", str(runner), str(lib.path), str(wheel.path), str(tmp / "requests.json")],
                            capture_output=True, text=True, timeout=300, encoding="utf-8")
    assert result.returncode == 0, result.stderr[-3000:]
    return requests, json.loads(result.stdout)


def test_every_api_operation_answers_like_cpython_under_the_trimmed_stdlib(run):
    requests, out = run
    assert {r["op"] for r in requests} == set(api.OPS)
    assert out["answers"] == [api.handle(r) for r in requests]
    assert out["runtime"].startswith("Python 3.14") and f"Pyodide {VERSION}" in out["runtime"]
    # A Python error crossing into JavaScript is still formatted, with its message.
    assert "JSONDecodeError" in out["error"]
    assert out["rare"] == ["2026-01-02T00:00:00", "utf-16", True]


def test_no_module_was_compiled_from_source(run):
    _, out = run
    origins = json.loads(out["origins"])
    assert any("/lib/python314.zip/" in o for o in origins)
    assert any(o.endswith("site-packages/worksheet/api.pyc") for o in origins)
    assert [o for o in origins if o.endswith(".py")] == []


def test_the_zip_holds_only_unchecked_bytecode_for_this_pyodide(built, run):
    _, _, lib = built
    _, out = run
    assert lib.magic == out["magic"]
    with zipfile.ZipFile(lib.path) as zf:
        names = zf.namelist()
        assert names and all(n.endswith(".pyc") for n in names)
        for name in names:
            head = zf.read(name)[:8]
            assert head[:4].hex() == out["magic"], name
            assert int.from_bytes(head[4:8], "little") == 0b01, name  # hash-based, never checked
    # Pyodide's own start-up modules and the worksheet's are there; unused big ones are not.
    for needed in ("_pyodide/__init__.pyc", "pyodide/__init__.pyc", "json/__init__.pyc", "traceback.pyc"):
        assert needed in names
    for unused in ("sqlite3/__init__.pyc", "xml/dom/minidom.pyc", "unittest/__init__.pyc", "email/message.pyc"):
        assert unused not in names
    assert lib.site_path == f"assets/worksheet/stdlib/{VERSION}-{lib.digest}/python_stdlib.zip"


def test_the_compiled_wheel_holds_bytecode_where_the_sources_were(built, run):
    source, wheel, _ = built
    _, out = run
    with zipfile.ZipFile(source) as zf:
        sources = zf.namelist()
    with zipfile.ZipFile(wheel.path) as zf:
        names = zf.namelist()
        record = zf.read("nextround_worksheet-0.1.0.dist-info/RECORD").decode()
        for name in names:
            if name.endswith(".pyc"):
                assert zf.read(name)[:4].hex() == out["magic"], name
    assert sorted(names) == sorted(n[:-3] + ".pyc" if n.endswith(".py") else n for n in sources)
    assert "worksheet/api.pyc,sha256=" in record and ".py," not in record


def test_the_build_is_deterministic_and_cached(built, tmp_path, monkeypatch):
    source, wheel, lib = built
    cache = tmp_path / "cache"
    again = stdlib.build_cached(PYODIDE, source, tmp_path / "a", VERSION, tmp_path / "again.whl", cache)
    assert again.path.read_bytes() == lib.path.read_bytes()
    assert again.digest == lib.digest and again.modules == lib.modules and again.magic == lib.magic
    assert (tmp_path / "again.whl").read_bytes() == wheel.path.read_bytes()
    # The second time, nothing runs in Pyodide: the cached files are copied.
    monkeypatch.setattr(stdlib, "build_stdlib", lambda *a, **k: pytest.fail("ran Pyodide again"))
    hit = stdlib.build_cached(PYODIDE, source, tmp_path / "b", VERSION, tmp_path / "hit.whl", cache)
    assert (hit.digest, hit.modules) == (lib.digest, lib.modules)
    assert (tmp_path / "hit.whl").read_bytes() == wheel.path.read_bytes()
    assert len(list(cache.iterdir())) == 1
    # Another wheel is another key.
    assert stdlib.cache_key(PYODIDE, wheel.path, VERSION) != stdlib.cache_key(PYODIDE, source, VERSION)
    read = stdlib.read_stdlib(again.path, VERSION)  # what the plain build's finish step sees
    assert (read.digest, read.magic, set(read.modules)) == (lib.digest, lib.magic, set(lib.modules))


def _stdlib_imports() -> set[str]:
    """Every standard module ``worksheet/*.py`` imports, at top level or inside a function."""
    found = set()
    for path in (ROOT / "worksheet").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module)
    return {name for name in found if name.split(".")[0] in sys.stdlib_module_names}


def test_every_standard_module_the_engine_imports_is_kept(built):
    _, _, lib = built
    missing = sorted(m for m in _stdlib_imports() - {"__future__", "sys"} if m not in lib.modules
                     and m.split(".")[0] not in sys.builtin_module_names)
    assert missing == [], f"add {missing} to nextround_site.stdlib.MARGIN"
    assert {"datetime", "json", "csv", "statistics", "urllib.parse"} <= _stdlib_imports()
    assert set(lib.modules) >= {"datetime", "json", "csv", "statistics", "urllib.parse", "html", "hashlib"}


def test_a_missing_node_fails_the_build_with_a_clear_message(built, tmp_path):
    source, _, _ = built
    with pytest.raises(BuildError, match="standard library"):
        stdlib.build_stdlib(PYODIDE, source, tmp_path, VERSION, node=str(tmp_path / "no-node"))


def test_a_failing_pyodide_step_fails_the_build(tmp_path):
    bad = tmp_path / "bad.whl"
    with zipfile.ZipFile(bad, "w") as zf:  # a wheel whose engine cannot be imported
        zf.writestr("worksheet/__init__.py", "raise ImportError('broken on purpose')\n")
    with pytest.raises(BuildError, match="broken on purpose"):
        stdlib.build_stdlib(PYODIDE, bad, tmp_path / "out", VERSION)
