"""Plan: suggested steps with business-day due dates, next to the person's own actions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worksheet import codec, model, plan

from strategies import ENGINE, entries
from builders import make_entry as _entry

NOW = "2026-11-26T10:00:00Z"
D = dt.date


def _by_id(entry):
    return {item["id"]: item for item in plan.build_plan(entry)}


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 3, 2), 1, D(2026, 3, 3)),    # Mon + 1 = Tue
        (D(2026, 3, 6), 1, D(2026, 3, 9)),    # Fri + 1 = Mon
        (D(2026, 3, 7), 1, D(2026, 3, 9)),    # Sat + 1 = Mon
        (D(2026, 3, 8), 1, D(2026, 3, 9)),    # Sun + 1 = Mon
        (D(2026, 3, 2), 5, D(2026, 3, 9)),    # Mon + 5 = next Mon
        (D(2026, 3, 4), 10, D(2026, 3, 18)),  # Wed + 10 = Wed two weeks on
        (D(2026, 12, 31), 1, D(2027, 1, 1)),
        (D(2026, 3, 4), 0, D(2026, 3, 4)),
    ],
)
def test_add_business_days(start, days, expected):
    assert plan.add_business_days(start, days) == expected


@ENGINE
@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 1, 1)), st.integers(1, 40))
def test_business_days_land_on_weekdays_and_count_exactly(start, days):
    end = plan.add_business_days(start, days)
    assert end.weekday() < 5
    between = [start + dt.timedelta(n) for n in range(1, (end - start).days + 1)]
    assert sum(1 for d in between if d.weekday() < 5) == days


@pytest.mark.parametrize(
    ("start", "expected"),
    [(D(2026, 8, 31), D(2027, 2, 28)), (D(2027, 8, 31), D(2028, 2, 29)), (D(2026, 3, 15), D(2026, 9, 15)),
     (D(2026, 7, 10), D(2027, 1, 10)), (D(2026, 5, 31), D(2026, 11, 30))],
)
def test_add_months_clamps_to_month_end(start, expected):
    assert plan.add_months(start, 6) == expected


def test_rejection_plan_with_dates():
    # interview Wed 4 March 2026, news by email Tue 10 March
    e = _entry(interview_date="2026-03-04", decision_date="2026-03-10", news_via="email")
    items = _by_id(e)
    assert items["thank_you"]["due"] == "2026-03-05"
    assert items["feedback"]["due"] == "2026-03-12"
    assert "disagree" in items["feedback"]["reason"]
    assert items["reapply"]["due"] == "2026-09-10"
    assert "six months" in items["reapply"]["reason"]
    assert items["mentor"]["due"] == "2026-03-17" and items["apply_other"]["due"] == "2026-03-17"
    assert not {"follow_up_1", "follow_up_2", "move_on"} & set(items)
    for item in items.values():
        assert set(item) == {"id", "text", "reason", "due", "done", "source"}
        assert item["source"] == "suggested" and item["done"] is False and item["text"] and item["reason"]


@pytest.mark.parametrize("news", ["none", "waiting"])
def test_silence_plan_has_two_follow_ups_then_move_on(news):
    e = _entry(interview_date="2026-03-04", news_via=news)   # a Wednesday
    items = _by_id(e)
    assert items["follow_up_1"]["due"] == "2026-03-11"   # 5 business days
    assert items["follow_up_2"]["due"] == "2026-03-18"   # 10 business days
    assert items["move_on"]["due"] == "2026-03-25"
    assert "feedback" not in items
    assert ("reapply" in items) == (news == "none")
    if news == "none":
        assert items["reapply"]["due"] == "2026-09-04"  # from the interview when no decision date


def test_no_follow_ups_when_news_via_is_unset():
    assert "follow_up_1" not in _by_id(_entry(interview_date="2026-03-04"))


def test_own_reapply_date_wins():
    e = _entry(interview_date="2026-03-04", news_via="call", reapply_after="2026-06-01")
    item = _by_id(e)["reapply"]
    assert item["due"] == "2026-06-01" and item["reason"] == "This is the date you set."
    assert plan.reapply_date(_entry()) == ""


def test_weak_ratings_give_practice_steps():
    e = _entry(interview_date="2026-03-04", news_via="email",
               reflection__ratings__answers=2, reflection__ratings__nerves=1, reflection__ratings__rapport=3)
    items = _by_id(e)
    assert "practise_answers" in items and "practise_nerves" in items
    assert "practise_rapport" not in items and "practise_preparation" not in items
    assert "2 out of 5" in items["practise_answers"]["reason"]
    assert items["practise_answers"]["due"] == "2026-03-11"


def test_done_ticks_and_automatic_done():
    e = _entry(interview_date="2026-03-04", news_via="email", thank_you__sent=True)
    e["plan_done"] = {"mentor": True, "feedback": False}
    items = _by_id(e)
    assert items["thank_you"]["done"] is True       # from thank_you.sent
    assert items["mentor"]["done"] is True          # from plan_done
    assert items["feedback"]["done"] is False
    model.set_value(e, "feedback.requested", True)
    assert _by_id(e)["feedback"]["done"] is True


def test_without_dates_due_is_empty_and_undated_items_come_last():
    e = _entry(news_via="email",
               actions=[{"text": "Update CV", "due": "2026-01-05", "done": True}, {"text": "  ", "due": "", "done": False},
                        {"text": "Call Sam", "due": "", "done": False}])
    items = plan.build_plan(e)
    assert items[0] == {"id": "action-0", "text": "Update CV", "reason": "", "due": "2026-01-05", "done": True, "source": "mine"}
    assert all(i["due"] == "" for i in items[1:])
    assert items[-1]["id"] == "action-2" and "action-1" not in {i["id"] for i in items}


def test_plan_is_sorted_by_due_date_and_ids_are_stable():
    e = _entry(interview_date="2026-03-04", news_via="none",
               actions=[{"text": "Mock interview", "due": "2026-03-06", "done": False}])
    items = plan.build_plan(e)
    dues = [i["due"] for i in items]
    assert dues == sorted(dues)
    assert [i["id"] for i in items] == [i["id"] for i in plan.build_plan(e)]
    assert items[0]["id"] == "thank_you" and items[1]["id"] == "action-0"


@ENGINE
@given(entries())
def test_any_valid_entry_gives_a_well_formed_plan(entry):
    entry = codec.validate_entry(entry)
    items = plan.build_plan(entry)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    for item in items:
        assert item["due"] == "" or dt.date.fromisoformat(item["due"])
        assert isinstance(item["done"], bool) and item["source"] in ("suggested", "mine")
        if item["source"] == "suggested" and item["id"] != "reapply" and item["due"]:
            assert dt.date.fromisoformat(item["due"]).weekday() < 5
