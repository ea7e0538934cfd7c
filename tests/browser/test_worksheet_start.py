"""The worksheet's start-up leaves the page's structure alone (a start that never blocks).

Taking a child out of a container (or adding one to ``<body>``) re-runs every
sibling-dependent selector of Material's stylesheet on all of it: on the worksheet, 474
elements, about 160 ms at 4x CPU (as Lighthouse's mobile run). So the print sheets go to
``<body>`` only when something prints. Here a MutationObserver, installed before the page's
first script, records every node of ours added to or taken from ``#nr-worksheet`` or
``<body>`` after parsing, while the page starts: there must be none. The print tests (test_print_browser.py,
test_record_browser.py) show the sheets still print.

Python's start (downloading and compiling the runtime, starting the interpreter), run while
the page is still starting, makes the page's own first tasks about twice as long on two cores
(bench/README.md). So the worker waits until the page says "go", after its load event, or
starts by itself after two seconds if that never comes.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from slow_server import slow_server  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

WATCH = """
window.__nrMoves = [];
// From the end of parsing (the parser's own insertions are not moves): "interactive" comes
// before the deferred and module scripts run, app.js among them.
document.addEventListener("readystatechange", () => {
  if (document.readyState !== "interactive") return;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target !== document.body && r.target.id !== "nr-worksheet") continue;
      for (const [how, nodes] of [["added to", r.addedNodes], ["taken from", r.removedNodes]]) {
        for (const n of nodes) {
          if (n.nodeType === 1 && (n.id || "").startsWith("nr-")) window.__nrMoves.push(`${how} ${r.target.id || "body"}: #${n.id}`);
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
});
"""


def test_binding_the_form_moves_no_part_of_the_worksheet(page: Page, server):
    page.add_init_script(WATCH)
    page.goto(server + "worksheet/")
    expect(page.locator('#nr-worksheet[data-bound="true"]')).to_have_count(1)
    # The sheets are still there for printing, empty and hidden, where the build put them.
    expect(page.locator("#nr-print")).to_be_hidden()
    assert page.evaluate("window.__nrMoves") == []


def test_results_that_did_not_change_are_not_drawn_again(page: Page, server):
    """Every pause in typing recomputes; only the parts whose content changed are redrawn
    (redrawing all of them restyled the results on every keystroke pause, and moved a
    keyboard user's focus off a draft's Copy button)."""
    page.goto(server + "worksheet/")
    page.get_by_label("Company", exact=True).fill("Acme Widgets")
    thank_you = page.locator('article[data-kind="thank_you"]')
    expect(thank_you).to_contain_text("Acme Widgets", timeout=90_000)
    expect(page.locator("#nr-plan-list > li").first).to_be_visible()
    page.evaluate("() => { for (const li of document.querySelectorAll('#nr-plan-list > li')) li.__drawn = 'before'; }")
    # The name signs the drafts and appears nowhere else.
    page.locator("#nr-your-name").fill("Sam Lee")
    expect(thank_you).to_contain_text("Sam Lee")
    kept = page.evaluate("() => [...document.querySelectorAll('#nr-plan-list > li')].map((li) => li.__drawn === 'before')")
    assert kept and all(kept), kept


READY_MS = 120_000
PYTHON_READY = """() => { const m = performance.getEntriesByName("nr-python-ready")[0];
  return m ? m.detail : null; }"""


def python_timings(page: Page) -> dict:
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)
    timings = page.evaluate(PYTHON_READY)
    assert timings, "the page marked Python ready without the worker's timings"
    return timings


def test_python_starts_once_the_page_has_loaded_with_the_files_downloaded_once(page: Page, server):
    requests = []
    page.on("request", lambda r: requests.append(r.url.split("?", 1)[0].rsplit("/", 1)[-1]))
    page.goto(server + "worksheet/")
    timings = python_timings(page)
    load_end = page.evaluate("() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd")
    assert timings["goBy"] == "page", timings
    # Epoch milliseconds on both sides; the page's clock and the worker's agree to a millisecond or so.
    assert timings["bootStart"] >= load_end - 5, (timings, load_end)
    # Pyodide took the WebAssembly, the standard library and the lock file from the downloads
    # the boot began with, and none of them went over the network twice.
    assert timings["earlyHits"] == 3, timings
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert requests.count(name) == 1, (name, requests)


def test_python_starts_by_itself_when_the_page_never_finishes_loading(page: Page, slow_server):
    """A file of the page held up (here early.js, which app.js imports, for 8 s) keeps the load
    event back; Python must not wait for it."""
    slow = slow_server({"assets/worksheet/early.js": 8})
    page.goto(slow.url + "worksheet/", wait_until="commit")
    timings = python_timings(page)
    assert timings["goBy"] == "timeout", timings
    # Two seconds after the worker began (not 8 s, when the page finishes); epoch milliseconds.
    assert timings["bootStart"] - timings["workerOrigin"] < 6_000, timings
    assert timings["earlyHits"] == 3, timings


PHONE = {"width": 390, "height": 844}
# The last element the selector matches (it must exist) is skipped by content-visibility.
SKIPPED = "(sel) => ![...document.querySelectorAll(sel)].at(-1).checkVisibility({contentVisibilityAuto: true})"


def test_on_a_phone_the_ratings_below_the_fold_are_not_drawn_until_they_are_used(page: Page, server):
    """Material's start-up restyles the whole page four times (bench/README.md); step
    1's ratings and choices, far below the first screen, are skipped until they come into view,
    yet stay reachable by keyboard and are drawn the moment they take focus."""
    page.set_viewport_size(PHONE)
    page.goto(server + "worksheet/")
    page.wait_for_load_state("load")
    rating = "#nr-worksheet .nr-ratings input[type=radio]"
    choice = "#nr-worksheet #step-1 .nr-tomorrow > .nr-choice select"
    assert page.evaluate(SKIPPED, rating), "the ratings below the fold are drawn"
    assert page.evaluate(SKIPPED, choice), "the last choice of step 1 is drawn"
    # On a phone the ratings are an optional group, folded while empty: open it by keyboard.
    summary = page.locator("details[data-fold] > summary").filter(has_text="How it went")
    summary.focus()
    page.keyboard.press("Enter")
    last = page.locator(rating).last
    last.focus()
    page.keyboard.press("Space")
    expect(last).to_be_checked()
    expect(last).to_be_in_viewport()
    assert not page.evaluate(SKIPPED, rating)
