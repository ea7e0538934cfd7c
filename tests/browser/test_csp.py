"""Content Security Policy: the pure policy builder, the built pages, and real Chromium.

Violations are caught twice over: a ``securitypolicyviolation`` listener added with
``add_init_script`` (init scripts run whatever the page's policy says) and the console, where
Chromium logs every refused script, style, worker or connection.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import nav_pages
from nextround_site import csp

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`);
});
"""


def parse(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        out[name] = sources
    return out


# --- the pure builder ------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a=1</script><script src="x.js"></script><script type="application/json">{"b":2}</script>
<script type="module">import "./m.js"</script><script>var a=1</script></head><body></body></html>"""


def test_inline_scripts_are_hashed_exactly_once_each_and_data_blocks_are_not():
    hashes = csp.inline_script_hashes(PAGE)
    assert hashes == [csp.sha256_source("var a=1"), csp.sha256_source('import "./m.js"')]
    # the known SHA-256 of "var a=1", base64
    assert csp.sha256_source("var a=1") == "'sha256-" + __import__("base64").b64encode(
        __import__("hashlib").sha256(b"var a=1").digest()).decode() + "'"


def test_policy_is_strict_and_wasm_is_opt_in():
    plain = csp.directives(["'sha256-abc'"])
    assert plain["script-src"] == ["'self'", "'sha256-abc'"]
    assert plain["default-src"] == ["'self'"]
    assert plain["object-src"] == ["'none'"] and plain["base-uri"] == ["'none'"]
    assert plain["connect-src"] == ["'self'"] and plain["worker-src"] == ["'self'"]
    assert plain["img-src"] == ["'self'", "data:"]
    text = csp.serialize(plain)
    assert "unsafe-inline" not in text and "unsafe-eval" not in text
    assert "'wasm-unsafe-eval'" in csp.directives(wasm=True)["script-src"]
    assert "frame-ancestors" not in text  # ignored (with a console error) in a <meta>
    assert csp.header_policy(text).endswith("; frame-ancestors 'none'")


def test_meta_goes_right_after_charset_and_before_any_script():
    out = csp.protect(PAGE)
    meta = META.search(out)
    assert meta and meta.start() < out.index("<script") and out.index("<meta charset") < meta.start()
    assert parse(meta.group(1))["script-src"] == ["'self'", *csp.inline_script_hashes(PAGE)]


def test_pages_that_cannot_be_protected_are_loud_errors():
    with pytest.raises(csp.CSPError, match="no <head>"):
        csp.protect("<p>fragment</p>")
    with pytest.raises(csp.CSPError, match="already has"):
        csp.protect(csp.protect(PAGE))
    with pytest.raises(csp.CSPError, match="before <meta charset>"):
        csp.protect("<html><head><script>x()</script><meta charset='utf-8'></head></html>")


# --- the built site --------------------------------------------------------------------------

def html_files(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if "assets/pyodide" not in p.as_posix())


def test_every_built_page_carries_a_policy_that_matches_its_own_inline_scripts(site_dir):
    files = html_files(site_dir)
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        metas = META.findall(text)
        assert len(metas) == 1, f"{path}: {len(metas)} CSP meta elements"
        assert text.index("Content-Security-Policy") < text.lower().index("<script"), path
        policy = parse(metas[0])
        hashes = [s for s in policy["script-src"] if s.startswith("'sha256-")]
        assert hashes == csp.inline_script_hashes(text), f"{path}: hashes do not match the page"
        assert "'unsafe-inline'" not in metas[0] and "'unsafe-eval'" not in metas[0]
        wasm = "'wasm-unsafe-eval'" in policy["script-src"]
        assert wasm == (path.relative_to(site_dir).as_posix() == "worksheet/index.html"), path


def test_built_pages_have_no_inline_event_handlers_or_javascript_urls(site_dir):
    handler = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
    for path in html_files(site_dir):
        text = path.read_text(encoding="utf-8")
        assert not handler.search(text), f"{path}: inline event handler (blocked by the CSP)"
        assert "javascript:" not in text.lower(), f"{path}: javascript: URL (blocked by the CSP)"


# --- real Chromium ---------------------------------------------------------------------------

def watch(context: BrowserContext, page: Page) -> list[str]:
    """Collect CSP violations from the console and page errors into the returned list."""
    context.add_init_script(LISTENER)
    seen: list[str] = []
    page.on("console", lambda m: seen.append(f"console: {m.text}") if "content security policy" in m.text.lower() else None)
    page.on("pageerror", lambda e: seen.append(f"page error: {e}"))
    return seen


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations")


@pytest.mark.browser
def test_every_page_loads_and_search_works_without_a_violation(context, page: Page, server, site_dir):
    seen = watch(context, page)
    for path in nav_pages(site_dir) + ["404.html"]:
        page.goto(server + path, wait_until="networkidle")
        seen += [f"{path}: {v}" for v in violations(page)]
    page.goto(server + "steps/reflect/")
    page.keyboard.press("/")
    page.keyboard.type("thank")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.locator(".md-search-result__link").first.click()
    page.wait_for_load_state("networkidle")
    seen += violations(page)
    assert seen == []


@pytest.mark.browser
def test_an_injected_inline_script_is_blocked_and_reported(context, page: Page, server):
    watch(context, page)
    page.goto(server)
    ran = page.evaluate("""() => {
        window.__injected = false;
        const s = document.createElement("script");
        s.textContent = "window.__injected = true";
        document.head.append(s);
        return window.__injected;
    }""")
    assert ran is False
    expect(page.locator("html")).to_have_attribute("lang", "en")  # page still alive
    assert any(v.startswith("script-src-elem blocked inline") for v in violations(page))


@pytest.mark.browser
def test_an_injected_inline_style_attribute_source_is_blocked(context, page: Page, server):
    """style-src has no 'unsafe-inline': a <style> element added by a script does not apply."""
    watch(context, page)
    page.goto(server)
    colour = page.evaluate("""() => {
        const s = document.createElement("style");
        s.textContent = "body { color: rgb(1, 2, 3) !important }";
        document.head.append(s);
        return getComputedStyle(document.body).color;
    }""")
    assert colour != "rgb(1, 2, 3)"
    assert any(v.startswith("style-src-elem blocked inline") for v in violations(page))


@pytest.mark.browser
def test_worksheet_boots_pyodide_and_is_used_without_a_violation(context, page: Page, server):
    seen = watch(context, page)
    page.goto(server + "worksheet/")
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=90_000)
    page.get_by_label("Company", exact=True).fill("Acme Widgets")
    page.get_by_label("Role", exact=True).fill("Product Designer")
    expect(page.locator("#nr-saved")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))
    page.get_by_label("Interviewer name", exact=True).fill("Priya Shah")
    expect(page.locator('#nr-draft-list article[data-kind="thank_you"]')).to_contain_text("Priya Shah", timeout=15_000)
    expect(page.locator("#nr-plan-list li").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export backup").click()
    backup = download.value.path()
    assert download.value.suggested_filename.endswith(".json")
    with page.expect_download():
        page.get_by_role("button", name="Export Markdown").click()
    page.get_by_label("Import backup").set_input_files(backup)
    dialog = page.locator("#nr-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Import").click()
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Print my plan").click()
    page.emulate_media(media="print")
    expect(page.locator("#nr-print")).to_contain_text("Acme Widgets")
    page.emulate_media(media="screen")
    page.reload()
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=90_000)
    seen += violations(page)
    assert seen == []
