"""The entry model: one entry per interview, shaped by the fields in ``content``.

An entry is a plain JSON-compatible dict. Each field of ``content.py`` is stored at its
dotted key as nested dicts (``"reflection.ratings.answers"`` lives at
``entry["reflection"]["ratings"]["answers"]``). Besides the fields an entry has ``id``,
``created``, ``updated`` (ISO datetimes), ``plan_done`` (suggestion id -> bool), ``copy_of``
(null, or ``{"id", "reason", "when"}`` on an entry kept as a copy of another so the person can
compare and delete it) and ``set_aside`` (raw values that failed validation, each
``{"key", "label", "value", "reason", "when"}``, kept so nothing is lost).
Outcome (``entry_outcome``), status and title are derived, never stored.
"""

from __future__ import annotations

import copy
from typing import Any

from . import content
from .errors import WorksheetError

SCHEMA = "next-round-worksheet"
#: 2 added "Who told you" (``news_from``), an email and a topic per interviewer and
#: ``settings.your_name``.
SCHEMA_VERSION = 2

META_KEYS = ("id", "created", "updated", "plan_done", "copy_of", "set_aside")

#: Why an entry is a copy: the same entry changed in another tab, replaced by an import, or
#: deleted in another tab while it was being edited here.
COPY_REASONS = ("other_tab", "import", "deleted_elsewhere")

FIELDS: tuple[content.Field, ...] = content.all_fields()
FIELDS_BY_KEY: dict[str, content.Field] = {f.key: f for f in FIELDS}

#: How an interview ended, as far as the entry says (``entry_outcome``), and its status in words.
OUTCOME_OFFER = "offer"
OUTCOME_REJECTED = "rejected"
OUTCOME_SILENCE = "silence"
OUTCOME_WAITING = "waiting"

STATUS_REJECTED = "Rejected"
STATUS_NO_REPLY = "No reply"
STATUS_WAITING = "Waiting"
STATUS_OFFER = "Offer"

STATUS_OF_OUTCOME = {
    OUTCOME_OFFER: STATUS_OFFER, OUTCOME_REJECTED: STATUS_REJECTED, OUTCOME_SILENCE: STATUS_NO_REPLY,
    OUTCOME_WAITING: STATUS_WAITING,
}


def empty_value(f: content.Field) -> Any:
    """The stored value of an empty field of this kind."""
    if f.kind == "rating":
        return None
    if f.kind == "check":
        return False
    if f.kind == "list":
        return []
    return ""


def empty_item(f: content.Field) -> Any:
    """A new, empty item for a list field (a dict for item_fields, else a string)."""
    if f.kind != "list":
        raise WorksheetError(f"“{f.label}” is not a list.", f.key, "bad_request")
    if not f.item_fields:
        return ""
    return {sub.key: empty_value(sub) for sub in f.item_fields}


def _build_template() -> dict:
    tree: dict = {}
    for f in FIELDS:
        parts = f.key.split(".")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = f
    return tree


#: Nested dict mirroring an entry: leaves are ``content.Field`` objects.
TEMPLATE: dict = _build_template()


def _empty_from(node: dict) -> dict:
    out: dict = {}
    for key, value in node.items():
        out[key] = _empty_from(value) if isinstance(value, dict) else empty_value(value)
    return out


def new_entry(entry_id: str, now_iso: str) -> dict:
    """A complete, empty entry with every field present."""
    entry: dict = {
        "id": entry_id, "created": now_iso, "updated": now_iso, "plan_done": {}, "copy_of": None, "set_aside": [],
    }
    entry.update(_empty_from(TEMPLATE))
    return entry


def empty_settings() -> dict:
    """Document settings. ``your_name`` signs every draft (one name for all entries)."""
    return {"active_entry": "", "edits_since_export": 0, "last_export": "", "your_name": ""}


def empty_document() -> dict:
    """A document with no entries, at the current schema version."""
    return {"schema": SCHEMA, "version": SCHEMA_VERSION, "entries": [], "settings": empty_settings()}


def _field(key: str) -> content.Field:
    try:
        return FIELDS_BY_KEY[key]
    except KeyError:
        raise WorksheetError(f"There is no field called “{key}”.", key, "bad_request") from None


def get_value(entry: dict, key: str) -> Any:
    """The value at a dotted field key; the field's empty value when it is missing."""
    f = _field(key)
    node: Any = entry
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return copy.deepcopy(empty_value(f))
        node = node[part]
    return node


def set_value(entry: dict, key: str, value: Any) -> dict:
    """Set the value at a dotted field key in place (creating parents) and return the entry.

    The value is not checked here; ``validation.validate_entry`` checks whole entries.
    """
    _field(key)
    parts = key.split(".")
    node = entry
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value
    return entry


def entry_outcome(entry: dict) -> str:
    """How the interview ended, the one place this is worked out: ``"offer"`` when the process
    ended in an offer, else ``"rejected"`` once the news came (by call or email), ``"silence"``
    when no reply came, else ``"waiting"``. Reads the entry directly (it runs once per entry
    for insights); a missing part counts as empty."""
    record = entry.get("record")
    if isinstance(record, dict) and record.get("offer") is True:
        return OUTCOME_OFFER
    news = entry.get("news_via")
    if news == "call" or news == "email":
        return OUTCOME_REJECTED
    if news == "none":
        return OUTCOME_SILENCE
    return OUTCOME_WAITING


def entry_status(entry: dict) -> str:
    """The outcome in words: "Offer", "Rejected", "No reply" or "Waiting"."""
    return STATUS_OF_OUTCOME[entry_outcome(entry)]


def entry_title(entry: dict) -> str:
    """A short human title: "Role at Company", or what is known, or the interview date."""
    role = str(get_value(entry, "role")).strip()
    company = str(get_value(entry, "company")).strip()
    if role and company:
        return f"{role} at {company}"
    if company or role:
        return company or role
    when = get_value(entry, "interview_date")
    if when:
        return f"Interview on {when}"
    return "Untitled interview"


def interviewer_names(entry: dict) -> list[str]:
    """Names of the interviewers that have one, in order, stripped."""
    names = []
    for item in get_value(entry, "interviewers"):
        if isinstance(item, dict):
            name = str(item.get("name", "")).strip()
            if name:
                names.append(name)
    return names


def find_entry(doc: dict, entry_id: str) -> dict:
    for entry in doc.get("entries", []):
        if entry.get("id") == entry_id:
            return entry
    raise WorksheetError(f"There is no entry with the id “{entry_id}”.", "entry_id", "bad_request")
