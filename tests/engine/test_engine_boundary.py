"""The one direction between the two packages.

``worksheet/`` (the engine, sent to the browser) imports only the standard library and its own
modules, and never the site build (``nextround_site/``); only ``worksheet/browser.py`` may
import ``js`` and ``pyodide``. ``nextround_site/`` may import the engine. Every module in
``worksheet/`` is read, so a new one is checked without being listed here.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from conftest import ROOT
ENGINE = ROOT / "worksheet"
STDLIB = set(sys.stdlib_module_names) | {"__future__"}
BROWSER_ONLY = {"js", "pyodide"}


def bad_imports(source: str, module: str, siblings: set[str]) -> list[str]:
    """What a module of the engine imports that it must not, as ``"line N: name"`` strings."""
    allowed = STDLIB | (BROWSER_ONLY if module == "browser" else set())
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom):
            # Relative: only one level up (this package), and only modules that are in it.
            targets = [node.module] if node.module else [a.name for a in node.names]
            if node.level != 1 or any(t.split(".")[0] not in siblings for t in targets):
                bad.append(f"line {node.lineno}: {'.' * node.level}{node.module or ''}")
            continue
        elif (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
              and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("__import__", "import_module")):
            bad.append(f"line {node.lineno}: a dynamic import")
            continue
        else:
            continue
        bad += [f"line {node.lineno}: {n}" for n in names if n.split(".")[0] not in allowed]
    return bad


def engine_modules() -> list[Path]:
    return sorted(ENGINE.glob("*.py"))


def test_the_engine_imports_only_the_standard_library_and_itself():
    siblings = {m.stem for m in engine_modules()}
    assert {"__init__", "api", "codec", "content", "model", "browser"} <= siblings
    found = {m.name: bad_imports(m.read_text(encoding="utf-8"), m.stem, siblings) for m in engine_modules()}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_the_engine_never_names_the_build_package():
    for module in engine_modules():
        assert "nextround_site" not in module.read_text(encoding="utf-8"), module.name


def test_the_build_package_is_not_inside_the_engine():
    assert not (ENGINE / "nextround_site").exists()
    assert (ROOT / "nextround_site" / "__init__.py").is_file()
    assert not any(ENGINE.glob("*/"))  # the engine is one flat package


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from nextround_site import csp\n", "api", ["line 1: nextround_site"]),
        ("import yaml, json\n", "model", ["line 1: yaml"]),
        ("import js\n", "api", ["line 1: js"]),
        ("import js\nfrom pyodide.ffi import to_js\n", "browser", []),
        ("from .. import nextround_site\n", "api", ["line 1: .."]),
        ("from .form import worksheet_html\n", "api", ["line 1: .form"]),
        ("from . import model, codec\nfrom .errors import WorksheetError\n", "api", []),
        ("import importlib\nimportlib.import_module('nextround_site')\n", "api", ["line 2: a dynamic import"]),
        ("def f():\n    import weasyprint\n", "exports", ["line 2: weasyprint"]),
    ],
)
def test_the_check_catches_what_it_is_for(source, module, expected):
    assert bad_imports(source, module, {"model", "codec", "errors", "api"}) == expected
