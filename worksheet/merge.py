"""Importing a backup into this device's worksheet, entry by entry, never losing newer work.

Entries are matched by id and compared by ``updated``. ``compare`` says which side is newer;
``merge`` applies one of the modes:

- ``"newer"`` (the default): per entry keep whichever version was changed later. Where the
  two differ but neither is later (same or missing times), this device's version stays and the
  backup's is added as a copy. Entries found on one side only are kept.
- ``"backup"``: take the backup's version of every entry it has. Where this device's version
  is newer (or neither is), it is kept as a copy entry (new id, ``copy_of`` reason
  ``"import"``) so the person can compare and delete it.
- ``"replace"``: the backup's entries only.

Nothing disappears silently: every version of this device's entries that is not in the
result (as itself or as a copy) is returned in ``replaced``, and every backup version left
out (this device's was newer) in ``skipped``. Copy ids are made from the original id and the
merge time, so the same merge gives the same ids.
"""

from __future__ import annotations

import copy
import datetime as _dt
import hashlib

from . import codec, model
from .errors import BadRequestError

__all__ = ["MODES", "later", "compare", "copy_id", "as_copy", "merge"]

MODES = ("newer", "backup", "replace")
#: Older page code sends "merge"; it now means the safe default.
ALIASES = {"merge": "newer"}


def _moment(value: str) -> _dt.datetime:
    moment = _dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)  # a naive time as UTC


def later(a: str, b: str) -> bool:
    """Whether ISO datetime ``a`` is later than ``b`` (False when either is empty)."""
    if not a or not b:
        return False
    return _moment(a) > _moment(b)


def compare(here: dict, backup: dict) -> str:
    """``"same"``, ``"newer_here"``, ``"newer_backup"`` or ``"conflict"`` (they differ but
    neither was changed later) for two versions of one entry."""
    if here == backup:
        return "same"
    if later(here["updated"], backup["updated"]):
        return "newer_here"
    if later(backup["updated"], here["updated"]):
        return "newer_backup"
    return "conflict"


def copy_id(entry_id: str, when: str, taken: set[str]) -> str:
    """A new id for a copy of ``entry_id`` made at ``when``: the same inputs give the same id."""
    digest = hashlib.sha256(f"{entry_id}\x00{when}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
    base = f"{entry_id}-copy-{digest}"
    new_id, n = base, 2
    while new_id in taken:
        new_id, n = f"{base}-{n}", n + 1
    return new_id


def as_copy(entry: dict, reason: str, when: str, taken: set[str]) -> dict:
    """``entry`` under a new id, marked as a copy of the original (``taken`` gets the new id).
    A shallow copy: its nested parts are the original's (``merge`` validates, so copies, all)."""
    new_id = copy_id(entry["id"], when, taken)
    taken.add(new_id)
    return dict(entry, id=new_id, copy_of={"id": entry["id"], "reason": reason, "when": when})


def _body(entry: dict) -> dict:
    """An entry without its id and copy note: what makes two copies the same version."""
    return {k: v for k, v in entry.items() if k not in ("id", "copy_of")}


def _place_copies(items: list, when: str, taken: set[str]) -> list[dict]:
    """Turn each ``(version,)`` into a copy entry, unless the result already holds that
    version as a copy (the same backup imported twice is not copied twice)."""
    copies: dict[str, list] = {}
    for e in items:
        if isinstance(e, dict) and e["copy_of"] is not None:
            copies.setdefault(e["copy_of"]["id"], []).append(_body(e))
    out = []
    for e in items:
        if isinstance(e, dict):
            out.append(e)
        elif _body(e[0]) not in copies.setdefault(e[0]["id"], []):
            copies[e[0]["id"]].append(_body(e[0]))
            out.append(as_copy(e[0], "import", when, taken))
    return out


def merge(current: dict, incoming: dict, mode: str, when: str) -> dict:
    """``{"doc", "replaced", "skipped"}`` for two valid documents. This device's settings are kept."""
    mode = ALIASES.get(mode, mode)
    if mode not in MODES:
        raise BadRequestError("“mode” must be \"newer\", \"backup\" or \"replace\".", "mode")
    replaced: list[dict] = []
    skipped: list[dict] = []
    if mode == "replace":
        entries = list(incoming["entries"])
        by_id = {e["id"]: e for e in incoming["entries"]}
        replaced = [copy.deepcopy(e) for e in current["entries"] if by_id.get(e["id"]) != e]
    else:
        theirs = {e["id"]: e for e in incoming["entries"]}
        taken = {e["id"] for e in current["entries"]} | set(theirs)
        entries: list = []  # entries, and (version,) for a version to keep as a copy
        for mine in current["entries"]:
            other = theirs.pop(mine["id"], None)
            side = "same" if other is None else compare(mine, other)
            if side == "same":
                entries.append(mine)
            elif side == "newer_backup":
                entries.append(other)
                replaced.append(copy.deepcopy(mine))
            elif mode == "newer":
                entries.append(mine)
                if side == "conflict":
                    entries.append((other,))
                else:
                    skipped.append(copy.deepcopy(other))
            else:  # "backup": the backup's version, this device's kept as a copy beside it
                entries += [other, (mine,)]
        entries += [e for e in incoming["entries"] if e["id"] in theirs]
        entries = _place_copies(entries, when, taken)
    settings = dict(current["settings"])
    if not settings.get("your_name"):  # a backup restored into a fresh page brings the name back
        settings["your_name"] = incoming["settings"].get("your_name", "")
    ids = [e["id"] for e in entries]
    if settings["active_entry"] not in ids:
        settings["active_entry"] = ids[0] if ids else ""
    doc = codec.validate(  # a deep copy: the result shares nothing with the inputs
        {"schema": codec.SCHEMA, "version": codec.SCHEMA_VERSION, "entries": entries, "settings": settings}
    )
    return {"doc": doc, "replaced": replaced, "skipped": skipped}


def summary(current: dict, incoming: dict) -> dict:
    """Per entry, what an import would do: ``add``, ``same``, ``newer_here``, ``newer_backup``,
    ``conflict`` and ``only_here``, each item ``{id, title, here_updated, backup_updated}``
    (``title`` from the backup's version, or this device's for ``only_here``). ``replace``
    (every entry both have in different versions, with ``newer_here``) is kept for older
    page code."""
    existing = {e["id"]: e for e in current["entries"]}
    out: dict[str, list] = {k: [] for k in ("add", "same", "newer_here", "newer_backup", "conflict", "only_here", "replace")}
    for entry in incoming["entries"]:
        old = existing.pop(entry["id"], None)
        ref = {"id": entry["id"], "title": model.entry_title(entry)}
        item = dict(ref, here_updated=None if old is None else old["updated"], backup_updated=entry["updated"])
        side = "add" if old is None else compare(old, entry)
        out[side].append(item)
        if side not in ("add", "same"):
            out["replace"].append(dict(ref, newer_here=side == "newer_here"))
    for old in existing.values():
        out["only_here"].append(
            {"id": old["id"], "title": model.entry_title(old), "here_updated": old["updated"], "backup_updated": None}
        )
    return out
