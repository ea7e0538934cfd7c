"""The text layer: one versioned JSON document read from text and written back.

``loads(text)`` parses, checks the version, migrates and validates; ``decode`` does the same
and also says which version it migrated from; ``dumps(doc)`` validates and writes.
``parse_json`` turns text into a JSON value, refusing ``NaN``/``Infinity`` and, on request,
a key repeated in one object.

The rest of the storage format lives in its own modules and is re-exported here, so
``codec.validate`` and the other names keep working for ``api``, the page's worker and tests:

- ``validation``: ``validate``, ``validate_entry``, ``check_document`` and ``recover`` (one
  walk over the schema, strict or recovering);
- ``migrations``: ``migrate``, ``MIGRATIONS`` and the steps between formats;
- ``wording``: ``describe_path`` and ``field_label``, the places and problems in words.
"""

from __future__ import annotations

import json
from typing import Any

from . import model
from .errors import UnreadableError, ValidationError, WorksheetError
from .migrations import MIGRATIONS, Migration, migrate, migrate_1_to_2, register_migration
from .validation import (  # noqa: F401 - _check_stamp and _checker: for the tests
    _check_stamp,
    _checker,
    check_document,
    recover,
    validate,
    validate_entry,
)
from .wording import META_LABELS, describe_path, field_label
from .wording import type_name as _type_name

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "MIGRATIONS",
    "META_LABELS",
    "Migration",
    "WorksheetError",
    "dumps",
    "loads",
    "decode",
    "parse_json",
    "check_document",
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
            f"This is not readable JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
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
