"""Keyboard only: fill in a worksheet entry, copy a draft and export a backup with Tab, Enter,
Space, arrow keys and typing (no clicks), with a visible focus indicator at every stop.

"Visible" means the focused element, one of its labels, the label right after it (Material's
hidden palette radios) or its parent (a styled file-picker label) has an outline or a box
shadow. Playwright never clicks here: only ``page.keyboard`` moves and acts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

READY_MS = 90_000
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return {name: "", tag: "BODY", id: "", visible: false};
  }
  const shows = (n) => {
    if (!n || n.nodeType !== 1) return false;
    const s = getComputedStyle(n);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
      || (s.boxShadow !== "" && s.boxShadow !== "none");
  };
  const next = el.nextElementSibling && el.nextElementSibling.tagName === "LABEL" ? el.nextElementSibling : null;
  const visible = shows(el) || [...(el.labels || [])].some(shows) || shows(next) || shows(el.parentElement);
  const labelText = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const name = (el.getAttribute("aria-label") || labelText || el.textContent || "").replace(/\\s+/g, " ").trim();
  return {name, tag: el.tagName, id: el.id, type: el.type || "", visible,
          inArticle: !!el.closest("article.md-content__inner")};
}"""


class Keyboard:
    """Moves focus with the keyboard and records every stop whose focus is not visible."""

    def __init__(self, page: Page):
        self.page = page
        self.invisible: list[str] = []
        self.stops = 0

    def focused(self) -> dict:
        return self.page.evaluate(FOCUS)

    def press(self, key: str, end_allowed: bool = False) -> dict:
        """Press ``key``; record the stop if its focus is not visible (leaving the page at the
        end of the tab order is fine when ``end_allowed``)."""
        self.page.keyboard.press(key)
        info = self.focused()
        self.stops += 1
        if not info["visible"] and not (end_allowed and info["tag"] == "BODY"):
            self.invisible.append(f"after {key}: {info['tag']}#{info['id']} {info['name'][:60]!r}")
        return info

    def tab_to(self, wanted, limit: int = 250, back: bool = False) -> dict:
        """Press Tab (Shift+Tab if ``back``) until the focused element matches ``wanted``:
        an exact accessible name, or a predicate on the focus info."""
        match = wanted if callable(wanted) else (lambda info: info["name"] == wanted)
        for _ in range(limit):
            info = self.press("Shift+Tab" if back else "Tab")
            if match(info):
                return info
        raise AssertionError(f"{wanted!r} not reached with the keyboard in {limit} presses")


def by_id(element_id: str):
    return lambda info: info["id"] == element_id


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_fill_an_entry_copy_a_draft_and_export_a_backup_by_keyboard(context: BrowserContext, page: Page, server, scheme):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page.emulate_media(color_scheme=scheme)
    page.goto(server + "worksheet/")
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)
    keys = Keyboard(page)

    # The first stop is the skip link; it takes focus past the header and site navigation.
    assert keys.press("Tab")["name"] == "Skip to content"
    page.keyboard.press("Enter")
    assert keys.press("Tab")["inArticle"], "Skip to content did not move past the navigation"

    # Step 1 opens on tonight's few facts, then tonight's messages, then the rest.
    keys.tab_to("Company")
    page.keyboard.type("Acme Widgets")
    assert keys.press("Tab")["name"] == "Role"
    page.keyboard.type("Product Designer")
    keys.tab_to("Interviewer name")
    page.keyboard.type("Priya Shah")
    keys.tab_to("Stage")
    page.keyboard.type("Final")  # a closed <select> picks the option that starts with the typed text
    expect(page.get_by_label("Stage", exact=True)).to_have_value("final")
    keys.tab_to(lambda info: info["id"].startswith("f-reflection-ratings-answers"))
    for _ in range(4):  # arrows move through a radio group and select as they go
        keys.press("ArrowRight")
    expect(page.get_by_role("group", name="My answers").get_by_label("4", exact=True)).to_be_checked()
    keys.tab_to("Went well 1")
    page.keyboard.type("Portfolio walkthrough")
    keys.tab_to("A topic we discussed")
    page.keyboard.type("the design system migration")

    thank_you = page.locator('#nr-draft-list article[data-kind="thank_you"]')
    expect(thank_you).to_contain_text("the design system migration", timeout=15_000)
    # Step 3 ends with its own copy of the note, then "Thank-you note sent".
    note = page.locator('#nr-result-3 article[data-copy-of="thank_you"]')
    expect(note).to_contain_text("the design system migration")
    keys.tab_to("Copy Thank-you note to Priya Shah")
    page.keyboard.press("Enter")
    expect(note.get_by_role("button", name="Copy Thank-you note to Priya Shah")).to_have_text("Copied")
    body = note.locator("pre").inner_text()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Acme Widgets" in copied and "Priya" in copied
    assert body.strip() in copied.replace("\r\n", "\n")
    keys.tab_to("Thank-you note sent")
    page.keyboard.press("Space")
    expect(page.get_by_label("Thank-you note sent", exact=True)).to_be_checked()
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))

    keys.tab_to("Export backup")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    backup = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    entry = backup["entries"][0]
    assert entry["company"] == "Acme Widgets" and entry["role"] == "Product Designer"

    assert keys.stops > 40
    assert not keys.invisible, "focus not visible at:\n" + "\n".join(keys.invisible)


@pytest.mark.parametrize("path", ["", "templates/", "checklist/"])
def test_every_focus_stop_on_a_guidance_page_is_visible(page: Page, server, path):
    page.goto(server + path)
    keys = Keyboard(page)
    seen = set()
    for _ in range(300):
        info = keys.press("Tab", end_allowed=True)
        if info["tag"] == "BODY":
            break
        seen.add((info["tag"], info["id"], info["name"]))
    else:
        raise AssertionError("focus never left the page: a keyboard trap?")
    assert len(seen) > 15
    assert not keys.invisible, "focus not visible at:\n" + "\n".join(keys.invisible)
