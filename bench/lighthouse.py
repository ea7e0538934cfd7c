"""Lighthouse scores and transferred bytes for the home page, one step page and the worksheet.

    .venv/bin/python bench/lighthouse.py [--site DIR] [--against DIR] [--pages worksheet] [--runs N] [--desktop] [--smoke]

Builds the site (``mkdocs build --strict`` into a temp dir) unless ``--site`` names a built
one, serves it on 127.0.0.1 the way a static host would (the build's ``_headers`` applied,
gzip for text files), and runs the pinned Lighthouse (node_modules/.bin/lighthouse, mobile
form factor with its default simulated throttling unless --desktop) against each page in
headless Chromium. Prints the four category scores, the bytes transferred, and the paint
timings of each page (median of --runs). ``--against`` measures a second built site (e.g. one
built before a change) in the same run, interleaved, and prints its rows beside this one's.
A bench, not a test: it prints figures.

``--smoke`` (what the test suite runs) does everything but run Lighthouse, which takes a
minute a page on the 2-core machine: it checks that the pinned Lighthouse answers with its
version, serves the site as above, and requests each page as Lighthouse would (gzip), checking
it answers 200 with the build's CSP header. No figures.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nextround_site import hosting  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
PAGES = {"home": "", "step (reflect)": "steps/reflect/", "worksheet": "worksheet/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".wasm")
TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".whl": "application/zip", ".json": "application/json"}


def gzipped(path: Path) -> bytes:
    """A file as a static host sends it: gzip level 6."""
    return gzip.compress(path.read_bytes(), compresslevel=6)


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the build's _headers applied and gzip for text, like a static host."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    rules: list = []
    compressed: dict = {}  # path -> gzip bytes, made before any page is measured (see serve)

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_head(self):
        url = self.path.split("?", 1)[0].split("#", 1)[0]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not url.endswith("/"):
                return super().send_head()  # the base class redirects to the slash URL
            path = os.path.join(path, "index.html")
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        body = self.compressed.get(os.path.realpath(path)) or gzipped(Path(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        url = self.path.split("?", 1)[0]
        for name, values in hosting.headers_for(self.rules, url).items():
            if name != "Content-Type":
                self.send_header(name, ", ".join(values))
        super().end_headers()


def build(dest: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "--quiet",
                    "--site-dir", str(dest)], cwd=ROOT, env=env, check=True)
    return dest


def serve(site: Path):
    rules = hosting.parse((site / "_headers").read_text(encoding="utf-8"))
    # Compressed once, before any run, as a static host or CDN keeps them: compressing the
    # 9.6 MB WebAssembly file per request took a core of this 2-core machine away from the
    # browser being measured, while the page was starting.
    compressed = {os.path.realpath(f): gzipped(f) for f in site.rglob("*")
                  if f.is_file() and f.name.endswith(COMPRESSIBLE)}
    handler = type("Handler", (HostHandler,), {"rules": rules, "compressed": compressed})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def lighthouse(url: str, desktop: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="nr-lh-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
        if desktop:
            cmd.append("--preset=desktop")
        subprocess.run(cmd, env=dict(os.environ, CHROME_PATH=CHROMIUM), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    failing = [
        f"{ref['id']} ({audits[ref['id']].get('displayValue', '') or audits[ref['id']]['score']})"
        for cat in report["categories"].values() for ref in cat["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 0.9
    ]
    return {
        **{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "failing": failing,
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex", 0),
    }


def smoke(site: Path, pages: list[str]) -> None:
    """Everything but Lighthouse itself: its binary, the host, the pages (see the docstring)."""
    import urllib.request

    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["lighthouse"]
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if version != pinned.lstrip("^~="):
        raise SystemExit(f"node_modules has Lighthouse {version}, package.json pins {pinned}")
    host = serve(site)
    try:
        base = f"http://127.0.0.1:{host.server_address[1]}/"
        for name in pages:
            request = urllib.request.Request(base + PAGES[name], headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=60) as response:
                body = gzip.decompress(response.read())
                if not (response.headers.get("Content-Encoding") == "gzip" and b"<html" in body
                        and "script-src" in response.headers.get("Content-Security-Policy", "")):
                    raise SystemExit(f"{name}: not served as a static host would ({dict(response.headers)})")
            print(f"{name:<28}served: {len(body) / 1024:.0f} KiB, gzip, with its CSP header")
    finally:
        host.shutdown()
    print(f"Lighthouse {version} is installed; smoke run only: no figures")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--against", type=Path, help="another built site (e.g. before a change): "
                        "each page is measured on both, runs interleaved, rows side by side")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated page names")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is printed")
    parser.add_argument("--desktop", action="store_true", help="desktop preset instead of mobile")
    parser.add_argument("--smoke", action="store_true", help="check the script, the pinned Lighthouse and the served pages without running Lighthouse (the test suite runs it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nr-lh-site-") as tmp:
        if args.smoke:
            smoke(args.site or build(Path(tmp) / "site"), args.pages.split(","))
            return
        sites = {"": args.site or build(Path(tmp) / "site")}
        if args.against:
            sites = {"this build": sites[""], "against": args.against}
        hosts = {label: serve(site) for label, site in sites.items()}
        bases = {label: f"http://127.0.0.1:{h.server_address[1]}/" for label, h in hosts.items()}
        print(f"Lighthouse 12.2.3, {'desktop' if args.desktop else 'mobile (simulated slow 4G, 4x CPU)'}, "
              f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
              f"median of {args.runs}")
        print(f"{'page':<28}{'perf':>5}{'a11y':>5}{'bp':>5}{'seo':>5}{'KB sent':>9}{'FCP ms':>8}{'LCP ms':>8}{'TBT ms':>8}")
        for name in args.pages.split(","):
            path = PAGES[name]
            runs: dict[str, list] = {label: [] for label in sites}
            for _ in range(args.runs):
                for label in sites:  # interleaved, so both see the same machine
                    runs[label].append(lighthouse(bases[label] + path, args.desktop))
            load = os.getloadavg()[0]
            for label, measured in runs.items():
                med = {k: statistics.median(r[k] for r in measured) for k in measured[0] if k != "failing"}
                row = f"{name} ({label})" if label else name
                print(f"{row:<28}{med['performance']:>5.0f}{med['accessibility']:>5.0f}{med['best-practices']:>5.0f}"
                      f"{med['seo']:>5.0f}{med['bytes'] / 1024:>9.0f}{med['fcp_ms']:>8.0f}{med['lcp_ms']:>8.0f}{med['tbt_ms']:>8.0f}")
                tbts = ", ".join(f"{r['tbt_ms']:.0f}" for r in measured)
                print(f"{'':<28}TBT per run {tbts} ms; CPU benchmark index {med['benchmark_index']:.0f}")
                below = sorted({f for r in measured for f in r["failing"]})
                if below:
                    print(f"{'':<28}below 0.9: {', '.join(below)}")
            print(f"{'':<28}host load average {load:.1f}")
        for h in hosts.values():
            h.shutdown()


if __name__ == "__main__":
    main()
