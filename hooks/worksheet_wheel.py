"""Build the ``worksheet`` package as a wheel and put it in the built site.

One job. The wheel is built when the config loads (so pages can name its URL, read from
``config.extra.nr_worksheet_wheel``) and copied into the site after the build. The URL holds
the version and a content hash: ``assets/worksheet/wheels/0.1.0-<hash8>/<wheel name>``.
Both steps are in ``nextround_site.build``.
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
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    _built["wheel"] = wheel
    config.extra["nr_worksheet_wheel"] = wheel.site_path
    return config


def on_post_build(config):
    wheel = _built["wheel"]
    build.copy_wheel(wheel, config.site_dir)
    shutil.rmtree(wheel.path.parent, ignore_errors=True)
