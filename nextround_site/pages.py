"""Markdown and HTML fragments for the guidance pages, generated from ``content``.

Plain functions with no MkDocs import: ``hooks/shortcodes.py`` calls them, and so can any
other static-site tool. ``base`` is the relative path from the current page's source file
to the docs root ("" for a page at the root, "../" for a page in ``steps/``).
"""

from __future__ import annotations

import html

from worksheet import content


def steps_overview(base: str = "") -> str:
    """The five steps as a numbered list of links with a one-line summary each."""
    lines = []
    for s in content.STEPS:
        lines.append(f"{s.number}. **[{s.title}]({base}{s.page})**: {s.summary}")
    return "\n".join(lines) + "\n"


def checklist_html(step_number: int) -> str:
    """One step's checklist items as a task list whose boxes carry their item as label.

    The empty ``task-list-indicator`` span is the box Material draws (its custom checkbox
    hides the native input), so the box shows on screen and in print.
    """
    s = content.step(step_number)
    items = "\n".join(
        f'<li class="task-list-item"><label class="task-list-control">'
        f'<input type="checkbox"><span class="task-list-indicator"></span> '
        f'<span>{html.escape(item)}</span></label></li>'
        for item in s.checklist
    )
    return f'<ul class="task-list nr-checklist" data-step="{s.number}">\n{items}\n</ul>\n'


def full_checklist(base: str = "") -> str:
    """Every step as a heading, a link to its page, and its checklist."""
    parts = []
    for s in content.STEPS:
        parts.append(f"## {s.number}. {s.title}\n\n{s.summary} [Read step {s.number}]({base}{s.page})\n")
        parts.append(checklist_html(s.number))
    return "\n".join(parts)
