"""The worksheet on a phone (390 x 844) in real Chromium: tonight's few questions first with
tonight's notes right after them, the steps as a task list, one step on screen at a time
with Back and Next, the address naming the step, and nothing lost when steps change."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from slow_server import slow_server  # noqa: F401 - fixture
from test_worksheet_browser import READY_MS, label, stored, wait_saved

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
APP = "assets/worksheet/app.js"


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def bound(page: Page):
    return page.locator('#nr-worksheet[data-bound="true"]')


def open_phone(page: Page, base: str, hash_: str = "") -> None:
    page.goto(base + "worksheet/" + hash_)
    expect(bound(page)).to_have_count(1, timeout=30_000)


def step(page: Page, n: int):
    return page.locator(f"#step-{n}")


def short_path(page: Page) -> None:
    label(page, "Company").fill("Acme Widgets")
    label(page, "Role").fill("Product Designer")
    label(page, "Interviewer name").fill("Priya Shah")
    label(page, "How the news came").select_option("email")
    label(page, "Who told you (name)").fill("Sam Recruiter")


def top(locator) -> float:
    return locator.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


def test_a_thank_you_note_is_within_two_screens_of_company_after_the_short_path(phone: Page, server):
    open_phone(phone, server)
    expect(step(phone, 1)).to_be_visible()
    short_path(phone)
    note = phone.locator('#nr-draft-list article[data-kind="thank_you"]').first
    expect(note.locator("pre")).to_contain_text("Dear Priya Shah,", timeout=READY_MS)
    # The greeting line: the note's body starts with it.
    assert top(note.locator("pre")) + 40 < top(label(phone, "Company")) + 2 * PHONE["height"]
    expect(note.get_by_role("button", name="Copy")).to_be_visible()
    expect(note.get_by_role("link", name=re.compile("^Open in email"))).to_be_visible()
    # Only the short path comes before it: eight or so fields, not step 1's thirty-nine.
    fields = phone.evaluate("""() => {
      const note = document.querySelector('#nr-draft-list article');
      return [...document.querySelectorAll('#nr-form [data-key], #nr-form [data-item]')]
        .filter((el) => el.checkVisibility() && (el.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING))
        .length;
    }""")
    assert fields <= 8


def test_the_task_list_states_follow_the_entry(phone: Page, server):
    open_phone(phone, server, "#nr-tasks")
    tasks = phone.locator("#nr-tasks")
    expect(tasks).to_be_visible()
    state = phone.locator("#nr-task-1-state")
    expect(state).to_have_text("not started")
    link = tasks.get_by_role("link", name="Step 1. Reflect and write it down")
    expect(link).to_have_attribute("aria-describedby", "nr-task-1-state")
    label(phone, "Company").fill("Acme Widgets")
    expect(state).to_have_text("in progress")
    label(phone, "Role").fill("Product Designer")
    label(phone, "How the news came").select_option("email")
    expect(state).to_have_text("done")
    label(phone, "Thank-you note sent").check()
    expect(phone.locator("#nr-task-3-state")).to_have_text("done")
    expect(phone.locator("#nr-task-2-state")).to_have_text("not started")
    # A reload reads the states from the stored entry.
    wait_saved(phone)
    phone.reload()
    expect(bound(phone)).to_have_count(1, timeout=30_000)
    expect(phone.locator("#nr-task-1-state")).to_have_text("done")
    expect(phone.locator("#nr-task-3-state")).to_have_text("done")


def test_one_step_at_a_time_with_back_next_the_address_and_reload(phone: Page, server):
    open_phone(phone, server)
    label(phone, "Company").fill("Acme Widgets")  # an entry worth keeping, so it has a last step
    expect(step(phone, 1)).to_be_visible()
    expect(step(phone, 2)).to_be_hidden()
    phone.get_by_role("link", name=re.compile("^Next: step 2")).click()
    assert phone.url.endswith("#step-2")
    expect(step(phone, 2)).to_be_visible()
    expect(step(phone, 1)).to_be_hidden()
    expect(phone.locator("#step-2-title")).to_be_focused()
    phone.get_by_role("link", name=re.compile("^Next: step 3")).click()
    expect(phone.locator("#step-3-title")).to_be_focused()
    # The browser's Back button goes to the previous step.
    phone.go_back()
    expect(step(phone, 2)).to_be_visible()
    expect(step(phone, 3)).to_be_hidden()
    expect(phone.locator("#step-2-title")).to_be_focused()
    phone.get_by_role("link", name=re.compile("^Back: step 1")).click()
    expect(step(phone, 1)).to_be_visible()
    # Reload stays on the step.
    phone.get_by_role("link", name=re.compile("^Next: step 2")).click()
    phone.reload()
    expect(bound(phone)).to_have_count(1, timeout=30_000)
    expect(step(phone, 2)).to_be_visible()
    expect(step(phone, 1)).to_be_hidden()
    # Opening the worksheet again (no step in the address) reopens the entry's last step.
    phone.goto(server + "worksheet/")
    expect(bound(phone)).to_have_count(1, timeout=30_000)
    expect(step(phone, 2)).to_be_visible()


def test_each_entry_reopens_on_its_own_last_step(phone: Page, server):
    open_phone(phone, server)
    label(phone, "Company").fill("First Co")
    phone.goto(server + "worksheet/#step-4")
    expect(step(phone, 4)).to_be_visible()
    phone.get_by_role("button", name="New entry").click()
    expect(step(phone, 1)).to_be_visible()
    label(phone, "Company").fill("Second Co")
    phone.get_by_role("link", name=re.compile("^Next: step 2")).click()
    expect(step(phone, 2)).to_be_visible()
    phone.get_by_role("button", name=re.compile("First Co")).click()
    expect(step(phone, 4)).to_be_visible()
    phone.get_by_role("button", name=re.compile("Second Co")).click()
    expect(step(phone, 2)).to_be_visible()


def test_a_guidance_page_link_opens_its_step(phone: Page, server):
    phone.goto(server + "steps/thank-you-note/")
    phone.get_by_role("link", name="Open step 3 in the worksheet").click()
    expect(bound(phone)).to_have_count(1, timeout=30_000)
    expect(step(phone, 3)).to_be_visible()
    expect(step(phone, 1)).to_be_hidden()
    expect(label(phone, "Thank-you note sent")).to_be_visible()
    # Step 3 ends with its own notes, before "mark as sent".
    expect(phone.locator("#nr-result-3")).to_be_visible()


def test_without_javascript_every_field_shows(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "worksheet/#step-3")
    controls = page.locator("#nr-form [data-key], #nr-form [data-item]")
    assert controls.count() > 50
    hidden = controls.evaluate_all("els => els.filter((el) => !el.checkVisibility() && el.type !== 'radio').map((el) => el.id)")
    assert hidden == []
    for n in range(1, 6):
        expect(step(page, n)).to_be_visible()
    context.close()


def test_typing_then_switching_step_at_once_then_reloading_keeps_the_text(phone: Page, server):
    open_phone(phone, server)
    label(phone, "Company").press_sequentially("Typed Then Gone", delay=0)
    phone.get_by_role("link", name=re.compile("^Next: step 2")).click()
    expect(step(phone, 2)).to_be_visible()
    # Still in the field, the browser's Back button closes the step at once.
    label(phone, "How I feel right now").press_sequentially("Tired", delay=0)
    phone.go_back()
    expect(step(phone, 1)).to_be_visible()
    phone.reload()
    expect(bound(phone)).to_have_count(1, timeout=30_000)
    expect(label(phone, "Company")).to_have_value("Typed Then Gone")
    entry = stored(phone)["entries"][0]
    assert entry["company"] == "Typed Then Gone"
    assert entry["mindset"]["feeling"] == "Tired"


def test_two_tabs_on_different_steps_of_one_entry_keep_both_sides_words(browser, server):
    """One phone, two tabs on the same entry: step 1 in one, step 2 in the other, each typing
    and moving on at the same moment. Every word of both is in storage after reloading either
    tab, in the one entry: different fields of an entry combine."""
    context = browser.new_context(viewport=PHONE)
    one, two = context.new_page(), context.new_page()
    open_phone(one, server)
    label(one, "Company").fill("Acme Widgets")
    wait_saved(one)
    open_phone(two, server, "#step-2")
    expect(step(two, 2)).to_be_visible()
    expect(step(two, 1)).to_be_hidden()
    # Each tab types into its own step, with no pause between them.
    label(two, "How I feel right now").press_sequentially("Tired but fine", delay=0)
    label(one, "Role").press_sequentially("Product Designer", delay=0)
    two.get_by_role("link", name=re.compile("^Next: step 3")).click()
    one.get_by_role("link", name=re.compile("^Next: step 2")).click()
    for page in (one, two):  # saved here, or updated with the other tab's save
        expect(page.locator("#nr-saved")).to_have_text(re.compile(r"(Saved|Updated) at \d\d:\d\d"), timeout=10_000)
    for page in (one, two):
        page.reload()
        expect(bound(page)).to_have_count(1, timeout=30_000)
        entries = stored(page)["entries"]
        words = json.dumps(entries)
        assert "Acme Widgets" in words and "Product Designer" in words and "Tired but fine" in words, entries
    # The two tabs changed different fields of one entry: one entry holds both, no copy.
    entries = stored(one)["entries"]
    assert len(entries) == 1, entries
    entry = entries[0]
    assert (entry["company"], entry["role"], entry["mindset"]["feeling"]) == ("Acme Widgets", "Product Designer", "Tired but fine")
    context.close()


def test_typing_before_the_script_binds_into_a_step_then_off_screen_is_kept(browser, slow_server):
    slow = slow_server({APP: None})
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(slow.url + "worksheet/", wait_until="commit")
    said = label(page, "What they said, word for word")
    expect(said).to_be_visible(timeout=10_000)
    said.fill("Strong portfolio, but we needed more research experience.")
    assert bound(page).count() == 0
    slow.release()
    expect(bound(page)).to_have_count(1, timeout=30_000)
    expect(step(page, 4)).to_be_hidden()  # the page opened on step 1
    wait_saved(page)
    page.reload()
    expect(bound(page)).to_have_count(1, timeout=30_000)
    page.get_by_role("link", name="All steps", exact=True).click()
    page.locator("#nr-tasks").get_by_role("link", name=re.compile("^Step 4")).click()
    expect(step(page, 4)).to_be_visible()
    expect(said).to_have_value("Strong portfolio, but we needed more research experience.")
    assert json.loads(page.evaluate("localStorage.getItem('nextround.worksheet')"))["entries"][0]["feedback"]["said"].startswith("Strong")
    context.close()


def export_button_holds_still(page: Page, arrives) -> None:
    """With the export button focused on screen, ``arrives`` (something appearing above it)
    must not move it."""
    page.locator("#nr-export-json").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    page.locator("#nr-export-json").focus()
    before = page.locator("#nr-export-json").evaluate("el => el.getBoundingClientRect().top")
    assert 0 < before < PHONE["height"]
    arrives()
    after = page.locator("#nr-export-json").evaluate("el => el.getBoundingClientRect().top")
    assert abs(after - before) < 1


def test_the_step_and_export_buttons_hold_still_when_results_arrive(phone: Page, server):
    # The plan renders in step 5, above Next and the export buttons, once Python is ready;
    # the buttons on screen must not move meanwhile.
    open_phone(phone, server, "#step-5")
    phone.locator("#f-actions-0-text").fill("Call Dana about the team")
    phone.locator("#f-actions-0-due").fill("2030-01-15")
    export_button_holds_still(phone, lambda: expect(phone.locator("#nr-plan-list li").first).to_be_visible(timeout=READY_MS))


def test_the_export_buttons_hold_still_when_the_keep_it_hint_appears(phone: Page, server):
    # "Keep it on your phone" appears two seconds after the first save with real work, between
    # the step's buttons and the export buttons: the buttons on screen must not move.
    open_phone(phone, server, "#step-5")
    expect(phone.locator("#nr-plan-list li").first).to_be_attached(timeout=READY_MS)
    phone.locator("#f-actions-0-text").fill("Call Dana about the team")
    export_button_holds_still(phone, lambda: expect(phone.locator("#nr-phone-hint")).to_be_attached(timeout=15_000))


def test_optional_groups_fold_away_with_a_count_and_never_hide_text(phone: Page, server):
    open_phone(phone, server)
    ratings = phone.locator("details[data-fold]").filter(has_text="How it went, from 1 to 5")
    record = phone.locator("details[data-fold]").filter(has_text="For your job-search record")
    more = phone.locator("#f-interviewers details[data-fold]").first
    for fold in (ratings, record, more):
        expect(fold).not_to_have_attribute("open", "")
        expect(fold.locator(".nr-fold-count")).to_have_text(" (nothing filled yet)")
    expect(label(phone, "Contact person")).to_be_hidden()
    record.locator(":scope > summary").click()
    label(phone, "Contact person").fill("Dana Lee")
    expect(record.locator(".nr-fold-count")).to_have_text(re.compile(r"\(1 of \d+ filled\)"))
    ratings.locator(":scope > summary").click()
    phone.get_by_role("group", name="My answers").get_by_label("4", exact=True).check()
    expect(ratings.locator(".nr-fold-count")).to_have_text(" (1 of 5 filled)")
    # Folded by hand, the count still says what it holds.
    ratings.locator(":scope > summary").click()
    expect(ratings).not_to_have_attribute("open", "")
    wait_saved(phone)
    # Reloaded, a group that holds something opens; an empty one stays folded.
    phone.reload()
    expect(bound(phone)).to_have_count(1, timeout=30_000)
    expect(ratings).to_have_attribute("open", "")
    expect(record).to_have_attribute("open", "")
    expect(label(phone, "Contact person")).to_have_value("Dana Lee")
    expect(more).not_to_have_attribute("open", "")


def test_on_a_wide_screen_every_group_is_open(page: Page, server):
    page.goto(server + "worksheet/")
    expect(bound(page)).to_have_count(1, timeout=30_000)
    assert page.locator("details[data-fold]:not([open])").count() == 0
    for n in range(1, 6):
        expect(step(page, n)).to_be_visible()
