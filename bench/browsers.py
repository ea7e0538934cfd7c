"""Python ready, cold, in Chromium, Firefox and WebKit, side by side in one run.

    .venv/bin/python bench/browsers.py [--runs 3] [--site DIR] [--engines chromium,firefox,webkit] [--smoke]

Builds the site (unless --site names a built one), serves it with the engine test server
(tests/cross_browser/server.py: `.wasm` as `application/wasm`, like the site's `_headers`), and for
each run opens, in each engine in turn (so load on the machine hits all three alike), a fresh
window (fresh profile, empty cache) on the worksheet and waits until it says Ready. It reads
the page's `nr-python-ready` mark and the worker's own breakdown (worker.js `timings`):

- loader: fetching and evaluating `pyodide.mjs`;
- runtime: `loadPyodide()`: fetching, compiling and instantiating `pyodide.asm.wasm` (Pyodide
  streams it with `WebAssembly.instantiateStreaming`), unpacking the standard library and
  starting the interpreter;
- wheel wait, unpack, import: the worksheet package after the runtime is up.

Then, once per engine, a worker on a bare page times the wasm alone: fetch + `arrayBuffer()`,
`WebAssembly.compile(bytes)` (the ArrayBuffer path) and `WebAssembly.compileStreaming(fetch())`
(the streaming path), to show how much of "runtime" is compiling the 9.6 MB module.
Prints a Markdown table; nothing is asserted (timing goals live here, not in tests).
``--smoke``: one run in Chromium only, a check that the script works, not a figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site  # noqa: E402
from cross_browser.server import ProbeServer, Trap  # noqa: E402

ENGINES = ("chromium", "firefox", "webkit")

COLLECT = """
const ready = performance.getEntriesByName("nr-python-ready")[0];
const w = (ready && ready.detail) || {};
return {ready: ready ? ready.startTime : null, loader: w.loaderImport, runtime: w.runtime,
        waitWheel: w.waitWheel, unpack: w.unpack, import: w.import,
        workerUp: w.workerOrigin ? w.workerOrigin - performance.timeOrigin : null};
"""

WASM_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">
<title>wasm compile</title><script type="module" src="wasm.js"></script></head>
<body><h1>wasm compile</h1><p id="out"></p></body></html>
"""
WASM_JS = """const worker = new Worker(new URL("wasm-worker.js", import.meta.url), { type: "module" });
worker.onmessage = (e) => { document.getElementById("out").textContent = JSON.stringify(e.data); };
worker.postMessage(new URL("../assets/pyodide/VERSION/pyodide.asm.wasm", import.meta.url).href);
"""
WASM_WORKER = """self.onmessage = async (event) => {
  const url = event.data, out = {};
  try {
    let t = performance.now();
    const bytes = await (await fetch(url, { cache: "no-store" })).arrayBuffer();
    out.fetch = performance.now() - t;
    t = performance.now();
    await WebAssembly.compile(bytes);
    out.compile = performance.now() - t;
    t = performance.now();
    await WebAssembly.compileStreaming(fetch(url, { cache: "no-store" }));
    out.streaming = performance.now() - t;
  } catch (err) {
    out.error = String(err);
  }
  self.postMessage(out);
};
"""


def pyodide_version() -> str:
    return json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]


class Engines:
    """Opens fresh windows of each engine (see tests/cross_browser/*.py), and closes it all."""

    def __init__(self, base_url: str, proxy: str, names: list[str]):
        self.base_url, self.proxy, self.names = base_url, proxy, names
        self._closers = []
        self._open = {}
        if "chromium" in names:
            from playwright.sync_api import sync_playwright

            from cross_browser.chromium import ChromiumDriver

            pw = sync_playwright().start()
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            self._closers += [pw.stop, browser.close]
            self._open["chromium"] = lambda: ChromiumDriver(base_url, browser=browser, proxy=proxy)
        if "firefox" in names:
            from cross_browser.firefox import FirefoxDriver, FirefoxEngine

            firefox = FirefoxEngine()
            self._closers.append(firefox.close)
            self._open["firefox"] = lambda: FirefoxDriver(base_url, engine=firefox, proxy=proxy)
        if "webkit" in names:
            from cross_browser.webkit import WebKitDriver, Xvfb

            display = Xvfb()
            self._closers.append(display.stop)
            self._open["webkit"] = lambda: WebKitDriver(base_url, display=display.display, proxy=proxy)

    def window(self, name: str):
        return self._open[name]()

    def close(self) -> None:
        for close in reversed(self._closers):
            close()


def cold_ready(d) -> dict:
    started = time.monotonic()
    d.goto("worksheet/", early=True)
    d.wait_for('const s = document.querySelector("#nr-python-status"); return !!s && s.textContent === "Ready";',
               timeout=300, what="Ready")
    wall = (time.monotonic() - started) * 1000
    return {**d.js(COLLECT), "wall": wall}


def wasm_compile(d) -> dict:
    d.goto("__bench/")
    text = d.wait_for('const t = document.getElementById("out").textContent; return t || null;', timeout=300,
                      what="the wasm timings")
    return json.loads(text)


def fmt(ms) -> str:
    return "–" if ms is None else f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--smoke", action="store_true", help="a quick run that only checks this script still works (the test suite runs it); its figures mean nothing")
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.engines = 1, "chromium"
    names = [n for n in args.engines.split(",") if n]

    with tempfile.TemporaryDirectory(prefix="nr-bench-browsers-") as tmp:
        site = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            build_site(site)
        bench = site / "__bench"
        bench.mkdir()
        (bench / "index.html").write_text(WASM_HTML)
        (bench / "wasm.js").write_text(WASM_JS.replace("VERSION", pyodide_version()))
        (bench / "wasm-worker.js").write_text(WASM_WORKER)

        rows: dict[str, list[dict]] = {n: [] for n in names}
        wasm: dict[str, dict] = {}
        versions: dict[str, str] = {}
        with ProbeServer(site) as server, Trap() as trap:
            engines = Engines(server.url, trap.address, names)
            try:
                for run in range(args.runs):
                    for name in names:
                        d = engines.window(name)
                        try:
                            versions[name] = d.version
                            rows[name].append(cold_ready(d))
                        finally:
                            d.close()
                        print(f"run {run + 1} {name}: {fmt(rows[name][-1]['ready'])}", file=sys.stderr)
                for name in names:
                    d = engines.window(name)
                    try:
                        wasm[name] = wasm_compile(d)
                    finally:
                        d.close()
            finally:
                engines.close()
            errors = list(server.reports)

    load = os.getloadavg()
    print(f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC: "
          f"nproc {os.cpu_count()}, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; "
          f"median of {args.runs} cold loads per engine, engines interleaved.\n")
    print("| engine | Python ready (cold) | range | loader | runtime | wheel wait | unpack | import |"
          " wasm fetch | wasm compile (bytes) | wasm compileStreaming |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in names:
        got = rows[name]

        def med(key):
            values = [r[key] for r in got if r.get(key) is not None]
            return statistics.median(values) if values else None

        readies = [r["ready"] for r in got if r.get("ready") is not None]
        w = wasm.get(name, {})
        print(f"| {versions.get(name, name)} | **{fmt(med('ready'))}** | {fmt(min(readies))}–{fmt(max(readies))} | "
              f"{fmt(med('loader'))} | {fmt(med('runtime'))} | {fmt(med('waitWheel'))} | {fmt(med('unpack'))} | "
              f"{fmt(med('import'))} | {fmt(w.get('fetch'))} | {fmt(w.get('compile'))} | "
              f"{fmt(w.get('streaming')) if 'error' not in w else w['error']} |")
    if errors:
        print("\nThe probe reported:", errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
