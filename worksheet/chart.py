"""The self-ratings chart: a small, self-contained SVG of ratings by interview date.

Accessible (role="img" with a title and a description listing every value), no script, no
external references, every text escaped. With nothing to draw it returns "" and the page shows
``CHART_EMPTY`` (``insights()["chart_note"]``) instead of an empty box.
"""

from __future__ import annotations

import html
import re

from . import content, model

__all__ = ["CHART_EMPTY", "MAX_DATE_LABELS", "ratings_chart_svg"]

CHART_EMPTY = (
    "No chart yet: give an interview its date and rate at least one area in step 1, and your "
    "ratings appear here over time."
)

_AREA_LABELS = dict(content.RATING_AREAS)

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
