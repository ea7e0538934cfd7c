"""Markdown fragments generated from the source, and the shortcode dispatcher."""

import pytest

from nextround_site import pages, shortcodes
from worksheet import content


def test_overview_links_every_step_from_the_given_base():
    text = pages.steps_overview("../")
    for s in content.STEPS:
        assert f"[{s.title}](../{s.page})" in text


def test_checklist_html_labels_every_box_and_escapes():
    html = pages.checklist_html(1)
    assert html.count('type="checkbox"') == len(content.step(1).checklist)
    assert html.count("<label") == len(content.step(1).checklist)
    assert "<script" not in html


def test_full_checklist_has_every_item():
    text = pages.full_checklist()
    for s in content.STEPS:
        assert s.title in text
        for item in s.checklist:
            assert item.replace("'", "&#x27;") in text


@pytest.mark.parametrize(
    "src_uri, base", [("index.md", ""), ("steps/reflect.md", "../"), ("a/b/c.md", "../../")]
)
def test_base_is_relative_to_the_page(src_uri, base):
    assert shortcodes._base(src_uri) == base


def test_expand_replaces_known_shortcodes():
    out = shortcodes.expand("Before\n\n<!-- nr:checklist 2 -->\n\nAfter", "steps/x.md")
    assert "nr:checklist" not in out
    assert content.step(2).checklist[0] in out


def test_unknown_shortcode_stops_the_build_naming_page_and_code():
    with pytest.raises(ValueError, match=r"faq.md: unknown shortcode nr:sparkles"):
        shortcodes.expand("<!-- nr:sparkles -->", "faq.md")


@pytest.mark.parametrize("arg", ["x", "9", ""])
def test_bad_step_argument_is_named(arg):
    with pytest.raises(ValueError, match="shortcode nr:checklist"):
        shortcodes.expand(f"<!-- nr:checklist {arg} -->", "checklist.md")
