"""Markdown fragments generated from the source, and the shortcode dispatcher."""

from pathlib import Path

import pytest

from nextround_site import pages, shortcodes
from worksheet import codec, content, drafts, model
from conftest import ROOT


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


# --- the Templates page and the "Who gets what" box come from the engine -------------------------

DOCS = ROOT / "docs"
TEMPLATE_FENCE = "``` { .text .nr-template }"


def _blocks(markdown: str) -> list[str]:
    """The copyable blocks of expanded Markdown, each without its indent."""
    blocks, lines = [], markdown.split("\n")
    for i, line in enumerate(lines):
        if line.strip() == TEMPLATE_FENCE:
            indent = line[: len(line) - len(line.lstrip())]
            end = next(j for j in range(i + 1, len(lines)) if lines[j] == indent + "```")
            blocks.append("\n".join(row.removeprefix(indent) for row in lines[i + 1:end]))
    return blocks


def _engine_text(kind: str, variant: str = "") -> str:
    """The engine's draft for an entry whose every fact is the blank the page explains."""
    entry = model.new_entry("t", "2026-01-01T00:00:00Z")
    facts = {"company": "[Company]", "role": "[Role]", "news_via": "email", "news_from.name": "[Name]",
             "thank_you.topic": "[Topic we discussed]",
             "interviewers": [] if variant == "agency" else [{"name": "[Name]", "title": ""}]}
    for key, value in facts.items():
        model.set_value(entry, key, value)
    if variant == "agency":
        model.set_value(entry, "news_from.agency", True)
    d = drafts.draft(codec.validate_entry(entry), kind)
    return f"Subject: {d['subject']}\n\n{d['body']}"


def test_the_templates_page_shows_exactly_the_engines_drafts():
    expanded = shortcodes.expand((DOCS / "templates.md").read_text(encoding="utf-8"), "templates.md")
    blocks = _blocks(expanded)
    expected = [
        _engine_text("reply_to_rejection"), _engine_text("feedback_brief"), _engine_text("feedback_warm"),
        _engine_text("reply_to_rejection", "agency"), _engine_text("thank_you"),
        None,  # thanks for your feedback: not a draft of the worksheet
        _engine_text("follow_up_1"), _engine_text("follow_up_2"),
    ]
    assert len(blocks) == len(expected)
    for block, text in zip(blocks, expected):
        if text is not None:
            assert block == text
    assert drafts.door(final_round=True) in expanded  # the final-round line, as the drafts say it
    assert "pass my thanks on to the people I met at [Company]" in blocks[3]


def test_a_shortcode_on_an_indented_line_is_indented_as_a_whole():
    out = shortcodes.expand('=== "Brief"\n\n    <!-- nr:template feedback_brief -->\n', "templates.md")
    lines = out.split("\n")
    assert lines[2] == "    " + TEMPLATE_FENCE
    assert all(line.startswith("    ") or line == "" for line in lines[2:])
    assert "\n    ```\n" in out


def test_bad_template_arguments_stop_the_build():
    for arg in ("love_letter", "move_on", "thank_you sparkly"):
        with pytest.raises(ValueError, match="nr:template"):
            shortcodes.expand(f"<!-- nr:template {arg} -->", "templates.md")
    with pytest.raises(ValueError, match="nr:door"):
        shortcodes.expand("<!-- nr:door first -->", "templates.md")


@pytest.mark.parametrize("page", ["index.md", "steps/thank-you-note.md", "templates.md"])
def test_who_gets_what_is_one_box_shown_on_home_step_3_and_templates(page):
    markdown = (DOCS / page).read_text(encoding="utf-8")
    assert markdown.count("<!-- nr:who-gets-what -->") == 1
    box = shortcodes.expand("<!-- nr:who-gets-what -->", page)
    assert box.startswith('!!! info "Who gets what"\n')
    for who, what in drafts.WHO_GETS_WHAT:
        assert f"    - **{who}:** {what}\n" in box
