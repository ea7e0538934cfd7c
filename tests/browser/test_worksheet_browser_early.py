"""Typing before the worksheet's script has bound the form never replaces stored text.

The test server holds ``app.js`` back for real (tests/slow_server.py), as a slow link or a
busy phone does. The stored entry must be on screen before anything can be typed, and what
is typed before the script binds is merged into the stored entry, never substituted: also
when it reaches the next page through early.js's pagehide copy, and also when another tab
changed the entry in between.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from slow_server import slow_server  # noqa: F401 - fixture
from worksheet import model

pytestmark = pytest.mark.browser

KEY = "nextround.worksheet"
PENDING = "nextround.worksheet.pending"
APP = "assets/worksheet/app.js"


def label(page: Page, text: str):
    return page.get_by_label(text, exact=True)


def a_document(**values) -> dict:
    doc = model.empty_document()
    entry = model.new_entry("entry-one", "2026-11-20T10:00:00Z")
    for key, value in values.items():
        model.set_value(entry, key, value)
    doc["entries"].append(entry)
    doc["settings"]["active_entry"] = entry["id"]
    return doc


def seed(page: Page, base: str, doc: dict) -> None:
    page.goto(base + "404.html")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(doc)])


def stored_entry(page: Page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))["entries"][0]


def bound(page: Page):
    return page.locator('#nr-worksheet[data-bound="true"]')


def wait_saved(page: Page) -> None:
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"), timeout=30_000)


STORED = {
    "company": "Stored Co",
    "reflection.my_questions": "What does a good first month look like?",
    "reflection.ratings.answers": 4,
    "reflection.went_well": ["Stored one", "Stored two"],
    "thank_you.sent": True,
}


def test_stored_entry_is_on_screen_before_the_script_binds(page: Page, slow_server):
    slow = slow_server({APP: None})
    seed(page, slow.url, a_document(**STORED))
    page.goto(slow.url + "worksheet/", wait_until="commit")
    # The main script is still on its way, yet the stored entry is already there.
    expect(label(page, "Company")).to_have_value("Stored Co", timeout=5_000)
    expect(label(page, "Questions I asked them")).to_have_value(STORED["reflection.my_questions"])
    expect(page.get_by_role("group", name="My answers").get_by_label("4", exact=True)).to_be_checked()
    expect(label(page, "Went well 2")).to_have_value("Stored two")
    expect(label(page, "Thank-you note sent")).to_be_checked()
    assert bound(page).count() == 0
    # Typing now is typing on top of what the person sees.
    questions = label(page, "Questions I asked them")
    questions.click()
    questions.press("Control+End")
    questions.press_sequentially(" And who would I work with?")
    label(page, "Went well 3").fill("Typed before the script")
    assert bound(page).count() == 0
    slow.release()  # now the script arrives and binds the form
    expect(bound(page)).to_have_count(1, timeout=60_000)
    wait_saved(page)
    entry = stored_entry(page)
    assert entry["company"] == "Stored Co"
    assert entry["reflection"]["my_questions"] == "What does a good first month look like? And who would I work with?"
    assert entry["reflection"]["went_well"] == ["Stored one", "Stored two", "Typed before the script"]
    assert entry["reflection"]["ratings"]["answers"] == 4
    assert entry["thank_you"]["sent"] is True


def test_typing_kept_by_early_js_is_merged_with_a_newer_save(context, slow_server):
    """The person types while app.js is held back and leaves; meanwhile another tab saved a
    newer version of the same entry. On the next visit both are kept."""
    slow = slow_server({APP: None})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    seed(page, slow.url, a_document(**{
        "notes": "First version",
        "reflection.went_well": ["Stored one"],
    }))
    page.goto(slow.url + "worksheet/", wait_until="commit")
    expect(label(page, "Notes")).to_have_value("First version")
    # Another tab of the same browser saves a newer version of the entry.
    other = context.new_page()
    other.goto(slow.url + "404.html")
    other.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(a_document(**{
        "notes": "Second version, from another tab",
        "reflection.went_well": ["Stored one", "Added in the other tab"],
        "reflection.ratings.answers": 3,
    }))])
    other.close()
    notes = label(page, "Notes")
    notes.click()
    notes.press("Control+End")
    notes.press_sequentially(", typed here")
    label(page, "Went well 2").fill("Typed here too")
    page.get_by_role("group", name="My answers").get_by_label("5", exact=True).check()
    assert bound(page).count() == 0
    slow.delays.clear()  # the next page gets app.js at once; this one never does
    page.reload(wait_until="commit")
    expect(bound(page)).to_have_count(1, timeout=60_000)
    assert not errors, errors
    wait_saved(page)
    entry = stored_entry(page)
    assert "Second version, from another tab" in entry["notes"]
    assert "First version, typed here" in entry["notes"]
    assert entry["reflection"]["went_well"] == ["Stored one", "Added in the other tab", "Typed here too"]
    # A rating picked over a value the person never saw does not replace it; they are told.
    assert entry["reflection"]["ratings"]["answers"] == 3
    message = page.locator("#nr-msg-typed")
    expect(message).to_contain_text("nothing was replaced")
    expect(message).to_contain_text("My answers")
    expect(label(page, "Notes")).to_have_value(entry["notes"])
    assert page.evaluate(f"localStorage.getItem('{PENDING}')") is None
