"""Everything the worksheet page shows for one entry, computed in one call."""

from __future__ import annotations

import datetime as _dt

from . import drafts, insights, model, plan

__all__ = ["compute"]


def compute(doc: dict, entry_id: str, today: _dt.date) -> dict:
    """Status, title, drafts, plan, insights and chart for ``entry_id`` in a validated ``doc``.

    ``today`` (the person's local date) tells insights which reapply dates have passed. The
    plan's dates count from the interview and decision dates, so they do not move daily.
    """
    entry = model.find_entry(doc, entry_id)
    return {
        "status": model.entry_status(entry),
        "title": model.entry_title(entry),
        "drafts": drafts.all_drafts(entry),
        "plan": plan.build_plan(entry),
        "insights": insights.insights(doc, today),
        "chart_svg": insights.ratings_chart_svg(doc),
    }
