"""The one error type the engine raises on purpose, and its kinds.

Every error carries a ``code`` (one of the codes in the engine/browser contract), a ``path``
into the document (``"entries[2].company"``, or ``""``) and a plain-language message.
"""

from __future__ import annotations


class WorksheetError(Exception):
    """Base error: something in a document or a request is not usable as it is."""

    code = "invalid"

    def __init__(self, message: str, path: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        if code is not None:
            self.code = code

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "path": self.path}


class UnreadableError(WorksheetError):
    """The text is not JSON at all."""

    code = "unreadable"


class ValidationError(WorksheetError):
    """The JSON is readable but does not describe a valid worksheet."""

    code = "invalid"


class NewerVersionError(WorksheetError):
    """The document was written by a newer version of the worksheet: never rewrite it."""

    code = "newer_version"


class BadRequestError(WorksheetError):
    """A request to the engine is malformed (missing field, unknown operation...)."""

    code = "bad_request"
