"""The worksheet's side of the Web Worker bridge: the only module that touches Pyodide.

The worker (``docs/assets/worksheet/worker.js``) unpacks this package's wheel, imports this
module and calls ``handle_json`` with one JSON request string per message. Everything else
in the package is plain Python; this module only turns text into a request and a response
back into text, so nothing crosses the boundary but strings.
"""

from __future__ import annotations

import json
import sys

from . import api


def handle_json(text: str) -> str:
    """Run one request (a JSON object as text) through ``api.handle``; return JSON text."""
    try:
        request = json.loads(text)
    except ValueError as exc:
        response = {"ok": False, "error": {"code": "bad_request",
                                           "message": f"The page sent a request that is not JSON ({exc}).",
                                           "path": ""}}
    else:
        response = api.handle(request)
    return json.dumps(response, ensure_ascii=False)


def runtime() -> str:
    """A short description of the runtime, shown in the page's status line for support."""
    try:
        import pyodide  # only present inside Pyodide

        where = f"Pyodide {pyodide.__version__}"
    except ImportError:  # pragma: no cover - plain CPython (tests)
        where = "CPython"
    return f"Python {sys.version.split()[0]} on {where}"
