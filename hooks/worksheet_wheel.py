"""Build the ``worksheet`` package as a wheel and put it in the built site.

One job. The wheel is built when the config loads (so pages can name its URL, read from
``config.extra.nr_worksheet_wheel``) and copied into the site after the build. The URL holds
the version and a content hash: ``assets/worksheet/wheels/0.1.0-<hash8>/<wheel name>``.
Both steps are in ``nextround_site.build``.

Right after the wheel, the same hook runs it in the pinned Pyodide under Node (see
``nextround_site/stdlib.py``), which writes the worksheet's standard library zip and compiles
the wheel's modules to bytecode (so the hash in the wheel's URL is that of the compiled
wheel); pages read the zip's URL from ``config.extra.nr_python_stdlib``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from nextround_site import build
from nextround_site.site_build import BuildError

_built = {}


def on_config(config):
    try:
        wheel = build.build_wheel(Path(tempfile.mkdtemp(prefix="nr-wheel-out-")))
        lib, wheel = build.compile_for_pyodide(wheel, wheel.path.parent / "stdlib")
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    _built["wheel"] = wheel
    _built["stdlib"] = lib
    config.extra["nr_worksheet_wheel"] = wheel.site_path
    config.extra["nr_python_stdlib"] = lib.site_path
    return config


def on_post_build(config):
    wheel = _built["wheel"]
    build.copy_wheel(wheel, config.site_dir)
    build.copy_stdlib(_built["stdlib"], config.site_dir)
    shutil.rmtree(wheel.path.parent, ignore_errors=True)
