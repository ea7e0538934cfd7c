"""The small seams of the worksheet, in real Chromium against the built site over HTTP:
"Your name" and a backup chosen before the page's script binds, the backup reminder after a
clock that ran ahead, a storage answer that never comes, email links too long for a mail app,
an email address outside the grammar the drafts need, and local dates on exported files.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from slow_server import slow_server  # noqa: F401 - fixture
from test_worksheet_browser import KEY, READY_MS, label, open_worksheet, stored, wait_ready, wait_saved
from test_worksheet_browser_early import APP, a_document, bound, seed

pytestmark = pytest.mark.browser

UTC = timezone.utc


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- "Your name" before the script binds ---------------------------------------------------


def named(name: str, **values) -> dict:
    doc = a_document(**values)
    doc["settings"]["your_name"] = name
    return doc


def type_your_name_before_the_script(page: Page, slow_server):
    """A stored name, the page's script held back, "Sam Typed" typed over the stored name
    (which is on screen before the script, like every other field). Returns the held server."""
    slow = slow_server({APP: None})
    seed(page, slow.url, named("Stored Name", company="Stored Co"))
    page.goto(slow.url + "worksheet/", wait_until="commit")
    name = label(page, "Your name")
    expect(name).to_have_value("Stored Name", timeout=5_000)
    name.fill("Sam Typed")
    assert bound(page).count() == 0
    return slow


def test_your_name_typed_before_the_script_binds_wins_over_the_stored_one(page: Page, slow_server):
    slow = type_your_name_before_the_script(page, slow_server)
    name = label(page, "Your name")
    slow.release()
    expect(bound(page)).to_have_count(1, timeout=60_000)
    wait_saved(page)
    expect(name).to_have_value("Sam Typed")
    assert stored(page)["settings"]["your_name"] == "Sam Typed"
    assert stored(page)["entries"][0]["company"] == "Stored Co"


def test_your_name_typed_before_the_script_binds_is_kept_when_the_person_leaves(page: Page, slow_server):
    slow = type_your_name_before_the_script(page, slow_server)
    page.goto(slow.url + "404.html")  # left before the script arrived: early.js keeps it
    slow.release()
    page.goto(slow.url + "worksheet/")
    expect(bound(page)).to_have_count(1, timeout=60_000)
    expect(label(page, "Your name")).to_have_value("Sam Typed")
    wait_saved(page)
    assert stored(page)["settings"]["your_name"] == "Sam Typed"


# ---- a backup chosen before the script binds ------------------------------------------------


def test_a_backup_chosen_before_the_script_binds_is_read_once_it_does(page: Page, slow_server, tmp_path: Path):
    slow = slow_server({APP: None})
    backup = tmp_path / "next-round-backup-2026-11-20.json"
    backup.write_text(json.dumps(a_document(company="From the backup")), encoding="utf-8")
    page.goto(slow.url + "worksheet/", wait_until="commit")
    page.locator("#nr-import-file").set_input_files(str(backup))
    assert bound(page).count() == 0
    slow.release()
    dialog = page.locator("#nr-dialog")
    expect(dialog).to_contain_text("Import this backup?", timeout=READY_MS)
    expect(dialog).to_contain_text("next-round-backup-2026-11-20.json")
    dialog.get_by_role("button", name="Import").click()
    expect(dialog).not_to_be_visible()
    wait_saved(page)
    assert "From the backup" in [e["company"] for e in stored(page)["entries"]]


# ---- the seven-day reminder after a clock that ran ahead ------------------------------------


@pytest.mark.parametrize("ahead", ["last_export", "created"])
def test_the_backup_reminder_comes_after_a_date_from_a_clock_that_was_ahead(page: Page, server, ahead):
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    doc = a_document(company="Acme", notes="Worth keeping")
    doc["entries"][0]["created"] = iso(start - timedelta(days=1))
    if ahead == "last_export":
        doc["settings"]["last_export"] = iso(start + timedelta(days=30))
    else:
        doc["entries"][0]["created"] = iso(start + timedelta(days=30))
    page.clock.set_system_time(start)
    seed(page, server, doc)
    open_worksheet(page, server)
    expect(bound(page)).to_have_count(1)
    reminder = page.locator("#nr-reminder")
    expect(reminder).to_be_hidden()
    page.clock.set_system_time(start + timedelta(days=8, hours=1))
    page.reload()
    expect(bound(page)).to_have_count(1)
    expect(reminder).to_be_visible()
    expect(reminder).to_contain_text("8 days ago")
    expect(reminder).not_to_contain_text("-")


# ---- a storage answer that never comes ------------------------------------------------------


def test_the_storage_line_says_something_true_when_the_browser_never_answers(context, server):
    # navigator.storage.persisted() that never settles, as seen in the field.
    context.add_init_script(
        "Object.defineProperty(StorageManager.prototype, 'persisted',"
        " {configurable: true, value() { return new Promise(() => {}); }});")
    page = context.new_page()
    seed(page, server, a_document(company="Acme", notes="Worth keeping"))
    open_worksheet(page, server)
    line = page.locator("#nr-storage")
    expect(line).to_contain_text("Keep a backup", timeout=15_000)
    expect(line).to_contain_text("has not said")


# ---- "Open in email" and long drafts ---------------------------------------------------------


def test_a_draft_too_long_for_an_email_link_offers_copy_with_a_note(page: Page, server):
    people = [
        {"name": "Ana", "title": "", "email": "ana@acme.example", "topic": "the migration plan, " * 120},
        {"name": "Bo", "title": "", "email": "bo@acme.example", "topic": "the team"},
    ]
    seed(page, server, a_document(company="Acme", role="Designer", interviewers=people))
    open_worksheet(page, server)
    wait_ready(page)
    long_note = page.locator("#nr-draft-list article.nr-draft", has_text="Thank-you note to Ana")
    short_note = page.locator("#nr-draft-list article.nr-draft", has_text="Thank-you note to Bo")
    expect(long_note).to_contain_text("too long to open in your email app", timeout=READY_MS)
    expect(long_note.locator("a", has_text="Open in email")).to_have_count(0)
    expect(long_note.get_by_role("button", name="Copy Thank-you note to Ana")).to_be_visible()
    href = short_note.get_by_role("link", name=re.compile("^Open in email")).get_attribute("href")
    assert href.startswith("mailto:bo@acme.example?") and len(href) <= 1800
    expect(short_note).not_to_contain_text("too long")


# ---- the email check ----------------------------------------------------------------------------


def test_an_address_outside_the_grammar_is_named_next_to_its_field_and_kept(page: Page, server):
    open_worksheet(page, server)
    field = label(page, "Who told you (email)")
    field.fill("mailto:boss@x.com")
    field.press("Tab")
    problem = page.locator(".nr-field:has(#f-news-from-email) + .nr-field-problem")
    expect(problem).to_contain_text("Leave out “mailto:”")
    assert problem.get_attribute("id") in field.get_attribute("aria-describedby").split()
    expect(field).to_have_value("mailto:boss@x.com")
    wait_saved(page)
    assert stored(page)["entries"][0]["news_from"]["email"] == "mailto:boss@x.com"
    interviewer = label(page, "Interviewer email")
    interviewer.fill("boss@x.com?bcc=spy")
    interviewer.press("Tab")
    expect(page.locator(".nr-field:has(#f-interviewers-0-email) + .nr-field-problem")).to_contain_text("no “?” or “#”")
    field.fill("boss@x.com\u202e")
    field.press("Tab")
    expect(problem).to_contain_text("invisible character")
    field.fill("boss@x.com")
    expect(problem).to_have_count(0)
    assert "problem" not in (field.get_attribute("aria-describedby") or "")
    # A stored address that breaks the rules is named as soon as the entry is shown.
    page.reload()
    expect(bound(page)).to_have_count(1)
    expect(page.locator(".nr-field:has(#f-interviewers-0-email) + .nr-field-problem")).to_contain_text("no “?” or “#”")


# ---- local dates on exported files -------------------------------------------------------------


@pytest.fixture
def tokyo_page(browser, server):
    context = browser.new_context(timezone_id="Asia/Tokyo", accept_downloads=True)
    page = context.new_page()
    # 08:30 on 5 March in Tokyo is still 4 March in UTC.
    page.clock.set_system_time(datetime(2026, 3, 4, 23, 30, tzinfo=UTC))
    yield page
    context.close()


def test_exported_file_names_and_the_record_use_the_local_day(tokyo_page: Page, server):
    page = tokyo_page
    seed(page, server, a_document(company="Acme", role="Designer", interview_date="2026-03-03"))
    open_worksheet(page, server)
    wait_ready(page)
    names = []
    for button in ("Export backup", "Export Markdown", "Export job-search record (CSV)"):
        with page.expect_download() as dl:
            page.get_by_role("button", name=button).click()
        names.append(dl.value.suggested_filename)
    assert all(name.endswith(("-2026-03-05.json", "-2026-03-05.md", "-2026-03-05.csv")) for name in names), names
    page.get_by_role("button", name="Print my job-search record").click()
    expect(page.locator("#nr-record-print")).to_contain_text("Made with Next Round on 2026-03-05.")


# ---- Import: a file of ours that is not a backup ------------------------------------------------


def test_choosing_the_record_csv_in_import_says_what_it_is(page: Page, server):
    seed(page, server, a_document(company="Acme", role="Designer", interview_date="2026-03-03"))
    open_worksheet(page, server)
    wait_ready(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export job-search record (CSV)").click()
    page.get_by_label("Import backup").set_input_files(dl.value.path())
    message = page.locator(".nr-message", has_text="cannot be imported")
    expect(message).to_contain_text("This is your job-search record", timeout=READY_MS)
    expect(message).to_contain_text("Export backup")
    expect(message).not_to_contain_text("JSON (line")
    assert [e["company"] for e in stored(page)["entries"]] == ["Acme"]
