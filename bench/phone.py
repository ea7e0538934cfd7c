"""The worksheet on a phone: a 390 x 844 viewport walked through five tasks, side by side with
another build.

    .venv/bin/python bench/phone.py --against DIR [--site DIR] [--shots DIR] [--smoke]

``--site`` is this build (default: ``site/``, built with ``make build`` first), ``--against``
another built site (e.g. main's, built from ``git worktree add`` into a temporary folder).
Each build is served over HTTP from its own folder and opened in headless Chromium at
390 x 844 with an empty storage. The walk, the same for both:

1. **Tonight**: type the company, the role, one interviewer's name, "By email" as how the
   news came and who told you, then wait for the first thank-you note. Reported: controls
   (inputs, selects, buttons, links in the worksheet) before the first note, the distance in
   screens (844 px) from the Company field to the note, and whether Copy and Open in email
   are on the note.
2. to 5. From the top of the page after a reload, each task counts **taps** (clicks and focus
   into a field) and **screens** scrolled (the scroll distance to bring each control on
   screen, in 844 px screens): mark the thank-you as sent, add a dated plan step, download
   the calendar file, export a backup. A build with a task list (``#nr-tasks``) gets there
   through its links; a build without scrolls.

Also: the layout shift (sum of layout-shift entries without recent input) during the walk, the
first contentful paint and the main-thread blocking time (long tasks beyond 50 ms) from
navigation until Python is ready, median of three loads. ``--shots DIR`` writes a screenshot of
every step of this build at 390 x 844, light and dark. Nothing is asserted. ``--smoke`` (what
the test suite runs): one load and one walk of ``--site`` alone, a check that the script works.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
W, H = 390, 844

SHIFT_JS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
}).observe({ type: "layout-shift", buffered: true });
window.__tbt = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__tbt += Math.max(0, e.duration - 50);
}).observe({ type: "longtask", buffered: true });
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401 - quiet server
        pass


def serve(folder: Path):
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/worksheet/"


class Walk:
    """Counts taps and screens scrolled on one page."""

    def __init__(self, page):
        self.page = page
        self.taps = 0
        self.screens = 0.0

    def reach(self, locator):
        box = locator.evaluate("el => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; }")
        top, bottom = box
        if top >= 56 and bottom <= H:  # on screen, below Material's header
            return
        delta = top - 120 if top < 56 else bottom - H + 40
        self.screens += abs(delta) / H
        self.page.evaluate("d => window.scrollBy(0, d)", delta)
        self.page.wait_for_timeout(150)

    def tap(self, locator):
        self.reach(locator)
        locator.click()
        self.taps += 1
        self.page.wait_for_timeout(200)

    def go_step(self, n: int):
        """With a task list on a phone: All steps, then the step's link."""
        top = self.page.locator("#nr-step-top a")
        if top.count() and top.is_visible():
            self.tap(top)
            self.tap(self.page.locator(f'#nr-tasks a[href="#step-{n}"]'))


def first_visible(page, selectors):
    for sel in selectors:
        loc = page.locator(sel)
        if loc.count() and loc.first.is_visible():
            return loc.first
    raise LookupError(selectors)


def tonight(page) -> dict:
    page.fill("#f-company", "Acme")
    page.fill("#f-role", "Designer")
    page.fill("#f-interviewers-0-name", "Priya Shah")
    page.select_option("#f-news-via", "email")
    page.fill("#f-news-from-name", "Sam Lee")
    note = page.locator('#nr-draft-list article[data-kind="thank_you"]').first
    expect(note).to_contain_text("Priya", timeout=60_000)
    page.wait_for_timeout(500)
    company_top = page.locator("#f-company").evaluate("el => el.getBoundingClientRect().top + scrollY")
    note_top = note.evaluate("el => el.getBoundingClientRect().top + scrollY")
    controls = page.evaluate(
        """() => {
        const note = document.querySelector('#nr-draft-list article[data-kind="thank_you"]');
        const all = [...document.querySelectorAll('#nr-worksheet input, #nr-worksheet select, #nr-worksheet textarea, #nr-worksheet button, #nr-worksheet a[href]')];
        return all.filter((el) => el.checkVisibility() && (el.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING)
          && !note.contains(el)).length;
    }"""
    )
    return {
        "controls": controls,
        "screens": round((note_top - company_top) / H, 2),
        "copy+email": note.get_by_role("button", name="Copy").count() == 1 and note.get_by_role("link").count() == 1,
    }


def task(page, url, name) -> tuple[int, float]:
    page.goto(page.url)  # reload where the page is (a step keeps its address)
    expect(page.locator('#nr-worksheet[data-bound="true"]')).to_have_count(1, timeout=60_000)
    page.evaluate("window.scrollTo(0, 0)")
    walk = Walk(page)
    if name == "sent":
        walk.go_step(3)
        walk.tap(page.locator("#f-thank-you-sent"))
        expect(page.locator("#f-thank-you-sent")).to_be_checked()
    elif name == "plan":
        walk.go_step(5)
        text = page.locator("#f-actions-0-text")
        walk.tap(text)
        text.fill("Call Dana about the team")
        due = page.locator("#f-actions-0-due")
        walk.tap(due)
        due.fill("2030-01-15")
        expect(page.locator("#nr-plan-list")).to_contain_text("Call Dana", timeout=30_000)
    elif name == "ics":
        walk.go_step(5)
        button = first_visible(page, ["#nr-step-ics", "#nr-export-ics"])
        with page.expect_download(timeout=30_000):
            walk.tap(button)
    elif name == "backup":
        with page.expect_download(timeout=30_000):
            walk.tap(page.locator("#nr-export-json"))
    return walk.taps, round(walk.screens, 2)


def timings(browser, url, loads: int = 3) -> dict:
    fcp, tbt = [], []
    for _ in range(loads):
        ctx = browser.new_context(viewport={"width": W, "height": H})
        page = ctx.new_page()
        page.add_init_script(SHIFT_JS)
        page.goto(url)
        expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=90_000)
        fcp.append(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))
        tbt.append(page.evaluate("window.__tbt"))
        ctx.close()
    return {"fcp": round(statistics.median(fcp)), "tbt": round(statistics.median(tbt))}


def run(browser, site: Path, loads: int = 3) -> dict:
    server, url = serve(site)
    try:
        out = timings(browser, url, loads)
        ctx = browser.new_context(viewport={"width": W, "height": H}, accept_downloads=True)
        page = ctx.new_page()
        page.add_init_script(SHIFT_JS)
        page.goto(url)
        expect(page.locator('#nr-worksheet[data-bound="true"]')).to_have_count(1, timeout=60_000)
        out.update(tonight(page))
        for name in ("sent", "plan", "ics", "backup"):
            out[name] = task(page, url, name)
        out["shift"] = round(page.evaluate("window.__shift"), 3)
        ctx.close()
        return out
    finally:
        server.shutdown()


def shots(browser, site: Path, folder: Path) -> None:
    """Every step (and the overview) at 390 x 844, light and dark, after the tonight path."""
    folder.mkdir(parents=True, exist_ok=True)
    server, url = serve(site)
    try:
        for scheme in ("light", "dark"):
            ctx = browser.new_context(viewport={"width": W, "height": H}, color_scheme=scheme)
            page = ctx.new_page()
            page.goto(url)
            expect(page.locator('#nr-worksheet[data-bound="true"]')).to_have_count(1, timeout=60_000)
            if scheme == "dark":
                page.evaluate("""() => { document.body.setAttribute('data-md-color-scheme', 'slate');
                  localStorage.setItem('/.__palette', JSON.stringify({index: 1, color: {scheme: 'slate'}})); }""")
            tonight(page)
            for view in ["step-1", "step-2", "step-3", "step-4", "step-5", "nr-tasks"]:
                page.goto(f"{url}#{view}")
                page.wait_for_timeout(800)
                page.screenshot(path=str(folder / f"{view}-{scheme}.png"))
                page.screenshot(path=str(folder / f"{view}-{scheme}-full.png"), full_page=True)
            ctx.close()
    finally:
        server.shutdown()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--against", type=Path)
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--smoke", action="store_true",
                        help="one load and one walk of --site only, standing in for --against: a check, not a figure")
    args = parser.parse_args(argv)
    if args.against is None and not args.smoke:
        parser.error("--against is required (unless --smoke)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        if args.smoke:
            this = other = run(browser, args.site, loads=1)
        else:
            this, other = run(browser, args.site), run(browser, args.against)
        if args.shots:
            shots(browser, args.site, args.shots)
        browser.close()
    rows = [
        ("controls before the first note", "controls"),
        ("screens from Company to the first note", "screens"),
        ("first note has Copy and Open in email", "copy+email"),
        ("mark the thank-you as sent (taps, screens)", "sent"),
        ("add a dated plan step (taps, screens)", "plan"),
        ("download the calendar file (taps, screens)", "ics"),
        ("export a backup (taps, screens)", "backup"),
        ("layout shift during the walk", "shift"),
        ("first contentful paint (ms, median of 3)", "fcp"),
        ("blocking time until Python is ready (ms)", "tbt"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'at 390 x 844':<{width}} | {'this build':>14} | {'against':>14}")
    print("-" * width + "-|-" + "-" * 14 + "-|-" + "-" * 14)
    for label, key in rows:
        print(f"{label:<{width}} | {str(this[key]):>14} | {str(other[key]):>14}")
    if args.smoke:
        print("smoke run: one load of this build on both sides; the figures mean nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
