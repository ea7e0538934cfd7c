"""The site menu on a narrow screen, by keyboard: Material's closed navigation drawer keeps
none of its links in the Tab order, and its menu button takes focus and opens it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 320, "height": 256}],
                         ids=["phone", "zoom-400"])
def test_the_closed_menu_is_out_of_the_tab_order_and_its_button_opens_it(browser, server, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(server + "steps/reflect/")
    drawer = page.locator(".md-sidebar--primary")
    # Tab through the page: focus never lands in the closed drawer, and it reaches the button.
    reached_button = False
    for _ in range(60):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => {
          const el = document.activeElement;
          return { inDrawer: !!el.closest('.md-sidebar--primary'),
                   button: el.matches('button.nr-menu-button') };
        }""")
        assert not where["inDrawer"]
        if where["button"]:
            reached_button = True
            break
    assert reached_button
    button = page.locator('button.nr-menu-button')
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#__drawer")).to_be_checked()
    assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    page.keyboard.press("Escape")
    expect(page.locator("#__drawer")).not_to_be_checked()
    expect(button).to_be_focused()
    context.close()
