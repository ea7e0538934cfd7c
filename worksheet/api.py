"""The one entry point the browser bridge calls: ``handle(request) -> dict``.

JSON-compatible dict in, JSON-compatible dict out, and it never raises. Failures come back as
``{"ok": False, "error": {"code", "message", "path"}}``. See /work/brief/engine-api.md.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Callable

from . import codec, model
from .errors import BadRequestError, WorksheetError

__all__ = ["handle", "OPS"]


def _require(request: dict, key: str, kinds: tuple, label: str) -> Any:
    if key not in request:
        raise BadRequestError(f"The request is missing “{key}”.", key)
    value = request[key]
    if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
        raise BadRequestError(f"“{key}” must be {label}.", key)
    return value


def _doc(request: dict, key: str) -> dict:
    """A document passed in a request: validated (and migrated), errors prefixed with the key."""
    value = _require(request, key, (dict,), "a worksheet document")
    try:
        return codec.check_document(value)[0]
    except WorksheetError as exc:
        if exc.code == "invalid":
            path = f"{key}.{exc.path}" if exc.path else key
            raise WorksheetError(f"In “{key}”: {exc.message}", path, exc.code) from None
        raise


def _today(request: dict, key: str) -> _dt.date:
    value = _require(request, key, (str,), "a date like 2026-03-31")
    try:
        return _dt.date.fromisoformat(codec._check_date(value, key))
    except (WorksheetError, ValueError):
        raise BadRequestError(f"“{key}” must be a date like 2026-03-31.", key) from None


def _now(request: dict) -> _dt.datetime:
    value = _require(request, "now", (str,), "an ISO date and time")
    try:
        now = _dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadRequestError("“now” must be an ISO date and time, like 2026-03-31T09:30:00Z.", "now") from None
    if now.tzinfo is None:
        now = now.replace(tzinfo=_dt.timezone.utc)
    return now


def _entry_ref(entry: dict) -> dict:
    return {"id": entry["id"], "title": model.entry_title(entry)}


# --- operations --------------------------------------------------------------------------


def op_open(request: dict) -> dict:
    text = request.get("text")
    if text is None or (isinstance(text, str) and text.strip() == ""):
        return {"doc": model.empty_document(), "migrated_from": None}
    doc, migrated_from = codec.decode(text)
    return {"doc": doc, "migrated_from": migrated_from}


def op_validate_import(request: dict) -> dict:
    text = _require(request, "text", (str,), "the text of the file")
    current = _doc(request, "current")
    incoming = codec.loads(text, check_duplicates=True)  # a file from outside: be strictest
    existing = {e["id"]: e for e in current["entries"]}
    summary: dict[str, list] = {"add": [], "replace": [], "same": []}
    for entry in incoming["entries"]:
        old = existing.get(entry["id"])
        if old is None:
            summary["add"].append(_entry_ref(entry))
        elif old == entry:
            summary["same"].append(_entry_ref(entry))
        else:
            ref = _entry_ref(entry)
            # Extra to the contract: warn when the copy on this device was edited more recently.
            ref["newer_here"] = _later(old["updated"], entry["updated"])
            summary["replace"].append(ref)
    return {"doc": incoming, "summary": summary}


def _later(a: str, b: str) -> bool:
    """Whether ISO datetime ``a`` is later than ``b`` (False when either is empty)."""
    if not a or not b:
        return False
    da, db = _dt.datetime.fromisoformat(a), _dt.datetime.fromisoformat(b)
    if (da.tzinfo is None) != (db.tzinfo is None):  # compare a naive time as UTC
        da = da if da.tzinfo else da.replace(tzinfo=_dt.timezone.utc)
        db = db if db.tzinfo else db.replace(tzinfo=_dt.timezone.utc)
    return da > db


def merge_documents(current: dict, incoming: dict, mode: str) -> dict:
    """Merge by entry id (incoming wins) or replace all entries. Current settings are kept,
    except that an empty "Your name" here takes the incoming one."""
    if mode == "replace":
        entries = [dict(e) for e in incoming["entries"]]
    elif mode == "merge":
        by_id = {e["id"]: e for e in incoming["entries"]}
        entries = [by_id.pop(e["id"], e) for e in current["entries"]]
        entries.extend(e for e in incoming["entries"] if e["id"] in by_id)
    else:
        raise BadRequestError("“mode” must be \"merge\" or \"replace\".", "mode")
    settings = dict(current["settings"])
    if not settings.get("your_name"):  # a backup restored into a fresh page brings the name back
        settings["your_name"] = incoming["settings"].get("your_name", "")
    ids = [e["id"] for e in entries]
    if settings["active_entry"] not in ids:
        settings["active_entry"] = ids[0] if ids else ""
    return codec.validate(
        {"schema": codec.SCHEMA, "version": codec.SCHEMA_VERSION, "entries": entries, "settings": settings}
    )


def op_merge(request: dict) -> dict:
    current = _doc(request, "current")
    incoming = _doc(request, "incoming")
    mode = _require(request, "mode", (str,), "\"merge\" or \"replace\"")
    return {"doc": merge_documents(current, incoming, mode)}


def _entry_id(request: dict, doc: dict, required: bool) -> str | None:
    if "entry_id" not in request or request["entry_id"] is None or (request["entry_id"] == "" and not required):
        if required:
            raise BadRequestError("The request is missing “entry_id”.", "entry_id")
        return None
    entry_id = _require(request, "entry_id", (str,), "an entry id")
    model.find_entry(doc, entry_id)
    return entry_id


def op_export(request: dict) -> dict:
    doc = _doc(request, "doc")
    fmt = _require(request, "format", (str,), "\"json\", \"markdown\" or \"ics\"")
    entry_id = _entry_id(request, doc, required=False)
    now = _now(request)
    from . import exports

    if fmt not in exports.FORMATS:
        raise BadRequestError("“format” must be \"json\", \"markdown\" or \"ics\".", "format")
    return exports.export(doc, fmt, entry_id, now)


def op_compute(request: dict) -> dict:
    doc = _doc(request, "doc")
    entry_id = _entry_id(request, doc, required=True)
    today = _today(request, "today")
    from . import compute

    return compute.compute(doc, entry_id, today)


def op_summaries(request: dict) -> dict:
    """Title and status of every entry in one call (an addition to the contract, for lists)."""
    doc = _doc(request, "doc")
    return {
        "entries": [
            {"id": e["id"], "title": model.entry_title(e), "status": model.entry_status(e)}
            for e in doc["entries"]
        ]
    }


def op_mailto(request: dict) -> dict:
    to = _require(request, "to", (str,), "text (an email address, or empty)")
    subject = _require(request, "subject", (str,), "text")
    body = _require(request, "body", (str,), "text")
    from . import drafts

    return {"url": drafts.mailto(to, subject, body)}


OPS: dict[str, Callable[[dict], dict]] = {
    "open": op_open,
    "validate_import": op_validate_import,
    "merge": op_merge,
    "compute": op_compute,
    "export": op_export,
    "mailto": op_mailto,
    "summaries": op_summaries,
}


def _error(code: str, message: str, path: str = "") -> dict:
    return {"ok": False, "error": {"code": code, "message": message, "path": path}}


def handle(request: Any) -> dict:
    """Run one operation. Never raises: every failure is an error dict."""
    try:
        if not isinstance(request, dict):
            return _error("bad_request", "A request must be an object with an “op”.")
        op = request.get("op")
        fn = OPS.get(op) if isinstance(op, str) else None
        if fn is None:
            known = ", ".join(OPS)
            return _error("bad_request", f"Unknown operation {json.dumps(op)}; known: {known}.", "op")
        result = fn(request)
        out = {"ok": True}
        out.update(result)
        return out
    except WorksheetError as exc:
        return {"ok": False, "error": exc.as_dict()}
    except Exception as exc:  # the contract: never raise into the page
        return _error(
            "internal",
            f"Something went wrong inside the worksheet ({type(exc).__name__}: {exc}). "
            "Your writing is safe; please export a backup.",
        )
