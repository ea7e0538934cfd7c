"""The "is this normal?" history: where the person's interviews tend to stop, how long employers take to
answer, and the questions that come back, counted from this person's entries only (no outside
benchmark).

``History`` collects what it needs in the one pass ``insights.insights`` makes over the
entries; ``result()`` gives the figures and the lines in words. Each entry's outcome comes
from ``model.entry_outcome``; the history adds ``"next_step"`` when the same process (company
and role) went on to a later date or stage.
"""

from __future__ import annotations

import datetime as _dt
import re
import statistics

from . import content, model
from .wording import plural

__all__ = ["History", "NEXT_STEP", "NORMAL_EMPTY", "OUTCOMES", "RECURRING_SHOWN"]

_STAGE_LABELS = dict(content.STAGES)
_STAGE_ORDER = [key for key, _ in content.STAGES]
_STAGE_INDEX = {key: i for i, key in enumerate(_STAGE_ORDER)}

NORMAL_EMPTY = (
    "Once a few interviews have dates and an outcome, this shows where yours tend to stop and "
    "how long employers take to answer, compared only with your own history."
)
NEXT_STEP = "next_step"
#: Each interview's outcome in the history: the entry's own (``model.entry_outcome``), or a
#: next step when the same process went on.
OUTCOMES = (NEXT_STEP, model.OUTCOME_OFFER, model.OUTCOME_REJECTED, model.OUTCOME_SILENCE, model.OUTCOME_WAITING)
_ENDED = (model.OUTCOME_OFFER, model.OUTCOME_REJECTED, model.OUTCOME_SILENCE)
_OUTCOME_WORDS = {
    NEXT_STEP: "led to a next step", model.OUTCOME_OFFER: "led to an offer", model.OUTCOME_REJECTED: "ended in a no",
    model.OUTCOME_SILENCE: "ended in silence", model.OUTCOME_WAITING: "still waiting",
}
_TRAILING = re.compile(r"[\s.?!…:;,]+\Z")
RECURRING_SHOWN = 5


def _key(text: str) -> str:
    """Text compared loosely: case, inner spaces and closing punctuation do not matter."""
    return _TRAILING.sub("", " ".join(text.split())).casefold()


def _days(number: float) -> str:
    shown = f"{number:g}"
    return f"{shown} day" if shown == "1" else f"{shown} days"


def _median(values: list[int]) -> float | int:
    m = statistics.median(values)
    return int(m) if m == int(m) else m


class History:
    """Collects, in the single pass over the entries, what "is this normal?" needs."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []  # (stage index, outcome, process key, date)
        self.names: dict[str, str] = {}  # company key -> first spelling seen
        self.waits: list[tuple[str, int]] = []  # (company key, days to answer)
        self.questions: dict[str, tuple[str, dict]] = {}  # key -> (first text, company keys in order)
        self.theme_seen: dict[str, set[str]] = {}  # theme key -> company keys
        self.keys: dict[str, str] = {}  # question text -> its loose key (questions repeat)
        self.days: dict[str, int] = {}  # ISO date -> day number
        self.latest: dict[tuple, tuple[str, int]] = {}  # process -> (latest date, highest stage)
        self.drawable = False  # a dated interview with a rating: the chart has a point

    def _day(self, iso: str) -> int:
        day = self.days.get(iso)
        if day is None:
            day = self.days[iso] = _dt.date.fromisoformat(iso).toordinal()
        return day

    def add(self, entry: dict, themes: set, rated: bool, base: str) -> None:
        """One entry; ``themes`` are the question themes found in it, ``rated`` whether it has a
        rating, ``base`` its outcome (``model.entry_outcome``)."""
        name = entry["company"].strip()
        company = name.casefold()
        stage = _STAGE_INDEX.get(entry["stage"], -1)
        date = entry["interview_date"]
        if rated and date:
            self.drawable = True
        decided = entry["decision_date"]
        if decided and date and decided >= date and (base == model.OUTCOME_REJECTED or base == model.OUTCOME_OFFER):
            self.waits.append((company, self._day(decided) - self._day(date)))
        if not company:
            self.rows.append((stage, base, None, date))
            return
        if company not in self.names:
            self.names[company] = name
        process = (company, entry["role"].strip().casefold())
        self.rows.append((stage, base, process, date))
        last = self.latest.get(process)
        if last is None:
            self.latest[process] = (date, stage)
        elif date > last[0] or stage > last[1]:
            self.latest[process] = (max(last[0], date), max(last[1], stage))
        for key in themes:
            self.theme_seen.setdefault(key, set()).add(company)
        keys, questions = self.keys, self.questions
        for item in entry["reflection"]["questions"]:
            question = item["question"]
            key = keys.get(question)
            if key is None:
                key = keys[question] = _key(question)
            if key:
                seen = questions.get(key)
                if seen is None:
                    seen = questions[key] = (question.strip(), {})
                seen[1][company] = None

    def theme_companies(self, key: str) -> int:
        return len(self.theme_seen.get(key, ()))

    def _outcome(self, stage: int, base: str, process, date: str) -> str:
        if base != model.OUTCOME_OFFER and process:
            last_date, last_stage = self.latest[process]
            if (date and last_date > date) or (not date and last_stage > stage >= 0):
                return NEXT_STEP
        return base

    def result(self) -> dict:
        outcomes = {key: dict.fromkeys(("interviews", *OUTCOMES), 0) for key in _STAGE_ORDER}
        finished = silent = 0
        for stage, base, process, date in self.rows:
            outcome = self._outcome(stage, base, process, date)
            if outcome in _ENDED:
                finished += 1
                silent += outcome == model.OUTCOME_SILENCE
            if stage >= 0:
                row = outcomes[_STAGE_ORDER[stage]]
                row["interviews"] += 1
                row[outcome] += 1
        per_company: dict[str, list[int]] = {}
        for company, wait in self.waits:
            if company:
                per_company.setdefault(company, []).append(wait)
        waits = [w for _, w in self.waits]
        answer_days = {
            "median": _median(waits) if waits else None,
            "answers": len(waits),
            "by_company": [
                {"company": self.names[c], "median": _median(w), "answers": len(w)}
                for c, w in per_company.items() if len(w) >= 2
            ],
        }
        recurring = sorted(
            (
                {"question": first, "companies": [self.names[c] for c in where], "count": len(where)}
                for first, where in self.questions.values() if len(where) >= 2
            ),
            key=lambda r: -r["count"],
        )
        return {
            "outcomes": outcomes,
            "answer_days": answer_days,
            "recurring_questions": recurring,
            "normal": self._lines(outcomes, answer_days, recurring, finished, silent),
        }

    @staticmethod
    def _lines(outcomes: dict, answer_days: dict, recurring: list, finished: int, silent: int) -> list[str]:
        lines = []
        for key in _STAGE_ORDER:
            row = outcomes[key]
            if not row["interviews"]:
                continue
            parts = [f"{row[o]} {_OUTCOME_WORDS[o]}" for o in OUTCOMES if row[o]]
            lines.append(f"{_STAGE_LABELS[key]}: {plural(row['interviews'], 'interview')}. {', '.join(parts)}.")
        n = answer_days["answers"]
        if n == 1:
            lines.append(f"When an employer answered, it took {_days(answer_days['median'])} after the interview (1 answer).")
        elif n:
            lines.append(
                f"When employers answered, it took a median of {_days(answer_days['median'])} after the "
                f"interview ({n} answers)."
            )
        for c in answer_days["by_company"]:
            lines.append(f"{c['company']} took a median of {_days(c['median'])} ({c['answers']} answers).")
        if finished >= 2:
            lines.append(f"{silent} of your {plural(finished, 'finished process', 'finished processes')} ended in silence.")
        for r in recurring[:RECURRING_SHOWN]:
            lines.append(f"“{r['question']}” came up at {r['count']} companies: {', '.join(r['companies'])}.")
        return lines or [NORMAL_EMPTY]
