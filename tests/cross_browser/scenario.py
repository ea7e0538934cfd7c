"""The cross-engine scenario, written once against ``driver.Driver``.

Each function is one part of what a person does on the site; ``test_engines.py`` runs them in
Chromium, Firefox and WebKit. Everything an engine does differently lives in its driver.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import icalendar

from .driver import READY_TIMEOUT, Driver

KEY = "nextround.worksheet"
COMPANY = "Acme Widgets"
ROLE = "Product Designer"
INTERVIEWER = "Priya Shah"
INTERVIEW_DATE = "2026-11-20"
# Markup that would run (and fetch ./x) if it ever reached the page as HTML.
PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
THANK_YOU = 'article[data-kind="thank_you"]'
# What the probe records without it being a fault (see probe.js).
NOT_FAULTS = {"resize-loop"}

# Fill localStorage to the last character: big chunks first, then ever smaller ones.
WRITTEN_WHILE_FULL = "Written while full: " + "kept in the page " * 12

FILL_STORAGE = """
let size = 1024 * 1024, i = 0, name = "none";
while (size >= 1) {
  try { localStorage.setItem("filler." + i, "x".repeat(size)); i++; }
  catch (e) { name = e.name || String(e); size = Math.floor(size / 2); }
}
return {i, name};
"""


def stored(d: Driver) -> dict:
    return json.loads(d.js("return localStorage.getItem(arguments[0]);", KEY))


def wait_saved(d: Driver) -> None:
    d.wait_for(
        'return /Saved at \\d\\d:\\d\\d/.test(document.querySelector("#nr-saved").textContent);',
        what="#nr-saved to say Saved at hh:mm",
    )


def wait_ready(d: Driver) -> None:
    d.wait_for(
        'const s = document.querySelector("#nr-python-status"); return !!s && s.textContent === "Ready";',
        timeout=READY_TIMEOUT, what="#nr-python-status to say Ready",
    )


def python_status(d: Driver) -> str:
    return d.text("#nr-python-status") or ""


# ---- the worksheet --------------------------------------------------------------------------


def type_at_first_paint_and_reload(d: Driver) -> None:
    """The form takes typing before the page's scripts have finished loading, and what was
    typed before Python is ready survives a reload."""
    d.goto("worksheet/", early=True)
    d.type("#f-company", COMPANY)
    d.type("#f-role", ROLE)
    assert python_status(d) != "Ready", "Python was ready before the first keystroke: nothing was typed early"
    d.reload(early=True)
    d.wait_value("#f-company", COMPANY)
    d.wait_value("#f-role", ROLE)
    d.wait_text("#nr-entry-list", COMPANY)


def fill_and_reload(d: Driver) -> None:
    """More of the entry, hostile text included; a reload brings every field back."""
    d.type("#f-interviewers-0-name", INTERVIEWER)
    d.type("#f-thank-you-topic", PAYLOAD)
    d.set_date("#f-interview-date", INTERVIEW_DATE)
    wait_saved(d)
    d.reload()
    for selector, value in (("#f-company", COMPANY), ("#f-role", ROLE), ("#f-interviewers-0-name", INTERVIEWER),
                            ("#f-thank-you-topic", PAYLOAD), ("#f-interview-date", INTERVIEW_DATE)):
        d.wait_value(selector, value)


def drafts_name_the_interviewer_and_company(d: Driver) -> None:
    wait_ready(d)
    draft = d.wait_text(THANK_YOU, INTERVIEWER, timeout=90)
    assert COMPANY in draft and ROLE in draft, draft
    assert PAYLOAD in draft, "the hostile text should appear in the draft, as text"


def hostile_text_stays_text(d: Driver) -> None:
    made = d.js("""return {
        img: document.querySelectorAll("img").length,
        scripts: [...document.querySelectorAll("script")].filter((s) => s.textContent.includes("alert(")).length,
        handlers: document.querySelectorAll("[onerror]").length,
        value: document.querySelector("#f-thank-you-topic").value,
    };""")
    assert made == {"img": 0, "scripts": 0, "handlers": 0, "value": PAYLOAD}, made


def export_calendar(d: Driver) -> icalendar.Calendar:
    got = d.download("#nr-export-ics", timeout=90)
    assert got.name.endswith(".ics"), got.name
    calendar = icalendar.Calendar.from_ical(got.text)
    events = list(calendar.walk("VEVENT"))
    assert events, got.text
    assert any(COMPANY in str(e.get("SUMMARY")) for e in events), [str(e.get("SUMMARY")) for e in events]
    return calendar


def export_backup(d: Driver, folder: Path) -> tuple[Path, list]:
    got = d.download("#nr-export-json", timeout=90)
    assert got.name.endswith(".json"), got.name
    backup = json.loads(got.text)
    assert backup["entries"][0]["company"] == COMPANY
    wait_saved(d)
    path = folder / got.name
    path.write_text(got.text, encoding="utf-8")
    return path, stored(d)["entries"]


def import_backup(d: Driver, path: Path, entries: list) -> None:
    """In a fresh profile, the backup brings back the same entries."""
    d.goto("worksheet/")
    d.upload("#nr-import-file", str(path))
    d.wait_visible("#nr-import-replace", timeout=READY_TIMEOUT)  # the import waits for Python
    d.click("#nr-import-replace")
    d.click("#nr-dialog-ok")
    d.wait_value("#f-company", COMPANY)
    d.wait_value("#f-thank-you-topic", PAYLOAD)
    wait_saved(d)
    assert stored(d)["entries"] == entries
    d.reload()
    d.wait_value("#f-interviewers-0-name", INTERVIEWER)


def full_storage_warns_and_keeps_the_text(d: Driver) -> None:
    """Storage refusing writes for real (the quota is full): a warning, and nothing lost."""
    filled = d.js(FILL_STORAGE)
    assert filled["i"] > 0 and filled["name"] != "none", filled
    # Longer than any room the filler can leave (it stops when a key and one character no longer fit).
    d.type("#f-role", WRITTEN_WHILE_FULL)
    d.wait_visible("#nr-msg-storage")
    d.wait_text("#nr-msg-storage", "storage for this site is full")
    assert d.js('return document.querySelector("#nr-msg-storage").getAttribute("role");') == "alert"
    d.wait_text("#nr-saved", "Not saved")
    assert d.value("#f-role") == WRITTEN_WHILE_FULL
    assert d.value("#f-company") == COMPANY


# ---- the guidance pages ---------------------------------------------------------------------


# As a person sees it: the results panel says "Initializing search" until the theme's search
# worker has loaded the index; a query typed before then is not run again.
SEARCH_READY = ('const m = document.querySelector(".md-search-result__meta");'
                ' return !!m && !m.textContent.includes("Initializing");')


def guidance_pages_load(d: Driver) -> None:
    for path in ("", "steps/reflect/"):
        d.goto(path)
        d.wait_for('return document.querySelectorAll("article h1").length === 1;', what=f"the h1 of /{path}")
        # Leave only once the page has finished starting, as a reader would: WebKit reports
        # the loads a page still had in flight when it is left (the search worker's script,
        # the theme's fetch of the index) as errors of that page. Seen under load: a
        # fresh-clone run's "worker-error" on /, reproduced by leaving pages at once.
        d.wait_for(SEARCH_READY, timeout=90, what=f"the search of /{path} to be ready")


def search_finds_the_templates(d: Driver) -> None:
    d.goto("")
    d.wait_for(SEARCH_READY, timeout=90, what="the search to be ready")
    # A person taps the box first, then types. (The box having focus before the first key is
    # what a driver that sets the value without key events gets wrong: Material then never
    # runs the query. Every driver's ``type`` presses keys.)
    d.click("input.md-search__input")
    d.type("input.md-search__input", "thank you")
    d.wait_visible(".md-search-result__item a[href*='templates/']", timeout=90)


# ---- what the recorders saw -----------------------------------------------------------------


def _browser_own(hit: str, hosts: tuple[str, ...]) -> bool:
    """A trap record (``CONNECT host:443 ...`` or ``GET http://host/...``) for one of ``hosts``."""
    target = hit.split(" ")[1] if " " in hit else hit
    host = target.split("//", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return host in hosts


def findings(d: Driver, server, trap) -> dict:
    """Everything that went wrong, as seen by the probe, the engine, the server and the trap."""
    return {
        "probe": [f for f in server.findings() if f["kind"] not in NOT_FAULTS],
        "engine": d.every_engine_error(),
        "server": server.odd_requests(),
        "trap": [hit for hit in trap.hits if not _browser_own(hit, d.browser_hosts)],
    }


def assert_clean(d: Driver, server, trap) -> None:
    """No script error, no CSP violation, no failed load, no request for another origin."""
    seen = findings(d, server, trap)
    assert seen == {"probe": [], "engine": [], "server": [], "trap": []}, seen
    # Silence only counts if the probe was there to hear (pages loaded it; a prefetched
    # rel=next page is fetched without running, so this cannot be one probe per page).
    assert any(p == "/__nr-probe.js" for _, p, _, _ in server.requests), server.requests


def recorders_catch_faults(d: Driver, server, trap) -> None:
    """The check page makes one of each fault; each recorder must see its own."""
    d.goto("__nr-check/")
    d.wait_for('return document.body.dataset.checked === "yes";', what="the check page's script to run")
    deadline = time.monotonic() + 30
    while True:
        kinds = {f["kind"] for f in server.findings()}
        if {"error", "rejection", "csp"} <= kinds and trap.hits:
            break
        assert time.monotonic() < deadline, findings(d, server, trap)
        time.sleep(0.1)
    details = " ".join(f["detail"] for f in server.findings())
    assert "nr-check: an uncaught error" in details, details
    assert "nr-check: an unhandled rejection" in details, details
    assert any("nr-leak.invalid" in hit for hit in trap.hits), trap.hits
