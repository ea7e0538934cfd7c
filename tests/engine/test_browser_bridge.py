"""worksheet.browser: the JSON door the Web Worker calls (run here in CPython)."""

from __future__ import annotations

import json


def test_browser_bridge_round_trips_json():
    from worksheet import browser

    out = json.loads(browser.handle_json(json.dumps({"op": "open", "text": None})))
    assert out["ok"] is True and out["doc"]["entries"] == []
    bad = json.loads(browser.handle_json("{not json"))
    assert bad["ok"] is False and bad["error"]["code"] == "bad_request"
    assert browser.runtime().startswith("Python ")
