"""Nothing lost at the seams real use crosses, each produced for real in Chromium against the
built site: Python's repair arriving after the person typed (the Python runtime held back by
tests/slow_server.py), another tab saving a document this tab cannot read (a newer build's
format, or unreadable text), a newer build's field in an old tab, a backup edited elsewhere,
and the copy kept before "Replace everything" after a reload."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from slow_server import slow_server  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

KEY = "nextround.worksheet"
ASIDE = "nextround.worksheet.unreadable."
BEFORE_IMPORT = "nextround.worksheet.before-import."
READY_MS = 120_000
RUNTIME = "python_stdlib.zip"


def label(page: Page, text: str):
    return page.get_by_label(text, exact=True)


def saved(page: Page):
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))


def ready(page: Page):
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)


def raw(page: Page, key: str = KEY):
    return page.evaluate("k => localStorage.getItem(k)", key)


def put(page: Page, text: str) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, text])


def kept(page: Page, prefix: str = ASIDE) -> list[str]:
    return page.evaluate(
        """prefix => Object.keys(localStorage).filter(k => k.startsWith(prefix)).sort()
            .map(k => localStorage.getItem(k))""",
        prefix,
    )


def templates(page: Page) -> tuple[dict, dict]:
    """The empty document and entry the page itself embeds (the current format)."""
    return page.evaluate("""() => [
        JSON.parse(document.getElementById("nr-document-template").textContent),
        JSON.parse(document.getElementById("nr-entry-template").textContent)]""")


def an_entry(entry_template: dict, entry_id: str, updated: str = "2026-12-04T09:00:00Z", **fields) -> dict:
    entry = json.loads(json.dumps(entry_template))
    entry.update(id=entry_id, created="2026-12-01T09:00:00Z", updated=updated, **fields)
    return entry


# --- 1. Python's repair applies to the document as it is now ---------------------------------


def test_a_repair_arriving_after_typing_keeps_the_typing_and_sets_only_the_bad_values_aside(page: Page, slow_server):
    slow = slow_server({RUNTIME: None})  # Python cannot start until released
    page.goto(slow.url + "worksheet/", wait_until="domcontentloaded")
    doc, template = templates(page)
    entry = an_entry(template, "e1", company="Stored Co", interview_date="2026-02-30",
                     salary_notes="Written by a newer build")
    entry["reflection"]["ratings"]["answers"] = 9
    doc["entries"] = [entry]
    doc["settings"]["active_entry"] = "e1"
    put(page, json.dumps(doc))
    page.reload(wait_until="domcontentloaded")
    expect(label(page, "Company")).to_have_value("Stored Co")
    label(page, "Notes").fill("Typed while Python was on its way")
    label(page, "Company").fill("Typed Co")
    saved(page)
    expect(page.locator("#nr-python-status")).not_to_have_text("Ready")
    slow.release()
    ready(page)
    expect(page.locator("[id^='nr-msg-aside-']").first).to_contain_text("kept aside in their entry", timeout=15_000)
    expect(label(page, "Notes")).to_have_value("Typed while Python was on its way")
    expect(label(page, "Company")).to_have_value("Typed Co")
    saved(page)
    page.reload()
    expect(label(page, "Company")).to_have_value("Typed Co")
    expect(label(page, "Notes")).to_have_value("Typed while Python was on its way")
    stored = json.loads(raw(page))["entries"][0]
    assert (stored["company"], stored["notes"]) == ("Typed Co", "Typed while Python was on its way")
    assert stored["reflection"]["ratings"]["answers"] is None and stored["interview_date"] == ""
    aside = {item["key"]: item["value"] for item in stored["set_aside"]}
    assert aside == {"reflection.ratings.answers": 9, "interview_date": "2026-02-30"}
    assert stored["salary_notes"] == "Written by a newer build"  # a newer build's field stays in place


# --- 2. another tab saves what this tab cannot read --------------------------------------------


def other_version(kind: str, doc: dict) -> str:
    if kind == "newer":
        return json.dumps(dict(doc, version=doc["version"] + 1, entries=[dict(e, company="Newer build's words") for e in doc["entries"]]))
    return '{"schema": "next-round-worksheet", "entries": [ {"company": "half a'


def tab_with_a_conflict(context, server, kind: str):
    """This tab saved its words, then another tab saved a version it cannot read; this tab
    typed more after that. Returns (this page, the other tab's text)."""
    page = context.new_page()
    page.goto(server + "worksheet/")
    label(page, "Company").fill("This tab's words")
    saved(page)
    other = context.new_page()
    other.goto(server + "404.html")
    text = other_version(kind, json.loads(raw(other)))
    put(other, text)  # a real storage event in the worksheet tab
    message = page.locator("#nr-msg-conflict")
    expect(message).to_be_visible()
    expect(message).to_contain_text("kept, unchanged, in this browser")
    assert kept(page) == [text]  # kept aside before anything else happened
    label(page, "Role").fill("Typed after the other tab's save")
    page.wait_for_timeout(600)
    assert raw(page) == text  # nothing written over it while the person decides
    return page, text


@pytest.mark.parametrize("kind", ["newer", "unreadable"])
def test_keeping_this_tabs_version_keeps_the_other_aside_first(context, server, kind):
    page, text = tab_with_a_conflict(context, server, kind)
    message = page.locator("#nr-msg-conflict")
    message.get_by_role("button", name=re.compile("^Keep this tab's version")).click()
    expect(message).to_have_count(0)
    expect(page.locator("#nr-saved")).to_contain_text("kept aside")
    entry = json.loads(raw(page))["entries"][0]
    assert (entry["company"], entry["role"]) == ("This tab's words", "Typed after the other tab's save")
    assert kept(page) == [text]
    page.reload()
    reminder = page.locator("#nr-msg-aside-kept")
    expect(reminder).to_contain_text("could not read or use")
    with page.expect_download() as dl:
        reminder.get_by_role("button", name="Download unreadable copy 1").click()
    assert Path(dl.value.path()).read_text(encoding="utf-8") == text


def test_a_newer_builds_save_asks_to_reload_and_the_reload_loses_nothing(context, server):
    page, text = tab_with_a_conflict(context, server, "newer")
    message = page.locator("#nr-msg-conflict")
    expect(message).to_contain_text("newer version of Next Round")
    expect(message).to_contain_text("Reload this page")
    with page.expect_navigation():
        message.get_by_role("button", name="Reload to get the newer version").click()
    # The stored document is untouched; this tab's unsaved words are kept aside.
    assert raw(page) == text
    copies = kept(page)
    assert copies[0] == text
    mine = json.loads(copies[1])["entries"][0]
    assert (mine["company"], mine["role"]) == ("This tab's words", "Typed after the other tab's save")
    # This page is still the older build: it opens the newer document read-only.
    expect(page.locator("#nr-msg-newer")).to_be_visible()
    expect(page.locator("#nr-msg-aside-kept")).to_contain_text("2 copies")


def test_unreadable_data_from_another_tab_can_be_downloaded_and_is_never_written_over(context, server):
    page, text = tab_with_a_conflict(context, server, "unreadable")
    message = page.locator("#nr-msg-conflict")
    expect(message.get_by_role("button", name=re.compile("Reload"))).to_have_count(0)
    with page.expect_download() as dl:
        message.get_by_role("button", name="Download the other tab's version").click()
    assert Path(dl.value.path()).read_text(encoding="utf-8") == text
    page.wait_for_timeout(600)
    assert raw(page) == text and kept(page) == [text]
    expect(page.locator("#nr-saved")).to_contain_text("Not saved")


# --- 3. an old tab keeps a newer build's fields ------------------------------------------------


def test_an_old_tab_keeps_the_fields_and_settings_a_newer_build_saved(context, server):
    page = context.new_page()
    page.goto(server + "worksheet/")
    label(page, "Company").fill("Old tab's entry")
    saved(page)
    ready(page)
    # A newer build (same format number, one more prompt, one more setting) saves in another tab.
    newer_tab = context.new_page()
    newer_tab.goto(server + "404.html")
    doc = json.loads(raw(newer_tab))
    _, template = templates(page)
    entry = an_entry(template, "from-newer-build", company="Newer Co", salary_notes="Asked for 10% more")
    entry["reflection"]["confidence_note"] = "Steadier than last time"
    entry["interviewers"] = [{"name": "Ana", "title": "", "email": "", "topic": "", "pronouns": "she/her"}]
    doc["entries"].append(entry)
    doc["settings"]["reminder_days"] = 3
    doc["sync"] = {"device": "phone"}
    put(newer_tab, json.dumps(doc))
    expect(page.locator("#nr-entry-list")).to_contain_text("Newer Co")
    # The old tab saves another entry, then edits the newer build's entry itself.
    label(page, "Role").fill("Typed in the old tab")
    saved(page)
    page.locator("#nr-entry-list").get_by_role("button", name=re.compile("Newer Co")).click()
    label(page, "Notes").fill("Old tab's note on the newer entry")
    page.get_by_label("Interviewer name").first.fill("Ana Lima")
    saved(page)

    def check(text: str) -> None:
        stored = json.loads(text)
        by_id = {e["id"]: e for e in stored["entries"]}
        newer = by_id["from-newer-build"]
        assert newer["salary_notes"] == "Asked for 10% more"
        assert newer["reflection"]["confidence_note"] == "Steadier than last time"
        assert newer["interviewers"] == [{"name": "Ana Lima", "greeting": "", "title": "", "email": "", "topic": "", "pronouns": "she/her"}]
        assert newer["notes"] == "Old tab's note on the newer entry" and newer["set_aside"] == []
        assert stored["settings"]["reminder_days"] == 3 and stored["sync"] == {"device": "phone"}
        assert any(e["role"] == "Typed in the old tab" for e in stored["entries"])

    check(raw(page))
    # Drafts keep working with the unknown setting and fields.
    expect(page.locator("#nr-draft-list article").first).to_be_visible(timeout=15_000)
    expect(page.locator("#nr-msg-compute")).to_have_count(0)
    # And after a reload (load, then Python's check), the same.
    page.reload()
    ready(page)
    expect(page.locator("#nr-draft-list article").first).to_be_visible(timeout=15_000)
    page.wait_for_timeout(1000)
    expect(page.locator("#nr-msg-compute")).to_have_count(0)
    expect(page.locator("[id^='nr-msg-aside-']")).to_have_count(0)
    check(raw(page))


# --- 4. an import keeps both sides' edits -------------------------------------------------------


def test_an_import_keeps_an_edit_here_and_one_in_the_backup_with_times_to_the_minute(browser, server, tmp_path):
    context = browser.new_context(timezone_id="Asia/Tokyo", accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(server + "worksheet/")
        doc, template = templates(page)
        here = an_entry(template, "e1", company="Both Co", role="Written here at 10:00", updated="2026-12-04T01:00:00Z")
        there = an_entry(template, "e1", company="Both Co", notes="Written in the backup at 11:00", updated="2026-12-04T02:00:00Z")
        doc["entries"] = [here]
        doc["settings"]["active_entry"] = "e1"
        put(page, json.dumps(doc))
        backup = tmp_path / "backup.json"
        backup.write_text(json.dumps(dict(doc, entries=[there])), encoding="utf-8")
        page.reload()
        ready(page)
        page.get_by_label("Import backup").set_input_files(str(backup))
        dialog = page.locator("#nr-dialog")
        item = dialog.locator("li", has_text="Both Co")
        # Local time (Tokyo, UTC+9), to the minute; the fields that differ; what happens.
        expect(item).to_contain_text(re.compile(r"changed here .*10:00.*in the backup .*11:00"))
        expect(item).to_contain_text("differs in Role, Notes")
        expect(item).to_contain_text("combined field by field")
        expect(dialog.get_by_label(re.compile("^Keep both sides' changes"))).to_be_checked()
        dialog.get_by_role("button", name="Import").click()
        expect(dialog).not_to_be_visible()
        saved(page)
        entries = json.loads(raw(page))["entries"]
        assert len(entries) == 1
        assert (entries[0]["role"], entries[0]["notes"]) == ("Written here at 10:00", "Written in the backup at 11:00")
        expect(label(page, "Role")).to_have_value("Written here at 10:00")
        expect(label(page, "Notes")).to_have_value("Written in the backup at 11:00")
        expect(page.locator("#nr-msg-import-combined")).to_contain_text("from this browser: Role; from the backup: Notes")
    finally:
        context.close()


# --- 7. the copy kept before "Replace everything", after a reload ---------------------------------


def test_the_copy_kept_before_replacing_everything_is_listed_after_a_reload(page: Page, server):
    page.goto(server + "worksheet/")
    ready(page)
    label(page, "Company").fill("Backup Co")
    saved(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export backup").click()
    path = dl.value.path()
    label(page, "Role").fill("Written after the backup")
    saved(page)
    page.get_by_label("Import backup").set_input_files(path)
    dialog = page.locator("#nr-dialog")
    dialog.get_by_label(re.compile("^Replace everything")).check()
    dialog.get_by_role("button", name="Import").click()
    expect(label(page, "Role")).to_have_value("")
    saved(page)
    page.reload()
    reminder = page.locator("#nr-msg-aside-kept")
    expect(reminder).to_contain_text("One copy of your entries from before an import")
    expect(page.locator("#nr-storage")).to_contain_text("One copy is kept aside in this browser")
    with page.expect_download() as dl:
        reminder.get_by_role("button", name="Download copy from before an import").click()
    assert json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))["entries"][0]["role"] == "Written after the backup"
    reminder.get_by_role("button", name="Remove copy from before an import").click()
    expect(page.locator("#nr-dialog")).to_contain_text("Remove copy from before an import?")
    page.locator("#nr-dialog-ok").click()
    expect(reminder).to_have_count(0)
    assert kept(page, BEFORE_IMPORT) == []
    expect(page.locator("#nr-storage")).not_to_contain_text("kept aside")
