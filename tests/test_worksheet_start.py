"""The worksheet's start-up leaves the page's structure alone (issue 12: a start that never blocks).

Performance traces of the worksheet (4x CPU, as Lighthouse's mobile run) showed one start-up
task restyling the whole worksheet, 474 elements, about 160 ms: ``bindPrint`` moved the
print sheet out of ``#nr-worksheet`` to ``<body>``, and ``bindRecord`` appended a second sheet
to ``<body>``. Taking a child out of a container re-runs every sibling-dependent selector of
Material's stylesheet on all of it. The print sheets now go to ``<body>`` only when something
prints. Here a MutationObserver, installed before the page's first script, records every
node of ours added to or taken from ``#nr-worksheet`` or ``<body>`` after parsing, while the
page starts: there must be none. The print tests (test_print_browser.py,
test_record_browser.py) show the sheets still print.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

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
