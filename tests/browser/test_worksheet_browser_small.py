"""Small things on the worksheet page: the dialogs' Enter key, the saving
line after a reload, and how storage errors are told apart."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT
STORE_JS = ROOT / "docs" / "assets" / "worksheet" / "store.js"


def label(page: Page, text: str):
    return page.get_by_label(text, exact=True)


@pytest.mark.browser
def test_enter_in_the_rename_dialog_saves_the_name(page: Page, server):
    page.goto(server + "worksheet/")
    page.locator("#nr-rename").click()
    field = page.locator("#nr-rename-company")
    field.fill("Named with Enter")
    field.press("Enter")
    expect(page.locator("#nr-dialog")).not_to_be_visible()
    expect(label(page, "Company")).to_have_value("Named with Enter")
    expect(page.locator("#nr-entry-list")).to_contain_text("Named with Enter")


@pytest.mark.browser
def test_reloading_saved_data_does_not_say_nothing_is_saved(page: Page, server):
    page.goto(server + "worksheet/")
    label(page, "Company").fill("Saved before")
    expect(page.locator("#nr-saved")).to_contain_text("Saved at")
    page.reload()
    expect(label(page, "Company")).to_have_value("Saved before")
    expect(page.locator("#nr-saved")).to_have_text("Saved in this browser")


def test_only_a_security_error_counts_as_blocked_and_every_quota_error_as_full():
    node = shutil.which("node")
    assert node
    script = """
const { classify } = await import(process.argv[1]);
const cases = [
  { name: "QuotaExceededError", code: 22 }, { name: "NS_ERROR_DOM_QUOTA_REACHED", code: 1014 },
  { name: "Error", code: 1014 }, { name: "Error", code: 22 }, { name: "SecurityError", code: 18 },
  { name: "InvalidStateError", code: 11 }, { name: "TypeError" }, null,
];
process.stdout.write(JSON.stringify(cases.map(classify)));
"""
    out = subprocess.run([node, "--input-type=module", "-e", script, STORE_JS.as_uri()],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["full", "full", "full", "full", "blocked", "error", "error", "error"]


@pytest.mark.browser
def test_leaving_a_field_after_its_save_counts_one_change_not_two(page: Page, server):
    # The backup reminder counts saved changes. The `change` event that comes when the field is
    # left carries no new text: after the input's own save it must not count a second edit.
    page.goto(server + "worksheet/")
    company = label(page, "Company")
    company.fill("Counted once")
    expect(page.locator("#nr-saved")).to_contain_text("Saved at")
    company.blur()
    page.wait_for_timeout(700)  # past the 300 ms save delay
    stored = json.loads(page.evaluate("localStorage.getItem('nextround.worksheet')"))
    assert stored["settings"]["edits_since_export"] == 1


@pytest.mark.browser
def test_a_list_item_stays_in_its_row_after_a_reload(page: Page, server):
    # Typed into the second of three rows, with the first left empty: after a reload the text
    # is still in the second row, not moved up into the first.
    page.goto(server + "worksheet/")
    rows = page.locator('fieldset[data-list="reflection.went_well"] ol.nr-rows > li')
    expect(rows).to_have_count(3)
    rows.nth(1).locator("input, textarea").first.fill("Second row")
    expect(page.locator("#nr-saved")).to_contain_text("Saved at")
    page.reload()
    expect(page.locator("#nr-worksheet")).to_have_attribute("data-bound", "true")
    expect(rows.nth(1).locator("input, textarea").first).to_have_value("Second row")
    expect(rows.nth(0).locator("input, textarea").first).to_have_value("")
    stored = json.loads(page.evaluate("localStorage.getItem('nextround.worksheet')"))
    assert stored["entries"][0]["reflection"]["went_well"] == ["", "Second row"]  # trailing empty rows are not kept
