"""The built site in Chromium, over real HTTP: no request leaves the site's own origin, and
the site's search, tabs and copy buttons work on the guidance pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import nav_pages
from worksheet import content

pytestmark = pytest.mark.browser


def _foreign(url: str, origin: str) -> bool:
    """True for a request that would leave the site: anything but this origin, data: URLs
    and blob: URLs minted by this origin."""
    if url.startswith("data:") or url.startswith(f"blob:{origin}/"):
        return False
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" != origin


def test_every_page_requests_only_its_own_origin(context: BrowserContext, server, site_dir):
    origin = server.rstrip("/")
    requested: list[tuple[str, str]] = []
    current = {"page": ""}
    # The context sees the requests of every page and of their workers (Pyodide, search).
    context.on("request", lambda request: requested.append((current["page"], request.url)))
    page = context.new_page()
    pages = nav_pages(site_dir)
    for path in pages:
        current["page"] = path or "home"
        response = page.goto(server + path, wait_until="networkidle")
        assert response is not None and response.ok, f"{path or 'home'}: HTTP {response and response.status}"
        expect(page.locator("article h1")).to_have_count(1)
    assert {p for p, _ in requested} >= {p or "home" for p in pages}, "some pages made no request at all"
    # The search index is fetched from inside Material's search worker: seeing it proves the
    # recorder also sees what workers request (Pyodide runs in one on the worksheet page).
    assert any(url.endswith("/search/search_index.json") for _, url in requested)
    foreign = [(p, url) for p, url in requested if _foreign(url, origin)]
    assert not foreign, f"requests to other origins: {foreign}"


def test_the_foreign_request_check_would_catch_a_leak():
    origin = "http://127.0.0.1:8000"
    assert _foreign("https://fonts.googleapis.com/css?family=Roboto", origin)
    assert _foreign("http://127.0.0.1:9999/x.js", origin)
    assert _foreign("blob:https://example.com/1234", origin)
    assert not _foreign("http://127.0.0.1:8000/assets/x.js", origin)
    assert not _foreign("data:image/svg+xml,<svg/>", origin)
    assert not _foreign("blob:http://127.0.0.1:8000/1234", origin)


def test_search_for_thank_you_finds_the_templates_page(page: Page, server):
    page.set_viewport_size({"width": 1280, "height": 800})  # the search box sits in the header
    page.goto(server)
    query = page.locator("input.md-search__input")
    query.click()
    expect(query).to_be_focused()
    # Material searches on key events, so type like a person rather than fill().
    query.press_sequentially("thank you", delay=30)
    results = page.locator(".md-search-result__item")
    # The index is built in Material's search worker: give a busy machine time for it.
    expect(results.first).to_be_visible(timeout=30_000)
    expect(page.locator(".md-search-result__item a[href*='templates/']").first).to_be_visible(timeout=30_000)


def test_template_tabs_switch_and_every_template_has_a_copy_button(page: Page, server):
    page.goto(server + "templates/")
    blocks = page.locator("article pre")
    expect(blocks).to_have_count(8)
    # Material 9.8 puts a copy button beside each code block (feature content.code.copy).
    expect(page.locator("article .highlight button.md-code__button[data-md-type='copy']")).to_have_count(8)
    brief, warm = page.locator(".tabbed-block").nth(0), page.locator(".tabbed-block").nth(1)
    expect(brief).to_be_visible()
    expect(warm).to_be_hidden()
    page.locator(".tabbed-labels label", has_text="Warm").click()
    expect(warm).to_be_visible()
    expect(warm).to_contain_text("one thing I did well")
    expect(brief).to_be_hidden()

def test_guidance_pages_read_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "steps/reflect/")
        expect(page.locator("article h2", has_text="Why it matters")).to_be_visible()
        expect(page.locator("article .nr-checklist li")).to_have_count(len(content.step(1).checklist))
        page.goto(server)
        expect(page.locator(".nr-flow li")).to_have_count(5)
        expect(page.locator(".nr-flow li").first).to_be_visible()
    finally:
        context.close()


def _tab_to(page: Page, target, limit: int = 80) -> int:
    """Press Tab until ``target`` has focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    pytest.fail(f"Tab never reached {target} in {limit} presses")


def test_keyboard_alone_reaches_the_steps_and_switches_template_tabs(page: Page, server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server)
    page.keyboard.press("Tab")
    expect(page.locator("a.md-skip")).to_be_focused()
    page.keyboard.press("Enter")
    steps = page.locator(".nr-flow a")
    first = _tab_to(page, steps.nth(0))
    assert first < 15, "the diagram should come soon after skipping to the content"
    for n in range(1, 5):  # the five step links follow one another in order
        page.keyboard.press("Tab")
        expect(steps.nth(n)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(server + "steps/next-steps/")

    page.goto(server + "templates/")
    brief, warm = page.locator(".tabbed-block").nth(0), page.locator(".tabbed-block").nth(1)
    _tab_to(page, page.locator(".tabbed-set input").first)
    page.keyboard.press("ArrowRight")
    expect(warm).to_be_visible()
    expect(brief).to_be_hidden()
    page.keyboard.press("Tab")
    expect(page.locator(".tabbed-block").nth(1).locator("button.md-code__button")).to_be_focused()
