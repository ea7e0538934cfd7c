"""Email drafts built only from facts in the entry, chosen by the entry's status.

``offer(entry, your_name)`` returns the drafts that fit the status and, for every other
draft, a line in plain words saying why it is not offered:

- **Rejected** (the news came): one reply to whoever told you, in three versions to choose
  from (thanks alone, or thanks with a brief or a warm feedback request), and a short
  thank-you note to each interviewer. Never a follow-up.
- **No reply**: a thank-you note to each interviewer, a first and a second follow-up (never a
  third) to your contact, and a note for you (not an email) to move on after the second.
- **Waiting**: thank-you notes only.
- **Offer**: nothing; these emails are for a no or a silence.

The rules are the ones in ``WHO_GETS_WHAT``, which the site shows as its "Who gets what" box:
one message to whoever told you, a note only to interviewers you connected with, and never
more than two messages to one person (an interviewer who also told you gets no separate note).

A fact the entry lacks becomes a visible blank named like the site's templates (``[Role]``,
``[Name]``, ``[Your name]``) and is listed in ``missing``; an optional fact (what you talked
about, how to greet someone) leaves its sentence out or falls back to the name as typed.
What you talked about goes only into notes to the interviewers who were in that conversation.
The Templates page (``docs/templates.md``) shows these drafts through a shortcode, so the two
cannot drift apart.
"""

from __future__ import annotations

import datetime as _dt
import re
from urllib.parse import quote

from . import model
from .errors import WorksheetError

__all__ = [
    "KINDS", "TITLES", "OFFERED", "WHO_GETS_WHAT", "MAX_MESSAGES", "ADDRESS_RULES", "ADDRESS_PATTERN", "MAILTO_LIMIT",
    "offer", "draft", "all_drafts", "door", "follow_up", "mailto", "address_problem",
]

KINDS = (
    "reply_to_rejection", "thank_you", "feedback_brief", "feedback_warm",
    "follow_up_1", "follow_up_2", "move_on",
)
TITLES = {
    "reply_to_rejection": "Reply with thanks",
    "thank_you": "Thank-you note",
    "feedback_brief": "Reply with thanks and a feedback request (brief)",
    "feedback_warm": "Reply with thanks and a feedback request (warm)",
    "follow_up_1": "First follow-up",
    "follow_up_2": "Second follow-up",
    "move_on": "After the second follow-up: move on",
}
#: The three versions of the one reply to whoever told you: send one of them.
REPLIES = ("reply_to_rejection", "feedback_brief", "feedback_warm")
#: The drafts each status offers, in the order they are usually sent.
OFFERED = {
    model.STATUS_REJECTED: (*REPLIES, "thank_you"),
    model.STATUS_NO_REPLY: ("thank_you", "follow_up_1", "follow_up_2", "move_on"),
    model.STATUS_WAITING: ("thank_you",),
    model.STATUS_OFFER: (),
}
MAX_FOLLOW_UPS = 2
#: The most messages one person gets from one entry's drafts.
MAX_MESSAGES = 2

#: Who gets what: (who, what they get). The site's "Who gets what" box shows these lines, and
#: ``offer`` keeps to them.
WHO_GETS_WHAT = (
    ("Whoever told you", "one reply. It thanks them and can ask for feedback."),
    ("An agency recruiter", "the same reply, asking them to pass your thanks on."),
    ("Interviewers you connected with", "a short note each."),
    ("Anyone", "two messages at most."),
)

_FOLLOW_UPS = ["follow_up_1", "follow_up_2", "move_on"]
_AFTER_A_NO = list(REPLIES)
_NOT_OFFERED = {
    model.STATUS_REJECTED: [
        (_FOLLOW_UPS, "No follow-ups: they have given you their answer, so there is nothing left to chase."),
    ],
    model.STATUS_NO_REPLY: [
        (_AFTER_A_NO, "No reply to the rejection or feedback request: these come after a no, and nobody "
                      "has told you yet. If they do, change “How the news came” in step 1."),
    ],
    model.STATUS_WAITING: [
        (_FOLLOW_UPS, "No follow-ups yet: while the decision is not due, there is nothing to chase. If the "
                      "date they gave you passes with no news, choose “No reply at all” under “How the "
                      "news came” in step 1."),
        (_AFTER_A_NO, "No reply to the rejection or feedback request: these come after a no, and nobody "
                      "has told you yet. If they do, change “How the news came” in step 1."),
    ],
    model.STATUS_OFFER: [
        (list(KINDS), "No drafts: this process ended in an offer, and these emails are for a no or a "
                      "silence. If that is wrong, untick “This process ended in an offer” in step 1."),
    ],
}

MOVE_ON = (
    "If a week passes after your second follow-up and there is still no answer, treat the role "
    "as filled. Don't send a third message: it won't change the outcome, and it can spoil the "
    "good impression you left. Put your energy into your next application. If they write back "
    "later, you can still reply."
)

#: The line that leaves the door open, in a reply and in a note after a no. After a final round
#: it also asks to be kept in mind if the role itself opens again.
_DOOR_OPENING = "If a role that fits my experience comes up"
_DOOR_OPENING_FINAL = "If this role opens again, or another that fits my experience comes up"


def door(final_round: bool = False, agency: bool = False) -> str:
    """The door-opening line; to an agency recruiter it asks them to get in touch."""
    opening = _DOOR_OPENING_FINAL if final_round else _DOOR_OPENING
    return f"{opening}, I would be glad {'to hear from you' if agency else 'to be considered'}."


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# The one address an email here goes to: no scheme, no query or fragment, no second address,
# no control or bidirectional characters. Each rule is (pattern, what is wrong); the first that
# matches says why an address is refused, and an address must match ADDRESS_PATTERN as well.
# The patterns use only syntax that Python's ``re`` and JavaScript's ``RegExp`` read alike: the
# page checks the fields with them (field schema, address.js).
_INVISIBLE = "\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff"
ADDRESS_RULES: tuple[tuple[str, str], ...] = (
    (f"[{_INVISIBLE}]",
     "It has an invisible character in it (a line break, or a mark that changes which way the "
     "text reads). Delete the address and type it again."),
    ("^[Mm][Aa][Ii][Ll][Tt][Oo]:",
     "Leave out “mailto:”: type only the address, like name@example.com."),
    ("[?#]",
     "An address has no “?” or “#”: type only the address, like name@example.com, with nothing after it."),
    ("[,;]|@.*@",
     "One address only: each email here goes to one person."),
)
ADDRESS_PATTERN = "^[^@\\s,;:<>()\\[\\]\"?#]+@[^@\\s,;:<>()\\[\\]\"?#]+\\.[^@\\s,;:<>()\\[\\]\".?#]+$"
ADDRESS_HINT = "That doesn't look like an email address (like name@example.com)."
_RULES = tuple((re.compile(pattern), message) for pattern, message in ADDRESS_RULES)
_ADDRESS = re.compile(ADDRESS_PATTERN)


def address_problem(address: str) -> str:
    """Why ``address`` (stripped) is not one plain email address, or "" when it is."""
    address = address.strip()
    for pattern, message in _RULES:
        if pattern.search(address):
            return message
    return "" if _ADDRESS.search(address) else ADDRESS_HINT
#: A greeting typed with its own opening word ("Hi Dana") is used as it is.
_SALUTATION = re.compile(r"(?:dear|hi|hello|hey)\b\s*", re.IGNORECASE)


def long_date(iso: str) -> str:
    """``2026-03-05`` -> ``5 March 2026`` (English month names, whatever the locale)."""
    d = _dt.date.fromisoformat(iso)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _clean(value) -> str:
    return str(value).strip() if isinstance(value, str) else ""


def _people(entry: dict) -> list[dict]:
    """Interviewers with a name or an email, as ``{"name", "greeting", "email", "topic"}``
    (stripped)."""
    out = []
    for item in model.get_value(entry, "interviewers"):
        if isinstance(item, dict):
            person = {key: _clean(item.get(key, "")) for key in ("name", "greeting", "email", "topic")}
            if person["name"] or person["email"]:
                out.append(person)
    return out


def _news_from(entry: dict) -> dict:
    return {
        "name": _clean(model.get_value(entry, "news_from.name")),
        "greeting": _clean(model.get_value(entry, "news_from.greeting")),
        "email": _clean(model.get_value(entry, "news_from.email")),
        "topic": "",
        "agency": model.get_value(entry, "news_from.agency") is True,
    }


def _same_person(a: dict, b: dict) -> bool:
    """The same person, known by the same name or the same email address (case aside)."""
    return any(a[key] and a[key].casefold() == b[key].casefold() for key in ("name", "email"))


def _called(person: dict) -> str:
    """How to refer to someone in a sentence: the greeting without "Dear"/"Hi", else the name."""
    how = _SALUTATION.sub("", person.get("greeting", "").rstrip(","), count=1).strip()
    return how or person["name"]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class _Facts:
    """Looks up facts; records each missing one once, in the order the draft uses them."""

    def __init__(self, entry: dict, your_name: str) -> None:
        self.entry = entry
        self.your_name = _clean(your_name)
        self.missing: list[str] = []

    def blank(self, what: str) -> str:
        if what not in self.missing:
            self.missing.append(what)
        return f"[{what}]"

    def text(self, key: str, what: str) -> str:
        return _clean(model.get_value(self.entry, key)) or self.blank(what)

    def name(self, person: dict) -> str:
        return person["name"] or self.blank("Name")

    def greeting(self, person: dict) -> str:
        """``Dear Ms Tan,`` from how to greet them, else ``Dear`` and the name as typed; a
        greeting typed with its own opening word (``Hi Dana``) is kept as it is."""
        how = person.get("greeting", "").rstrip(",").strip()
        if how and _SALUTATION.match(how):
            return how[0].upper() + how[1:] + ","
        return f"Dear {how or self.name(person)},"

    @property
    def role(self) -> str:
        return self.text("role", "Role")

    @property
    def company(self) -> str:
        return self.text("company", "Company")

    @property
    def date(self) -> str:
        value = model.get_value(self.entry, "interview_date")
        return long_date(value) if value else self.blank("Date")

    @property
    def final_round(self) -> bool:
        return model.get_value(self.entry, "stage") == "final"

    @property
    def by_phone(self) -> bool:
        return model.get_value(self.entry, "news_via") == "call"

    def door(self, agency: bool = False) -> str:
        return door(self.final_round, agency)

    def topic(self, sentence: str, person: dict, shared: bool) -> str:
        """``sentence`` with what you talked about with ``person`` in it (and a leading space),
        or nothing without one. ``shared``: the entry's own topic may stand in, because
        ``person`` was in every conversation (the only interviewer, or a panel)."""
        topic = person.get("topic") or (_clean(model.get_value(self.entry, "thank_you.topic")) if shared else "")
        return " " + sentence.format(topic=topic) if topic else ""

    def people_met(self) -> str:
        """Who to pass thanks on to: the interviewers by name, else the people you met."""
        names = [_called(p) for p in _people(self.entry) if _called(p)]
        return _and(names) if names else f"the people I met at {self.company}"

    @property
    def me(self) -> str:
        return self.your_name or self.blank("Your name")


# --- the drafts ---------------------------------------------------------------------------------
# Each returns (subject, body). Sentences are built in reading order so ``missing`` is too.


def _thank_you(f: _Facts, person: dict, rejected: bool, shared: bool) -> tuple[str, str]:
    subject = f"Thank you: {f.role} interview"
    greeting = f.greeting(person)
    first = f"Thank you for interviewing me for the {f.role} role at {f.company}."
    first += f.topic("I enjoyed our conversation about {topic}.", person, shared)
    if rejected:
        middle = f"I was sorry not to be chosen this time, but I'm glad we met. {f.door()}"
    else:
        middle = "I look forward to hearing about the next steps."
    return subject, f"{greeting}\n\n{first}\n\n{middle}\n\nBest wishes,\n{f.me}"


def _reply_to_rejection(f: _Facts, person: dict) -> tuple[str, str]:
    subject = f"Thank you for letting me know: {f.role}"
    greeting = f.greeting(person)
    how = "calling to tell me" if f.by_phone else "letting me know"
    if person.get("agency"):
        first = (f"Thank you for {how} the decision about the {f.role} role at {f.company}, and for "
                 "putting me forward. I understand.")
        passing = f"Could you please pass my thanks on to {f.people_met()} for their time?"
        return subject, f"{greeting}\n\n{first}\n\n{passing}\n\n{f.door(agency=True)}\n\nKind regards,\n{f.me}"
    first = (f"Thank you for {how} your decision about the {f.role} role at {f.company}. I understand, "
             "and I'm grateful for your time.")
    return subject, f"{greeting}\n\n{first}\n\n{f.door()}\n\nKind regards,\n{f.me}"


def _feedback_brief(f: _Facts, person: dict) -> tuple[str, str]:
    subject = f"A quick request about my {f.role} interview"
    greeting = f.greeting(person)
    if person.get("agency"):
        first = (f"Thank you for letting me know about the {f.role} role, and for putting me forward. "
                 f"I understand the decision. Could you please pass my thanks on to {f.people_met()}?")
        ask = f"If {f.company} shared any feedback, could you tell me one or two things I could do better?"
    else:
        first = f"Thank you for letting me know about the {f.role} role. I understand the decision."
        ask = "Could you tell me one or two things I could do better?"
    return subject, (
        f"{greeting}\n\n{first}\n\n"
        f"{ask} I want to become a stronger candidate, and a line or two by email would help a lot.\n\n"
        f"Kind regards,\n{f.me}"
    )


def _feedback_warm(f: _Facts, person: dict) -> tuple[str, str]:
    subject = f"Thank you, and a small request: {f.role}"
    greeting = f.greeting(person)
    if person.get("agency"):
        first = (f"Thank you for letting me know about the {f.role} role at {f.company}, and for putting "
                 f"me forward. Could you please pass my thanks on to {f.people_met()}?")
        ask = (f"If {f.company} shared any feedback, could you pass on one thing I did well and one or "
               "two I could do better?")
    else:
        first = f"Thank you for letting me know about the {f.role} role at {f.company}, and for your time."
        ask = "Could you share one thing I did well and one or two I could do better?"
    return subject, (
        f"{greeting}\n\n{first}\n\n"
        "I understand the decision. I would like to become a stronger candidate for roles like this "
        f"one. {ask} A few lines by email would be plenty.\n\n"
        "Thank you either way. I hope our paths cross again.\n\n"
        f"Warm regards,\n{f.me}"
    )


def _follow_up_1(f: _Facts, person: dict) -> tuple[str, str]:
    subject = f"Following up: {f.role} interview on {f.date}"
    greeting = f.greeting(person)
    return subject, (
        f"{greeting}\n\n"
        f"I'm writing to follow up on my interview for the {f.role} role at {f.company} on {f.date}. "
        "I'm still interested in the role. Could you let me know where things stand, or when you "
        "expect to decide?\n\n"
        "Thank you for your time.\n\n"
        f"Best regards,\n{f.me}"
    )


def _follow_up_2(f: _Facts, person: dict) -> tuple[str, str]:
    subject = f"Checking in: {f.role} role"
    greeting = f.greeting(person)
    return subject, (
        f"{greeting}\n\n"
        f"I'm checking in again about the {f.role} role at {f.company}, following my interview on "
        f"{f.date}. I know these decisions take time.\n\n"
        "If the role has been filled, a short note to say so would help me plan. If it is still "
        "open, I remain interested.\n\n"
        f"Best regards,\n{f.me}"
    )


_BUILDERS = {
    "reply_to_rejection": _reply_to_rejection,
    "feedback_brief": _feedback_brief,
    "feedback_warm": _feedback_warm,
    "follow_up_1": _follow_up_1,
    "follow_up_2": _follow_up_2,
}


def _recipient(address: str, where: str, name: str = "") -> tuple[str, str]:
    """(address to use, a note in words when there is none or it looks wrong)."""
    if not address:
        whose = f" for {name}" if name else ""
        return "", f"No email address{whose} yet: add it {where} in step 1, or type it in your email app."
    problem = address_problem(address)
    check = f"Check {where.removeprefix('under ')} in step 1."
    if problem == ADDRESS_HINT:
        return "", f"“{address}” doesn't look like an email address, so the email opens without a recipient. {check}"
    if problem:  # not quoted: a direction mark in it could make the quote read differently
        return "", f"The email opens without a recipient. {problem} {check}"
    return address, ""


def _result(kind: str, draft_id: str, title: str, f: _Facts, subject: str, body: str,
            to: str, to_note: str) -> dict:
    return {
        "id": draft_id,
        "kind": kind,
        "title": title,
        "email": True,
        "to": to,
        "to_note": to_note,
        "subject": subject,
        "body": body,
        "missing": f.missing,
        **_mail_link(to, subject, body),
        "tip": "",
    }


#: Mail apps and browsers cut longer ``mailto:`` links (some near 2,000 characters), which
#: would send half a draft: a longer link is not offered, Copy is.
MAILTO_LIMIT = 1800


def _mail_link(to: str, subject: str, body: str) -> dict:
    """``{"mailto", "mailto_note"}``: the link, or "" and why there is none."""
    url = mailto(to, subject, body)
    if len(url) <= MAILTO_LIMIT:
        return {"mailto": url, "mailto_note": ""}
    return {"mailto": "", "mailto_note": (
        "This draft is too long to open in your email app from here (email apps cut long links "
        "short). Use Copy, then paste it into a new email.")}


def _shared_topic(entry: dict) -> bool:
    """Whether the entry's own topic was every interviewer's conversation: one interviewer
    (or none named yet), or a panel."""
    return len(_people(entry)) <= 1 or model.get_value(entry, "format") == "panel"


def _thank_you_note(entry: dict, your_name: str, person: dict | None, number: int) -> dict:
    facts = _Facts(entry, your_name)
    person = person or {"name": "", "greeting": "", "email": "", "topic": ""}
    rejected = model.entry_status(entry) == model.STATUS_REJECTED
    subject, body = _thank_you(facts, person, rejected, _shared_topic(entry))
    to, note = _recipient(person["email"], "under Interviewers", person["name"])
    if person["email"] and not to:
        note = note.replace("Check Interviewers", "Check the interviewer's email")
    title = f"Thank-you note to {person['name']}" if person["name"] else TITLES["thank_you"]
    return _result("thank_you", f"thank_you-{number}", title, facts, subject, body, to, note)


def _move_on() -> dict:
    return {
        "id": "move_on", "kind": "move_on", "title": TITLES["move_on"], "email": False,
        "to": "", "to_note": "", "subject": "", "body": MOVE_ON, "missing": [], "mailto": "",
        "mailto_note": "", "tip": "",
    }


def draft(entry: dict, kind: str, your_name: str = "", person: int = 0) -> dict:
    """One draft of any kind, whatever the status: ``{id, kind, title, email, to, to_note,
    subject, body, missing, mailto, mailto_note, tip}`` (``mailto`` is "" when the link would
    be too long, and ``mailto_note`` says so). ``person`` picks the interviewer of a thank-you
    note; ``tip`` is a line of advice or empty."""
    if kind == "thank_you":
        people = _people(entry)
        return _thank_you_note(entry, your_name, people[person] if person < len(people) else None, person + 1)
    if kind == "move_on":
        return _move_on()
    if kind not in _BUILDERS:
        raise WorksheetError(f"There is no draft called “{kind}”.", "kind", "bad_request")
    facts = _Facts(entry, your_name)
    contact = _news_from(entry)
    subject, body = _BUILDERS[kind](facts, contact)
    to, note = _recipient(contact["email"], "under “Who told you (email)”")
    return _result(kind, kind, TITLES[kind], facts, subject, body, to, note)


def _no_separate_note(status: str, who: str) -> str:
    if status == model.STATUS_REJECTED:
        return f"No separate thank-you note to {who}: they told you the news, and your reply thanks them."
    return (f"No separate thank-you note to {who}: they are also your contact, and the follow-ups thank "
            f"them. {MAX_MESSAGES} messages are the most to send one person.")


def offer(entry: dict, your_name: str = "") -> dict:
    """The drafts that fit the entry's status, and why each other one is not offered:
    ``{"drafts": [...], "not_offered": [{"kinds": [...], "text": "No ...: ..."}]}``.

    Whoever told you gets one message: the three replies are versions of it (each says so in
    its ``tip``). An interviewer who is also that person (same name or email) gets no separate
    note, so nobody is sent more than ``MAX_MESSAGES``."""
    status = model.entry_status(entry)
    not_offered = [{"kinds": list(kinds), "text": text} for kinds, text in _NOT_OFFERED[status]]
    contact = _news_from(entry)
    out = []
    for kind in OFFERED[status]:
        if kind in REPLIES:
            reply = draft(entry, kind, your_name)
            reply["tip"] = (f"Send {_called(contact) or 'whoever told you'} one of the three replies: "
                            "thanks alone, or thanks with a brief or a warm feedback request.")
            out.append(reply)
            continue
        if kind != "thank_you":
            out.append(draft(entry, kind, your_name))
            continue
        people = _people(entry)
        also_contact = status in (model.STATUS_REJECTED, model.STATUS_NO_REPLY)
        notes = []
        for number, person in enumerate(people, start=1):
            who = person["name"] or person["email"]
            if also_contact and _same_person(person, contact):
                not_offered.append({"kinds": ["thank_you"], "text": _no_separate_note(status, who)})
            elif any(_same_person(person, earlier) for earlier in people[:number - 1]):
                not_offered.append({"kinds": ["thank_you"], "text": (
                    f"No second thank-you note to {who}: they are listed twice under Interviewers.")})
            else:
                notes.append((person, _thank_you_note(entry, your_name, person, number)))
        if not people:
            notes.append((None, _thank_you_note(entry, your_name, None, 1)))
        if len(notes) > 1:
            for person, note in notes:
                if not person["topic"]:
                    note["tip"] = ("Send a note only to interviewers you connected with. If that "
                                   f"includes {person['name'] or 'this interviewer'}, add what you "
                                   "talked about under Interviewers in step 1: people compare notes, "
                                   "and this one should differ from the others.")
        out.extend(note for _, note in notes)
    return {"drafts": out, "not_offered": not_offered}


def all_drafts(entry: dict, your_name: str = "") -> list[dict]:
    """The drafts ``offer`` gives, without the reasons."""
    return offer(entry, your_name)["drafts"]


def follow_up(entry: dict, number: int, your_name: str = "") -> dict:
    """The first or second follow-up. A third is refused: two is the most worth sending."""
    if number not in (1, 2):
        raise WorksheetError(
            "Two follow-ups are enough. After the second, treat the role as filled and put your "
            "energy into the next application.",
            "follow_up",
            "bad_request",
        )
    return draft(entry, f"follow_up_{number}", your_name)


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
