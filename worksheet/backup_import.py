"""Importing a backup into this device's worksheet, entry by entry, never losing newer work.

Entries are matched by id and compared by ``updated``. ``compare`` says which side is newer;
``merge`` applies one of the modes:

- ``"newer"`` (the default): both sides' edits are kept. Where the two versions of an entry
  differ, they are combined field by field (``combine``): a field filled on one side only takes
  that value, list items of both sides are all kept, and the later version (this device's when
  neither is later) gives the rest. Where a field holds two different values, the later
  version stays under the id and the other is added as a copy. Entries found on one side only
  are kept.
- ``"backup"``: take the backup's version of every entry it has. Where this device's version
  is newer (or neither is), it is kept as a copy entry (new id, ``copy_of`` reason
  ``"import"``) so the person can compare and delete it.
- ``"replace"``: the backup's entries only.

Nothing disappears silently: every version of this device's entries whose values are not all
in the result (as itself, combined, or as a copy) is returned in ``replaced`` (only
``"replace"`` leaves any out); ``combined`` lists ``{id, title, from_here, from_backup}``, the
labels of the fields each side brought into a combined entry. Copy ids are made from the
original id and the merge time, so the same merge gives the same ids.
"""

from __future__ import annotations

import copy
import datetime as _dt
import hashlib

from . import model
from .errors import BadRequestError
from .validation import validate
from .wording import field_label

__all__ = ["MODES", "later", "compare", "differences", "combine", "copy_id", "as_copy", "merge", "summary"]

MODES = ("newer", "backup", "replace")


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


_OWN = ("id", "created", "updated", "copy_of")  # the entry's own records: never combined


_MISSING = object()


def _empty(value: object) -> bool:
    """Nothing written: missing, "", no rating, unticked, an empty list, or an object whose
    parts are all empty (a step nobody filled in)."""
    if value is _MISSING or value is None or value is False or value == "" or value == []:
        return True
    return isinstance(value, dict) and all(_empty(v) for v in value.values())


def differences(a: dict, b: dict, prefix: str = "") -> list[str]:
    """The dotted keys (lists as a whole) where two versions of an entry hold different
    values, leaving out its own records (id, times, copy note)."""
    out = []
    for key in list(a) + [k for k in b if k not in a]:
        if not prefix and key in _OWN:
            continue
        x, y = a.get(key, _MISSING), b.get(key, _MISSING)
        if x == y:
            continue
        if isinstance(x, dict) and isinstance(y, dict):
            out += differences(x, y, f"{prefix}{key}.")
        else:
            out.append(prefix + key)
    return out


def _combine(later: dict, earlier: dict, prefix: str, took: list[str]) -> dict | None:
    out = {}
    for key in list(later) + [k for k in earlier if k not in later]:
        x, y = later.get(key, _MISSING), earlier.get(key, _MISSING)
        if not prefix and key in _OWN:
            out[key] = y if x is _MISSING or (key == "copy_of" and x is None) else x
        elif x == y or _empty(y):
            out[key] = y if x is _MISSING else x
        elif _empty(x):
            out[key] = y
            took.append(prefix + key)
        elif isinstance(x, dict) and isinstance(y, dict):
            part = _combine(x, y, f"{prefix}{key}.", took)
            if part is None:
                return None
            out[key] = part
        elif isinstance(x, list) and isinstance(y, list):
            out[key] = x + [item for item in y if item not in x]  # every item of both kept
            took.append(prefix + key)
        else:
            return None  # two different values in one field: not combined
    return out


def combine(later: dict, earlier: dict) -> tuple[dict | None, list[str]]:
    """``later`` with ``earlier``'s values added where the two never hold two different values
    in one field: ``(entry, keys taken from earlier)``, or ``(None, [])`` when they do."""
    took: list[str] = []
    out = _combine(later, earlier, "", took)
    return (None, []) if out is None else (out, took)


def _labels(keys: list[str]) -> list[str]:
    return [field_label(k) for k in keys]


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
    """``{"doc", "replaced", "combined"}`` for two valid documents. This device's settings are
    kept; settings and top-level keys only the backup has (a newer build's) are added."""
    if mode not in MODES:
        raise BadRequestError("“mode” must be \"newer\", \"backup\" or \"replace\".", "mode")
    replaced: list[dict] = []
    combined: list[dict] = []
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
            elif mode == "newer":
                first, second = (other, mine) if side == "newer_backup" else (mine, other)
                both, took = combine(first, second)
                if both is None:
                    entries += [first, (second,)]  # two values in one field: the other as a copy
                else:
                    entries.append(both)
                    given = differences(both, second)  # what the later side brought
                    here, there = (given, took) if first is mine else (took, given)
                    if there:
                        combined.append({"id": mine["id"], "title": model.entry_title(both),
                                         "from_here": _labels(here), "from_backup": _labels(there)})
            elif side == "newer_backup":  # "backup", and the backup's is later: it replaces this one
                entries.append(other)
                replaced.append(copy.deepcopy(mine))
            else:  # "backup": the backup's version, this device's kept as a copy beside it
                entries += [other, (mine,)]
        entries += [e for e in incoming["entries"] if e["id"] in theirs]
        entries = _place_copies(entries, when, taken)
    settings = dict(incoming["settings"], **current["settings"])
    if not settings.get("your_name"):  # a backup restored into a fresh page brings the name back
        settings["your_name"] = incoming["settings"].get("your_name", "")
    ids = [e["id"] for e in entries]
    if settings["active_entry"] not in ids:
        settings["active_entry"] = ids[0] if ids else ""
    doc = dict(incoming, **current)
    doc.update(schema=model.SCHEMA, version=model.SCHEMA_VERSION, entries=entries, settings=settings)
    doc = validate(doc)  # a deep copy: the result shares nothing with the inputs
    return {"doc": doc, "replaced": replaced, "combined": combined}


def summary(current: dict, incoming: dict) -> dict:
    """Per entry, what an import would do: ``add``, ``same``, ``newer_here``, ``newer_backup``,
    ``conflict`` and ``only_here``, each item ``{id, title, here_updated, backup_updated}``
    (``title`` from the backup's version, or this device's for ``only_here``). An entry both
    sides hold in different versions also has ``differ`` (the labels of the fields that
    differ), ``combined``: whether the default mode combines the two versions field by
    field (otherwise it keeps the other version as a copy), and ``nothing_new``: the backup's
    version adds nothing to this device's (an older backup of the same work)."""
    existing = {e["id"]: e for e in current["entries"]}
    out: dict[str, list] = {k: [] for k in ("add", "same", "newer_here", "newer_backup", "conflict", "only_here")}
    for entry in incoming["entries"]:
        old = existing.pop(entry["id"], None)
        ref = {"id": entry["id"], "title": model.entry_title(entry)}
        item = dict(ref, here_updated=None if old is None else old["updated"], backup_updated=entry["updated"])
        side = "add" if old is None else compare(old, entry)
        if side not in ("add", "same"):
            first, second = (entry, old) if side == "newer_backup" else (old, entry)
            item["differ"] = _labels(differences(old, entry))
            both = combine(first, second)[0]
            item["combined"] = both is not None
            item["nothing_new"] = both is not None and not differences(both, old)
        out[side].append(item)
    for old in existing.values():
        out["only_here"].append(
            {"id": old["id"], "title": model.entry_title(old), "here_updated": old["updated"], "backup_updated": None}
        )
    return out
