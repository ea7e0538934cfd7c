"""Help where you live (``nextround_site/regions.py``): every region has every topic or says why
not, every link is an official page in the registry, and the HTML lists every region, folded."""

from __future__ import annotations

import re
from datetime import date

import pytest

from nextround_site import form, regions, shortcodes
from nextround_site.sources import all_sources


def test_every_region_has_every_topic_or_says_why_not():
    assert [r.code for r in regions.REGIONS][-1] == "other"
    for r in regions.REGIONS:
        assert set(r.topics) == set(regions.TOPICS), r.code
        for topic, help_ in r.topics.items():
            if isinstance(help_, str):
                assert len(help_.strip()) > 20, f"{r.code}/{topic}: a reason must say why"
            else:
                assert help_.text.strip() and help_.sources, f"{r.code}/{topic}"


def test_every_topic_links_official_pages_of_its_own_region():
    for r in regions.REGIONS:
        for topic, help_ in r.topics.items():
            if isinstance(help_, str):
                continue
            for key in help_.sources:
                src = regions.REGION_SOURCES[key]
                assert src.kind == "official", key
                assert key.startswith(f"{r.code}-"), f"{key} is not prefixed by {r.code}-"
                assert date.fromisoformat(src.checked) <= date(2026, 12, 4)
                assert src.url.startswith("https://"), key


def test_every_region_source_is_used_and_in_the_registry():
    used = {key for r in regions.REGIONS for h in r.topics.values() if not isinstance(h, str)
            for key in h.sources}
    assert used == set(regions.REGION_SOURCES)
    registry = all_sources()
    for key, src in regions.REGION_SOURCES.items():
        assert registry[key] is src


def test_singapore_is_complete():
    sg = regions.region("sg")
    assert all(not isinstance(h, str) for h in sg.topics.values())


def test_somewhere_else_says_where_to_look():
    other = regions.region("other")
    for words in ("public employment service", "equality", "data-protection", "crisis", "emergency"):
        assert words in other.intro


def test_the_page_lists_every_region_folded_with_every_source():
    page = regions.regions_html()
    details = re.findall(r"<details[^>]*>", page)
    assert len(details) == len(regions.REGIONS)
    assert not any(" open" in d for d in details), "no region is open before a choice"
    for r in regions.REGIONS:
        assert f"<summary>{r.name}</summary>" in page
    for src in regions.REGION_SOURCES.values():
        assert f'href="{src.url.replace("&", "&amp;")}"' in page
    assert '<div class="nr-region-chooser" hidden>' in page, "the chooser needs JavaScript"
    assert "\n\n" not in page, "a blank line would end the raw HTML block"


def test_phone_numbers_are_tap_to_call_links():
    page = regions.regions_html()
    for number in ("1771", "116123", "988", "131114", "1737", "0800100900"):
        assert f'href="tel:{number}"' in page, number


def test_a_call_phrase_missing_from_its_text_is_refused():
    bad = regions.Help("Call the line.", ("sg-moh-mindline-1771",), calls=("call 1771",))
    with pytest.raises(ValueError, match="call 1771"):
        regions._help_html(bad)


def test_topic_block_names_every_region_and_links_the_page():
    out = regions.topic_html("crisis", "../")
    for r in regions.REGIONS:
        assert f'data-region="{r.code}"' in out
    assert "[Help where you live](../help-where-you-live.md)" in out


def test_shortcode_with_an_unknown_topic_names_the_page():
    with pytest.raises(ValueError, match=r"faq\.md: shortcode nr:region-topic nonsense"):
        shortcodes.expand("<!-- nr:region-topic nonsense -->", "faq.md")


def test_worksheet_record_help_comes_before_the_record_and_has_no_control():
    html = form.form_html()
    start = html.index('<div class="nr-record-help">')
    assert start < html.index('id="f-record-applied-on"')
    block = html[start:html.index("</div>\n</div>", start)]
    assert 'data-topic="unemployment"' in block
    assert not re.search(r"<(select|input|button|textarea)\b", block), "the form owns its controls"
