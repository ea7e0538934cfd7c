"""Every external link on the site, defined once.

A page cites a source by its key (the shortcode syntax is up to ``shortcodes.py``); the Sources
page is generated from this registry, and a test checks that no built page links an external
address that is not here. Region help (``regions.py``) keeps its official pages as ``Source``
records too; ``all_sources()`` is the union of both.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of source, best first (../shared/content-brief.md, "Rules for sources").
KINDS = ("official", "research", "university", "employer", "news", "advice")


@dataclass(frozen=True)
class Source:
    key: str          # stable id a page cites, e.g. "robert-half-2017"
    publisher: str    # who published the page, e.g. "Robert Half"
    title: str        # the page's own title
    url: str          # the article itself: never a home page or a shortlink
    kind: str         # one of KINDS
    checked: str      # ISO date the page was last read and found to say what we cite
    year: int | None = None  # year of publication or of the survey
    asked: str = ""   # for surveys: who was asked, how many, where


SOURCES: dict[str, Source] = {}


def all_sources() -> dict[str, Source]:
    """The general registry and the region help's official pages, by key."""
    from nextround_site import regions

    merged = dict(SOURCES)
    for src in regions.REGION_SOURCES.values():
        if src.key in merged:
            raise ValueError(f"source key {src.key!r} is defined twice")
        merged[src.key] = src
    return merged
