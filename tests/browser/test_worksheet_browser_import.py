"""Importing an older backup never undoes newer work: the dialog says per entry what differs,
the default keeps both sides' edits, and replacing everything keeps a copy first."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

KEY = "nextround.worksheet"
READY_MS = 90_000


def label(page: Page, text: str):
    return page.get_by_label(text, exact=True)


def saved(page: Page):
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))


def stored(page: Page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))


def backup_then_newer_edit(page: Page, server) -> str:
    page.goto(server + "worksheet/")
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)
    label(page, "Company").fill("Backup Co")
    saved(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export backup").click()
    path = dl.value.path()
    page.wait_for_timeout(50)
    label(page, "Role").fill("Written after the backup")
    saved(page)
    page.get_by_label("Import backup").set_input_files(path)
    return path


def test_an_older_backup_keeps_newer_work_by_default(page: Page, server):
    backup_then_newer_edit(page, server)
    dialog = page.locator("#nr-dialog")
    expect(dialog).to_contain_text("Different here and in the backup (1)")
    expect(dialog).to_contain_text("differs in Role; everything in the backup's version is already here")
    expect(dialog.get_by_label(re.compile("^Keep both sides' changes"))).to_be_checked()
    dialog.get_by_role("button", name="Import").click()
    expect(dialog).not_to_be_visible()
    saved(page)
    entries = stored(page)["entries"]
    assert len(entries) == 1
    assert (entries[0]["company"], entries[0]["role"]) == ("Backup Co", "Written after the backup")
    expect(label(page, "Role")).to_have_value("Written after the backup")


def test_replacing_everything_keeps_the_replaced_entries(page: Page, server):
    backup_then_newer_edit(page, server)
    dialog = page.locator("#nr-dialog")
    dialog.get_by_label(re.compile("^Replace everything")).check()
    dialog.get_by_role("button", name="Import").click()
    expect(label(page, "Role")).to_have_value("")
    kept = page.evaluate("""() => Object.keys(localStorage)
        .filter(k => k.startsWith("nextround.worksheet.before-import.")).map(k => localStorage.getItem(k))""")
    assert len(kept) == 1
    assert json.loads(kept[0])["entries"][0]["role"] == "Written after the backup"
    message = page.locator("#nr-tools #nr-msg-import-kept")
    with page.expect_download() as dl:
        message.get_by_role("button", name="Download the entries from before the import").click()
    assert "Written after the backup" in Path(dl.value.path()).read_text(encoding="utf-8")
