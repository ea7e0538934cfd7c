"""Chromium: Debian's chromium through Playwright (the browser the rest of the suite uses).

Each ``ChromiumDriver`` is a new browser context of the session's browser (pytest-playwright's
``browser`` fixture, launched with ``conftest.CHROMIUM_ARGS``): its own storage, as a fresh
profile has, with its own proxy. Playwright waits and scrolls by itself and has a download
API, so this layer is thin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .driver import DEFAULT_TIMEOUT, Download, Driver

VIEWPORT = {"width": 1280, "height": 900}


class ChromiumDriver(Driver):
    engine = "chromium"
    # Chromium asks Google's autofill service about every form it sees. Its switch
    # (--disable-features=AutofillServerCommunication) cannot be added here: Chromium keeps only
    # the last --disable-features, which would drop the list Playwright passes.
    browser_hosts = ("content-autofill.googleapis.com",)

    def __init__(self, base_url: str, *, browser, proxy: str):
        super().__init__(base_url)
        self._browser = browser
        self._proxy = proxy
        self.version = f"Chromium {browser.version}"
        self.context = browser.new_context(
            viewport=VIEWPORT, accept_downloads=True,
            proxy={"server": f"http://{proxy}", "bypass": "127.0.0.1,localhost"},
        )
        self.page = self.context.new_page()
        self._errors: list[str] = []
        self.page.on("pageerror", lambda err: self._errors.append(f"pageerror: {err}"))
        self.page.on("console", lambda msg: msg.type == "error" and self._errors.append(f"console: {msg.text}"))
        # Playwright also sees every request of the page and its workers: a second net.
        origin = base_url.rstrip("/")
        self.context.on("request", lambda r: self._own(r.url, origin) or self._errors.append(f"request: {r.url}"))

    @staticmethod
    def _own(url: str, origin: str) -> bool:
        return url.startswith((origin + "/", "data:", f"blob:{origin}/"))

    def goto(self, path: str, *, early: bool = False) -> None:
        self.page.goto(self.base_url + path, wait_until="commit" if early else "load")

    def reload(self, *, early: bool = False) -> None:
        self.page.reload(wait_until="commit" if early else "load")

    def js(self, body: str, *args: Any) -> Any:
        return self.page.evaluate(f"(args) => (async function () {{\n{body}\n}}).apply(null, args)", list(args))

    def type(self, selector: str, text: str) -> None:
        # Key by key, as in the other two drivers. ``fill`` sets the value with one input event
        # and no key events; Material's search reruns its query only on keyup (and on focus,
        # which fill fires before the text is in), so a filled query was never searched when
        # the focus handler ran first: the fresh-clone run's "no Templates result in 90 s".
        field = self.page.locator(selector)
        field.select_text()
        if text:
            field.press_sequentially(text)
        else:
            field.press("Backspace")

    def click(self, selector: str) -> None:
        self.page.locator(selector).click()

    def upload(self, selector: str, path: str) -> None:
        self.page.locator(selector).set_input_files(path)

    def download(self, selector: str, timeout: float = DEFAULT_TIMEOUT) -> Download:
        with self.page.expect_download(timeout=timeout * 1000) as caught:
            self.click(selector)
        return Download(caught.value.suggested_filename, Path(caught.value.path()).read_text(encoding="utf-8"))

    def _open_fresh(self) -> "ChromiumDriver":
        return ChromiumDriver(self.base_url, browser=self._browser, proxy=self._proxy)

    def engine_errors(self) -> list[str]:
        return list(self._errors)

    def _close(self) -> None:
        self.context.close()
