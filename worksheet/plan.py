"""Suggested next steps, derived from one entry, next to the person's own actions.

Due dates count business days (Monday to Friday; public holidays are not known here) from the
interview date or the decision date. Each suggestion has a stable ``id``; ticking it off is
stored in ``entry["plan_done"][id]``. The person's own actions come from ``entry["actions"]``
(``id`` ``"action-<index>"``, done stored in ``actions[i]["done"]``).
"""

from __future__ import annotations

import datetime as _dt

from . import content, model

__all__ = ["add_business_days", "add_months", "suggestions", "my_actions", "build_plan", "reapply_date"]

THANK_YOU_DAYS = 1
FEEDBACK_DAYS = 2
FOLLOW_UP_1_DAYS = 5
FOLLOW_UP_2_DAYS = 10
MOVE_ON_DAYS = 15
PRACTICE_DAYS = 5
MENTOR_DAYS = 5
OTHER_ROLE_DAYS = 5
REAPPLY_MONTHS = 6

PRACTICE = {
    "preparation": "Build a preparation routine: research the company, the role and the questions you expect",
    "answers": "Practise your answers out loud, each with a real example and its result",
    "questions_asked": "Prepare three thoughtful questions to ask at your next interview",
    "rapport": "Practise the first five minutes of an interview with a friend: greeting, small talk, listening",
    "nerves": "Do a mock interview to get used to the pressure, and plan how you calm down on the day",
}
RATING_LABELS = dict(content.RATING_AREAS)


def add_business_days(start: _dt.date, days: int) -> _dt.date:
    """The date ``days`` business days (Mon-Fri) after ``start``. From a weekend, day 1 is Monday."""
    current = start
    added = 0
    while added < days:
        current += _dt.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def add_months(start: _dt.date, months: int) -> _dt.date:
    """Same day ``months`` later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return _dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _date(entry: dict, key: str) -> _dt.date | None:
    value = model.get_value(entry, key)
    return _dt.date.fromisoformat(value) if value else None


def _due(base: _dt.date | None, days: int) -> str:
    return add_business_days(base, days).isoformat() if base else ""


def reapply_date(entry: dict) -> str:
    """The person's own reapply date, else six months after the decision (or interview)."""
    own = model.get_value(entry, "reapply_after")
    if own:
        return own
    base = _date(entry, "decision_date") or _date(entry, "interview_date")
    return add_months(base, REAPPLY_MONTHS).isoformat() if base else ""


def _item(entry: dict, sid: str, text: str, reason: str, due: str, auto_done: bool = False) -> dict:
    done = bool(entry.get("plan_done", {}).get(sid, False)) or auto_done
    return {"id": sid, "text": text, "reason": reason, "due": due, "done": done, "source": "suggested"}


def suggestions(entry: dict) -> list[dict]:
    """Suggested steps for this entry, in a sensible order (not yet sorted by date)."""
    interview = _date(entry, "interview_date")
    decision = _date(entry, "decision_date")
    after = decision or interview
    status = model.entry_status(entry)
    news = model.get_value(entry, "news_via")
    out = []

    out.append(_item(
        entry, "thank_you", "Send a short thank-you note to each interviewer you connected with",
        "A personal note within a day of the interview is the usual advice. Even after a no, "
        "it helps them remember you well when another role opens.",
        _due(interview, THANK_YOU_DAYS),
        auto_done=bool(model.get_value(entry, "thank_you.sent")),
    ))

    if status == model.STATUS_REJECTED:
        out.append(_item(
            entry, "feedback", "Ask for feedback: one or two things to work on",
            "Sources disagree on timing: within a day, after a day or two, or about two weeks "
            "later. This date is two business days after the news; move it if another feels "
            "better. Keep it short and say you understand the decision.",
            _due(decision, FEEDBACK_DAYS),
            auto_done=bool(model.get_value(entry, "feedback.requested")),
        ))

    if news in ("none", "waiting"):
        out.append(_item(
            entry, "follow_up_1", "If you have heard nothing, send a first polite follow-up",
            "Give them at least five business days after the interview; a first follow-up at "
            "five to seven business days is common.",
            _due(interview, FOLLOW_UP_1_DAYS),
        ))
        out.append(_item(
            entry, "follow_up_2", "Still nothing? Send a second, final follow-up",
            "A second note at ten to fourteen business days is the usual limit. Two follow-ups "
            "are enough.",
            _due(interview, FOLLOW_UP_2_DAYS),
        ))
        out.append(_item(
            entry, "move_on", "No reply after two follow-ups: treat the role as filled and move on",
            "Silence after an interview is very common and says little about you. Your time is "
            "better spent on the next application.",
            _due(interview, MOVE_ON_DAYS),
        ))

    for area, label in content.RATING_AREAS:
        rating = model.get_value(entry, f"reflection.ratings.{area}")
        if rating is not None and rating <= 2:
            out.append(_item(
                entry, f"practise_{area}", PRACTICE[area],
                f"You rated “{label}” {rating} out of 5. A little practice here will show in "
                "your next interview.",
                _due(after, PRACTICE_DAYS),
            ))

    if status != model.STATUS_WAITING:
        out.append(_item(
            entry, "apply_other", "Apply for at least one other role",
            "Keep several options open, so one job does not hold up your whole search.",
            _due(after, OTHER_ROLE_DAYS),
        ))

    out.append(_item(
        entry, "mentor", "Talk this interview through with a mentor or career coach",
        "Someone outside the process can spot blind spots and give you honest, unbiased feedback.",
        _due(after, MENTOR_DAYS),
    ))

    if status != model.STATUS_WAITING:
        own = bool(model.get_value(entry, "reapply_after"))
        reason = (
            "This is the date you set."
            if own
            else "This date is six months after the decision, a middle guess: companies ask for "
            "anything from about 3 months to a year before you apply for the same role again. "
            "Check their careers page or ask the recruiter, then change the date. "
            "A different role there is often fine at once."
        )
        due = reapply_date(entry)
        out.append(_item(
            entry, "reapply", "You could apply to this company again", reason, due,
        ))
    return out


def my_actions(entry: dict) -> list[dict]:
    """The person's own next steps (rows with no text are left out)."""
    out = []
    for i, action in enumerate(model.get_value(entry, "actions")):
        text = str(action.get("text", "")).strip()
        if not text:
            continue
        out.append({
            "id": f"action-{i}",
            "text": text,
            "reason": "",
            "due": action.get("due", ""),
            "done": bool(action.get("done", False)),
            "source": "mine",
        })
    return out


def build_plan(entry: dict) -> list[dict]:
    """Suggestions and the person's own actions together, by due date; undated ones last.

    Ties keep their order (suggestions before own actions), so the list is stable.
    """
    items = suggestions(entry) + my_actions(entry)
    return sorted(items, key=lambda item: (item["due"] == "", item["due"]))
