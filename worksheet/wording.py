"""The engine's words: where a value sits, what is wrong with it, and counted nouns.

``describe_path`` turns a path into the place a person recognises (``entries[2].company`` ->
``Interview 3, “Company”``), ``field_label`` names a place inside an entry for the page, and
``invalid`` makes the ``ValidationError`` that carries both the place and the problem.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import model
from .errors import ValidationError

__all__ = ["META_LABELS", "describe_path", "field_label", "invalid", "plural", "shown", "type_name"]


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun: "1 interview", "3 interviews" (``many`` when the plural is not one + "s")."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def type_name(value: Any) -> str:
    """What kind of JSON value this is, in words (for "must be text, not a number")."""
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


def shown(value: Any) -> str:
    """A value as JSON, cut to 40 characters, for quoting it in a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


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


def invalid(path: str, problem: str) -> ValidationError:
    """The error for ``problem`` (a sentence) at ``path``: its message names the place first."""
    err = ValidationError(f"{describe_path(path)}: {problem}", path)
    err.problem = problem  # the sentence without the place, for set-aside values
    return err
