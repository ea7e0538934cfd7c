"""The worksheet in real Chromium against the built site over HTTP.

Waits are on locators (never ``wait_for_function``), so the tests also hold under the site's
strict CSP. Python boots in a worker in a few seconds; READY_MS allows for a busy machine.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
import urllib.parse

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

KEY = "nextround.worksheet"
READY_MS = 90_000
PAYLOAD = "<img src=x onerror=alert(1)>"


def open_worksheet(page: Page, base: str, wait_until: str = "load") -> None:
    page.goto(base + "worksheet/", wait_until=wait_until)


def status(page: Page):
    return page.locator("#nr-python-status")


def wait_ready(page: Page) -> None:
    expect(status(page)).to_have_text("Ready", timeout=READY_MS)


def wait_saved(page: Page) -> None:
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))


def stored(page: Page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))


def label(page: Page, text: str):
    return page.get_by_label(text, exact=True)


def fill_entry(page: Page) -> None:
    label(page, "Company").fill("Acme Widgets")
    label(page, "Role").fill("Product Designer")
    label(page, "Interview date").fill("2026-11-20")
    label(page, "Stage").select_option("final")
    label(page, "Interviewer name").fill("Priya Shah")
    label(page, "Interviewer title").fill("Head of Design")
    page.get_by_role("button", name="Add interviewer").click()
    label(page, "Interviewer name").nth(1).fill("Tom Otieno")
    page.get_by_role("group", name="My answers").get_by_label("4", exact=True).check()
    label(page, "Went well 1").fill("Portfolio walkthrough")
    label(page, "Questions I asked them").fill("How do you measure success?")
    label(page, "Thank-you note sent").check()
    label(page, "A topic we discussed").fill("the design system migration")
    label(page, "Action").fill("Practise the case study")
    label(page, "Due date").fill("2026-12-01")


def assert_entry_filled(page: Page) -> None:
    expect(label(page, "Company")).to_have_value("Acme Widgets")
    expect(label(page, "Role")).to_have_value("Product Designer")
    expect(label(page, "Interview date")).to_have_value("2026-11-20")
    expect(label(page, "Stage")).to_have_value("final")
    expect(label(page, "Interviewer name").nth(0)).to_have_value("Priya Shah")
    expect(label(page, "Interviewer title").nth(0)).to_have_value("Head of Design")
    expect(label(page, "Interviewer name").nth(1)).to_have_value("Tom Otieno")
    expect(page.get_by_role("group", name="My answers").get_by_label("4", exact=True)).to_be_checked()
    expect(label(page, "Went well 1")).to_have_value("Portfolio walkthrough")
    expect(label(page, "Questions I asked them")).to_have_value("How do you measure success?")
    expect(label(page, "Thank-you note sent")).to_be_checked()
    expect(label(page, "A topic we discussed")).to_have_value("the design system migration")
    expect(label(page, "Action")).to_have_value("Practise the case study")
    expect(label(page, "Due date")).to_have_value("2026-12-01")


# ---- form, autosave, restore ----------------------------------------------------------------


def test_form_is_labelled_and_in_the_html(page: Page, server, site_dir):
    html = (site_dir / "worksheet" / "index.html").read_text(encoding="utf-8")
    assert 'id="f-company"' in html and 'id="step-5"' in html
    open_worksheet(page, server)
    for text in ("Company", "Role", "Interview date", "Interviewer name"):
        expect(label(page, text).first).to_be_editable()
    for n in range(1, 6):
        expect(page.locator(f"section#step-{n}")).to_be_visible()
    expect(page.locator("#nr-progress")).to_have_text("0 of 5 steps started")
    expect(page.locator("#nr-where")).to_contain_text("this browser only, on this device")


def test_fill_then_reload_restores_every_field(page: Page, server):
    open_worksheet(page, server)
    fill_entry(page)
    wait_saved(page)
    expect(page.locator("#nr-progress")).to_have_text("3 of 5 steps started")
    page.reload()
    assert_entry_filled(page)
    expect(page.locator("#nr-progress")).to_have_text("3 of 5 steps started")
    doc = stored(page)
    entry = doc["entries"][0]
    assert entry["interviewers"] == [
        {"name": "Priya Shah", "greeting": "", "title": "Head of Design", "email": "", "topic": ""},
        {"name": "Tom Otieno", "greeting": "", "title": "", "email": "", "topic": ""},
    ]
    assert entry["reflection"]["ratings"]["answers"] == 4
    assert entry["thank_you"]["sent"] is True
    assert entry["actions"] == [{"text": "Practise the case study", "due": "2026-12-01", "done": False}]


def test_text_typed_at_once_survives_a_reload_before_python_is_ready(page: Page, server):
    open_worksheet(page, server, wait_until="commit")
    label(page, "Company").fill("Typed straight away")
    label(page, "Role").fill("Analyst")
    expect(status(page)).not_to_have_text("Ready")
    page.reload(wait_until="commit")
    expect(label(page, "Company")).to_have_value("Typed straight away")
    expect(label(page, "Role")).to_have_value("Analyst")
    expect(page.locator("#nr-entry-list")).to_contain_text("Typed straight away")


def test_text_typed_before_the_main_script_runs_is_kept(page: Page, server):
    # Hold the main script back entirely: only the tiny early.js sees the typing.
    page.route("**/assets/worksheet/app.js", lambda route: route.abort())
    open_worksheet(page, server)
    label(page, "Company").fill("Before any script")
    label(page, "Went well 1").fill("Kept by early.js")
    page.unroute("**/assets/worksheet/app.js")
    page.reload()
    expect(label(page, "Company")).to_have_value("Before any script")
    expect(label(page, "Went well 1")).to_have_value("Kept by early.js")
    wait_saved(page)
    entry = stored(page)["entries"][0]
    assert entry["company"] == "Before any script"
    assert entry["reflection"]["went_well"] == ["Kept by early.js"]
    assert page.evaluate("localStorage.getItem('nextround.worksheet.pending')") is None


def test_saved_time_shows_within_a_second(page: Page, server):
    open_worksheet(page, server)
    label(page, "How I feel right now").fill("flat")
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"), timeout=1000)
    assert stored(page)["entries"][0]["mindset"]["feeling"] == "flat"


def test_list_rows_add_and_remove(page: Page, server):
    open_worksheet(page, server)
    label(page, "Went well 1").fill("one")
    label(page, "Went well 2").fill("two")
    label(page, "Went well 3").fill("three")
    page.get_by_role("button", name="Add something that went well").click()
    label(page, "Went well 4").fill("four")
    page.get_by_role("button", name="Remove went well 2").click()
    wait_saved(page)
    page.reload()
    expect(label(page, "Went well 1")).to_have_value("one")
    expect(label(page, "Went well 2")).to_have_value("three")
    expect(label(page, "Went well 3")).to_have_value("four")
    assert stored(page)["entries"][0]["reflection"]["went_well"] == ["one", "three", "four"]


def test_many_entries_create_switch_rename_delete(page: Page, server):
    open_worksheet(page, server)
    label(page, "Company").fill("First Co")
    label(page, "Role").fill("Engineer")
    page.get_by_role("button", name="New entry").click()
    expect(label(page, "Company")).to_have_value("")
    label(page, "Company").fill("Second Co")
    entries = page.locator("#nr-entry-list li")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("First Co")
    expect(entries.nth(0)).to_contain_text("Engineer")
    entries.nth(0).get_by_role("button").click()
    expect(label(page, "Company")).to_have_value("First Co")

    page.get_by_role("button", name="Rename").click()
    dialog = page.locator("#nr-dialog")
    dialog.get_by_label("Company", exact=True).fill("First Company Ltd")
    dialog.get_by_role("button", name="Save name").click()
    expect(label(page, "Company")).to_have_value("First Company Ltd")
    expect(entries.nth(0)).to_contain_text("First Company Ltd")

    page.get_by_role("button", name="Delete").click()
    dialog = page.locator("#nr-dialog")
    expect(dialog).to_contain_text("First Company Ltd")
    dialog.get_by_role("button", name="Cancel").click()
    expect(entries).to_have_count(2)
    page.get_by_role("button", name="Delete").click()
    page.locator("#nr-dialog").get_by_role("button", name="Delete entry").click()
    expect(entries).to_have_count(1)
    expect(label(page, "Company")).to_have_value("Second Co")
    page.reload()
    expect(entries).to_have_count(1)
    assert [e["company"] for e in stored(page)["entries"]] == ["Second Co"]


# ---- Python-powered parts -------------------------------------------------------------------


def test_drafts_use_the_facts_and_mailto_is_right(context, server):
    origin = server.rstrip("/")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    open_worksheet(page, server)
    fill_entry(page)
    wait_ready(page)
    status_line = page.locator("#nr-entry-list li").first
    expect(status_line).to_contain_text("Status:")
    drafts = page.locator("#nr-draft-list article")
    expect(drafts).to_have_count(2, timeout=10_000)  # still waiting: a thank-you note per interviewer
    thank_you = page.locator('article[data-kind="thank_you"]').first
    expect(thank_you).to_contain_text("Priya")
    expect(thank_you).to_contain_text("Product Designer")
    expect(thank_you).to_contain_text("Acme Widgets")
    # The text itself (textContent): step 1, where the drafts are, is not laid out while it is
    # off screen (content-visibility), and innerText needs layout.
    subject = thank_you.locator(".nr-draft-subject").text_content().removeprefix("Subject: ").strip()
    body = thank_you.locator("pre").text_content()
    href = thank_you.get_by_role("link", name=re.compile("Open in email")).get_attribute("href")
    assert href.startswith("mailto:")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
    assert query["subject"] == [subject]
    assert query["body"][0].replace("\r\n", "\n") == body.replace("\r\n", "\n")
    assert "Acme Widgets" in query["body"][0] or "Acme Widgets" in subject

    # The plan: ticking a suggestion persists.
    plan = page.locator("#nr-plan-list input[type=checkbox]")
    expect(plan.first).to_be_visible()
    assert plan.count() >= 1
    plan.first.check()
    wait_saved(page)
    page.reload()
    wait_ready(page)
    expect(page.locator("#nr-plan-list input[type=checkbox]").first).to_be_checked(timeout=10_000)
    # Insights across entries, with the chart inserted as SVG.
    expect(page.locator("#nr-insight-lines li").first).to_be_visible()
    expect(page.locator("#nr-chart svg")).to_have_count(1)
    assert page.locator("#nr-chart script, #nr-chart foreignObject").count() == 0
    # Nothing left the origin.
    outside = [u for u in requests if not (u.startswith(origin + "/") or u.startswith(("blob:", "data:")))]
    assert outside == []
    assert any("/assets/pyodide/314.0.7/pyodide.asm.wasm" in u for u in requests)
    assert any(re.search(r"/assets/worksheet/wheels/0\.1\.0-[0-9a-f]{8}/nextround_worksheet-0\.1\.0-py3-none-any\.whl$", u) for u in requests)
    # The trimmed, compiled standard library, never Pyodide's own.
    assert any(re.search(r"/assets/worksheet/stdlib/314\.0\.7-[0-9a-f]{8}/python_stdlib\.zip$", u) for u in requests)
    assert not any("/assets/pyodide/" in u and u.endswith("python_stdlib.zip") for u in requests)


def test_exports_download_markdown_and_calendar(page: Page, server):
    open_worksheet(page, server)
    fill_entry(page)
    wait_ready(page)
    with page.expect_download() as md:
        page.get_by_role("button", name="Export Markdown").click()
    text = Path(md.value.path()).read_text(encoding="utf-8")
    assert "Acme Widgets" in text
    with page.expect_download() as ics:
        page.get_by_role("button", name="Download calendar (.ics)").click()
    cal = Path(ics.value.path()).read_text(encoding="utf-8")
    assert cal.startswith("BEGIN:VCALENDAR")


def test_backup_export_then_import_into_a_fresh_browser(browser, server):
    first = browser.new_context()
    page = first.new_page()
    open_worksheet(page, server)
    fill_entry(page)
    page.get_by_role("button", name="New entry").click()
    label(page, "Company").fill("Second Company")
    wait_ready(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export backup").click()
    path = dl.value.path()
    wait_saved(page)
    original = stored(page)
    assert original["settings"]["edits_since_export"] == 0
    assert original["settings"]["last_export"]

    second = browser.new_context()
    other = second.new_page()
    open_worksheet(other, server)
    wait_ready(other)
    label(other, "Company").fill("Already here")
    wait_saved(other)
    other.get_by_label("Import backup").set_input_files(path)
    dialog = other.locator("#nr-dialog")
    expect(dialog).to_contain_text("New entries to add (2)")
    dialog.get_by_label(re.compile("^Replace everything")).check()
    dialog.get_by_role("button", name="Import").click()
    expect(other.locator("#nr-entry-list li")).to_have_count(2)
    wait_saved(other)
    imported = stored(other)
    assert imported["entries"] == original["entries"]
    other.reload()
    expect(other.locator("#nr-entry-list li")).to_have_count(2)
    first.close()
    second.close()


def test_import_rejects_a_bad_file_and_changes_nothing(page: Page, server, tmp_path):
    open_worksheet(page, server)
    label(page, "Company").fill("Keep me")
    wait_saved(page)
    before = stored(page)
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "something-else"}', encoding="utf-8")
    page.get_by_label("Import backup").set_input_files(str(bad))
    expect(page.locator("#nr-msg-import")).to_contain_text("cannot be imported", timeout=READY_MS)
    assert stored(page) == before
    expect(label(page, "Company")).to_have_value("Keep me")


def test_print_my_plan_shows_only_the_plan_document(page: Page, server):
    open_worksheet(page, server)
    fill_entry(page)
    wait_ready(page)
    expect(page.locator("#nr-draft-list article").first).to_be_visible(timeout=10_000)
    page.get_by_role("button", name="Print my plan").click()
    page.emulate_media(media="print")
    sheet = page.locator("#nr-print")
    expect(sheet).to_be_visible()
    expect(sheet).to_contain_text("Product Designer at Acme Widgets")
    expect(sheet).to_contain_text("Priya Shah")
    expect(sheet).to_contain_text("My plan")
    expect(page.locator("#nr-form")).to_be_hidden()
    expect(page.get_by_role("button", name="Print my plan")).to_be_hidden()
    assert sheet.locator("button, input, select, textarea").count() == 0


# ---- safety ---------------------------------------------------------------------------------


def test_markup_typed_anywhere_is_shown_as_text_never_run(page: Page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_worksheet(page, server)
    controls = page.locator("#nr-form input[type=text], #nr-form textarea")
    for i in range(controls.count()):
        controls.nth(i).fill(PAYLOAD)
    wait_ready(page)
    expect(page.locator("#nr-draft-list article").first).to_be_visible(timeout=10_000)
    expect(page.locator("#nr-entry-list")).to_contain_text(PAYLOAD)
    expect(page.locator('article[data-kind="thank_you"]')).to_contain_text(PAYLOAD)
    page.get_by_role("button", name="Print my plan").click()
    expect(page.locator("#nr-print")).to_contain_text(PAYLOAD)
    page.reload()
    wait_ready(page)
    expect(page.locator("#nr-draft-list article").first).to_be_visible(timeout=10_000)
    expect(label(page, "Company")).to_have_value(PAYLOAD)
    assert page.locator("img").count() == 0
    assert dialogs == []


def test_works_under_a_sub_path_without_leaving_it(context, subpath_server):
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    open_worksheet(page, subpath_server)
    label(page, "Company").fill("Under a sub-path")
    wait_ready(page)
    expect(page.locator("#nr-draft-list article").first).to_be_visible(timeout=10_000)
    assert requests and all(u.startswith(subpath_server) or u.startswith(("blob:", "data:")) for u in requests), [
        u for u in requests if not u.startswith(subpath_server)
    ]


def test_backup_reminder_after_twenty_saved_changes(page: Page, server):
    open_worksheet(page, server)
    reminder = page.locator("#nr-reminder")
    company = label(page, "Company")
    for i in range(19):
        company.fill(f"Company {i}")
        company.blur()
    wait_saved(page)
    expect(reminder).to_be_hidden()
    company.fill("Company 19")
    company.blur()
    expect(reminder).to_be_visible()
    expect(reminder).to_contain_text("20 changes and have not exported a backup yet")
    assert stored(page)["settings"]["edits_since_export"] == 20
