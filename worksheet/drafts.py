"""Email drafts built only from facts in the entry.

Where a fact is missing the draft keeps a visible ``[placeholder]`` and lists what is missing,
so nothing is invented. The sender's name is not stored in an entry, so every draft ends with
``[your name]``. All interviewers with a name are greeted by name ("Dear Ana and Bo,").
"""

from __future__ import annotations

import datetime as _dt
from urllib.parse import quote

from . import model
from .errors import WorksheetError

__all__ = ["KINDS", "TITLES", "draft", "all_drafts", "follow_up", "mailto"]

KINDS = ("thank_you", "feedback_brief", "feedback_warm", "follow_up_1", "follow_up_2", "reply_to_rejection")
TITLES = {
    "thank_you": "Thank-you note",
    "feedback_brief": "Feedback request (short)",
    "feedback_warm": "Feedback request (warmer)",
    "follow_up_1": "First follow-up",
    "follow_up_2": "Second follow-up",
    "reply_to_rejection": "Reply to the rejection",
}
MAX_FOLLOW_UPS = 2

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def long_date(iso: str) -> str:
    """``2026-03-05`` -> ``5 March 2026`` (English month names, whatever the locale)."""
    d = _dt.date.fromisoformat(iso)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class _Facts:
    """Looks up facts; records each missing one once, in the order the draft uses them."""

    def __init__(self, entry: dict) -> None:
        self.entry = entry
        self.missing: list[str] = []

    def _gap(self, what: str) -> str:
        if what not in self.missing:
            self.missing.append(what)
        return f"[{what}]"

    def text(self, key: str, what: str) -> str:
        value = str(model.get_value(self.entry, key)).strip()
        return value or self._gap(what)

    @property
    def names(self) -> str:
        names = model.interviewer_names(self.entry)
        return join_names(names) if names else self._gap("interviewer's name")

    @property
    def role(self) -> str:
        return self.text("role", "role")

    @property
    def company(self) -> str:
        return self.text("company", "company")

    @property
    def topic(self) -> str:
        return self.text("thank_you.topic", "a topic you discussed")

    @property
    def date(self) -> str:
        value = model.get_value(self.entry, "interview_date")
        return long_date(value) if value else self._gap("interview date")

    @property
    def me(self) -> str:
        return self._gap("your name")


def _thank_you(f: _Facts, rejected: bool) -> tuple[str, str]:
    subject = f"Thank you for your time: {f.role}"
    if rejected:
        middle = (
            "I'm sorry not to be going further this time, but I'm glad I applied. "
            "If another role opens that fits my experience, I would be happy to hear from you."
        )
    else:
        middle = "I enjoyed meeting you and I look forward to hearing about the next steps."
    body = (
        f"Dear {f.names},\n\n"
        f"Thank you for taking the time to talk with me about the {f.role} role at {f.company}. "
        f"I especially enjoyed our conversation about {f.topic}, and I learned a lot about how "
        "your team works.\n\n"
        f"{middle}\n\n"
        f"With best wishes,\n{f.me}"
    )
    return subject, body


def _feedback_brief(f: _Facts) -> tuple[str, str]:
    subject = f"A short question about my {f.role} interview"
    body = (
        f"Dear {f.names},\n\n"
        f"Thank you again for considering me for the {f.role} role. I accept your decision. "
        "If you have a moment, could you tell me one or two things I could do better next time? "
        "A line or two would help me a lot.\n\n"
        f"Kind regards,\n{f.me}"
    )
    return subject, body


def _feedback_warm(f: _Facts) -> tuple[str, str]:
    subject = f"Thank you, and a small request: {f.role}"
    body = (
        f"Dear {f.names},\n\n"
        f"Thank you for the time you gave me during the process for the {f.role} role at "
        f"{f.company}. I enjoyed learning about {f.topic}.\n\n"
        "I respect your decision and I'm not asking you to change it. I want to become a "
        "stronger candidate, and your view would really help. Would you share one or two areas "
        "I could work on? A short reply is plenty, or a ten-minute call if that is easier.\n\n"
        "Thank you either way. I hope our paths cross again.\n\n"
        f"Warm regards,\n{f.me}"
    )
    return subject, body


def _follow_up_1(f: _Facts) -> tuple[str, str]:
    subject = f"Following up on my interview: {f.role}"
    body = (
        f"Dear {f.names},\n\n"
        "I hope your week is going well. I'm writing to follow up on my interview for the "
        f"{f.role} role at {f.company} on {f.date}. I'm still very interested, and I would be "
        "grateful for any news on the timeline.\n\n"
        "Thank you for your time.\n\n"
        f"Best regards,\n{f.me}"
    )
    return subject, body


def _follow_up_2(f: _Facts) -> tuple[str, str]:
    subject = f"Checking in once more: {f.role}"
    body = (
        f"Dear {f.names},\n\n"
        f"I'm checking in one last time about the {f.role} role at {f.company}. I know these "
        "decisions take time. If the position has been filled, a short note would help me plan, "
        "and I would be glad to be considered for future openings.\n\n"
        "Thank you again for meeting me.\n\n"
        f"Best regards,\n{f.me}"
    )
    return subject, body


def _reply_to_rejection(f: _Facts) -> tuple[str, str]:
    subject = f"Re: your decision on the {f.role} role"
    body = (
        f"Dear {f.names},\n\n"
        "Thank you for letting me know, and for the time you and the team gave me. Of course "
        f"I'm disappointed, but I enjoyed learning about {f.company} and our talk about "
        f"{f.topic}.\n\n"
        "I would welcome the chance to be considered for future roles that fit my experience.\n\n"
        f"All the best,\n{f.me}"
    )
    return subject, body


def follow_up(entry: dict, number: int) -> dict:
    """The first or second follow-up. A third is refused: two is the most worth sending."""
    if number not in (1, 2):
        raise WorksheetError(
            "Two follow-ups are enough. After the second, treat the role as filled and put your "
            "energy into the next application.",
            "follow_up",
            "bad_request",
        )
    return draft(entry, f"follow_up_{number}")


def draft(entry: dict, kind: str) -> dict:
    """One draft: ``{kind, title, subject, body, missing, mailto}``."""
    facts = _Facts(entry)
    if kind == "thank_you":
        subject, body = _thank_you(facts, model.entry_status(entry) == model.STATUS_REJECTED)
    elif kind == "feedback_brief":
        subject, body = _feedback_brief(facts)
    elif kind == "feedback_warm":
        subject, body = _feedback_warm(facts)
    elif kind == "follow_up_1":
        subject, body = _follow_up_1(facts)
    elif kind == "follow_up_2":
        subject, body = _follow_up_2(facts)
    elif kind == "reply_to_rejection":
        subject, body = _reply_to_rejection(facts)
    else:
        raise WorksheetError(f"There is no draft called “{kind}”.", "kind", "bad_request")
    return {
        "kind": kind,
        "title": TITLES[kind],
        "subject": subject,
        "body": body,
        "missing": facts.missing,
        "mailto": mailto("", subject, body),
    }


def all_drafts(entry: dict) -> list[dict]:
    """Every draft, in the contract's order."""
    return [draft(entry, kind) for kind in KINDS]


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def mailto(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068): subject and body percent-encoded as UTF-8,
    spaces as ``%20`` and line breaks as ``%0D%0A``."""
    url = "mailto:" + quote(to.strip(), safe="@,+", errors="replace")
    params = []
    if subject:
        params.append("subject=" + quote(_crlf(subject), safe="", errors="replace"))
    if body:
        params.append("body=" + quote(_crlf(body), safe="", errors="replace"))
    if params:
        url += "?" + "&".join(params)
    return url
