"""Give every Markdown task-list checkbox an accessible name (its item's text).

One job: run each page's HTML through ``nextround_site.build.label_page``.
"""

from __future__ import annotations

from nextround_site import build


def on_page_content(html, page, config, files):
    return build.label_page(html, page.file.src_uri)
