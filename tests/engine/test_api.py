"""worksheet.api.handle: the contract in worksheet/API.md; it never raises."""

from __future__ import annotations

import functools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worksheet import api, codec, model

from strategies import ENGINE, documents, json_values
from builders import make_entry as _entry, make_doc

NOW = "2026-11-26T10:00:00Z"


_doc = functools.partial(make_doc, validate=False)


def _ok(request):
    result = api.handle(request)
    assert result["ok"] is True, result
    json.dumps(result)  # JSON-compatible
    return result


def _err(request, code):
    result = api.handle(request)
    assert result["ok"] is False, result
    assert result["error"]["code"] == code, result
    assert set(result["error"]) == {"code", "message", "path"}
    assert result["error"]["message"]
    return result["error"]


# --- open --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", "  \n"])
def test_open_nothing_stored_gives_an_empty_document(text):
    result = _ok({"op": "open", "text": text})
    assert result["doc"] == model.empty_document() and result["migrated_from"] is None
    assert result["recovered"] == [] and result["unrecoverable"] == []


def test_open_reads_validates_and_fills_defaults():
    stored = {"schema": "next-round-worksheet", "version": codec.SCHEMA_VERSION, "entries": [{"id": "a", "company": "Acme"}]}
    result = _ok({"op": "open", "text": json.dumps(stored)})
    assert result["migrated_from"] is None
    assert result["doc"]["entries"][0] == _entry("a", company="Acme") | {"created": "", "updated": ""}


def test_open_reports_a_migration(monkeypatch):
    monkeypatch.setitem(codec.MIGRATIONS, 0, lambda d: dict(d, version=1))
    stored = {"schema": "next-round-worksheet", "version": 0, "entries": []}
    result = _ok({"op": "open", "text": json.dumps(stored)})
    assert result["migrated_from"] == 0 and result["doc"]["version"] == codec.SCHEMA_VERSION


def test_open_errors():
    assert _err({"op": "open", "text": "{oops"}, "unreadable")["path"] == ""
    no_id = _doc({"company": "Acme"})
    err = _err({"op": "open", "text": json.dumps(no_id)}, "invalid")
    assert err["path"] == "entries[0].id" and err["message"] == "Interview 1, “Entry id”: every entry needs an id."
    twice = _ok({"op": "open", "text": json.dumps(_doc(_entry("a"), _entry("a", company="Twin")))})
    assert [e["company"] for e in twice["doc"]["entries"]] == [""]
    assert twice["unrecoverable"] == [{"index": 1, "reason": "Interview 2, “Entry id”: the id “a” is used twice (also by entry 1)."}]
    newer = dict(_doc(), version=7)
    assert _err({"op": "open", "text": json.dumps(newer)}, "newer_version")["path"] == "version"
    _err({"op": "open", "text": 12}, "unreadable")


def test_open_sets_a_bad_field_aside_and_keeps_the_rest_of_the_entry():
    bad = _doc(_entry("a", company="Acme", notes="my words"), _entry("b", company="Bolt"))
    bad["entries"][0]["reflection"]["ratings"]["answers"] = 7
    bad["entries"][0]["interview_date"] = "2026-02-30"
    result = _ok({"op": "open", "text": json.dumps(bad), "now": "2026-12-01T09:00:00+01:00"})
    entry = result["doc"]["entries"][0]
    assert entry["company"] == "Acme" and entry["notes"] == "my words"
    assert entry["reflection"]["ratings"]["answers"] is None and entry["interview_date"] == ""
    assert [(a["key"], a["value"], a["when"]) for a in entry["set_aside"]] == [
        ("interview_date", "2026-02-30", "2026-12-01T08:00:00Z"),
        ("reflection.ratings.answers", 7, "2026-12-01T08:00:00Z"),
    ]
    assert result["doc"]["entries"][1] == bad["entries"][1]
    assert result["recovered"] == [
        {"entry_id": "a", "title": "Acme", "key": "interview_date", "label": "Interview date",
         "reason": "Interview 1, “Interview date”: 2026-02-30 is not a real calendar date."},
        {"entry_id": "a", "title": "Acme", "key": "reflection.ratings.answers", "label": "My answers",
         "reason": "Interview 1, “My answers”: a rating must be from 1 to 5; found 7."},
    ]
    assert result["unrecoverable"] == [] and result["migrated_from"] is None
    assert codec.validate(result["doc"]) == result["doc"]
    # without "now" the time of the call is used
    stamp = _ok({"op": "open", "text": json.dumps(bad)})["doc"]["entries"][0]["set_aside"][0]["when"]
    assert stamp.endswith("Z") and codec._check_stamp(stamp, "x") == stamp
    assert _err({"op": "open", "text": json.dumps(bad), "now": "later"}, "bad_request")["path"] == "now"


def test_open_lists_entries_it_cannot_use_and_returns_the_others():
    raw = _doc({"company": "no id"}, _entry("b", company="Bolt"))
    result = _ok({"op": "open", "text": json.dumps(raw), "now": NOW})
    assert [e["id"] for e in result["doc"]["entries"]] == ["b"]
    assert result["unrecoverable"] == [{"index": 0, "reason": "Interview 1, “Entry id”: every entry needs an id."}]
    assert result["recovered"] == []


def test_open_of_a_valid_document_recovers_nothing():
    text = json.dumps(_doc(_entry("a")))
    result = _ok({"op": "open", "text": text})
    assert result["recovered"] == [] and result["unrecoverable"] == []


# --- validate_import -------------------------------------------------------------------------


def test_validate_import_summarises_add_replace_same():
    current = _doc(_entry("a", company="Acme"), _entry("b", company="Bolt"), _entry("d", company="Dune"))
    incoming = _doc(_entry("a", company="Acme"), _entry("b", company="Bolt", role="Chef"), _entry("c"))
    result = _ok({"op": "validate_import", "text": codec.dumps(incoming), "current": current})
    assert result["doc"] == incoming
    t = "2026-11-26T10:00:00Z"
    assert result["summary"] == {
        "add": [{"id": "c", "title": "Untitled interview", "here_updated": None, "backup_updated": t}],
        "same": [{"id": "a", "title": "Acme", "here_updated": t, "backup_updated": t}],
        "newer_here": [], "newer_backup": [],
        "conflict": [{"id": "b", "title": "Chef at Bolt", "here_updated": t, "backup_updated": t,
                      "differ": ["Role"], "combined": True, "nothing_new": False}],
        "only_here": [{"id": "d", "title": "Dune", "here_updated": t, "backup_updated": None}],
    }


def test_validate_import_says_per_entry_which_side_is_newer():
    current = _doc(_entry("a", company="A here"), _entry("b", company="B here"))
    current["entries"][0]["updated"] = "2026-12-01T10:00:00Z"
    incoming = _doc(_entry("a", company="A backup"), _entry("b", company="B backup"))
    incoming["entries"][1]["updated"] = "2026-12-01T10:00:00Z"
    summary = _ok({"op": "validate_import", "text": codec.dumps(incoming), "current": current})["summary"]
    assert summary["newer_here"] == [{"id": "a", "title": "A backup", "here_updated": "2026-12-01T10:00:00Z",
                                      "backup_updated": "2026-11-26T10:00:00Z", "differ": ["Company"], "combined": False,
                                      "nothing_new": False}]
    assert summary["newer_backup"] == [{"id": "b", "title": "B backup", "here_updated": "2026-11-26T10:00:00Z",
                                        "backup_updated": "2026-12-01T10:00:00Z", "differ": ["Company"], "combined": False,
                                        "nothing_new": False}]


def test_validate_import_sets_bad_values_in_the_file_aside_and_imports_the_rest():
    current = _doc(_entry("a", company="Acme"))
    backup = _doc(_entry("a", company="Acme"), _entry("b", company="Bolt"))
    backup["entries"][1]["stage"] = "ceo"
    backup["entries"].append({"company": "no id"})
    result = _ok({"op": "validate_import", "text": json.dumps(backup), "current": current, "now": NOW})
    b = result["doc"]["entries"][1]
    assert b["company"] == "Bolt" and b["stage"] == "" and b["set_aside"][0]["value"] == "ceo"
    assert [r["key"] for r in result["recovered"]] == ["stage"]
    assert result["unrecoverable"] == [{"index": 2, "reason": "Interview 3, “Entry id”: every entry needs an id."}]
    assert [i["id"] for i in result["summary"]["add"]] == ["b"]
    clean = _ok({"op": "validate_import", "text": codec.dumps(current), "current": current})
    assert clean["recovered"] == [] and clean["unrecoverable"] == []


def test_validate_import_errors():
    current = _doc()
    _err({"op": "validate_import", "text": "nope", "current": current}, "unreadable")
    dup = '{"schema": "next-round-worksheet", "schema": "next-round-worksheet", "version": 1}'
    assert "twice" in _err({"op": "validate_import", "text": dup, "current": current}, "invalid")["message"]
    assert _err({"op": "validate_import", "current": current}, "bad_request")["path"] == "text"
    assert _err({"op": "validate_import", "text": "{}"}, "bad_request")["path"] == "current"
    err = _err({"op": "validate_import", "text": codec.dumps(current), "current": {"schema": "x"}}, "invalid")
    assert err["path"] == "current.schema" and err["message"].startswith("In “current”: The worksheet’s “schema”")
    newer = dict(current, version=codec.SCHEMA_VERSION + 1)
    _err({"op": "merge", "current": current, "incoming": newer, "mode": "newer"}, "newer_version")
    bad_current = _doc(_entry("a"))
    bad_current["entries"][0]["stage"] = "nope"
    assert _err({"op": "validate_import", "text": codec.dumps(current), "current": bad_current}, "invalid")["path"] == "current.entries[0].stage"
    _err({"op": "validate_import", "text": json.dumps(dict(current, version=codec.SCHEMA_VERSION + 1)), "current": current}, "newer_version")


# --- merge -------------------------------------------------------------------------------


def test_merge_by_id_keeps_order_the_newer_version_and_the_other_as_a_copy():
    current = _doc(_entry("a", company="Old A"), _entry("b", company="B"), _entry("n", company="Newer here"))
    current["entries"][2]["updated"] = "2026-12-01T10:00:00Z"
    current["settings"]["active_entry"] = "b"
    current["settings"]["edits_since_export"] = 4
    incoming = _doc(_entry("c", company="C"), _entry("a", company="New A"), _entry("n", company="Older backup"))
    incoming["entries"][1]["updated"] = "2026-11-27T10:00:00Z"
    for mode in ("newer", None):
        request = {"op": "merge", "current": current, "incoming": incoming, "now": NOW}
        if mode:
            request["mode"] = mode
        result = _ok(request)
        doc = result["doc"]
        assert [(e["id"].split("-copy-")[0], e["company"], bool(e["copy_of"])) for e in doc["entries"]] == [
            ("a", "New A", False), ("a", "Old A", True), ("b", "B", False), ("n", "Newer here", False),
            ("n", "Older backup", True), ("c", "C", False)]
        assert doc["settings"] == {"active_entry": "b", "edits_since_export": 4, "last_export": "", "your_name": ""}
        assert result["replaced"] == [] and result["combined"] == []


def test_merge_combines_edits_to_different_fields_of_one_entry():
    current = _doc(_entry("a", company="Acme", role="Typed here at 10:00"))
    current["entries"][0]["updated"] = "2026-12-01T10:00:00Z"
    incoming = _doc(_entry("a", company="Acme", notes="Typed in the backup at 11:00"))
    incoming["entries"][0]["updated"] = "2026-12-01T11:00:00Z"
    incoming["entries"][0]["interviewers"] = [{"name": "Ana", "title": "", "email": "", "topic": ""}]
    current["entries"][0]["interviewers"] = [{"name": "Bo", "title": "", "email": "", "topic": ""}]
    result = _ok({"op": "merge", "current": current, "incoming": incoming, "now": NOW})
    (entry,) = result["doc"]["entries"]
    assert (entry["role"], entry["notes"], entry["updated"]) == ("Typed here at 10:00", "Typed in the backup at 11:00", "2026-12-01T11:00:00Z")
    assert [i["name"] for i in entry["interviewers"]] == ["Ana", "Bo"]
    assert result["combined"] == [{"id": "a", "title": "Typed here at 10:00 at Acme", "from_here": ["Role", "Interviewers"],
                                   "from_backup": ["Interviewers", "Notes"]}]
    assert result["replaced"] == []


def test_merge_backup_mode_keeps_newer_work_here_as_a_copy():
    current = _doc(_entry("n", company="Newer here"), _entry("o", company="Older here"))
    current["entries"][0]["updated"] = "2026-12-01T10:00:00Z"
    incoming = _doc(_entry("n", company="Backup"), _entry("o", company="Backup O"))
    incoming["entries"][1]["updated"] = "2026-12-01T10:00:00Z"
    result = _ok({"op": "merge", "current": current, "incoming": incoming, "mode": "backup", "now": "2026-12-02T08:00:00+01:00"})
    entries = result["doc"]["entries"]
    assert [(e["id"], e["company"]) for e in entries[::2]] == [("n", "Backup"), ("o", "Backup O")]
    copy_ = entries[1]
    assert copy_["company"] == "Newer here" and copy_["copy_of"] == {"id": "n", "reason": "import", "when": "2026-12-02T07:00:00Z"}
    assert copy_["id"].startswith("n-copy-") and copy_ == dict(current["entries"][0], id=copy_["id"], copy_of=copy_["copy_of"])
    assert result["replaced"] == [current["entries"][1]]
    again = _ok({"op": "merge", "current": current, "incoming": incoming, "mode": "backup", "now": "2026-12-02T07:00:00Z"})
    assert again == result  # copy ids come from the id and the time: the same merge, the same ids


def test_merge_keeps_your_name_and_takes_the_backups_when_none_is_set_here():
    current, incoming = _doc(_entry("a")), _doc(_entry("b"))
    incoming["settings"]["your_name"] = "Sam Lee"
    for mode in ("newer", "backup", "replace"):
        doc = _ok({"op": "merge", "current": current, "incoming": incoming, "mode": mode, "now": NOW})["doc"]
        assert doc["settings"]["your_name"] == "Sam Lee"
        here = dict(current, settings=dict(current["settings"], your_name="Sam L."))
        doc = _ok({"op": "merge", "current": here, "incoming": incoming, "mode": mode, "now": NOW})["doc"]
        assert doc["settings"]["your_name"] == "Sam L."


def test_merge_replace_takes_all_incoming_entries():
    current = _doc(_entry("a"), _entry("b"))
    current["settings"]["active_entry"] = "b"
    incoming = _doc(_entry("c", company="C"))
    result = _ok({"op": "merge", "current": current, "incoming": incoming, "mode": "replace"})
    doc = result["doc"]
    assert [e["id"] for e in doc["entries"]] == ["c"]
    assert doc["settings"]["active_entry"] == "c"
    assert result["replaced"] == current["entries"]
    empty = _ok({"op": "merge", "current": current, "incoming": _doc(), "mode": "replace"})["doc"]
    assert empty["entries"] == [] and empty["settings"]["active_entry"] == ""
    same = _ok({"op": "merge", "current": current, "incoming": _doc(_entry("a"), _entry("x")), "mode": "replace"})
    assert same["replaced"] == [current["entries"][1]]  # an identical version is not replaced


def test_merge_errors():
    d = _doc()
    assert _err({"op": "merge", "current": d, "incoming": d, "mode": "mix"}, "bad_request")["path"] == "mode"
    assert _err({"op": "merge", "current": d, "incoming": d, "mode": 3}, "bad_request")["path"] == "mode"
    assert _err({"op": "merge", "current": d, "incoming": d, "now": "x"}, "bad_request")["path"] == "now"
    assert _err({"op": "merge", "current": d, "incoming": [], "mode": "newer"}, "bad_request")["path"] == "incoming"
    assert _err({"op": "merge", "current": d, "incoming": {"schema": 1}, "mode": "newer"}, "invalid")["path"] == "incoming.schema"


@ENGINE
@given(documents(max_entries=3), documents(max_entries=3))
def test_merge_is_a_union_by_id(current, incoming):
    result = _ok({"op": "merge", "current": current, "incoming": incoming, "mode": "newer", "now": NOW})
    doc = result["doc"]
    originals = [e["id"] for e in doc["entries"] if e["copy_of"] is None or e["id"] in {x["id"] for x in current["entries"] + incoming["entries"]}]
    assert set(originals) == {e["id"] for e in current["entries"]} | {e["id"] for e in incoming["entries"]}
    # merging the same import twice changes nothing more
    again = _ok({"op": "merge", "current": doc, "incoming": incoming, "mode": "newer", "now": NOW})
    assert again["doc"] == doc


# --- export json -------------------------------------------------------------------------


def test_export_json_is_the_codec_backup():
    doc = _doc(_entry("a", company="Acme 😀"), _entry("b"))
    result = _ok({"op": "export", "doc": doc, "format": "json", "entry_id": None, "now": NOW})
    assert result["mime"] == "application/json"
    assert result["filename"] == "next-round-backup-2026-11-26.json"
    assert result["text"] == codec.dumps(doc)
    one = _ok({"op": "export", "doc": doc, "format": "json", "entry_id": "b", "now": "2026-11-27T01:00:00+02:00"})
    assert one["filename"] == "next-round-untitled-interview-2026-11-27.json"
    naive = _ok({"op": "export", "doc": doc, "format": "json", "entry_id": None, "now": "2026-11-27T23:30:00"})
    assert naive["filename"] == "next-round-backup-2026-11-27.json"
    # an empty entry id (no active entry yet) means every entry, like null
    every = _ok({"op": "export", "doc": doc, "format": "json", "entry_id": "", "now": NOW})
    assert every["text"] == result["text"]
    assert [e["id"] for e in codec.loads(one["text"])["entries"]] == ["b"]


def test_export_errors():
    doc = _doc(_entry("a"))
    base = {"op": "export", "doc": doc, "format": "json", "entry_id": None, "now": NOW}
    assert _err(dict(base, format="pdf"), "bad_request")["path"] == "format"
    assert _err(dict(base, entry_id="zz"), "bad_request")["path"] == "entry_id"
    assert _err(dict(base, entry_id=3), "bad_request")["path"] == "entry_id"
    assert _err(dict(base, now="soon"), "bad_request")["path"] == "now"
    assert _err({k: v for k, v in base.items() if k != "now"}, "bad_request")["path"] == "now"
    assert _err(dict(base, format=True), "bad_request")["path"] == "format"


# --- requests ----------------------------------------------------------------------------


@pytest.mark.parametrize("request_", [None, [], "open", {"op": "nope"}, {"op": 3}, {}])
def test_malformed_requests(request_):
    _err(request_, "bad_request")


def test_unexpected_exceptions_become_internal_errors(monkeypatch):
    def boom(request):
        raise RuntimeError("kaput")

    monkeypatch.setitem(api.OPS, "open", boom)
    err = _err({"op": "open", "text": None}, "internal")
    assert "kaput" in err["message"] and err["path"] == ""


@ENGINE
@given(
    st.fixed_dictionaries(
        {"op": st.sampled_from(sorted(api.OPS) + ["x"])},
        optional={
            "text": st.one_of(json_values, json_values.map(json.dumps)),
            "current": json_values, "incoming": json_values, "doc": json_values,
            "mode": st.sampled_from(["merge", "newer", "backup", "replace", "x"]), "format": st.sampled_from(["json", "markdown", "ics", "x"]),
            "entry_id": st.one_of(st.none(), st.text(max_size=3)), "now": st.sampled_from([NOW, "x"]),
            "today": st.sampled_from(["2026-11-26", "x"]), "to": json_values, "subject": json_values, "body": json_values,
        },
    )
)
def test_handle_never_fails_internally_on_arbitrary_requests(request_):
    result = api.handle(request_)
    json.dumps(result)
    if not result["ok"]:
        assert result["error"]["code"] in ("unreadable", "invalid", "newer_version", "bad_request"), result


# --- mailto ------------------------------------------------------------------------------


def test_mailto_op():
    result = _ok({"op": "mailto", "to": "ana@example.com", "subject": "Hi there", "body": "a\nb"})
    assert result["url"] == "mailto:ana@example.com?subject=Hi%20there&body=a%0D%0Ab"
    assert _err({"op": "mailto", "to": "x", "subject": 1, "body": ""}, "bad_request")["path"] == "subject"


def test_compute_wants_a_real_today():
    doc = _doc(_entry("a"))
    for today in ("", "2026-02-30", 3):
        assert _err({"op": "compute", "doc": doc, "entry_id": "a", "today": today}, "bad_request")["path"] == "today"
    assert _err({"op": "compute", "doc": doc, "today": "2026-01-01"}, "bad_request")["path"] == "entry_id"


def test_summaries_op_gives_every_title_and_status():
    doc = _doc(_entry("a", company="Acme", news_via="email"), _entry("b"))
    note = {"id": "a", "reason": "other_tab", "when": NOW}
    doc["entries"][1].update(copy_of=note, set_aside=[
        {"key": "stage", "label": "Stage", "value": "ceo", "reason": "not an option", "when": NOW}])
    result = _ok({"op": "summaries", "doc": doc})
    assert result["entries"] == [
        {"id": "a", "title": "Acme", "status": "Rejected", "copy_of": None, "set_aside": 0},
        {"id": "b", "title": "Untitled interview", "status": "Waiting", "copy_of": note, "set_aside": 1},
    ]
    for entry, summary in zip(doc["entries"], result["entries"]):
        full = _ok({"op": "compute", "doc": doc, "entry_id": entry["id"], "today": "2026-01-01"})
        assert (full["title"], full["status"]) == (summary["title"], summary["status"])
    assert _err({"op": "summaries"}, "bad_request")["path"] == "doc"


@pytest.mark.parametrize(
    ("here", "there", "newer_here"),
    [("2026-03-02T10:00:00Z", "2026-03-01T10:00:00Z", True), ("2026-03-01T10:00:00Z", "2026-03-02T10:00:00Z", False),
     ("", "2026-03-02T10:00:00Z", False), ("2026-03-02T10:00:00", "2026-03-02T09:00:00+00:00", True),
     ("2026-03-02T10:00:00+02:00", "2026-03-02T09:00:00Z", False)],
)
def test_validate_import_flags_entries_edited_more_recently_here(here, there, newer_here):
    current = _doc(_entry("a", company="Here"))
    current["entries"][0]["updated"] = here
    incoming = _doc(_entry("a", company="There"))
    incoming["entries"][0]["updated"] = there
    result = _ok({"op": "validate_import", "text": codec.dumps(incoming), "current": current})
    assert len(result["summary"]["newer_here"]) == int(newer_here)


def test_the_contract_in_the_repository_lists_every_operation():
    import re
    from pathlib import Path

    text = (Path(api.__file__).with_name("API.md")).read_text(encoding="utf-8")
    assert sorted(re.findall(r"^\| `(\w+)` \|", text, re.M)) == sorted(api.OPS)


def test_validate_import_says_when_an_older_backup_adds_nothing():
    current = _doc(_entry("a", company="Acme", role="Written after the backup"))
    current["entries"][0]["updated"] = "2026-12-01T10:00:00Z"
    incoming = _doc(_entry("a", company="Acme"))
    summary = _ok({"op": "validate_import", "text": codec.dumps(incoming), "current": current})["summary"]
    assert [(i["differ"], i["combined"], i["nothing_new"]) for i in summary["newer_here"]] == [(["Role"], True, True)]
    merged = _ok({"op": "merge", "current": current, "incoming": incoming, "now": NOW})
    assert merged["doc"]["entries"] == current["entries"] and merged["combined"] == []


# --- a file this site made that is not a backup ------------------------------------------------


def test_importing_a_record_csv_or_a_summary_says_what_the_file_is():
    doc = make_doc(_entry(company="Acme", role="Designer", interview_date="2026-03-05"))
    for fmt, says in (("csv", "job-search record"), ("markdown", "summary"), ("ics", "calendar")):
        made = _ok({"op": "export", "doc": doc, "format": fmt, "entry_id": None, "now": "2026-03-05T09:00:00Z"})
        error = _err({"op": "validate_import", "text": made["text"], "current": model.empty_document()}, "unreadable")
        assert "not readable JSON" not in error["message"], error
        assert says in error["message"] and "Export backup" in error["message"] and ".json" in error["message"]
    # not one of this site's files: the JSON parser's words, as before
    error = _err({"op": "validate_import", "text": "hello", "current": model.empty_document()}, "unreadable")
    assert "not readable JSON" in error["message"]


def test_export_names_files_and_the_record_with_the_day_of_the_given_offset():
    doc = make_doc(_entry(company="Acme", role="Designer", interview_date="2026-03-05"))
    tokyo = "2026-03-05T08:30:00.000+09:00"  # 4 March 23:30 UTC
    for fmt, ext in (("json", "json"), ("csv", "csv"), ("markdown", "md")):
        made = _ok({"op": "export", "doc": doc, "format": fmt, "entry_id": None, "now": tokyo})
        assert made["filename"].endswith(f"-2026-03-05.{ext}"), made["filename"]
    record = _ok({"op": "export", "doc": doc, "format": "record", "entry_id": None, "now": tokyo})
    assert record["record"]["made_on"] == "2026-03-05"
