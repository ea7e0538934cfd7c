"""The small driver interface the cross-engine scenario is written against.

Three implementations: ``chromium.py`` (Playwright), ``firefox.py`` (puppeteer-core over
WebDriver BiDi, through ``firefox_driver.mjs``) and ``webkit.py`` (Selenium and
WebKitWebDriver). Each hides its engine's driver quirks (scrolling before a click, how a
download is caught, how a date is entered); the scenario in ``scenario.py`` only says what a
person does and what they should see.

Selectors are CSS. ``js(body, *args)`` runs ``body`` as a function body in the page, with the
arguments as ``arguments[0]``, ``arguments[1]``, …; it returns the JSON value of what it
returns (a promise is awaited). Waiting is done here, by polling, the same way everywhere.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

DEFAULT_TIMEOUT = 10.0
READY_TIMEOUT = 240.0  # Python's cold start: WebKit needs 10-15 s on an idle 2-core machine, minutes on a busy one


@dataclass
class Download:
    name: str
    text: str


class DriverError(AssertionError):
    """Something the page did not do in time (raised as an assertion, so pytest shows it)."""


class Driver(ABC):
    engine: str = ""  # "chromium", "firefox" or "webkit"
    version: str = ""
    # Hosts the browser itself calls on its own account (never the page): the trap's records
    # of them are the browser's housekeeping, not a request of the site.
    browser_hosts: tuple[str, ...] = ()

    def __init__(self, base_url: str):
        self.base_url = base_url
        self._others: list[Driver] = []

    # ---- what each engine implements ------------------------------------------------------

    @abstractmethod
    def goto(self, path: str, *, early: bool = False) -> None:
        """Open ``base_url + path``. ``early``: return as soon as the document is there, before
        its subresources and scripts have loaded (the moment a person could first type)."""

    @abstractmethod
    def reload(self, *, early: bool = False) -> None: ...

    @abstractmethod
    def js(self, body: str, *args: Any) -> Any: ...

    @abstractmethod
    def type(self, selector: str, text: str) -> None:
        """Replace what the text control holds by typing ``text`` into it, as a person would."""

    @abstractmethod
    def click(self, selector: str) -> None: ...

    @abstractmethod
    def upload(self, selector: str, path: str) -> None:
        """Choose ``path`` in the file input ``selector``."""

    @abstractmethod
    def download(self, selector: str, timeout: float = DEFAULT_TIMEOUT) -> Download:
        """Click ``selector`` and return the file the page downloads."""

    @abstractmethod
    def _open_fresh(self) -> "Driver": ...

    @abstractmethod
    def _close(self) -> None: ...

    def engine_errors(self) -> list[str]:
        """Errors the engine itself reported (console, page errors), where the driver can see
        them; the probe (``probe.js``) sees the rest, in every engine."""
        return []

    # ---- shared helpers -------------------------------------------------------------------

    def every_engine_error(self) -> list[str]:
        """``engine_errors`` of this window and of every fresh one it opened."""
        return self.engine_errors() + [e for other in self._others for e in other.every_engine_error()]

    def fresh(self) -> "Driver":
        """Another window of the same engine with a fresh, empty profile (closed with this one)."""
        other = self._open_fresh()
        self._others.append(other)
        return other

    def close(self) -> None:
        try:
            for other in self._others:
                other.close()
        finally:
            self._close()

    def set_date(self, selector: str, iso: str) -> None:
        """Set a date control. Date pickers differ per engine and none takes typing the same
        way, so this sets the value and sends the events a picker sends."""
        self.js(
            """const el = document.querySelector(arguments[0]);
               el.focus(); el.value = arguments[1];
               el.dispatchEvent(new Event("input", {bubbles: true}));
               el.dispatchEvent(new Event("change", {bubbles: true}));
               el.blur();""",
            selector, iso,
        )

    def wait_for(self, body: str, *args: Any, timeout: float = DEFAULT_TIMEOUT, what: str = "") -> Any:
        """Poll ``body`` until it returns something truthy; return that."""
        deadline = time.monotonic() + timeout
        last: Any = None
        while True:
            try:
                last = self.js(body, *args)
            except Exception as err:  # the page may be navigating
                last = err
            else:
                if last:
                    return last
            if time.monotonic() > deadline:
                raise DriverError(f"{self.engine}: waited {timeout:.0f} s for {what or body!r}; last: {last!r}")
            time.sleep(0.1)

    def text(self, selector: str) -> str:
        return self.js("const el = document.querySelector(arguments[0]); return el ? el.textContent : null;", selector)

    def value(self, selector: str) -> str:
        return self.js("const el = document.querySelector(arguments[0]); return el ? el.value : null;", selector)

    def count(self, selector: str) -> int:
        return self.js("return document.querySelectorAll(arguments[0]).length;", selector)

    def wait_exists(self, selector: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.wait_for("return !!document.querySelector(arguments[0]);", selector, timeout=timeout, what=f"{selector} to exist")

    def wait_visible(self, selector: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.wait_for(
            """const el = document.querySelector(arguments[0]);
               return !!el && !el.closest("[hidden]") && el.getClientRects().length > 0;""",
            selector, timeout=timeout, what=f"{selector} to be visible",
        )

    def wait_text(self, selector: str, contains: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until the element's text contains ``contains``; return the whole text."""
        return self.wait_for(
            """const el = document.querySelector(arguments[0]);
               const t = el ? el.textContent : "";
               return t.includes(arguments[1]) ? t : null;""",
            selector, contains, timeout=timeout, what=f"{selector} to say {contains!r}",
        )

    def wait_value(self, selector: str, value: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.wait_for(
            "const el = document.querySelector(arguments[0]); return !!el && el.value === arguments[1];",
            selector, value, timeout=timeout, what=f"{selector} to hold {value!r}",
        )
