"""A static server for the built site that holds chosen files back, for real: the response
for a matching path is sent only after a delay (or, with ``None``, not until the test lets it
go). Used to test the worksheet while its main script or the Python runtime is still on its
way, as on a slow link."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

import pytest

from conftest import _QuietHandler


class _DelayingHandler(_QuietHandler):
    server: "SlowServer.HTTPServer"

    def do_GET(self):  # noqa: N802 - name from the base class
        path = self.path.split("?", 1)[0]
        for suffix, delay in list(self.server.delays.items()):
            if path.endswith(suffix):
                if delay == "missing":
                    self.send_error(404)
                    return
                if delay is None:
                    self.server.released.wait(timeout=300)
                else:
                    time.sleep(delay)
        super().do_GET()


class SlowServer:
    """``delays`` maps a path suffix to seconds (``None``: hold until :meth:`release`;
    ``"missing"``: answer 404).
    Change it between page loads; each request looks it up when it arrives."""

    class HTTPServer(http.server.ThreadingHTTPServer):
        daemon_threads = True
        delays: dict
        released: threading.Event

        def handle_error(self, request, client_address):
            pass  # a page that navigates away drops its held requests: expected here

    def __init__(self, directory: Path, delays: dict | None = None):
        handler = functools.partial(_DelayingHandler, directory=str(directory))
        self.httpd = self.HTTPServer(("127.0.0.1", 0), handler)
        self.httpd.delays = dict(delays or {})
        self.httpd.released = threading.Event()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def delays(self) -> dict:
        return self.httpd.delays

    def release(self) -> None:
        """Let every held request go, now and from now on."""
        self.httpd.delays.clear()
        self.httpd.released.set()

    def close(self) -> None:
        self.release()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def slow_server(site_dir):
    """A factory: ``slow_server({"assets/worksheet/app.js": 10})`` starts a server for the
    built site on its own origin (so its own, empty localStorage)."""
    servers = []

    def make(delays: dict | None = None) -> SlowServer:
        srv = SlowServer(site_dir, delays)
        servers.append(srv)
        return srv

    yield make
    for srv in servers:
        srv.close()
