"""Every bench in ``bench/`` still runs: each one's ``--smoke`` mode, once, as its own process.

A change that breaks a bench (a renamed module, a new schema field, a moved page) fails here
instead of on the day someone wants the figures. The figures themselves are not checked: a
smoke run measures too little to mean anything, and timing goals live in ``bench/``, not in
tests. The benches that need a built site get the session's (``--site``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
BENCHES = sorted(p.name for p in (ROOT / "bench").glob("*.py"))
#: What each smoke run prints when it got to the end, and whether it needs the built site.
SMOKE = {
    "browsers.py": ("| Chromium", True),
    "checklist_pdf.py": ("render a4", False),
    "engine.py": ("Python 3.14", False),  # both runs: in Pyodide (Node), then in CPython
    "lighthouse.py": ("smoke run only", True),
    "offline.py": ("goal: Python ready", True),
    "phone.py": ("controls before the first note", True),
    "reading_ease.py": ("Core path", True),
    "worksheet.py": ("Goals:", True),
}


def test_every_bench_has_a_smoke_run_here():
    assert BENCHES == sorted(SMOKE)


@pytest.mark.parametrize("bench", BENCHES)
def test_the_bench_runs(bench, request):
    expected, needs_site = SMOKE[bench]
    cmd = [sys.executable, str(ROOT / "bench" / bench), "--smoke"]
    if needs_site:
        cmd += ["--site", str(request.getfixturevalue("site_dir"))]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert expected in result.stdout, result.stdout[-3000:]
