"""The engine runs unchanged in Pyodide (Python 3.14) and gives the same answers as CPython.

Loads the pinned npm Pyodide in Node (no browser needed), copies the plain ``worksheet/*.py``
files into its file system, runs the same requests there and here, and compares the JSON.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from worksheet import api, model

from conftest import ROOT
PYODIDE = ROOT / "node_modules" / "pyodide"

RUNNER = """
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
import fs from "node:fs";
const py = await loadPyodide({ indexURL: "%(pyodide)s/" });
py.FS.mkdirTree("/pkg/worksheet");
for (const f of fs.readdirSync("%(package)s")) {
  if (f.endsWith(".py") && f !== "browser.py") py.FS.writeFile("/pkg/worksheet/" + f, fs.readFileSync("%(package)s/" + f));
}
py.globals.set("REQUESTS", fs.readFileSync(process.argv[2], "utf8"));
process.stdout.write(py.runPython(`
import sys, json
sys.path.insert(0, "/pkg")
from worksheet import api
json.dumps({"version": sys.version.split()[0],
            "answers": [api.handle(r) for r in json.loads(REQUESTS)]}, ensure_ascii=False)
`));
"""


def _requests() -> list[dict]:
    doc = model.empty_document()
    a = model.new_entry("a", "2026-11-26T10:00:00Z")
    a.update(company="Acme 😀 مرحبا", role="Chef", interview_date="2026-03-04", news_via="none", stage="final")
    a["reflection"]["ratings"].update(answers=2, nerves=1)
    a["reflection"]["questions"] = [{"question": "Tell me about yourself", "how_it_went": "ok\r\nfine"}]
    a["interviewers"] = [{"name": "Ana", "title": "Lead"}, {"name": "Bo", "title": ""}]
    b = model.new_entry("b", "2026-11-26T10:00:00Z")
    b.update(company="Bolt", decision_date="2026-02-27", news_via="email", stage="final")
    b["reflection"]["ratings"]["answers"] = 1
    doc["entries"] += [a, b]
    text = json.dumps(doc, ensure_ascii=False)
    now = "2026-11-26T10:00:00+01:00"
    bad = json.loads(text)
    bad["entries"][0]["reflection"]["ratings"]["answers"] = 7
    bad["entries"][1]["surprise"] = {"kept": ["as", "is"]}
    older = json.loads(text)
    older["entries"][0]["company"] = "Acme (older backup)"
    bad_import = older
    return [
        {"op": "open", "text": text},
        {"op": "open", "text": json.dumps(bad, ensure_ascii=False), "now": now},
        {"op": "open", "text": json.dumps(dict(doc, version=model.SCHEMA_VERSION + 1))},
        {"op": "open", "text": "{broken"},
        {"op": "validate_import", "text": text, "current": model.empty_document()},
        {"op": "merge", "current": doc, "incoming": doc, "mode": "newer"},
        {"op": "merge", "current": doc, "incoming": bad_import, "mode": "backup", "now": now},
        {"op": "compute", "doc": doc, "entry_id": "a", "today": "2026-03-10"},
        {"op": "compute", "doc": doc, "entry_id": "b", "today": "2026-03-10"},
        {"op": "export", "doc": doc, "format": "json", "entry_id": None, "now": now},
        {"op": "export", "doc": doc, "format": "markdown", "entry_id": None, "now": now},
        {"op": "export", "doc": doc, "format": "ics", "entry_id": None, "now": now},
        {"op": "mailto", "to": "", "subject": "Q&A #1", "body": "é\n"},
    ]


def test_engine_in_pyodide_matches_cpython(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed (make test installs it with the npm packages)"
    assert (PYODIDE / "pyodide.mjs").exists(), "run `make setup` to install node_modules/pyodide"
    runner = tmp_path / "run.mjs"
    runner.write_text(RUNNER % {"pyodide": PYODIDE.as_posix(), "package": (ROOT / "worksheet").as_posix()})
    requests = _requests()
    (tmp_path / "requests.json").write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([node, str(runner), str(tmp_path / "requests.json")],
                            capture_output=True, text=True, timeout=300, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["version"].startswith("3.14")
    here = [api.handle(r) for r in requests]
    assert [a["ok"] for a in here] == [True, True, False, False, True, True, True, True, True, True, True, True, True]
    for mine, theirs in zip(here, out["answers"]):
        assert theirs == mine
