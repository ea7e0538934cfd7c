"""compute: everything the page shows for one entry, through api.handle as the page calls it."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given

from worksheet import api, codec, compute, drafts, model

from strategies import ENGINE, documents

NOW = "2026-11-26T10:00:00Z"


def _doc():
    doc = model.empty_document()
    a = model.new_entry("a", NOW)
    a.update(company="Acme", role="Chef", interview_date="2026-03-04", news_via="email", decision_date="2026-03-09")
    a["reflection"]["ratings"]["answers"] = 1
    b = model.new_entry("b", NOW)
    b.update(company="Bolt", interview_date="2026-03-02", news_via="none")
    doc["entries"] += [a, b]
    return codec.validate(doc)


def test_compute_result_has_the_contract_shape():
    doc = _doc()
    result = compute.compute(doc, "a", dt.date(2026, 3, 10))
    assert set(result) == {"status", "title", "drafts", "drafts_not_offered", "plan", "insights", "chart_svg"}
    assert result["status"] == "Rejected" and result["title"] == "Chef at Acme"
    assert [d["kind"] for d in result["drafts"]] == list(drafts.OFFERED["Rejected"])
    assert result["drafts_not_offered"] == drafts.offer(doc["entries"][0])["not_offered"]
    assert {"thank_you", "feedback", "practise_answers", "reapply"} <= {p["id"] for p in result["plan"]}
    assert set(result["insights"]) == {"entries", "lines", "stages", "weak_areas", "themes", "pattern", "reapply",
                                       "outcomes", "answer_days", "recurring_questions", "normal", "chart_note"}
    assert result["insights"]["entries"] == 2
    assert result["chart_svg"].startswith("<svg")


def test_drafts_are_signed_with_the_documents_your_name():
    doc = _doc()
    doc["settings"]["your_name"] = "Sam Lee"
    result = compute.compute(doc, "b", dt.date(2026, 3, 10))
    assert [d["kind"] for d in result["drafts"]] == ["thank_you", "follow_up_1", "follow_up_2", "move_on"]
    assert all(d["body"].endswith("\nSam Lee") for d in result["drafts"] if d["email"])


def test_compute_through_handle_is_json_and_never_an_error_for_valid_input():
    doc = _doc()
    result = api.handle({"op": "compute", "doc": doc, "entry_id": "b", "today": "2026-03-10"})
    assert result["ok"] is True
    assert json.loads(json.dumps(result)) == result
    assert result["status"] == "No reply"
    assert "follow_up_1" in {p["id"] for p in result["plan"]}


def test_compute_request_errors():
    doc = _doc()
    base = {"op": "compute", "doc": doc, "entry_id": "a", "today": "2026-03-10"}
    for change, path in [({"entry_id": "zzz"}, "entry_id"), ({"entry_id": None}, "entry_id"),
                         ({"today": "10/03/2026"}, "today"), ({"today": "2026-02-30"}, "today"),
                         ({"today": 5}, "today"), ({"today": ""}, "today"), ({"doc": "x"}, "doc")]:
        result = api.handle(dict(base, **change))
        assert result["ok"] is False and result["error"]["code"] == "bad_request", change
        assert result["error"]["path"] == path
    bad = json.loads(json.dumps(doc))
    bad["entries"][0]["reflection"]["ratings"]["answers"] = 0
    result = api.handle(dict(base, doc=bad))
    assert result["error"]["code"] == "invalid" and result["error"]["path"] == "doc.entries[0].reflection.ratings.answers"


@ENGINE
@given(documents(max_entries=3))
def test_compute_works_for_every_entry_of_any_valid_document(doc):
    for entry in doc["entries"]:
        result = api.handle({"op": "compute", "doc": doc, "entry_id": entry["id"], "today": "2026-11-26"})
        assert result["ok"] is True, result
        json.dumps(result)
    for fmt in ("json", "markdown"):
        result = api.handle({"op": "export", "doc": doc, "format": fmt, "entry_id": None, "now": NOW})
        assert result["ok"] is True, result


def test_lone_surrogates_from_javascript_do_not_break_any_operation():
    # JSON.stringify writes a lone surrogate as \\udXXX; json.loads gives it back as is.
    text = '{"schema":"next-round-worksheet","version":1,"entries":[{"id":"a","company":"x\\ud800y",' \
           '"role":"\\udfff","interview_date":"2026-03-04","news_via":"none",' \
           '"reflection":{"ratings":{"answers":2},"questions":[{"question":"\\ud83d why us","how_it_went":""}]}}]}'
    opened = api.handle({"op": "open", "text": text})
    assert opened["ok"] is True and opened["doc"]["entries"][0]["company"] == "x\ud800y"
    doc = opened["doc"]
    assert api.handle({"op": "compute", "doc": doc, "entry_id": "a", "today": "2026-03-10"})["ok"] is True
    for fmt in ("json", "markdown", "ics"):
        assert api.handle({"op": "export", "doc": doc, "format": fmt, "entry_id": "a", "now": NOW})["ok"] is True
