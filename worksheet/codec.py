"""Storage codec: one versioned JSON document, strictly validated, migrated, round-tripped.

``loads(text)`` reads, checks the version, migrates and validates; ``dumps(doc)`` writes.
``validate(doc)`` returns a normalised copy (missing optional keys filled with empty values)
or raises a ``WorksheetError`` naming the path and the problem. A document written by a newer
version is refused with ``newer_version`` and never rewritten.

Forward compatibility: a key this build does not know (an entry field, a part of a step or of
a list item, a setting, a top-level key) is a newer build's and is kept as it is, unchecked,
on every path (validate, recover, merge, dumps). A newer build may add fields without a new
format number; changing what an existing field accepts needs one (and a migration).

Migrations: ``MIGRATIONS[n]`` turns a version-``n`` document into a version-``n + 1`` one.
``migrate_1_to_2`` is the one registered step (see its docstring); the mechanism itself is
also tested with registries passed in by the tests.
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
import re
from typing import Any, Callable

from . import model
from .errors import (
    NewerVersionError,
    UnreadableError,
    ValidationError,
    WorksheetError,
)

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "MIGRATIONS",
    "WorksheetError",
    "dumps",
    "loads",
    "decode",
    "validate",
    "validate_entry",
    "recover",
    "describe_path",
    "field_label",
    "migrate",
    "migrate_1_to_2",
    "register_migration",
]

SCHEMA = model.SCHEMA
SCHEMA_VERSION = model.SCHEMA_VERSION

Migration = Callable[[dict], dict]

#: from_version -> function returning the document at from_version + 1.
MIGRATIONS: dict[int, Migration] = {}

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def register_migration(from_version: int, registry: dict[int, Migration] | None = None):
    """Decorator: register ``fn`` as the step from ``from_version`` to ``from_version + 1``."""
    target = MIGRATIONS if registry is None else registry

    def deco(fn: Migration) -> Migration:
        if from_version in target:
            raise ValueError(f"a migration from version {from_version} is already registered")
        target[from_version] = fn
        return fn

    return deco


def _oldest_known(registry: dict[int, Migration], current: int) -> int:
    version = current
    while version - 1 in registry:
        version -= 1
    return version


def migrate(
    doc: dict,
    registry: dict[int, Migration] | None = None,
    current: int = SCHEMA_VERSION,
) -> tuple[dict, int | None]:
    """Bring ``doc`` up to ``current``. Returns (document, version it started at or None).

    Refuses a newer version (``newer_version``), a version older than any known migration
    and a version that is not a whole number (``invalid``).
    """
    reg = MIGRATIONS if registry is None else registry
    if not isinstance(doc, dict):
        raise ValidationError("A worksheet must be a JSON object.", "")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError(
            "The worksheet has no version number, so it cannot be read safely.", "version"
        )
    if version > current:
        raise NewerVersionError(
            f"This worksheet was saved by a newer version of Next Round (format {version}; "
            f"this page knows up to {current}). It has been left untouched. "
            "Reload the page to get the newest version.",
            "version",
        )
    if version == current:
        return doc, None
    oldest = _oldest_known(reg, current)
    if version < oldest:
        raise ValidationError(
            f"This worksheet uses format {version}, which is older than any format this page "
            f"can convert (the oldest is {oldest}).",
            "version",
        )
    start = version
    while version < current:
        doc = reg[version](doc)
        new_version = doc.get("version") if isinstance(doc, dict) else None
        if new_version != version + 1:
            raise WorksheetError(
                f"The conversion from format {version} did not produce format {version + 1}.",
                "version",
                "internal",
            )
        version = new_version
    return doc, start


@register_migration(1)
def migrate_1_to_2(doc: dict) -> dict:
    """Schema 1 -> 2: every entry gets an empty "Who told you" (``news_from``) and each
    interviewer an empty ``email`` and ``topic``; the settings get an empty ``your_name``.

    Nothing is removed or renamed, so every value of schema 1 is kept. The input is not
    changed. Odd shapes are passed through untouched: validation, which runs next, names them.
    """
    out = dict(doc, version=2)
    settings = out.get("settings")
    if isinstance(settings, dict) and "your_name" not in settings:
        out["settings"] = dict(settings, your_name="")
    entries = out.get("entries")
    if isinstance(entries, list):
        out["entries"] = [_entry_1_to_2(e) if isinstance(e, dict) else e for e in entries]
    return out


def _entry_1_to_2(entry: dict) -> dict:
    out = dict(entry)
    if "news_from" not in out:
        out["news_from"] = {"name": "", "email": ""}
    people = out.get("interviewers")
    if isinstance(people, list):
        out["interviewers"] = [
            {"email": "", "topic": "", **p} if isinstance(p, dict) else p for p in people
        ]
    return out


# --- validation --------------------------------------------------------------------------


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover - JSON has no other types


_ENTRY_PATH = re.compile(r"entries\[(\d+)\](?:\.(.*))?\Z", re.DOTALL)
_INDEX = re.compile(r"\[(\d+)\]")


#: The entry's own records, in words (they are not fields of ``content.py``).
META_LABELS = {
    "id": "Entry id", "created": "Created", "updated": "Last changed", "plan_done": "Ticked plan steps",
    "copy_of": "Copy note", "set_aside": "Set-aside values",
}
_META = re.compile(r"(id|created|updated|plan_done|copy_of|set_aside)(?=$|[.\[])")


def _entry_parts(rest: str) -> list[tuple[str, bool]]:
    """The parts of a path inside an entry, in words: (text, whether it is a name to quote)."""
    meta = _META.match(rest)
    if meta:
        parts = [(META_LABELS[meta.group(1)], True)]
        tail = rest[meta.end():]
        index = _INDEX.match(tail)
        if index:
            parts.append((f"item {int(index.group(1)) + 1}", False))
            tail = tail[index.end():]
        tail = tail.lstrip(".")
        return parts + [(tail, True)] if tail else parts
    head, _, tail = rest.partition("[")
    f = model.FIELDS_BY_KEY.get(head)
    if f is None:
        return [(rest, True)]
    parts = [(f.label, True)]
    if tail:
        index = _INDEX.match("[" + tail)
        if index:
            parts.append((f"item {int(index.group(1)) + 1}", False))
            sub_key = ("[" + tail)[index.end():].lstrip(".")
            subs = {sub.key: sub.label for sub in f.item_fields}
            if sub_key:
                parts.append((subs.get(sub_key, sub_key), True))
    return parts


def describe_path(path: str) -> str:
    """A path in words: ``entries[2].interviewers[0].name`` -> ``Interview 3, Interviewers,
    item 1, “Interviewer name”``. Unknown parts are quoted as they are."""
    if not path:
        return "The worksheet"
    m = _ENTRY_PATH.match(path)
    if not m:
        return f"The worksheet’s “{path}”"
    where = f"Interview {int(m.group(1)) + 1}"
    rest = m.group(2)
    if not rest:
        return where
    return ", ".join([where] + [f"“{text}”" if quote else text for text, quote in _entry_parts(rest)])


def field_label(key: str) -> str:
    """A place inside an entry in plain words, without quotes: ``interviewers[0].name`` ->
    ``Interviewers, item 1, Interviewer name`` (for labels the page shows)."""
    return ", ".join(text for text, _ in _entry_parts(key))


def _fail(path: str, problem: str) -> ValidationError:
    err = ValidationError(f"{describe_path(path)}: {problem}", path)
    err.problem = problem  # the sentence without the place, for set-aside values
    return err


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_date(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, f"a date must be text like 2026-03-31, not {_type_name(value)}.")
    if value == "":
        return value
    if not _DATE_RE.match(value):
        raise _fail(path, f"a date must look like 2026-03-31 (year-month-day); found {_show(value)}.")
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(path, f"{value} is not a real calendar date.") from None
    return value


def _check_datetime(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, f"a date and time must be text, not {_type_name(value)}.")
    if value == "":
        return value
    try:
        _dt.datetime.fromisoformat(value)
    except ValueError:
        raise _fail(
            path, f"a date and time must look like 2026-03-31T09:30:00Z; found {_show(value)}."
        ) from None
    return value


def _check_text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, f"this must be text, not {_type_name(value)}.")
    return value


# Each field kind gets a checker compiled once: ``check(value, parent_path, key)`` returns the
# clean value. Paths are only put together when something is wrong, which keeps a
# 1,000-entry document fast to validate.
Checker = Callable[[Any, str, str], Any]


def _text_checker(f) -> Checker:
    def check(value: Any, parent: str, key: str) -> Any:
        if type(value) is str:
            return value
        return _check_text(value, f"{parent}.{key}")
    return check


def _date_checker(f) -> Checker:
    def check(value: Any, parent: str, key: str) -> Any:
        if value == "" and type(value) is str:
            return value
        return _check_date(value, f"{parent}.{key}")
    return check


def _rating_checker(f) -> Checker:
    def check(value: Any, parent: str, key: str) -> Any:
        if value is None or (type(value) is int and 1 <= value <= 5):
            return value
        path = f"{parent}.{key}"
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(path, f"a rating must be a whole number from 1 to 5 or empty, not {_type_name(value)}.")
        raise _fail(path, f"a rating must be from 1 to 5; found {value}.")
    return check


def _choice_checker(f) -> Checker:
    allowed = frozenset(("",) + f.option_values)

    def check(value: Any, parent: str, key: str) -> Any:
        if type(value) is str and value in allowed:
            return value
        path = f"{parent}.{key}"
        if not isinstance(value, str):
            raise _fail(path, f"this must be one of the listed options, not {_type_name(value)}.")
        raise _fail(path, f"{_show(value)} is not one of the options ({', '.join(f.option_values)}).")
    return check


def _check_checker(f) -> Checker:
    def check(value: Any, parent: str, key: str) -> Any:
        if value is True or value is False:
            return value
        raise _fail(f"{parent}.{key}", f"this must be true or false, not {_type_name(value)}.")
    return check


def _list_checker(f, inplace: bool = False) -> Checker:
    if not f.item_fields:
        def check_strings(value: Any, parent: str, key: str) -> Any:
            if type(value) is not list:
                raise _fail(f"{parent}.{key}", f"this must be a list, not {_type_name(value)}.")
            for i, item in enumerate(value):
                if type(item) is not str:
                    _check_text(item, f"{parent}.{key}[{i}]")
            return value if inplace else list(value)
        return check_strings

    parts = _parts({sub.key: sub for sub in f.item_fields}, inplace)
    known = frozenset(sub.key for sub in f.item_fields)

    def check_items(value: Any, parent: str, key: str) -> Any:
        path = f"{parent}.{key}"
        if type(value) is not list:
            raise _fail(path, f"this must be a list, not {_type_name(value)}.")
        out = value if inplace else []
        for i, item in enumerate(value):
            if type(item) is not dict:
                raise _fail(f"{path}[{i}]", f"each item must be an object, not {_type_name(item)}.")
            clean = _check_parts(parts, item, f"{path}[{i}]", inplace)
            if not inplace:
                _keep_unknown(item, known, clean)
                out.append(clean)
        return out
    return check_items


_CHECKER_FACTORIES = {
    "short": _text_checker, "long": _text_checker, "date": _date_checker, "rating": _rating_checker,
    "choice": _choice_checker, "check": _check_checker, "list": _list_checker,
}


def _checker(f, inplace: bool = False) -> Checker:
    if f.kind == "list":
        return _list_checker(f, inplace)
    return _CHECKER_FACTORIES[f.kind](f)


_TEXT, _CHECK, _RATING, _CHOICE, _OTHER = range(5)


def _parts(node: dict, inplace: bool = False) -> list[tuple]:
    """(key, fast kind, allowed choices, checker, default factory) for each part of a node.

    The fast kind lets the common, valid values pass without a function call.
    """
    parts = []
    for key, spec in node.items():
        if isinstance(spec, dict):
            parts.append((key, _OTHER, None, _node_checker(spec, inplace), lambda spec=spec: model._empty_from(spec)))
            continue
        fast = {"short": _TEXT, "long": _TEXT, "check": _CHECK, "rating": _RATING, "choice": _CHOICE}.get(spec.kind, _OTHER)
        allowed = frozenset(("",) + spec.option_values) if spec.kind == "choice" else None
        parts.append((key, fast, allowed, _checker(spec, inplace), lambda spec=spec: model.empty_value(spec)))
    return parts


def _check_parts(parts: list[tuple], value: dict, path: str, inplace: bool = False) -> dict:
    """Check each part of ``value``; fill in missing ones. With ``inplace``, ``value`` itself is
    completed (for freshly parsed JSON nobody shares); otherwise a new dict is returned."""
    out = value if inplace else {}
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
        out[key] = check(v, path, key)
    return out


def _keep_unknown(value: dict, known, out: dict) -> dict:
    """Copy into ``out`` every key of ``value`` this build does not know, as it is: a newer
    build's field or setting travels with the document, unchecked and unchanged."""
    if not value.keys() <= known:
        for key in value:
            if key not in known:
                out[key] = copy.deepcopy(value[key])
    return out


def _node_checker(node: dict, inplace: bool = False) -> Checker:
    parts = _parts(node, inplace)
    known = frozenset(node)

    def check(value: Any, parent: str, key: str) -> Any:
        path = f"{parent}.{key}"
        if type(value) is not dict:
            raise _fail(path, f"this must be an object, not {_type_name(value)}.")
        out = _check_parts(parts, value, path, inplace)
        return out if inplace else _keep_unknown(value, known, out)
    return check


def _exact_parts(value: dict, keys: tuple, path: str) -> None:
    """Every one of ``keys`` present, nothing else (for the engine's own records)."""
    for key in value:
        if key not in keys:
            raise _fail(f"{path}.{key}", "this is not a known part of the record.")
    for key in keys:
        if key not in value:
            raise _fail(f"{path}.{key}", f"this record is missing “{key}”.")


def _check_stamp(value: Any, path: str) -> str:
    """A required ISO date and time (not empty)."""
    if value == "":
        raise _fail(path, "this needs a date and time like 2026-03-31T09:30:00Z.")
    return _check_datetime(value, path)


def _check_copy_of(value: Any, path: str) -> dict | None:
    if value is None:
        return None
    if type(value) is not dict:
        raise _fail(path, f"this must be empty (null) or an object with id, reason and when, not {_type_name(value)}.")
    _exact_parts(value, ("id", "reason", "when"), path)
    if not isinstance(value["id"], str) or not value["id"].strip():
        raise _fail(f"{path}.id", "the id of the original entry must be non-empty text.")
    if value["reason"] not in model.COPY_REASONS or type(value["reason"]) is not str:
        raise _fail(f"{path}.reason", f"the reason must be one of {', '.join(model.COPY_REASONS)}; found {_show(value['reason'])}.")
    return {"id": value["id"], "reason": value["reason"], "when": _check_stamp(value["when"], f"{path}.when")}


_ASIDE_PARTS = ("key", "label", "value", "reason", "when")


def _check_set_aside(value: Any, path: str) -> list:
    if type(value) is not list:
        raise _fail(path, f"this must be a list, not {_type_name(value)}.")
    return [_check_aside_item(item, f"{path}[{i}]") for i, item in enumerate(value)]


def _check_aside_item(item: Any, where: str) -> dict:
    if type(item) is not dict:
        raise _fail(where, f"each set-aside value must be an object, not {_type_name(item)}.")
    _exact_parts(item, _ASIDE_PARTS, where)
    for key in ("key", "label", "reason"):
        _check_text(item[key], f"{where}.{key}")
    return {
        "key": item["key"], "label": item["label"], "value": copy.deepcopy(item["value"]),
        "reason": item["reason"], "when": _check_stamp(item["when"], f"{where}.when"),
    }


_MISSING = object()
_ENTRY_KNOWN = frozenset(model.META_KEYS) | frozenset(model.TEMPLATE)
_ENTRY_PARTS = _parts(model.TEMPLATE)
_ENTRY_PARTS_INPLACE = _parts(model.TEMPLATE, inplace=True)


def validate_entry(entry: Any, path: str = "entry", inplace: bool = False) -> dict:
    """A normalised copy of one entry, or a ``ValidationError`` naming the path.

    With ``inplace`` the entry itself is completed and returned (no copy): only for a value
    nobody else holds, such as freshly parsed JSON.
    """
    if type(entry) is not dict:
        raise _fail(path, f"an entry must be an object, not {_type_name(entry)}.")
    if "id" not in entry:
        raise _fail(f"{path}.id", "every entry needs an id.")
    entry_id = entry["id"]
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise _fail(f"{path}.id", "an entry id must be non-empty text.")
    out: dict = {"id": entry_id}
    out["created"] = _check_datetime(entry.get("created", ""), f"{path}.created")
    out["updated"] = _check_datetime(entry.get("updated", ""), f"{path}.updated")
    plan_done = entry.get("plan_done", {})
    if type(plan_done) is not dict:
        raise _fail(f"{path}.plan_done", f"this must be an object, not {_type_name(plan_done)}.")
    for key, done in plan_done.items():
        if done is not True and done is not False:
            raise _fail(f"{path}.plan_done.{key}", f"this must be true or false, not {_type_name(done)}.")
    copy_of = entry.get("copy_of")
    out["copy_of"] = None if copy_of is None else _check_copy_of(copy_of, f"{path}.copy_of")
    aside = entry.get("set_aside", _MISSING)
    if aside is _MISSING or type(aside) is list and not aside:  # missing or empty: the common case
        out["set_aside"] = []
    else:
        out["set_aside"] = _check_set_aside(aside, f"{path}.set_aside")
    if inplace:
        entry.update(out)
        entry["plan_done"] = plan_done
        return _check_parts(_ENTRY_PARTS_INPLACE, entry, path, inplace=True)
    out["plan_done"] = dict(plan_done)
    out.update(_check_parts(_ENTRY_PARTS, entry, path))
    return _keep_unknown(entry, _ENTRY_KNOWN, out)


_SETTINGS_KNOWN = frozenset(("active_entry", "edits_since_export", "last_export", "your_name"))
_TOP_KNOWN = frozenset(("schema", "version", "entries", "settings"))


def _check_settings(settings: Any, entry_ids: set[str]) -> dict:
    if not isinstance(settings, dict):
        raise _fail("settings", f"this must be an object, not {_type_name(settings)}.")
    out = _keep_unknown(settings, _SETTINGS_KNOWN, model.empty_settings())
    if "active_entry" in settings:
        active = _check_text(settings["active_entry"], "settings.active_entry")
        # A pointer to an entry that no longer exists is harmless: forget it.
        out["active_entry"] = active if active in entry_ids else ""
    if "edits_since_export" in settings:
        n = settings["edits_since_export"]
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise _fail("settings.edits_since_export", "this must be a whole number, 0 or more.")
        out["edits_since_export"] = n
    if "last_export" in settings:
        out["last_export"] = _check_datetime(settings["last_export"], "settings.last_export")
    if "your_name" in settings:
        out["your_name"] = _check_text(settings["your_name"], "settings.your_name")
    return out


def _check_header(doc: Any) -> None:
    if not isinstance(doc, dict):
        raise _fail("", f"a worksheet must be a JSON object, not {_type_name(doc)}.")
    if doc.get("schema") != SCHEMA:
        raise _fail(
            "schema",
            "this is not a Next Round worksheet (the \"schema\" mark is missing or different).",
        )


def validate(doc: Any, inplace: bool = False) -> dict:
    """A normalised copy of a current-version document, or a ``WorksheetError``.

    ``inplace`` completes the parsed value itself instead of copying it (see ``loads``).
    """
    _check_header(doc)
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _fail("version", "the worksheet needs a whole-number version.")
    if version > SCHEMA_VERSION:
        migrate(doc)  # raises NewerVersionError
    if version != SCHEMA_VERSION:
        raise _fail("version", f"expected format {SCHEMA_VERSION}; migrate the document first.")
    entries = doc.get("entries", [])
    if not isinstance(entries, list):
        raise _fail("entries", f"this must be a list, not {_type_name(entries)}.")
    clean_entries = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        clean = validate_entry(entry, f"entries[{i}]", inplace)
        if clean["id"] in seen:
            raise _fail(
                f"entries[{i}].id",
                f"the id “{clean['id']}” is used twice (also by entry {seen[clean['id']] + 1}).",
            )
        seen[clean["id"]] = i
        clean_entries.append(clean)
    settings = _check_settings(doc.get("settings", {}), set(seen))
    out = {"schema": SCHEMA, "version": SCHEMA_VERSION, "entries": clean_entries, "settings": settings}
    return _keep_unknown(doc, _TOP_KNOWN, out)


def check_document(value: Any, inplace: bool = False) -> tuple[dict, int | None]:
    """Header check, migration, validation: for a parsed JSON value of unknown origin."""
    _check_header(value)
    migrated, start = migrate(value)
    return validate(migrated, inplace), start


# --- field-level recovery ------------------------------------------------------------------


class _Rescue:
    """Walks one entry that failed validation: every value that cannot be used is reset to
    its empty value and kept, as it was, in the entry's ``set_aside`` (nothing is dropped)."""

    def __init__(self, entry: dict, index: int, when: str) -> None:
        self.entry, self.when = entry, when
        self.path = f"entries[{index}]"
        self.aside: list[dict] = []
        self.notes: list[dict] = []

    def put(self, key: str, value: Any, exc: ValidationError) -> None:
        label = field_label(key)
        self.aside.append({"key": key, "label": label, "value": value, "reason": exc.problem, "when": self.when})
        self.notes.append({"key": key, "label": label, "reason": exc.message})

    def leaf(self, check: Checker, value: Any, parent: str, key: str, rel: str, empty: Any) -> Any:
        try:
            return check(value, parent, key)
        except ValidationError as exc:
            self.put(rel, value, exc)
            return empty

    def node(self, spec: dict, value: dict, path: str, prefix: str, known=frozenset()) -> dict:
        out: dict = _keep_unknown(value, spec.keys() | known, {})
        for key, part in spec.items():
            rel, where = prefix + key, f"{path}.{key}"
            if isinstance(part, dict):
                empty = model._empty_from(part)
                if key not in value:
                    out[key] = empty
                elif type(value[key]) is not dict:
                    self.put(rel, value[key], _fail(where, f"this must be an object, not {_type_name(value[key])}."))
                    out[key] = empty
                else:
                    out[key] = self.node(part, value[key], where, rel + ".")
            elif key not in value:
                out[key] = model.empty_value(part)
            elif part.kind == "list":
                out[key] = self.items(part, value[key], where, rel)
            else:
                out[key] = self.leaf(_checker(part), value[key], path, key, rel, model.empty_value(part))
        return out

    def items(self, f, value: Any, path: str, rel: str) -> list:
        if type(value) is not list:
            self.put(rel, value, _fail(path, f"this must be a list, not {_type_name(value)}."))
            return []
        out = []
        for i, item in enumerate(value):
            where, irel = f"{path}[{i}]", f"{rel}[{i}]"
            if not f.item_fields:
                if type(item) is str:
                    out.append(item)
                else:
                    self.put(irel, item, _fail(where, f"this must be text, not {_type_name(item)}."))
                continue
            if type(item) is not dict:
                self.put(irel, item, _fail(where, f"each item must be an object, not {_type_name(item)}."))
                continue
            known = {sub.key for sub in f.item_fields}
            out.append(_keep_unknown(item, known, {
                sub.key: self.leaf(_checker(sub), item[sub.key], where, sub.key, f"{irel}.{sub.key}", model.empty_value(sub))
                if sub.key in item else model.empty_value(sub)
                for sub in f.item_fields
            }))
        return out

    def run(self) -> dict:
        entry, path = self.entry, self.path
        out: dict = {"id": entry["id"]}
        for key in ("created", "updated"):
            out[key] = self.leaf(lambda v, p, k: _check_datetime(v, f"{p}.{k}"), entry.get(key, ""), path, key, key, "")
        plan_done = entry.get("plan_done", {})
        out["plan_done"] = {}
        if type(plan_done) is not dict:
            self.put("plan_done", plan_done, _fail(f"{path}.plan_done", f"this must be an object, not {_type_name(plan_done)}."))
        else:
            for key, done in plan_done.items():
                if done is True or done is False:
                    out["plan_done"][key] = done
                else:
                    self.put(f"plan_done.{key}", done, _fail(f"{path}.plan_done.{key}", f"this must be true or false, not {_type_name(done)}."))
        out["copy_of"] = self.leaf(lambda v, p, k: _check_copy_of(v, f"{p}.{k}"), entry.get("copy_of"), path, "copy_of", "copy_of", None)
        kept = []
        earlier = entry.get("set_aside", [])
        if type(earlier) is not list:
            self.put("set_aside", earlier, _fail(f"{path}.set_aside", f"this must be a list, not {_type_name(earlier)}."))
        else:
            for i, item in enumerate(earlier):
                try:
                    kept.append(_check_aside_item(item, f"{path}.set_aside[{i}]"))
                except ValidationError as exc:
                    self.put(f"set_aside[{i}]", item, exc)
        out.update(self.node(model.TEMPLATE, entry, path, "", _ENTRY_KNOWN))
        out["set_aside"] = kept + self.aside
        return out


def _rescue_settings(settings: Any, entry_ids: set[str], notes: list[dict]) -> dict:
    """Settings are the page's own bookkeeping, not the person's writing: a value that cannot
    be used is dropped (back to its default) with a note."""
    def note(key: str, exc: ValidationError) -> None:
        notes.append({"entry_id": None, "title": "The worksheet", "key": key, "label": key, "reason": exc.message})

    if not isinstance(settings, dict):
        note("settings", _fail("settings", f"this must be an object, not {_type_name(settings)}; the defaults are used."))
        return model.empty_settings()
    usable = {}
    for key, value in settings.items():
        try:
            _check_settings({key: value}, entry_ids)
        except ValidationError as exc:
            note(f"settings.{key}", exc)
        else:
            usable[key] = value
    return _check_settings(usable, entry_ids)


def recover(value: Any, when: str) -> tuple[dict, int | None, list[dict], list[dict]]:
    """Read a document that fails validation only in places, losing nothing.

    Returns ``(doc, migrated_from, recovered, unrecoverable)``. In ``doc`` each value that
    failed validation is reset to its empty value and its raw value appended to that entry's
    ``set_aside`` (``when`` stamps it); ``recovered`` lists them as ``{entry_id, title, key,
    label, reason}`` with the reason in words. An entry that cannot be used at all (not an
    object, no id, an id used twice) is left out and listed in ``unrecoverable`` as
    ``{index, reason}``; a setting that cannot be used is dropped with a note (``entry_id``
    None); keys this build does not know are kept as they are. A problem with the document itself (not a worksheet, newer or
    unknown version, entries not a list) raises as ``check_document`` does, and so does a
    document none of whose entries can be used. The input is not changed.
    """
    if not isinstance(when, str) or not when:
        raise WorksheetError("Set-aside values need the time they were set aside.", "now", "bad_request")
    try:
        return _recover(value, when)
    except RecursionError:
        raise _fail("", "a value in this worksheet is nested too deeply to be kept.") from None


def _recover(value: Any, when: str) -> tuple[dict, int | None, list[dict], list[dict]]:
    _check_header(value)
    doc, start = migrate(value)
    recovered: list[dict] = []
    entries = doc.get("entries", [])
    if not isinstance(entries, list):
        raise _fail("entries", f"this must be a list, not {_type_name(entries)}.")
    kept: list[dict] = []
    unrecoverable: list[dict] = []
    failures: list[ValidationError] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        path = f"entries[{i}]"
        try:
            clean = validate_entry(entry, path)
        except ValidationError as exc:
            if type(entry) is not dict or not isinstance(entry.get("id"), str) or not entry["id"].strip():
                failures.append(exc)
                unrecoverable.append({"index": i, "reason": exc.message})
                continue
            rescue = _Rescue(entry, i, when)
            clean = validate_entry(rescue.run(), path)
            notes = rescue.notes
        else:
            notes = []
        if clean["id"] in seen:
            exc = _fail(f"{path}.id", f"the id “{clean['id']}” is used twice (also by entry {seen[clean['id']] + 1}).")
            failures.append(exc)
            unrecoverable.append({"index": i, "reason": exc.message})
            continue
        seen[clean["id"]] = i
        kept.append(clean)
        title = model.entry_title(clean)
        recovered += [dict({"entry_id": clean["id"], "title": title}, **n) for n in notes]
    if failures and not kept:
        raise failures[0]
    settings = _rescue_settings(doc.get("settings", {}), set(seen), recovered)
    # every kept entry has been through validate_entry (a copy), the settings through _check_settings
    out = {"schema": SCHEMA, "version": SCHEMA_VERSION, "entries": kept, "settings": settings}
    return _keep_unknown(doc, _TOP_KNOWN, out), start, recovered, unrecoverable


# --- text --------------------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a worksheet")


def _pairs(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise ValidationError(f"The key “{key}” appears twice in the same object.", str(key))
            seen.add(key)
    return out


def parse_json(text: Any, check_duplicates: bool = False) -> Any:
    """Parse JSON text or raise ``UnreadableError``.

    With ``check_duplicates`` a key repeated in one object is refused (a hand-edited import
    could otherwise lose a value silently). Text the page saved itself with
    ``JSON.stringify`` cannot repeat keys, so the faster plain parse is the default.
    """
    if not isinstance(text, str):
        raise UnreadableError(f"Expected the saved text, got {_type_name(text)}.", "")
    hook = _pairs if check_duplicates else None
    try:
        return json.loads(text, object_pairs_hook=hook, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise UnreadableError(
            f"This is not readable JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).", ""
        ) from None
    except ValueError as exc:
        raise UnreadableError(f"This is not readable JSON ({exc}).", "") from None
    except RecursionError:
        raise UnreadableError("This JSON is nested too deeply to be a worksheet.", "") from None


def decode(text: Any, check_duplicates: bool = False) -> tuple[dict, int | None]:
    """Text -> (validated current document, version migrated from or None)."""
    # The parsed value belongs to nobody else, so it is completed in place (no copy).
    return check_document(parse_json(text, check_duplicates), inplace=True)


def loads(text: Any, check_duplicates: bool = False) -> dict:
    """Text -> validated, migrated document with defaults filled."""
    return decode(text, check_duplicates)[0]


def dumps(doc: dict) -> str:
    """Document -> JSON text (validated first; Unicode kept as is, two-space indent)."""
    return json.dumps(validate(doc), ensure_ascii=False, indent=2) + "\n"
