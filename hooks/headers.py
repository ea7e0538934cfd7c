"""Write ``_headers`` into the built site for static hosts that read one (see docs/hosting.md).

One job: hand the built pages and file list to ``nextround_site.hosting`` and write its rules.
Runs after the build (and after the hooks that copy Pyodide and the wheel in), when every
page already carries its final CSP <meta>.
"""

from __future__ import annotations

from pathlib import Path

from nextround_site import hosting


def on_post_build(config):
    site = Path(config.site_dir)
    pages, files = {}, []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.endswith(".html"):
            pages[rel] = path.read_text(encoding="utf-8")
        else:
            files.append(rel)
    (site / "_headers").write_text(hosting.render(hosting.rules(pages, files)), encoding="utf-8")
