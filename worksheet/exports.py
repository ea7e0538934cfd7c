"""Exports: JSON backup (lossless), Markdown summary, iCalendar reminders."""

from __future__ import annotations

import datetime as _dt

from . import codec, model

FORMATS = ("json",)


def _subset(doc: dict, entry_id: str | None) -> dict:
    if entry_id is None:
        return doc
    entry = model.find_entry(doc, entry_id)
    settings = dict(doc["settings"], active_entry=entry_id)
    return dict(doc, entries=[entry], settings=settings)


def json_backup(doc: dict, entry_id: str | None = None) -> str:
    """The JSON backup: exactly ``codec.dumps`` of the document (or of one entry)."""
    return codec.dumps(_subset(doc, entry_id))


def _stamp(now: _dt.datetime) -> str:
    return now.date().isoformat()


def export(doc: dict, fmt: str, entry_id: str | None, now: _dt.datetime) -> dict:
    """``{"filename", "mime", "text"}`` for one export format."""
    if fmt == "json":
        name = "next-round-backup" if entry_id is None else "next-round-entry"
        return {
            "filename": f"{name}-{_stamp(now)}.json",
            "mime": "application/json",
            "text": json_backup(doc, entry_id),
        }
    raise codec.WorksheetError(f"Unknown export format “{fmt}”.", "format", "bad_request")
