"""Build-time helpers for the in-browser worksheet: the Pyodide runtime and the package wheel.

Plain functions, no MkDocs import (the hooks in ``hooks/`` call them; so can a script or a
test). Never imported in the browser. Stdlib only.

- ``pyodide_runtime(node_modules, dest, expected_version)`` checks the pinned npm package and
  copies only the files the worker fetches into ``dest``.
  (``nextround_site/stdlib.py`` makes the worksheet's standard library from the package.)
- ``build_wheel(project_root, out_dir)`` builds a pure-Python wheel of ``worksheet/`` and
  returns where it is, with a short content hash for a cache-proof URL.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: The files of the npm package the site serves (checked against the network log by the
#: browser tests): the loader, the Emscripten glue, the WebAssembly binary and the package
#: lock file ``loadPyodide`` reads at start-up. The standard library is not among them: the
#: worker loads a trimmed, compiled copy of it (``nextround_site/stdlib.py``).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "pyodide-lock.json",
)
#: Files the build reads from the npm package without serving them: Pyodide's own standard
#: library, the source of the trimmed copy.
PYODIDE_BUILD_FILES = ("python_stdlib.zip",)


class BuildError(RuntimeError):
    """A build step cannot go on; the message says what is wrong and how to fix it."""


def pinned_pyodide_version(package_json: Path) -> str:
    """The exact Pyodide version pinned in ``package.json``'s dependencies."""
    try:
        data = json.loads(package_json.read_text(encoding="utf-8"))
        version = data["dependencies"]["pyodide"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"{package_json}: cannot read the pinned pyodide version ({exc}).") from None
    if not isinstance(version, str) or not version[:1].isdigit():
        raise BuildError(f"{package_json}: pyodide must be pinned to an exact version, found {version!r}.")
    return version


def check_pyodide(node_modules: Path, expected_version: str) -> Path:
    """The ``pyodide`` package directory, after checking it is the pinned version and has
    every runtime file. Raises ``BuildError`` (never a silent skip) otherwise."""
    pkg = Path(node_modules) / "pyodide"
    manifest = pkg / "package.json"
    if not manifest.is_file():
        raise BuildError(
            f"Pyodide is not installed ({pkg} is missing). Run `npm ci` (or `make setup`) first."
        )
    try:
        found = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except ValueError as exc:
        raise BuildError(f"{manifest} is not readable JSON ({exc}). Run `npm ci` again.") from None
    if found != expected_version:
        raise BuildError(
            f"node_modules has Pyodide {found}, but package.json pins {expected_version}. "
            "Run `npm ci` to install the pinned version."
        )
    missing = [name for name in PYODIDE_FILES + PYODIDE_BUILD_FILES if not (pkg / name).is_file()]
    if missing:
        raise BuildError(f"Pyodide {found} in {pkg} lacks {', '.join(missing)}. Run `npm ci` again.")
    return pkg


def pyodide_runtime(node_modules: Path, dest: Path, expected_version: str) -> list[Path]:
    """Check ``node_modules/pyodide`` (see ``check_pyodide``) and copy only the runtime files
    into ``dest``. Returns the copied paths."""
    pkg = check_pyodide(node_modules, expected_version)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in PYODIDE_FILES:
        target = dest / name
        src = pkg / name
        # Skip an identical copy (``mkdocs serve`` rebuilds often; the wasm file is 9 MB).
        if not (target.is_file() and target.stat().st_size == src.stat().st_size
                and target.stat().st_mtime >= src.stat().st_mtime):
            shutil.copy2(src, target)
        copied.append(target)
    return copied


@dataclass(frozen=True)
class Wheel:
    path: Path          # the built wheel file
    name: str           # its standard file name, e.g. nextround_worksheet-0.1.0-py3-none-any.whl
    version: str        # the package version, e.g. 0.1.0
    digest: str         # first 8 hex digits of the wheel's SHA-256

    @property
    def site_path(self) -> str:
        """Where the wheel goes in the built site: version and content hash in the URL, so a
        new release is never hidden by a cached old one; the file keeps its standard name."""
        return f"assets/worksheet/wheels/{self.version}-{self.digest}/{self.name}"


#: A fixed timestamp for every file in the wheel: the same source gives the same bytes, so
#: the hash (and the URL) only changes when the code does.
_SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest date a zip file can hold


def _copy_sources(project_root: Path, work: Path) -> None:
    """Copy only what the wheel needs into a clean directory (no stale ``build/`` leftovers,
    no ``__pycache__``, and nothing written into the shared checkout)."""
    shutil.copy2(project_root / "pyproject.toml", work / "pyproject.toml")
    shutil.copytree(
        project_root / "worksheet",
        work / "worksheet",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
    )


def build_wheel(project_root: Path, out_dir: Path, python: str | None = None) -> Wheel:
    """Build a pure-Python wheel of the ``worksheet`` package into ``out_dir``.

    Uses ``pip wheel --no-deps --no-build-isolation`` (setuptools from the environment, no
    network). Raises ``BuildError`` with pip's output when the build fails.
    """
    project_root = Path(project_root)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nr-wheel-") as tmp:
        work = Path(tmp) / "src"
        work.mkdir()
        _copy_sources(project_root, work)
        dist = Path(tmp) / "dist"
        env = dict(os.environ, SOURCE_DATE_EPOCH=_SOURCE_DATE_EPOCH, PIP_DISABLE_PIP_VERSION_CHECK="1")
        cmd = [python or sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
               "--no-index", "-q", "-w", str(dist), str(work)]
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp)
        wheels = sorted(dist.glob("*.whl")) if dist.is_dir() else []
        if result.returncode != 0 or len(wheels) != 1:
            raise BuildError(
                "Building the worksheet wheel failed:\n" + result.stdout + result.stderr
            )
        built = wheels[0]
        if not built.name.endswith("-py3-none-any.whl"):
            raise BuildError(f"The worksheet wheel must be pure Python, got {built.name}.")
        target = out_dir / built.name
        shutil.copy2(built, target)
    version = target.name.split("-")[1]
    return Wheel(path=target, name=target.name, version=version, digest=short_digest(target))


def short_digest(path: Path) -> str:
    """The first 8 hex digits of a file's SHA-256: the hash in a cache-proof URL."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:8]


def nav_urls(nav: list) -> list[str]:
    """Every page of a parsed MkDocs ``nav``, as a URL path relative to the site root.

    ``index.md`` is ``""``; ``steps/reflect.md`` is ``steps/reflect/`` (directory URLs).
    """
    urls: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            urls.extend(nav_urls(value))
        else:
            urls.append("" if value == "index.md" else value.removesuffix(".md") + "/")
    return urls
