"""Copy the pinned Pyodide runtime into the built site, at ``assets/pyodide/<version>/``.

One job. The check runs when the config loads, so a missing or wrong ``node_modules/pyodide``
stops the build at once with a message saying to run ``npm ci``; the copy runs after the
build. The versioned path means a new Pyodide is never hidden by a cached old one. Pages read
the path from ``config.extra.nr_pyodide_path``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from nextround_site.site_build import BuildError, check_pyodide, pinned_pyodide_version, pyodide_runtime

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"


def on_config(config):
    try:
        version = pinned_pyodide_version(ROOT / "package.json")
        check_pyodide(NODE_MODULES, version)
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    config.extra["nr_pyodide_path"] = f"assets/pyodide/{version}/"
    return config


def on_post_build(config):
    version = pinned_pyodide_version(ROOT / "package.json")
    try:
        pyodide_runtime(NODE_MODULES, Path(config.site_dir) / "assets" / "pyodide" / version, version)
    except BuildError as exc:
        raise PluginError(str(exc)) from None
