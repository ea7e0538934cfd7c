"""Storage codec: strict validation, migrations, newer versions, lossless round trip."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worksheet import codec, model
from worksheet.errors import NewerVersionError, UnreadableError, ValidationError, WorksheetError

from strategies import ENGINE, documents, json_values, migration_chains, mutated_documents

NOW = "2026-11-26T10:00:00Z"


def _doc(**entry_fields):
    doc = model.empty_document()
    entry = model.new_entry("e1", NOW)
    entry.update(entry_fields)
    doc["entries"].append(entry)
    return doc


def _error(doc) -> WorksheetError:
    with pytest.raises(WorksheetError) as info:
        codec.validate(doc)
    return info.value


# --- round trip --------------------------------------------------------------------------


@ENGINE
@given(documents())
def test_round_trip_is_lossless_for_any_valid_document(doc):
    text = codec.dumps(doc)
    assert codec.loads(text) == doc
    assert codec.dumps(codec.loads(text)) == text


def test_round_trip_keeps_whitespace_unicode_emoji_and_rtl():
    tricky = "  مرحبا 👩🏽‍💻\r\n\tשלום e\u0301 \u202e  "
    doc = _doc(company=tricky, notes="\n\n", interviewers=[{"name": "Zoë 🙂", "greeting": "", "title": " ", "email": "", "topic": ""}])
    text = codec.dumps(doc)
    assert "👩🏽‍💻" in text  # written as is, not escaped
    back = codec.loads(text)
    assert back["entries"][0]["company"] == tricky
    assert back == doc


def test_missing_optional_keys_are_filled_with_empty_defaults():
    doc = {"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION,
           "entries": [{"id": "a", "company": "Acme", "reflection": {"ratings": {"answers": 2}}}]}
    clean = codec.validate(doc)
    entry = clean["entries"][0]
    assert entry["company"] == "Acme" and entry["reflection"]["ratings"]["answers"] == 2
    assert entry["reflection"]["ratings"]["nerves"] is None
    assert entry["reflection"]["questions"] == [] and entry["thank_you"]["sent"] is False
    assert entry["created"] == "" and entry["plan_done"] == {}
    assert clean["settings"] == model.empty_settings()
    expected = model.new_entry("a", "")
    expected["company"] = "Acme"
    expected["reflection"]["ratings"]["answers"] = 2
    assert entry == expected
    # and list items get their missing parts filled
    doc["entries"][0]["interviewers"] = [{"name": "Ana"}]
    assert codec.validate(doc)["entries"][0]["interviewers"] == [{"name": "Ana", "greeting": "", "title": "", "email": "", "topic": ""}]


def test_validate_does_not_mutate_its_input():
    doc = {"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": [{"id": "a"}]}
    before = copy.deepcopy(doc)
    codec.validate(doc)
    assert doc == before


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "path", "words"),
    [
        (lambda e: e.update(company=3), "entries[0].company", "text"),
        (lambda e: e.update(interview_date="2026-02-30"), "entries[0].interview_date", "not a real calendar date"),
        (lambda e: e.update(interview_date="26/02/2026"), "entries[0].interview_date", "year-month-day"),
        (lambda e: e.update(interview_date="2026-1-5"), "entries[0].interview_date", "year-month-day"),
        (lambda e: e.update(decision_date=20260101), "entries[0].decision_date", "a date must be text"),
        (lambda e: e["reflection"]["ratings"].update(answers=6), "entries[0].reflection.ratings.answers", "from 1 to 5"),
        (lambda e: e["reflection"]["ratings"].update(answers=0), "entries[0].reflection.ratings.answers", "from 1 to 5"),
        (lambda e: e["reflection"]["ratings"].update(answers=2.5), "entries[0].reflection.ratings.answers", "whole number"),
        (lambda e: e["reflection"]["ratings"].update(answers=True), "entries[0].reflection.ratings.answers", "whole number"),
        (lambda e: e.update(stage="ceo"), "entries[0].stage", "not one of the options"),
        (lambda e: e.update(stage=None), "entries[0].stage", "options"),
        (lambda e: e["thank_you"].update(sent="yes"), "entries[0].thank_you.sent", "true or false"),
        (lambda e: e.update(interviewers={}), "entries[0].interviewers", "must be a list"),
        (lambda e: e.update(interviewers=["Ana"]), "entries[0].interviewers[0]", "must be an object"),
        (lambda e: e.update(interviewers=[{"name": 1}]), "entries[0].interviewers[0].name", "text"),
        (lambda e: e["reflection"].update(went_well=[1]), "entries[0].reflection.went_well[0]", "text"),
        (lambda e: e.update(actions=[{"text": "x", "due": "soon"}]), "entries[0].actions[0].due", "year-month-day"),
        (lambda e: e.update(actions=[{"done": 1}]), "entries[0].actions[0].done", "true or false"),
        (lambda e: e.update(reflection=[]), "entries[0].reflection", "must be an object"),
        (lambda e: e.update(created="yesterday"), "entries[0].created", "date and time"),
        (lambda e: e.update(updated=5), "entries[0].updated", "must be text"),
        (lambda e: e.update(plan_done=[]), "entries[0].plan_done", "object"),
        (lambda e: e.update(plan_done={"x": "yes"}), "entries[0].plan_done.x", "true or false"),
        (lambda e: e.update(id=""), "entries[0].id", "non-empty"),
        (lambda e: e.update(id=7), "entries[0].id", "non-empty"),
        (lambda e: e.pop("id"), "entries[0].id", "needs an id"),
    ],
)
def test_entry_errors_name_the_path_and_the_problem(mutate, path, words):
    doc = _doc()
    mutate(doc["entries"][0])
    err = _error(doc)
    assert isinstance(err, ValidationError) and err.code == "invalid"
    assert err.path == path
    assert words in err.message
    assert err.message.startswith(codec.describe_path(path) + ": ")


@pytest.mark.parametrize(
    ("doc", "path", "words"),
    [
        ([], "", "JSON object"),
        ({"version": codec.SCHEMA_VERSION}, "schema", "not a Next Round worksheet"),
        ({"schema": "other", "version": codec.SCHEMA_VERSION}, "schema", "not a Next Round worksheet"),
        ({"schema": "next-round-worksheet", "version": "1"}, "version", "whole-number"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": {}}, "entries", "a list"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": [3]}, "entries[0]", "an object"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "settings": []}, "settings", "an object"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "settings": {"edits_since_export": -1}}, "settings.edits_since_export", "0 or more"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "settings": {"active_entry": 1}}, "settings.active_entry", "text"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "settings": {"last_export": "later"}}, "settings.last_export", "date and time"),
    ],
)
def test_document_errors(doc, path, words):
    err = _error(doc)
    assert err.code == "invalid" and err.path == path and words in err.message


def test_duplicate_entry_ids_are_refused():
    doc = _doc()
    doc["entries"].append(model.new_entry("other", NOW))
    doc["entries"].append(model.new_entry("e1", NOW))
    err = _error(doc)
    assert err.path == "entries[2].id" and "used twice" in err.message and "entry 1" in err.message


def test_stale_active_entry_is_forgotten_not_fatal():
    doc = _doc()
    doc["settings"]["active_entry"] = "gone"
    assert codec.validate(doc)["settings"]["active_entry"] == ""
    doc["settings"]["active_entry"] = "e1"
    assert codec.validate(doc)["settings"]["active_entry"] == "e1"


def test_dates_accept_leap_days_and_reject_impossible_ones():
    assert codec.validate(_doc(interview_date="2024-02-29"))["entries"][0]["interview_date"] == "2024-02-29"
    assert _error(_doc(interview_date="2023-02-29")).path == "entries[0].interview_date"
    assert _error(_doc(interview_date="２０２４-01-01")).path == "entries[0].interview_date"
    assert _error(_doc(interview_date="2024-01-01\n")).path == "entries[0].interview_date"


@ENGINE
@given(json_values)
def test_any_json_value_is_accepted_or_refused_with_a_worksheet_error(value):
    try:
        codec.check_document(value)
    except WorksheetError as exc:
        assert exc.code in ("invalid", "newer_version") and isinstance(exc.message, str)


@ENGINE
@given(mutated_documents())
def test_any_near_valid_document_is_accepted_or_refused_with_a_worksheet_error(value):
    try:
        clean = codec.check_document(value)[0]
    except WorksheetError as exc:
        assert exc.code in ("invalid", "newer_version") and exc.message
    else:
        assert codec.validate(clean) == clean  # what passes is a fixed point
        assert codec.loads(codec.dumps(clean)) == clean


@ENGINE
@given(st.text(max_size=60))
def test_any_text_loads_or_raises_a_worksheet_error(text):
    try:
        codec.loads(text)
    except WorksheetError as exc:
        assert exc.code in ("unreadable", "invalid", "newer_version")


# --- text reading --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "{", "not json", "[1,]", '{"a": NaN}', '{"a": Infinity}', "[" * 100000])
def test_unreadable_text(text):
    with pytest.raises(UnreadableError) as info:
        codec.loads(text)
    assert info.value.code == "unreadable" and "not readable JSON" in info.value.message or "deeply" in info.value.message


def test_non_text_is_unreadable():
    with pytest.raises(UnreadableError):
        codec.loads(None)


def test_duplicate_keys_in_the_json_are_refused_not_silently_dropped():
    text = '{"schema": "next-round-worksheet", "version": 1, "entries": [{"id": "a", "notes": "one", "notes": "two"}]}'
    with pytest.raises(ValidationError) as info:
        codec.loads(text, check_duplicates=True)
    assert "notes" in info.value.message and "twice" in info.value.message
    # the page's own saved text (JSON.stringify) never repeats keys: the fast path skips the check
    assert codec.loads(text)["entries"][0]["notes"] == "two"


# --- versions and migrations -------------------------------------------------------------------


def test_current_version_is_two_and_the_registry_is_honest():
    assert codec.SCHEMA_VERSION == 2
    # every registered step leads, one by one, to the current version
    for version in codec.MIGRATIONS:
        assert version < codec.SCHEMA_VERSION
    assert sorted(codec.MIGRATIONS) == list(range(codec.SCHEMA_VERSION - len(codec.MIGRATIONS), codec.SCHEMA_VERSION))


def test_newer_version_is_refused_and_never_rewritten():
    doc = {"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION + 1, "entries": [{"id": "a", "new_thing": 1}]}
    text = json.dumps(doc)
    for call in (lambda: codec.loads(text), lambda: codec.validate(doc), lambda: codec.migrate(doc)):
        with pytest.raises(NewerVersionError) as info:
            call()
        assert info.value.code == "newer_version" and info.value.path == "version"
        assert "newer version" in info.value.message and "untouched" in info.value.message
    assert json.loads(text) == doc


@pytest.mark.parametrize("version", [0, -3])
def test_versions_older_than_any_known_are_refused(version):
    doc = {"schema": "next-round-worksheet", "version": version, "entries": []}
    with pytest.raises(ValidationError) as info:
        codec.loads(json.dumps(doc))
    assert info.value.path == "version" and "older than any format" in info.value.message


@pytest.mark.parametrize("version", [None, "1", 1.0, True])
def test_migrate_refuses_a_missing_or_odd_version(version):
    with pytest.raises(ValidationError):
        codec.migrate({"schema": "next-round-worksheet", "version": version})
    with pytest.raises(ValidationError):
        codec.migrate([])


def test_a_registered_migration_runs_and_reports_where_it_started():
    registry: dict = {}

    @codec.register_migration(1, registry)
    def rename_company(doc):
        out = dict(doc, version=2)
        out["entries"] = [dict(e, employer=e.pop("company", "")) for e in doc["entries"]]
        return out

    with pytest.raises(ValueError):
        codec.register_migration(1, registry)(rename_company)
    doc = {"schema": "next-round-worksheet", "version": 1, "entries": [{"id": "a", "company": "Acme"}]}
    migrated, start = codec.migrate(doc, registry, current=2)
    assert start == 1 and migrated["version"] == 2 and migrated["entries"][0]["employer"] == "Acme"
    assert codec.migrate(migrated, registry, current=2) == (migrated, None)
    with pytest.raises(NewerVersionError):
        codec.migrate(dict(doc, version=3), registry, current=2)
    with pytest.raises(ValidationError):
        codec.migrate(dict(doc, version=0), registry, current=2)


def test_register_migration_defaults_to_the_real_registry():
    before = dict(codec.MIGRATIONS)
    try:
        codec.register_migration(99)(lambda d: d)
        assert 99 in codec.MIGRATIONS
    finally:
        codec.MIGRATIONS.clear()
        codec.MIGRATIONS.update(before)


def test_a_broken_migration_is_reported_not_trusted():
    registry = {1: lambda d: dict(d, version=5)}
    with pytest.raises(WorksheetError) as info:
        codec.migrate({"schema": "next-round-worksheet", "version": 1}, registry, current=2)
    assert info.value.code == "internal"


@ENGINE
@given(migration_chains())
def test_every_migration_path_ends_at_the_current_version(chain):
    registry, current, start = chain
    doc = {"schema": "next-round-worksheet", "version": start, "entries": []}
    migrated, started = codec.migrate(doc, registry, current=current)
    assert migrated["version"] == current
    assert started == (None if start == current else start)
    assert migrated.get("trail", []) == list(range(start, current))


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("", "The worksheet"),
        ("settings.theme", "The worksheet’s “settings.theme”"),
        ("entries[0]", "Interview 1"),
        ("entries[2].company", "Interview 3, “Company”"),
        ("entries[0].reflection.ratings.answers", "Interview 1, “My answers”"),
        ("entries[0].interviewers[1]", "Interview 1, “Interviewers”, item 2"),
        ("entries[0].interviewers[1].name", "Interview 1, “Interviewers”, item 2, “Interviewer name”"),
        ("entries[0].actions[0].surprise", "Interview 1, “My next steps”, item 1, “surprise”"),
        ("entries[0].plan_done.x", "Interview 1, “Ticked plan steps”, “x”"),
        ("entries[0].id", "Interview 1, “Entry id”"),
        ("entries[0].updated", "Interview 1, “Last changed”"),
        ("entries[0].copy_of.reason", "Interview 1, “Copy note”, “reason”"),
        ("entries[0].set_aside[1].when", "Interview 1, “Set-aside values”, item 2, “when”"),
        ("entries[0].set_aside", "Interview 1, “Set-aside values”"),
        ("entries[0].plan_done", "Interview 1, “Ticked plan steps”"),
        ("entries[0].created_at", "Interview 1, “created_at”"),
        ("entries[0].interviewers[x]", "Interview 1, “Interviewers”"),
    ],
)
def test_paths_are_described_in_words(path, words):
    assert codec.describe_path(path) == words


def test_the_message_names_the_interview_and_field_in_words():
    doc = _doc()
    doc["entries"][0]["reflection"]["ratings"]["answers"] = 7
    assert _error(doc).message == "Interview 1, “My answers”: a rating must be from 1 to 5; found 7."


def test_validate_wants_a_migrated_document():
    err = _error({"schema": "next-round-worksheet", "version": 0, "entries": []})
    assert err.path == "version" and "migrate" in err.message


@ENGINE
@given(st.one_of(json_values, mutated_documents()).map(json.dumps))
def test_any_json_text_loads_or_raises_a_worksheet_error(text):
    for strict in (False, True):
        try:
            doc = codec.loads(text, check_duplicates=strict)
        except WorksheetError as exc:
            assert exc.code in ("invalid", "newer_version")
        else:
            assert codec.loads(codec.dumps(doc)) == doc


@pytest.mark.parametrize(
    ("key", "value"),
    [("company", "Acme"), ("interview_date", ""), ("interview_date", "2026-01-31"), ("stage", "final"),
     ("stage", ""), ("thank_you.sent", True), ("reflection.ratings.answers", None), ("reflection.ratings.answers", 5),
     ("reflection.went_well", ["a"]), ("interviewers", [{"name": "A"}])],
)
def test_each_field_checker_accepts_valid_values_on_its_own(key, value):
    # validate() lets common values through without calling the checker; the checkers
    # themselves must still be complete.
    check = codec._checker(model.FIELDS_BY_KEY[key])
    expected = [{"name": "A", "greeting": "", "title": "", "email": "", "topic": ""}] if key == "interviewers" else value
    assert check(value, "entries[0]", key) == expected


def test_a_plain_list_field_given_text_is_refused():
    doc = _doc()
    doc["entries"][0]["reflection"]["went_well"] = "all of it"
    err = _error(doc)
    assert err.path == "entries[0].reflection.went_well" and "must be a list" in err.message


def _outcome(fn):
    try:
        return ("ok", fn())
    except WorksheetError as exc:
        return ("error", exc.code, exc.path, exc.message)


@ENGINE
@given(st.one_of(documents(max_entries=2), mutated_documents()))
def test_filling_in_place_gives_exactly_what_copying_gives(value):
    # loads() completes freshly parsed JSON in place; validate() copies. Same answers.
    text = json.dumps(value)
    assert _outcome(lambda: codec.loads(text)) == _outcome(lambda: codec.check_document(json.loads(text))[0])
    before = json.loads(text)
    snapshot = copy.deepcopy(before)
    _outcome(lambda: codec.check_document(before))
    assert before == snapshot  # the copying path never touches its input


# --- copy_of and set_aside (entry meta) ------------------------------------------------------

COPY = {"id": "e0", "reason": "import", "when": NOW}
ASIDE = {"key": "reflection.ratings.answers", "label": "My answers", "value": 7,
         "reason": "a rating must be from 1 to 5; found 7.", "when": NOW}


def test_copy_of_and_set_aside_default_to_empty_and_round_trip():
    doc = {"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": [{"id": "a"}]}
    entry = codec.validate(doc)["entries"][0]
    assert entry["copy_of"] is None and entry["set_aside"] == []
    nested = dict(ASIDE, value={"deep": [1, None, "x", {"y": True}]})
    full = _doc(copy_of=COPY, set_aside=[ASIDE, nested, dict(ASIDE, reason="", label="", value=None)])
    assert codec.loads(codec.dumps(full)) == full
    clean = codec.validate(full)
    assert clean == full
    assert clean["entries"][0]["set_aside"][1]["value"] is not nested["value"]  # a copy, not shared
    for reason in ("other_tab", "import", "deleted_elsewhere"):
        assert codec.validate(_doc(copy_of=dict(COPY, reason=reason)))["entries"][0]["copy_of"]["reason"] == reason


@pytest.mark.parametrize(
    ("fields", "path", "words"),
    [
        ({"copy_of": "e0"}, "entries[0].copy_of", "an object"),
        ({"copy_of": []}, "entries[0].copy_of", "an object"),
        ({"copy_of": {"id": "e0", "reason": "import"}}, "entries[0].copy_of.when", "missing"),
        ({"copy_of": dict(COPY, extra=1)}, "entries[0].copy_of.extra", "not a known part"),
        ({"copy_of": dict(COPY, id="")}, "entries[0].copy_of.id", "non-empty text"),
        ({"copy_of": dict(COPY, id=3)}, "entries[0].copy_of.id", "non-empty text"),
        ({"copy_of": dict(COPY, reason="because")}, "entries[0].copy_of.reason", "one of"),
        ({"copy_of": dict(COPY, reason=None)}, "entries[0].copy_of.reason", "one of"),
        ({"copy_of": dict(COPY, when="")}, "entries[0].copy_of.when", "date and time"),
        ({"copy_of": dict(COPY, when="soon")}, "entries[0].copy_of.when", "date and time"),
        ({"set_aside": {}}, "entries[0].set_aside", "a list"),
        ({"set_aside": None}, "entries[0].set_aside", "a list"),
        ({"set_aside": ["x"]}, "entries[0].set_aside[0]", "an object"),
        ({"set_aside": [ASIDE, {k: v for k, v in ASIDE.items() if k != "value"}]}, "entries[0].set_aside[1].value", "missing"),
        ({"set_aside": [dict(ASIDE, more=1)]}, "entries[0].set_aside[0].more", "not a known part"),
        ({"set_aside": [dict(ASIDE, key=1)]}, "entries[0].set_aside[0].key", "text"),
        ({"set_aside": [dict(ASIDE, label=None)]}, "entries[0].set_aside[0].label", "text"),
        ({"set_aside": [dict(ASIDE, reason=[])]}, "entries[0].set_aside[0].reason", "text"),
        ({"set_aside": [dict(ASIDE, when="")]}, "entries[0].set_aside[0].when", "date and time"),
        ({"set_aside": [dict(ASIDE, when=1)]}, "entries[0].set_aside[0].when", "date and time"),
    ],
)
def test_copy_of_and_set_aside_are_checked_strictly(fields, path, words):
    err = _error(_doc(**fields))
    assert err.code == "invalid" and err.path == path and words in err.message, err.message


# --- field-level recovery -------------------------------------------------------------------------

WHEN = "2026-12-01T08:00:00Z"


def _raw(*entries, **extra):
    return dict({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": list(entries)}, **extra)


def _aside(entry):
    return {item["key"]: item for item in entry["set_aside"]}


def test_recover_sets_bad_fields_aside_and_keeps_the_rest_of_the_entry():
    bad = model.new_entry("a", NOW)
    bad.update(company="Acme", role="Chef", interview_date="2026-02-30", stage="ceo", notes="kept words")
    bad["reflection"]["ratings"].update(answers=7, nerves=2)
    bad["interviewers"] = [{"name": 1, "title": "Lead"}, "Ana", {"name": "Bo", "age": 40}]  # age: a newer build's
    bad["reflection"]["went_well"] = ["ok", 3]
    bad["surprise"] = {"any": ["thing"]}
    bad["reflection"]["extra"] = "x"
    bad["thank_you"] = "yes"
    bad["created"] = "yesterday"
    bad["plan_done"] = {"mentor": True, "x": "yes"}
    bad["copy_of"] = "a copy"
    older = dict(ASIDE, key="notes", label="Notes", value=["old", "words"])
    bad["set_aside"] = ["junk", older]
    good = model.new_entry("b", NOW)
    good["company"] = "Bolt"
    raw = _raw(bad, good)
    before = copy.deepcopy(raw)
    doc, migrated_from, recovered, unrecoverable = codec.recover(raw, WHEN)
    assert raw == before  # the input is not touched
    assert codec.validate(doc) == doc and migrated_from is None and unrecoverable == []
    entry, other = doc["entries"]
    assert other == good
    # what was valid is still there
    assert (entry["company"], entry["role"], entry["notes"]) == ("Acme", "Chef", "kept words")
    assert entry["reflection"]["ratings"]["nerves"] == 2 and entry["plan_done"] == {"mentor": True}
    assert entry["reflection"]["went_well"] == ["ok"]
    blank = {"name": "", "greeting": "", "title": "", "email": "", "topic": ""}
    assert entry["interviewers"] == [dict(blank, title="Lead"), dict(blank, name="Bo", age=40)]
    # fields a newer build added stay where they are
    assert entry["surprise"] == {"any": ["thing"]} and entry["reflection"]["extra"] == "x"
    # each bad value reset to its empty value ...
    assert entry["interview_date"] == "" and entry["stage"] == "" and entry["created"] == ""
    assert entry["reflection"]["ratings"]["answers"] is None and entry["copy_of"] is None
    assert entry["thank_you"] == model.new_entry("x", "")["thank_you"]
    # ... and its raw value set aside, with the reason in words
    aside = _aside(entry)
    assert {k: v["value"] for k, v in aside.items()} == {
        "reflection.ratings.answers": 7, "interview_date": "2026-02-30", "stage": "ceo",
        "interviewers[0].name": 1, "interviewers[1]": "Ana",
        "reflection.went_well[1]": 3,
        "thank_you": "yes", "created": "yesterday", "plan_done.x": "yes", "copy_of": "a copy",
        "set_aside[0]": "junk", "notes": ["old", "words"],
    }
    assert entry["set_aside"][0] == older  # a valid set-aside value stays as it was, first
    assert aside["reflection.ratings.answers"] == {
        "key": "reflection.ratings.answers", "label": "My answers", "value": 7,
        "reason": "a rating must be from 1 to 5; found 7.", "when": WHEN}
    assert aside["interviewers[0].name"]["label"] == "Interviewers, item 1, Interviewer name"
    assert aside["interview_date"]["reason"] == "2026-02-30 is not a real calendar date."
    # the list the page shows: one line per value, in words, never a raw path
    by_key = {r["key"]: r for r in recovered}
    assert len(recovered) == len(entry["set_aside"]) - 1
    assert set(by_key) == set(aside) - {"notes"}
    assert aside["set_aside[0]"]["label"] == "Set-aside values, item 1"
    assert aside["plan_done.x"]["label"] == "Ticked plan steps, x"
    assert by_key["reflection.ratings.answers"] == {
        "entry_id": "a", "title": "Chef at Acme", "key": "reflection.ratings.answers", "label": "My answers",
        "reason": "Interview 1, “My answers”: a rating must be from 1 to 5; found 7.",
    }
    assert by_key["stage"]["reason"].startswith("Interview 1, “Stage”: \"ceo\" is not one of the options")
    for note in recovered:
        assert "entries[" not in note["reason"] and "entries[" not in note["label"]
    # recovering what came out changes nothing more
    assert codec.recover(doc, WHEN) == (doc, None, [], [])


def test_recover_reports_entries_it_cannot_use_and_keeps_the_others():
    good = model.new_entry("b", NOW)
    fixable = model.new_entry("c", NOW)
    fixable["stage"] = "ceo"
    raw = _raw({"company": "no id"}, good, "text", dict(model.new_entry("b", NOW), company="twin"), {"id": ""}, fixable)
    doc, _, recovered, unrecoverable = codec.recover(raw, WHEN)
    assert [e["id"] for e in doc["entries"]] == ["b", "c"]
    assert [u["index"] for u in unrecoverable] == [0, 2, 3, 4]
    assert unrecoverable[0]["reason"] == "Interview 1, “Entry id”: every entry needs an id."
    assert "Interview 3: an entry must be an object" in unrecoverable[1]["reason"]
    assert "used twice" in unrecoverable[2]["reason"]
    assert "non-empty" in unrecoverable[3]["reason"]
    assert [r["key"] for r in recovered] == ["stage"]


def test_recover_without_any_usable_entry_raises_as_before():
    with pytest.raises(ValidationError) as info:
        codec.recover(_raw({"company": "no id"}), WHEN)
    assert info.value.path == "entries[0].id"


@pytest.mark.parametrize(
    ("raw", "code", "path"),
    [([], "invalid", ""), ({"version": 1}, "invalid", "schema"), (_raw(version=7), "newer_version", "version"),
     (_raw(entries={}), "invalid", "entries"), (_raw(version="1"), "invalid", "version")],
)
def test_recover_keeps_document_level_problems_as_errors(raw, code, path):
    with pytest.raises(WorksheetError) as info:
        codec.recover(raw, WHEN)
    assert (info.value.code, info.value.path) == (code, path)


def test_recover_drops_bad_settings_with_a_note_and_keeps_a_newer_builds_keys():
    good = model.new_entry("a", NOW)
    raw = _raw(good, settings={"theme": "dark", "edits_since_export": -2, "active_entry": "a", "last_export": NOW},
               extra=[1])
    doc, _, recovered, _ = codec.recover(raw, WHEN)
    assert doc["entries"] == [good]
    assert doc["settings"] == {"active_entry": "a", "edits_since_export": 0, "last_export": NOW, "your_name": "",
                               "theme": "dark"}
    assert doc["extra"] == [1]
    assert [(r["entry_id"], r["key"]) for r in recovered] == [(None, "settings.edits_since_export")]
    assert recovered[0]["title"] == "The worksheet"
    doc, _, recovered, _ = codec.recover(_raw(good, settings=[]), WHEN)
    assert doc["settings"] == model.empty_settings() and [r["key"] for r in recovered] == ["settings"]


def test_recover_notes_bad_settings_in_the_documents_order_and_validate_names_the_first_it_checks():
    raw = _raw(model.new_entry("a", NOW), settings={"your_name": 5, "edits_since_export": -1})
    recovered = codec.recover(raw, WHEN)[2]
    assert [r["key"] for r in recovered] == ["settings.your_name", "settings.edits_since_export"]
    with pytest.raises(ValidationError) as info:
        codec.validate(raw)
    assert info.value.path == "settings.edits_since_export"


def test_recover_migrates_first():
    bad = {"id": "a", "created": NOW, "updated": NOW, "stage": "ceo"}  # a format-1 entry
    doc, migrated_from, recovered, _ = codec.recover(dict(_raw(bad), version=1), WHEN)
    assert migrated_from == 1 and doc["entries"][0]["set_aside"][0]["value"] == "ceo"


def test_recover_needs_a_time_for_what_it_sets_aside():
    with pytest.raises(WorksheetError) as info:
        codec.recover(_raw(), "")
    assert info.value.code == "bad_request"


@ENGINE
@given(mutated_documents())
def test_recovery_gives_a_valid_document_that_keeps_every_value(value):
    try:
        codec.check_document(copy.deepcopy(value))
    except WorksheetError:
        pass
    else:
        assert codec.recover(value, WHEN)[2:] == ([], [])
        return
    try:
        doc, _, recovered, unrecoverable = codec.recover(value, WHEN)
    except WorksheetError as exc:
        assert exc.code in ("invalid", "newer_version")
        return
    assert codec.validate(doc) == doc
    assert recovered or unrecoverable
    kept = json.dumps(doc, ensure_ascii=False)
    for note in recovered:
        assert "entries[" not in note["reason"]
        if note["entry_id"] is not None:
            entry = model.find_entry(doc, note["entry_id"])
            assert any(a["key"] == note["key"] for a in entry["set_aside"])
    assert isinstance(kept, str)


def test_recover_fills_missing_parts_and_sets_aside_whole_bad_records():
    raw = _raw({"id": "a", "company": "Acme", "plan_done": ["mentor"], "set_aside": "old", "stage": "x",
                "interviewers": [{"title": "Lead"}], "actions": "call Sam"})
    doc, _, recovered, _ = codec.recover(raw, WHEN)
    entry = doc["entries"][0]
    assert entry == dict(model.new_entry("a", ""), company="Acme",
                         interviewers=[{"name": "", "greeting": "", "title": "Lead", "email": "", "topic": ""}],
                         set_aside=entry["set_aside"])
    assert {a["key"]: a["value"] for a in entry["set_aside"]} == {
        "plan_done": ["mentor"], "set_aside": "old", "stage": "x", "actions": "call Sam"}
    assert [r["label"] for r in recovered] == ["Ticked plan steps", "Set-aside values", "Stage", "My next steps"]


def test_recover_notes_only_entries_it_keeps_and_refuses_absurd_nesting():
    first = model.new_entry("a", NOW)
    twin = dict(model.new_entry("a", NOW), stage="ceo")
    doc, _, recovered, unrecoverable = codec.recover(_raw(first, twin), WHEN)
    assert doc["entries"] == [first] and recovered == [] and [u["index"] for u in unrecoverable] == [1]
    deep: list = []
    node = deep
    for _ in range(5000):
        node.append([])
        node = node[0]
    with pytest.raises(ValidationError) as info:
        codec.recover(_raw(dict(model.new_entry("a", NOW), stage=deep)), WHEN)
    assert "nested too deeply" in info.value.message


# --- schema 1 -> 2: who told you, interviewer emails, your name ------------------------------------

from pathlib import Path  # noqa: E402

from strategies import V1_FIELDS, v1_documents  # noqa: E402
from conftest import TESTS

V1_BACKUP = TESTS / "data" / "v1-backup.json"


def _v1_values(entry: dict) -> dict:
    """Every schema-1 value of an entry, by dotted key (list items as schema 1 shaped them)."""
    out = {}
    for f in V1_FIELDS:
        node = entry
        for part in f.key.split("."):
            node = node[part]
        if f.kind == "list" and f.item_fields:
            node = [{sub.key: item[sub.key] for sub in f.item_fields} for item in node]
        out[f.key] = node
    return out


def test_schema_1_to_2_is_registered_and_adds_the_new_fields_empty():
    assert codec.MIGRATIONS[1] is codec.migrate_1_to_2
    v1 = json.loads(V1_BACKUP.read_text(encoding="utf-8"))
    migrated = codec.migrate_1_to_2(v1)
    assert migrated["version"] == 2
    assert migrated["settings"]["your_name"] == ""
    assert all(e["news_from"] == {"name": "", "email": ""} for e in migrated["entries"])
    assert migrated["entries"][0]["interviewers"] == [
        {"name": "Priya Shah", "title": "Head of Design", "email": "", "topic": ""},
        {"name": "Tom Okafor", "title": "PM", "email": "", "topic": ""},
    ]
    assert v1 == json.loads(V1_BACKUP.read_text(encoding="utf-8"))  # the input is left alone


def test_a_backup_exported_by_schema_1_loads_with_every_value_kept():
    text = V1_BACKUP.read_text(encoding="utf-8")
    v1 = json.loads(text)
    doc, started = codec.decode(text, check_duplicates=True)
    assert started == 1 and doc["version"] == codec.SCHEMA_VERSION
    assert [e["id"] for e in doc["entries"]] == [e["id"] for e in v1["entries"]]
    for old, new in zip(v1["entries"], doc["entries"]):
        assert _v1_values(new) == _v1_values(old)
        for key in ("id", "created", "updated", "plan_done"):
            assert new[key] == old[key]
    assert {k: doc["settings"][k] for k in v1["settings"]} == v1["settings"]
    assert codec.loads(codec.dumps(doc)) == doc


@ENGINE
@given(v1_documents())
def test_any_schema_1_document_migrates_and_keeps_every_value(v1):
    text = json.dumps(v1, ensure_ascii=False, indent=2)
    doc, started = codec.decode(text)
    assert started == 1 and doc["version"] == codec.SCHEMA_VERSION
    assert [_v1_values(e) for e in doc["entries"]] == [_v1_values(e) for e in v1["entries"]]
    assert {k: doc["settings"][k] for k in v1["settings"]} == v1["settings"]
    assert doc["settings"]["your_name"] == ""
    assert codec.loads(codec.dumps(doc)) == doc


@pytest.mark.parametrize(
    "doc",
    [
        {"schema": "next-round-worksheet", "version": 1},
        {"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": "x", "settings": 3},
        {"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": [3, {"id": "a", "interviewers": "Ana"}]},
        {"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": [{"id": "a", "interviewers": ["Ana", {"name": "Bo", "email": "b@x.org"}]}]},
    ],
)
def test_the_migration_never_fails_on_odd_input_validation_does_the_judging(doc):
    before = copy.deepcopy(doc)
    migrated = codec.migrate_1_to_2(doc)
    assert migrated["version"] == 2 and doc == before
    _outcome(lambda: codec.validate(migrated))  # accepted or a WorksheetError, never a crash


def test_your_name_is_a_validated_document_setting():
    doc = _doc()
    doc["settings"]["your_name"] = "  Sam Lee "
    assert codec.validate(doc)["settings"]["your_name"] == "  Sam Lee "  # kept exactly as typed
    doc["settings"]["your_name"] = 3
    err = _error(doc)
    assert err.path == "settings.your_name" and "text" in err.message
    assert model.empty_settings()["your_name"] == ""


def test_who_told_you_and_interviewer_emails_are_text_fields():
    doc = _doc(news_from={"name": "Ana", "email": "ana@acme.example"},
               interviewers=[{"name": "Bo", "title": "", "email": "bo@acme.example", "topic": ""}])
    clean = codec.validate(doc)["entries"][0]
    assert clean["news_from"]["email"] == "ana@acme.example"
    assert clean["interviewers"][0]["email"] == "bo@acme.example"
    err = _error(_doc(news_from={"name": "Ana", "email": 5}))
    assert err.path == "entries[0].news_from.email" and "Who told you (email)" in err.message


# --- forward compatibility: a newer build's fields travel with the document ----------------


def test_a_newer_builds_fields_and_settings_are_kept_as_they_are_on_every_path():
    entry = model.new_entry("a", NOW)
    entry.update(company="Acme", salary_notes="Asked for 10% more", follow_up={"channel": "phone", "n": [1]})
    entry["reflection"]["confidence_note"] = "steady"
    entry["interviewers"] = [{"name": "Ana", "title": "", "email": "", "topic": "", "pronouns": "she"}]
    raw = _raw(entry, settings={"active_entry": "a", "reminder_days": 3}, sync={"device": "phone"})
    before = copy.deepcopy(raw)
    for doc in (codec.validate(raw), codec.loads(json.dumps(raw)), codec.recover(raw, WHEN)[0],
                codec.loads(codec.dumps(codec.validate(raw)))):
        assert raw == before
        kept = doc["entries"][0]
        assert kept["salary_notes"] == "Asked for 10% more" and kept["follow_up"] == {"channel": "phone", "n": [1]}
        assert kept["reflection"]["confidence_note"] == "steady"
        assert kept["interviewers"][0]["pronouns"] == "she"
        assert doc["settings"]["reminder_days"] == 3 and doc["sync"] == {"device": "phone"}
        assert kept["set_aside"] == []
    copied = codec.validate(raw)
    copied["entries"][0]["follow_up"]["n"].append(2)
    assert raw == before  # kept as a copy, not shared


def test_a_document_saved_before_greetings_and_agencies_loads_with_them_empty():
    """How to greet someone and "agency" are optional fields with empty defaults: format 2
    documents written without them load as they are, with no new format and no migration."""
    saved = json.dumps({
        "schema": codec.SCHEMA, "version": 2, "settings": {"your_name": "Sam"},
        "entries": [{"id": "a", "news_from": {"name": "Ana", "email": "ana@acme.example"},
                     "interviewers": [{"name": "Bo", "title": "", "email": "", "topic": "maps"}]}],
    })
    doc, migrated_from = codec.decode(saved)
    assert migrated_from is None and doc["version"] == codec.SCHEMA_VERSION == 2
    entry = doc["entries"][0]
    assert entry["news_from"] == {"name": "Ana", "greeting": "", "email": "ana@acme.example", "agency": False}
    assert entry["interviewers"] == [{"name": "Bo", "greeting": "", "title": "", "email": "", "topic": "maps"}]
    err = _error(_doc(news_from={"name": "Ana", "greeting": 5}))
    assert err.path == "entries[0].news_from.greeting" and "Who told you (how to greet them)" in err.message


def test_the_text_layer_re_exports_the_storage_names():
    from worksheet import migrations, validation, wording

    assert all(hasattr(codec, name) for name in codec.__all__)
    assert (codec.validate, codec.validate_entry, codec.recover, codec.check_document) == (
        validation.validate, validation.validate_entry, validation.recover, validation.check_document)
    assert (codec.migrate, codec.MIGRATIONS) == (migrations.migrate, migrations.MIGRATIONS)
    assert (codec.describe_path, codec.field_label) == (wording.describe_path, wording.field_label)
