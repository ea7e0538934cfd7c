"""The one entry point the browser bridge calls: ``handle(request) -> dict``.

JSON-compatible dict in, JSON-compatible dict out, and it never raises. Failures come back as
``{"ok": False, "error": {"code", "message", "path"}}``. The contract: ``worksheet/API.md``.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Callable

from . import backup_import, codec, model, validation
from .errors import BadRequestError, UnreadableError, ValidationError, WorksheetError

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
        return _dt.date.fromisoformat(validation.check_date(value, key))
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


# --- operations --------------------------------------------------------------------------


def _stamp(request: dict) -> str:
    """``now`` from the request (or the time of the call) as a UTC stamp like 2026-03-31T09:30:00Z."""
    now = _now(request) if "now" in request else _dt.datetime.now(_dt.timezone.utc)
    return now.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def op_open(request: dict) -> dict:
    """Read what the page stored. A value that fails validation is set aside in its entry
    (``recovered``); an entry that cannot be used at all is left out (``unrecoverable``)."""
    text = request.get("text")
    if text is None or (isinstance(text, str) and text.strip() == ""):
        return {"doc": model.empty_document(), "migrated_from": None, "recovered": [], "unrecoverable": []}
    try:
        doc, migrated_from = codec.decode(text)
    except ValidationError:
        # decode completes the parsed value in place: recover from a fresh parse
        doc, migrated_from, recovered, unrecoverable = codec.recover(codec.parse_json(text), _stamp(request))
        return {"doc": doc, "migrated_from": migrated_from, "recovered": recovered, "unrecoverable": unrecoverable}
    return {"doc": doc, "migrated_from": migrated_from, "recovered": [], "unrecoverable": []}


def op_validate_import(request: dict) -> dict:
    text = _require(request, "text", (str,), "the text of the file")
    current = _doc(request, "current")
    from . import exports

    what = exports.not_a_backup(text)  # a record CSV or a summary chosen by mistake: say so
    if what:
        raise UnreadableError(what, "")
    parsed = codec.parse_json(text, check_duplicates=True)  # a file from outside: no repeated keys
    recovered: list = []
    unrecoverable: list = []
    try:
        incoming = codec.check_document(parsed)[0]  # copies: parsed stays as it was
    except ValidationError:  # as on open: bad values set aside, the rest imported
        incoming, _, recovered, unrecoverable = codec.recover(parsed, _stamp(request))
    return {"doc": incoming, "summary": backup_import.summary(current, incoming),
            "recovered": recovered, "unrecoverable": unrecoverable}


def op_merge(request: dict) -> dict:
    """Import ``incoming`` into ``current``: ``mode`` "newer" (default), "backup" or "replace".
    See ``worksheet.backup_import``."""
    current = _doc(request, "current")
    incoming = _doc(request, "incoming")
    mode = _require(request, "mode", (str,), "\"newer\", \"backup\" or \"replace\"") if "mode" in request else "newer"
    return backup_import.merge(current, incoming, mode, _stamp(request))


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
    """Title and status of every entry in one call (an addition to the contract, for lists),
    with its copy note (or None) and how many values it has set aside."""
    doc = _doc(request, "doc")
    return {
        "entries": [
            {"id": e["id"], "title": model.entry_title(e), "status": model.entry_status(e),
             "copy_of": e["copy_of"], "set_aside": len(e["set_aside"])}
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
