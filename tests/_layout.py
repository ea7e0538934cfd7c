"""Put every test file in the folder that says what it needs, and keep every reference right.

    .venv/bin/python tests/_layout.py            # move, rewrite, stage (idempotent)
    .venv/bin/python tests/_layout.py --check    # only print what it would do; exit 1 if anything

The folders (``tests/engine/test_layout.py`` checks that nothing is left to do):

``tests/engine/``
    the engine (``worksheet/``) and the page's JavaScript modules, without a build or a browser:
    plain CPython, or Node (the engine in Pyodide, ``merge.js``).
``tests/site/``
    the site build (``nextround_site/``, the hooks, ``mkdocs build``, ``make serve``) and the HTML it
    writes, read as files or fetched over HTTP, never in a browser.
``tests/browser/``
    the built site in headless Chromium (Playwright).
``tests/cross_browser/``
    the package that drives Chromium, Firefox and WebKit through one scenario (once ``tests/engines/``).

A file goes to the first of cross_browser, browser, site, engine that one of its signals names (see
``signals``): what it imports, the fixtures it asks for, the test modules it borrows from. A file
with no signal is in ``OVERRIDES`` or stops the run, named: nothing is guessed.

Helpers (``*.py`` that are not ``test_*.py``) go to the one plain folder whose tests alone import
them, else stay in ``tests/`` with ``conftest.py`` and ``data/``. The plain folders have no
``__init__.py``; ``pythonpath`` in ``pyproject.toml`` puts ``tests/`` and each of them on
``sys.path``, so ``from test_worksheet_browser import KEY`` or ``from strategies import ENGINE`` works
from any folder, whatever pytest collects first. Hence file names must be unique across folders.

Paths: ``Path(__file__)...parent`` chains that reach the repository root or ``tests/`` become
``ROOT``/``TESTS`` from ``conftest.py`` (which never moves), so no file depends on its depth. Every
``tests/...py`` named in a tracked text file (README, bench, comments, docstrings) is pointed at
the file's new place; ``engines.`` imports become ``cross_browser.``.

Standard library only; run from anywhere inside the repository.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


def _find_root() -> Path:
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    raise SystemExit("tests/_layout.py: no pyproject.toml above this file")


ROOT = _find_root()
TESTS = "tests"
FOLDERS = ("engine", "site", "browser")  # plain folders, on pytest's pythonpath
CROSS = "cross_browser"                  # a package (it has __init__.py)
OLD_CROSS = ("engines",)                 # its earlier names
ORDER = (CROSS, "browser", "site", "engine")  # the first folder a signal names wins
KEEP = {"conftest.py", "_layout.py", "__init__.py"}  # never moved

#: Files the rules cannot place (no signal), with the reason they belong where they go.
OVERRIDES = {
    "test_two_commands.py": ("site", "runs `make serve` in a fresh clone: it builds and serves the site"),
    "test_engine_boundary.py": ("engine", "reads the engine's modules as text (their imports); imports nothing"),
    "test_layout.py": ("engine", "plain Python over the test tree: no build, no browser"),
    "test_engine_imports.py": ("engine", "reads the engine's modules as text (their imports); imports nothing"),
}

BROWSER_IMPORTS = {"playwright", "axe_playwright_python", "pytest_playwright"}
BROWSER_FIXTURES = {
    "page", "context", "browser", "browser_type", "browser_name", "playwright", "launch_browser",
    "new_context", "browser_context_args", "browser_type_launch_args", "slow_server",
}
CROSS_IMPORTS = {CROSS, *OLD_CROSS, "selenium"}
CROSS_FIXTURES = {"driver", "open_window", "engine_server", "trap", "xvfb_display"}
SITE_IMPORTS = {"nextround_site", "mkdocs", "zensical", "weasyprint", "hooks"}
SITE_FIXTURES = {"site_dir", "server", "subpath_server"}
SITE_FROM_CONFTEST = {"build_site", "nav_pages", "load_hook", "StaticServer", "_QuietHandler"}
ENGINE_IMPORTS = {"worksheet"}

PYTHONPATH_LINE = 'pythonpath = ["tests", "tests/engine", "tests/site", "tests/browser"]'
PYTHONPATH_BLOCK = (
    "# The test folders are plain folders (tests/cross_browser/ is a package): these entries let any\n"
    "# test import conftest.py, a helper or another test module by its plain name (e.g.\n"
    "# `from test_worksheet_browser import KEY`) from any folder, whatever pytest collects first.\n"
    "# So a test file's name must be unique across the folders (tests/_layout.py checks).\n"
    + PYTHONPATH_LINE + "\n"
)
CONFTEST_TESTS = (
    "# tests/ (data/, the helpers). Tests take ROOT and TESTS from here, never from their own\n"
    "# __file__, so none depends on how deep its folder is (tests/_layout.py rewrites them so).\n"
    "TESTS = Path(__file__).resolve().parent\n"
)

#: Sentences whose meaning the move changes, replaced whole (then their paths are checked too).
PROSE = {
    "| `tests/` | pytest: plain tests for every engine module in `tests/`, for every build module in "
    "`tests/site/`, and browser tests in headless Chromium against the built site served over HTTP; "
    "`tests/engines/` runs one scenario in Chromium, Firefox and WebKit. `tests/test_engine_boundary.py` "
    "checks the one direction. |":
    "| `tests/` | pytest, one folder per thing a test needs: `tests/engine/` the engine and the page's "
    "JavaScript modules (CPython, or Node: Pyodide, `merge.js`), no build and no browser; `tests/site/` "
    "the site build and the HTML it writes, no browser; `tests/browser/` the built site served over HTTP "
    "in headless Chromium; `tests/cross_browser/` one scenario in Chromium, Firefox and WebKit. "
    "`conftest.py`, the helpers several folders share and `data/` stay in `tests/`. "
    "`.venv/bin/python tests/_layout.py` puts a new test file in its folder by what it imports and "
    "which fixtures it uses; `tests/engine/test_layout.py` checks. "
    "`tests/test_engine_boundary.py` checks the one direction. |",
}

TEXT_SKIP = {"package-lock.json"}
TEXT_SKIP_NAMES = {"_layout.py", "test_layout.py"}  # they hold old paths on purpose
TEXT_SUFFIX_SKIP = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".woff", ".woff2", ".ttf", ".zip",
                    ".whl", ".wasm", ".svg"}


class Refusal(Exception):
    """The rules cannot decide, or a change would be unsafe: nothing has been changed."""


# ---- reading the tree ----------------------------------------------------------------------------

def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def tracked() -> set[str]:
    return set(git("ls-files", "-z").split("\0")) - {""}


def test_files() -> list[str]:
    """Every test file and helper the layout governs (repo-relative POSIX paths), tracked or not."""
    out = []
    for path in sorted((ROOT / TESTS).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        parts = PurePosixPath(rel).parts
        if "__pycache__" in parts or (len(parts) > 2 and parts[1] == "data"):
            continue
        out.append(rel)
    return out


def folder_of(rel: str) -> str:
    """'' for tests/ itself, else the first folder under tests/."""
    parts = PurePosixPath(rel).parts
    return parts[1] if len(parts) > 2 else ""


# ---- the rules -----------------------------------------------------------------------------------

@dataclass
class Signals:
    imports: set[str] = field(default_factory=set)       # top-level module names
    fixtures: set[str] = field(default_factory=set)      # fixtures requested by tests/fixtures
    from_conftest: set[str] = field(default_factory=set)
    node: bool = False                                   # runs node
    local_modules: set[str] = field(default_factory=set)  # other tests/ modules imported


def _argnames(decorators) -> set[str]:
    """The names a function's ``parametrize`` marks fill in (not fixtures)."""
    names = set()
    for deco in decorators:
        if not (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)
                and deco.func.attr == "parametrize"):
            continue
        given = deco.args[0] if deco.args else next(
            (k.value for k in deco.keywords if k.arg == "argnames"), None)
        if isinstance(given, ast.Constant) and isinstance(given.value, str):
            names |= {n.strip() for n in given.value.split(",")}
        elif isinstance(given, (ast.Tuple, ast.List)):
            names |= {e.value for e in given.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return names


def _is_fixture(decorators) -> bool:
    for deco in decorators:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if (isinstance(target, ast.Attribute) and target.attr == "fixture") or (
                isinstance(target, ast.Name) and target.id == "fixture"):
            return True
    return False


def signals(source: str, name: str = "<file>") -> Signals:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise Refusal(f"{name}: cannot parse ({exc})") from None
    sig = Signals()
    own_fixtures = {n.name for n in ast.walk(tree)
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_fixture(n.decorator_list)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            sig.imports |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            top = node.module.split(".")[0]
            sig.imports.add(top)
            if top == "conftest":
                sig.from_conftest |= {a.name for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name.startswith("test") or _is_fixture(node.decorator_list):
                args = [a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]]
                sig.fixtures |= set(args) - _argnames(node.decorator_list) - own_fixtures - {"self", "request"}
        elif isinstance(node, ast.Call):
            func = node.func
            fname = getattr(func, "attr", getattr(func, "id", ""))
            strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if fname in ("getfixturevalue", "usefixtures"):
                sig.fixtures |= set(strings)
            if fname == "which" and "node" in strings:
                sig.node = True
        elif isinstance(node, ast.List):
            if node.elts and isinstance(node.elts[0], ast.Constant) and node.elts[0].value == "node":
                sig.node = True  # ["node", script, ...]: a command line
    return sig


def reasons(sig: Signals, classes: dict[str, str]) -> dict[str, list[str]]:
    """folder -> what in the file points there. ``classes`` maps module names to known folders."""
    found: dict[str, list[str]] = {f: [] for f in ORDER}
    found[CROSS] += [f"imports {m}" for m in sorted(sig.imports & CROSS_IMPORTS)]
    found[CROSS] += [f"fixture {f}" for f in sorted(sig.fixtures & CROSS_FIXTURES)]
    found["browser"] += [f"imports {m}" for m in sorted(sig.imports & BROWSER_IMPORTS)]
    found["browser"] += [f"fixture {f}" for f in sorted(sig.fixtures & BROWSER_FIXTURES)]
    found["site"] += [f"imports {m}" for m in sorted(sig.imports & SITE_IMPORTS)]
    found["site"] += [f"fixture {f}" for f in sorted(sig.fixtures & SITE_FIXTURES)]
    found["site"] += [f"conftest.{n}" for n in sorted(sig.from_conftest & SITE_FROM_CONFTEST)]
    found["engine"] += [f"imports {m}" for m in sorted(sig.imports & ENGINE_IMPORTS)]
    if sig.node:
        found["engine"].append("runs node")
    for module in sorted(sig.imports & set(classes)):
        found[classes[module]].append(f"imports {module}")
    return {f: r for f, r in found.items() if r}


def classify_all(files: dict[str, str]) -> dict[str, tuple[str, str]]:
    """basename -> (folder, why) for every test file outside the cross-browser package."""
    sigs = {name: signals(src, name) for name, src in files.items()}
    helpers_and_tests = {Path(n).stem for n in files}
    result: dict[str, tuple[str, str]] = {}
    # Test modules borrowed from count as signals too: settle them in rounds.
    for _ in range(len(files) + 1):
        classes = {Path(n).stem: f for n, (f, _) in result.items()}
        changed = False
        for name, sig in sigs.items():
            if name in OVERRIDES:
                new = OVERRIDES[name][0], "override: " + OVERRIDES[name][1]
            else:
                found = reasons(sig, {m: c for m, c in classes.items() if m in helpers_and_tests})
                if not found:
                    continue
                folder = next(f for f in ORDER if f in found)
                new = folder, "; ".join(found[folder])
            if result.get(name) != new:
                result[name], changed = new, True
        if not changed:
            break
    unknown = sorted(set(files) - set(result))
    if unknown:
        raise Refusal(
            "no rule places " + ", ".join(unknown) + ": none of its imports or fixtures names "
            "engine, site, browser or cross_browser. Add it to OVERRIDES in tests/_layout.py "
            "with the reason, then run the script again.")
    return result


# ---- the plan ------------------------------------------------------------------------------------

@dataclass
class Plan:
    moves: list[tuple[str, str]] = field(default_factory=list)
    edits: dict[str, tuple[str, str]] = field(default_factory=dict)  # final path -> (old text, new)
    placed: dict[str, tuple[str, str]] = field(default_factory=dict)  # test basename -> (folder, why)

    def describe(self) -> list[str]:
        lines = [f"move  {a} -> {b}" for a, b in self.moves]
        lines += [f"edit  {p}" for p in sorted(self.edits)]
        return lines


def _module_imports(source: str) -> set[str]:
    out = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return out  # not ours to judge here; a test file that does not parse is refused elsewhere
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def plan() -> Plan:
    files = test_files()
    known_folders = {"", *FOLDERS, CROSS, *OLD_CROSS, "data"}
    strays = [f for f in files if folder_of(f) not in known_folders]
    if strays:
        raise Refusal(f"{', '.join(strays)}: in a folder tests/_layout.py does not know; "
                      f"the folders are {', '.join(FOLDERS + (CROSS,))}")
    extra_conftests = [f for f in files if PurePosixPath(f).name == "conftest.py" and f != f"{TESTS}/conftest.py"]
    if extra_conftests:
        raise Refusal(f"{', '.join(extra_conftests)}: tests import ROOT, TESTS and shared fixtures "
                      f"`from conftest`; a second conftest.py would shadow tests/conftest.py. "
                      f"Put its fixtures in tests/conftest.py")
    texts = {f: (ROOT / f).read_text(encoding="utf-8") for f in files}
    p = Plan()
    dest: dict[str, str] = {}

    # The cross-browser package keeps its inside layout (its scripts too); only its name changes.
    for old in OLD_CROSS:
        inside = {f for f in tracked() if f.startswith(f"{TESTS}/{old}/")}
        inside |= {q.relative_to(ROOT).as_posix() for q in (ROOT / TESTS / old).rglob("*")
                   if q.is_file() and "__pycache__" not in q.parts}
        for rel in inside:
            dest[rel] = f"{TESTS}/{CROSS}/" + "/".join(PurePosixPath(rel).parts[2:])

    plain = [f for f in files if folder_of(f) in ("", *FOLDERS)]
    tests = {f for f in plain if PurePosixPath(f).name.startswith("test_")}
    by_name: dict[str, list[str]] = {}
    for rel in tests:
        by_name.setdefault(PurePosixPath(rel).name, []).append(rel)
    twins = {n: r for n, r in by_name.items() if len(r) > 1}
    if twins:
        raise Refusal("test files share a name (pytest needs them unique across the plain folders): "
                      + "; ".join(", ".join(sorted(r)) for r in twins.values()))
    placed = classify_all({PurePosixPath(r).name: texts[r] for r in tests})
    p.placed = placed
    for rel in tests:
        folder, _ = placed[PurePosixPath(rel).name]
        dest[rel] = f"{TESTS}/{folder}/{PurePosixPath(rel).name}"

    # Helpers: to the one plain folder whose tests alone import them, else tests/.
    helpers = [f for f in plain if f not in tests and PurePosixPath(f).name not in KEEP]
    helper_names = {Path(h).stem: h for h in helpers}
    importers: dict[str, set[str]] = {h: set() for h in helpers}
    outside = [f for f in tracked() if f.endswith(".py") and not f.startswith(f"{TESTS}/")]
    for rel, text in [*((f, texts[f]) for f in files),
                      *((f, (ROOT / f).read_text(encoding="utf-8")) for f in outside if (ROOT / f).is_file())]:
        for module in _module_imports(text) & set(helper_names):
            if helper_names[module] != rel:
                importers[helper_names[module]].add(rel)
    for _ in range(len(helpers) + 1):
        before = dict(dest)
        for h in helpers:
            users = importers[h]
            if not users:
                dest.setdefault(h, h)  # imported by nobody: left where it is
                continue
            places = {folder_of(dest.get(u, u)) if u.startswith(f"{TESTS}/") else "outside" for u in users}
            place = places.pop() if len(places) == 1 else ""
            if place not in FOLDERS or PurePosixPath(h).name in {"conftest.py"}:
                place = ""
            dest[h] = f"{TESTS}/{place}/{PurePosixPath(h).name}" if place else f"{TESTS}/{PurePosixPath(h).name}"
        if dest == before:
            break
    final_names: dict[str, list[str]] = {}
    for rel in plain:
        target = dest.get(rel, rel)
        final_names.setdefault(PurePosixPath(target).name, []).append(target)
    clash = {n: t for n, t in final_names.items() if len(t) > 1 and n not in KEEP}
    if clash:
        raise Refusal("two files would share a name across the plain folders: "
                      + "; ".join(", ".join(sorted(t)) for t in clash.values()))

    p.moves = sorted((a, b) for a, b in dest.items() if a != b)
    taken = [f"{b} (for {a})" for a, b in p.moves if (ROOT / b).exists()]
    if taken:
        raise Refusal("already there, so not overwritten: " + ", ".join(taken)
                      + "; merge the two files by hand, then run the script again")
    moved = dict(p.moves)

    # ---- text edits, computed on today's text and keyed by each file's final path ----
    all_tracked = tracked() | set(files) | set(dest)
    final_paths = {moved.get(f, f) for f in all_tracked}
    final_dirs = {str(PurePosixPath(f).parent) for f in final_paths}
    final_dirs |= {str(q) for f in final_dirs for q in PurePosixPath(f).parents}

    def edit(final: str, old: str, new: str) -> None:
        if new != old:
            p.edits[final] = (p.edits.get(final, (old, old))[0], new)

    for rel in files:
        text = texts[rel]
        new = rewrite_file_paths(rel, moved.get(rel, rel), text)
        if folder_of(rel) not in OLD_CROSS and folder_of(rel) != CROSS:
            new = rename_cross_imports(new)
        edit(moved.get(rel, rel), text, new)

    for rel in sorted(all_tracked):
        name = PurePosixPath(rel)
        if (rel in TEXT_SKIP or name.name in TEXT_SKIP_NAMES or name.suffix in TEXT_SUFFIX_SKIP
                or not (ROOT / rel).is_file()):
            continue
        final = moved.get(rel, rel)
        current = p.edits.get(final, (None, None))[1]
        try:
            text = (ROOT / rel).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        new = current if current is not None else text
        if rel.endswith(".py") and not rel.startswith(f"{TESTS}/"):
            new = rename_cross_imports(new)
        if rel == "pyproject.toml":
            new = add_pythonpath(new)
        if rel == f"{TESTS}/conftest.py":
            new = add_conftest_tests(new)
        for old_s, new_s in PROSE.items():
            new = new.replace(old_s, new_s)
        new = rewrite_path_refs(new, final_paths, final_dirs)
        edit(final, text, new)
    return p


# ---- the rewrites --------------------------------------------------------------------------------

def rename_cross_imports(text: str) -> str:
    for old in OLD_CROSS:
        text = re.sub(rf"^(\s*)(from|import) {old}(?=[\s.])", rf"\1\2 {CROSS}", text, flags=re.M)
    return text


def add_pythonpath(text: str) -> str:
    if re.search(r"^pythonpath\s*=", text, flags=re.M):
        if PYTHONPATH_LINE not in text:
            raise Refusal("pyproject.toml: pythonpath is set already, but not to " + PYTHONPATH_LINE)
        return text
    anchor = re.search(r"^testpaths\s*=.*\n", text, flags=re.M)
    if not anchor:
        raise Refusal("pyproject.toml: no `testpaths =` line in [tool.pytest.ini_options]")
    return text[:anchor.end()] + PYTHONPATH_BLOCK + text[anchor.end():]


def add_conftest_tests(text: str) -> str:
    if re.search(r"^TESTS\s*=", text, flags=re.M):
        return text
    anchor = re.search(r"^ROOT\s*=.*\n", text, flags=re.M)
    if not anchor:
        raise Refusal("tests/conftest.py: no `ROOT = ...` line to put TESTS after")
    return text[:anchor.end()] + CONFTEST_TESTS + text[anchor.end():]


_REF = re.compile(r"(?<![\w/.\-])tests/((?:[\w\-]+/)*)([\w*\-]+\.(?:py|mjs|js))(?![\w/])")


def rewrite_path_refs(text: str, final_paths: set[str], final_dirs: set[str]) -> str:
    for old in OLD_CROSS:
        text = re.sub(rf"(?<![\w/.\-])tests/{old}(?![\w\-])", f"tests/{CROSS}", text)
    by_base: dict[str, list[str]] = {}
    for f in final_paths:
        if f.startswith(f"{TESTS}/"):
            by_base.setdefault(PurePosixPath(f).name, []).append(f)

    def fix(m: re.Match) -> str:
        ref = m.group(0)
        base = m.group(2)
        if "*" in base:
            if any(fnmatch.fnmatchcase(f, ref) for f in final_paths):
                return ref
            folders = {str(PurePosixPath(f).parent) for b, fs in by_base.items()
                       if fnmatch.fnmatchcase(b, base) for f in fs}
            return f"{folders.pop()}/{base}" if len(folders) == 1 else ref
        if ref in final_paths:
            return ref
        targets = by_base.get(base, [])
        return targets[0] if len(targets) == 1 else ref

    return _REF.sub(fix, text)


def _chain(node, names: dict[str, int]):
    """How many levels above the file's own path a ``Path(__file__)...`` expression points
    (0: the file itself), or None when it is not such a chain."""
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Name) and f.id == "Path" and len(node.args) == 1 \
                and isinstance(node.args[0], ast.Name) and node.args[0].id == "__file__":
            return 0
        if isinstance(f, ast.Attribute) and f.attr in ("resolve", "absolute") and not node.args:
            return _chain(f.value, names)
        return None
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        up = _chain(node.value, names)
        return None if up is None else up + 1
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
            and node.value.attr == "parents" and isinstance(node.slice, ast.Constant) \
            and isinstance(node.slice.value, int):
        up = _chain(node.value.value, names)
        return None if up is None else up + node.slice.value + 1
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    return None


def rewrite_file_paths(rel: str, final: str, text: str) -> str:
    """Turn ``Path(__file__)`` chains that reach the repository root or tests/ into ROOT / TESTS
    (imported from conftest.py); leave the ones that point inside a folder that moves whole."""
    if PurePosixPath(rel).name in KEEP - {"__init__.py"}:
        return text
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise Refusal(f"{rel}: cannot parse ({exc})") from None
    here = PurePosixPath(rel)
    names: dict[str, int] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            up = _chain(stmt.value, names)
            if up is not None:
                names[stmt.targets[0].id] = up
    whole_folder = folder_of(rel) in (CROSS, *OLD_CROSS) or folder_of(rel) == folder_of(final)
    spans = []  # (node, replacement)
    for node in ast.walk(tree):
        up = _chain(node, names)
        if not up or isinstance(node, ast.Name):
            continue  # not a chain, the file itself, or a name whose assignment is handled
        levels = len(here.parts) - up  # the target is the first `levels` parts of the path
        if levels == 0:
            spans.append((node, "ROOT"))
        elif levels == 1:
            spans.append((node, "TESTS"))
        elif levels == len(here.parts) - 1 and whole_folder:
            continue  # its own folder, which it keeps
        else:
            raise Refusal(f"{rel}, line {node.lineno}: a path from __file__ to "
                          f"{'/'.join(here.parts[:levels])}, which moves; make it ROOT- or TESTS-based")
    # Keep the outermost chains only (``Path(__file__).parent`` inside ``....parent.parent``).
    def span(n):
        return (n.lineno, n.col_offset), (n.end_lineno, n.end_col_offset)
    outer = [(n, r) for n, r in spans
             if not any(m is not n and span(m)[0] <= span(n)[0] and span(n)[1] <= span(m)[1] for m, _ in spans)]
    if not outer:
        return text
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + len(lines[line - 1].encode("utf-8")[:col].decode("utf-8"))

    needed = {r for _, r in outer}
    have = {a.asname or a.name for s in tree.body if isinstance(s, ast.ImportFrom) and s.module == "conftest"
            for a in s.names}
    edits = []  # (start, end, text)
    replaced_stmts = set()
    for stmt in tree.body:
        if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id in needed
                and any(n is stmt.value for n, _ in outer)
                and dict((id(n), r) for n, r in outer)[id(stmt.value)] == stmt.targets[0].id):
            name = stmt.targets[0].id
            edits.append((offset(stmt.lineno, stmt.col_offset), offset(stmt.end_lineno, stmt.end_col_offset),
                          f"from conftest import {name}"))
            replaced_stmts.add(id(stmt))
            have.add(name)
    for stmt in tree.body:
        if id(stmt) in replaced_stmts:
            continue
        for target in (t for s in [stmt] if isinstance(s, (ast.Assign, ast.AnnAssign))
                       for t in (s.targets if isinstance(s, ast.Assign) else [s.target])):
            if isinstance(target, ast.Name) and target.id in needed:
                raise Refusal(f"{rel}, line {stmt.lineno}: assigns {target.id} itself; "
                              f"cannot use conftest's {target.id} here")
    for n, r in outer:
        if any(n is s.value for s in tree.body if id(s) in replaced_stmts):
            continue
        edits.append((offset(n.lineno, n.col_offset), offset(n.end_lineno, n.end_col_offset), r))
    for name in sorted(needed - have):
        first = next(i for i, s in enumerate(tree.body)
                     if any(span(s)[0] <= span(n)[0] and span(n)[1] <= span(s)[1] for n, r in outer if r == name))
        imports = [s for s in tree.body[:first] if isinstance(s, (ast.Import, ast.ImportFrom))]
        if imports:  # with the module's other imports, right after the last one before the use
            at = starts[imports[-1].end_lineno]
        else:
            at = starts[min([tree.body[first].lineno,
                             *[d.lineno for d in getattr(tree.body[first], "decorator_list", [])]]) - 1]
        edits.append((at, at, f"from conftest import {name}\n"))
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


# ---- doing it ------------------------------------------------------------------------------------

def apply(p: Plan) -> None:
    known = tracked()
    for src, dst in p.moves:
        (ROOT / dst).parent.mkdir(parents=True, exist_ok=True)
        if src in known:
            git("mv", src, dst)
        else:
            (ROOT / src).rename(ROOT / dst)
        print(f"moved   {src} -> {dst}")
    for final, (_, new) in sorted(p.edits.items()):
        (ROOT / final).write_text(new, encoding="utf-8")
        print(f"edited  {final}")
    if p.edits:
        git("add", "--", *sorted(p.edits))
    # Folders left empty (but for caches) by the moves.
    for src, _ in p.moves:
        folder = (ROOT / src).parent
        while folder != ROOT / TESTS and folder.is_dir():
            rest = [c for c in folder.iterdir() if c.name != "__pycache__"]
            if rest:
                break
            for cache in folder.glob("__pycache__/*"):
                cache.unlink()
            for cache in folder.glob("__pycache__"):
                cache.rmdir()
            folder.rmdir()
            folder = folder.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="print the plan, change nothing; exit 1 if any")
    parser.add_argument("--why", action="store_true", help="also print why each test file is where it goes")
    args = parser.parse_args(argv)
    try:
        p = plan()
    except Refusal as exc:
        print(f"tests/_layout.py: stopped, nothing changed: {exc}", file=sys.stderr)
        return 2
    if args.why:
        for name, (folder, why) in sorted(p.placed.items(), key=lambda kv: (kv[1][0], kv[0])):
            print(f"{folder:>13}  {name}  ({why})")
    if not p.moves and not p.edits:
        print("tests/_layout.py: the layout is right; nothing to do")
        return 0
    if args.check:
        print("\n".join(p.describe()))
        return 1
    apply(p)
    print(f"tests/_layout.py: {len(p.moves)} moved, {len(p.edits)} edited (staged; review and commit)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
