"""Drafts on the worksheet page, in real Chromium: the set follows the entry's status, one
thank-you note per interviewer, "Open in email" fills the recipient, "Your name" signs them."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from test_worksheet_browser import KEY, label, open_worksheet, stored, wait_ready, wait_saved
from conftest import TESTS

pytestmark = pytest.mark.browser


def kinds(page: Page) -> list[str]:
    return page.locator("#nr-draft-list article").evaluate_all("els => els.map(e => e.dataset.kind)")


def mail_parts(article) -> tuple[str, dict]:
    href = article.get_by_role("link", name="Open in email: " + article.locator("h4").inner_text()).get_attribute("href")
    url = urllib.parse.urlsplit(href)
    return urllib.parse.unquote(url.path), urllib.parse.parse_qs(url.query)


def test_switching_from_no_reply_to_rejected_changes_the_drafts(page: Page, server):
    open_worksheet(page, server)
    label(page, "Company").fill("Acme Widgets")
    label(page, "Role").fill("Product Designer")
    label(page, "Interview date").fill("2026-11-20")
    label(page, "Interviewer name").fill("Priya Shah")
    label(page, "Interviewer email").fill("priya@acme.example")
    page.get_by_role("button", name="Add interviewer").click()
    label(page, "Interviewer name").nth(1).fill("Tom Otieno")
    label(page, "Who told you (name)").fill("Sam Recruiter")
    label(page, "Who told you (email)").fill("sam@agency.example")
    label(page, "How the news came").select_option("none")
    label(page, "Your name").fill("Lee Park")
    wait_ready(page)

    drafts = page.locator("#nr-draft-list article")
    expect(drafts).to_have_count(5, timeout=15_000)
    assert kinds(page) == ["thank_you", "thank_you", "follow_up_1", "follow_up_2", "move_on"]
    not_offered = page.locator("#nr-not-offered-list li")
    expect(not_offered).to_have_count(1)
    expect(not_offered).to_contain_text("nobody has told you yet")
    move_on = page.locator('article[data-kind="move_on"]')
    expect(move_on).to_contain_text("A note for you, not an email.")
    expect(move_on.get_by_role("link")).to_have_count(0)

    label(page, "How the news came").select_option("email")
    expect(page.locator('article[data-kind="reply_to_rejection"]')).to_have_count(1, timeout=15_000)
    # Tonight's notes first: the thank-you notes, then the reply to whoever told you.
    assert kinds(page) == ["thank_you", "thank_you", "reply_to_rejection", "feedback_brief", "feedback_warm"]
    expect(not_offered).to_have_count(1)
    expect(not_offered).to_have_text(["No follow-ups: they have given you their answer, so there is nothing left to chase."])

    # Two interviewers, two notes, each greeting one person and addressed to them.
    notes = page.locator('article[data-kind="thank_you"]')
    expect(notes.nth(0).locator("pre")).to_contain_text("Dear Priya Shah,\n")
    expect(notes.nth(1).locator("pre")).to_contain_text("Dear Tom Otieno,\n")
    for i in range(2):
        assert " and " not in notes.nth(i).locator("pre").inner_text().split("\n")[0]
    to, query = mail_parts(notes.nth(0))
    assert to == "priya@acme.example" and "Priya Shah" in query["body"][0]
    expect(notes.nth(1)).to_contain_text("No email address for Tom Otieno yet")
    assert mail_parts(notes.nth(1))[0] == ""

    # The reply goes to whoever told you; every draft is signed with "Your name".
    reply = page.locator('article[data-kind="reply_to_rejection"]')
    expect(reply.locator(".nr-draft-to")).to_have_text("To: sam@agency.example")
    to, query = mail_parts(reply)
    assert to == "sam@agency.example"
    assert query["body"][0].startswith("Dear Sam Recruiter,") and query["body"][0].endswith("\r\nLee Park")
    assert query["subject"] == [reply.locator(".nr-draft-subject").inner_text().removeprefix("Subject: ").strip()]

    # "Your name" is a document setting: saved, and still there after a reload.
    wait_saved(page)
    assert stored(page)["settings"]["your_name"] == "Lee Park"
    assert stored(page)["version"] == 2
    page.reload()
    expect(label(page, "Your name")).to_have_value("Lee Park")
    wait_ready(page)
    expect(page.locator('article[data-kind="reply_to_rejection"] pre')).to_contain_text("Lee Park", timeout=15_000)


def test_a_worksheet_saved_by_schema_1_is_converted_and_nothing_is_lost(page: Page, server):
    v1_text = (TESTS / "data" / "v1-backup.json").read_text(encoding="utf-8")
    v1 = json.loads(v1_text)
    open_worksheet(page, server)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, v1_text])
    page.reload()
    expect(label(page, "Company")).to_have_value("Bolt")  # the active entry of the old save
    wait_ready(page)
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"), timeout=15_000)
    doc = stored(page)
    assert doc["version"] == 2 and doc["settings"]["your_name"] == ""
    old, new = v1["entries"][0], doc["entries"][0]
    assert new["interviewers"] == [dict(p, greeting="", email="", topic="") for p in old["interviewers"]]
    assert new["news_from"] == {"name": "", "greeting": "", "email": "", "agency": False}
    for key in ("company", "role", "notes", "reflection", "mindset", "thank_you", "feedback", "actions", "plan_done"):
        assert new[key] == old[key], key
    assert doc["settings"]["edits_since_export"] == v1["settings"]["edits_since_export"]


def test_how_to_greet_them_and_an_agency_recruiter_change_the_drafts(page: Page, server):
    open_worksheet(page, server)
    label(page, "Company").fill("Acme Widgets")
    label(page, "Role").fill("Product Designer")
    label(page, "Interviewer name").fill("Priya Shah")
    label(page, "How to greet them").fill("Ms Shah")
    label(page, "Who told you (name)").fill("Dana Recruiter")
    label(page, "Who told you (how to greet them)").fill("Dana")
    label(page, "How the news came").select_option("email")
    wait_ready(page)
    note = page.locator('article[data-kind="thank_you"] pre')
    expect(note).to_contain_text("Dear Ms Shah,\n", timeout=15_000)
    reply = page.locator('article[data-kind="reply_to_rejection"] pre')
    expect(reply).to_contain_text("Dear Dana,\n")
    expect(reply).not_to_contain_text("putting me forward")
    label(page, "They work for a recruitment agency").check()
    expect(reply).to_contain_text("pass my thanks on to Ms Shah", timeout=15_000)
    wait_saved(page)
    entry = stored(page)["entries"][0]
    assert entry["news_from"] == {"name": "Dana Recruiter", "greeting": "Dana", "email": "", "agency": True}
    assert entry["interviewers"][0]["greeting"] == "Ms Shah"
