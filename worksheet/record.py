"""The job-search record: a dated list of what the person did, derived from the entries.

Benefit offices and job centres often ask for a log of job-search activity (applications,
interviews, follow-ups). Everything here is read from facts the person wrote down; nothing is
guessed. ``job_search_record(doc)`` returns the activities in date order (then a fixed
activity order, then entry order) and, apart, the facts that have no date yet (a thank-you
note ticked as sent without a date, say), so they are never silently dropped and the person
can add the date. ``print_view(doc, now)`` is what the printable page shows.

Pure Python, stdlib only, deterministic.
"""

from __future__ import annotations

import datetime as _dt

from . import content, model

__all__ = ["ACTIVITIES", "ACTIVITY_ORDER", "COLUMNS", "PRINT_COLUMNS", "job_search_record", "print_view"]

#: (key, label) in the fixed order used for activities on the same day.
ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("applied", "Applied"),
    ("interview", "Interview"),
    ("thank_you", "Thank-you note sent"),
    ("follow_up_1", "Follow-up sent"),
    ("follow_up_2", "Second follow-up sent"),
    ("feedback_requested", "Feedback requested"),
    ("feedback_received", "Feedback received"),
    ("decision", "Decision"),
    ("reapply", "Can apply again from"),
)
ACTIVITY_ORDER = {key: i for i, (key, _) in enumerate(ACTIVITIES)}
_LABELS = dict(ACTIVITIES)

#: (row key, column heading) of the record's table and CSV, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "Date"),
    ("label", "Activity"),
    ("details", "Details"),
    ("employer", "Employer"),
    ("role", "Role"),
    ("contact_person", "Contact person"),
    ("contact_method", "How the contact happened"),
    ("entry_id", "Entry id"),
)

#: The printed table leaves out the entry id: it is for matching rows, not for the reader.
PRINT_COLUMNS = COLUMNS[:-1]

_STAGES = dict(content.STAGES)
_FORMATS = dict(content.FORMATS)
_NEWS = dict(content.NEWS_VIA)
_METHODS = dict(content.CONTACT_METHODS)

NOTE = (
    "What counts as job-search activity, and how it has to be shown, differs from country to "
    "country and from one office to the next. Check what yours asks for before you hand this in."
)
EMPTY = (
    "Nothing dated yet. Add the dates you applied, were interviewed or followed up, and they "
    "appear here."
)


def _text(entry: dict, key: str) -> str:
    return str(model.get_value(entry, key)).strip()


def _people(entry: dict, titles: bool) -> str:
    out = []
    for item in model.get_value(entry, "interviewers"):
        name = str(item.get("name", "")).strip()
        if not name:
            continue
        title = str(item.get("title", "")).strip()
        out.append(f"{name} ({title})" if titles and title else name)
    return "; ".join(out)


def _told_by(entry: dict) -> str:
    """"Who told you" (``news_from.name``, added by schema 2's drafts work), read only if present."""
    told = entry.get("news_from")
    name = told.get("name") if isinstance(told, dict) else None
    return name.strip() if isinstance(name, str) else ""


def _facts(entry: dict) -> list[tuple[str, str, str, str, str]]:
    """(activity, date, label, details, contact person, how) for each fact this entry holds."""
    contact = _text(entry, "record.contact_person")
    told = _told_by(entry) or contact
    people = _people(entry, titles=False)
    contact_or_people = contact or people
    out = []

    def add(activity: str, date: str, person: str = "", how: str = "", details: str = "",
            label: str = "") -> None:
        out.append((activity, date, label or _LABELS[activity], details, person, how))

    applied = model.get_value(entry, "record.applied_on")
    if applied:
        add("applied", applied, contact, _METHODS.get(model.get_value(entry, "record.contact_method"), ""))
    interview = model.get_value(entry, "interview_date")
    if interview or _text(entry, "company") or _text(entry, "role"):
        add("interview", interview, _people(entry, titles=True),
            _FORMATS.get(model.get_value(entry, "format"), ""), _STAGES.get(model.get_value(entry, "stage"), ""))
    thanks = model.get_value(entry, "thank_you.date")
    if thanks or model.get_value(entry, "thank_you.sent"):
        add("thank_you", thanks, people or contact)
    for n in ("1", "2"):
        sent = model.get_value(entry, f"record.follow_up_{n}")
        if sent:
            add(f"follow_up_{n}", sent, contact_or_people)
    asked = model.get_value(entry, "feedback.date")
    if asked or model.get_value(entry, "feedback.requested"):
        add("feedback_requested", asked, contact_or_people)
    came = model.get_value(entry, "record.feedback_received")
    if came or _text(entry, "feedback.said"):
        add("feedback_received", came, contact_or_people)
    news = model.get_value(entry, "news_via")
    decided = model.get_value(entry, "decision_date")
    outcome = model.entry_outcome(entry)
    if outcome == model.OUTCOME_OFFER:
        add("decision", decided, told, _NEWS.get(news, "") if news in ("call", "email") else "",
            label="Decision: offer")
    elif outcome == model.OUTCOME_REJECTED:
        add("decision", decided, told, _NEWS[news], label="Decision: rejected")
    elif outcome == model.OUTCOME_SILENCE:
        add("decision", decided, label="Decision: no reply")
    again = model.get_value(entry, "reapply_after")
    if again:
        add("reapply", again)
    return out


def job_search_record(doc: dict, entry_id: str | None = None) -> dict:
    """``{"activities", "undated", "first", "last"}`` for every entry (or just ``entry_id``).

    Each activity: ``date``, ``activity`` (a key of ``ACTIVITIES``), ``label``, ``details``,
    ``employer``, ``role``, ``contact_person``, ``contact_method`` (how the contact happened)
    and ``entry_id``. Entries with nothing written down add nothing.
    """
    entries = doc["entries"] if entry_id is None else [model.find_entry(doc, entry_id)]
    dated: list[tuple] = []
    undated: list[tuple] = []
    for index, entry in enumerate(entries):
        employer, role = _text(entry, "company"), _text(entry, "role")
        for activity, date, label, details, person, how in _facts(entry):
            row = {
                "date": date, "activity": activity, "label": label, "details": details,
                "employer": employer, "role": role, "contact_person": person,
                "contact_method": how, "entry_id": entry["id"],
            }
            (dated if date else undated).append((date, ACTIVITY_ORDER[activity], index, row))
    dated.sort(key=lambda t: t[:3])
    undated.sort(key=lambda t: (t[2], t[1]))
    activities = [t[3] for t in dated]
    return {
        "activities": activities,
        "undated": [t[3] for t in undated],
        "first": activities[0]["date"] if activities else "",
        "last": activities[-1]["date"] if activities else "",
    }


def _your_name(doc: dict) -> str:
    """The person's name from settings, when this version of the document has one."""
    name = doc.get("settings", {}).get("your_name", "")
    return name.strip() if isinstance(name, str) else ""


def print_view(doc: dict, now: _dt.datetime) -> dict:
    """What "Print my job-search record" shows: title, name, date range, table rows, note."""
    rec = job_search_record(doc)
    keys = [key for key, _ in PRINT_COLUMNS]
    return {
        "title": "My job-search record",
        "name": _your_name(doc),
        "range_text": f"Activities from {rec['first']} to {rec['last']}" if rec["activities"] else "",
        "made_on": now.date().isoformat(),
        "columns": [label for _, label in PRINT_COLUMNS],
        "rows": [[a[k] for k in keys] for a in rec["activities"]],
        "undated_rows": [[a[k] for k in keys] for a in rec["undated"]],
        "note": NOTE,
        "empty": "" if rec["activities"] else EMPTY,
    }
