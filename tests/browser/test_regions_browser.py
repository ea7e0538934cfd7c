"""Help where you live in Chromium, over real HTTP: the place the reader chooses is remembered in
this browser across pages and reloads, comes first and open, and choosing it sends nothing; a
guess from the time zone is only offered; without JavaScript every place is listed, folded."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from nextround_site import regions

pytestmark = pytest.mark.browser

PAGE = "help-where-you-live/"


def order(page: Page, topic: str) -> list[str]:
    return page.locator(f'.nr-regions[data-topic="{topic}"] > details').evaluate_all(
        "els => els.map(e => e.dataset.region)")


def opened(page: Page, topic: str) -> list[str]:
    return page.locator(f'.nr-regions[data-topic="{topic}"] > details').evaluate_all(
        "els => els.filter(e => e.open).map(e => e.dataset.region)")


def stored(page: Page) -> str | None:
    return page.evaluate(f"localStorage.getItem({regions.STORAGE_KEY!r})")


def test_chosen_region_is_remembered_across_pages_and_reloads(browser: Browser, server):
    # Service workers blocked: the offline precache would otherwise fetch the site (same origin)
    # in the background, and this test wants to see that choosing makes no request at all.
    context = browser.new_context(timezone_id="Europe/London", locale="en-GB", service_workers="block")
    page = context.new_page()
    page.goto(server + PAGE, wait_until="networkidle")
    codes = [r.code for r in regions.REGIONS]
    assert order(page, "all") == codes and opened(page, "all") == []
    assert stored(page) is None

    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page.select_option("#nr-region-select-all", "sg")
    page.click(".nr-regions[data-topic=all] .nr-region-save")
    expect(page.locator(".nr-regions[data-topic=all] .nr-region-status")).to_have_text(
        "Singapore is shown first.")
    assert requests == [], f"choosing a place made requests: {requests}"
    assert stored(page) == "sg"
    assert order(page, "all")[0] == "sg" and opened(page, "all") == ["sg"]

    page.goto(server + "steps/dont-take-it-personally/")
    assert order(page, "fairness")[0] == "sg" and opened(page, "fairness") == ["sg"]
    expect(page.locator('.nr-regions[data-topic=fairness] details[data-region="sg"]')).to_contain_text("TAFEP")
    page.reload()
    assert order(page, "fairness")[0] == "sg" and opened(page, "fairness") == ["sg"]
    page.goto(server + "faq/")
    assert opened(page, "crisis") == ["sg"] and opened(page, "notes") == ["sg"]
    expect(page.locator('.nr-regions[data-topic=crisis] details[data-region="sg"] a[href="tel:1771"]')).to_be_visible()
    page.goto(server + "steps/next-steps/")
    assert opened(page, "coaching") == ["sg"]
    page.goto(server + "worksheet/")
    assert order(page, "unemployment")[0] == "sg" and opened(page, "unemployment") == ["sg"]
    context.close()


def test_a_guess_is_offered_never_applied(browser: Browser, server):
    context = browser.new_context(timezone_id="Pacific/Auckland", locale="en-NZ")
    page = context.new_page()
    page.goto(server + PAGE)
    suggest = page.locator(".nr-regions[data-topic=all] .nr-region-suggest")
    expect(suggest).to_be_visible()
    expect(suggest).to_contain_text("Looks like New Zealand?")
    assert opened(page, "all") == [] and stored(page) is None
    suggest.get_by_role("button", name="Choose New Zealand").click()
    assert stored(page) == "nz" and opened(page, "all") == ["nz"]
    expect(suggest).to_be_hidden()

    page.click(".nr-regions[data-topic=all] .nr-region-forget")
    assert stored(page) is None and opened(page, "all") == []
    expect(suggest).to_be_visible()
    context.close()


def test_on_a_guidance_page_a_choice_folds_the_picker_to_one_button(browser: Browser, server):
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    page.goto(server + "faq/")
    chooser = page.locator(".nr-regions[data-topic=notes] .nr-region-chooser")
    chooser.locator("select").select_option("ie")
    chooser.locator(".nr-region-save").click()
    expect(chooser.locator("select")).to_be_hidden()
    expect(chooser.get_by_role("button", name="Forget my choice")).to_be_visible()
    assert opened(page, "notes") == ["ie"] and opened(page, "crisis") == ["ie"]
    context.close()


def test_a_choice_in_another_tab_is_followed(browser: Browser, server):
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    first.goto(server + PAGE)
    second.goto(server + "faq/")
    first.select_option("#nr-region-select-all", "au")
    first.click(".nr-regions[data-topic=all] .nr-region-save")
    expect(second.locator('.nr-regions[data-topic=crisis] details[data-region="au"]')).to_have_attribute("open", "")
    context.close()


def test_without_javascript_every_region_is_listed_folded(browser: Browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + PAGE)
    block = page.locator(".nr-regions[data-topic=all]")
    expect(block.locator(".nr-region-chooser")).to_be_hidden()
    summaries = block.locator("details > summary")
    expect(summaries).to_have_text([r.name for r in regions.REGIONS])
    assert opened(page, "all") == []
    summaries.filter(has_text="India").click()
    expect(block.locator('details[data-region="in"]')).to_contain_text("National Career Service")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_chosen_region_and_its_open_details_have_no_axe_violation(browser: Browser, server, scheme):
    from test_a11y import open_page, violations

    context = browser.new_context(timezone_id="Asia/Singapore", locale="en-SG")
    page = context.new_page()
    open_page(page, server + PAGE, scheme)
    expect(page.locator(".nr-regions[data-topic=all] .nr-region-suggest")).to_be_visible()
    assert violations(page) == []
    page.click(".nr-regions[data-topic=all] .nr-region-suggest-button")
    # Every place open: every topic, link and reason in view of axe.
    page.locator(".nr-regions[data-topic=all] details").evaluate_all("els => els.forEach(e => { e.open = true; })")
    assert violations(page) == []
    page.goto(server + "faq/")
    assert violations(page) == []
    context.close()
