"""Write the offline copy's precache list into the built service worker (``sw.js``).

One job: call ``worksheet.offline.write_service_worker`` after the build. It must run after
the hooks that copy Pyodide and the wheel in, and before ``headers.py``.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from nextround_site.offline import OfflineError, write_service_worker


def on_post_build(config):
    try:
        write_service_worker(config.site_dir)
    except OfflineError as exc:
        raise PluginError(str(exc)) from None
