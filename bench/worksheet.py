"""Worksheet start-up benchmark: the real page against a bare page that only boots Pyodide.

    .venv/bin/python bench/worksheet.py [--runs 3] [--site DIR] [--smoke]

Builds the site (unless --site names a built one), writes a bare page next to it that boots
the same self-hosted Pyodide files in a module worker and does nothing else, serves both from
one temporary directory over HTTP, and measures in headless Chromium, side by side:

- form typeable: first contentful paint (the form is in the HTML, so it takes typing then;
  the script also checks the Company field exists and is enabled at that moment);
- Python ready: the page's ``nr-python-ready`` performance mark (worksheet: runtime + wheel +
  import; bare page: runtime only), cold (a fresh browser context, empty cache) and warm (a
  persistent profile, second and later loads);
- ratio: worksheet Python-ready / bare Python-ready; the bare page loads Pyodide's own
  ``python_stdlib.zip`` (source only), the worksheet the site's trimmed, compiled one
  (``nextround_site/stdlib.py``); the same two figures for today's page (``--old-ref``);
- first-visit bytes: what the page and its worker fetch until Python is ready, and what the
  service worker then downloads for the offline copy, raw and gzip -6 per file;
- main-thread total blocking time from navigation to Python ready: sum over long tasks
  (PerformanceObserver "longtask") of their time beyond 50 ms.

Goals: form <= 0.3 s, ratio <= 0.9, blocking <= 100 ms. Figures are medians over --runs.
Prints a table; nothing is asserted (timing goals live here, not in tests).

Then (unless --no-stored), with a 1 MB document already stored, this page side by side with today's page (the
``main`` branch, built from ``git archive main`` into a temporary directory; ``--old-ref``
picks another ref): when the stored entry is on screen (the first animation frame in which
the Company field shows it), when the form is bound, the prefill script's own time, and the
main-thread blocking time until bound, at CPU 1x and 4x (DevTools throttling). On today's
page the form takes typing at first paint but shows the stored text only once bound; typing
in between is what the prefill script is for. ``--stored-only`` runs just this part.

``--smoke`` (what the test suite runs): one run, with this build standing in for today's page
(no second build): a check that the script works, not a figure.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
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
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
GOALS = {"form": 300.0, "ratio": 0.9, "tbt": 100.0}

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide boot</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script type="module" src="bare.js"></script></head>
<body><h1>Bare Pyodide boot</h1>
<label for="f-company">Company</label> <input id="f-company" type="text">
<p>Python: <span id="nr-python-status" role="status">Loading…</span></p></body></html>
"""

BARE_JS = """// Boots the same Pyodide files as the worksheet, in a module worker, and nothing else; with
// Pyodide's own standard library zip (the site serves a trimmed, compiled one instead).
const pyodideURL = new URL("../site/assets/pyodide/PYODIDE_VERSION/", import.meta.url).href;
const stdlibURL = new URL("python_stdlib.zip", import.meta.url).href;
const worker = new Worker(new URL("bare-worker.js", import.meta.url), { type: "module" });
worker.addEventListener("message", (event) => {
  if (event.data.type === "ready") {
    performance.mark("nr-python-ready", { detail: event.data.timings });
    document.getElementById("nr-python-status").textContent = "Ready";
  } else {
    document.getElementById("nr-python-status").textContent = "Failed: " + event.data.message;
  }
});
worker.postMessage({ pyodideURL, stdlibURL });
"""

BARE_WORKER = """self.addEventListener("message", async (event) => {
  try {
    const started = performance.now();
    const { loadPyodide } = await import(new URL("pyodide.mjs", event.data.pyodideURL).href);
    const pyodide = await loadPyodide({ indexURL: event.data.pyodideURL, stdLibURL: event.data.stdlibURL,
                                        stdout: () => {} });
    pyodide.runPython("1 + 1");
    self.postMessage({ type: "ready", timings: { bootStart: performance.timeOrigin + started,
                                                 runtime: Math.round(performance.now() - started) } });
  } catch (err) {
    self.postMessage({ type: "failed", message: String(err) });
  }
});
"""

# Runs before any page script (through the DevTools protocol, so the site's CSP allows it).
OBSERVER = """
window.__nrLong = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__nrLong.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
} catch (e) {}
document.addEventListener("DOMContentLoaded", () => {
  const field = document.getElementById("f-company");
  window.__nrTypeable = !!field && !field.disabled;
});
"""

COLLECT = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const ready = performance.getEntriesByName("nr-python-ready")[0];
  const readyAt = ready ? ready.startTime : null;
  const tbt = window.__nrLong
    .filter(([start]) => readyAt === null || start < readyAt)
    .reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
  const created = performance.getEntriesByName("nr-worker-created")[0];
  const appStart = performance.getEntriesByName("nr-app-start")[0];
  const bound = performance.getEntriesByName("nr-form-bound")[0];
  const worker = (ready && ready.detail) || {};
  const shown = performance.getEntriesByName("nr-results-shown")[0];
  const tbtShown = shown ? window.__nrLong.filter(([start]) => start < shown.startTime)
    .reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0) : null;
  return { fcp: paint ? paint.startTime : null, ready: readyAt, tbt, typeable: window.__nrTypeable === true,
           tbtShown, unpack: worker.unpack || 0, runtime: worker.runtime || 0,
           bootStart: worker.bootStart ? worker.bootStart - performance.timeOrigin : 0,
           workerUp: worker.workerOrigin ? worker.workerOrigin - performance.timeOrigin : 0,
           loaderImport: worker.loaderImport || 0,
           created: created ? created.startTime : 0, import: worker.import || 0, waitWheel: worker.waitWheel || 0,
           longTasks: window.__nrLong.length,
           init: appStart && bound ? bound.startTime - appStart.startTime : 0 };
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".whl": "application/zip", ".json": "application/json"}

    def log_message(self, *args):
        pass


def build(dest: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(dest)],
                   cwd=ROOT, env=env, check=True)


def pyodide_version() -> str:
    return json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]


def measure(page, url: str) -> dict:
    page.goto(url, wait_until="commit")
    expect(page.locator("#nr-python-status")).to_have_text("Ready", timeout=120_000)
    if "worksheet" in url:  # wait for the first drafts, plan and insights too
        expect(page.locator("#nr-draft-list article").first).to_be_attached(timeout=60_000)
    page.wait_for_timeout(200)  # let the last long task be reported
    return page.evaluate(COLLECT)


def measure_reference(page, url: str) -> float:
    """Blocking time of a plain guidance page (Material alone), for scale."""
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1500)
    return page.evaluate(COLLECT)["tbt"]


# Watches every animation frame from navigation on (through the DevTools protocol, like
# OBSERVER) for the first one in which the Company field shows the stored value.
STORED_WATCH = """
window.__nrShown = null;
(function watch() {
  const field = document.getElementById("f-company");
  if (field && field.value === "Stored company 0") { window.__nrShown = performance.now(); return; }
  requestAnimationFrame(watch);
})();
"""

STORED_COLLECT = """() => {
  const bound = performance.getEntriesByName("nr-form-bound")[0];
  const boundAt = bound ? bound.startTime : null;
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const p0 = performance.getEntriesByName("nr-prefill-start")[0];
  const p1 = performance.getEntriesByName("nr-prefill-done")[0];
  const tbt = window.__nrLong.filter(([start]) => boundAt === null || start < boundAt)
    .reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
  return { shown: window.__nrShown, bound: boundAt, fcp: paint ? paint.startTime : null, tbt,
           prefill: p0 && p1 ? p1.startTime - p0.startTime : null };
}"""


def big_document(size: int = 1_000_000) -> str:
    """A valid stored document of about ``size`` bytes: entries with long notes."""
    sys.path.insert(0, str(ROOT))
    from worksheet import codec, model

    doc = model.empty_document()
    text = ("I said I would follow up on the portfolio review and ask about the team's roadmap. " * 40).strip()
    i = 0
    while len(json.dumps(doc)) < size:
        entry = model.new_entry(f"entry-{i}", "2026-11-20T10:00:00Z")
        model.set_value(entry, "company", f"Stored company {i}")
        model.set_value(entry, "role", "Designer")
        for key in ("notes", "reflection.surprised", "mindset.story", "feedback.said"):
            model.set_value(entry, key, text)
        model.set_value(entry, "reflection.went_well", [f"Point {n}: {text[:200]}" for n in range(8)])
        doc["entries"].append(entry)
        i += 1
    doc["settings"]["active_entry"] = "entry-0"
    return codec.dumps(doc)


def build_old(ref: str, dest: Path) -> None:
    """Today's page: ``ref`` exported with git archive and built with the same tools."""
    src = dest.parent / "old-src"
    src.mkdir()
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    (src / "node_modules").symlink_to((ROOT / "node_modules").resolve())
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(src))
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(dest)],
                   cwd=src, env=env, check=True)


def measure_stored(browser, origin: str, path: str, stored: str, cpu: int) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/{path}404.html")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", ["nextround.worksheet", stored])
    context.add_init_script(OBSERVER + STORED_WATCH)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    page.goto(f"{origin}/{path}worksheet/", wait_until="commit")
    expect(page.locator('#nr-worksheet[data-bound="true"]')).to_have_count(1, timeout=120_000)
    page.wait_for_timeout(300)
    row = page.evaluate(STORED_COLLECT)
    context.close()
    return row


def stored_startup(root: Path, args, origin: str) -> None:
    stored = big_document()
    rows: dict[tuple[str, int], list[dict]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(args.runs):
            for cpu in (1,) if args.smoke else (1, 4):
                for name, path in (("this page", "site/"),) if args.smoke else (("this page", "site/"), ("today's page", "old/")):
                    rows.setdefault((name, cpu), []).append(measure_stored(browser, origin, path, stored, cpu))
        browser.close()
    print(f"\nStart-up with a {len(stored) / 1e6:.2f} MB document stored, median of {args.runs} runs "
          f"(today's page = {args.old_ref})\n")
    head = f"{'':16}{'CPU':>5}{'first paint':>13}{'stored text shown':>19}{'bound':>9}{'prefill':>9}{'blocking':>10}"
    print(head)
    print("-" * len(head))
    for (name, cpu), rs in rows.items():
        prefill = [r["prefill"] for r in rs if r["prefill"] is not None]
        print(f"{name:16}{str(cpu) + 'x':>5}{median(rs, 'fcp') / 1000:>12.2f}s{median(rs, 'shown') / 1000:>18.2f}s"
              f"{median(rs, 'bound') / 1000:>8.2f}s"
              f"{(f'{statistics.median(prefill):.0f} ms') if prefill else '-':>9}{median(rs, 'tbt'):>8.0f}ms")
    print("\n'stored text shown': first frame in which the stored entry is in the form. Until then a "
          "person can type into an empty-looking form. 'blocking': long-task time beyond 50 ms until bound.")


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def first_visit_bytes(root: Path, origin: str, urls: set[str]) -> tuple[int, int, int]:
    """(raw bytes, gzip bytes, files) of the same-origin files in ``urls``, read from disk."""
    raw = gz = count = 0
    for url in sorted(urls):
        if not url.startswith(origin + "/"):
            continue
        rel = url[len(origin) + 1:].split("?")[0].split("#")[0]
        path = root / (rel + "index.html" if rel.endswith("/") else rel)
        if path.is_file():
            data = path.read_bytes()
            raw, gz, count = raw + len(data), gz + _gzip_size(data), count + 1
    return raw, gz, count


def precache_bytes(site: Path) -> tuple[int, int, int]:
    """(raw bytes, gzip bytes, files) of everything the site's service worker precaches."""
    sys.path.insert(0, str(ROOT))
    from nextround_site import offline

    files = offline.read_build((site / "sw.js").read_text(encoding="utf-8"))["files"]
    raw = gz = 0
    for url, _, _ in files:
        rel = "index.html" if url == "./" else (url + "index.html" if url.endswith("/") else url)
        data = (site / rel).read_bytes()
        raw, gz = raw + len(data), gz + _gzip_size(data)
    return raw, gz, len(files)


def median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--old-ref", default="main", help="git ref of today's page for the stored-data comparison")
    parser.add_argument("--stored-only", action="store_true", help="only the stored-data comparison")
    parser.add_argument("--no-stored", action="store_true", help="skip the stored-data comparison")
    parser.add_argument("--smoke", action="store_true",
                        help="one quick run that only checks this script still works (the test suite runs it); "
                             "this build stands in for today's page; its figures mean nothing")
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1

    with tempfile.TemporaryDirectory(prefix="nr-bench-") as tmp:
        root = Path(tmp)
        if args.site:
            shutil.copytree(args.site, root / "site")
        else:
            build(root / "site")
        bare = root / "bare"
        bare.mkdir()
        (bare / "index.html").write_text(BARE_HTML)
        (bare / "bare.js").write_text(BARE_JS.replace("PYODIDE_VERSION", pyodide_version()))
        (bare / "bare-worker.js").write_text(BARE_WORKER)
        shutil.copy2(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip", bare / "python_stdlib.zip")

        if args.smoke:
            (root / "old").symlink_to(root / "site", target_is_directory=True)
        else:
            build_old(args.old_ref, root / "old")
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{httpd.server_address[1]}"
        if args.stored_only:
            stored_startup(root, args, origin)
            httpd.shutdown()
            return 0
        urls = {"worksheet": f"{origin}/site/worksheet/", "bare": f"{origin}/bare/", "today": f"{origin}/old/worksheet/"}
        fetched: dict[str, set[str]] = {name: set() for name in urls}
        results: dict[str, dict[str, list[dict]]] = {name: {"cold": [], "warm": []} for name in urls}

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            reference = []
            # A smoke run measures the worksheet and the bare page only; today's page is this build.
            measured = {n: u for n, u in urls.items() if not (args.smoke and n == "today")}
            for _ in range(args.runs):
                for name, url in measured.items():  # alternate, so load on the machine hits both
                    context = browser.new_context()
                    context.add_init_script(OBSERVER)
                    # Every URL the page and its worker fetch (the service worker's own
                    # precache downloads are counted from sw.js below, not here).
                    context.on("request", lambda r, name=name: fetched[name].add(r.url) if not r.service_worker else None)
                    results[name]["cold"].append(measure(context.new_page(), url))
                    context.close()
                context = browser.new_context()
                context.add_init_script(OBSERVER)
                reference.append(measure_reference(context.new_page(), f"{origin}/site/faq/"))
                context.close()
            browser.close()
            for name, url in measured.items():
                with tempfile.TemporaryDirectory(prefix="nr-profile-") as profile:
                    context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS)
                    context.add_init_script(OBSERVER)
                    page = context.new_page()
                    if not args.smoke:
                        measure(page, url)  # fill the cache
                    for _ in range(args.runs):
                        results[name]["warm"].append(measure(page, url))
                    context.close()
        if not args.no_stored:
            stored_startup(root, args, origin)
        httpd.shutdown()
        if args.smoke:
            results["today"], fetched["today"] = results["worksheet"], fetched["worksheet"]
        sizes = {name: first_visit_bytes(root, origin, fetched[name]) for name in urls}
        offline_sizes = {name: precache_bytes(root / folder) for name, folder in (("worksheet", "site"), ("today", "old"))}

    print(f"Worksheet start-up, median of {args.runs} runs "
          f"({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} cores, "
          f"Chromium headless)\n")
    head = f"{'':28}{'worksheet':>12}{'bare Pyodide':>14}{'ratio':>8}{'goal':>10}{'today':>10}{'ratio':>7}"
    print(head)
    print("-" * len(head))
    for cache in ("cold", "warm"):
        ws, bare_rows, today = results["worksheet"][cache], results["bare"][cache], results["today"][cache]
        form_ws, form_bare = median(ws, "fcp"), median(bare_rows, "fcp")
        ready_ws, ready_bare = median(ws, "ready"), median(bare_rows, "ready")
        tbt_ws, tbt_bare = median(ws, "tbt"), median(bare_rows, "tbt")
        ratio = ready_ws / ready_bare
        typeable = all(r["typeable"] for r in ws)
        print(f"{'form typeable (' + cache + ')':28}{form_ws / 1000:>11.2f}s{form_bare / 1000:>13.2f}s{'':>8}"
              f"{'<= 0.3 s':>10}{'' if typeable else '  (field missing or disabled!)'}")
        print(f"{'Python ready (' + cache + ')':28}{ready_ws / 1000:>11.2f}s{ready_bare / 1000:>13.2f}s"
              f"{ratio:>8.2f}{'<= 0.9':>10}{median(today, 'ready') / 1000:>9.2f}s"
              f"{median(today, 'ready') / ready_bare:>7.2f}")
        print(f"{'blocking time (' + cache + ')':28}{tbt_ws:>10.0f}ms{tbt_bare:>12.0f}ms{'':>8}{'<= 100 ms':>10}")
    print(f"\nFor scale: a plain guidance page (FAQ, Material only) blocks the main thread for "
          f"{statistics.median(reference):.0f} ms (cold); the worksheet's own script start-up takes "
          f"{median(results['worksheet']['cold'], 'init'):.0f} ms cold, "
          f"{median(results['worksheet']['warm'], 'init'):.0f} ms warm.")
    for cache in ("cold", "warm"):
        ws = results["worksheet"][cache]
        print(f"Blocking time until the first drafts, plan and insights are on the page ({cache}): "
              f"{median(ws, 'tbtShown'):.0f} ms.")
    for cache in ("cold", "warm"):
        ws, bare_rows = results["worksheet"][cache], results["bare"][cache]
        print(f"Worker created at ({cache}): worksheet {median(ws, 'created'):.0f} ms; its thread is up at "
              f"{median(ws, 'workerUp'):.0f} ms; its boot starts at: worksheet {median(ws, 'bootStart'):.0f} ms, bare "
              f"{median(bare_rows, 'bootStart'):.0f} ms; loadPyodide takes: worksheet {median(ws, 'runtime'):.0f} ms, "
              f"bare {median(bare_rows, 'runtime'):.0f} ms (of which importing pyodide.mjs: "
              f"worksheet {median(ws, 'loaderImport'):.0f} ms).")
    for cache in ("cold", "warm"):
        for name in ("worksheet", "today"):
            ws = results[name][cache]
            print(f"{'Worksheet' if name == 'worksheet' else 'Today' + chr(39) + 's page'} ({cache}): loadPyodide "
                  f"{median(ws, 'runtime'):.0f} ms, waiting for the wheel {median(ws, 'waitWheel'):.0f} ms, "
                  f"unpacking it {median(ws, 'unpack'):.0f} ms, importing the package {median(ws, 'import'):.0f} ms.")
    print("\nFirst visit, bytes fetched until Python is ready (raw / gzip -6 per file):")
    for name in urls:
        raw, gz, count = sizes[name]
        print(f"  {name:10} {count:3} files  {raw / 1e6:6.2f} MB raw  {gz / 1e6:6.2f} MB gzip")
    print("Offline copy the service worker then downloads (every precached file, raw / gzip):")
    for name, (raw, gz, count) in offline_sizes.items():
        print(f"  {name:10} {count:3} files  {raw / 1e6:6.2f} MB raw  {gz / 1e6:6.2f} MB gzip")
    verdicts = []
    for cache in ("cold", "warm"):
        ws, bare_rows = results["worksheet"][cache], results["bare"][cache]
        verdicts.append(f"{cache}: form {'met' if median(ws, 'fcp') <= GOALS['form'] else 'MISSED'}, "
                        f"ratio {'met' if median(ws, 'ready') / median(bare_rows, 'ready') <= GOALS['ratio'] else 'MISSED'}, "
                        f"blocking {'met' if median(ws, 'tbt') <= GOALS['tbt'] else 'MISSED'}")
    print("\nGoals: " + "; ".join(verdicts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
