"""Expand ``<!-- nr:NAME ARGS -->`` shortcodes in page Markdown from the engine's data.

Each shortcode is dispatched through ``HANDLERS``. A shortcode alone on an indented line (in
a content tab, say) has every line of its output indented the same. An unknown shortcode or a bad argument
stops the build with a message that names the page and the shortcode. ``hooks/shortcodes.py``
calls :func:`expand` on each page; the plain build (``nextround_site.build``) calls it on each
Markdown file before MkDocs runs.
"""

from __future__ import annotations

import posixpath
import re

from nextround_site import form, pages, print_checklist, regions, sources

SHORTCODE = re.compile(r"<!--\s*nr:([a-z-]+)(?:\s+([^>]*?))?\s*-->")


def _base(src_uri: str) -> str:
    depth = posixpath.dirname(src_uri).count("/") + (1 if posixpath.dirname(src_uri) else 0)
    return "../" * depth


def _cite(arg: str) -> str:
    """``KEY`` or ``KEY link text``: a link to a registered source (``sources.py``)."""
    key, _, text = arg.partition(" ")
    if key not in sources.all_sources():
        raise KeyError(f"no source {key!r} in the registry (nextround_site/sources.py)")
    return sources.cite(key, text.strip())


def _step_number(arg: str) -> int:
    if not arg.isdigit():
        raise ValueError(f"expected a step number, got {arg!r}")
    return int(arg)


HANDLERS = {
    "steps-overview": lambda arg, base: pages.steps_overview(base),
    "checklist": lambda arg, base: pages.checklist_html(_step_number(arg)),
    "full-checklist": lambda arg, base: pages.full_checklist(base),
    "worksheet-form": lambda arg, base: form.worksheet_html(),
    "cite": lambda arg, base: _cite(arg),
    "sources": lambda arg, base: sources.sources_page(),
    "checklist-downloads": lambda arg, base: print_checklist.download_links(base, print_checklist.sizes()),
    "regions": lambda arg, base: regions.regions_html(),
    "region-topic": lambda arg, base: regions.topic_html(arg, base),
    "template": lambda arg, base: pages.template_block(arg),
    "who-gets-what": lambda arg, base: pages.who_gets_what(),
    "door": lambda arg, base: pages.door_line(arg),
}


def expand(markdown: str, src_uri: str) -> str:
    """Replace every shortcode in ``markdown`` (a page whose source is ``src_uri``)."""
    base = _base(src_uri)

    def replace(match: re.Match) -> str:
        name, arg = match.group(1), (match.group(2) or "").strip()
        handler = HANDLERS.get(name)
        if handler is None:
            raise ValueError(f"{src_uri}: unknown shortcode nr:{name} (known: {', '.join(sorted(HANDLERS))})")
        try:
            out = handler(arg, base)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{src_uri}: shortcode nr:{name} {arg}: {exc}") from exc
        line_start = markdown.rfind("\n", 0, match.start()) + 1
        indent = markdown[line_start:match.start()]
        if indent and not indent.strip():
            out = re.sub(r"\n(?=[^\n])", "\n" + indent, out)
        return out

    return SHORTCODE.sub(replace, markdown)
