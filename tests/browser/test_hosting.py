"""The generated ``_headers`` file: present, consistent with each page's <meta> CSP, and
(served by a host that applies it) still lets every page and the worksheet run cleanly."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import StaticServer, _QuietHandler, nav_pages
from nextround_site import csp, hosting

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}`);
});
"""


@pytest.fixture(scope="module")
def header_rules(site_dir) -> list:
    path = site_dir / "_headers"
    assert path.is_file(), "the build wrote no _headers file"
    return hosting.parse(path.read_text(encoding="utf-8"))


def built_pages(site_dir: Path) -> dict[str, str]:
    return {p.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html")}


def test_every_page_url_gets_exactly_its_meta_policy_plus_frame_ancestors(site_dir, header_rules):
    pages = built_pages(site_dir)
    assert len(pages) > 10
    for path, text in pages.items():
        meta = csp.meta_policy(text)
        assert meta, path
        for url in hosting.page_urls(path):
            got = hosting.headers_for(header_rules, url)
            assert got["Content-Security-Policy"] == [meta + "; frame-ancestors 'none'"], url
            assert got["Cache-Control"] == [hosting.HTML_CACHE], url
            assert got["X-Content-Type-Options"] == ["nosniff"], url


def test_no_two_matching_rules_set_the_same_header(site_dir, header_rules):
    urls = ["/" + p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()]
    urls += [u for path in built_pages(site_dir) for u in hosting.page_urls(path)]
    for url in urls:
        for name, values in hosting.headers_for(header_rules, url).items():
            assert len(values) == 1, f"{url}: {name} set by {len(values)} rules"


def test_runtime_and_wheel_are_immutable_html_and_plain_files_are_not(site_dir, header_rules):
    runtime = sorted(site_dir.glob("assets/pyodide/*/pyodide.asm.wasm"))
    wheels = sorted(site_dir.glob("assets/worksheet/wheels/*/*.whl"))
    assert runtime and wheels
    for path in runtime + wheels + sorted(site_dir.glob("assets/javascripts/bundle.*.min.js")):
        url = "/" + path.relative_to(site_dir).as_posix()
        assert hosting.headers_for(header_rules, url)["Cache-Control"] == [hosting.IMMUTABLE], url
    wasm = "/" + runtime[0].relative_to(site_dir).as_posix()
    assert hosting.headers_for(header_rules, wasm)["Content-Type"] == ["application/wasm"]
    # Files whose name does not change with their content must not be cached for a year.
    for plain in ["/stylesheets/extra.css", "/search/search_index.json", "/assets/worksheet/app.js"]:
        assert "Cache-Control" not in hosting.headers_for(header_rules, plain), plain


def test_the_worker_scripts_get_a_policy_of_their_own(header_rules):
    worksheet = hosting.headers_for(header_rules, "/assets/worksheet/worker.js")["Content-Security-Policy"][0]
    search = hosting.headers_for(header_rules, "/assets/javascripts/workers/search.0123abcd.min.js")["Content-Security-Policy"][0]
    assert "'wasm-unsafe-eval'" in worksheet and "'wasm-unsafe-eval'" not in search
    assert "unsafe-inline" not in worksheet + search and "unsafe-eval'" not in worksheet.replace("wasm-unsafe-eval", "")


def test_rules_render_and_parse_back_unchanged():
    rules = hosting.rules(
        {"index.html": csp.protect("<html><head><meta charset='utf-8'></head></html>")},
        ["assets/pyodide/1.0/pyodide.asm.wasm", "assets/x.0123abcd.min.js", "notes.txt",
         "assets/worksheet/wheels/0.1.0-abcdef12/w-0.1.0-py3-none-any.whl", "assets/worksheet/worker.js",
         "assets/worksheet/stdlib/1.0-0123abcd/python_stdlib.zip"],
    )
    assert hosting.parse(hosting.render(rules)) == rules
    patterns = dict(rules)
    assert patterns["/assets/pyodide/1.0/*"] == {"Cache-Control": hosting.IMMUTABLE}
    assert patterns["/assets/worksheet/wheels/0.1.0-abcdef12/*"] == {"Cache-Control": hosting.IMMUTABLE}
    assert patterns["/assets/worksheet/stdlib/1.0-0123abcd/*"] == {"Cache-Control": hosting.IMMUTABLE}
    assert patterns["/assets/x.0123abcd.min.js"] == {"Cache-Control": hosting.IMMUTABLE}
    assert "'wasm-unsafe-eval'" in patterns["/assets/worksheet/*"]["Content-Security-Policy"]
    assert "/assets/javascripts/workers/*" not in patterns  # no search worker in this file list
    assert not any(p.endswith("notes.txt") for p in patterns)
    with pytest.raises(ValueError, match="no Content-Security-Policy"):
        hosting.rules({"a.html": "<html></html>"}, [])


# --- a host that applies _headers ------------------------------------------------------------

class HeadersHandler(_QuietHandler):
    rules: list = []

    def end_headers(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        for name, values in hosting.headers_for(self.rules, path).items():
            if name != "Content-Type":  # the base handler already sent one
                self.send_header(name, ", ".join(values))
        super().end_headers()


@pytest.fixture(scope="module")
def headers_server(site_dir, header_rules):
    handler = type("Handler", (HeadersHandler,), {"rules": header_rules})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
def test_pages_search_and_worksheet_run_cleanly_under_the_header_policies(context, page: Page, headers_server, site_dir):
    context.add_init_script(LISTENER)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "content security policy" in m.text.lower() else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    response = page.goto(headers_server + "steps/reflect/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    for path in nav_pages(site_dir):
        page.goto(headers_server + path, wait_until="networkidle")
        problems += page.evaluate("window.__cspViolations")
    page.keyboard.press("/")
    page.keyboard.type("feedback")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.goto(headers_server + "worksheet/")
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=90_000)
    problems += page.evaluate("window.__cspViolations")
    assert problems == []
