"""Shared fixtures: the site is built once per test session and served over real HTTP.

Browser tests use pytest-playwright's fixtures (``page``, ``context``, ``browser``) with the
system Chromium; they never skip for a missing browser: ``make test`` installs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# tests/ (data/, the helpers). Tests take ROOT and TESTS from here, never from their own
# __file__, so none depends on how deep its folder is (tests/_layout.py rewrites them so).
TESTS = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(dest: Path) -> Path:
    """Build the site with MkDocs into ``dest`` (strict: any warning fails the build)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return dest


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("built") / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".whl": "application/zip",
        ".json": "application/json",
    }

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


class StaticServer:
    """A threaded static file server on 127.0.0.1 with a free port."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "StaticServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def server(site_dir):
    """The built site served at the root of an HTTP origin; yields the base URL (ending in /)."""
    with StaticServer(site_dir) as srv:
        yield srv.origin + "/"


@pytest.fixture(scope="session")
def subpath_server(site_dir, tmp_path_factory):
    """The same site served under /next-round/, as on a project page of a static host."""
    parent = tmp_path_factory.mktemp("subpath")
    shutil.copytree(site_dir, parent / "next-round")
    with StaticServer(parent) as srv:
        yield srv.origin + "/next-round/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def nav_pages(site_dir: Path) -> list[str]:
    """Every page in the nav, as a path relative to the site root (e.g. ``steps/reflect/``),
    then the pages built but kept out of the menu (``not_in_nav``, e.g. ``hosting/``), so checks
    that walk the site still cover them."""
    import yaml

    from nextround_site.site_build import nav_urls

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    hidden = [line.strip().lstrip("/") for line in config.get("not_in_nav", "").splitlines() if line.strip()]
    return nav_urls(config["nav"]) + nav_urls(hidden)


def load_hook(name: str):
    """Import ``hooks/<name>.py`` as a module, as MkDocs does (hooks are not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- the three browser engines (tests/cross_browser/) ------------------------------------------------

ENGINES = ("chromium", "firefox", "webkit")


@pytest.fixture(scope="session")
def engine_server(site_dir):
    """The built site with the test probe in every page (see tests/cross_browser/server.py)."""
    from cross_browser.server import ProbeServer

    with ProbeServer(site_dir) as srv:
        yield srv


@pytest.fixture(scope="session")
def trap():
    """The proxy every engine uses: it records any request for another origin, sends none on."""
    from cross_browser.server import Trap

    with Trap() as proxy:
        yield proxy


@pytest.fixture(scope="session")
def xvfb_display():
    """A virtual X display for WebKit's MiniBrowser, started here and stopped at the end."""
    from cross_browser.webkit import Xvfb

    display = Xvfb()
    yield display.display
    display.stop()


@pytest.fixture(scope="session", params=ENGINES)
def open_window(request, engine_server, trap):
    """For one engine: a function that opens a window with a fresh profile on the probe server."""
    if request.param == "chromium":
        from cross_browser.chromium import ChromiumDriver

        browser = request.getfixturevalue("browser")
        yield lambda: ChromiumDriver(engine_server.url, browser=browser, proxy=trap.address)
    elif request.param == "firefox":
        from cross_browser.firefox import FirefoxDriver, FirefoxEngine

        firefox = FirefoxEngine()
        try:
            yield lambda: FirefoxDriver(engine_server.url, engine=firefox, proxy=trap.address)
        finally:
            firefox.close()
    else:
        from cross_browser.webkit import WebKitDriver

        display = request.getfixturevalue("xvfb_display")
        yield lambda: WebKitDriver(engine_server.url, display=display, proxy=trap.address)


@pytest.fixture
def driver(open_window, engine_server, trap):
    """A fresh window of the engine under test; the recorders start empty."""
    engine_server.reset()
    trap.hits.clear()
    window = open_window()
    try:
        yield window
    finally:
        window.close()
