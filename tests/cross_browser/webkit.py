"""WebKit: Debian's WebKitGTK MiniBrowser through WebKitWebDriver, driven by Selenium.

The driver path is given explicitly, so Selenium Manager never runs (it would try to
download a driver). MiniBrowser needs a display (Xvfb, started by ``Xvfb.start``) and
``--automation`` to accept a WebDriver session; ``--private`` gives each session an empty,
throw-away profile. Driver quirks handled here, not in the scenario:

- WebKitWebDriver clicks only what is in view: every click scrolls its element to the centre
  and waits until it has held still for two frames.
- WebDriver has no download API and WebKitWebDriver gives no console: downloads are caught in
  the page, by keeping each Blob handed to ``URL.createObjectURL`` and reading it when a
  ``download`` link to it is clicked (errors come from the probe, see ``probe.js``).
- Page-load strategy "none", so ``goto(early=True)`` returns as soon as the new document
  exists; otherwise this waits for ``readyState == "complete"`` itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.common.proxy import Proxy, ProxyType
from selenium.webdriver.common.webdriver import LocalWebDriver
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from .driver import DEFAULT_TIMEOUT, Download, Driver, DriverError

WEBDRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
NAV_TIMEOUT = 60.0

CATCH_DOWNLOADS = """
if (!window.__nrDownloads) {
  window.__nrDownloads = [];
  const blobs = new Map();
  const create = URL.createObjectURL;
  URL.createObjectURL = function (object) {
    const url = create.call(URL, object);
    blobs.set(url, object);
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    const blob = this.hasAttribute("download") ? blobs.get(this.href) : null;
    if (!blob) return click.call(this);
    const name = this.download;
    blob.text().then((text) => window.__nrDownloads.push({ name, text }));
  };
}
"""


class _WebKitGTK(LocalWebDriver):
    """Selenium's WebKitGTK driver, with the service made here: the service never asks Selenium
    Manager for a driver (the path is given), and it opens the connection through a
    ``ClientConfig`` (Selenium's own shortcut warns that it is deprecated, and the suite
    treats warnings as errors)."""

    def __init__(self, options: Options, service: Service, timeout: float):
        self.options = options
        self.service = service
        service.start()
        try:
            # A timeout, so a session that never comes up fails (and is tried again, see
            # ``start_session``) instead of hanging the test.
            config = ClientConfig(remote_server_addr=service.service_url, timeout=timeout)
            connection = RemoteConnection(client_config=config)
            super().__init__(command_executor=connection, options=options)
        except BaseException:
            _kill(service)
            raise

    def start_session(self, capabilities) -> None:
        # Selenium stops the service itself when the new session fails, and a driver that still
        # answers /shutdown but does not exit holds that up for 30 s; ``_kill`` does it at once.
        service, self.service = self.service, None
        try:
            super().start_session(capabilities)
        finally:
            self.service = service


def _kill(service: Service) -> None:
    """A driver with no session to end: kill its process group (WebKitWebDriver and the
    MiniBrowser it started) without asking it first, as a stuck driver would not answer."""
    process = service.process
    if process is None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)
    service._terminate_process()  # closes its pipes; the process is gone already


# WebKitWebDriver sometimes never answers the request for a new session (the read timed out
# after 180 s, with MiniBrowser up; seen in two of three full runs, once each). A session normally
# starts in 0.5 s and a new driver process then starts at once, so each attempt is short and a
# stuck one is given up and started afresh.
SESSION_TIMEOUT = 20.0
SESSION_ATTEMPTS = 3


def browser_options(proxy: str) -> Options:
    options = Options()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    options.add_argument("--private")
    options.page_load_strategy = "none"
    options.proxy = Proxy({
        "proxyType": ProxyType.MANUAL,
        "httpProxy": proxy,
        "sslProxy": proxy,
        "noProxy": ["127.0.0.1", "localhost"],
    })
    return options


def start_session(options: Options, display: str, *, executable: str = WEBDRIVER,
                  timeout: float = SESSION_TIMEOUT, attempts: int = SESSION_ATTEMPTS) -> _WebKitGTK:
    problems = []
    for _ in range(attempts):
        # Its own process group, so a stuck attempt can be killed with its MiniBrowser.
        service = Service(executable_path=executable, env={**os.environ, "DISPLAY": display},
                          popen_kw={"start_new_session": True})
        try:
            return _WebKitGTK(options, service, timeout)
        except Exception as exc:  # a read timeout, a refused connection, a session error
            problems.append(f"{type(exc).__name__}: {str(exc).strip()[:200]}")
    raise DriverError(f"webkit: no session after {attempts} attempts: {problems}")


class Xvfb:
    """A virtual X display of our own: ``Xvfb -displayfd`` picks a free display number."""

    def __init__(self):
        read_end, write_end = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=[write_end], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(write_end)
        number = b""
        with os.fdopen(read_end, "rb") as pipe:
            while not number.endswith(b"\n"):
                chunk = pipe.read(1)
                if not chunk:
                    raise RuntimeError(f"Xvfb exited with {self.process.wait()} before naming a display")
                number += chunk
        self.display = ":" + number.decode().strip()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def version() -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "webkit2gtk-driver"], capture_output=True, text=True)
    return out.stdout.strip()


class WebKitDriver(Driver):
    engine = "webkit"

    def __init__(self, base_url: str, *, display: str, proxy: str):
        super().__init__(base_url)
        self._display = display
        self._proxy = proxy
        self.wd = start_session(browser_options(proxy), display)
        self.wd.set_script_timeout(30)
        self.wd.set_window_size(1280, 900)
        self.version = f"WebKitGTK {self.wd.capabilities.get('browserVersion', '?')}"

    # ---- navigation -------------------------------------------------------------------------

    def _navigate(self, start, early: bool) -> None:
        # Mark the current document (about:blank in a new window), so the wait below can tell
        # the new one from it.
        self.wd.execute_script("window.__nrOld = true;")
        start()
        deadline = time.monotonic() + NAV_TIMEOUT
        want = ('return !window.__nrOld && location.protocol !== "about:" && '
                + ("true" if early else 'document.readyState === "complete"') + ";")
        while True:
            try:
                if self.wd.execute_script(want):
                    return
            except Exception:  # the old document went away mid-call
                pass
            if time.monotonic() > deadline:
                raise DriverError(f"webkit: the page did not load in {NAV_TIMEOUT:.0f} s")
            time.sleep(0.05)

    def goto(self, path: str, *, early: bool = False) -> None:
        self._navigate(lambda: self.wd.get(self.base_url + path), early)

    def reload(self, *, early: bool = False) -> None:
        self._navigate(self.wd.refresh, early)

    # ---- page ----------------------------------------------------------------------------

    def js(self, body: str, *args: Any) -> Any:
        return self.wd.execute_script(body, *args)

    def _element(self, selector: str):
        self.wait_exists(selector)
        element = self.wd.find_element(By.CSS_SELECTOR, selector)
        self.wd.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", element)
        return element

    def type(self, selector: str, text: str) -> None:
        element = self._element(selector)
        element.clear()
        element.send_keys(text)

    def click(self, selector: str) -> None:
        element = self._element(selector)
        self._hold_still(element, selector)
        element.click()

    def _hold_still(self, element, selector: str, timeout: float = 10.0) -> None:
        """Wait until the element has stayed put for two frames (results rendering above the
        export buttons move them; a click at the old point then misses, as in Firefox)."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            now = self.wd.execute_async_script(
                """const [el, done] = arguments;
                el.scrollIntoView({block: 'center', inline: 'center'});
                requestAnimationFrame(() => requestAnimationFrame(() => {
                  const r = el.getBoundingClientRect();
                  done([Math.round(r.x), Math.round(r.y)]);
                }));""", element)
            if now == last:
                return
            if time.monotonic() > deadline:
                raise DriverError(f"webkit: {selector} did not hold still within {timeout:.0f} s")
            last = now

    def upload(self, selector: str, path: str) -> None:
        self.wait_exists(selector)
        self.wd.find_element(By.CSS_SELECTOR, selector).send_keys(path)

    def download(self, selector: str, timeout: float = DEFAULT_TIMEOUT) -> Download:
        self.js(CATCH_DOWNLOADS)
        self.click(selector)
        got = self.wait_for("return window.__nrDownloads.shift() || null;", timeout=timeout, what=f"a download from {selector}")
        return Download(got["name"], got["text"])

    def _open_fresh(self) -> "WebKitDriver":
        return WebKitDriver(self.base_url, display=self._display, proxy=self._proxy)

    def _close(self) -> None:
        self.wd.quit()
