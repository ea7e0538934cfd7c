"""Patterns across all entries, led by what the person can work on: ``insights(doc)``.

Every entry is an interview, so this can say something about interviews (weak areas,
recurring questions, the stage where things stop) but nothing about how applications turn
into interviews; the findings say so. There is no ranking of companies or rejections.

This module makes the summary across entries (weak areas, question themes, the pattern,
reapply dates) in one pass, handing each entry to ``history.History`` on the way for the
"is this normal?" figures; ``chart`` draws the ratings chart (re-exported here).
"""

from __future__ import annotations

import datetime as _dt
import re

from . import content, model, plan
from .chart import CHART_EMPTY, MAX_DATE_LABELS, ratings_chart_svg
from .history import NORMAL_EMPTY, History
from .wording import plural

__all__ = ["THEMES", "themes_in", "insights", "ratings_chart_svg", "NORMAL_EMPTY", "CHART_EMPTY", "MAX_DATE_LABELS"]

WEAK = 2  # a rating of 2 or less is a weak spot
STRONG = 4  # a rating of 4 or more is a strength

#: (key, label, advice, patterns): patterns are matched as whole words, case-insensitive.
THEMES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("about_you", "Tell me about yourself", "prepare a two-minute story of who you are and what you offer",
     (r"tell (?:me|us) about yourself", r"about yourself", r"walk (?:me|us) through your", r"introduce yourself")),
    ("weakness", "Your weaknesses", "pick a real weakness and what you are doing about it",
     (r"weakness(?:es)?", r"areas? (?:for|of) improvement", r"improve on")),
    ("strengths", "Your strengths", "name three strengths, each with proof",
     (r"strengths?", r"what are you good at")),
    ("conflict", "Conflict and difficult people", "prepare one example of a disagreement you handled well",
     (r"conflicts?", r"disagree(?:d|ment)?", r"difficult (?:colleague|person|people|customer|client|stakeholder)s?")),
    ("salary", "Salary and pay", "know your range and how to say it calmly",
     (r"salary", r"pay", r"compensation", r"remuneration", r"package")),
    ("why_company", "Why this company", "research what they do and say why it matters to you",
     (r"why (?:this|our) (?:company|organi[sz]ation|team|firm)", r"why us", r"why do you want to work (?:here|for us|with us)",
      r"why (?:do you want|would you like) to join", r"why here")),
    ("why_leaving", "Why you are leaving", "give a short, forward-looking reason",
     (r"why (?:are you|did you) leav(?:e|ing)", r"leaving your (?:current|last) (?:job|role)", r"why (?:do you want|are you looking) (?:to|for) (?:a )?(?:change|move|new)")),
    ("failure", "Mistakes and failures", "prepare one honest example and what you learned",
     (r"fail(?:ure|ed|ing)?", r"mistakes?", r"went wrong")),
    ("future", "Where you see yourself", "describe the direction you want, tied to this kind of role",
     (r"(?:five|5|ten|10) years", r"where do you see yourself", r"long[- ]term goals?")),
    ("teamwork", "Teamwork", "prepare an example of working well in a team",
     (r"team ?work", r"work(?:ing)? in a team", r"team player")),
    ("leadership", "Leading people", "prepare an example of leading or influencing others",
     (r"lead(?:ership)?", r"led a", r"manag(?:e|ed|ing) (?:a )?(?:team|people)")),
    ("pressure", "Pressure and deadlines", "prepare an example of a tight deadline you met",
     (r"pressure", r"deadlines?", r"stress(?:ful)?")),
)
#: One pass per question: each theme is a named group of one combined pattern.
_THEME_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{key}>{'|'.join(pats)})" for key, _, _, pats in THEMES) + r")\b",
    re.IGNORECASE,
)
_THEME_ORDER = {key: i for i, (key, *_) in enumerate(THEMES)}
_THEME_INFO = {key: (label, advice) for key, label, advice, _ in THEMES}
_STAGE_LABELS = dict(content.STAGES)
_STAGE_ORDER = [key for key, _ in content.STAGES]
_AREA_LABELS = dict(content.RATING_AREAS)


def themes_in(question: str) -> list[str]:
    """Theme keys a question touches, in THEMES order."""
    found = {m.lastgroup for m in _THEME_RE.finditer(question)}
    return sorted(found, key=_THEME_ORDER.__getitem__)


def insights(doc: dict, today: _dt.date | None = None) -> dict:
    """Findings across every entry; ``today`` splits reapply dates into open now and upcoming."""
    entries = doc["entries"]
    n = len(entries)
    stages = {key: 0 for key in _STAGE_ORDER}
    weak_count = {area: 0 for area, _ in content.RATING_AREAS}
    strong_count = dict(weak_count)
    theme_count = {key: 0 for key, *_ in THEMES}
    decided = 0
    reapply = []
    seen_questions: dict[str, list[str]] = {}
    history = History()
    for entry in entries:
        stage = entry["stage"]
        if stage:
            stages[stage] += 1
        ratings = entry["reflection"]["ratings"]
        rated = False
        for area in weak_count:
            value = ratings[area]
            if value is not None:
                rated = True
                if value <= WEAK:
                    weak_count[area] += 1
                elif value >= STRONG:
                    strong_count[area] += 1
        found = set()
        for item in entry["reflection"]["questions"]:
            question = item["question"]
            if question not in seen_questions:  # people meet the same questions again and again
                seen_questions[question] = themes_in(question)
            found.update(seen_questions[question])
        for key in found:
            theme_count[key] += 1
        outcome = model.entry_outcome(entry)
        history.add(entry, found, rated, outcome)
        if outcome != model.OUTCOME_WAITING:
            decided += 1
            date = plan.reapply_date(entry)
            company = entry["company"].strip()
            if date and company:
                reapply.append({"company": company, "role": entry["role"].strip(), "date": date})
    reapply.sort(key=lambda r: (r["date"], r["company"].casefold()))

    weak_areas = [
        {"area": area, "label": _AREA_LABELS[area], "count": count}
        for area, count in sorted(weak_count.items(), key=lambda kv: -kv[1])
        if count >= 2
    ]
    themes = [
        {"theme": key, "label": _THEME_INFO[key][0], "count": count, "advice": _THEME_INFO[key][1],
         "companies": history.theme_companies(key)}
        for key, count in sorted(theme_count.items(), key=lambda kv: -kv[1])
        if count >= 2
    ]
    lines: list[str] = []
    for w in weak_areas:
        lines.append(
            f"You rated “{w['label']}” 2 or lower in {plural(w['count'], 'interview')}. "
            "This is something you can practise, and it will show."
        )
    for t in themes:
        lines.append(
            f"“{t['label']}” came up in {plural(t['count'], 'interview')}: {t['advice']}."
        )
    strong = [area for area, count in sorted(strong_count.items(), key=lambda kv: -kv[1]) if count >= 2]
    if strong:
        names = " and ".join(f"“{_AREA_LABELS[a]}”" for a in strong[:2])
        lines.append(f"You rated {names} 4 or higher more than once: strengths to keep using.")
    pattern = _pattern(n, decided, stages)
    lines.append(pattern)
    later = stages["later"] + stages["final"]
    if later:
        lines.append(
            f"You reached a later or final round {plural(later, 'time')}. "
            "Getting that far means employers saw real strengths in you."
        )
    if reapply:
        day = today.isoformat() if today else ""
        open_now = [r["company"] for r in reapply if day and r["date"] <= day]
        upcoming = [r for r in reapply if not day or r["date"] > day]
        if open_now:
            names = ", ".join(dict.fromkeys(open_now))
            lines.append(f"You could already apply again to: {names}. Check each company's own rules first.")
        if upcoming:
            soonest = upcoming[0]
            lines.append(
                f"The next door that may reopen: {soonest['company']}, from {soonest['date']}. "
                "A different role there can often be applied for at once."
            )
    return {
        "entries": n,
        "lines": lines,
        "stages": stages,
        "weak_areas": weak_areas,
        "themes": themes,
        "pattern": pattern,
        "reapply": reapply,
        **history.result(),
        "chart_note": "" if history.drawable else CHART_EMPTY,
    }


def _pattern(n: int, decided: int, stages: dict) -> str:
    if n == 0:
        return "Add your first interview to start seeing patterns."
    if decided < 3:
        return (
            "A few more interviews are needed before a pattern means anything. "
            "For now, focus on the notes for each one."
        )
    known = {k: v for k, v in stages.items() if v}
    tail = ""
    if known:
        top = max(_STAGE_ORDER, key=lambda k: (stages[k], _STAGE_ORDER.index(k)))
        label = _STAGE_LABELS[top].lower()
        if top in ("later", "final"):
            tail = (
                f" Most often you stop at the {label}: you are close, and small things decide "
                "at that point. Ask for feedback; later-round candidates tend to get the most."
            )
        else:
            tail = (
                f" Most often you stop at the {label}: work on a clear, short pitch that "
                "matches the role's main needs."
            )
    return (
        f"You have had {plural(decided, 'interview')} without an offer yet. Getting interviews "
        "means your applications work, so the pattern points at interview technique, which you "
        f"can practise.{tail} This worksheet only holds interviews, so it cannot show how many "
        "applications got no reply; if most of yours do, look at your CV and the roles you target."
    )
