"""Validation and recovery: one walk over the schema, with a policy for what cannot be used.

``validate(doc)`` returns a normalised copy (missing optional keys filled with empty values)
or raises a ``WorksheetError`` naming the path and the problem. ``recover(value, when)`` walks
the same way but sets each value it cannot use aside in its entry (``set_aside``) and keeps
going. The walk is the same for both; the policy decides:

- ``Strict`` (``validate``, ``validate_entry``, ``check_document``): raise the first problem,
  with its path and its wording.
- ``Recover`` (``recover``): a bad value of an entry is reset to its empty value and kept, as
  it was, in the entry's ``set_aside``; a bad setting is dropped with a note; an entry that
  cannot be used at all is left out and listed.

Forward compatibility: a key this build does not know (an entry field, a part of a step or of
a list item, a setting, a top-level key) is a newer build's and is kept as it is, unchecked,
under either policy. A document written by a newer version is refused with ``newer_version``.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from typing import Any, Callable

from . import model
from .errors import ValidationError, WorksheetError
from .migrations import migrate
from .wording import field_label, invalid, shown, type_name

__all__ = [
    "Recover",
    "Strict",
    "check_date",
    "check_document",
    "recover",
    "validate",
    "validate_entry",
]

SCHEMA = model.SCHEMA
SCHEMA_VERSION = model.SCHEMA_VERSION

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


# --- policies ----------------------------------------------------------------------------


class Strict:
    """Raise the first problem. ``inplace`` completes the parsed value itself instead of
    copying it: only for a value nobody else holds, such as freshly parsed JSON."""

    recovering = False
    aside: tuple | list = ()  # what this entry set aside (never anything: it raises)
    left_out: tuple | list = ()

    def __init__(self, inplace: bool = False) -> None:
        self.inplace = inplace

    def begin_entry(self, path: str) -> None:
        pass

    def set_aside(self, where: str, value: Any, exc: ValidationError) -> None:
        """A value of an entry at ``where`` cannot be used (``exc`` says why)."""
        raise exc

    def drop_setting(self, key: str, exc: ValidationError) -> None:
        """A setting cannot be used."""
        raise exc

    def leave_out(self, index: int, exc: ValidationError) -> None:
        """Entry ``index`` cannot be used at all (not an object, no id, an id used twice)."""
        raise exc

    def kept_entry(self, entry: dict) -> None:
        pass


STRICT = Strict()
STRICT_INPLACE = Strict(inplace=True)


class Recover(Strict):
    """Set aside what cannot be used and keep going, losing nothing; ``when`` stamps each
    set-aside value. Works on a copy: the input is not changed."""

    recovering = True

    def __init__(self, when: str) -> None:
        super().__init__(inplace=False)
        self.when = when
        self.path = ""
        self.aside: list[dict] = []
        self.notes: list[dict] = []
        self.recovered: list[dict] = []  # {entry_id, title, key, label, reason}
        self.unrecoverable: list[dict] = []  # {index, reason}
        self.left_out: list[ValidationError] = []
        self.dropped: list[dict] = []  # notes on settings

    def begin_entry(self, path: str) -> None:
        self.path, self.aside, self.notes = path, [], []

    def set_aside(self, where: str, value: Any, exc: ValidationError) -> None:
        key = where[len(self.path) + 1:]
        label = field_label(key)
        self.aside.append({"key": key, "label": label, "value": copy.deepcopy(value),
                           "reason": exc.problem, "when": self.when})
        self.notes.append({"key": key, "label": label, "reason": exc.message})

    def drop_setting(self, key: str, exc: ValidationError) -> None:
        self.dropped.append({"entry_id": None, "title": "The worksheet", "key": key, "label": key,
                             "reason": exc.message})

    def leave_out(self, index: int, exc: ValidationError) -> None:
        self.left_out.append(exc)
        self.unrecoverable.append({"index": index, "reason": exc.message})

    def kept_entry(self, entry: dict) -> None:
        title = model.entry_title(entry)
        self.recovered += [dict({"entry_id": entry["id"], "title": title}, **n) for n in self.notes]


# --- leaf checks -------------------------------------------------------------------------


def check_date(value: Any, path: str) -> str:
    """A date like 2026-03-31, or empty; otherwise a ``ValidationError`` at ``path``."""
    if not isinstance(value, str):
        raise invalid(path, f"a date must be text like 2026-03-31, not {type_name(value)}.")
    if value == "":
        return value
    if not _DATE_RE.match(value):
        raise invalid(path, f"a date must look like 2026-03-31 (year-month-day); found {shown(value)}.")
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        raise invalid(path, f"{value} is not a real calendar date.") from None
    return value


def _check_datetime(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise invalid(path, f"a date and time must be text, not {type_name(value)}.")
    if value == "":
        return value
    try:
        _dt.datetime.fromisoformat(value)
    except ValueError:
        raise invalid(
            path, f"a date and time must look like 2026-03-31T09:30:00Z; found {shown(value)}."
        ) from None
    return value


def _check_text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise invalid(path, f"this must be text, not {type_name(value)}.")
    return value


def _check_stamp(value: Any, path: str) -> str:
    """A required ISO date and time (not empty)."""
    if value == "":
        raise invalid(path, "this needs a date and time like 2026-03-31T09:30:00Z.")
    return _check_datetime(value, path)


# --- field checkers ----------------------------------------------------------------------
# Each field kind gets a checker compiled once: ``check(value, parent_path, key, policy)``
# returns the clean value. Paths are only put together when something is wrong, which keeps a
# 1,000-entry document fast to validate. Leaf checkers raise; the lists and nodes that hold
# them ask the policy what to do with a part that cannot be used.
Checker = Callable[..., Any]


def _text_checker(f) -> Checker:
    def check(value: Any, parent: str, key: str, policy: Strict = STRICT) -> Any:
        if type(value) is str:
            return value
        return _check_text(value, f"{parent}.{key}")
    return check


def _date_checker(f) -> Checker:
    def check(value: Any, parent: str, key: str, policy: Strict = STRICT) -> Any:
        if value == "" and type(value) is str:
            return value
        return check_date(value, f"{parent}.{key}")
    return check


def _rating_checker(f) -> Checker:
    def check(value: Any, parent: str, key: str, policy: Strict = STRICT) -> Any:
        if value is None or (type(value) is int and 1 <= value <= 5):
            return value
        path = f"{parent}.{key}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid(path, f"a rating must be a whole number from 1 to 5 or empty, not {type_name(value)}.")
        raise invalid(path, f"a rating must be from 1 to 5; found {value}.")
    return check


def _choice_checker(f) -> Checker:
    allowed = frozenset(("",) + f.option_values)

    def check(value: Any, parent: str, key: str, policy: Strict = STRICT) -> Any:
        if type(value) is str and value in allowed:
            return value
        path = f"{parent}.{key}"
        if not isinstance(value, str):
            raise invalid(path, f"this must be one of the listed options, not {type_name(value)}.")
        raise invalid(path, f"{shown(value)} is not one of the options ({', '.join(f.option_values)}).")
    return check


def _check_checker(f) -> Checker:
    def check(value: Any, parent: str, key: str, policy: Strict = STRICT) -> Any:
        if value is True or value is False:
            return value
        raise invalid(f"{parent}.{key}", f"this must be true or false, not {type_name(value)}.")
    return check


def _list_checker(f) -> Checker:
    if not f.item_fields:
        def check_strings(value: Any, parent: str, key: str, policy: Strict = STRICT) -> Any:
            if type(value) is not list:
                raise invalid(f"{parent}.{key}", f"this must be a list, not {type_name(value)}.")
            usable = True
            for i, item in enumerate(value):
                if type(item) is not str:
                    where = f"{parent}.{key}[{i}]"
                    try:
                        _check_text(item, where)
                    except ValidationError as exc:
                        policy.set_aside(where, item, exc)
                        usable = False
            if not usable:
                return [item for item in value if type(item) is str]
            return value if policy.inplace else list(value)
        return check_strings

    parts = _parts({sub.key: sub for sub in f.item_fields})
    known = frozenset(sub.key for sub in f.item_fields)

    def check_items(value: Any, parent: str, key: str, policy: Strict = STRICT) -> Any:
        path = f"{parent}.{key}"
        if type(value) is not list:
            raise invalid(path, f"this must be a list, not {type_name(value)}.")
        inplace = policy.inplace
        out = value if inplace else []
        for i, item in enumerate(value):
            if type(item) is not dict:
                policy.set_aside(f"{path}[{i}]", item,
                                 invalid(f"{path}[{i}]", f"each item must be an object, not {type_name(item)}."))
                continue
            clean = _check_parts(parts, item, f"{path}[{i}]", policy)
            if not inplace:
                _keep_unknown(item, known, clean)
                out.append(clean)
        return out
    return check_items


_CHECKER_FACTORIES = {
    "short": _text_checker, "long": _text_checker, "date": _date_checker, "rating": _rating_checker,
    "choice": _choice_checker, "check": _check_checker, "list": _list_checker,
}


def _checker(f) -> Checker:
    return _CHECKER_FACTORIES[f.kind](f)


_TEXT, _CHECK, _RATING, _CHOICE, _OTHER = range(5)
_FAST = {"short": _TEXT, "long": _TEXT, "check": _CHECK, "rating": _RATING, "choice": _CHOICE}


def _parts(node: dict) -> list[tuple]:
    """(key, fast kind, allowed choices, checker, default factory) for each part of a node.

    The fast kind lets the common, valid values pass without a function call.
    """
    parts = []
    for key, spec in node.items():
        if isinstance(spec, dict):
            parts.append((key, _OTHER, None, _node_checker(spec), lambda spec=spec: model._empty_from(spec)))
            continue
        allowed = frozenset(("",) + spec.option_values) if spec.kind == "choice" else None
        parts.append((key, _FAST.get(spec.kind, _OTHER), allowed, _checker(spec), lambda spec=spec: model.empty_value(spec)))
    return parts


def _check_parts(parts: list[tuple], value: dict, path: str, policy: Strict = STRICT) -> dict:
    """Check each part of ``value``; fill in missing ones; a part that cannot be used goes to
    the policy (and, when it does not raise, becomes its empty value). With
    ``policy.inplace``, ``value`` itself is completed; otherwise a new dict is returned."""
    out = value if policy.inplace else {}
    for key, fast, allowed, check, default in parts:
        if key not in value:
            out[key] = default()
            continue
        v = value[key]
        if fast == _TEXT:
            if type(v) is str:
                out[key] = v
                continue
        elif fast == _CHECK:
            if v is True or v is False:
                out[key] = v
                continue
        elif fast == _RATING:
            if v is None:
                out[key] = v
                continue
        elif fast == _CHOICE:
            if type(v) is str and v in allowed:
                out[key] = v
                continue
        try:
            out[key] = check(v, path, key, policy)
        except ValidationError as exc:
            policy.set_aside(f"{path}.{key}", v, exc)
            out[key] = default()
    return out


def _keep_unknown(value: dict, known, out: dict) -> dict:
    """Copy into ``out`` every key of ``value`` this build does not know, as it is: a newer
    build's field or setting travels with the document, unchecked and unchanged."""
    if not value.keys() <= known:
        for key in value:
            if key not in known:
                out[key] = copy.deepcopy(value[key])
    return out


def _node_checker(node: dict) -> Checker:
    parts = _parts(node)
    known = frozenset(node)

    def check(value: Any, parent: str, key: str, policy: Strict = STRICT) -> Any:
        path = f"{parent}.{key}"
        if type(value) is not dict:
            raise invalid(path, f"this must be an object, not {type_name(value)}.")
        out = _check_parts(parts, value, path, policy)
        return out if policy.inplace else _keep_unknown(value, known, out)
    return check


# --- the entry's own records -------------------------------------------------------------


def _exact_parts(value: dict, keys: tuple, path: str) -> None:
    """Every one of ``keys`` present, nothing else (for the engine's own records)."""
    for key in value:
        if key not in keys:
            raise invalid(f"{path}.{key}", "this is not a known part of the record.")
    for key in keys:
        if key not in value:
            raise invalid(f"{path}.{key}", f"this record is missing “{key}”.")


def _check_copy_of(value: Any, path: str) -> dict | None:
    if value is None:
        return None
    if type(value) is not dict:
        raise invalid(path, f"this must be empty (null) or an object with id, reason and when, not {type_name(value)}.")
    _exact_parts(value, ("id", "reason", "when"), path)
    if not isinstance(value["id"], str) or not value["id"].strip():
        raise invalid(f"{path}.id", "the id of the original entry must be non-empty text.")
    if value["reason"] not in model.COPY_REASONS or type(value["reason"]) is not str:
        raise invalid(f"{path}.reason", f"the reason must be one of {', '.join(model.COPY_REASONS)}; found {shown(value['reason'])}.")
    return {"id": value["id"], "reason": value["reason"], "when": _check_stamp(value["when"], f"{path}.when")}


_ASIDE_PARTS = ("key", "label", "value", "reason", "when")


def _check_aside_item(item: Any, where: str) -> dict:
    if type(item) is not dict:
        raise invalid(where, f"each set-aside value must be an object, not {type_name(item)}.")
    _exact_parts(item, _ASIDE_PARTS, where)
    for key in ("key", "label", "reason"):
        _check_text(item[key], f"{where}.{key}")
    return {
        "key": item["key"], "label": item["label"], "value": copy.deepcopy(item["value"]),
        "reason": item["reason"], "when": _check_stamp(item["when"], f"{where}.when"),
    }


def _record(policy: Strict, check: Callable[[Any, str], Any], value: Any, where: str, empty: Any) -> Any:
    """One of the entry's own records, checked; the policy decides about one that is not usable."""
    try:
        return check(value, where)
    except ValidationError as exc:
        policy.set_aside(where, value, exc)
        return empty


def _plan_done(policy: Strict, plan_done: Any, path: str) -> dict:
    if type(plan_done) is not dict:
        policy.set_aside(path, plan_done, invalid(path, f"this must be an object, not {type_name(plan_done)}."))
        return {}
    usable = True
    for key, done in plan_done.items():
        if done is not True and done is not False:
            where = f"{path}.{key}"
            policy.set_aside(where, done, invalid(where, f"this must be true or false, not {type_name(done)}."))
            usable = False
    return plan_done if usable else {k: d for k, d in plan_done.items() if d is True or d is False}


def _set_aside(policy: Strict, aside: Any, path: str) -> list:
    if type(aside) is not list:
        policy.set_aside(path, aside, invalid(path, f"this must be a list, not {type_name(aside)}."))
        return []
    kept = []
    for i, item in enumerate(aside):
        where = f"{path}[{i}]"
        try:
            kept.append(_check_aside_item(item, where))
        except ValidationError as exc:
            policy.set_aside(where, item, exc)
    return kept


# --- entries and documents ---------------------------------------------------------------

_MISSING = object()
_ENTRY_KNOWN = frozenset(model.META_KEYS) | frozenset(model.TEMPLATE)
_ENTRY_PARTS = _parts(model.TEMPLATE)


def _entry(entry: Any, path: str, policy: Strict) -> dict:
    if type(entry) is not dict:
        raise invalid(path, f"an entry must be an object, not {type_name(entry)}.")
    if "id" not in entry:
        raise invalid(f"{path}.id", "every entry needs an id.")
    entry_id = entry["id"]
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise invalid(f"{path}.id", "an entry id must be non-empty text.")
    out: dict = {"id": entry_id}
    out["created"] = _record(policy, _check_datetime, entry.get("created", ""), f"{path}.created", "")
    out["updated"] = _record(policy, _check_datetime, entry.get("updated", ""), f"{path}.updated", "")
    plan_done = _plan_done(policy, entry.get("plan_done", {}), f"{path}.plan_done")
    copy_of = entry.get("copy_of")
    out["copy_of"] = None if copy_of is None else _record(policy, _check_copy_of, copy_of, f"{path}.copy_of", None)
    aside = entry.get("set_aside", _MISSING)
    if aside is _MISSING or type(aside) is list and not aside:  # missing or empty: the common case
        kept = out["set_aside"] = []
    else:
        kept = out["set_aside"] = _set_aside(policy, aside, f"{path}.set_aside")
    if policy.inplace:
        entry.update(out)
        entry["plan_done"] = plan_done
        return _check_parts(_ENTRY_PARTS, entry, path, policy)
    out["plan_done"] = dict(plan_done)
    out.update(_check_parts(_ENTRY_PARTS, entry, path, policy))
    kept += policy.aside  # values set aside on an earlier reading first, then this walk's
    return _keep_unknown(entry, _ENTRY_KNOWN, out)


def validate_entry(entry: Any, path: str = "entry", inplace: bool = False) -> dict:
    """A normalised copy of one entry, or a ``ValidationError`` naming the path.

    With ``inplace`` the entry itself is completed and returned (no copy): only for a value
    nobody else holds, such as freshly parsed JSON.
    """
    return _entry(entry, path, STRICT_INPLACE if inplace else STRICT)


_SETTINGS_KNOWN = frozenset(("active_entry", "edits_since_export", "last_export", "your_name"))
_TOP_KNOWN = frozenset(("schema", "version", "entries", "settings"))


def _count(n: Any, path: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise invalid(path, "this must be a whole number, 0 or more.")
    return n


#: Each setting's check, in the order a strict walk meets them.
_SETTING_CHECKS = {
    "active_entry": _check_text, "edits_since_export": _count, "last_export": _check_datetime,
    "your_name": _check_text,
}


def _check_settings(settings: Any, entry_ids: set[str], policy: Strict = STRICT) -> dict:
    """Settings are the page's own bookkeeping, not the person's writing: when recovering, a
    value that cannot be used is dropped (back to its default) with a note."""
    if not isinstance(settings, dict):
        ending = "; the defaults are used." if policy.recovering else "."
        policy.drop_setting("settings", invalid("settings", f"this must be an object, not {type_name(settings)}{ending}"))
        return model.empty_settings()
    out = _keep_unknown(settings, _SETTINGS_KNOWN, model.empty_settings())
    for key, check in _SETTING_CHECKS.items():
        if key in settings:
            try:
                out[key] = check(settings[key], f"settings.{key}")
            except ValidationError as exc:
                policy.drop_setting(f"settings.{key}", exc)
    # A pointer to an entry that no longer exists is harmless: forget it.
    if out["active_entry"] not in entry_ids:
        out["active_entry"] = ""
    return out


def _check_header(doc: Any) -> None:
    if not isinstance(doc, dict):
        raise invalid("", f"a worksheet must be a JSON object, not {type_name(doc)}.")
    if doc.get("schema") != SCHEMA:
        raise invalid(
            "schema",
            "this is not a Next Round worksheet (the \"schema\" mark is missing or different).",
        )


def _document(doc: Any, policy: Strict) -> dict:
    """The walk over a current-version document."""
    _check_header(doc)
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise invalid("version", "the worksheet needs a whole-number version.")
    if version > SCHEMA_VERSION:
        migrate(doc)  # raises NewerVersionError
    if version != SCHEMA_VERSION:
        raise invalid("version", f"expected format {SCHEMA_VERSION}; migrate the document first.")
    entries = doc.get("entries", [])
    if not isinstance(entries, list):
        raise invalid("entries", f"this must be a list, not {type_name(entries)}.")
    clean_entries = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        path = f"entries[{i}]"
        policy.begin_entry(path)
        try:
            clean = _entry(entry, path, policy)
            if clean["id"] in seen:
                raise invalid(
                    f"{path}.id",
                    f"the id “{clean['id']}” is used twice (also by entry {seen[clean['id']] + 1}).",
                )
        except ValidationError as exc:
            policy.leave_out(i, exc)
            continue
        seen[clean["id"]] = i
        clean_entries.append(clean)
        policy.kept_entry(clean)
    if policy.left_out and not clean_entries:
        raise policy.left_out[0]
    settings = _check_settings(doc.get("settings", {}), set(seen), policy)
    out = {"schema": SCHEMA, "version": SCHEMA_VERSION, "entries": clean_entries, "settings": settings}
    return _keep_unknown(doc, _TOP_KNOWN, out)


def validate(doc: Any, inplace: bool = False) -> dict:
    """A normalised copy of a current-version document, or a ``WorksheetError``.

    ``inplace`` completes the parsed value itself instead of copying it (see ``codec.loads``).
    """
    return _document(doc, STRICT_INPLACE if inplace else STRICT)


def check_document(value: Any, inplace: bool = False) -> tuple[dict, int | None]:
    """Header check, migration, validation: for a parsed JSON value of unknown origin."""
    _check_header(value)
    migrated, start = migrate(value)
    return validate(migrated, inplace), start


def recover(value: Any, when: str) -> tuple[dict, int | None, list[dict], list[dict]]:
    """Read a document that fails validation only in places, losing nothing.

    Returns ``(doc, migrated_from, recovered, unrecoverable)``. In ``doc`` each value that
    failed validation is reset to its empty value and its raw value appended to that entry's
    ``set_aside`` (``when`` stamps it); ``recovered`` lists them as ``{entry_id, title, key,
    label, reason}`` with the reason in words. An entry that cannot be used at all (not an
    object, no id, an id used twice) is left out and listed in ``unrecoverable`` as
    ``{index, reason}``; a setting that cannot be used is dropped with a note (``entry_id``
    None); keys this build does not know are kept as they are. A problem with the document
    itself (not a worksheet, newer or unknown version, entries not a list) raises as
    ``check_document`` does, and so does a document none of whose entries can be used. The
    input is not changed.
    """
    if not isinstance(when, str) or not when:
        raise WorksheetError("Set-aside values need the time they were set aside.", "now", "bad_request")
    try:
        _check_header(value)
        doc, start = migrate(value)
        policy = Recover(when)
        out = _document(doc, policy)
    except RecursionError:
        raise invalid("", "a value in this worksheet is nested too deeply to be kept.") from None
    settings = doc.get("settings")
    order = {f"settings.{key}": i for i, key in enumerate(settings)} if isinstance(settings, dict) else {}
    policy.dropped.sort(key=lambda note: order.get(note["key"], -1))  # in the document's order
    return out, start, policy.recovered + policy.dropped, policy.unrecoverable
