"""The offline copy (service worker), the web app manifest and the phone layout.

Browser tests run real Chromium against the built site over HTTP, served by a host that
applies the build's ``_headers`` (so the service worker gets its own CSP). "Offline" means
the server is stopped *and* the browser context is set offline. The update tests serve the
site from a symlink that is swapped from one build to another, as a host swaps a deploy.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import struct
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import ROOT, _QuietHandler, build_site, nav_pages
from nextround_site import hosting, offline
from slow_server import slow_server  # noqa: F401 - fixture

READY_MS = 90_000
SLOW_MS = 20_000  # a busy machine: saves and storage answers can take seconds
OFFLINE_MS = 90_000
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}`);
});
"""


# --- plain checks of the build ----------------------------------------------------------------

def test_precache_lists_every_page_and_the_runtime_with_their_hashes(site_dir):
    build = offline.read_build((site_dir / "sw.js").read_text(encoding="utf-8"))
    files = {url: digest for url, digest, _ in build["files"]}
    for path in nav_pages(site_dir):
        assert (path or "./") in files, path
    for needed in ["404.html", "search/search_index.json", "manifest.webmanifest",
                   "downloads/next-round-checklist-a4.pdf", "downloads/next-round-checklist-letter.pdf",
                   "javascripts/offline.js", "assets/worksheet/worker.js", "assets/worksheet/app.js"]:
        assert needed in files, needed
    assert any(u.startswith("assets/pyodide/") and u.endswith("/pyodide.asm.wasm") for u in files)
    assert any(re.fullmatch(r"assets/worksheet/stdlib/[^/]+/python_stdlib\.zip", u) for u in files)
    assert not any(u.startswith("assets/pyodide/") and u.endswith("/python_stdlib.zip") for u in files)
    assert any(re.fullmatch(r"assets/worksheet/wheels/[^/]+/[^/]+\.whl", u) for u in files)
    assert not any(u.endswith(".map") or u in ("sw.js", "_headers") for u in files)
    for url, digest in files.items():
        rel = url + "index.html" if url.endswith("/") else url
        rel = "index.html" if url == "./" else rel
        assert hashlib.sha256((site_dir / rel).read_bytes()).hexdigest() == digest, url
    assert build["version"] == offline.build_version(build["files"], build["headers"], build["file_headers"])
    # Each file carries the headers the build's _headers gives it (for a host that ignores it).
    rules = hosting.parse((site_dir / "_headers").read_text(encoding="utf-8"))
    kept = dict(zip([url for url, _, _ in build["files"]], build["file_headers"], strict=True))
    for url, path in [("worksheet/", "/worksheet/"), ("./", "/"), ("assets/worksheet/worker.js", "/assets/worksheet/worker.js")]:
        expected = {name: ", ".join(values) for name, values in hosting.headers_for(rules, path).items()}
        assert build["headers"][kept[url]] == expected, url
    assert "frame-ancestors 'none'" in build["headers"][kept["worksheet/"]]["Content-Security-Policy"]


def test_a_changed_file_changes_the_version(tmp_path):
    (tmp_path / "index.html").write_text("one", encoding="utf-8")
    (tmp_path / "sw.js").write_text("// top\nconst BUILD = null;\n", encoding="utf-8")
    (tmp_path / "_headers").write_text("/*\n", encoding="utf-8")
    (tmp_path / "a.js.map").write_text("{}", encoding="utf-8")
    (tmp_path / "steps").mkdir()
    (tmp_path / "steps" / "index.html").write_text("x", encoding="utf-8")
    first = offline.write_service_worker(tmp_path)
    assert [e[0] for e in first["files"]] == ["./", "steps/"]
    assert offline.read_build((tmp_path / "sw.js").read_text(encoding="utf-8")) == first
    (tmp_path / "sw.js").write_text("const BUILD = null;\n", encoding="utf-8")
    (tmp_path / "index.html").write_text("two", encoding="utf-8")
    second = offline.write_service_worker(tmp_path)
    assert second["version"] != first["version"]
    # The same files with other headers are another build (the copy must not reuse them).
    (tmp_path / "sw.js").write_text("const BUILD = null;\n", encoding="utf-8")
    third = offline.write_service_worker(tmp_path, [("/*", {"Referrer-Policy": "no-referrer"})])
    assert third["headers"] == [{"Referrer-Policy": "no-referrer"}] and third["file_headers"] == [0, 0]
    assert third["version"] != second["version"]


def test_a_service_worker_without_its_placeholder_stops_the_build(tmp_path):
    with pytest.raises(offline.OfflineError, match="missing"):
        offline.write_service_worker(tmp_path)
    (tmp_path / "sw.js").write_text("// no placeholder\n", encoding="utf-8")
    with pytest.raises(offline.OfflineError, match="exactly once"):
        offline.write_service_worker(tmp_path)
    with pytest.raises(offline.OfflineError, match="no build"):
        offline.read_build("const X = 1;")


def test_the_build_only_module_is_not_in_the_wheel(site_dir):
    import zipfile

    wheel = next(site_dir.glob("assets/worksheet/wheels/*/*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    # Compiled at build time by the pinned Pyodide (nextround_site/stdlib.py): bytecode only.
    assert "worksheet/api.pyc" in names and not any(n.endswith(".py") for n in names)
    assert not any(n.startswith("nextround_site/") or n.endswith("/offline.py") for n in names)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_manifest_parses_and_its_icons_have_the_sizes_it_claims(site_dir):
    manifest = json.loads((site_dir / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] and manifest["short_name"] and len(manifest["short_name"]) <= 12
    assert manifest["start_url"] == "./" and manifest["scope"] == "./"
    assert manifest["display"] == "standalone" and manifest["theme_color"].startswith("#")
    claimed = set()
    for icon in manifest["icons"]:
        assert icon["type"] == "image/png"
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert png_size(site_dir / icon["src"]) == (width, height), icon["src"]
        claimed |= {(width, p) for p in icon["purpose"].split()}
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= claimed
    assert png_size(site_dir / "assets/icons/apple-touch-icon.png") == (180, 180)


def test_every_page_links_the_manifest_icon_and_both_theme_colours(site_dir):
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        base = "../" * (len(page.relative_to(site_dir).parts) - 1)
        if page.name == "404.html":
            base = ""  # the not-found page links relative to the site's folder (overrides/404.html)
        assert f'<link rel="manifest" href="{base}manifest.webmanifest">' in html, page
        assert f'<link rel="apple-touch-icon" href="{base}assets/icons/apple-touch-icon.png">' in html, page
        assert 'name="theme-color" media="(prefers-color-scheme: light)"' in html, page
        assert 'name="theme-color" media="(prefers-color-scheme: dark)"' in html, page
        assert f'src="{base}javascripts/offline.js"' in html, page


def test_the_service_worker_is_revalidated_and_has_its_own_policy(site_dir):
    rules = hosting.parse((site_dir / "_headers").read_text(encoding="utf-8"))
    got = hosting.headers_for(rules, "/sw.js")
    assert got["Cache-Control"] == ["no-cache"]
    assert got["Content-Security-Policy"][0].startswith("default-src 'self'")
    assert "'wasm-unsafe-eval'" not in got["Content-Security-Policy"][0]
    assert hosting.headers_for(rules, "/manifest.webmanifest")["Content-Type"] == ["application/manifest+json"]


# --- a host whose deploy can be swapped ---------------------------------------------------------

class SwapHandler(_QuietHandler):
    """Serves ``live`` (a symlink to one build) under ``prefix`` and applies its ``_headers``
    (unless ``apply_headers`` is off: a host that does not read the file)."""

    live: Path
    prefix: str
    apply_headers = True
    extra: dict[str, str] = {}

    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(self.live / "__nowhere__")
        rest = clean[len(self.prefix):]
        return super().translate_path("/" + rest)

    def end_headers(self):
        clean = self.path.split("?", 1)[0]
        if self.apply_headers and clean.startswith(self.prefix):
            try:
                rules = hosting.parse((self.live / "_headers").read_text(encoding="utf-8"))
            except OSError:
                rules = []
            for name, values in hosting.headers_for(rules, "/" + clean[len(self.prefix):]).items():
                if name != "Content-Type":
                    self.send_header(name, ", ".join(values))
        for name, value in self.extra.items():
            self.send_header(name, value)
        super().end_headers()


class SwapServer:
    def __init__(self, tmp: Path, build: Path, prefix: str = "/", *, apply_headers: bool = True,
                 extra: dict[str, str] | None = None):
        self.tmp = tmp
        self.live = tmp / "live"
        self.live.symlink_to(build, target_is_directory=True)
        handler = type("Handler", (SwapHandler,), {"live": self.live, "prefix": prefix,
                                                   "apply_headers": apply_headers, "extra": extra or {}})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(self.live)))
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.base = self.origin + prefix
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.running = True

    def swap(self, build: Path) -> None:
        """Point the site at another build in one step (as a host switches deploys)."""
        new = self.tmp / "live.new"
        new.symlink_to(build, target_is_directory=True)
        os.replace(new, self.live)

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.httpd.shutdown()
            self.httpd.server_close()


@pytest.fixture
def host(tmp_path, site_dir, request):
    srv = SwapServer(tmp_path, site_dir, getattr(request, "param", "/"))
    yield srv
    srv.stop()


class Watch:
    """Every request, CSP violation and page error of a context."""

    def __init__(self, context: BrowserContext):
        self.requests: list[str] = []
        self.problems: list[str] = []
        context.add_init_script(CSP_LISTENER)
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("console", self._console)
        context.on("weberror", lambda e: self.problems.append(f"error: {e.error}"))

    def _console(self, message):
        if "content security policy" in message.text.lower():
            self.problems.append(message.text)

    def collect(self, page: Page) -> None:
        self.problems += page.evaluate("window.__cspViolations || []")

    def foreign(self, base: str) -> list[str]:
        return [u for u in self.requests if not (u.startswith(base) or u.startswith(("blob:", "data:")))]


def wait_offline_copy(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("data-nr-offline", re.compile("ready|update"), timeout=OFFLINE_MS)


def wait_ready(page: Page) -> None:
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=READY_MS)


def company(page: Page):
    return page.get_by_label("Company", exact=True)


@pytest.mark.browser
@pytest.mark.parametrize("host", ["/", "/next-round/"], indirect=True, ids=["root", "sub-path"])
def test_everything_works_offline_after_the_first_visit(context: BrowserContext, host, site_dir):
    watch = Watch(context)
    page = context.new_page()
    page.goto(host.base)
    wait_offline_copy(page)

    host.stop()
    context.set_offline(True)
    for path in nav_pages(site_dir):
        response = page.goto(host.base + path)
        assert response is not None and response.ok and response.from_service_worker, path
        expect(page.locator("h1").first).to_be_visible()
        watch.collect(page)

    page.goto(host.base)
    page.set_viewport_size({"width": 1280, "height": 800})
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("thank you", delay=30)
    expect(page.locator(".md-search-result__item a[href*='templates/']").first).to_be_visible()

    page.goto(host.base + "worksheet/")
    company(page).fill("Acme Offline")
    wait_ready(page)
    expect(page.locator('article[data-kind="thank_you"]')).to_contain_text("Acme Offline", timeout=10_000)
    page.get_by_label("Interview date", exact=True).fill("2026-11-20")
    with page.expect_download() as ics:
        page.get_by_role("button", name="Download calendar (.ics)").click()
    assert Path(ics.value.path()).read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    watch.collect(page)
    assert watch.foreign(host.base) == []
    assert watch.problems == []


@pytest.mark.browser
def test_a_missing_page_offline_gets_the_sites_not_found_page(context: BrowserContext, host):
    page = context.new_page()
    page.goto(host.base)
    wait_offline_copy(page)
    host.stop()
    context.set_offline(True)
    response = page.goto(host.base + "no-such-page/")
    assert response.status == 404
    expect(page.locator("h1").first).to_be_visible()


@pytest.mark.browser
def test_the_site_works_without_a_service_worker(browser, host):
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(host.base + "worksheet/")
        company(page).fill("No worker")
        wait_ready(page)
        expect(page.locator('article[data-kind="thank_you"]')).to_contain_text("No worker", timeout=10_000)
        assert page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.controller : null") is None
    finally:
        context.close()


# --- the offline copy's response headers ---------------------------------------------------------

# Headers about one transfer, not the file: the offline copy stores the body decoded, so it
# leaves these out, and Vary (it keeps one answer per URL); Date is when the copy was made.
TRANSFER = {"content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "vary", "date"}
HEADERS_OF = """async (urls) => {
  const out = {};
  for (const url of urls) {
    const response = await fetch(url);
    out[url] = Object.fromEntries([...response.headers]);
  }
  return out;
}"""
# Inside a worker: a data: URL is not 'self', so a connect-src 'self' policy refuses it.
WORKER_PROBE = """async () => {
  const seen = [];
  self.addEventListener("securitypolicyviolation", (e) => seen.push(e.effectiveDirective));
  let outcome;
  try {
    await (await fetch("data:text/plain,reached")).text();
    outcome = "fetched";
  } catch (err) {
    outcome = "refused";
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { outcome, seen };
}"""
FRAMED = """async (url) => {
  const frame = document.createElement("iframe");
  frame.src = url;
  await new Promise((resolve) => { frame.onload = resolve; document.body.append(frame); });
  return frame.contentDocument ? "shown" : "refused";
}"""


def sent_by_host(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url) as response:
        return {k.lower(): v for k, v in response.headers.items() if k.lower() not in TRANSFER}


def without_transfer(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k not in TRANSFER}


def python_worker(page: Page):
    return next(w for w in page.workers if w.url.split("?", 1)[0].endswith("/assets/worksheet/worker.js"))


@pytest.mark.browser
def test_the_offline_copy_serves_each_file_with_the_hosts_headers(context: BrowserContext, host):
    page = context.new_page()
    page.goto(host.base + "worksheet/")
    wait_offline_copy(page)
    files = [host.base + "worksheet/", host.base + "assets/worksheet/worker.js", host.base + "faq/"]
    online = {url: sent_by_host(url) for url in files}
    assert "frame-ancestors 'none'" in online[host.base + "worksheet/"]["content-security-policy"]
    assert "'wasm-unsafe-eval'" in online[host.base + "assets/worksheet/worker.js"]["content-security-policy"]
    assert online[host.base + "faq/"]["referrer-policy"] == "no-referrer"

    host.stop()
    context.set_offline(True)
    response = page.goto(host.base + "worksheet/")
    assert response.from_service_worker
    assert without_transfer(response.all_headers()) == online[host.base + "worksheet/"]
    wait_ready(page)
    offline_headers = page.evaluate(HEADERS_OF, files)
    assert {url: without_transfer(h) for url, h in offline_headers.items()} == online

    # What the headers do, offline: the Python worker runs under its own policy, a page
    # cannot be framed, and leaving a page sends no referrer.
    assert python_worker(page).evaluate(WORKER_PROBE) == {"outcome": "refused", "seen": ["connect-src"]}
    assert page.evaluate(FRAMED, host.base + "faq/") == "refused"
    page.goto(host.base + "faq/")
    with page.expect_navigation():
        page.evaluate("location.href = new URL('../templates/', location.href).href")
    assert page.url == host.base + "templates/"
    assert page.evaluate("document.referrer") == ""


@pytest.mark.browser
def test_the_offline_copy_adds_the_builds_headers_a_host_did_not_send(context: BrowserContext, tmp_path, site_dir):
    # A host that ignores _headers and varies its answers on Accept (content negotiation).
    host = SwapServer(tmp_path, site_dir, apply_headers=False, extra={"Vary": "Accept"})
    try:
        page = context.new_page()
        page.goto(host.base)
        wait_offline_copy(page)
        rules = hosting.parse((site_dir / "_headers").read_text(encoding="utf-8"))
        paths = ["/worksheet/", "/assets/worksheet/worker.js", "/faq/"]
        online = {path: sent_by_host(host.origin + path) for path in paths}
        assert not any("content-security-policy" in h for h in online.values())  # a plain host
        with urllib.request.urlopen(host.origin + "/worksheet/") as plain:
            assert plain.headers["Vary"] == "Accept"
        host.stop()
        context.set_offline(True)
        page.goto(host.base + "templates/")
        offline_headers = page.evaluate(HEADERS_OF, [host.origin + p for p in paths])
        for path in paths:
            expected = {k.lower(): ", ".join(v) for k, v in hosting.headers_for(rules, path).items()}
            expected = {**expected, **online[path]}  # what the host sent, and the build's for the rest
            assert without_transfer(offline_headers[host.origin + path]) == expected, path
        assert page.evaluate(FRAMED, host.base + "faq/") == "refused"
    finally:
        host.stop()


# --- a new build over the same address ----------------------------------------------------------

SECOND = "This sentence is only in the second build."


@pytest.fixture(scope="module")
def second_build(site_dir, tmp_path_factory) -> Path:
    """The site again with changed content (a sentence on the templates page) and a changed
    wheel (a comment in the package), built from a copy of this checkout."""
    src = tmp_path_factory.mktemp("second") / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", "site", "__pycache__", ".pytest_cache", "*.egg-info", ".coverage*"))
    with (src / "docs" / "templates.md").open("a", encoding="utf-8") as f:
        f.write(f"\n{SECOND}\n")
    with (src / "worksheet" / "__init__.py").open("a", encoding="utf-8") as f:
        f.write("# second build\n")
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(src)
    try:
        out = build_site_from(src, src.parent / "site")
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = old
    assert wheel_of(out) != wheel_of(site_dir), "the second build should have another wheel"
    return out


def build_site_from(src: Path, dest: Path) -> Path:
    import subprocess
    import sys

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(dest)],
                            cwd=src, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def wheel_of(site: Path) -> str:
    return next(site.glob("assets/worksheet/wheels/*/*.whl")).relative_to(site).as_posix()


class Loads:
    """The runtime files each page load asked for (the page's and its worker's requests)."""

    def __init__(self, context: BrowserContext):
        self.urls: list[str] = []
        context.on("request", lambda r: self.urls.append(r.url))

    def mark(self) -> int:
        return len(self.urls)

    def runtime_since(self, start: int) -> tuple[set[str], set[str]]:
        urls = [u.split("?", 1)[0] for u in self.urls[start:]]
        wheels = {u for u in urls if u.endswith(".whl")}
        pyodide = {u.rsplit("/", 1)[0] + "/" for u in urls if "/assets/pyodide/" in u}
        return wheels, pyodide


def open_and_check_runtime(page: Page, loads: Loads, url: str) -> str:
    """Open the worksheet, wait for Python, and check the page ran exactly the wheel and
    Pyodide its HTML names. Returns the wheel URL."""
    start = loads.mark()
    page.goto(url)
    wait_ready(page)
    wheel = page.evaluate("new URL(document.querySelector('meta[name=nr-worksheet-wheel]').content, document.baseURI).href")
    runtime = page.evaluate("new URL(document.querySelector('meta[name=nr-pyodide]').content, document.baseURI).href")
    wheels, pyodide = loads.runtime_since(start)
    assert wheels == {wheel}, wheels
    assert pyodide == {runtime}, pyodide
    return wheel


SW_STATE = """async () => {
  const r = await navigator.serviceWorker.getRegistration();
  const url = (w) => w && `${w.scriptURL.split("/").pop()} ${w.state}`;
  const keys = await caches.keys();
  const indexed = [];
  for (const k of keys) {
    const hit = await (await caches.open(k)).match(new URL("__nextround-offline-index__", r.active.scriptURL).href);
    indexed.push(`${k}: ${hit ? (await hit.json()).version : "no index"}`);
  }
  return {installing: url(r.installing), waiting: url(r.waiting), active: url(r.active),
          controller: url(navigator.serviceWorker.controller), caches: indexed,
          html: document.documentElement.dataset.nrOffline, page: document.documentElement.dataset.nrOfflineVersion};
}"""


class InFlight:
    """The requests of a context that have neither finished nor failed (with when they began),
    to say what a navigation that never reaches ``load`` is waiting for."""

    def __init__(self, context: BrowserContext):
        self.open: dict = {}
        context.on("request", lambda r: self.open.__setitem__(r, time.monotonic()))
        context.on("requestfinished", lambda r: self.open.pop(r, None))
        context.on("requestfailed", lambda r: self.open.pop(r, None))

    def describe(self) -> list[str]:
        now = time.monotonic()
        return [f"{r.method} {r.url} ({r.resource_type}, sw={r.service_worker is not None}, "
                f"{now - t:.1f} s)" for r, t in self.open.items()]


class WorkerVersions:
    """What Chromium says about each service worker version (DevTools' ServiceWorker domain):
    events, so reading them cannot stall on a worker that no longer answers."""

    def __init__(self, context: BrowserContext, page: Page):
        self.versions: dict = {}
        session = context.new_cdp_session(page)
        session.on("ServiceWorker.workerVersionUpdated", self._updated)
        session.send("ServiceWorker.enable")
        self._session = session

    def _updated(self, event) -> None:
        for v in event["versions"]:
            self.versions[v["versionId"]] = (f"{v['scriptURL'].rsplit('/', 1)[-1]} #{v['versionId']}: "
                                             f"{v['status']}, {v['runningStatus']}, "
                                             f"clients {len(v.get('controlledClients', []))}")

    def describe(self) -> list[str]:
        return list(self.versions.values())


def goto_or_say_why(page: Page, url: str, inflight: InFlight, versions: WorkerVersions) -> None:
    try:
        page.goto(url)
    except PlaywrightTimeoutError as stalled:
        # Nothing here waits on the page or a worker (a stalled run once hung in an evaluate).
        targets = page.context.browser.new_browser_cdp_session().send("Target.getTargets")["targetInfos"]
        raise AssertionError(
            f"{url} never loaded; requests still open: {inflight.describe()}; the page is at "
            f"{page.url}; service worker versions: {versions.describe()}; targets: "
            f"{[(t['type'], t['url'].rsplit('/', 2)[-2:]) for t in targets]}") from stalled


def updated_and_noticed(page: Page) -> None:
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    try:
        expect(page.locator("html")).to_have_attribute("data-nr-offline", "update", timeout=OFFLINE_MS)
    except AssertionError as failed:
        raise AssertionError(f"no update noticed; the service worker's state: {page.evaluate(SW_STATE)}") from failed
    expect(page.get_by_role("status").filter(has_text="newer version")).to_be_visible()


@pytest.mark.browser
def test_a_new_build_waits_for_the_next_page_and_never_mixes(context: BrowserContext, tmp_path, site_dir, second_build):
    host = SwapServer(tmp_path, site_dir, "/next-round/")
    try:
        watch = Watch(context)
        loads = Loads(context)
        inflight = InFlight(context)
        page = context.new_page()
        versions = WorkerVersions(context, page)
        page.goto(host.base + "worksheet/")
        wait_offline_copy(page)
        first_wheel = open_and_check_runtime(page, loads, host.base + "worksheet/")
        assert first_wheel.endswith(wheel_of(site_dir))
        page.evaluate("window.__samePage = true")
        company(page).fill("Kept through the update")
        expect(page.locator("#nr-saved")).to_contain_text("Saved")

        host.swap(second_build)
        updated_and_noticed(page)
        # The new worker waits while the old one has a page open: taking over at once made the
        # next navigation below stall for good now and then (1 run in 3 here, in Chromium 156).
        workers = page.evaluate("navigator.serviceWorker.getRegistration()"
                                ".then((r) => [r.active && r.active.state, r.waiting && r.waiting.state])")
        assert workers == ["activated", "installed"], workers
        # The open page was not reloaded and goes on working with its own Python.
        assert page.evaluate("window.__samePage") is True
        page.get_by_label("Role", exact=True).fill("Still typing")
        expect(page.locator('article[data-kind="thank_you"]')).to_contain_text("Still typing", timeout=10_000)
        expect(page.locator("#nr-saved")).to_contain_text("Saved")
        assert page.evaluate("window.__samePage") is True

        # The next page opened comes from the new build. Leaving must not ask (everything is
        # saved); a question is answered and recorded, and fails the test below, rather than
        # stall the navigation until its timeout.
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.accept()))
        goto_or_say_why(page, host.base + "templates/", inflight, versions)
        assert dialogs == [], dialogs
        expect(page.get_by_text(SECOND)).to_be_visible()
        second_wheel = open_and_check_runtime(page, loads, host.base + "worksheet/")
        assert second_wheel.endswith(wheel_of(second_build)) and second_wheel != first_wheel
        expect(company(page)).to_have_value("Kept through the update")
        expect(page.get_by_label("Role", exact=True)).to_have_value("Still typing")
        expect(page.locator("html")).to_have_attribute("data-nr-offline", "ready")

        # Offline, the new build is what is kept; at most two copies are.
        host.stop()
        context.set_offline(True)
        assert open_and_check_runtime(page, loads, host.base + "worksheet/") == second_wheel
        copies = page.evaluate("caches.keys()")
        assert 1 <= len([c for c in copies if c.startswith("nextround-offline-")]) <= 2
        page.goto(host.base + "templates/")
        expect(page.get_by_text(SECOND)).to_be_visible()
        watch.collect(page)
        assert watch.foreign(host.origin + "/next-round/") == []
        assert watch.problems == []
    finally:
        host.stop()


@pytest.mark.browser
def test_the_update_notice_shows_even_if_the_old_worker_never_answers(context: BrowserContext, tmp_path, site_dir, second_build):
    """The old worker can be retired (the new one takes over at once) before it answers the
    page's question "which build is newest?". Reproduced: about one run in four, the notice then
    never showed. Here every question after the first goes unanswered, always."""
    host = SwapServer(tmp_path, site_dir)
    try:
        page = context.new_page()
        page.goto(host.base)
        wait_offline_copy(page)
        page.goto(host.base + "templates/")
        expect(page.locator("html")).to_have_attribute("data-nr-offline", "ready", timeout=OFFLINE_MS)
        page.evaluate("""() => {
          const send = ServiceWorker.prototype.postMessage;
          ServiceWorker.prototype.postMessage = function (msg, ...rest) {
            if (msg && msg.type === "nr-offline-status") return;  // asked, never answered
            return send.call(this, msg, ...rest);
          };
        }""")
        host.swap(second_build)
        updated_and_noticed(page)
    finally:
        host.stop()


@pytest.mark.browser
def test_the_update_button_opens_the_new_build_and_keeps_what_was_typed(context: BrowserContext, tmp_path, site_dir, second_build):
    host = SwapServer(tmp_path, site_dir)
    try:
        loads = Loads(context)
        page = context.new_page()
        page.goto(host.base)
        wait_offline_copy(page)
        open_and_check_runtime(page, loads, host.base + "worksheet/")
        company(page).fill("Typed before the update")
        host.swap(second_build)
        updated_and_noticed(page)
        company(page).fill("Typed before the update, and more")  # typing while the notice shows
        start = loads.mark()
        # Leaving must not ask (what was typed is saved as the button takes focus); a question
        # would be answered here and fail the test below, rather than stall it.
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.type), d.accept()))
        # The reload's own wait, with the suite's long timeout (a busy CI machine once took over
        # the click's 30 s to start the new document through the service worker).
        with page.expect_event("load", timeout=READY_MS):
            page.get_by_role("button", name="Update", exact=True).click(no_wait_after=True)
        wait_ready(page)
        assert dialogs == [], dialogs
        expect(company(page)).to_have_value("Typed before the update, and more")
        wheels, _ = loads.runtime_since(start)
        assert wheels == {host.base + wheel_of(second_build)}
    finally:
        host.stop()


# --- the worksheet on a phone -------------------------------------------------------------------

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
KEY = "nextround.worksheet"


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    errors: list[str] = []
    context.on("weberror", lambda e: errors.append(str(e.error)))
    context.errors = errors
    yield context
    context.close()


def stored(page: Page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))


@pytest.mark.browser
def test_the_company_field_is_on_the_first_screen_of_a_phone(phone, server):
    page = phone.new_page()
    page.goto(server + "worksheet/")
    box = company(page).bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    expect(page.locator("#nr-where")).to_contain_text("this browser only, on this device", timeout=SLOW_MS)
    assert page.locator("#nr-phone-hint").count() == 0  # never on arrival


@pytest.mark.browser
def test_storage_line_and_phone_hint_appear_after_real_work_and_stay_dismissed(phone, server):
    page = phone.new_page()
    page.goto(server + "worksheet/")
    expect(page.locator("#nr-saved")).to_be_visible(timeout=SLOW_MS)
    assert page.locator("#nr-storage").count() == 0
    company(page).fill("Acme on a phone")
    company(page).blur()
    expect(page.locator("#nr-saved")).to_contain_text("Saved at", timeout=SLOW_MS)
    storage = page.locator("#nr-storage")
    expect(storage).to_have_text(re.compile(r"has agreed to keep these entries|may clear these entries"), timeout=SLOW_MS)
    hint = page.locator("#nr-phone-hint")
    expect(hint).to_be_visible(timeout=10_000)
    expect(hint).to_contain_text("Keep it on your phone", timeout=SLOW_MS)
    hint.get_by_role("button", name="Hide this").click()
    expect(hint).to_have_count(0, timeout=SLOW_MS)
    assert page.evaluate("localStorage.getItem('nextround.phone-hint')") == "dismissed"
    page.reload()
    expect(page.locator("#nr-storage")).to_be_visible()  # real work is stored: shown on arrival
    page.wait_for_timeout(2500)
    assert page.locator("#nr-phone-hint").count() == 0
    assert phone.errors == []


@pytest.mark.browser
def test_a_browser_without_navigator_storage_gets_plain_words_not_an_error(phone, server):
    phone.add_init_script("Object.defineProperty(Navigator.prototype, 'storage', { get: () => undefined });")
    page = phone.new_page()
    page.goto(server + "worksheet/")
    company(page).fill("No storage manager")
    company(page).blur()
    expect(page.locator("#nr-saved")).to_contain_text("Saved at", timeout=SLOW_MS)
    expect(page.locator("#nr-storage")).to_have_text(re.compile("does not say whether it will keep"), timeout=SLOW_MS)
    assert phone.errors == []


# What the install hint says about working without a connection is what is true here.
PROMISE = "works without a connection"
NOT_KEPT = "needs a connection"
PDF = "downloads/next-round-checklist-letter.pdf"  # in the offline copy; the worksheet never loads it


def hint_after_real_work(page: Page, url: str):
    page.goto(url + "worksheet/")
    company(page).fill("Acme, kept or not")
    company(page).blur()
    hint = page.locator("#nr-phone-hint")
    expect(hint).to_be_visible(timeout=SLOW_MS)
    return hint


@pytest.mark.browser
def test_the_install_hint_promises_nothing_offline_when_service_workers_are_blocked(browser, host):
    # An iPhone's words (Add to Home Screen); the other wording is in the tests below.
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
    context = browser.new_context(service_workers="block", user_agent=iphone, **PHONE)
    try:
        page = context.new_page()
        hint = hint_after_real_work(page, host.base)
        wait_ready(page)
        expect(hint).to_contain_text("This browser is not keeping a copy of this site, so it " + NOT_KEPT,
                                     timeout=SLOW_MS)
        expect(hint).to_contain_text("Add to Home Screen")
        expect(hint).not_to_contain_text(PROMISE)
        expect(page.locator("html")).to_have_attribute("data-nr-offline", "unavailable")
    finally:
        context.close()


@pytest.mark.browser
def test_the_install_hint_says_when_the_copy_failed_and_the_next_page_tries_again(context: BrowserContext, slow_server):  # noqa: F811
    srv = slow_server({PDF: "missing"})
    page = context.new_page()
    hint = hint_after_real_work(page, srv.url)
    wait_ready(page)
    expect(hint).to_contain_text("could not be saved", timeout=OFFLINE_MS)
    expect(hint).to_contain_text(NOT_KEPT)
    expect(page.locator("html")).to_have_attribute("data-nr-offline", "failed")
    expect(hint).not_to_contain_text(PROMISE)
    assert [k for k in page.evaluate("caches.keys()") if k.startswith("nextround-offline-")] == []

    srv.delays.clear()  # the host answers again: the next page opened makes the copy
    page.reload()
    wait_offline_copy(page)
    expect(page.locator("#nr-phone-hint")).to_contain_text(PROMISE, timeout=SLOW_MS)


@pytest.mark.browser
def test_the_install_hint_says_the_copy_is_on_its_way_until_it_is_saved(context: BrowserContext, slow_server):  # noqa: F811
    srv = slow_server({PDF: None})  # one file of the copy held by the host
    page = context.new_page()
    hint = hint_after_real_work(page, srv.url)
    wait_ready(page)
    expect(page.locator("html")).to_have_attribute("data-nr-offline", "none", timeout=SLOW_MS)
    expect(hint).to_contain_text("is being saved")
    expect(hint).not_to_contain_text(PROMISE)

    srv.release()
    wait_offline_copy(page)
    expect(hint).to_contain_text(PROMISE, timeout=SLOW_MS)
    expect(hint).not_to_contain_text(NOT_KEPT)


def until(check, seconds: float = 20) -> None:
    import time

    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)


SHARE = """
window.__shared = [];
navigator.canShare = (data) => !!(data && data.files && data.files.length === 1 && window.__canShare !== false);
navigator.share = async (data) => {
  if (window.__cancelShare) {
    window.__closed = (window.__closed || 0) + 1;
    throw new DOMException("closed", "AbortError");
  }
  window.__shared.push({ name: data.files[0].name, type: data.files[0].type, text: await data.files[0].text() });
};
"""


@pytest.mark.browser
def test_export_backup_on_a_phone_offers_the_share_sheet(phone, server):
    # The system share sheet cannot be driven headless: the Web Share API is replaced by a
    # recorder with the same contract, so this checks what the page hands to it.
    phone.add_init_script(SHARE)
    page = phone.new_page()
    page.goto(server + "worksheet/")
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    company(page).fill("Shared from a phone")
    wait_ready(page)
    downloads: list = []
    page.on("download", lambda d: downloads.append(d))

    page.evaluate("window.__cancelShare = true")
    page.get_by_role("button", name="Export backup").click()
    until(lambda: page.evaluate("window.__closed || 0") == 1)
    page.wait_for_timeout(300)  # the page's own handling after the sheet closed
    assert page.evaluate("window.__shared.length") == 0 and downloads == []
    assert not stored(page)["settings"].get("last_export")  # closing the sheet is not a backup

    page.evaluate("window.__cancelShare = false")
    page.get_by_role("button", name="Export backup").click()
    expect(page.locator("#nr-saved")).to_contain_text("Backup exported", timeout=SLOW_MS)
    shared = page.evaluate("window.__shared")
    assert len(shared) == 1 and shared[0]["name"].endswith(".json") and shared[0]["type"] == "application/json"
    assert "Shared from a phone" in shared[0]["text"] and downloads == []
    assert stored(page)["settings"]["last_export"]

    page.evaluate("window.__canShare = false")  # a browser that cannot share files: download
    with page.expect_download() as dl:
        page.get_by_role("button", name="Export backup").click()
    assert "Shared from a phone" in Path(dl.value.path()).read_text(encoding="utf-8")


@pytest.mark.browser
def test_backup_reminder_comes_back_after_seven_days_and_says_when(page: Page, server):
    page.goto(server + "worksheet/")
    company(page).fill("Acme Reminder")
    company(page).blur()
    expect(page.locator("#nr-saved")).to_contain_text("Saved at", timeout=SLOW_MS)
    reminder = page.locator("#nr-reminder")
    expect(reminder).to_be_hidden(timeout=SLOW_MS)
    # Last backup nine days ago.
    page.evaluate("""() => {
      const doc = JSON.parse(localStorage.getItem('nextround.worksheet'));
      doc.settings.last_export = new Date(Date.now() - 9 * 86400000).toISOString();
      doc.settings.edits_since_export = 0;
      localStorage.setItem('nextround.worksheet', JSON.stringify(doc));
    }""")
    page.reload()
    expect(reminder).to_be_visible(timeout=SLOW_MS)
    expect(reminder).to_contain_text(re.compile(r"Your last backup was on \d+ \w+ \d{4}, 9 days ago"), timeout=SLOW_MS)
    # Six days ago: no reminder yet.
    page.evaluate("""() => {
      const doc = JSON.parse(localStorage.getItem('nextround.worksheet'));
      doc.settings.last_export = new Date(Date.now() - 6 * 86400000).toISOString();
      localStorage.setItem('nextround.worksheet', JSON.stringify(doc));
    }""")
    page.reload()
    expect(page.locator("#nr-python-status")).to_be_visible(timeout=SLOW_MS)
    expect(reminder).to_be_hidden(timeout=SLOW_MS)
    # Never exported, first entry ten days old.
    page.evaluate("""() => {
      const doc = JSON.parse(localStorage.getItem('nextround.worksheet'));
      doc.settings.last_export = null;
      doc.entries[0].created = new Date(Date.now() - 10 * 86400000).toISOString();
      localStorage.setItem('nextround.worksheet', JSON.stringify(doc));
    }""")
    page.reload()
    expect(reminder).to_contain_text("started this worksheet 10 days ago and have not exported a backup yet", timeout=SLOW_MS)
    with page.expect_download():
        page.get_by_role("button", name="Export backup").click()
    expect(reminder).to_be_hidden(timeout=SLOW_MS)


@pytest.mark.browser
def test_chromium_finds_the_site_installable_under_a_sub_path(playwright, tmp_path, site_dir):
    # Chromium's own installability check (what Lighthouse's removed PWA audits relied on),
    # in a normal profile: incognito windows are never installable.
    from conftest import CHROMIUM, CHROMIUM_ARGS

    (tmp_path / "host").mkdir()
    host = SwapServer(tmp_path / "host", site_dir, "/next-round/")
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        page = context.new_page()
        page.goto(host.base)
        wait_offline_copy(page)
        page.reload()
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == host.base + "manifest.webmanifest"
        assert manifest["errors"] == []
        assert manifest["parsed"]["scope"] == host.base
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == host.base + "sw.js"
    finally:
        context.close()
        host.stop()
