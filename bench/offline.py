"""Offline copy benchmark: the worksheet with the service worker against today's page without it.

    .venv/bin/python bench/offline.py [--runs 3] [--site DIR] [--smoke]

Builds the site (unless --site names a built one) and serves it on 127.0.0.1 as a static
host would: the build's ``_headers`` applied (immutable Pyodide and wheel, revalidated HTML
and sw.js). The server counts every byte it sends (status line, headers and body), which is
exactly what came from the network. For each run, in a fresh Chromium profile (so the HTTP
cache starts empty and then persists between visits, as in a real browser):

- no service worker (``service_workers="block"``, today's page): first visit, repeat visit,
  and a repeat visit offline (which cannot work without a copy);
- with the service worker: first visit (bytes until Python is ready, and again once the
  offline copy is complete), repeat visit online, repeat visit offline.

Each visit opens ``worksheet/`` and waits for Python ready (the page's ``nr-python-ready``
mark, ms after navigation start). Goals: a repeat visit with the service worker sends under
50 KB, and reaches Python ready no slower than today's warm (repeat) start. Medians over
--runs. Prints a table; nothing is asserted. ``--smoke`` is one run: a check that the script
works, not a figure.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from nextround_site import hosting  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
GOAL_BYTES = 50 * 1024


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.bytes = 0
        self.requests = 0

    def add(self, n: int) -> None:
        with self.lock:
            self.bytes += n

    def take(self) -> tuple[int, int]:
        with self.lock:
            out = (self.bytes, self.requests)
            self.bytes = self.requests = 0
            return out


class CountingWriter:
    def __init__(self, raw, counter: Counter):
        self.raw, self.counter = raw, counter

    def write(self, data):
        self.counter.add(len(data))
        return self.raw.write(data)

    def flush(self):
        return self.raw.flush()

    @property
    def closed(self):
        return self.raw.closed


class Host(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".whl": "application/zip", ".json": "application/json",
                      ".webmanifest": "application/manifest+json"}
    rules: list = []
    counter: Counter

    def setup(self):
        super().setup()
        self.wfile = CountingWriter(self.wfile, self.counter)

    def send_response(self, code, message=None):
        with self.counter.lock:
            self.counter.requests += 1
        super().send_response(code, message)

    def end_headers(self):
        for name, values in hosting.headers_for(self.rules, self.path.split("?", 1)[0]).items():
            if name != "Content-Type":
                self.send_header(name, ", ".join(values))
        super().end_headers()

    def log_message(self, *args):
        pass


def build(dest: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(dest)],
                   cwd=ROOT, env=env, check=True)


def python_ready(page, url: str) -> float:
    page.goto(url, wait_until="commit")
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=180_000)
    return page.evaluate("performance.getEntriesByName('nr-python-ready')[0].startTime")


def one_run(pw, base: str, counter: Counter, profile: Path, with_sw: bool) -> dict:
    context = pw.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=ARGS, headless=True,
        service_workers="allow" if with_sw else "block")
    out: dict = {}
    try:
        page = context.pages[0] if context.pages else context.new_page()
        url = base + "worksheet/"
        counter.take()
        out["first_ms"] = python_ready(page, url)
        out["first_bytes"] = counter.take()[0]
        if with_sw:
            expect(page.locator("html")).to_have_attribute("data-nr-offline", "ready", timeout=180_000)
            page.wait_for_timeout(300)
            out["copy_bytes"] = out["first_bytes"] + counter.take()[0]
        page.goto("about:blank")
        counter.take()
        out["repeat_ms"] = python_ready(page, url)
        page.wait_for_timeout(500)  # let any update check of sw.js finish
        out["repeat_bytes"], out["repeat_requests"] = counter.take()
        context.set_offline(True)
        page.goto("about:blank")
        try:
            out["offline_ms"] = python_ready(page, url)
        except Exception:  # noqa: BLE001 - without a copy the page does not open offline
            out["offline_ms"] = None
        out["offline_bytes"] = counter.take()[0]
    finally:
        context.close()
    return out


def median(runs: list[dict], key: str):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def fmt_ms(v) -> str:
    return "fails" if v is None else f"{v / 1000:.2f} s"


def fmt_kb(v) -> str:
    return "–" if v is None else f"{v / 1024:,.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path)
    parser.add_argument("--smoke", action="store_true", help="a quick run that only checks this script still works (the test suite runs it); its figures mean nothing")
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    tmp = Path(tempfile.mkdtemp(prefix="nr-bench-offline-"))
    try:
        site = args.site or tmp / "site"
        if not args.site:
            build(site)
        counter = Counter()
        rules = hosting.parse((site / "_headers").read_text(encoding="utf-8"))
        handler = type("H", (Host,), {"rules": rules, "counter": counter})
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
        httpd.handle_error = lambda request, address: None  # a browser closing a connection early
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        results = {False: [], True: []}
        with sync_playwright() as pw:
            for i in range(args.runs):
                for with_sw in (False, True):  # interleaved, so load changes hit both alike
                    profile = tmp / f"profile-{i}-{int(with_sw)}"
                    results[with_sw].append(one_run(pw, base, counter, profile, with_sw))
        httpd.shutdown()
        load = os.getloadavg()
        print(f"bench/offline.py  {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC  runs={args.runs}  "
              f"nproc={os.cpu_count()}  load={load[0]:.1f}/{load[1]:.1f}  {platform.python_version()}")
        print()
        print("| visit | today, no service worker | with the service worker |")
        print("|---|---:|---:|")
        rows = [
            ("first visit: Python ready", "first_ms", fmt_ms),
            ("first visit: bytes until Python ready", "first_bytes", fmt_kb),
            ("first visit: bytes incl. the offline copy", "copy_bytes", fmt_kb),
            ("repeat visit: Python ready", "repeat_ms", fmt_ms),
            ("repeat visit: bytes", "repeat_bytes", fmt_kb),
            ("repeat visit: requests that reached the server", "repeat_requests", lambda v: "–" if v is None else f"{v:.0f}"),
            ("offline visit: Python ready", "offline_ms", fmt_ms),
            ("offline visit: bytes", "offline_bytes", fmt_kb),
        ]
        for title, key, fmt in rows:
            print(f"| {title} | {fmt(median(results[False], key))} | {fmt(median(results[True], key))} |")
        print()
        sw_bytes, sw_ms, warm_ms = median(results[True], "repeat_bytes"), median(results[True], "repeat_ms"), median(results[False], "repeat_ms")
        print(f"goal: repeat visit under {GOAL_BYTES // 1024} KB: {'met' if sw_bytes < GOAL_BYTES else 'NOT met'} ({fmt_kb(sw_bytes)})")
        print(f"goal: Python ready no slower than today's warm start: "
              f"{'met' if sw_ms <= warm_ms else 'NOT met'} ({fmt_ms(sw_ms)} vs {fmt_ms(warm_ms)})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
