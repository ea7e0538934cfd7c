"""The package's public surface stays short and importable."""

import worksheet


def test_public_surface():
    assert worksheet.__all__ == [
        "SCHEMA_VERSION", "WorksheetError", "dumps", "empty_document", "entry_status", "entry_title",
        "handle", "loads", "new_entry", "validate",
    ]
    for name in worksheet.__all__:
        assert getattr(worksheet, name) is not None
    assert worksheet.SCHEMA_VERSION == 2
    doc = worksheet.empty_document()
    doc["entries"].append(worksheet.new_entry("a", "2026-01-01T00:00:00Z"))
    assert worksheet.loads(worksheet.dumps(doc)) == doc
    assert worksheet.handle({"op": "open", "text": None})["ok"] is True

