"""Build-time: a smaller, pre-compiled Python standard library for the worksheet's Pyodide.

Pyodide ships ``python_stdlib.zip`` as Python source only (559 ``.py`` files, no bytecode),
so every module Pyodide and the worksheet import is compiled from source, in WebAssembly, on
every page load. This module writes a replacement zip that the worker passes to
``loadPyodide`` as ``stdLibURL``: it holds only the modules the worksheet needs (plus a
safety margin, ``MARGIN``), each as sourceless bytecode (``name.pyc`` where ``name.py`` was,
which ``zipimport`` loads without the source).

How the list of modules is found: the build runs the pinned Pyodide under Node (from
``node_modules``, no network), boots it the way ``docs/assets/worksheet/worker.js`` does
(unpacks the worksheet wheel into site-packages, imports ``worksheet.browser``), runs every
api operation, including their error answers and a Python error crossing into JavaScript,
and reads ``sys.modules``. The same Pyodide then compiles those modules with its own Python,
so the bytecode always matches the runtime. Hash-based ``.pyc`` files that are never checked
against a source, and fixed zip dates, make the output the same bytes for the same input.

Plain functions, no MkDocs import, stdlib only. Never shipped in the worksheet wheel. If Node
or the Pyodide step fails, ``BuildError`` says so; there is no fallback to the full zip.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .site_build import BuildError, short_digest

#: The file name the worker fetches (the same as Pyodide's own, so tools that look for the
#: standard library by name still find it).
NAME = "python_stdlib.zip"

#: Modules kept even if the recorded run did not import them: the ones Python itself reaches
#: for on rare paths (formatting an error, looking up a text encoding by an unusual name,
#: warnings), so a rare path does not fail with ModuleNotFoundError. Not kept, on purpose:
#: ``importlib.metadata`` (and the email package it needs), which only
#: ``importlib.invalidate_caches()`` imports, and Pyodide calls that only when it installs
#: packages (``loadPackage``, micropip), which the worksheet never does.
MARGIN = (
    "traceback", "linecache", "tokenize", "token", "warnings", "_py_warnings", "reprlib",
    "textwrap", "difflib", "pprint", "string",
    # What datetime.strptime / time.strptime import on first use.
    "_strptime", "calendar",
    # Text encodings by their usual names (the rest of encodings/ is 250 KB of code pages).
    "encodings", "encodings.aliases", "encodings.ascii", "encodings.charmap", "encodings.cp1252",
    "encodings.idna", "encodings.latin_1", "encodings.punycode", "encodings.raw_unicode_escape",
    "encodings.unicode_escape", "encodings.utf_16", "encodings.utf_16_be", "encodings.utf_16_le",
    "encodings.utf_32", "encodings.utf_32_be", "encodings.utf_32_le", "encodings.utf_8",
    "encodings.utf_8_sig",
    # The worksheet's own standard imports (checked against worksheet/*.py by a test).
    "copy", "csv", "dataclasses", "datetime", "hashlib", "html", "html.entities", "io", "json",
    "json.decoder", "json.encoder", "json.scanner", "re", "re._casefix", "re._compiler",
    "re._constants", "re._parser", "statistics", "typing", "urllib", "urllib.parse",
)

#: Requests for every api operation (the keys of ``worksheet.api.OPS``), good and bad, run in
#: Pyodide while the imports are recorded. Python code, run there; ``TRACE`` is a JS helper.
EXERCISE = r'''
import json, sys
from worksheet import api, model, browser

doc = model.empty_document()
a = model.new_entry("a", "2026-11-26T10:00:00Z")
a.update(company="Acme \U0001F600 \u0645\u0631\u062d\u0628\u0627", role="Chef", interview_date="2026-03-04",
         news_via="none", stage="final")
a["reflection"]["ratings"].update(answers=2, nerves=1)
a["reflection"]["questions"] = [{"question": "Tell me about yourself", "how_it_went": "ok\r\nfine"}]
a["interviewers"] = [{"name": "Ana", "title": "Lead"}]
b = model.new_entry("b", "2026-11-26T10:00:00Z")
b.update(company="Bolt", decision_date="2026-02-27", news_via="email", stage="final")
doc["entries"] += [a, b]
text = json.dumps(doc, ensure_ascii=False)
now = "2026-11-26T10:00:00+01:00"
bad = json.loads(text)
bad["entries"][0]["reflection"]["ratings"]["answers"] = 7
bad["entries"][1]["surprise"] = {"kept": ["as", "is"]}
requests = [
    {"op": "open", "text": text},
    {"op": "open", "text": json.dumps(bad, ensure_ascii=False), "now": now},
    {"op": "open", "text": json.dumps(dict(doc, version=model.SCHEMA_VERSION + 1))},
    {"op": "open", "text": "{broken"},
    {"op": "validate_import", "text": text, "current": model.empty_document()},
    {"op": "validate_import", "text": "[]", "current": doc},
    {"op": "merge", "current": doc, "incoming": doc, "mode": "merge"},
    {"op": "merge", "current": doc, "incoming": bad, "mode": "backup", "now": now},
    {"op": "compute", "doc": doc, "entry_id": "a", "today": "2026-03-10"},
    {"op": "compute", "doc": doc, "entry_id": "b", "today": "not a date"},
    {"op": "export", "doc": doc, "format": "json", "entry_id": None, "now": now},
    {"op": "export", "doc": doc, "format": "markdown", "entry_id": "a", "now": now},
    {"op": "export", "doc": doc, "format": "ics", "entry_id": None, "now": now},
    {"op": "export", "doc": doc, "format": "pdf", "now": now},
    {"op": "mailto", "to": "", "subject": "Q&A #1", "body": "\u00e9\n"},
    {"op": "summaries", "doc": doc},
    {"op": "no such op"},
    {"op": "compute", "doc": 5},
]
missing = sorted(set(api.OPS) - {r["op"] for r in requests})
if missing:
    raise SystemExit("nextround_site/stdlib.py: add a request for the api operation(s) " + ", ".join(missing))
answers = [json.loads(browser.handle_json(json.dumps(r, ensure_ascii=False))) for r in requests]
answers.append(json.loads(browser.handle_json("{not json")))
browser.runtime()
internal = [r for r, a in zip(requests, answers) if not a["ok"] and a["error"]["code"] == "internal"]
if internal:
    raise SystemExit(f"the engine failed inside Pyodide: {internal[0]['op']}: {answers[requests.index(internal[0])]}")
try:  # an error traceback, the way Pyodide formats one
    import traceback
    raise ValueError("recorded on purpose")
except ValueError:
    traceback.format_exc()
'''

NODE_SCRIPT = r'''
// Boots Pyodide like worker.js, runs the worksheet, records the imports, writes the zip.
import fs from "node:fs";
try {
  const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const { loadPyodide } = await import(job.pyodideModule);
  const py = await loadPyodide({ indexURL: job.indexURL, stdout: () => {}, stderr: (l) => console.error(l) });
  const sitePackages = py.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
  // The same call as worker.js, which passes an ArrayBuffer (Pyodide refuses a Node Buffer).
  const wheel = fs.readFileSync(job.wheel);
  py.unpackArchive(wheel.buffer.slice(wheel.byteOffset, wheel.byteOffset + wheel.length), "wheel",
                   { extractDir: sitePackages });
  py.runPython(fs.readFileSync(job.exercise, "utf8"));
  try {  // a Python error crossing into JavaScript is formatted by Pyodide's own code
    py.runPython("raise RuntimeError('recorded on purpose')");
  } catch (err) {
    if (!String(err).includes("recorded on purpose")) throw err;
  }
  py.FS.writeFile("/tmp/source.zip", fs.readFileSync(job.source));
  py.FS.writeFile("/tmp/source.whl", wheel);
  py.globals.set("MARGIN", JSON.stringify(job.margin));
  const summary = py.runPython(fs.readFileSync(job.compiler, "utf8"));
  fs.writeFileSync(job.output, py.FS.readFile("/tmp/out.zip"));
  if (job.wheelOutput) fs.writeFileSync(job.wheelOutput, py.FS.readFile("/tmp/out.whl"));
  process.stdout.write(summary);
} catch (err) {
  // Only the message: Node would otherwise quote a line of minified Pyodide source.
  console.error(String((err && err.message) || err));
  process.exit(1);
}
'''

#: Runs in Pyodide after ``EXERCISE``: compiles the kept modules into ``/tmp/out.zip`` and the
#: wheel's modules into ``/tmp/out.whl`` (sourceless: ``module.pyc`` where ``module.py`` was,
#: which the import system loads from site-packages too), with a new ``RECORD``.
COMPILER = r'''
import base64, hashlib, importlib.util, json, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

margin = json.loads(MARGIN)
loaded = {name for name in sys.modules}

def kept(module):
    return module in loaded or module in margin

def entry(name):
    """A zip entry with a fixed date and mode, so the same input gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info

def bytecode(name, data):
    """Unchecked hash-based bytecode: valid with no source and no timestamp to compare."""
    code = compile(data, name, "exec", dont_inherit=True)
    return _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)

source = zipfile.ZipFile("/tmp/source.zip")
names = []
with zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for name in sorted(source.namelist()):
        if not name.endswith(".py"):
            continue  # directories, README and py.typed files: zipimport needs none of them
        module = name[:-3].replace("/", ".").removesuffix(".__init__")
        if not kept(module):
            continue
        out.writestr(entry(name[:-3] + ".pyc"), bytecode(name, source.read(name)))
        names.append(module)

# The wheel: every .py becomes a .pyc, everything else is copied; RECORD lists the new files.
wheel = zipfile.ZipFile("/tmp/source.whl")
record_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/RECORD"))
files = {}
for name in sorted(wheel.namelist()):
    if name == record_name or name.endswith("/"):
        continue
    data = wheel.read(name)
    if name.endswith(".py"):
        files[name[:-3] + ".pyc"] = bytecode(name, data)
    else:
        files[name] = data
lines = []
for name, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    lines.append(f"{name},sha256={digest},{len(data)}")
lines.append(f"{record_name},,")
files[record_name] = ("\n".join(lines) + "\n").encode()
with zipfile.ZipFile("/tmp/out.whl", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for name, data in files.items():
        out.writestr(entry(name), data)
json.dumps({"modules": names, "magic": importlib.util.MAGIC_NUMBER.hex(),
            "version": sys.version.split()[0]})
'''


@dataclass(frozen=True)
class Stdlib:
    path: Path            # the written zip
    digest: str           # first 8 hex digits of its SHA-256
    pyodide_version: str  # the Pyodide it was compiled with
    modules: tuple[str, ...]  # the modules it holds
    magic: str            # the bytecode magic number (hex) of that Pyodide's Python

    @property
    def site_path(self) -> str:
        """Where the zip goes in the built site: Pyodide version and content hash in the URL,
        so a new build is never hidden by a cached old one."""
        return f"assets/worksheet/stdlib/{self.pyodide_version}-{self.digest}/{NAME}"


def build_stdlib(pyodide_dir: Path, wheel: Path, out_dir: Path, pyodide_version: str,
                 node: str | None = None, margin: tuple[str, ...] = MARGIN,
                 wheel_out: Path | None = None) -> Stdlib:
    """Write the trimmed, compiled standard library into ``out_dir`` (see the module text).

    ``pyodide_dir`` is the checked ``node_modules/pyodide``; ``wheel`` the worksheet wheel (as
    built, with sources). With ``wheel_out``, the same run writes that wheel there with its
    modules compiled to sourceless bytecode (``wheel_out`` may be ``wheel`` itself).
    Raises ``BuildError`` if Node is missing or the Pyodide run fails.
    """
    node = node or shutil.which("node")
    if not node:
        raise BuildError("Node.js is needed to compile the worksheet's standard library "
                         "(it runs the pinned Pyodide from node_modules). Install Node, then run `npm ci`.")
    pyodide_dir = Path(pyodide_dir).resolve()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / NAME
    with tempfile.TemporaryDirectory(prefix="nr-stdlib-") as tmp:
        tmp = Path(tmp)
        files = {"script": ("run.mjs", NODE_SCRIPT), "exercise": ("exercise.py", EXERCISE),
                 "compiler": ("compiler.py", COMPILER)}
        for filename, text in files.values():
            (tmp / filename).write_text(text, encoding="utf-8")
        job = {"pyodideModule": (pyodide_dir / "pyodide.mjs").as_uri(),
               "indexURL": pyodide_dir.as_posix() + "/",
               "wheel": str(Path(wheel).resolve()), "source": str(pyodide_dir / NAME),
               "exercise": str(tmp / "exercise.py"), "compiler": str(tmp / "compiler.py"),
               "margin": list(margin), "output": str(target.resolve()),
               "wheelOutput": str(Path(wheel_out).resolve()) if wheel_out else None}
        (tmp / "job.json").write_text(json.dumps(job), encoding="utf-8")
        try:
            result = subprocess.run([node, str(tmp / "run.mjs"), str(tmp / "job.json")], cwd=tmp,
                                    capture_output=True, text=True, timeout=600, encoding="utf-8")
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildError(f"Compiling the worksheet's standard library in Pyodide failed: {exc}") from None
    if result.returncode != 0:
        raise BuildError("Compiling the worksheet's standard library in Pyodide (under Node) failed:\n"
                         + _readable(result.stdout + result.stderr))
    try:
        json.loads(result.stdout)
    except ValueError:
        raise BuildError("The Pyodide step wrote no summary:\n" + _readable(result.stdout + result.stderr)) from None
    return read_stdlib(target, pyodide_version)


def cache_key(pyodide_dir: Path, wheel: Path, pyodide_version: str, margin: tuple[str, ...] = MARGIN) -> str:
    """A hash of everything that shapes the output: the source wheel, Pyodide's version and
    standard library, and this module's own code (its scripts and margin)."""
    h = hashlib.sha256()
    h.update(Path(wheel).read_bytes())
    h.update(Path(pyodide_dir, NAME).read_bytes())
    h.update(pyodide_version.encode())
    h.update(Path(__file__).read_bytes())
    h.update(json.dumps(list(margin)).encode())
    return h.hexdigest()[:16]


def build_cached(pyodide_dir: Path, wheel: Path, out_dir: Path, pyodide_version: str,
                 wheel_out: Path, cache: Path) -> Stdlib:
    """``build_stdlib``, run once per ``cache_key`` and reused after (``mkdocs serve`` loads
    the config again on every rebuild; the Pyodide run takes several seconds)."""
    folder = Path(cache) / f"stdlib-{cache_key(pyodide_dir, wheel, pyodide_version)}"
    cached_zip, cached_wheel = folder / NAME, folder / "compiled.whl"
    if not (cached_zip.is_file() and cached_wheel.is_file()):
        Path(cache).mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="stdlib-", dir=cache))
        try:
            build_stdlib(pyodide_dir, wheel, work, pyodide_version, wheel_out=work / "compiled.whl")
            try:
                os.replace(work, folder)  # atomic: a half-written folder is never reused
            except OSError:
                if not cached_wheel.is_file():  # not another build that got there first
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached_zip, out_dir / NAME)
    shutil.copyfile(cached_wheel, wheel_out)
    return read_stdlib(out_dir / NAME, pyodide_version)


def _readable(output: str) -> str:
    """Node's error output without the lines of minified Pyodide source it quotes."""
    lines = [line for line in output.splitlines() if len(line) < 400 and line.strip()]
    return "\n".join(lines[-40:])


def read_stdlib(path: Path, pyodide_version: str) -> Stdlib:
    """The ``Stdlib`` of a written zip: its modules and bytecode magic read from the zip itself
    (the one place they are derived, for a fresh build, a cached one and the plain build's
    ``finish`` step alike)."""
    import zipfile

    path = Path(path)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        magic = zf.read(names[0])[:4].hex() if names else ""
    modules = tuple(n[:-4].replace("/", ".").removesuffix(".__init__") for n in names)
    return Stdlib(path=path, digest=short_digest(path), pyodide_version=pyodide_version,
                  modules=modules, magic=magic)
