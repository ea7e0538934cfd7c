"""The source registry (``nextround_site/sources.py``): every entry is complete and of an allowed
kind, no address is a shortlink or a home page, and no figure rests on an advice source."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest

from nextround_site import shortcodes, sources

ENTRIES = list(sources.all_sources().values())


@pytest.mark.parametrize("src", ENTRIES, ids=lambda s: s.key)
def test_every_entry_has_a_kind_a_checked_date_and_a_publisher(src):
    assert src.kind in sources.KINDS, f"{src.key}: kind {src.kind!r} is not one of {sources.KINDS}"
    assert datetime.date.fromisoformat(src.checked), f"{src.key}: checked {src.checked!r} is not a date"
    assert src.publisher.strip() and src.title.strip()


@pytest.mark.parametrize("src", ENTRIES, ids=lambda s: s.key)
def test_no_address_is_a_shortlink_or_a_home_page(src):
    parts = urlsplit(src.url)
    assert parts.scheme == "https", f"{src.key}: {src.url} is not https"
    assert parts.path not in {"", "/"}, f"{src.key}: {src.url} is a home page, not the article"
    assert not re.search(r"(^|&)p=\d+", parts.query), f"{src.key}: {src.url} is a blog shortlink"
    assert "archive" not in parts.hostname, f"{src.key}: {src.url} is an archived copy"


@pytest.mark.parametrize("src", [s for s in ENTRIES if s.asked], ids=lambda s: s.key)
def test_a_survey_names_its_year_and_is_never_advice(src):
    """A source with ``asked`` holds a figure: it says when, and it is not a job site's guide."""
    assert src.year, f"{src.key}: a survey needs its year"
    assert src.kind != "advice", f"{src.key}: a figure may not rest on an advice source"


def test_each_general_source_is_listed_under_a_known_section():
    for src in sources.SOURCES.values():
        assert src.topic in sources.TOPICS, f"{src.key}: no Sources section {src.topic!r}"
        assert src.supports, f"{src.key}: say what it supports on the site"


def test_keys_and_addresses_are_defined_once():
    urls = [s.url for s in sources.SOURCES.values()]
    assert len(urls) == len(set(urls)), "one address, one entry"
    assert all(k == s.key for k, s in sources.SOURCES.items())


def test_the_sources_page_lists_every_entry_with_its_kind_and_date():
    page = sources.sources_page()
    for src in ENTRIES:
        line = next((ln for ln in page.splitlines() if f"]({src.url})" in ln), None)
        assert line, f"{src.key} is not on the Sources page"
        assert sources.KIND_LABELS[src.kind] in line and "checked" in line


def test_cite_links_the_article_and_an_unknown_key_stops_the_build():
    md = shortcodes.expand("See <!-- nr:cite us-eeoc-time-limits the EEOC's time limits -->.", "faq.md")
    assert md == "See [the EEOC's time limits](https://www.eeoc.gov/time-limits)."
    default = shortcodes.expand("<!-- nr:cite ico-sar -->", "faq.md")
    assert default == f"[{sources.SOURCES['ico-sar'].title}]({sources.SOURCES['ico-sar'].url})"
    with pytest.raises(ValueError, match="no source 'no-such-key'"):
        shortcodes.expand("<!-- nr:cite no-such-key text -->", "faq.md")


def test_region_pages_are_listed_in_their_own_section(monkeypatch):
    from nextround_site import regions

    page = sources.Source(key="xx-test-body", publisher="A test body", title="A test page",
                          url="https://example.org/a/test/page", kind="official", checked="2026-12-04")
    monkeypatch.setattr(regions, "REGION_SOURCES", {page.key: page})
    text = sources.sources_page()
    assert "## Help where you live {#regions}" in text
    assert text.index("[A test page](https://example.org/a/test/page)") > text.index("{#regions}")
    clash = sources.Source(**{**page.__dict__, "key": "ico-sar"})
    monkeypatch.setattr(regions, "REGION_SOURCES", {clash.key: clash})
    with pytest.raises(ValueError, match="defined twice"):
        sources.all_sources()
