"""The entry model: templates, dotted keys, derived status and title."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from worksheet import codec, content, model
from worksheet.errors import WorksheetError

from strategies import ENGINE, entries

NOW = "2026-11-26T10:00:00Z"


def test_new_entry_has_every_content_field_with_its_empty_value():
    entry = model.new_entry("e1", NOW)
    assert entry["id"] == "e1" and entry["created"] == NOW and entry["updated"] == NOW
    assert entry["plan_done"] == {}
    for f in content.all_fields():
        node = entry
        for part in f.key.split("."):
            node = node[part]
        expected = {"rating": None, "check": False, "list": []}.get(f.kind, "")
        assert node == expected, f.key
    assert entry["reflection"]["ratings"]["answers"] is None
    assert entry["thank_you"]["sent"] is False


def test_new_entry_and_empty_document_are_valid_and_json_compatible():
    doc = model.empty_document()
    doc["entries"].append(model.new_entry("e1", NOW))
    assert json.loads(json.dumps(doc)) == doc
    assert codec.validate(doc) == doc
    assert model.empty_document() == {
        "schema": "next-round-worksheet", "version": 2, "entries": [],
        "settings": {"active_entry": "", "edits_since_export": 0, "last_export": "", "your_name": ""},
    }


def test_new_entries_do_not_share_mutable_parts():
    a, b = model.new_entry("a", NOW), model.new_entry("b", NOW)
    a["interviewers"].append({"name": "X", "title": ""})
    a["reflection"]["ratings"]["answers"] = 3
    assert b["interviewers"] == [] and b["reflection"]["ratings"]["answers"] is None


def test_get_and_set_by_dotted_key():
    entry = model.new_entry("e1", NOW)
    model.set_value(entry, "reflection.ratings.nerves", 4)
    assert entry["reflection"]["ratings"]["nerves"] == 4
    assert model.get_value(entry, "reflection.ratings.nerves") == 4
    assert model.set_value(entry, "company", "Acme") is entry
    assert model.get_value(entry, "company") == "Acme"


def test_get_returns_empty_for_missing_parts_and_set_creates_parents():
    entry = {"id": "x"}
    assert model.get_value(entry, "reflection.ratings.answers") is None
    assert model.get_value(entry, "interviewers") == []
    model.set_value(entry, "feedback.said", "Be more specific")
    assert entry == {"id": "x", "feedback": {"said": "Be more specific"}}
    entry["mindset"] = "broken"
    model.set_value(entry, "mindset.story", "s")
    assert entry["mindset"] == {"story": "s"}


@pytest.mark.parametrize("key", ["nope", "reflection", "reflection.ratings", "id"])
def test_unknown_keys_are_refused(key):
    with pytest.raises(WorksheetError) as info:
        model.get_value({}, key)
    assert info.value.code == "bad_request" and info.value.path == key
    with pytest.raises(WorksheetError):
        model.set_value({}, key, "x")


@pytest.mark.parametrize(
    ("news", "status"),
    [("call", "Rejected"), ("email", "Rejected"), ("none", "No reply"), ("waiting", "Waiting"), ("", "Waiting")],
)
def test_status_is_derived_from_how_the_news_came(news, status):
    entry = model.new_entry("e", NOW)
    entry["news_via"] = news
    assert model.entry_status(entry) == status


@pytest.mark.parametrize("news", ["call", "email", "none", "waiting", ""])
def test_an_offer_is_an_offer_however_the_news_came(news):
    entry = model.new_entry("e", NOW)
    entry["news_via"] = news
    entry["record"]["offer"] = True
    assert model.entry_status(entry) == "Offer"


@pytest.mark.parametrize(
    ("news", "offer", "outcome"),
    [("call", False, "rejected"), ("email", False, "rejected"), ("none", False, "silence"),
     ("waiting", False, "waiting"), ("", False, "waiting"), ("none", True, "offer")],
)
def test_the_outcome_has_one_owner_and_the_status_names_it(news, offer, outcome):
    entry = model.new_entry("e", NOW)
    entry["news_via"], entry["record"]["offer"] = news, offer
    assert model.entry_outcome(entry) == outcome
    assert model.entry_status(entry) == model.STATUS_OF_OUTCOME[outcome]


def test_an_entry_missing_its_parts_is_waiting():
    assert model.entry_outcome({"id": "e"}) == "waiting"
    assert model.entry_outcome({"id": "e", "record": "odd", "news_via": None}) == "waiting"


@pytest.mark.parametrize(
    ("company", "role", "date", "title"),
    [
        ("Acme", "Designer", "", "Designer at Acme"),
        (" Acme ", "", "2026-01-02", "Acme"),
        ("", "Designer", "", "Designer"),
        ("", "", "2026-01-02", "Interview on 2026-01-02"),
        ("  ", "", "", "Untitled interview"),
    ],
)
def test_title(company, role, date, title):
    entry = model.new_entry("e", NOW)
    entry.update(company=company, role=role, interview_date=date)
    assert model.entry_title(entry) == title


def test_empty_item_and_interviewer_names():
    assert model.empty_item(model.FIELDS_BY_KEY["interviewers"]) == {
        "name": "", "greeting": "", "title": "", "email": "", "topic": ""}
    assert model.empty_item(model.FIELDS_BY_KEY["reflection.went_well"]) == ""
    with pytest.raises(WorksheetError):
        model.empty_item(model.FIELDS_BY_KEY["company"])
    entry = model.new_entry("e", NOW)
    entry["interviewers"] = [{"name": " Ana ", "title": "Lead"}, {"name": "", "title": "HR"}, {"name": "Bo", "title": ""}]
    assert model.interviewer_names(entry) == ["Ana", "Bo"]


def test_find_entry():
    doc = model.empty_document()
    doc["entries"].append(model.new_entry("e", NOW))
    assert model.find_entry(doc, "e")["id"] == "e"
    with pytest.raises(WorksheetError) as info:
        model.find_entry(doc, "missing")
    assert info.value.code == "bad_request"


@ENGINE
@given(entries())
def test_status_and_title_are_total(entry):
    assert model.entry_status(entry) in ("Rejected", "No reply", "Waiting", "Offer")
    assert isinstance(model.entry_title(entry), str) and model.entry_title(entry)


def test_new_entry_has_the_copy_and_set_aside_meta_keys_empty():
    entry = model.new_entry("e1", NOW)
    assert model.META_KEYS == ("id", "created", "updated", "plan_done", "copy_of", "set_aside")
    assert entry["copy_of"] is None and entry["set_aside"] == []
    other = model.new_entry("e2", NOW)
    entry["set_aside"].append({"key": "company", "label": "Company", "value": 3, "reason": "r", "when": NOW})
    assert other["set_aside"] == []
