"""Storage faults on the worksheet, each produced for real in Chromium: a full quota, a
corrupt key, invalid data, data from a newer version, two tabs, and blocked storage.
Each must show a visible message and lose nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

KEY = "nextround.worksheet"
ASIDE = "nextround.worksheet.unreadable."
READY_MS = 90_000


def label(page: Page, text: str):
    return page.get_by_label(text, exact=True)


def saved(page: Page):
    return expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))


def raw(page: Page, key: str = KEY):
    return page.evaluate("k => localStorage.getItem(k)", key)


def aside_items(page: Page) -> dict:
    return page.evaluate(
        """prefix => Object.fromEntries(Object.keys(localStorage)
            .filter(k => k.startsWith(prefix)).map(k => [k, localStorage.getItem(k)]))""",
        ASIDE,
    )


def put(page: Page, text: str) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, text])


def a_document(page: Page, **changes) -> dict:
    """A valid saved document made by the page itself, then changed."""
    label(page, "Company").fill("Stored Co")
    saved(page)
    doc = json.loads(raw(page))
    doc.update(changes)
    return doc


def test_full_storage_keeps_editing_in_memory_and_says_so(page: Page, server):
    page.goto(server + "worksheet/")
    label(page, "Company").fill("Before full")
    saved(page)
    filled = page.evaluate(
        """() => {
            // Fill to the last character: big chunks first, then ever smaller ones.
            let size = 1024 * 1024, i = 0, name = "none";
            while (size >= 1) {
                try { localStorage.setItem("filler." + i, "x".repeat(size)); i++; }
                catch (e) { name = e.name; size = Math.floor(size / 2); }
            }
            return {i, name};
        }"""
    )
    assert filled["name"] == "QuotaExceededError", filled
    label(page, "Role").fill("Written while full")
    message = page.locator("#nr-msg-storage")
    expect(message).to_be_visible()
    expect(message).to_have_attribute("role", "alert")
    expect(message).to_contain_text("storage for this site is full")
    expect(page.locator("#nr-saved")).to_contain_text("Not saved")
    # Nothing lost: the text is on the page and goes into a backup.
    expect(label(page, "Role")).to_have_value("Written while full")
    with page.expect_download() as dl:
        message.get_by_role("button", name="Export backup").click()
    backup = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert backup["entries"][0]["role"] == "Written while full"
    # Once space is freed, the next change saves everything.
    page.evaluate("() => { for (const k of Object.keys(localStorage)) if (k.startsWith('filler.')) localStorage.removeItem(k); }")
    label(page, "Interview date").fill("2026-11-02")
    saved(page)
    expect(message).to_be_hidden()
    stored = json.loads(raw(page))["entries"][0]
    assert (stored["company"], stored["role"], stored["interview_date"]) == ("Before full", "Written while full", "2026-11-02")


def test_corrupt_data_is_kept_aside_offered_and_never_overwritten(page: Page, server):
    page.goto(server + "worksheet/")
    corrupt = '{"schema": "next-round-worksheet", "entries": [ {"company": "half a'
    put(page, corrupt)
    page.reload()
    message = page.locator("[id^='nr-msg-aside-']").first
    expect(message).to_be_visible()
    expect(message).to_have_attribute("role", "alert")
    expect(message).to_contain_text("could not be read")
    kept = aside_items(page)
    assert list(kept.values()) == [corrupt]
    with page.expect_download() as dl:
        message.get_by_role("button", name="Download the unreadable data").click()
    assert Path(dl.value.path()).read_text(encoding="utf-8") == corrupt
    # Writing starts a fresh worksheet; the kept copy stays untouched.
    label(page, "Company").fill("Fresh start")
    saved(page)
    assert json.loads(raw(page))["entries"][0]["company"] == "Fresh start"
    assert list(aside_items(page).values()) == [corrupt]
    page.reload()
    reminder = page.locator("#nr-msg-aside-kept")
    expect(reminder).to_contain_text("kept in this browser")
    # The kept copy can be removed, after a confirmation (Enter picks it).
    reminder.get_by_role("button", name="Remove unreadable copy 1").click()
    expect(page.locator("#nr-dialog")).to_contain_text("Remove unreadable copy 1?")
    page.locator("#nr-dialog-ok").click()
    expect(reminder).to_have_count(0)
    assert aside_items(page) == {}
    assert json.loads(raw(page))["entries"][0]["company"] == "Fresh start"


def test_an_entry_python_cannot_use_at_all_is_kept_aside_and_the_rest_loads(page: Page, server):
    # A bad value costs only itself (tests/browser/test_worksheet_browser_recovery.py); an entry
    # that reuses another's id cannot be told apart from it, so it stays only in the original,
    # which is kept aside, and the person is told in words.
    page.goto(server + "worksheet/")
    doc = a_document(page)
    good = doc["entries"][0]
    twin = json.loads(json.dumps(good))
    twin["company"] = "Twin Co"  # the same id as the good entry
    doc["entries"].append(twin)
    text = json.dumps(doc)
    put(page, text)
    page.reload()
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)
    message = page.locator("[id^='nr-msg-aside-']").first
    expect(message).to_contain_text("could not be read at all", timeout=10_000)
    expect(message).to_contain_text("only in the original copy")
    assert "entries[" not in message.text_content()  # words, not raw paths
    assert text in aside_items(page).values()
    expect(page.locator("#nr-entry-list li")).to_have_count(1)
    expect(label(page, "Company")).to_have_value("Stored Co")
    saved(page)
    assert [e["company"] for e in json.loads(raw(page))["entries"]] == ["Stored Co"]


def test_data_from_a_newer_version_is_read_only_and_left_alone(page: Page, server):
    page.goto(server + "worksheet/")
    doc = a_document(page, version=99)
    text = json.dumps(doc)
    put(page, text)
    page.reload()
    message = page.locator("#nr-msg-newer")
    expect(message).to_be_visible()
    expect(message).to_contain_text("newer version of Next Round")
    expect(label(page, "Company")).to_have_value("Stored Co")
    expect(label(page, "Company")).to_be_disabled()
    expect(page.get_by_role("button", name="New entry")).to_be_disabled()
    expect(page.locator("#nr-saved")).to_contain_text("Read-only")
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)
    page.wait_for_timeout(500)
    assert raw(page) == text
    with page.expect_download() as dl:
        message.get_by_role("button", name="Export backup").click()
    assert Path(dl.value.path()).read_text(encoding="utf-8") == text
    page.reload()
    assert raw(page) == text


def test_two_tabs_the_newer_save_is_loaded_not_overwritten(context, server):
    first = context.new_page()
    second = context.new_page()
    first.goto(server + "worksheet/")
    label(first, "Company").fill("Shared Co")
    saved(first)
    second.goto(server + "worksheet/")
    expect(label(second, "Company")).to_have_value("Shared Co")
    # The first tab saves again; the second (no unsaved edits) picks it up.
    label(first, "Role").fill("Role from the first tab")
    saved(first)
    expect(label(second, "Role")).to_have_value("Role from the first tab")
    expect(second.locator("#nr-saved")).to_contain_text("another tab")
    # The second tab edits and saves; the first tab picks that up and nothing is lost.
    label(second, "Interview date").fill("2026-10-10")
    saved(second)
    expect(label(first, "Interview date")).to_have_value("2026-10-10")
    entry = json.loads(raw(first))["entries"][0]
    assert (entry["company"], entry["role"], entry["interview_date"]) == ("Shared Co", "Role from the first tab", "2026-10-10")


def stale_tab(context, server):
    """A tab that saved "Mine", then missed another tab's save of the same entry.

    The other save is written from this tab (a same-tab write fires no storage event), so
    this tab's copy is now older than what is stored. Returns the page and the stored text.
    """
    page = context.new_page()
    page.goto(server + "worksheet/")
    label(page, "Company").fill("Mine")
    saved(page)
    other = json.loads(raw(page))
    other["entries"][0]["company"] = "From the other tab"
    other_text = json.dumps(other)
    put(page, other_text)
    return page, other_text


def entries_by_company(text: str) -> dict:
    return {e["company"]: e for e in json.loads(text)["entries"]}


def two_entry_tab(context, server):
    """A tab with two saved entries, "First" (open) and "Second"; returns the page and the
    stored document."""
    page = context.new_page()
    page.goto(server + "worksheet/")
    label(page, "Company").fill("Second")
    saved(page)
    page.get_by_role("button", name="New entry").click()
    label(page, "Company").fill("First")
    saved(page)
    return page, json.loads(raw(page))


def test_a_stale_tab_merges_an_edit_to_another_entry(context, server):
    page, doc = two_entry_tab(context, server)
    # Another tab changed the other entry; this tab has not heard of it yet.
    other = next(e for e in doc["entries"] if e["company"] == "Second")
    other["role"] = "Role from the other tab"
    put(page, json.dumps(doc))
    label(page, "Role").fill("Role typed here")
    saved(page)
    entries = entries_by_company(raw(page))
    assert entries["First"]["role"] == "Role typed here"
    assert entries["Second"]["role"] == "Role from the other tab"
    expect(page.locator("#nr-msg-conflict")).to_have_count(0)


def test_the_same_entry_changed_in_two_tabs_in_different_fields_is_combined(context, server):
    page, other_text = stale_tab(context, server)
    label(page, "Role").fill("Typed in the stale tab")
    saved(page)
    entries = json.loads(raw(page))["entries"]
    assert len(entries) == 1
    assert (entries[0]["company"], entries[0]["role"]) == ("From the other tab", "Typed in the stale tab")
    expect(label(page, "Company")).to_have_value("From the other tab")
    expect(label(page, "Role")).to_have_value("Typed in the stale tab")


def test_the_same_field_changed_in_two_tabs_keeps_both_versions(context, server):
    page, other_text = stale_tab(context, server)
    label(page, "Company").fill("Changed here too")
    label(page, "Role").fill("Typed in the stale tab")
    saved(page)
    entries = json.loads(raw(page))["entries"]
    assert len(entries) == 2
    mine, copy = entries
    assert (mine["company"], mine["role"]) == ("Changed here too", "Typed in the stale tab")
    assert copy["company"] == "From the other tab"
    assert copy["copy_of"]["id"] == mine["id"] and copy["copy_of"]["reason"] == "other_tab"
    assert copy["id"] != mine["id"]
    message = page.locator(f"#nr-msg-merge-{copy['id']}")
    expect(message).to_contain_text("Both versions are kept")
    message.get_by_role("button", name="Show the other tab's version").click()
    expect(label(page, "Company")).to_have_value("From the other tab")


def test_an_entry_deleted_in_another_tab_while_typing_is_kept_and_told(context, server):
    page, doc = two_entry_tab(context, server)
    first = next(e for e in doc["entries"] if e["company"] == "First")
    doc["entries"] = [e for e in doc["entries"] if e["id"] != first["id"]]
    put(page, json.dumps(doc))  # another tab deleted the open entry
    label(page, "Role").fill("Still typing here")
    saved(page)
    expect(label(page, "Role")).to_have_value("Still typing here")
    entries = entries_by_company(raw(page))
    assert entries["First"]["role"] == "Still typing here"
    assert "Second" in entries
    expect(page.locator(f"#nr-msg-merge-{first['id']}")).to_contain_text("deleted in another tab, kept here")


def test_two_real_tabs_on_different_entries_both_save(context, server):
    first, _ = two_entry_tab(context, server)
    second = context.new_page()
    second.goto(server + "worksheet/")
    second.locator("#nr-entry-list").get_by_role("button", name=re.compile("Second")).click()
    expect(label(second, "Company")).to_have_value("Second")
    label(second, "Role").fill("Second's role")
    label(first, "Role").fill("First's role")
    for _ in range(40):  # both saves land, whichever tab writes last
        entries = entries_by_company(raw(first))
        if entries["First"]["role"] and entries["Second"]["role"]:
            break
        first.wait_for_timeout(250)
    assert entries["First"]["role"] == "First's role"
    assert entries["Second"]["role"] == "Second's role"
    expect(first.locator("#nr-msg-conflict")).to_have_count(0)
    expect(second.locator("#nr-msg-conflict")).to_have_count(0)
    # Each tab keeps its own entry open.
    expect(label(first, "Company")).to_have_value("First")
    expect(label(second, "Company")).to_have_value("Second")


def test_closing_a_stale_tab_right_after_typing_loses_nothing(context, server):
    page, _ = stale_tab(context, server)
    label(page, "Role").type("Typed, then the tab closed")
    page.close()
    check = context.new_page()
    check.goto(server + "404.html")
    entries = json.loads(raw(check))["entries"]
    # Different fields of one entry: combined, this tab's role with the other tab's company.
    assert any(e["role"] == "Typed, then the tab closed" and e["company"] == "From the other tab" for e in entries)


def test_blocked_storage_keeps_working_in_memory(browser_type, tmp_path, server):
    """Site data blocked in the browser's settings: localStorage throws SecurityError."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(
        {"profile": {"default_content_setting_values": {"cookies": 2}}}))
    from conftest import CHROMIUM, CHROMIUM_ARGS

    context = browser_type.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = context.new_page()
        page.goto(server + "worksheet/")
        assert page.evaluate("() => { try { localStorage.length; return 'ok'; } catch (e) { return e.name; } }") == "SecurityError"
        message = page.locator("#nr-msg-storage")
        expect(message).to_contain_text("blocking this site from storing data")
        label(page, "Company").fill("Only in memory")
        expect(page.locator("#nr-saved")).to_contain_text("Not saved")
        with page.expect_download() as dl:
            message.get_by_role("button", name="Export backup").click()
        backup = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
        assert backup["entries"][0]["company"] == "Only in memory"
    finally:
        context.close()


def test_unreadable_data_with_no_room_to_copy_it_is_never_overwritten(page: Page, server):
    page.goto(server + "worksheet/")
    corrupt = "not json at all " + "y" * 1000
    put(page, corrupt)
    assert page.evaluate(
        """() => {
            let size = 1024 * 1024, i = 0, name = "none";
            while (size >= 1) {
                try { localStorage.setItem("filler." + i, "x".repeat(size)); i++; }
                catch (e) { name = e.name; size = Math.floor(size / 2); }
            }
            return name;
        }"""
    ) == "QuotaExceededError"
    page.reload()
    message = page.locator("#nr-msg-hold")
    expect(message).to_be_visible()
    expect(message).to_contain_text("will not save")
    label(page, "Company").fill("Still typing")  # editing goes on, in memory
    label(page, "Company").blur()
    page.wait_for_timeout(600)
    assert raw(page) == corrupt
    assert aside_items(page) == {}
    with page.expect_download() as dl:
        message.get_by_role("button", name="Export backup").click()
    assert json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))["entries"][0]["company"] == "Still typing"
    with page.expect_download() as dl:
        message.get_by_role("button", name="Download the unreadable data").click()
    assert Path(dl.value.path()).read_text(encoding="utf-8") == corrupt


def fill_storage(page: Page) -> None:
    page.evaluate(
        """() => {
            let size = 1024 * 1024, i = 0;
            while (size >= 1) {
                try { localStorage.setItem("filler." + i, "x".repeat(size)); i++; }
                catch (e) { size = Math.floor(size / 2); }
            }
        }"""
    )


def leave_asks(page: Page) -> bool:
    """Close the tab the way a person does (beforeunload runs) and say whether it asked."""
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.accept()))
    page.close(run_before_unload=True)
    page.wait_for_event("close", timeout=10_000)
    return "beforeunload" in asked


def test_leaving_with_text_not_in_storage_asks_first(context, server):
    page = context.new_page()
    page.goto(server + "worksheet/")
    label(page, "Company").fill("Saved")
    saved(page)
    fill_storage(page)
    label(page, "Role").fill("Only in this tab")
    expect(page.locator("#nr-msg-storage")).to_be_visible()
    page.locator("body").click(position={"x": 2, "y": 2})  # a real gesture: Chromium asks only after one
    assert leave_asks(page)


def test_leaving_with_everything_saved_does_not_ask(context, server):
    page = context.new_page()
    page.goto(server + "worksheet/")
    label(page, "Company").fill("Saved")
    saved(page)
    page.locator("body").click(position={"x": 2, "y": 2})
    assert not leave_asks(page)
