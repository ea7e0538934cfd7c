"""The test servers for the cross-engine tests.

``ProbeServer`` serves the built site like ``conftest.StaticServer`` and also:

- puts ``<script src="/__nr-probe.js">`` right after each page's CSP meta tag (the probe is a
  same-origin file, which the site's ``script-src 'self'`` allows), and collects what the probe
  reports (script errors, rejections, CSP violations, worker errors, failed and foreign loads);
- logs every request it answers (method, path, Host header);
- serves ``/__nr-check/``: a page that makes one of each fault on purpose, so a test can show
  that the recorders would catch them.

``Trap`` is where every browser's proxy points: loopback is exempt, so the site itself is
reached directly, and any request for another origin lands here and is recorded, never sent on.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import socketserver
import threading
from pathlib import Path
from urllib.parse import urlsplit

from conftest import StaticServer
from slow_server import SlowServer, _DelayingHandler

HERE = Path(__file__).resolve().parent

PROBE_PATH = "/__nr-probe.js"
REPORT_PATH = "/__nr-probe/report"
CHECK_PATH = "/__nr-check/"
# A host that can only be reached through the proxy (.invalid never resolves).
LEAK_URL = "http://nr-leak.invalid/pixel.png"
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)
PROBE_TAG = f'<script src="{PROBE_PATH}"></script>'

# One of each fault: a foreign image (allowed by this page's CSP, so only the proxy stops it),
# an inline script without a hash (a CSP violation), an uncaught error and a rejection.
CHECK_HTML = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src *; script-src 'self'">
<title>Recorder check</title></head>
<body><h1>Recorder check</h1>
<img src="{LEAK_URL}" alt="">
<script>document.title = "inline script ran";</script>
<script src="{CHECK_PATH}faults.js"></script>
</body></html>
"""
CHECK_JS = """setTimeout(() => { throw new Error("nr-check: an uncaught error"); }, 0);
Promise.reject(new Error("nr-check: an unhandled rejection"));
document.body.dataset.checked = "yes";
"""


class ProbeHandler(_DelayingHandler):  # held files wait, as in slow_server.py
    server: "_Server"

    def log_request(self, code="-", size="-"):
        self.server.owner.requests.append((self.command, self.path, self.headers.get("Host", ""), int(code) if str(code).isdigit() else 0))

    def _send(self, body: bytes, content_type: str) -> None:
        # Headers as the plain static server sends them (a no-store here would make Firefox
        # refuse to prefetch the page's rel=next link, a fault of the test server, not the site).
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def guess_type(self, path):
        if str(path).endswith(".wasm"):
            return self.server.owner.wasm_type
        return super().guess_type(path)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if urlsplit(self.path).path == REPORT_PATH:
            try:
                self.server.owner.reports.append(json.loads(body))
            except ValueError:
                self.server.owner.reports.append({"kind": "unreadable", "detail": repr(body[:200]), "page": ""})
            self.send_response(204)
            self.end_headers()
        else:
            self.send_error(405)

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == PROBE_PATH:
            return self._send((HERE / "probe.js").read_bytes(), "text/javascript")
        if path == CHECK_PATH:
            return self._send(self._with_probe(CHECK_HTML).encode(), "text/html; charset=utf-8")
        if path == CHECK_PATH + "faults.js":
            return self._send(CHECK_JS.encode(), "text/javascript")
        local = Path(self.translate_path(self.path))
        if local.is_dir() and path.endswith("/"):
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            return self._send(self._with_probe(local.read_text(encoding="utf-8")).encode(), "text/html; charset=utf-8")
        return super().do_GET()

    do_HEAD = do_GET

    @staticmethod
    def _with_probe(html: str) -> str:
        match = CSP_META.search(html)
        if match is None:  # every page of the site has one; say so loudly if not
            raise AssertionError("a page without a CSP meta tag")
        return html[: match.end()] + PROBE_TAG + html[match.end():]


class _Server(SlowServer.HTTPServer):
    owner: "ProbeServer"


class ProbeServer(StaticServer):
    """The site at the root of ``http://127.0.0.1:<port>/``, with the probe in every page."""

    def __init__(self, directory: Path, *, wasm_type: str = "application/wasm"):
        self.requests: list[tuple[str, str, str, int]] = []
        self.reports: list[dict] = []
        self.wasm_type = wasm_type
        handler = functools.partial(ProbeHandler, directory=str(directory))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.httpd.owner = self
        self.httpd.delays = {}
        self.httpd.released = threading.Event()
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.url = self.origin + "/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @contextlib.contextmanager
    def holding(self, suffix: str):
        """Requests for paths ending in ``suffix`` wait until the block ends (slow_server.py's
        mechanism), as on a slow link: e.g. the wheel, so Python cannot be ready meanwhile."""
        self.httpd.released = threading.Event()
        self.httpd.delays[suffix] = None
        try:
            yield
        finally:
            self.httpd.delays.pop(suffix, None)
            self.httpd.released.set()

    def reset(self) -> None:
        self.requests.clear()
        self.reports.clear()

    def findings(self) -> list[dict]:
        return list(self.reports)

    def odd_requests(self) -> list[tuple[str, str, str, int]]:
        """Requests answered with an error, or that came under another host name."""
        host = f"127.0.0.1:{self.port}"
        return [r for r in self.requests if r[2] != host or r[3] >= 400]


class _TrapHandler(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            line = self.rfile.readline(4096).decode("latin-1").strip()
        except OSError:
            return
        if line:
            self.server.owner.hits.append(line)
        try:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        except OSError:
            pass


class _TrapServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: "Trap"


class Trap:
    """A proxy that forwards nothing: it records the request line of every connection
    (``GET http://host/path HTTP/1.1`` or ``CONNECT host:443 HTTP/1.1``) and answers 502."""

    def __init__(self):
        self.hits: list[str] = []
        self.server = _TrapServer(("127.0.0.1", 0), _TrapHandler)
        self.server.owner = self
        self.port = self.server.server_address[1]
        self.address = f"127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Trap":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

