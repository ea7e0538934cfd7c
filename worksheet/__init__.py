"""Next Round worksheet engine: stdlib-only, runs in CPython 3.11+ and in Pyodide.

The browser calls ``handle(request)``; the build reads ``content`` and the templates from
``new_entry`` / ``empty_document``. Everything else lives in the submodules.
"""

from .api import handle
from .codec import SCHEMA_VERSION, dumps, loads, validate
from .errors import WorksheetError
from .model import empty_document, entry_status, entry_title, new_entry

__all__ = [
    "SCHEMA_VERSION",
    "WorksheetError",
    "dumps",
    "empty_document",
    "entry_status",
    "entry_title",
    "handle",
    "loads",
    "new_entry",
    "validate",
]
