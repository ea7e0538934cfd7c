"""Every Python-powered control answers, next to itself, while Python loads slowly or when it
cannot start. The test server holds the Python runtime back or leaves it out, for real
(tests/slow_server.py)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from slow_server import slow_server  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

READY_MS = 120_000
RUNTIME = "python_stdlib.zip"


def label(page: Page, text: str):
    return page.get_by_label(text, exact=True)


def tools_note(page: Page):
    """Messages placed with the tools (next to the buttons), not at the top of the page."""
    return page.locator("#nr-tools .nr-message")


def test_exports_clicked_while_python_loads_are_queued_and_run(page: Page, slow_server):
    slow = slow_server({RUNTIME: 15})
    page.goto(slow.url + "worksheet/")
    label(page, "Company").fill("Queued Co")
    label(page, "Interview date").fill("2026-11-20")
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.locator("#nr-export-ics").click()
    page.locator("#nr-export-md").click()
    expect(page.locator("#nr-python-status")).not_to_have_text("Ready")
    expect(tools_note(page).first).to_contain_text("will start by itself")
    expect(tools_note(page)).to_have_count(2)
    expect(page.locator("#nr-live")).to_contain_text("will start by itself")
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)
    for _ in range(60):  # both downloads, within 30 s of Python being ready
        if len(downloads) == 2:
            break
        page.wait_for_timeout(500)
    names = sorted(d.suggested_filename for d in downloads)
    assert len(names) == 2 and names[0].endswith(".ics") and names[1].endswith(".md"), names
    expect(tools_note(page)).to_have_count(0)


def test_import_while_python_never_arrives_says_so_next_to_it(page: Page, slow_server, tmp_path):
    slow = slow_server({RUNTIME: None})
    page.goto(slow.url + "worksheet/", wait_until="domcontentloaded")
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps({"schema": "next-round-worksheet", "version": 1, "entries": []}))
    page.locator("#nr-import-file").set_input_files(str(backup))
    expect(tools_note(page)).to_contain_text("will start by itself")
    expect(tools_note(page)).to_contain_text("still waiting", timeout=40_000)


def test_when_python_cannot_start_every_control_says_so(page: Page, slow_server, tmp_path):
    slow = slow_server({"pyodide.mjs": "missing"})
    page.goto(slow.url + "worksheet/")
    expect(page.locator("#nr-python-status")).to_contain_text("Not available", timeout=READY_MS)
    notes = tools_note(page)
    for what in ("Export Markdown", "The calendar download", "Importing a backup"):
        expect(notes.filter(has_text=what)).to_contain_text("is not available")
    # Clicking again answers again, in the same place.
    page.locator("#nr-msg-python-nr-export-ics").evaluate("node => node.remove()")
    page.locator("#nr-export-ics").click()
    expect(page.locator("#nr-tools #nr-msg-python-nr-export-ics")).to_contain_text("is not available")
    # Typing still saves.
    label(page, "Company").fill("Still saved")
    expect(page.locator("#nr-saved")).to_contain_text("Saved at")
