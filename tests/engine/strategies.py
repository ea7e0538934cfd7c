"""Hypothesis strategies for the worksheet engine, shared by every engine test module."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from worksheet import codec, content, model
from conftest import TESTS

#: Shared settings: no per-example deadline (2 shared cores), a sensible number of examples.
ENGINE = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])

# Text a real person types: any Unicode (emoji, RTL, combining marks), plus hand-picked
# awkward cases: surrounding whitespace, CRLF, tabs, JSON-ish and HTML-ish text.
SPECIAL_TEXT = [
    "", " ", "  leading and trailing  ", "line one\r\nline two\n", "\t tab",
    "مرحبا بالعالم", "שלום עולם", "😀👩🏽‍💻🇺🇦", "e\u0301", "\u200f\u202erev",
    '"quoted" \\ back', "<script>alert(1)</script> & ;,", "a,b;c\\d",
]
text = st.one_of(st.sampled_from(SPECIAL_TEXT), st.text(max_size=40))
short_text = st.one_of(st.sampled_from(SPECIAL_TEXT), st.text(max_size=12))

iso_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)).map(
    dt.date.isoformat
)
dates_or_empty = st.one_of(st.just(""), iso_dates)
iso_datetimes = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 1, 1),
    timezones=st.just(dt.timezone.utc),
).map(lambda d: d.isoformat().replace("+00:00", "Z"))


def field_value(f: content.Field, small: bool = False) -> st.SearchStrategy:
    kind = f.kind
    if kind in ("short", "long"):
        return short_text if small else text
    if kind == "date":
        return dates_or_empty
    if kind == "rating":
        return st.one_of(st.none(), st.integers(1, 5))
    if kind == "choice":
        return st.sampled_from(("",) + f.option_values)
    if kind == "check":
        return st.booleans()
    if not f.item_fields:
        return st.lists(short_text, max_size=3)
    item = st.fixed_dictionaries({sub.key: field_value(sub, small=True) for sub in f.item_fields})
    return st.lists(item, max_size=3)


def _node(node: dict) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {k: (_node(v) if isinstance(v, dict) else field_value(v)) for k, v in node.items()}
    )


entry_ids = st.one_of(
    st.uuids().map(str),
    st.text(min_size=1, max_size=8).filter(lambda s: s.strip() != ""),
)


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10), st.integers(),
    st.floats(allow_nan=False, allow_infinity=False), text,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=20,
)

#: ``copy_of`` of an entry kept as a copy of another.
copy_notes = st.fixed_dictionaries(
    {"id": entry_ids, "reason": st.sampled_from(model.COPY_REASONS), "when": iso_datetimes}
)
#: One raw value set aside because it failed validation (any JSON value).
aside_items = st.fixed_dictionaries(
    {"key": short_text, "label": short_text, "value": json_values, "reason": short_text, "when": iso_datetimes}
)


@st.composite
def entries(draw, entry_id=None) -> dict:
    body = draw(_node(model.TEMPLATE))
    out = {
        "id": entry_id if entry_id is not None else draw(entry_ids),
        "created": draw(iso_datetimes),
        "updated": draw(iso_datetimes),
        "plan_done": draw(st.dictionaries(st.text(max_size=10), st.booleans(), max_size=3)),
        "copy_of": draw(st.one_of(st.none(), copy_notes)),
        "set_aside": draw(st.lists(aside_items, max_size=2)),
    }
    out.update(body)
    return out


@st.composite
def documents(draw, max_entries: int = 4) -> dict:
    ids = draw(st.lists(entry_ids, max_size=max_entries, unique=True))
    items = [draw(entries(entry_id=i)) for i in ids]
    active = draw(st.sampled_from([""] + ids))
    return {
        "schema": codec.SCHEMA,
        "version": codec.SCHEMA_VERSION,
        "entries": items,
        "settings": {
            "active_entry": active,
            "edits_since_export": draw(st.integers(0, 10_000)),
            "last_export": draw(st.one_of(st.just(""), iso_datetimes)),
            "your_name": draw(short_text),
        },
    }


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


@st.composite
def mutated_documents(draw) -> object:
    """A valid document with one place replaced by any JSON value (or one key removed/added)."""
    doc = json.loads(json.dumps(draw(documents(max_entries=1))))
    paths = list(_paths(doc))
    path = draw(st.sampled_from(paths))
    if not path:
        return draw(json_values)
    parent = doc
    for p in path[:-1]:
        parent = parent[p]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    last = path[-1]
    if action == "replace" or isinstance(parent, list):
        parent[last] = draw(json_values)
    elif action == "delete":
        del parent[last]
    else:
        parent[draw(st.text(max_size=6))] = draw(json_values)
    return doc


@st.composite
def migration_chains(draw):
    """(registry, current, start): a test registry of version steps ending at ``current``."""
    current = draw(st.integers(1, 6))
    oldest = draw(st.integers(1, current))
    registry = {}
    for v in range(oldest, current):
        def step(doc, v=v):
            out = dict(doc)
            out["version"] = v + 1
            out["trail"] = list(doc.get("trail", [])) + [v]
            return out
        registry[v] = step
    start = draw(st.integers(oldest, current))
    return registry, current, start


# --- schema 1, frozen: what the page and "Export backup" wrote before schema 2 ------------------

_V1 = json.loads((TESTS / "data" / "v1-fields.json").read_text(encoding="utf-8"))


def _v1_field(spec: dict) -> content.Field:
    return content.Field(
        spec["key"], spec["key"], spec["kind"],
        options=tuple((v, v) for v in spec["options"]),
        item_fields=tuple(_v1_field(sub) for sub in spec["item_fields"]),
    )


#: The fields of schema 1 as ``content.Field`` objects (labels are the keys).
V1_FIELDS: tuple[content.Field, ...] = tuple(_v1_field(spec) for spec in _V1["fields"])


def _v1_tree() -> dict:
    tree: dict = {}
    for f in V1_FIELDS:
        *parents, last = f.key.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = f
    return tree


@st.composite
def v1_documents(draw, max_entries: int = 3) -> dict:
    """Any document schema 1 accepted, complete as its ``codec.dumps`` wrote it."""
    ids = draw(st.lists(entry_ids, max_size=max_entries, unique=True))
    items = []
    for entry_id in ids:
        entry = {
            "id": entry_id,
            "created": draw(iso_datetimes),
            "updated": draw(iso_datetimes),
            "plan_done": draw(st.dictionaries(st.text(max_size=10), st.booleans(), max_size=3)),
        }
        entry.update(draw(_node(_v1_tree())))
        items.append(entry)
    return {
        "schema": codec.SCHEMA,
        "version": 1,
        "entries": items,
        "settings": {
            "active_entry": draw(st.sampled_from([""] + ids)),
            "edits_since_export": draw(st.integers(0, 10_000)),
            "last_export": draw(st.one_of(st.just(""), iso_datetimes)),
        },
    }
