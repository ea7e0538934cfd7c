"""Copy the pinned Pyodide runtime into the built site, at ``assets/pyodide/<version>/``.

One job. The check runs when the config loads, so a missing or wrong ``node_modules/pyodide``
stops the build at once with a message saying to run ``npm ci``; the copy runs after the
build. The versioned path means a new Pyodide is never hidden by a cached old one. Pages read
the path from ``config.extra.nr_pyodide_path``. Both steps are in ``nextround_site.build``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from nextround_site import build
from nextround_site.site_build import BuildError

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"


def on_config(config):
    try:
        config.extra["nr_pyodide_path"] = build.pyodide_path(ROOT, NODE_MODULES)
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_post_build(config):
    try:
        build.copy_pyodide(config.site_dir, ROOT, NODE_MODULES)
    except BuildError as exc:
        raise PluginError(str(exc)) from None
