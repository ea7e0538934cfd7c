"""Field-level recovery: one bad value (a rating of 7, 30 February, an unknown stage) costs only
that value, never its entry. The engine's open sets the value aside in the entry
(``set_aside``); the page shows it next to the entry, offers it as a
download and lets the person remove it, and the rest of the entry loads and stays editable."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

KEY = "nextround.worksheet"
READY_MS = 90_000


def label(page: Page, text: str):
    return page.get_by_label(text, exact=True)


def test_a_bad_field_keeps_the_rest_of_its_entry(page: Page, server):
    page.goto(server + "worksheet/")
    label(page, "Company").fill("Good Co")
    label(page, "Notes").fill("Everything else is fine")
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at"))
    doc = json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))
    entry = doc["entries"][0]
    entry["reflection"]["ratings"]["answers"] = 7
    entry["interview_date"] = "2026-02-30"
    entry["stage"] = "tea_with_the_ceo"
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(doc)])
    page.reload()
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)
    kept = page.locator("#nr-set-aside")
    expect(kept).to_contain_text("Kept aside in this entry", timeout=15_000)
    expect(kept).to_contain_text("My answers")
    expect(kept).to_contain_text("2026-02-30")
    expect(page.locator("#nr-entry-list li")).to_have_count(1)
    expect(label(page, "Company")).to_have_value("Good Co")
    expect(label(page, "Notes")).to_have_value("Everything else is fine")
    label(page, "Notes").fill("Still editable")
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at"))
    saved = json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))["entries"][0]
    assert saved["notes"] == "Still editable"
    assert len(saved["set_aside"]) == 3
    with page.expect_download() as dl:
        kept.get_by_role("button", name="Download My answers").click()
    assert dl.value.suggested_filename.endswith(".json")
    kept.get_by_role("button", name="Remove My answers").click()
    page.locator("#nr-dialog-ok").click()
    expect(kept.locator("li")).to_have_count(2)
