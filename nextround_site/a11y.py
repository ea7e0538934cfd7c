"""Accessibility fixes for generated HTML: plain functions, no MkDocs import.

``label_task_checkboxes`` gives every checkbox that ``pymdownx.tasklist`` (with
``custom_checkbox``) renders an accessible name: the text of its own list item. Without it a
screen reader announces "checkbox, not checked" with nothing to say what it is for.
"""

from __future__ import annotations

import html
import re

# pymdownx.tasklist output, e.g.
#   <li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>
#   <span class="task-list-indicator"></span></label> Item text<ul>...nested...</ul></li>
# The item's own text runs from the end of the label to the first nested list or the end of
# the item (or of its paragraph, in a loose list).
_TASK = re.compile(
    r'(<li class="task-list-item">(?:\s*<p>)?\s*<label class="task-list-control">\s*)'
    r"<input(?P<attrs>[^>]*?)\s*/?>"
    r'(?P<rest>\s*<span class="task-list-indicator"></span>\s*</label>)'
    r"(?P<text>.*?)(?=<ul|<ol|</li>|</p>)",
    re.S,
)
_TAG = re.compile(r"<[^>]+>")


def item_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def label_task_checkboxes(page_html: str, where: str = "page") -> str:
    """Add ``aria-label="<item text>"`` to each unlabeled task-list checkbox in ``page_html``.

    Raises ``ValueError`` naming ``where`` when an item has no text to name its box by.
    """

    def replace(match: re.Match) -> str:
        attrs = match.group("attrs")
        if "aria-label" in attrs or "aria-labelledby" in attrs:
            return match.group(0)
        text = item_text(match.group("text"))
        if not text:
            raise ValueError(f"{where}: a task-list item has no text to label its checkbox with")
        label = html.escape(text, quote=True)
        return f'{match.group(1)}<input{attrs} aria-label="{label}">{match.group("rest")}{match.group("text")}'

    return _TASK.sub(replace, page_html)
