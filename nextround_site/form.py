"""The worksheet form as static HTML, generated from ``content`` at site-build time.

Plain functions, no MkDocs import: ``hooks/shortcodes.py`` calls ``worksheet_html()`` for the
``<!-- nr:worksheet-form -->`` shortcode. The form is in the page's HTML, so a person can read,
label-find and type into every field at first paint, before any script or Python has loaded.

Every input has a visible ``<label>`` whose text is the field's label; ratings are radio groups
in a ``<fieldset>``/``<legend>``; list fields have "Add ..." and "Remove" buttons and a
``<template>`` for new rows; ``check`` fields are checkboxes. Everything from ``content`` is
escaped. The empty entry, the empty document and a field schema are embedded as
``<script type="application/json">`` blocks (data, never executed), so the page's script can
create and save entries before Python is ready.

Element ids: a field's control is ``f-`` + its dotted key with dots as dashes
(``reflection.ratings.answers`` -> ``f-reflection-ratings-answers``); a list row's control is
``f-<list>-<index>-<item key>``. Rows rendered into ``<template>`` use ``__N__`` (index) and
``__NUM__`` (1-based number) as placeholders the script fills in.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from nextround_site import regions
from worksheet import content, drafts, model

PLACEHOLDER_INDEX = "__N__"
PLACEHOLDER_NUMBER = "__NUM__"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def field_id(key: str) -> str:
    """The element id of a field's control (or group) on the page."""
    return "f-" + key.replace(".", "-").replace("_", "-")


def add_label(f: content.Field) -> str:
    """The text of a list field's "Add ..." button, e.g. "Add interviewer"."""
    if f.add_label:
        return f.add_label
    return f"Add {f.item_label.lower()}"


def _help(f: content.Field, fid: str) -> tuple[str, str]:
    if not f.help:
        return "", ""
    hid = fid + "-help"
    return f'<p class="nr-help" id="{_e(hid)}">{_e(f.help)}</p>', f' aria-describedby="{_e(hid)}"'


def _control(f: content.Field, fid: str, data: str, described: str = "") -> str:
    """One labelled control for a non-list field. ``data`` is the data-* attribute naming it."""
    if f.kind == "check":
        return (
            f'<div class="nr-field nr-check"><input type="checkbox" id="{_e(fid)}" {data}{described}>'
            f' <label for="{_e(fid)}">{_e(f.label)}</label></div>'
        )
    if f.kind == "rating":
        raise ValueError("ratings are rendered as groups")
    label = f'<label for="{_e(fid)}">{_e(f.label)}</label>'
    if f.kind == "short":
        ctl = f'<input type="text" id="{_e(fid)}" {data}{described}>'
    elif f.kind == "long":
        ctl = f'<textarea id="{_e(fid)}" rows="3" {data}{described}></textarea>'
    elif f.kind == "date":
        ctl = f'<input type="date" id="{_e(fid)}" {data}{described}>'
    elif f.kind == "choice":
        opts = '<option value="">Choose…</option>' + "".join(
            f'<option value="{_e(v)}">{_e(text)}</option>' for v, text in f.options
        )
        ctl = f'<select id="{_e(fid)}" {data}{described}>{opts}</select>'
    else:  # pragma: no cover - content.KINDS is closed and lists are handled by the caller
        raise ValueError(f"field {f.key!r}: no control for kind {f.kind!r}")
    return f'<div class="nr-field nr-{_e(f.kind)}">{label}{ctl}</div>'


def _rating(f: content.Field, described: str) -> str:
    fid = field_id(f.key)
    radios = [
        f'<span class="nr-radio"><input type="radio" name="{_e(fid)}" id="{_e(fid)}-none" value=""'
        f' data-key="{_e(f.key)}" checked> <label for="{_e(fid)}-none">Not rated</label></span>'
    ]
    for n in range(1, 6):
        radios.append(
            f'<span class="nr-radio"><input type="radio" name="{_e(fid)}" id="{_e(fid)}-{n}" value="{n}"'
            f' data-key="{_e(f.key)}"> <label for="{_e(fid)}-{n}">{n}</label></span>'
        )
    return (
        f'<fieldset class="nr-rating" id="{_e(fid)}"{described}><legend>{_e(f.label)}</legend>'
        + "".join(radios)
        + "</fieldset>"
    )


# A list's rows show their first few item fields; the rest fold away on a narrow screen.
FOLD_ITEMS_AFTER = {"interviewers": (1, "How to greet them, their title, email and what you talked about")}


def _fold(title: str, inner: str) -> str:
    """An optional group: a ``<details>`` that is open in the HTML (the whole form shows without
    JavaScript); the prefill script folds it on a narrow screen when it holds nothing, and the
    page's script keeps a count of what is filled in its summary."""
    return (
        f'<details class="nr-fold" data-fold open><summary><span class="nr-fold-title">{_e(title)}</span>'
        '<span class="nr-fold-count"></span></summary>'
        f'<div class="nr-fold-body">{inner}</div></details>'
    )


def _row(f: content.Field, index: str, number: str) -> str:
    """One row of a list field. ``index``/``number`` are digits or the template placeholders."""
    base = f"{field_id(f.key)}-{index}"
    name = f"{f.item_label} {number}"
    remove = (
        f'<button type="button" class="md-button nr-remove" data-remove'
        f' aria-label="Remove {_e(f.item_label.lower())} {_e(number)}">Remove</button>'
    )
    if not f.item_fields:
        return (
            f'<li class="nr-row" data-index="{_e(index)}"><div class="nr-field nr-short">'
            f'<label for="{_e(base)}">{_e(name)}</label>'
            f'<input type="text" id="{_e(base)}" data-item="">{remove}</div></li>'
        )
    controls = [
        _control(sub, f"{base}-{field_id(sub.key)[2:]}", f'data-item="{_e(sub.key)}"')
        for sub in f.item_fields
    ]
    if f.key in FOLD_ITEMS_AFTER:
        shown, title = FOLD_ITEMS_AFTER[f.key]
        controls[shown:] = [_fold(title, "".join(controls[shown:]))]
    return (
        f'<li class="nr-row" data-index="{_e(index)}"><fieldset class="nr-item">'
        f"<legend>{_e(name)}</legend>{''.join(controls)}{remove}</fieldset></li>"
    )


def _list(f: content.Field, described: str, help_html: str) -> str:
    fid = field_id(f.key)
    rows = "".join(_row(f, str(i), str(i + 1)) for i in range(f.suggested_items))
    template = _row(f, PLACEHOLDER_INDEX, PLACEHOLDER_NUMBER)
    return (
        f'<fieldset class="nr-list" id="{_e(fid)}" data-list="{_e(f.key)}"{described}>'
        f"<legend>{_e(f.label)}</legend>{help_html}"
        f'<ol class="nr-rows">{rows}</ol>'
        f'<template data-row-template="{_e(f.key)}">{template}</template>'
        f'<button type="button" class="md-button nr-add" data-add="{_e(f.key)}">{_e(add_label(f))}</button>'
        "</fieldset>"
    )


def field_html(f: content.Field) -> str:
    """The labelled control (or group) for one field."""
    fid = field_id(f.key)
    help_html, described = _help(f, fid)
    if f.kind == "list":
        return _list(f, described, help_html)
    if f.kind == "rating":
        return _rating(f, described) + help_html
    return _control(f, fid, f'data-key="{_e(f.key)}"', described) + help_html


def _ratings_group(fields: list[content.Field]) -> str:
    """Consecutive ratings share one help line, shown once above them."""
    help_text = fields[0].help
    hid = "nr-ratings-help-" + field_id(fields[0].key)[2:]
    described = f' aria-describedby="{_e(hid)}"' if help_text else ""
    head = f'<p class="nr-help" id="{_e(hid)}">{_e(help_text)}</p>' if help_text else ""
    return '<div class="nr-ratings">' + head + "".join(_rating(f, described) for f in fields) + "</div>"


# The job-search record's help: what unemployment support asks for, where the reader lives.
RECORD_HELP_BEFORE = "record.applied_on"


def record_help_html() -> str:
    """Shown just before the record's first field; no chooser inside the form (see regions)."""
    return (
        '<div class="nr-record-help">'
        '<p class="nr-help">Keeping a job-search record for unemployment support? '
        "What it asks for where you live:</p>"
        + regions.topic_html("unemployment", base=None, chooser=False)
        + "</div>"
    )


def _fields_html(fields: list[content.Field]) -> str:
    """Fields in order, consecutive ratings with the same help as one group."""
    parts: list[str] = []
    ratings: list[content.Field] = []
    for f in fields:
        if f.key == RECORD_HELP_BEFORE:
            parts.append(record_help_html())
        if f.kind == "rating" and (not ratings or ratings[0].help == f.help):
            ratings.append(f)
            continue
        if ratings:
            parts.append(_ratings_group(ratings))
            ratings = []
        if f.kind == "rating":
            ratings.append(f)
        else:
            parts.append(field_html(f))
    if ratings:
        parts.append(_ratings_group(ratings))
    return "".join(parts)


# Step 1 on screen: the few facts tonight's messages need, then those messages, then what can
# wait until tomorrow. The keys not listed in TONIGHT go to "Tomorrow", in content order.
TONIGHT = ("company", "role", "interviewers", "news_via", "news_from.name", "news_from.greeting",
           "news_from.email", "news_from.agency")
# Tonight's optional refinements of "who told you", folded at the end of the short path.
TONIGHT_FOLDED = ("news_from.greeting", "news_from.agency")
_TONIGHT_FOLD = "How to greet whoever told you, and whether they work for an agency"
_TONIGHT_HELP = "Five minutes. Your messages for tonight follow."
_TOMORROW_HELP = "When you have rested: what they asked, how it went and what to change."

# What each step is for, worked out from the entry: a step is done when these keys hold
# something (a list: at least one filled item), in progress when any of its fields does.
DONE_KEYS = {
    1: ("company", "role", "news_via"),
    2: ("mindset.kinder",),
    3: ("thank_you.sent",),
    4: ("feedback.requested",),
    5: ("actions",),
}

# Where a step's own result goes: before this field (the one that says it is done).
RESULT_BEFORE = {3: "thank_you.sent", 4: "feedback.requested"}
_RESULT_TITLES = {3: "Your thank-you notes", 4: "Your feedback request and follow-ups"}
_RESULT_PENDING = {
    3: "Your thank-you notes appear here once the page has finished loading.",
    4: "Your feedback request or follow-ups appear here once the page has finished loading.",
}


def _result_html(number: int) -> str:
    rid = f"nr-result-{number}"
    return (
        f'<section class="nr-step-result" id="{rid}" aria-labelledby="{rid}-title">'
        f'<h3 id="{rid}-title">{_e(_RESULT_TITLES[number])}</h3>'
        f'<p class="nr-pending" data-pending>{_e(_RESULT_PENDING[number])}</p>'
        f'<div class="nr-result-list" id="{rid}-list"></div>'
        "</section>"
    )


# Optional groups in "Tomorrow": the ratings, and the job-search record's dates and contacts.
_RATINGS_FOLD = "How it went, from 1 to 5"
_RECORD_FOLD = "For your job-search record: dates and contacts"


def _record_key(key: str) -> bool:
    return key.startswith("record.") or key == "decision_date"


def _tomorrow_html(fields: list[content.Field]) -> str:
    """What can wait until tomorrow, in content order, with the ratings folded where they
    stand and the record's fields folded at the end."""
    ratings = [f for f in fields if f.kind == "rating"]
    record = [f for f in fields if _record_key(f.key)]
    parts: list[str] = []
    for f in fields:
        if f.kind == "rating":
            if f is ratings[0]:
                parts.append(_fold(_RATINGS_FOLD, _fields_html(ratings)))
        elif not _record_key(f.key):
            parts.append(_fields_html([f]))
    if record:
        parts.append(_fold(_RECORD_FOLD, _fields_html(record)))
    return "".join(parts)


def _step_body(s: content.Step) -> str:
    fields = list(s.fields)
    if s.number == 1 and all(content.field_by_key(k) in fields for k in TONIGHT):
        tonight = [f for f in fields if f.key in TONIGHT]
        later = [f for f in fields if f.key not in TONIGHT]
        return (
            '<div class="nr-group nr-tonight" id="nr-tonight">'
            '<h3 id="nr-tonight-title">Tonight</h3>'
            f'<p class="nr-help">{_e(_TONIGHT_HELP)}</p>'
            + _fields_html([f for f in tonight if f.key not in TONIGHT_FOLDED])
            + _fold(_TONIGHT_FOLD, _fields_html([f for f in tonight if f.key in TONIGHT_FOLDED]))
            + "</div>"
            + _DRAFTS
            + '<div class="nr-group nr-tomorrow" id="nr-tomorrow">'
            '<h3 id="nr-tomorrow-title">Tomorrow</h3>'
            f'<p class="nr-help">{_e(_TOMORROW_HELP)}</p>'
            + _tomorrow_html(later) + "</div>"
        )
    before = RESULT_BEFORE.get(s.number)
    if before and any(f.key == before for f in fields):
        at = next(i for i, f in enumerate(fields) if f.key == before)
        return _fields_html(fields[:at]) + _result_html(s.number) + _fields_html(fields[at:])
    if s.number == 5:
        return _fields_html(fields) + _PLAN
    return _fields_html(fields)


def step_html(s: content.Step) -> str:
    """One step as a section with id ``step-N``, its title, summary and fields; step 1 holds
    tonight's facts and messages first, and steps 3 to 5 end with their own result."""
    tid = f"{s.anchor}-title"
    return (
        f'<section class="nr-step" id="{_e(s.anchor)}" aria-labelledby="{_e(tid)}" data-step="{s.number}">'
        f'<h2 id="{_e(tid)}">Step {s.number}. {_e(s.title)}</h2>'
        f'<p class="nr-summary">{_e(s.summary)}</p>'
        + _step_body(s)
        + "</section>"
    )


def tasks_html() -> str:
    """The steps as a task list: one link per step, its state in words beside it (filled in
    by the page's script from the open entry), and the overview."""
    items = "".join(
        f'<li class="nr-task"><a href="#{_e(s.anchor)}" aria-describedby="nr-task-{s.number}-state">'
        f"Step {s.number}. {_e(s.title)}</a>"
        f' <span class="nr-task-state" id="nr-task-{s.number}-state"></span></li>'
        for s in content.STEPS
    )
    return (
        '<nav class="nr-tasks" id="nr-tasks" aria-labelledby="nr-tasks-title">'
        '<h2 id="nr-tasks-title">All steps</h2>'
        f'<ol class="nr-task-list">{items}</ol>'
        "</nav>"
    )


#: Every key the site keeps in the browser, defined here once. The worksheet page reads them
#: from the field schema ("storage"); regions.js from its chooser's data-storage-key.
STORAGE_KEYS = {
    "document": "nextround.worksheet",  # the whole worksheet document (localStorage)
    "unreadable_prefix": "nextround.worksheet.unreadable.",  # + a time: data kept aside
    "before_import_prefix": "nextround.worksheet.before-import.",  # + a time: entries an import replaced
    "pending": "nextround.worksheet.pending",  # typed before the page's script bound the form
    "steps": "nextround.worksheet.steps",  # the step each entry reopens on
    "tab_entry": "nextround.worksheet.tab-entry",  # the entry this tab shows (sessionStorage)
    "phone_hint": "nextround.phone-hint",  # "Keep it on your phone" dismissed
    "region": regions.STORAGE_KEY,  # the reader's region (every page)
}


def field_schema() -> dict:
    """Everything the page's scripts need to know about the document, generated from the
    engine: fields (with each one's empty value), steps, the schema and its version, an
    entry's meta keys, the settings' keys, why an entry can be a copy, and the storage keys."""

    def one(f: content.Field) -> dict:
        out: dict = {"key": f.key, "label": f.label, "kind": f.kind, "empty": model.empty_value(f)}
        if f.options:
            out["options"] = [list(o) for o in f.options]
        if f.kind == "list":
            out["item_label"] = f.item_label
            out["suggested_items"] = f.suggested_items
            out["item_fields"] = [one(sub) for sub in f.item_fields]
        return out

    return {
        "version": model.SCHEMA_VERSION,
        "schema": model.SCHEMA,
        "fields": [one(f) for f in content.all_fields()],
        "meta_keys": list(model.META_KEYS),
        "settings_keys": list(model.empty_document()["settings"]),
        "copy_reasons": {reason: reason for reason in model.COPY_REASONS},
        "storage": STORAGE_KEYS,
        "steps": [
            {"number": s.number, "anchor": s.anchor, "title": s.title, "keys": [f.key for f in s.fields],
             "done": list(DONE_KEYS.get(s.number, ()))}
            for s in content.STEPS
        ],
        # The email fields and the engine's rules for them, so the page can say next to the
        # field what is wrong with an address (drafts.address_problem says the same).
        "addresses": {
            "fields": _address_fields(),
            "rules": [list(rule) for rule in drafts.ADDRESS_RULES],
            "pattern": drafts.ADDRESS_PATTERN,
            "hint": drafts.ADDRESS_HINT,
        },
    }


def _address_fields() -> list[str]:
    """Keys of the fields that hold an email address ("interviewers.email" for a list's part)."""
    out = []
    for f in content.all_fields():
        for sub in f.item_fields or (f,):
            key = f"{f.key}.{sub.key}" if f.item_fields else f.key
            if key.rsplit(".", 1)[-1] == "email":
                out.append(key)
    return out


def json_script(element_id: str, data: Any) -> str:
    """A ``<script type="application/json">`` block; ``<``, ``>`` and ``&`` are escaped so the
    data can never close the element or be read as markup."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{_e(element_id)}">{text}</script>'


def form_html() -> str:
    """The five steps as one form."""
    steps = "".join(step_html(s) for s in content.STEPS)
    return (
        '<form id="nr-form" class="nr-form" autocomplete="off" novalidate'
        ' aria-label="Worksheet for the selected interview">' + steps + "</form>"
    )


# The parts of the page around the form. Texts here are the page's own, not user data.
# Short, so the first field is on a phone's first screen; backups are offered further down.
_WHERE = "Saved in this browser only, on this device. Nothing is sent anywhere."

_TOP = f"""<div class="nr-bar">
<p class="nr-where" id="nr-where">{_WHERE}</p>
<p class="nr-status">Drafts, plan and insights: <span id="nr-python-status" role="status">Starting… You can type already.</span></p>
<p class="nr-status">Saving: <span id="nr-saved" role="status">Nothing saved yet.</span></p>
<div id="nr-alerts" class="nr-alerts"></div>
</div>
<noscript><p class="nr-alert">This worksheet needs JavaScript to save what you write. Without it you can read the prompts, but nothing will be kept.</p></noscript>
<section class="nr-entries" id="nr-entries" aria-labelledby="nr-entries-title">
<h2 id="nr-entries-title">Your interviews</h2>
<ul class="nr-entry-list" id="nr-entry-list"></ul>
<p class="nr-entry-actions">
<button type="button" class="md-button" id="nr-new">New entry</button>
<button type="button" class="md-button" id="nr-rename">Rename</button>
<button type="button" class="md-button" id="nr-delete">Delete</button>
</p>
<p class="nr-progress" id="nr-progress" aria-live="polite">0 of {len(content.STEPS)} steps started</p>
</section>"""

_DRAFTS = """<section class="nr-results nr-drafts" id="nr-drafts" aria-labelledby="nr-drafts-title">
<h3 id="nr-drafts-title">Your messages for tonight</h3>
<div class="nr-field nr-short nr-your-name"><label for="nr-your-name">Your name</label><input type="text" id="nr-your-name" autocomplete="name" aria-describedby="nr-your-name-help"></div>
<p class="nr-help" id="nr-your-name-help">It signs every draft, for all your interviews, and is kept in your backup.</p>
<p class="nr-pending" data-pending>Drafts appear here once the page has finished loading. Anything in [square brackets] is a fact you have not filled in yet.</p>
<div id="nr-draft-list"></div>
<div id="nr-not-offered" class="nr-not-offered" hidden><h4>Not offered for this interview</h4><ul id="nr-not-offered-list"></ul></div>
</section>"""

_PLAN = """<section class="nr-results nr-plan" id="nr-plan" aria-labelledby="nr-plan-title">
<h3 id="nr-plan-title">Your plan</h3>
<p class="nr-pending" data-pending>Your plan appears here once the page has finished loading.</p>
<ul class="nr-plan-list" id="nr-plan-list"></ul>
<p class="nr-step-buttons"><button type="button" class="md-button" id="nr-step-ics">Add these dates to your calendar (.ics)</button></p>
</section>"""

# Shown by the page's script on a phone, one step at a time: Back, Next and the overview.
_STEP_NAV = """<nav class="nr-step-nav" id="nr-step-nav" aria-label="Steps">
<a class="md-button" id="nr-step-back" href="#step-1">Back</a>
<a class="md-button md-button--primary" id="nr-step-next" href="#step-2">Next</a>
<a class="nr-step-all" id="nr-step-all" href="#nr-tasks">All steps and overview</a>
</nav>"""

_STEP_TOP = """<p class="nr-step-top" id="nr-step-top"><a href="#nr-tasks">All steps</a> <span id="nr-step-where"></span></p>"""

_RESULTS = """<section class="nr-results nr-insights" id="nr-insights" aria-labelledby="nr-insights-title">
<h2 id="nr-insights-title">Across all your interviews</h2>
<p class="nr-pending" data-pending>Patterns across your entries appear here once the page has finished loading.</p>
<ul id="nr-insight-lines"></ul>
<figure class="nr-chart" id="nr-chart" hidden><figcaption>Your self-ratings over time</figcaption></figure>
</section>
<section class="nr-tools" id="nr-tools" aria-labelledby="nr-tools-title">
<h2 id="nr-tools-title">Save, share and print</h2>
<p class="nr-tool-buttons">
<button type="button" class="md-button" id="nr-export-json">Export backup</button>
<label class="md-button nr-file" for="nr-import-file">Import backup</label>
<input type="file" id="nr-import-file" accept=".json,application/json" class="nr-visually-hidden">
<button type="button" class="md-button" id="nr-export-md">Export Markdown</button>
<button type="button" class="md-button" id="nr-export-ics">Download calendar (.ics)</button>
<button type="button" class="md-button" id="nr-print-btn">Print my plan</button>
</p>
<p class="nr-help">A backup is one JSON file with every entry. Import it on another device or browser to carry on there.</p>
<p class="nr-reminder" id="nr-reminder" role="status" hidden></p>
</section>"""

_DIALOGS = """<dialog id="nr-dialog" class="nr-dialog" aria-labelledby="nr-dialog-title">
<form method="dialog" id="nr-dialog-form">
<h2 id="nr-dialog-title"></h2>
<div id="nr-dialog-body"></div>
<p class="nr-dialog-buttons">
<button type="submit" value="cancel" class="md-button" id="nr-dialog-cancel">Cancel</button>
<button type="submit" value="ok" class="md-button md-button--primary" id="nr-dialog-ok">OK</button>
</p>
</form>
</dialog>
<div id="nr-print" class="nr-print" hidden></div>"""


# The classic script that puts the stored entry on screen before the first paint. It lives with
# the page's other scripts; the build inlines it right after the form and the "Your name" field
# (the CSP hook hashes it).
PREFILL_JS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "worksheet" / "prefill.js"


def prefill_script(source: str | None = None) -> str:
    """``prefill.js`` as an inline ``<script>``: comment lines and indentation dropped (it is
    in every worksheet page's HTML), and refused if it could end its own element early."""
    text = PREFILL_JS.read_text(encoding="utf-8") if source is None else source
    lines = [line.strip() for line in text.splitlines()]
    body = "\n".join(line for line in lines if line and not line.startswith("//"))
    if "</" in body or "<!--" in body:
        raise ValueError("the prefill script may not contain '</' or '<!--'")
    return f"<script>{body}</script>"


def worksheet_html(entry_template: dict | None = None, document_template: dict | None = None) -> str:
    """The whole worksheet block for the page: status bar, entries, form, results, tools,
    dialogs and the embedded JSON data. One block of HTML with no blank lines, so Markdown
    passes it through untouched."""
    entry = entry_template if entry_template is not None else model.new_entry("", "")
    document = document_template if document_template is not None else model.empty_document()
    parts = [
        f'<div class="nr-worksheet" id="nr-worksheet" data-schema="{_e(model.SCHEMA)}" data-schema-version="{model.SCHEMA_VERSION}">',
        _TOP,
        tasks_html(),
        _STEP_TOP,
        form_html(),
        json_script("nr-field-schema", field_schema()),  # before the prefill script, which reads it
        prefill_script(),
        _STEP_NAV,
        _RESULTS,
        _DIALOGS,
        json_script("nr-entry-template", entry),
        json_script("nr-document-template", document),
        "</div>",
    ]
    out = "\n".join(parts)
    # No blank line may end the raw HTML block early.
    return "\n".join(line for line in out.splitlines() if line.strip()) + "\n"
