"""The engine's error type: code, path, message; subclasses carry the contract's codes."""

from worksheet.errors import BadRequestError, NewerVersionError, UnreadableError, ValidationError, WorksheetError


def test_codes_and_dict():
    assert [c.code for c in (WorksheetError, UnreadableError, ValidationError, NewerVersionError, BadRequestError)] == [
        "invalid", "unreadable", "invalid", "newer_version", "bad_request"]
    err = ValidationError("entries[0].company: must be text.", "entries[0].company")
    assert isinstance(err, WorksheetError) and str(err) == err.message
    assert err.as_dict() == {"code": "invalid", "message": "entries[0].company: must be text.", "path": "entries[0].company"}
    assert WorksheetError("x", code="internal").code == "internal"
    assert WorksheetError("x").path == ""
