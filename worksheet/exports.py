"""Exports: JSON backup (lossless), Markdown summary, iCalendar reminders for the plan, and
the job-search record as CSV or as the printable view's data.

``export(doc, fmt, entry_id, now)`` returns ``{"filename", "mime", "text"}``; ``entry_id`` None
means every entry. The ``.ics`` follows RFC 5545: CRLF line ends, lines folded at 75 octets
(never inside a UTF-8 character), TEXT escaped, stable UIDs, DTSTAMP in UTC. The ``.csv``
follows RFC 4180 (CRLF, quotes doubled), starts with a UTF-8 byte-order mark so spreadsheet
programs read it as UTF-8, and guards cells against formula injection (``neutralise``).
"""

from __future__ import annotations

import datetime as _dt
import csv
import hashlib
import io
import json
import re

from . import codec, content, model, plan, record
from .errors import WorksheetError

__all__ = ["FORMATS", "export", "json_backup", "markdown", "md_line", "ics", "fold", "escape_text",
           "record_csv", "neutralise"]

FORMATS = ("json", "markdown", "ics", "csv", "record")
PRODID = "-//Next Round//Worksheet 1//EN"
ALARM_TRIGGER = "PT9H"  # 09:00 on the day of an all-day event


def _entries(doc: dict, entry_id: str | None) -> list[dict]:
    return doc["entries"] if entry_id is None else [model.find_entry(doc, entry_id)]


def _subset(doc: dict, entry_id: str | None) -> dict:
    if entry_id is None:
        return doc
    settings = dict(doc["settings"], active_entry=entry_id)
    return dict(doc, entries=_entries(doc, entry_id), settings=settings)


def json_backup(doc: dict, entry_id: str | None = None) -> str:
    """The JSON backup: exactly ``codec.dumps`` of the document (or of one entry)."""
    return codec.dumps(_subset(doc, entry_id))


# --- Markdown ------------------------------------------------------------------------------


_MD_INLINE = str.maketrans({
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
})
_MD_LEADING = re.compile(r"([#+-])|([0-9]+)([.)])")


def md_line(text: str) -> str:
    """The person's text as inert Markdown on one line: HTML and Markdown characters escaped
    (``&lt;``, ``\\[``, a leading ``\\#`` or ``1\\.``), line breaks turned into spaces."""
    text = " ".join(part.strip() for part in str(text).splitlines() if part.strip())
    text = text.translate(_MD_INLINE)
    m = _MD_LEADING.match(text)
    if m:
        cut = m.end(2) if m.group(2) else 0
        text = text[:cut] + "\\" + text[cut:]
    return text


def _sub_label(f: content.Field, sub: content.Field) -> str:
    """``Interviewer title`` inside the interviewers list reads as just ``title``."""
    label = sub.label
    prefix = f.item_label + " "
    if f.item_label and label.lower().startswith(prefix.lower()):
        label = label[len(prefix):]
    return label[:1].lower() + label[1:]


#: Items of a list field sit under its line, indented enough to nest in every Markdown flavour.
ITEM = "    - "


def _value_md(f: content.Field, value) -> str | None:
    """Markdown for one field's value, or None when it is empty. The person's text is made
    inert by ``md_line`` and stays on the field's one line (list items one line each)."""
    if f.kind == "rating":
        return None if value is None else f"- **{f.label}:** {value} out of 5"
    if f.kind == "check":
        return f"- **{f.label}:** {'yes' if value else 'no'}"
    if f.kind == "choice":
        return f"- **{f.label}:** {dict(f.options)[value]}" if value else None
    if f.kind in ("short", "date", "long"):
        return f"- **{f.label}:** {md_line(value)}" if value.strip() else None
    items = []
    for item in value:
        if isinstance(item, str):
            if item.strip():
                items.append(ITEM + md_line(item))
            continue
        parts = [(sub, item[sub.key]) for sub in f.item_fields]
        if all(v in ("", None, False) or (isinstance(v, str) and not v.strip()) for _, v in parts):
            continue
        first_sub, first = parts[0]
        rest = []
        for sub, v in parts[1:]:
            label = _sub_label(f, sub)
            if sub.kind == "check":
                rest.append(f"{label}: {'yes' if v else 'no'}")
            elif isinstance(v, str) and v.strip():
                rest.append(f"{label}: {md_line(v)}")
        line = ITEM + (md_line(first) if first.strip() else f"(no {first_sub.label.lower()})")
        if rest:
            line += " (" + "; ".join(rest) + ")"
        items.append(line)
    if not items:
        return None
    return f"- **{f.label}:**\n" + "\n".join(items)


COPY_WORDS = {
    "other_tab": "it was changed in another tab at the same time",
    "import": "an imported backup took its place",
    "deleted_elsewhere": "it was deleted in another tab while it was being edited here",
}


def _copy_md(entry: dict) -> list[str]:
    note = entry.get("copy_of")
    if not note:
        return []
    return [f"Kept as a copy of entry “{md_line(note['id'])}” on {note['when']}, because {COPY_WORDS[note['reason']]}.", ""]


def _aside_md(entry: dict, h: str) -> list[str]:
    items = entry.get("set_aside") or []
    if not items:
        return []
    out = [f"{h}# Set aside", "", "Values that could not be used as they were, kept here as written:", ""]
    for item in items:
        raw = item["value"] if isinstance(item["value"], str) else json.dumps(item["value"], ensure_ascii=False)
        line = f"- **{md_line(item['label'] or item['key'])}:** {md_line(raw)}"
        if item["reason"]:
            line += f" ({md_line(item['reason'])})"
        out.append(line)
    out.append("")
    return out


def entry_markdown(entry: dict, level: int = 1) -> str:
    h = "#" * level
    out = [f"{h} {md_line(model.entry_title(entry))}", "", f"Status: {model.entry_status(entry)}", ""]
    out += _copy_md(entry)
    for s in content.STEPS:
        lines = []
        for f in s.fields:
            md = _value_md(f, model.get_value(entry, f.key))
            if md:
                lines.append(md)
        if lines:
            out += [f"{h}# {s.number}. {s.title}", "", *lines, ""]
    items = plan.build_plan(entry)
    if items:
        out += [f"{h}# Plan", ""]
        for item in items:
            word = "from" if item["id"] == "reapply" else "by"
            due = f" ({word} {item['due']})" if item["due"] else ""
            out.append(f"- [{'x' if item['done'] else ' '}] {md_line(item['text'])}{due}")
        out.append("")
    out += _aside_md(entry, h)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip("\n") + "\n"


def markdown(doc: dict, entry_id: str | None = None) -> str:
    """A readable summary of one entry, or of all of them."""
    if entry_id is not None:
        return entry_markdown(model.find_entry(doc, entry_id))
    parts = [f"# {content.SITE_NAME} worksheet", ""]
    if not doc["entries"]:
        parts.append("No interviews written down yet.\n")
    for entry in doc["entries"]:
        parts.append(entry_markdown(entry, level=2))
    return "\n".join(parts).rstrip("\n") + "\n"


# --- iCalendar ---------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def escape_text(text: str) -> str:
    """RFC 5545 TEXT: escape backslash, semicolon, comma and line breaks; drop control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    parts = [_CONTROL.sub("", part) for part in text.split("\n")]
    return "\\n".join(parts)


def fold(line: str) -> str:
    """Fold one content line at 75 octets, never splitting a UTF-8 character (RFC 5545 3.1)."""
    out = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8", "surrogatepass"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def uid(entry_id: str, step_id: str) -> str:
    """Stable across exports: the same entry and step always give the same UID."""
    digest = hashlib.sha256(f"{entry_id}\x00{step_id}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"{digest[:32]}@next-round.worksheet"


def _utc_stamp(now: _dt.datetime) -> str:
    if now.tzinfo is None:
        now = now.replace(tzinfo=_dt.timezone.utc)
    return now.astimezone(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar_events(doc: dict, entry_id: str | None = None) -> list[dict]:
    """Dated steps not yet done: ``{uid, summary, description, date}``."""
    events = []
    for entry in _entries(doc, entry_id):
        title = model.entry_title(entry)
        for item in plan.build_plan(entry):
            if not item["due"] or item["done"]:
                continue
            events.append({
                "uid": uid(entry["id"], item["id"]),
                "summary": f"{item['text']} ({title})",
                "description": item["reason"] or "One of your own next steps.",
                "date": _dt.date.fromisoformat(item["due"]),
            })
    return events


def ics(doc: dict, entry_id: str | None, now: _dt.datetime) -> str:
    events = calendar_events(doc, entry_id)
    if not events:
        raise WorksheetError(
            "There are no dated steps to add to a calendar yet. Add the interview date "
            "(or a due date to one of your own steps) and try again.",
            "format",
            "bad_request",
        )
    stamp = _utc_stamp(now)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(content.SITE_NAME)}",
    ]
    for ev in events:
        start = ev["date"]
        end = start + _dt.timedelta(days=1)
        summary = escape_text(ev["summary"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ev['uid']}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{end.strftime('%Y%m%d')}",
            f"SUMMARY:{summary}",
            f"DESCRIPTION:{escape_text(ev['description'])}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{summary}",
            f"TRIGGER:{ALARM_TRIGGER}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# --- job-search record: CSV and printable view -------------------------------------------

#: A cell starting with one of these is read as a formula (or hides one) by spreadsheet
#: programs; the apostrophe is guarded too, so that the guard can be undone without loss.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet could run as a formula (OWASP's CSV-injection advice)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def record_csv(doc: dict, entry_id: str | None = None) -> str:
    """The job-search record as CSV: header row, dated activities, then the undated ones."""
    rec = record.job_search_record(doc, entry_id)
    keys = [key for key, _ in record.COLUMNS]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in record.COLUMNS])
    for activity in rec["activities"] + rec["undated"]:
        writer.writerow([neutralise(activity[key]) for key in keys])
    return "\ufeff" + out.getvalue()


# --- files of ours that are not a backup ---------------------------------------------------

_CHOOSE_BACKUP = ("To bring your entries here, choose a backup instead: the .json file that "
                  "“Export backup” makes (named like next-round-backup-2026-03-05.json).")


def not_a_backup(text: str) -> str:
    """What a file this site exports (other than a backup) is, in words, when ``text`` is one
    of them; "" for anything else. Import uses it to say what was chosen."""
    head = text.lstrip("\ufeff \t\r\n")
    first = head.split("\n", 1)[0].rstrip("\r")
    if first == ",".join(label for _, label in record.COLUMNS):
        return ("This is your job-search record (a CSV file for a spreadsheet or a benefits office), "
                "which this site makes but can't import. " + _CHOOSE_BACKUP)
    if first.startswith("# "):
        return ("This is a summary in Markdown (like the one “Export Markdown” makes), for reading: "
                "it can't be imported. " + _CHOOSE_BACKUP)
    if first == "BEGIN:VCALENDAR":
        return ("This is a calendar file (.ics), for your calendar app: it can't be imported. " + _CHOOSE_BACKUP)
    return ""


# --- dispatch ----------------------------------------------------------------------------


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].rstrip("-") or "entry"


def export(doc: dict, fmt: str, entry_id: str | None, now: _dt.datetime) -> dict:
    """``{"filename", "mime", "text"}`` for one export format."""
    day = now.date().isoformat()
    if entry_id is None:
        name = {"json": "next-round-backup", "markdown": "next-round-summary", "ics": "next-round-plan",
                "csv": "next-round-job-search-record", "record": "next-round-job-search-record"}.get(fmt, "")
    else:
        name = "next-round-" + _slug(model.entry_title(model.find_entry(doc, entry_id)))
        if fmt in ("csv", "record"):
            name = name.replace("next-round-", "next-round-job-search-record-", 1)
    if fmt == "json":
        return {"filename": f"{name}-{day}.json", "mime": "application/json", "text": json_backup(doc, entry_id)}
    if fmt == "markdown":
        return {"filename": f"{name}-{day}.md", "mime": "text/markdown", "text": markdown(doc, entry_id)}
    if fmt == "ics":
        return {"filename": f"{name}-{day}.ics", "mime": "text/calendar", "text": ics(doc, entry_id, now)}
    if fmt == "csv":
        return {"filename": f"{name}-{day}.csv", "mime": "text/csv;charset=utf-8", "text": record_csv(doc, entry_id)}
    if fmt == "record":  # the data "Print my job-search record" shows (the page builds the table)
        view = record.print_view(doc, now)
        return {"filename": f"{name}-{day}.json", "mime": "application/json",
                "text": json.dumps(view, ensure_ascii=False, indent=2) + "\n", "record": view}
    raise WorksheetError(f"Unknown export format “{fmt}”.", "format", "bad_request")
