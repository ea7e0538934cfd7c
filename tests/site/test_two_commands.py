"""The README's serve command works in a fresh clone, and a second run redoes nothing.

`make test` itself is proven the same way by CI, which runs `.ci/run` (exactly `make test`)
in a fresh clone; running it again from inside the suite would recurse.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VIRTUAL_ENV"}}
    env["PATH"] = ":".join(p for p in env["PATH"].split(":") if "/.venv/" not in p)
    return env


def test_readme_names_both_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme and "make test" in readme
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("exec make test")


def test_make_serve_in_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            ["make", "serve", f"PORT={port}"], cwd=clone, env=_env(),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 900
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"make serve exited with {proc.returncode}:\n{log_path.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"site not served in time:\n{log_path.read_text()[-4000:]}")
                time.sleep(1)
        for path in ("worksheet/", "steps/reflect/", "checklist/"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as r:
                assert r.status == 200, path
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)

    again = subprocess.run(["make", "build"], cwd=clone, env=_env(), capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "pip install" not in again.stdout and "npm ci" not in again.stdout, again.stdout
