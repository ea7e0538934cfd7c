"""Write ``_headers`` into the built site for static hosts that read one (see docs/hosting.md).

One job: ``nextround_site.build.write_headers``. Runs after the build (and after the hooks
that copy Pyodide and the wheel in), when every page already carries its final CSP <meta>.
"""

from __future__ import annotations

from nextround_site import build


def on_post_build(config):
    build.write_headers(config.site_dir)
