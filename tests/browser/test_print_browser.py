"""Printing from the browser: guidance pages and the filled worksheet print as content only.

Chromium emulates print media (``page.emulate_media(media="print")``); each test first checks
that the page chrome is there on screen, so "hidden in print" is a real change, then asserts it
is hidden and that the text prints black-ish on white. Screenshots go to pytest's ``tmp_path``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from worksheet import content

pytestmark = pytest.mark.browser

# What must not print: page chrome and anything that is only a control.
CHROME = {
    "header": "header.md-header",
    "navigation": ".md-sidebar",
    "footer": "footer.md-footer",
    "search": ".md-search",
    "tabs": ".md-tabs",
    "back-to-top": ".md-top",
    "copy buttons": ".md-clipboard",
    "buttons": "button, .md-button, [role=button], input[type=button], input[type=submit]",
}
# Chrome that a Material page shows on screen (the others depend on page and width).
ON_SCREEN = ("header", "navigation", "footer")

STEP_PAGE = "steps/reflect/"


def rgb(css: str) -> tuple[float, ...]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    assert len(values) >= 3, css
    if len(values) == 4 and values[3] == 0:
        return (255.0, 255.0, 255.0)  # transparent: the paper shows through
    return tuple(values[:3])


def assert_screen_chrome_visible(page: Page) -> None:
    for name in ON_SCREEN:
        expect(page.locator(CHROME[name]).first, f"{name} on screen").to_be_visible()


def assert_print_chrome_hidden(page: Page) -> None:
    for name, selector in CHROME.items():
        elements = page.locator(selector)
        for i in range(elements.count()):
            expect(elements.nth(i), f"{name} #{i} must not print").to_be_hidden()


def assert_black_on_white(page: Page) -> None:
    for selector in ("html", "body", ".md-content"):
        background = page.locator(selector).first.evaluate("el => getComputedStyle(el).backgroundColor")
        assert min(rgb(background)) >= 245, f"{selector} background {background}"
    texts = page.locator(".md-content h1, .md-content h2, .md-content p, .md-content li, .md-content a, .md-content label")
    assert texts.count() > 3
    for i in range(min(texts.count(), 40)):
        element = texts.nth(i)
        if not element.is_visible():
            continue
        color = element.evaluate("el => getComputedStyle(el).color")
        assert max(rgb(color)) <= 64, f"{element.evaluate('el => el.outerHTML.slice(0, 80)')} prints in {color}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_step_page_prints_content_only_in_black_on_white(page: Page, server, tmp_path, scheme):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="screen", color_scheme=scheme)
    page.goto(server + STEP_PAGE)
    expect(page.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default"
    )
    assert_screen_chrome_visible(page)

    page.emulate_media(media="print", color_scheme=scheme)
    assert_print_chrome_hidden(page)
    expect(page.locator("h1").first).to_be_visible()
    assert_black_on_white(page)
    page.screenshot(path=tmp_path / f"step-print-{scheme}.png", full_page=True)


def test_external_links_print_their_address(page: Page, server, site_dir):
    # Any nav page with an external link in its content will do; the sources page has many.
    candidates = sorted(p.parent for p in site_dir.rglob("index.html") if 'href="http' in p.read_text("utf-8"))
    assert candidates, "no page in the built site links out"
    for folder in candidates:
        rel = folder.relative_to(site_dir).as_posix()
        page.goto(server + ("" if rel == "." else rel + "/"))
        link = page.locator(".md-content a[href^='http']").first
        if link.count():
            break
    else:
        pytest.fail("no page has an external link inside its content")
    href = link.get_attribute("href")
    page.emulate_media(media="screen")
    assert link.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal", '""')
    page.emulate_media(media="print")
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert after == f'" ({href})"', after


def test_checklist_page_prints_items_but_not_download_buttons(page: Page, server):
    page.goto(server + "checklist/")
    buttons = page.locator(".md-content a.md-button[href$='.pdf']")
    expect(buttons).to_have_count(2)
    expect(buttons.first).to_be_visible()
    page.emulate_media(media="print")
    assert_print_chrome_hidden(page)
    expect(page.locator(".nr-checklist").first).to_be_visible()
    assert_black_on_white(page)
    # Every item keeps an empty box to tick with a pen: a black square outline, no icon.
    boxes = page.locator(".nr-checklist .task-list-indicator")
    assert boxes.count() == sum(len(items) for _, items in content.checklist())
    for i in range(boxes.count()):
        style = boxes.nth(i).evaluate(
            "el => { const s = getComputedStyle(el, '::before');"
            " return [s.borderTopStyle, s.borderTopColor, s.maskImage, s.width, s.backgroundColor]; }"
        )
        border_style, border_color, mask, width, background = style
        assert border_style == "solid" and max(rgb(border_color)) <= 64, style
        assert mask == "none" and float(width.removesuffix("px")) >= 8, style
        assert min(rgb(background)) >= 245, style


def test_filled_worksheet_prints_without_navigation_or_buttons(page: Page, server, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "worksheet/")
    company = page.get_by_label("Company", exact=True)
    company.fill("Acme Widgets Ltd")
    expect(company).to_have_value("Acme Widgets Ltd")
    assert_screen_chrome_visible(page)
    expect(page.locator("#nr-worksheet button").first).to_be_visible()

    page.emulate_media(media="print")
    assert_print_chrome_hidden(page)
    # What the person wrote still prints: in the field itself or in a print-only rendering.
    in_field = company.is_visible() and company.input_value() == "Acme Widgets Ltd"
    as_text = page.get_by_text("Acme Widgets Ltd").filter(visible=True).count() > 0
    assert in_field or as_text, "the filled-in company does not print"
    page.screenshot(path=tmp_path / "worksheet-print.png", full_page=True)


def test_print_my_plan_prints_only_the_plan(page: Page, server, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "worksheet/")
    page.get_by_label("Company", exact=True).fill("Acme Widgets Ltd")
    page.get_by_role("button", name="Print my plan").click()

    page.emulate_media(media="print")
    assert_print_chrome_hidden(page)
    plan = page.locator("#nr-print")
    expect(plan).to_be_visible()
    expect(plan).to_contain_text("Acme Widgets Ltd")
    # Only the plan prints: the form with its fields stays off paper.
    expect(page.get_by_label("Company", exact=True)).to_be_hidden()
    for element in (plan, *plan.locator("h1, h2, dt, dd, p, li").all()):
        if element.is_visible():
            color = element.evaluate("el => getComputedStyle(el).color")
            assert max(rgb(color)) <= 64, color
    background = page.locator("body").evaluate("el => getComputedStyle(el).backgroundColor")
    assert min(rgb(background)) >= 245, background
    page.screenshot(path=tmp_path / "plan-print.png", full_page=True)
