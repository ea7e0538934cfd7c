"""Accessibility: axe-core finds no violation on any page (and on the worksheet in its main
states: empty, one entry filled, drafts shown, a storage warning shown), in light and dark.

Material follows ``prefers-color-scheme`` through the palette's ``media`` queries: on load its
JavaScript picks the matching palette and writes it to ``<body data-md-color-scheme>``
(``default`` or ``slate``). A choice made with the toggle is stored in localStorage
(``<scope>.__palette``) and wins on later pages. Each test checks the scheme really applied
(attribute *and* a dark or light computed background) before it runs axe.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import nav_pages

pytestmark = pytest.mark.browser

AXE = Axe()
SCHEMES = {"light": "default", "dark": "slate"}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def luminance(css_color: str) -> float:
    """Relative luminance of an ``rgb(...)``/``rgba(...)`` colour string."""
    parts = css_color[css_color.index("(") + 1 : css_color.index(")")].replace("/", ",").split(",")
    channels = []
    for raw in parts[:3]:
        c = float(raw) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def assert_scheme(page: Page, scheme: str) -> None:
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    if scheme == "dark":
        assert luminance(background) < 0.05, f"dark scheme requested, body background is {background}"
    else:
        assert luminance(background) > 0.8, f"light scheme requested, body background is {background}"


def open_page(page: Page, url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    assert_scheme(page, scheme)


# Colour transitions (the search overlay fading in, a palette switch) make axe read blended,
# in-between colours. Wait for every finite CSS animation and transition to finish first.
SETTLE = """() => Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null)))"""


def settle(page: Page) -> None:
    for _ in range(2):  # a finished transition can start another (e.g. results rendering)
        page.evaluate(SETTLE)
        page.wait_for_timeout(50)


def violations(page: Page) -> list[str]:
    """axe-core violations as readable lines (rule, impact, element, what to fix)."""
    settle(page)
    found = []
    for rule in AXE.run(page).response["violations"]:
        for node in rule["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            found.append(f"{rule['id']} ({rule['impact']}): {node['html'][:160]} -> {summary[:300]}")
    return found


def axe_pages(page: Page, base: str, paths: list[str], scheme: str) -> dict[str, list[str]]:
    failures = {}
    for path in paths:
        open_page(page, base + path, scheme)
        found = violations(page)
        if found:
            failures[path or "/"] = found
    return failures


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_has_no_axe_violation(page: Page, server, site_dir, scheme, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    paths = nav_pages(site_dir) + ["404.html"]
    assert len(paths) > 10
    failures = axe_pages(page, server, paths, scheme)
    assert not failures, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in failures.items())


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_dialog_with_results_has_no_axe_violation(page: Page, server, scheme):
    open_page(page, server + "steps/reflect/", scheme)
    page.keyboard.press("/")
    dialog = page.get_by_role("dialog", name="Search this site")
    page.keyboard.type("feedback")
    expect(dialog.locator(".md-search-result__item").first).to_be_visible()
    assert violations(page) == []


def test_dark_palette_chosen_with_the_toggle_is_applied_on_the_next_page(page: Page, server):
    open_page(page, server, "light")
    page.locator("label[title='Switch to dark mode']").click()
    assert_scheme(page, "dark")
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.endsWith('.__palette'))")
    assert stored, "Material did not store the palette choice"
    page.goto(server + "steps/reflect/")  # the system still says light
    assert_scheme(page, "dark")
    assert violations(page) == []


def test_markdown_task_list_boxes_are_named_by_their_item(page: Page, server, site_dir):
    """Every checkbox on every page has an accessible name (task lists included)."""
    unnamed = {}
    for path in nav_pages(site_dir):
        page.goto(server + path)
        boxes = page.locator("input[type=checkbox]:not(.md-toggle):not(.md-option)")
        for i in range(boxes.count()):
            box = boxes.nth(i)
            name = box.evaluate(
                "el => (el.getAttribute('aria-label') || [...el.labels].map(l => l.textContent).join(' ')).trim()"
            )
            if not name:
                unnamed.setdefault(path, []).append(box.evaluate("el => el.outerHTML"))
    assert not unnamed, unnamed


# --- the worksheet in its main states ---------------------------------------------------------

READY_MS = 90_000
FILL_STORAGE = """() => {
    // Fill this origin's storage to the last character: big chunks first, then smaller ones.
    let size = 1024 * 1024, i = 0, name = "none";
    while (size >= 1) {
        try { localStorage.setItem("a11y.filler." + i, "x".repeat(size)); i++; }
        catch (e) { name = e.name; size = Math.floor(size / 2); }
    }
    return name;
}"""


RENDER_ALL = """() => {
    // The worksheet renders sections below the fold lazily (content-visibility: auto). axe
    // cannot compute colours for content that is not laid out (it reports the footer as the
    // background), so lay every section out, as scrolling to it would. CSSOM, so CSP allows it.
    let n = 0;
    for (const el of document.querySelectorAll("*")) {
        if (getComputedStyle(el).contentVisibility === "auto") { el.style.contentVisibility = "visible"; n++; }
    }
    return n;
}"""


def check_state(page: Page, state: str, failures: dict) -> None:
    page.evaluate(RENDER_ALL)
    found = violations(page)
    if found:
        failures[state] = found


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_worksheet_states_have_no_axe_violation(page: Page, server, scheme, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    failures: dict[str, list[str]] = {}
    open_page(page, server + "worksheet/", scheme)
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)
    check_state(page, "empty", failures)

    page.get_by_label("Company", exact=True).fill("Acme Widgets")
    page.get_by_label("Role", exact=True).fill("Product Designer")
    page.get_by_label("Interviewer name", exact=True).fill("Priya Shah")
    page.get_by_label("Stage", exact=True).select_option("final")
    ratings = page.locator("details[data-fold]").filter(has_text="How it went")
    if ratings.get_attribute("open") is None:  # folded while empty on a phone
        ratings.locator("summary").click()
    page.get_by_role("group", name="My answers").get_by_label("4", exact=True).check()
    page.get_by_label("Went well 1", exact=True).fill("Portfolio walkthrough")
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))
    check_state(page, "one entry filled", failures)

    drafts = page.locator("#nr-draft-list article")
    expect(drafts.first).to_be_visible(timeout=10_000)
    expect(drafts.first).to_contain_text("Priya Shah")
    drafts.first.scroll_into_view_if_needed()
    check_state(page, "drafts shown", failures)
    page.evaluate("location.hash = '#step-3'")  # one step on a phone: its notes, Back, Next
    expect(page.locator("#step-3-title")).to_be_focused()
    check_state(page, "step 3 with its notes", failures)
    page.evaluate("location.hash = '#nr-tasks'")  # the task list and the overview
    expect(page.locator("#nr-tasks-title")).to_be_focused()
    check_state(page, "overview", failures)

    assert page.evaluate(FILL_STORAGE) == "QuotaExceededError"
    page.get_by_label("Role", exact=True).fill("Written while storage is full")
    warning = page.locator("#nr-msg-storage")
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("role", "alert")
    check_state(page, "storage warning shown", failures)
    assert_scheme(page, scheme)  # still the requested scheme at the end

    assert not failures, "\n".join(f"{s}:\n  " + "\n  ".join(v) for s, v in failures.items())
