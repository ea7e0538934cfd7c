"""Exports: JSON backup, Markdown summary, and an RFC 5545 calendar read back by icalendar."""

from __future__ import annotations

import csv as _csv
import datetime as dt
import io as _io

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from worksheet import codec, exports, plan
from worksheet import record as _record
from worksheet.errors import WorksheetError

from strategies import ENGINE, documents, text
from builders import make_entry as _entry, make_doc as _doc

NOW = dt.datetime(2026, 11, 26, 11, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))


RICH = _entry(
    "e-1", company="Acme; Ltd, \\ “Ünïcode” 😀", role="Product Designer", interview_date="2026-03-04",
    decision_date="2026-03-10", news_via="email", stage="final",
    interviewers=[{"name": "Ana Silva", "title": "Head of Design"}, {"name": "", "title": ""}],
    reflection__questions=[{"question": "Tell me about yourself", "how_it_went": "Too long.\nRambled."}],
    reflection__ratings__answers=2, reflection__went_well=["Good portfolio", ""],
    reflection__to_change=[{"change": "Shorter answers", "fix": "Practise with a timer"}, {"change": "", "fix": ""}],
    mindset__story="They thought I was too junior.\n\nMaybe not.", thank_you__sent=True,
    actions=[{"text": "Mock interview with Sam", "due": "2026-03-20", "done": False},
             {"text": "Old task", "due": "2026-03-01", "done": True}],
)
RICH["plan_done"] = {"mentor": True}


# --- CSV of the job-search record ---------------------------------------------------------

RECORD_DOC = _doc(
    _entry("r-1", company="=HYPERLINK(\"http://x\")", role="+Lead, \"Ops\"", interview_date="2026-03-04",
           stage="first", format="phone", interviewers=[{"name": "@ana", "title": "-Head"}],
           record__applied_on="2026-02-01", record__contact_person="\tTab\r\nPerson",
           news_via="email", decision_date="2026-03-09"),
    _entry("r-2", company="Bolt 😀", role="'quoted", interview_date="2026-03-04"),
)


def _unneutralise(cell: str) -> str:
    """The inverse of the export's guard: one leading apostrophe before a guarded character."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r", "'"):
        return cell[1:]
    return cell


def _read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(_csv.reader(_io.StringIO(text[1:], newline="")))


def _expected(doc, entry_id=None):
    rec = _record.job_search_record(doc, entry_id)
    keys = [k for k, _ in _record.COLUMNS]
    return [[a[k] for k in keys] for a in rec["activities"] + rec["undated"]]


def test_csv_parses_back_to_the_record():
    out = exports.export(RECORD_DOC, "csv", None, NOW)
    assert out["filename"] == "next-round-job-search-record-2026-11-26.csv"
    assert out["mime"] == "text/csv;charset=utf-8"
    text = out["text"]
    outside_cells = text.replace("Tab\r\nPerson", "")  # the one cell holding a line break
    assert "\n" not in outside_cells.replace("\r\n", "") and "\r" not in outside_cells.replace("\r\n", "")
    assert outside_cells.endswith("\r\n") and outside_cells.count("\r\n") == len(_expected(RECORD_DOC)) + 1
    rows = _read_csv(text)
    assert rows[0] == [label for _, label in _record.COLUMNS]
    assert [[_unneutralise(c) for c in row] for row in rows[1:]] == _expected(RECORD_DOC)
    # formula characters are guarded, quotes doubled inside quoted cells
    assert "\"'=HYPERLINK(\"\"http://x\"\")\"" in text and "\"'+Lead, \"\"Ops\"\"\"" in text
    assert "'@ana" in text and "''quoted" in text
    for row in rows:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_csv_of_one_entry_and_of_nothing():
    one = exports.export(RECORD_DOC, "csv", "r-2", NOW)
    assert [[_unneutralise(c) for c in r] for r in _read_csv(one["text"])[1:]] == _expected(RECORD_DOC, "r-2")
    assert one["filename"] == "next-round-job-search-record-quoted-at-bolt-2026-11-26.csv"
    empty = exports.export(_doc(), "csv", None, NOW)
    assert _read_csv(empty["text"]) == [[label for _, label in _record.COLUMNS]]


@pytest.mark.parametrize(
    ("cell", "safe"),
    [("=1+1", "'=1+1"), ("+49 30", "'+49 30"), ("-x", "'-x"), ("@sum", "'@sum"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("'x", "''x"), ("2026-03-04", "2026-03-04"), ("a=b", "a=b"), ("", "")],
)
def test_neutralise(cell, safe):
    assert exports.neutralise(cell) == safe
    assert _unneutralise(safe) == cell


@ENGINE
@given(text, text, text, text)
def test_any_text_round_trips_through_the_csv(company, role, person, interviewer):
    doc = _doc(_entry("x", company=company, role=role, interview_date="2026-01-02",
                      interviewers=[{"name": interviewer, "title": person}],
                      record__applied_on="2026-01-01", record__contact_person=person))
    text_out = exports.export(doc, "csv", None, NOW)["text"]
    rows = _read_csv(text_out)
    for row in rows:
        assert len(row) == len(_record.COLUMNS)
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert [[_unneutralise(c) for c in row] for row in rows[1:]] == _expected(doc)


def test_record_export_gives_the_print_view():
    out = exports.export(RECORD_DOC, "record", None, NOW)
    assert out["filename"] == "next-round-job-search-record-2026-11-26.json"
    assert out["mime"] == "application/json"
    assert out["record"] == _record.print_view(RECORD_DOC, NOW)
    import json as _json

    assert _json.loads(out["text"]) == out["record"]


# --- JSON ---------------------------------------------------------------------------------


def test_json_export_is_codec_dumps_and_round_trips():
    doc = _doc(RICH, _entry("e-2"))
    out = exports.export(doc, "json", None, NOW)
    assert out == {"filename": "next-round-backup-2026-11-26.json", "mime": "application/json",
                   "text": codec.dumps(doc)}
    assert codec.loads(out["text"]) == doc
    one = exports.export(doc, "json", "e-1", NOW)
    assert one["filename"].startswith("next-round-product-designer-at-acme-ltd")
    back = codec.loads(one["text"])
    assert back["entries"] == [doc["entries"][0]] and back["settings"]["active_entry"] == "e-1"


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_of_one_entry():
    out = exports.export(_doc(RICH), "markdown", "e-1", NOW)
    assert out["mime"] == "text/markdown" and out["filename"].endswith("-2026-11-26.md")
    md = out["text"]
    assert md.startswith("# Product Designer at Acme; Ltd")
    assert "Status: Rejected" in md
    assert "## 1. Reflect and write it down" in md and "## 2. Don't take it personally" in md
    assert "- **Stage:** Final round" in md
    assert "- **My answers:** 2 out of 5" in md
    assert md.startswith("# Product Designer at Acme; Ltd, \\\\ “Ünïcode” 😀\n")  # the backslash escaped
    assert "\n    - Ana Silva (title: Head of Design)\n" in md
    assert "\n    - Tell me about yourself (how my answer went: Too long. Rambled.)\n" in md
    assert "\n    - Good portfolio\n" in md
    assert "\n    - Shorter answers (how I will fix it: Practise with a timer)\n" in md
    # a long answer stays on its field's one line, its line breaks read as spaces
    assert "\n- **The story I'm telling myself:** They thought I was too junior. Maybe not.\n" in md
    assert "- **Thank-you note sent:** yes" in md
    assert "## Plan" in md
    assert "- [x] Send a short thank-you note to each interviewer you connected with (by 2026-03-05)" in md
    assert "- [ ] Mock interview with Sam (by 2026-03-20)" in md
    assert "- [ ] You could apply to this company again (from 2026-09-10)" in md
    assert "## 4. Ask for feedback" in md  # the check box "requested: no" is still shown
    assert "\n\n\n" not in md and md.endswith("\n") and not md.endswith("\n\n")


def test_markdown_of_all_entries_and_of_none():
    md = exports.markdown(_doc(RICH, _entry("e-2", company="Bolt")))
    assert md.startswith("# Next Round worksheet\n")
    assert "\n## Product Designer at Acme" in md and "\n## Bolt\n" in md and "\n### 1. Reflect" in md
    assert "No interviews written down yet." in exports.markdown(_doc())
    assert exports.export(_doc(), "markdown", None, NOW)["filename"] == "next-round-summary-2026-11-26.md"


# --- iCalendar ----------------------------------------------------------------------------


def _parse(text):
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    return icalendar.Calendar.from_ical(text)


def test_ics_parses_back_with_the_same_events():
    doc = _doc(RICH)
    out = exports.export(doc, "ics", None, NOW)
    assert out["mime"] == "text/calendar" and out["filename"] == "next-round-plan-2026-11-26.ics"
    cal = _parse(out["text"])
    assert str(cal["VERSION"]) == "2.0" and "Next Round" in str(cal["PRODID"])
    events = list(cal.walk("VEVENT"))
    expected = exports.calendar_events(doc)
    assert len(events) == len(expected) > 3
    for ev, want in zip(events, expected):
        assert str(ev["SUMMARY"]) == want["summary"]
        assert str(ev["DESCRIPTION"]) == want["description"]
        assert ev.decoded("DTSTART") == want["date"]
        assert ev.decoded("DTEND") == want["date"] + dt.timedelta(days=1)
        assert str(ev["UID"]) == want["uid"] == exports.uid("e-1", _id_for(doc, want))
        assert ev.decoded("DTSTAMP") == dt.datetime(2026, 11, 26, 9, 5, 9, tzinfo=dt.timezone.utc)
        alarms = list(ev.walk("VALARM"))
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == dt.timedelta(hours=9)
    summaries = {str(ev["SUMMARY"]) for ev in events}
    assert "Mock interview with Sam (Product Designer at Acme; Ltd, \\ “Ünïcode” 😀)" in summaries
    # done steps are not put in the calendar
    assert not any(s.startswith(("Old task", "Send a short thank-you", "Talk this interview")) for s in summaries)


def _id_for(doc, event):
    for item in plan.build_plan(doc["entries"][0]):
        if exports.uid("e-1", item["id"]) == event["uid"]:
            return item["id"]
    raise AssertionError("no step for this UID")


def test_uids_are_stable_and_distinct():
    assert exports.uid("a", "thank_you") == exports.uid("a", "thank_you")
    assert len({exports.uid("a", "x"), exports.uid("a", "y"), exports.uid("b", "x"), exports.uid("a\x00x", "")}) == 4
    doc = _doc(RICH)
    later = NOW + dt.timedelta(days=3)
    first = [str(e["UID"]) for e in _parse(exports.ics(doc, None, NOW)).walk("VEVENT")]
    again = [str(e["UID"]) for e in _parse(exports.ics(doc, None, later)).walk("VEVENT")]
    assert first == again


def test_ics_without_dated_steps_is_refused_clearly():
    with pytest.raises(WorksheetError) as info:
        exports.export(_doc(_entry("x")), "ics", None, NOW)
    assert info.value.code == "bad_request" and "no dated steps" in info.value.message


def test_ics_for_one_entry_and_naive_now_is_utc():
    doc = _doc(RICH, _entry("other", interview_date="2026-05-05", news_via="none"))
    one = exports.ics(doc, "other", dt.datetime(2026, 1, 2, 3, 4, 5))
    cal = _parse(one)
    assert {ev.decoded("DTSTART") for ev in cal.walk("VEVENT")} >= {dt.date(2026, 5, 12)}
    assert "DTSTAMP:20260102T030405Z" in one
    assert "Acme" not in one


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("a;b,c\\d", "a\\;b\\,c\\\\d"), ("line1\r\nline2\nline3\rline4", "line1\\nline2\\nline3\\nline4"),
     ("bell\x07tab\tok", "belltab\tok"), ("", "")],
)
def test_escape_text(raw, escaped):
    assert exports.escape_text(raw) == escaped


def test_fold_never_splits_a_utf8_character():
    line = "SUMMARY:" + "😀é" * 40
    folded = exports.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line
    assert exports.fold("short") == "short"


@ENGINE
@given(text, text, st.sampled_from(["2026-03-02", "2026-03-07", "2030-12-31"]))
def test_any_text_survives_the_calendar_round_trip(company, action, due):
    entry = _entry("e", company=company, interview_date=due, news_via="email",
                   actions=[{"text": action, "due": due, "done": False}])
    text_out = exports.ics(_doc(entry), None, NOW)
    cal = _parse(text_out)
    events = list(cal.walk("VEVENT"))
    wanted = exports.calendar_events(_doc(entry))
    assert [str(e["SUMMARY"]) for e in events] == [_clean(w["summary"]) for w in wanted]


def _clean(value):
    """What survives TEXT: line breaks normalised to LF, other control characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or not (ord(ch) < 32 or ord(ch) == 127))


@ENGINE
@given(documents(max_entries=3))
def test_every_export_of_any_document_is_well_formed(doc):
    doc = codec.validate(doc)
    assert codec.loads(exports.export(doc, "json", None, NOW)["text"]) == doc
    assert exports.export(doc, "markdown", None, NOW)["text"].startswith("# Next Round worksheet")
    try:
        cal = _parse(exports.export(doc, "ics", None, NOW)["text"])
    except WorksheetError as exc:
        assert exc.code == "bad_request" and not exports.calendar_events(doc)
    else:
        assert len(list(cal.walk("VEVENT"))) == len(exports.calendar_events(doc))


def test_unknown_format():
    with pytest.raises(WorksheetError):
        exports.export(_doc(), "pdf", None, NOW)


# --- copies and set-aside values ------------------------------------------------------------

WHEN = "2026-11-26T10:00:00Z"


def test_every_export_keeps_the_copy_note_and_set_aside_values():
    copy = _entry("e-2", company="Acme", interview_date="2026-03-04", news_via="email")
    copy["copy_of"] = {"id": "e-1", "reason": "import", "when": WHEN}
    copy["set_aside"] = [
        {"key": "reflection.ratings.answers", "label": "My answers", "value": 7,
         "reason": "a rating must be from 1 to 5; found 7.", "when": WHEN},
        {"key": "notes", "label": "", "value": "kept words", "reason": "", "when": WHEN},
    ]
    doc = _doc(RICH, copy)
    assert codec.loads(exports.export(doc, "json", None, NOW)["text"]) == doc
    md = exports.markdown(doc, "e-2")
    assert "Kept as a copy of entry “e-1” on 2026-11-26T10:00:00Z, because an imported backup took its place." in md
    assert "## Set aside" in md
    assert "- **My answers:** 7 (a rating must be from 1 to 5; found 7.)" in md
    assert "- **notes:** kept words\n" in md
    for reason, words in exports.COPY_WORDS.items():
        doc["entries"][1]["copy_of"]["reason"] = reason
        assert words in exports.markdown(doc, "e-2")
    assert "Set aside" not in exports.markdown(doc, "e-1") and "Kept as a copy" not in exports.markdown(doc, "e-1")
    # the copy's own plan steps stay in the calendar, under its own UIDs
    uids = {ev["uid"] for ev in exports.calendar_events(doc)}
    assert any(u == exports.uid("e-2", "reapply") for u in uids) and any(u == exports.uid("e-1", "reapply") for u in uids)


# --- hostile text in the Markdown summary ------------------------------------------------------

import html.parser  # noqa: E402

import markdown as python_markdown  # noqa: E402

HOSTILE = [
    "<img src=x onerror=alert(1)>", "\n# Forged heading", "[link](javascript:alert(1))", "> quoted\n>> deeper",
    "- fake item", "* star", "+ plus", "1. one", "2) two", "| a | b |\n|---|---|\n| c | d |", "```\ncode\n```",
    "`tick`", "&amp; &lt;b&gt;", "<script>alert(1)</script>", "a\r\nb\rc\u2028d\x0be", "    four spaces",
    "![img](javascript:alert(1))", "<javascript:alert(1)>", "**bold** _under_ \\ back",
    "Title\n=====", "text\n\n---\n", "[ref]: javascript:alert(1)", "<a href='javascript:alert(1)'>x</a>",
]


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.hrefs, self.headings, self._in = [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k in ("href", "src")]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._in = []

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._in is not None:
            self.headings.append("".join(self._in))
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._in.append(data)


def _hostile_doc(text):
    entry = _entry("e-1", company=text, role=text, notes=text, mindset__story=text, interview_date="2026-03-04",
                   interviewers=[{"name": text, "title": text}], reflection__went_well=[text, "fine"],
                   reflection__questions=[{"question": text, "how_it_went": text}],
                   actions=[{"text": text, "due": "2026-03-20", "done": False}])
    entry["set_aside"] = [{"key": "stage", "label": "Stage", "value": text, "reason": "not an option", "when": WHEN}]
    return _doc(entry)


def _render(text):
    parser = _Tags()
    rendered = python_markdown.markdown(exports.markdown(_hostile_doc(text)))
    parser.feed(rendered)
    return rendered, parser


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_inert_in_the_markdown_summary(text):
    md = exports.markdown(_hostile_doc(text))
    rendered, parser = _render(text)
    _, plain = _render("Plain words")
    assert "<img" not in rendered and "<script" not in rendered and "<a " not in rendered
    assert not any("javascript:" in h for h in parser.hrefs) and parser.hrefs == []
    # the same elements as for plain words: no forged heading, list item, quote, table or code
    assert parser.tags == plain.tags, (parser.tags, plain.tags)
    assert len(parser.headings) == len(plain.headings)
    assert parser.headings[2:] == plain.headings[2:]  # after the summary's and the entry's title
    # one Markdown line per field, holding the whole value
    notes = [line for line in md.split("\n") if line.startswith("- **Notes:**")]
    assert len(notes) == 1
    for word in ("img", "Forged", "link", "quoted", "fake", "code", "tick", "four", "bold"):
        if word in text:
            assert word in notes[0]


@pytest.mark.parametrize(
    ("raw", "line"),
    [("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"), ("\n# Forged heading", "\\# Forged heading"),
     ("[link](javascript:alert(1))", "\\[link\\](javascript:alert(1))"), ("a & b", "a &amp; b"),
     ("- item", "\\- item"), ("+ item", "\\+ item"), ("* item", "\\* item"), ("> quote", "&gt; quote"),
     ("12. twelve", "12\\. twelve"), ("3) three", "3\\) three"), ("`code`", "\\`code\\`"), ("a\\b", "a\\\\b"),
     ("snake_case *and* stars", "snake\\_case \\*and\\* stars"), ("line one\r\nline two\n\nthree", "line one line two three"),
     ("  padded  ", "padded"), ("1999 was a year", "1999 was a year"), ("Ltd.", "Ltd.")],
)
def test_md_line_escapes_html_and_markdown_and_keeps_one_line(raw, line):
    assert exports.md_line(raw) == line
