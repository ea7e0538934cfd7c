"""Give every Markdown task-list checkbox an accessible name (its item's text).

One job: run each page's HTML through ``nextround_site.a11y.label_task_checkboxes``.
"""

from __future__ import annotations

from nextround_site import a11y


def on_page_content(html, page, config, files):
    return a11y.label_task_checkboxes(html, where=page.file.src_uri)
