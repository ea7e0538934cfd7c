"""The site in the three browser engines people use: Chromium, Firefox and WebKit.

One scenario (``scenario.py``), written once against a small driver interface, runs in each
engine; the engine is the test's parameter, so ``-k webkit`` runs one engine alone. Every
page goes through the engine test server, which adds a same-origin probe that reports script
errors, rejections and CSP violations; every browser's proxy is a trap that records any
request for another origin. Each test ends by asserting that all of them saw nothing.
"""

from __future__ import annotations

import pytest

from . import scenario

pytestmark = pytest.mark.browser


def test_the_recorders_catch_an_error_a_rejection_a_csp_violation_and_a_leak(driver, engine_server, trap):
    scenario.recorders_catch_faults(driver, engine_server, trap)


def test_worksheet_types_restores_drafts_exports_imports_and_survives_full_storage(driver, engine_server, trap, tmp_path):
    # The wheel is held back while the form is typed into, so "before Python is ready" holds
    # however fast Python starts (with the compiled standard library, Firefox was sometimes
    # ready before the driver's last keystroke).
    with engine_server.holding(".whl"):
        scenario.type_at_first_paint_and_reload(driver)
    scenario.fill_and_reload(driver)
    scenario.drafts_name_the_interviewer_and_company(driver)
    scenario.hostile_text_stays_text(driver)
    scenario.export_calendar(driver)
    backup, entries = scenario.export_backup(driver, tmp_path)
    other = driver.fresh()
    scenario.import_backup(other, backup, entries)
    scenario.full_storage_warns_and_keeps_the_text(other)
    scenario.assert_clean(driver, engine_server, trap)


def test_guidance_pages_load_and_search_finds_the_templates(driver, engine_server, trap):
    scenario.guidance_pages_load(driver)
    scenario.search_finds_the_templates(driver)
    scenario.assert_clean(driver, engine_server, trap)
