"""Firefox: Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi.

Puppeteer is a Node library, so ``FirefoxEngine`` runs ``firefox_driver.mjs`` once per test
session (one Firefox) and talks to it in JSON lines; each ``FirefoxDriver`` is one BiDi user
context (its own storage, as a fresh profile has) with one tab, its own proxy setting and its
own download folder. Downloads are real: Firefox saves them (BiDi
``browser.setDownloadBehavior``) and the driver reads the finished file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .driver import DEFAULT_TIMEOUT, Download, Driver, DriverError

HERE = Path(__file__).resolve().parent
from conftest import ROOT
FIREFOX = "/usr/bin/firefox-esr"
REPLY_TIMEOUT = 150.0


class FirefoxEngine:
    """One Node process and one Firefox for the whole session."""

    def __init__(self):
        self.process = subprocess.Popen(
            ["node", str(HERE / "firefox_driver.mjs")],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, bufsize=1,
        )
        self._lock = threading.Lock()
        self._next = 0
        self._stderr: list[str] = []
        self._drain = threading.Thread(target=self._drain_stderr, daemon=True)
        self._drain.start()
        self.version = "Firefox " + self.call("launch", executable=FIREFOX)["version"].split("/")[-1]

    def _drain_stderr(self) -> None:
        for line in self.process.stderr:
            self._stderr.append(line.rstrip())

    def call(self, cmd: str, **args: Any) -> Any:
        with self._lock:
            self._next += 1
            ask = {"id": self._next, "cmd": cmd, "args": args}
            if self.process.poll() is not None:
                raise DriverError(f"firefox driver exited: {self._stderr[-20:]}")
            self.process.stdin.write(json.dumps(ask) + "\n")
            self.process.stdin.flush()
            result: list[str] = []
            reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()), daemon=True)
            reader.start()
            reader.join(REPLY_TIMEOUT)
            if not result or not result[0]:
                raise DriverError(f"firefox driver gave no answer to {cmd} in {REPLY_TIMEOUT:.0f} s: {self._stderr[-20:]}")
            reply = json.loads(result[0])
            if reply["id"] != ask["id"]:
                raise DriverError(f"firefox driver answered {reply['id']} to {ask['id']}")
            if not reply["ok"]:
                raise DriverError(f"firefox: {cmd} failed: {reply['error']}")
            return reply["value"]

    def close(self) -> None:
        try:
            self.call("quit")
        finally:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self._drain.join(timeout=10)
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                stream.close()


class FirefoxDriver(Driver):
    engine = "firefox"

    def __init__(self, base_url: str, *, engine: FirefoxEngine, proxy: str):
        super().__init__(base_url)
        self._engine = engine
        self._proxy = proxy
        self.version = engine.version
        self._errors: list[str] = []
        self._downloads = Path(tempfile.mkdtemp(prefix="nr-firefox-downloads-"))
        self._page = engine.call("open", proxy=proxy, downloads=str(self._downloads))["page"]

    def _call(self, cmd: str, **args: Any) -> Any:
        return self._engine.call(cmd, page=self._page, **args)

    def goto(self, path: str, *, early: bool = False) -> None:
        self._call("goto", url=self.base_url + path, early=early)

    def reload(self, *, early: bool = False) -> None:
        self._call("reload", early=early)

    def js(self, body: str, *args: Any) -> Any:
        return self._call("js", body=body, args=list(args))

    def type(self, selector: str, text: str) -> None:
        self._call("type", selector=selector, text=text)

    def click(self, selector: str) -> None:
        self._call("click", selector=selector)

    def upload(self, selector: str, path: str) -> None:
        self._call("upload", selector=selector, path=path)

    def download(self, selector: str, timeout: float = DEFAULT_TIMEOUT) -> Download:
        before = set(self._downloads.iterdir())
        self.click(selector)
        deadline = time.monotonic() + timeout
        while True:
            now = set(self._downloads.iterdir())
            new = [p for p in now - before if not p.name.endswith(".part")]
            if new and not any(p.name.endswith(".part") for p in now):
                path = new[0]
                try:
                    return Download(path.name, path.read_text(encoding="utf-8"))
                except FileNotFoundError:
                    pass  # a temporary name Firefox renamed meanwhile: look again
            if time.monotonic() > deadline:
                raise DriverError(f"firefox: no download from {selector} in {timeout:.0f} s (folder: {sorted(p.name for p in now)})")
            time.sleep(0.1)

    def _open_fresh(self) -> "FirefoxDriver":
        return FirefoxDriver(self.base_url, engine=self._engine, proxy=self._proxy)

    def engine_errors(self) -> list[str]:
        self._errors += self._call("errors")
        return list(self._errors)

    def _close(self) -> None:
        try:
            self._call("closePage")
        finally:
            shutil.rmtree(self._downloads, ignore_errors=True)
