"""WebKitWebDriver can take a request for a new session and never answer it (seen under load).
The WebKit driver then gives that driver process up after a short wait and starts another."""

from __future__ import annotations

import sys
import time

import pytest

from .driver import DriverError
from .webkit import WEBDRIVER, browser_options, start_session

pytestmark = pytest.mark.browser

# Stands in for WebKitWebDriver: the first ``stuck`` launches listen on their port and never
# answer (as the stuck driver did); every later launch is the real driver. Each launch adds a
# line to ``log``.
STUCK = """#!{python}
import http.server, os, sys, time
log = {log!r}
with open(log, "a") as f:
    f.write("launch\\n")
if sum(1 for _ in open(log)) <= {stuck}:
    class Stuck(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # /status: up and ready, so the service counts as started
            body = b'{{"value": {{"ready": true, "message": ""}}}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # the new session: never answered
            time.sleep(3600)

    port = int(sys.argv[sys.argv.index("-p") + 1])  # Selenium starts it with -p PORT
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Stuck).serve_forever()
os.execv({real!r}, [{real!r}] + sys.argv[1:])
"""


def fake_driver(folder, stuck: int):
    fake = folder / "WebKitWebDriver"
    log = folder / "launches"
    fake.write_text(STUCK.format(python=sys.executable, log=str(log), stuck=stuck, real=WEBDRIVER))
    fake.chmod(0o755)
    return str(fake), lambda: log.read_text().count("launch")


def test_a_session_request_that_is_never_answered_is_given_up_and_tried_again(tmp_path, xvfb_display, trap):
    fake, launches = fake_driver(tmp_path, stuck=1)
    start = time.monotonic()
    # 5 s each: the stuck attempt is given up after that; a real one takes 0.5 s here (and when
    # the real driver hangs too, as it sometimes does, it is simply tried again).
    wd = start_session(browser_options(trap.address), xvfb_display, executable=fake, timeout=5)
    try:
        took = time.monotonic() - start
        assert launches() >= 2  # the stuck one, then the real driver
        assert took >= 5, took  # the stuck attempt was waited for, then given up
        assert wd.execute_script("return 6 * 7;") == 42
    finally:
        wd.quit()


def test_a_driver_that_never_answers_fails_with_every_attempt_named(tmp_path, xvfb_display, trap):
    fake, launches = fake_driver(tmp_path, stuck=99)
    with pytest.raises(DriverError, match="no session after 2 attempts") as caught:
        start_session(browser_options(trap.address), xvfb_display, executable=fake, timeout=2, attempts=2)
    assert launches() == 2
    assert str(caught.value).count("Timeout") >= 2, caught.value
