"""The job-search record: dated activities derived from the entries, and its printable view."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given

from worksheet import codec, content, record

from strategies import ENGINE, documents
from builders import make_entry as _entry, make_doc as _doc

NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.timezone.utc)

ACME = _entry(
    "e-acme", company="Acme", role="Designer", interview_date="2026-03-04", stage="final", format="video",
    interviewers=[{"name": "Ana Silva", "title": "Head of Design"}, {"name": "Ben", "title": ""}, {"name": " ", "title": "x"}],
    decision_date="2026-03-20", news_via="email", thank_you__sent=True, thank_you__date="2026-03-05",
    feedback__requested=True, feedback__date="2026-03-21", feedback__said="More examples.",
    reapply_after="2026-09-20",
    record__applied_on="2026-02-10", record__contact_method="online", record__contact_person="Cleo Park",
    record__follow_up_1="2026-03-12", record__follow_up_2="2026-03-19", record__feedback_received="2026-03-25",
)
BOLT = _entry(
    "e-bolt", company="Bolt", role="Analyst", interview_date="2026-03-12", stage="first", format="phone",
    news_via="none", decision_date="2026-04-10", record__applied_on="2026-03-04", record__contact_method="agency",
)


def _rows(result):
    return [(a["date"], a["activity"], a["entry_id"]) for a in result["activities"]]


def test_every_activity_in_date_order():
    result = record.job_search_record(_doc(BOLT, ACME))
    assert _rows(result) == [
        ("2026-02-10", "applied", "e-acme"),
        # the same day: a fixed activity order (applied before interview), not entry order
        ("2026-03-04", "applied", "e-bolt"),
        ("2026-03-04", "interview", "e-acme"),
        ("2026-03-05", "thank_you", "e-acme"),
        ("2026-03-12", "interview", "e-bolt"),
        ("2026-03-12", "follow_up_1", "e-acme"),
        ("2026-03-19", "follow_up_2", "e-acme"),
        ("2026-03-20", "decision", "e-acme"),
        ("2026-03-21", "feedback_requested", "e-acme"),
        ("2026-03-25", "feedback_received", "e-acme"),
        ("2026-04-10", "decision", "e-bolt"),
        ("2026-09-20", "reapply", "e-acme"),
    ]
    assert result["undated"] == []
    assert result["first"] == "2026-02-10" and result["last"] == "2026-09-20"
    by = {(a["activity"], a["entry_id"]): a for a in result["activities"]}
    interview = by["interview", "e-acme"]
    assert interview == {
        "date": "2026-03-04", "activity": "interview", "label": "Interview", "details": "Final round",
        "employer": "Acme", "role": "Designer", "contact_person": "Ana Silva (Head of Design); Ben",
        "contact_method": "Video call", "entry_id": "e-acme",
    }
    assert by["applied", "e-acme"]["contact_person"] == "Cleo Park"
    assert by["applied", "e-acme"]["contact_method"] == "Online form or job site"
    assert by["applied", "e-bolt"]["contact_method"] == "Through an agency or recruiter"
    assert by["follow_up_1", "e-acme"]["label"] == "Follow-up sent"
    assert by["follow_up_2", "e-acme"]["label"] == "Second follow-up sent"
    assert by["follow_up_1", "e-acme"]["contact_person"] == "Cleo Park"  # the contact person first
    assert by["thank_you", "e-acme"]["contact_person"] == "Ana Silva; Ben"  # notes go to interviewers
    decision = by["decision", "e-acme"]
    assert (decision["label"], decision["contact_method"]) == ("Decision: rejected", "An email or letter")
    silent = by["decision", "e-bolt"]
    assert (silent["label"], silent["contact_method"], silent["contact_person"]) == ("Decision: no reply", "", "")
    assert by["interview", "e-bolt"]["contact_method"] == "Phone" and by["interview", "e-bolt"]["details"] == "First round"
    assert by["reapply", "e-acme"]["label"] == "Can apply again from"


def test_undated_facts_are_listed_apart_and_empty_entries_add_nothing():
    undated = _entry(
        "e-u", company="Cog", thank_you__sent=True, feedback__requested=True, feedback__said="No.",
        news_via="call", record__offer=False,
    )
    offer = _entry("e-o", role="Lead", interview_date="2026-05-01", decision_date="2026-05-09", news_via="call",
                   record__offer=True, record__contact_person="Dee")
    result = record.job_search_record(_doc(_entry("e-empty"), undated, offer))
    assert [(a["activity"], a["entry_id"]) for a in result["undated"]] == [
        ("interview", "e-u"), ("thank_you", "e-u"), ("feedback_requested", "e-u"),
        ("feedback_received", "e-u"), ("decision", "e-u"),
    ]
    assert all(a["date"] == "" for a in result["undated"])
    assert result["undated"][-1]["label"] == "Decision: rejected"
    assert result["undated"][-1]["contact_method"] == "A phone call"
    assert _rows(result) == [("2026-05-01", "interview", "e-o"), ("2026-05-09", "decision", "e-o")]
    offered = result["activities"][1]
    assert offered["label"] == "Decision: offer" and offered["contact_person"] == "Dee" and offered["employer"] == ""
    assert result["activities"][0]["contact_person"] == ""  # no interviewer named


def test_one_entry_only_and_an_empty_document():
    doc = _doc(ACME, BOLT)
    assert {a["entry_id"] for a in record.job_search_record(doc, "e-bolt")["activities"]} == {"e-bolt"}
    empty = record.job_search_record(_doc())
    assert empty == {"activities": [], "undated": [], "first": "", "last": ""}


def test_print_view_has_the_name_the_range_and_the_note():
    doc = _doc(ACME, BOLT)
    doc["settings"]["your_name"] = "  Sam Rivera "  # a setting another change adds; read if there
    view = record.print_view(doc, NOW)
    assert view["title"] == "My job-search record"
    assert view["name"] == "Sam Rivera"
    assert view["range_text"] == "Activities from 2026-02-10 to 2026-09-20"
    assert view["made_on"] == "2026-11-26"
    assert view["columns"] == [label for _, label in record.COLUMNS if label != "Entry id"]
    assert len(view["rows"]) == 12 and view["rows"][0][:4] == ["2026-02-10", "Applied", "", "Acme"]
    assert all(len(row) == len(view["columns"]) for row in view["rows"])
    assert view["undated_rows"] == []
    assert "country" in view["note"] and "office" in view["note"] and "Check what yours asks for" in view["note"]
    assert view["empty"] == ""
    json.dumps(view)  # what the page gets is plain JSON


def test_print_view_without_name_or_activities():
    doc = _doc()
    view = record.print_view(doc, NOW)
    assert view["name"] == "" and view["rows"] == [] and view["range_text"] == ""
    assert "Nothing dated yet" in view["empty"]
    doc["settings"]["your_name"] = 7  # whatever another version stored: never a crash
    assert record.print_view(doc, NOW)["name"] == ""
    undated = record.print_view(_doc(_entry("u", company="Cog")), NOW)
    assert undated["rows"] == [] and undated["undated_rows"][0][1] == "Interview" and undated["empty"]


def test_a_version_1_document_without_the_record_fields_still_loads():
    entry = {"id": "old", "created": "2026-01-01T09:00:00Z", "updated": "2026-01-01T09:00:00Z",
             "company": "Acme", "interview_date": "2026-01-05", "news_via": "email",
             "decision_date": "2026-01-12"}
    text = json.dumps({"schema": codec.SCHEMA, "version": 1, "entries": [entry], "settings": {}})
    doc = codec.loads(text)
    loaded = doc["entries"][0]
    assert "record" not in entry  # the old file had none of the new fields
    assert loaded["record"] == {
        "applied_on": "", "contact_method": "", "contact_person": "", "follow_up_1": "",
        "follow_up_2": "", "offer": False, "feedback_received": "",
    }
    assert _rows(record.job_search_record(doc)) == [("2026-01-05", "interview", "old"), ("2026-01-12", "decision", "old")]


def test_record_fields_are_in_the_form_source_once():
    keys = [f.key for f in content.all_fields()]
    for f in (*content.RECORD_FIELDS, *content.RECORD_FEEDBACK_FIELDS):
        assert keys.count(f.key) == 1 and f.key.startswith("record.")


@ENGINE
@given(documents())
def test_any_document_gives_an_ordered_record(doc):
    doc = codec.validate(doc)
    result = record.job_search_record(doc)
    keys = [(a["date"], record.ACTIVITY_ORDER[a["activity"]]) for a in result["activities"]]
    assert keys == sorted(keys) and all(a["date"] for a in result["activities"])
    assert all(a["date"] == "" for a in result["undated"])
    ids = {e["id"] for e in doc["entries"]}
    assert {a["entry_id"] for a in result["activities"] + result["undated"]} <= ids
    json.dumps(record.print_view(doc, NOW))


def test_the_page_gets_the_csv_and_the_print_view_through_the_one_door():
    from worksheet import api

    doc = _doc(ACME, BOLT)
    base = {"op": "export", "doc": doc, "entry_id": None, "now": "2026-11-26T09:30:00Z"}
    csv_out = api.handle(dict(base, format="csv"))
    assert csv_out["ok"] and csv_out["text"].startswith("\ufeffDate,Activity,")
    assert csv_out["filename"] == "next-round-job-search-record-2026-11-26.csv"
    printed = api.handle(dict(base, format="record"))
    assert printed["ok"] and printed["record"] == record.print_view(doc, NOW)


def test_the_decision_names_who_told_you_when_the_document_has_it():
    told = _entry("t", company="Acme", news_via="call", decision_date="2026-02-02", record__contact_person="Cleo")
    told["news_from"] = {"name": " Dana Reyes ", "email": "dana@example.org"}  # schema 2 (drafts work)
    odd = _entry("o", company="Bolt", news_via="email", decision_date="2026-02-03")
    odd["news_from"] = "not an object"
    rec = record.job_search_record(_doc(told, odd, validate=False))
    decisions = [a["contact_person"] for a in rec["activities"] if a["activity"] == "decision"]
    assert decisions == ["Dana Reyes", ""]
