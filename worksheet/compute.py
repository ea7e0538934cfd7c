"""Everything the worksheet page shows for one entry, computed in one call."""

from __future__ import annotations

import datetime as _dt

from . import chart, drafts, insights, model, plan

__all__ = ["compute"]


def compute(doc: dict, entry_id: str, today: _dt.date) -> dict:
    """Status, title, drafts (and why others are not offered), plan, insights and chart for
    ``entry_id`` in a validated ``doc``. The drafts are signed with ``settings.your_name``.

    ``today`` (the person's local date) tells insights which reapply dates have passed. The
    plan's dates count from the interview and decision dates, so they do not move daily.
    """
    entry = model.find_entry(doc, entry_id)
    offered = drafts.offer(entry, doc["settings"].get("your_name", ""))
    return {
        "status": model.entry_status(entry),
        "title": model.entry_title(entry),
        "drafts": offered["drafts"],
        "drafts_not_offered": offered["not_offered"],
        "plan": plan.build_plan(entry),
        "insights": insights.insights(doc, today),
        "chart_svg": chart.ratings_chart_svg(doc),
    }
