"""Write the offline copy's precache list into the built service worker (``sw.js``).

One job: ``nextround_site.build.write_service_worker``. It must run after the hooks that copy
Pyodide and the wheel in, and before ``headers.py``.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from nextround_site import build, offline


def on_post_build(config):
    try:
        build.write_service_worker(config.site_dir)
    except offline.OfflineError as exc:
        raise PluginError(str(exc)) from None
