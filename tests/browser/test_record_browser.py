"""The job-search record and "is this normal?" in real Chromium against the built site.

Two entries typed into the form give a CSV that parses back; "Print my job-search record"
prints a table with no page controls, and a long record prints its header row on every page
(checked in the PDF Chromium makes). The chart's empty state and its size on a phone too.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Page, expect

from worksheet import model

from test_worksheet_browser import KEY, label, open_worksheet, wait_ready, wait_saved

pytestmark = pytest.mark.browser

HEADER = ["Date", "Activity", "Details", "Employer", "Role", "Contact person", "How the contact happened", "Entry id"]


def fill_two_entries(page: Page) -> None:
    label(page, "Company").fill("Acme Widgets")
    label(page, "Role").fill("Product Designer")
    label(page, "Interview date").fill("2026-11-20")
    label(page, "Stage").select_option("final")
    label(page, "Format").select_option("video")
    label(page, "Interviewer name").fill("Priya Shah")
    label(page, "Decision date").fill("2026-11-27")
    label(page, "How the news came").select_option("email")
    label(page, "Applied on").fill("2026-11-02")
    label(page, "How you applied or were contacted").select_option("online")
    label(page, "Contact person").fill("Lee Moss")
    label(page, "First follow-up sent").fill("2026-11-25")
    page.get_by_role("button", name="New entry").click()
    expect(label(page, "Company")).to_have_value("")
    label(page, "Company").fill("=HYPERLINK(\"http://evil\")")
    label(page, "Role").fill("Analyst")
    label(page, "Interview date").fill("2026-11-24")
    wait_saved(page)


def test_two_entries_export_as_csv_and_print_as_a_table(page: Page, server):
    errors: list[str] = []  # script errors and CSP reports (the page runs under a strict CSP)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    open_worksheet(page, server)
    fill_two_entries(page)
    wait_ready(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export job-search record (CSV)").click()
    assert dl.value.suggested_filename.startswith("next-round-job-search-record-")
    raw = Path(dl.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADER
    body = [row[:7] for row in rows[1:]]
    assert body == [
        ["2026-11-02", "Applied", "", "Acme Widgets", "Product Designer", "Lee Moss", "Online form or job site"],
        ["2026-11-20", "Interview", "Final round", "Acme Widgets", "Product Designer", "Priya Shah", "Video call"],
        ["2026-11-24", "Interview", "", "'=HYPERLINK(\"http://evil\")", "Analyst", "", ""],
        ["2026-11-25", "Follow-up sent", "", "Acme Widgets", "Product Designer", "Lee Moss", ""],
        ["2026-11-27", "Decision: rejected", "", "Acme Widgets", "Product Designer", "Lee Moss", "An email or letter"],
    ]

    page.get_by_role("button", name="Print my job-search record").click()
    page.emulate_media(media="print")
    sheet = page.locator("#nr-record-print")
    expect(sheet).to_be_visible()
    expect(sheet.locator("h1")).to_have_text("My job-search record")
    expect(sheet).to_contain_text("Activities from 2026-11-02 to 2026-11-27")
    expect(sheet).to_contain_text("differs from country to country")
    expect(sheet.locator("thead th")).to_have_text(HEADER[:-1])
    expect(sheet.locator("tbody tr")).to_have_count(5)
    expect(sheet.locator("tbody tr").nth(2).locator("td").nth(3)).to_have_text("=HYPERLINK(\"http://evil\")")
    assert sheet.locator("button, input, select, textarea, a").count() == 0
    expect(page.locator("#nr-form")).to_be_hidden()
    expect(page.locator("#nr-print")).to_be_hidden()
    for name in ("Print my job-search record", "Export backup", "New entry"):
        expect(page.get_by_role("button", name=name)).to_be_hidden()
    header = sheet.locator("thead").evaluate("el => getComputedStyle(el).display")
    row = sheet.locator("tbody tr").first.evaluate("el => getComputedStyle(el).breakInside")
    assert (header, row) == ("table-header-group", "avoid")
    assert errors == []


def _long_document(n: int) -> dict:
    doc = model.empty_document()
    for i in range(n):
        entry = model.new_entry(f"e-{i:03d}", "2026-01-01T09:00:00Z")
        day = f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}"
        entry.update(company=f"Company {i}", role="Designer", interview_date=day, stage="first", format="phone",
                     news_via="email", decision_date=day)
        entry["record"].update(applied_on=day, contact_person=f"Person {i}", contact_method="email")
        doc["entries"].append(entry)
    doc["settings"]["active_entry"] = doc["entries"][0]["id"]
    return doc


def test_a_long_record_repeats_its_header_on_every_printed_page(page: Page, server, tmp_path):
    open_worksheet(page, server)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, json.dumps(_long_document(60))])
    page.reload()
    wait_ready(page)
    # Headless Chromium cannot hold the print dialog open and make a PDF at the same time
    # ("Page is already being printed"), so only the browser's dialog is left out here; the
    # button's own code (fetch the record from Python, build the sheet, mark the page) runs.
    page.evaluate("() => { window.print = () => {}; }")
    page.get_by_role("button", name="Print my job-search record").click()
    page.emulate_media(media="print")
    # The worker may still be computing the 60 entries' statuses (queued before this request).
    expect(page.locator("#nr-record-print tbody tr")).to_have_count(180, timeout=60_000)
    pdf = tmp_path / "record.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages = pypdf.PdfReader(str(pdf)).pages
    assert len(pages) >= 3
    for number, sheet in enumerate(pages, 1):
        text = " ".join(sheet.extract_text().split())  # words, whatever the line breaks
        assert "Date Activity Details Employer Role Contact person How the contact happened" in text, f"page {number} has no header row"
        assert "Print my" not in text and "Export" not in text  # no page controls on paper
    first = " ".join(pages[0].extract_text().split())
    assert "My job-search record" in first and "Activities from 2026-01-01" in first


def test_chart_says_a_sentence_until_there_is_something_to_draw_and_fits_a_phone(page: Page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "worksheet/#nr-tasks")  # the overview: across all interviews
    label(page, "Company").fill("Acme")
    wait_ready(page)
    note = page.locator("#nr-chart-note")
    expect(note).to_be_visible(timeout=15_000)
    expect(note).to_contain_text("No chart yet")
    expect(page.locator("#nr-chart")).to_be_hidden()
    label(page, "Interview date").fill("2026-11-20")
    page.locator("details[data-fold] > summary").filter(has_text="How it went").click()  # folded on a phone
    page.get_by_role("group", name="My answers").get_by_label("2", exact=True).check()
    chart = page.locator("#nr-chart svg")
    expect(chart).to_be_visible(timeout=15_000)
    expect(note).to_be_hidden()
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    smallest = chart.evaluate(
        "svg => Math.min(...[...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect().height))")
    assert smallest >= 10, f"chart text is {smallest:.1f} px tall on a phone"
    expect(page.locator("#nr-normal")).to_be_visible()
    expect(page.locator("#nr-normal h3")).to_have_text("Is this normal?")
