"""Markdown and HTML fragments for the guidance pages, generated from ``content``.

Plain functions with no MkDocs import: ``hooks/shortcodes.py`` calls them, and so can any
other static-site tool. ``base`` is the relative path from the current page's source file
to the docs root ("" for a page at the root, "../" for a page in ``steps/``).
"""

from __future__ import annotations

import html

from worksheet import content, drafts, model


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


# --- the Templates page: the engine's drafts for a sample entry whose facts are blanks -----------

#: Facts of the sample entries, as (dotted key, value); every fact is the blank the page explains.
_SAMPLE = (
    ("company", "[Company]"), ("role", "[Role]"), ("news_via", "email"),
    ("thank_you.topic", "[Topic we discussed]"), ("news_from.name", "[Name]"),
    ("interviewers", [{"name": "[Name]", "greeting": "", "title": "", "email": "", "topic": ""}]),
)
#: Variants: an agency recruiter told you (no interviewers named: "the people I met").
_VARIANTS = {
    "": (),
    "agency": (("news_from.agency", True), ("interviewers", [])),
}


def sample_entry(variant: str = "") -> dict:
    """The entry whose drafts the Templates page shows."""
    if variant not in _VARIANTS:
        raise ValueError(f"unknown sample {variant!r} (known: {', '.join(sorted(v for v in _VARIANTS if v))})")
    entry = model.new_entry("sample", "2026-01-01T00:00:00Z")
    for key, value in _SAMPLE + _VARIANTS[variant]:
        model.set_value(entry, key, value)
    return entry


def template_text(kind: str, variant: str = "") -> str:
    """One draft as the page shows it: the subject line, a blank line, the body."""
    if kind not in drafts.KINDS or kind == "move_on":
        raise ValueError(f"no email draft called {kind!r}")
    d = drafts.draft(sample_entry(variant), kind)
    return f"Subject: {d['subject']}\n\n{d['body']}"


def template_block(arg: str) -> str:
    """``KIND [VARIANT]`` -> the draft as a copyable text block (``.nr-template`` wraps on
    phones)."""
    kind, _, variant = arg.partition(" ")
    return f"``` {{ .text .nr-template }}\n{template_text(kind, variant.strip())}\n```\n"


def who_gets_what() -> str:
    """The "Who gets what" box: the rules ``drafts.offer`` keeps, as a Material admonition."""
    items = "\n".join(f"    - **{who}:** {what}" for who, what in drafts.WHO_GETS_WHAT)
    return f'!!! info "Who gets what"\n\n{items}\n'


def door_line(arg: str) -> str:
    """The door-opening line of a reply; ``final`` gives the one for a final round."""
    if arg not in ("", "final"):
        raise ValueError(f"expected nothing or 'final', got {arg!r}")
    return drafts.door(final_round=arg == "final")
