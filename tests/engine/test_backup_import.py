"""Importing a backup (``worksheet.backup_import``): two edit histories of one document, merged in every mode, lose nothing."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worksheet import backup_import, codec, model
from worksheet.errors import WorksheetError

from builders import make_doc, make_entry
from strategies import ENGINE, field_value

WHEN = "2026-12-01T08:00:00Z"


# --- pieces ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "answer"),
    [("2026-03-02T10:00:00Z", "2026-03-01T10:00:00Z", True), ("2026-03-01T10:00:00Z", "2026-03-02T10:00:00Z", False),
     ("", "2026-03-02T10:00:00Z", False), ("2026-03-02T10:00:00Z", "", False),
     ("2026-03-02T10:00:00", "2026-03-02T09:00:00+00:00", True), ("2026-03-02T10:00:00+02:00", "2026-03-02T09:00:00Z", False),
     ("2026-03-02T10:00:00Z", "2026-03-02T10:00:00+00:00", False)],
)
def test_later_compares_times_with_a_naive_time_read_as_utc(a, b, answer):
    assert backup_import.later(a, b) is answer


def test_compare_says_which_side_is_newer():
    here = make_entry("a", company="Here")
    assert backup_import.compare(here, copy.deepcopy(here)) == "same"
    there = make_entry("a", company="There")
    assert backup_import.compare(here, there) == "conflict"
    there["updated"] = "2026-12-01T00:00:00Z"
    assert backup_import.compare(here, there) == "newer_backup" and backup_import.compare(there, here) == "newer_here"


def test_copy_ids_are_deterministic_and_never_taken():
    first = backup_import.copy_id("a", WHEN, set())
    assert first == backup_import.copy_id("a", WHEN, {"b"}) and first.startswith("a-copy-")
    assert backup_import.copy_id("a", "2026-12-01T08:00:01Z", set()) != first
    assert backup_import.copy_id("a", WHEN, {first}) == first + "-2"
    assert backup_import.copy_id("a", WHEN, {first, first + "-2"}) == first + "-3"


def test_importing_the_same_conflicting_backup_twice_makes_one_copy():
    here = make_doc(make_entry("a", company="Here"))
    backup = make_doc(make_entry("a", company="Backup"))
    once = backup_import.merge(here, backup, "newer", WHEN)["doc"]
    assert [(e["id"], e["company"], e["copy_of"]) for e in once["entries"]] == [
        ("a", "Here", None), (backup_import.copy_id("a", WHEN, set()), "Backup", {"id": "a", "reason": "import", "when": WHEN})]
    assert backup_import.merge(once, backup, "newer", "2026-12-02T08:00:00Z")["doc"] == once
    kept = backup_import.merge(here, backup, "backup", WHEN)["doc"]
    assert [(e["company"], bool(e["copy_of"])) for e in kept["entries"]] == [("Backup", False), ("Here", True)]
    assert backup_import.merge(kept, here, "backup", WHEN)["doc"]["entries"][0]["company"] == "Here"


def test_unknown_mode_is_refused():
    with pytest.raises(WorksheetError) as info:
        backup_import.merge(make_doc(), make_doc(), "mix", WHEN)
    assert info.value.code == "bad_request" and info.value.path == "mode"


# --- the property: two histories of one document ---------------------------------------------------

# fields an edit may change (every kind), with their values
EDITABLE = [f for f in model.FIELDS]


BASE_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@st.composite
def small_entries(draw, entry_id: str, when: str) -> dict:
    """A new entry with a few fields filled (any kind of field, any value it may hold)."""
    entry = model.new_entry(entry_id, when)
    for f in draw(st.lists(st.sampled_from(EDITABLE), max_size=2)):
        model.set_value(entry, f.key, draw(field_value(f, small=True)))
    if draw(st.booleans()):
        entry["set_aside"] = [{"key": "stage", "label": "Stage", "value": draw(st.integers()), "reason": "r", "when": when}]
    return entry


@st.composite
def edit_histories(draw, base: dict, side: str) -> dict:
    """``base`` after a run of saved edits (change a field, add an entry, delete one), each
    stamped no earlier than the one before."""
    doc = copy.deepcopy(base)
    clock = BASE_TIME
    for n in range(draw(st.integers(0, 5))):
        clock += dt.timedelta(minutes=draw(st.integers(0, 1)))  # 0: both sides may save in the same minute
        stamp = _stamp(clock)
        action = draw(st.sampled_from(["change", "change", "change", "add", "delete"]))
        if action == "add" or not doc["entries"]:
            used = {e["id"] for e in doc["entries"]}
            # a shared pool, so both sides sometimes add an entry with the same id
            new_id = draw(st.sampled_from([f"{side}-{n}", f"new-{n}"]).filter(lambda i: i not in used))
            doc["entries"].append(draw(small_entries(new_id, stamp)))
        elif action == "delete":
            doc["entries"].pop(draw(st.integers(0, len(doc["entries"]) - 1)))
        else:
            entry = doc["entries"][draw(st.integers(0, len(doc["entries"]) - 1))]
            f = draw(st.sampled_from(EDITABLE))
            model.set_value(entry, f.key, draw(field_value(f, small=True)))
            entry["updated"] = stamp
    return codec.validate(doc)


@st.composite
def two_histories(draw):
    n = draw(st.integers(0, 3))
    base = make_doc(*[draw(small_entries(f"e{i}", _stamp(BASE_TIME - dt.timedelta(days=1)))) for i in range(n)])
    return base, draw(edit_histories(base, "here")), draw(edit_histories(base, "backup"))


def values_in(value, kept) -> bool:
    """Every value written in ``value`` is in ``kept``: equal, or empty there, or (objects)
    part by part, or (lists) every item."""
    if value == kept or backup_import._empty(value):
        return True
    if isinstance(value, dict) and isinstance(kept, dict):
        return all(values_in(v, kept.get(k)) for k, v in value.items())
    if isinstance(value, list) and isinstance(kept, list):
        return all(item in kept for item in value)
    return False


def _kept(version: dict, entries: list[dict]) -> bool:
    """The version is in ``entries`` as itself, as a copy (same content, new id, copy note) or
    combined with another version of the entry (each of its values there)."""
    body = backup_import._body(version)
    own = {k: v for k, v in version.items() if k not in ("created", "updated", "copy_of")}
    return any(e == version or (e["copy_of"] and e["copy_of"]["id"] == version["id"] and backup_import._body(e) == body)
               or (e["id"] == version["id"] and values_in(own, e))
               for e in entries)


@ENGINE
@given(two_histories(), st.sampled_from(backup_import.MODES))
def test_merging_two_edit_histories_loses_no_saved_edit(histories, mode):
    _, here, backup = histories
    result = backup_import.merge(here, backup, mode, WHEN)
    doc = result["doc"]
    assert codec.validate(doc) == doc
    mine = {e["id"]: e for e in here["entries"]}
    theirs = {e["id"]: e for e in backup["entries"]}
    for version in here["entries"]:  # this device's work: in the result, or handed back to keep aside
        assert _kept(version, doc["entries"]) or version in result["replaced"]
    for version in backup["entries"]:  # the backup's: always in the result
        assert _kept(version, doc["entries"])
    for version in result["replaced"]:
        assert version in here["entries"]
        assert mode == "replace" or mode == "backup" and backup_import.compare(version, theirs[version["id"]]) == "newer_backup"
    if mode == "newer":
        assert result["replaced"] == []  # the default drops no edit of either side
    by_id = {e["id"]: e for e in doc["entries"]}
    if mode == "replace":
        assert doc["entries"] == backup["entries"]
    if mode == "backup":
        assert all(by_id[i] == v for i, v in theirs.items())
    if mode == "newer":
        for i in mine.keys() & theirs.keys():  # the later version of every entry both sides have
            assert by_id[i]["updated"] in (mine[i]["updated"], theirs[i]["updated"])
            assert not backup_import.later(mine[i]["updated"], by_id[i]["updated"])
            assert not backup_import.later(theirs[i]["updated"], by_id[i]["updated"])
        assert set(by_id) >= mine.keys() | theirs.keys()  # entries from either side are all there
