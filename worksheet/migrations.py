"""Format migrations: bringing a document saved in an older format up to the current one.

``MIGRATIONS[n]`` turns a version-``n`` document into a version-``n + 1`` one; ``migrate``
runs the steps in order. ``migrate_1_to_2`` is the one registered step (see its docstring);
the mechanism itself is also tested with registries passed in by the tests. A newer build may
add fields without a new format number; changing what an existing field accepts needs one
(and a migration).
"""

from __future__ import annotations

from typing import Callable

from . import model
from .errors import NewerVersionError, ValidationError, WorksheetError

__all__ = ["MIGRATIONS", "Migration", "migrate", "migrate_1_to_2", "register_migration"]

Migration = Callable[[dict], dict]

#: from_version -> function returning the document at from_version + 1.
MIGRATIONS: dict[int, Migration] = {}


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
    current: int = model.SCHEMA_VERSION,
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
