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
    doc = _doc(company=tricky, notes="\n\n", interviewers=[{"name": "Zoë 🙂", "title": " ", "email": "", "topic": ""}])
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
    assert codec.validate(doc)["entries"][0]["interviewers"] == [{"name": "Ana", "title": "", "email": "", "topic": ""}]


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
        (lambda e: e.update(surprise="x"), "entries[0].surprise", "not a known field"),
        (lambda e: e["reflection"].update(extra=1), "entries[0].reflection.extra", "not a known field"),
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
        (lambda e: e.update(interviewers=[{"name": "A", "age": 3}]), "entries[0].interviewers[0].age", "not a known part"),
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
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "x": 1}, "x", "not a known field"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": {}}, "entries", "a list"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": [3]}, "entries[0]", "an object"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "settings": []}, "settings", "an object"),
        ({"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "settings": {"theme": "dark"}}, "settings.theme", "not a known"),
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
        ("entries[0].plan_done.x", "Interview 1, “plan_done.x”"),
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
    expected = [{"name": "A", "title": "", "email": "", "topic": ""}] if key == "interviewers" else value
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


# --- schema 1 -> 2: who told you, interviewer emails, your name ------------------------------------

from pathlib import Path  # noqa: E402

from strategies import V1_FIELDS, v1_documents  # noqa: E402

V1_BACKUP = Path(__file__).parent / "data" / "v1-backup.json"


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
        {"schema": "next-round-worksheet", "version": 1, "entries": "x", "settings": 3},
        {"schema": "next-round-worksheet", "version": 1, "entries": [3, {"id": "a", "interviewers": "Ana"}]},
        {"schema": "next-round-worksheet", "version": 1, "entries": [{"id": "a", "interviewers": ["Ana", {"name": "Bo", "email": "b@x.org"}]}]},
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
