"""Patterns across all entries, led by what the person can work on.

Every entry is an interview, so this can say something about interviews (weak areas,
recurring questions, the stage where things stop) but nothing about how applications turn
into interviews; the findings say so. There is no ranking of companies or rejections.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import statistics

from . import content, model, plan

__all__ = ["THEMES", "themes_in", "insights", "ratings_chart_svg", "NORMAL_EMPTY", "CHART_EMPTY"]

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
_STAGE_INDEX = {key: i for i, key in enumerate(_STAGE_ORDER)}
_AREA_LABELS = dict(content.RATING_AREAS)


def themes_in(question: str) -> list[str]:
    """Theme keys a question touches, in THEMES order."""
    found = {m.lastgroup for m in _THEME_RE.finditer(question)}
    return sorted(found, key=_THEME_ORDER.__getitem__)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


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
    history = _History()
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
        history.add(entry, found, rated)
        status = model.entry_status(entry)
        if status != model.STATUS_WAITING:
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
            f"You rated “{w['label']}” 2 or lower in {_plural(w['count'], 'interview')}. "
            "This is something you can practise, and it will show."
        )
    for t in themes:
        lines.append(
            f"“{t['label']}” came up in {_plural(t['count'], 'interview')}: {t['advice']}."
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
            f"You reached a later or final round {_plural(later, 'time')}. "
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
    }


# --- "is this normal?": the person's own history only (issue 14) -----------------------
# No outside benchmark: every figure below is counted from this person's entries.

NORMAL_EMPTY = (
    "Once a few interviews have dates and an outcome, this shows where yours tend to stop and "
    "how long employers take to answer, compared only with your own history."
)
CHART_EMPTY = (
    "No chart yet: give an interview its date and rate at least one area in step 1, and your "
    "ratings appear here over time."
)
OUTCOMES = ("next_step", "offer", "rejected", "silence", "waiting")
_OUTCOME_WORDS = {
    "next_step": "led to a next step", "offer": "led to an offer", "rejected": "ended in a no",
    "silence": "ended in silence", "waiting": "still waiting",
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


class _History:
    """Collects, in the single pass over the entries, what "is this normal?" needs."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []  # (stage, outcome base, process key, date, index)
        self.names: dict[str, str] = {}  # company key -> first spelling seen
        self.waits: list[tuple[str, int]] = []  # (company key, days to answer)
        self.questions: dict[str, tuple[str, dict]] = {}  # key -> (first text, company keys in order)
        self.theme_seen: dict[str, set[str]] = {key: set() for key, *_ in THEMES}
        self.keys: dict[str, str] = {}  # question text -> its loose key (questions repeat)
        self.days: dict[str, int] = {}  # ISO date -> day number
        self.latest: dict[tuple, tuple[str, int]] = {}  # process -> (latest date, highest stage)
        self.drawable = False  # a dated interview with a rating: the chart has a point

    def _day(self, iso: str) -> int:
        day = self.days.get(iso)
        if day is None:
            day = self.days[iso] = _dt.date.fromisoformat(iso).toordinal()
        return day

    def add(self, entry: dict, themes: set, rated: bool) -> None:
        """One entry; ``themes`` are the question themes found in it, ``rated`` whether it has a rating."""
        name = entry["company"].strip()
        company = name.casefold()
        stage = _STAGE_INDEX.get(entry["stage"], -1)
        date = entry["interview_date"]
        if rated and date:
            self.drawable = True
        news = entry["news_via"]
        if entry["record"]["offer"]:
            base = "offer"
        elif news == "call" or news == "email":
            base = "rejected"
        elif news == "none":
            base = "silence"
        else:
            base = "waiting"
        decided = entry["decision_date"]
        if decided and date and decided >= date and (base == "rejected" or base == "offer"):
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
            self.theme_seen[key].add(company)
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
        return len(self.theme_seen[key])

    def _outcome(self, stage: int, base: str, process, date: str) -> str:
        if base != "offer" and process:
            last_date, last_stage = self.latest[process]
            if (date and last_date > date) or (not date and last_stage > stage >= 0):
                return "next_step"
        return base

    def result(self) -> dict:
        outcomes = {key: dict.fromkeys(("interviews", *OUTCOMES), 0) for key in _STAGE_ORDER}
        finished = silent = 0
        for stage, base, process, date in self.rows:
            outcome = self._outcome(stage, base, process, date)
            if outcome in ("offer", "rejected", "silence"):
                finished += 1
                silent += outcome == "silence"
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
            "chart_note": "" if self.drawable else CHART_EMPTY,
        }

    @staticmethod
    def _lines(outcomes: dict, answer_days: dict, recurring: list, finished: int, silent: int) -> list[str]:
        lines = []
        for key in _STAGE_ORDER:
            row = outcomes[key]
            if not row["interviews"]:
                continue
            parts = [f"{row[o]} {_OUTCOME_WORDS[o]}" for o in OUTCOMES if row[o]]
            lines.append(f"{_STAGE_LABELS[key]}: {_plural(row['interviews'], 'interview')}. {', '.join(parts)}.")
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
            lines.append(f"{silent} of your {_plural(finished, 'finished process', 'finished processes')} ended in silence.")
        for r in recurring[:RECURRING_SHOWN]:
            lines.append(f"“{r['question']}” came up at {r['count']} companies: {', '.join(r['companies'])}.")
        return lines or [NORMAL_EMPTY]


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
        f"You have had {_plural(decided, 'interview')} without an offer yet. Getting interviews "
        "means your applications work, so the pattern points at interview technique, which you "
        f"can practise.{tail} This worksheet only holds interviews, so it cannot show how many "
        "applications got no reply; if most of yours do, look at your CV and the roles you target."
    )


# --- chart -------------------------------------------------------------------------------

MAX_DATE_LABELS = 4  # ten-character dates side by side on a 390 px phone

_SERIES = (
    ("preparation", "#1b6ac9", ""),
    ("answers", "#b3261e", "6 3"),
    ("questions_asked", "#1e7d32", "2 3"),
    ("rapport", "#7b3fb0", "8 3 2 3"),
    ("nerves", "#8a5a00", "1 2"),
)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _e(text: str) -> str:
    """Escape for SVG text and attributes; characters XML cannot hold become U+FFFD."""
    return html.escape(_NOT_XML.sub("\ufffd", text), quote=True)


def _label_indices(n: int, most: int) -> set[int]:
    """Which of n evenly spaced points get a date label: first and last, at most ``most``."""
    if n <= most:
        return set(range(n))
    step = (n - 1) / (most - 1)
    return {round(k * step) for k in range(most)}


def ratings_chart_svg(doc: dict) -> str:
    """A small, self-contained line and dot chart of ratings by interview date.

    Accessible: role="img" with <title> and <desc> (the desc lists every value); no script,
    no external references; all text escaped. Drawn 400 units wide with 13-unit text, so on a
    390 px phone (about 340 px for the chart) the text stays near 11 px. With nothing to
    draw it returns "" and the page shows ``insights()["chart_note"]`` instead of an empty box.
    """
    points = []
    for entry in doc["entries"]:
        when = entry["interview_date"]
        ratings = entry["reflection"]["ratings"]
        if when and any(ratings[a] is not None for a, _ in content.RATING_AREAS):
            points.append((when, model.entry_title(entry), ratings))
    points.sort(key=lambda p: p[0])
    if not points:
        return ""
    width, height = 400, 330
    left, right, top, bottom = 30, 10, 16, 134
    plot_w, plot_h = width - left - right, height - top - bottom
    title = "Your interview self-ratings over time"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="nr-chart-title nr-chart-desc" class="nr-ratings-chart" '
        f'font-family="sans-serif" font-size="13">',
        f'<title id="nr-chart-title">{_e(title)}</title>',
    ]
    # A white card, so the dark text and colours keep their contrast in a dark theme too.
    background = f'<rect width="{width}" height="{height}" rx="6" fill="#fff"/>'

    desc = []
    for when, name, ratings in points:
        values = ", ".join(
            f"{label} {ratings[a]}" for a, label in content.RATING_AREAS if ratings[a] is not None
        )
        desc.append(f"{when}, {name}: {values}.")
    parts.append(f'<desc id="nr-chart-desc">Ratings from 1 (went badly) to 5 (went well). {_e(" ".join(desc))}</desc>')

    pad = 38  # room for half a date label at either end

    def x_at(i: int) -> float:
        span = plot_w - 2 * pad
        return left + pad + (span / 2 if len(points) == 1 else span * i / (len(points) - 1))

    def y_at(v: int) -> float:
        return top + plot_h * (5 - v) / 4

    parts.append(background)
    parts.append('<g aria-hidden="true">')
    for v in range(1, 6):
        y = y_at(v)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ccc" stroke-width="1"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#333">{v}</text>')
    shown = _label_indices(len(points), MAX_DATE_LABELS)
    for i, (when, _, _) in enumerate(points):
        if i not in shown:
            continue
        parts.append(
            f'<text x="{x_at(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" fill="#333">{_e(when)}</text>'
        )
    for area, colour, dash in _SERIES:
        coords = [(x_at(i), y_at(r[area])) for i, (_, _, r) in enumerate(points) if r[area] is not None]
        if len(coords) > 1:
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for x, y in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
    # legend: one per row below the dates (the longest label needs most of a phone's width)
    for k, (area, colour, dash) in enumerate(_SERIES):
        lx = left
        ly = top + plot_h + 44 + k * 19
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 24}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        parts.append(f'<circle cx="{lx + 12}" cy="{ly - 4}" r="3.5" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 30}" y="{ly}" fill="#222">{_e(_AREA_LABELS[area])}</text>')
    parts.append("</g></svg>")
    return "".join(parts)
