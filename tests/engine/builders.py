"""Plain builders for entries and documents, shared by the engine's tests.

``make_entry("e-1", company="Acme", reflection__ratings__answers=2)`` sets fields by dotted key
(``__`` stands for ``.``); ``make_doc(a, b)`` wraps entries in a document, validated unless
``validate=False`` (for tests that feed raw documents to the code under test).
"""

from __future__ import annotations

from worksheet import codec, model

CREATED = "2026-11-26T10:00:00Z"


def make_entry(entry_id: str = "e", **fields) -> dict:
    entry = model.new_entry(entry_id, CREATED)
    for key, value in fields.items():
        model.set_value(entry, key.replace("__", "."), value)
    return entry


def make_doc(*entries: dict, validate: bool = True) -> dict:
    doc = model.empty_document()
    doc["entries"].extend(entries)
    return codec.validate(doc) if validate else doc
