"""Expand ``<!-- nr:NAME ARGS -->`` shortcodes in page Markdown (``nextround_site.shortcodes``)."""

from __future__ import annotations

from nextround_site.shortcodes import expand


def on_page_markdown(markdown, page, config, files):
    return expand(markdown, page.file.src_uri)
