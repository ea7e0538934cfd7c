"""Insights across entries, and the accessible ratings chart."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given

from worksheet import chart, codec, insights, model

from strategies import ENGINE, documents
from builders import make_entry as _entry, make_doc as _doc

NOW = "2026-11-26T10:00:00Z"
SVG = "{http://www.w3.org/2000/svg}"


def _q(*questions):
    return [{"question": q, "how_it_went": ""} for q in questions]


@pytest.mark.parametrize(
    ("question", "themes"),
    [
        ("So, tell me about yourself", ["about_you"]),
        ("What is your greatest WEAKNESS?", ["weakness"]),
        ("Describe a conflict with a difficult colleague", ["conflict"]),
        ("What are your salary expectations?", ["salary"]),
        ("Why this company?", ["why_company"]),
        ("Why do you want to work here, and where do you see yourself in five years?", ["why_company", "future"]),
        ("Tell me about a time you failed under pressure", ["failure", "pressure"]),
        ("Do you use PayPal?", []),
        ("Have you misled anyone?", []),
        ("", []),
    ],
)
def test_themes_in(question, themes):
    assert insights.themes_in(question) == themes


def test_empty_document():
    result = insights.insights(model.empty_document())
    assert result["entries"] == 0 and result["weak_areas"] == [] and result["themes"] == []
    assert result["stages"] == {"screen": 0, "first": 0, "later": 0, "final": 0}
    assert result["lines"] == [result["pattern"]] and "first interview" in result["pattern"]
    assert result["reapply"] == []


def test_findings_across_several_interviews():
    doc = _doc(
        _entry("a", company="Acme", role="Designer", stage="final", news_via="email", decision_date="2026-03-10",
               reflection__ratings__answers=2, reflection__ratings__nerves=1,
               reflection__questions=_q("Tell me about yourself", "Biggest weakness?")),
        _entry("b", company="Bolt", stage="final", news_via="call", interview_date="2026-02-01",
               reflection__ratings__answers=1, reflection__ratings__nerves=4,
               reflection__questions=_q("Walk me through your CV", "Tell me about yourself again")),
        _entry("c", company="Cog", stage="first", news_via="none", reapply_after="2026-05-01",
               reflection__ratings__answers=3, reflection__questions=_q("What are your weaknesses?")),
        _entry("d", company="Dot", stage="later", news_via="waiting"),
    )
    result = insights.insights(doc)
    assert result["entries"] == 4
    assert result["stages"] == {"screen": 0, "first": 1, "later": 1, "final": 2}
    assert result["weak_areas"] == [{"area": "answers", "label": "My answers", "count": 2}]
    assert [t["theme"] for t in result["themes"]] == ["about_you", "weakness"]
    assert result["themes"][0]["count"] == 2  # counted once per interview, not per question
    assert result["reapply"] == [
        {"company": "Cog", "role": "", "date": "2026-05-01"},
        {"company": "Bolt", "role": "", "date": "2026-08-01"},
        {"company": "Acme", "role": "Designer", "date": "2026-09-10"},
    ]
    lines = result["lines"]
    # leads with what the person controls
    assert lines[0].startswith("You rated “My answers” 2 or lower in 2 interviews")
    assert "Tell me about yourself" in lines[1]
    assert "You rated “Handling nerves” 4 or higher" not in " ".join(lines)  # only once: not a pattern
    assert result["pattern"] in lines
    assert "interview technique" in result["pattern"] and "final round" in result["pattern"]
    assert "cannot show how many applications" in result["pattern"]
    assert any("later or final round 3 times" in line for line in lines)
    assert any("next door that may reopen: Cog, from 2026-05-01" in line for line in lines)
    later_on = insights.insights(doc, dt.date(2026, 8, 1))["lines"]
    assert "You could already apply again to: Cog, Bolt. Check each company's own rules first." in later_on
    assert any("next door that may reopen: Acme, from 2026-09-10" in line for line in later_on)
    # never a bare list of who said no
    assert not any("Rejected" in line for line in lines)


def test_few_interviews_are_not_a_pattern_and_early_stops_point_at_the_pitch():
    doc = _doc(_entry("a", news_via="email", stage="screen"))
    assert "few more interviews" in insights.insights(doc)["pattern"]
    doc = _doc(*[_entry(str(i), news_via="email", stage="screen") for i in range(3)])
    assert "screening call" in insights.insights(doc)["pattern"] and "pitch" in insights.insights(doc)["pattern"]
    doc = _doc(*[_entry(str(i), news_via="none") for i in range(3)])
    assert "3 interviews without an offer" in insights.insights(doc)["pattern"]


# --- chart -------------------------------------------------------------------------------


def _parse(svg):
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    assert root.find(SVG + "title") is not None and root.find(SVG + "desc") is not None
    for el in root.iter():
        assert el.tag.removeprefix(SVG) not in ("script", "foreignObject", "image", "a", "use", "style")
        for name, value in el.attrib.items():
            assert not name.startswith("on") and "href" not in name
            assert "url(" not in value and "javascript:" not in value
    return root


def test_chart_without_ratings_is_no_chart():
    assert insights.ratings_chart_svg(model.empty_document()) == ""  # the page shows chart_note instead


def test_chart_plots_ratings_by_date_and_escapes_text():
    doc = _doc(
        _entry("b", company="<b>&Co</b>", interview_date="2026-03-01", reflection__ratings__answers=4,
               reflection__ratings__nerves=2),
        _entry("a", company="Acme", interview_date="2026-01-15", reflection__ratings__answers=2),
        _entry("c", company="No date", reflection__ratings__answers=5),
    )
    svg = insights.ratings_chart_svg(doc)
    assert "<b>" not in svg and "&lt;b&gt;&amp;Co&lt;/b&gt;" in svg
    root = _parse(svg)
    desc = root.find(SVG + "desc").text
    assert desc.index("2026-01-15") < desc.index("2026-03-01") and "No date" not in desc
    assert "My answers 2" in desc and "Handling nerves 2" in desc
    circles = [c for c in root.iter(SVG + "circle") if c.get("r") == "4"]
    assert len(circles) == 3
    assert len(list(root.iter(SVG + "polyline"))) == 1  # answers: two points joined


def test_single_point_chart():
    doc = _doc(_entry("a", interview_date="2026-01-15", reflection__ratings__rapport=5))
    root = _parse(insights.ratings_chart_svg(doc))
    assert len([c for c in root.iter(SVG + "circle") if c.get("r") == "4"]) == 1


@ENGINE
@given(documents())
def test_any_document_gives_insights_and_a_safe_chart(doc):
    doc = codec.validate(doc)
    result = insights.insights(doc)
    assert result["entries"] == len(doc["entries"]) and result["lines"]
    assert sum(result["stages"].values()) <= len(doc["entries"])
    assert sum(o["interviews"] for o in result["outcomes"].values()) == sum(result["stages"].values())
    for o in result["outcomes"].values():
        assert o["interviews"] == o["next_step"] + o["offer"] + o["rejected"] + o["silence"] + o["waiting"]
    assert result["normal"]
    svg = insights.ratings_chart_svg(doc)
    assert bool(svg) != bool(result["chart_note"])
    if svg:
        _parse(svg)


def test_chart_replaces_characters_xml_cannot_hold():
    doc = _doc(_entry("a", role="A\x1bB\x00", interview_date="2026-01-15", reflection__ratings__answers=3))
    root = _parse(insights.ratings_chart_svg(doc))
    assert "A\ufffdB\ufffd" in root.find(SVG + "desc").text


def test_date_labels_are_thinned_but_keep_first_and_last():
    assert chart._label_indices(4, 6) == {0, 1, 2, 3}
    many = chart._label_indices(100, 6)
    assert len(many) == 6 and 0 in many and 99 in many
    entries = [_entry(str(i), interview_date=f"2026-01-{i + 1:02d}", reflection__ratings__answers=3) for i in range(20)]
    root = _parse(insights.ratings_chart_svg(_doc(*entries)))
    dates = [t.text for t in root.iter(SVG + "text") if t.text and t.text.startswith("2026-")]
    assert len(dates) == insights.MAX_DATE_LABELS == 4 and dates[0] == "2026-01-01" and dates[-1] == "2026-01-20"
    assert "2026-01-07" in root.find(SVG + "desc").text  # every point stays in the description


def test_strengths_rated_high_more_than_once_are_named():
    doc = _doc(*[_entry(str(i), reflection__ratings__rapport=4 + i % 2, reflection__ratings__preparation=5,
                        reflection__ratings__nerves=4 if i == 0 else 1) for i in range(3)])
    lines = insights.insights(doc)["lines"]
    assert "You rated “Preparation” and “Rapport with the interviewers” 4 or higher more than once: strengths to keep using." in lines
    assert lines[0].startswith("You rated “Handling nerves” 2 or lower in 2 interviews")


# --- "is this normal?": outcomes per stage, answer times, recurring questions ---------


def _history():
    return _doc(
        # Acme, Designer: a first round that led on to a final round that ended in a no
        _entry("a1", company="Acme", role="Designer", stage="first", interview_date="2026-01-05",
               news_via="", reflection__questions=_q("Tell me about yourself.")),
        _entry("a2", company=" acme ", role="designer", stage="final", interview_date="2026-01-20",
               news_via="email", decision_date="2026-01-30",
               reflection__questions=_q("Why this company?", "tell me  about yourself")),
        _entry("b1", company="Bolt", role="Analyst", stage="first", interview_date="2026-02-01",
               news_via="call", decision_date="2026-02-05", reflection__questions=_q("Why this company")),
        _entry("b2", company="Bolt", role="Lead", stage="first", interview_date="2026-03-01",
               news_via="email", decision_date="2026-03-15"),
        _entry("c1", company="Cog", stage="screen", interview_date="2026-02-10", news_via="none",
               reflection__questions=_q("TELL ME ABOUT YOURSELF")),
        _entry("d1", company="Dot", stage="later", interview_date="2026-04-01", decision_date="2026-04-04",
               news_via="call", record__offer=True),
        _entry("e1", company="Eel", stage="first", interview_date="2026-04-02", news_via="waiting"),
        # answered before the interview date: a typo, not a negative wait; left out of the times
        _entry("f1", company="Fig", interview_date="2026-05-10", decision_date="2026-05-01", news_via="email"),
    )


def test_outcomes_per_stage():
    result = insights.insights(_history())
    assert result["outcomes"] == {
        "screen": {"interviews": 1, "next_step": 0, "offer": 0, "rejected": 0, "silence": 1, "waiting": 0},
        "first": {"interviews": 4, "next_step": 1, "offer": 0, "rejected": 2, "silence": 0, "waiting": 1},
        "later": {"interviews": 1, "next_step": 0, "offer": 1, "rejected": 0, "silence": 0, "waiting": 0},
        "final": {"interviews": 1, "next_step": 0, "offer": 0, "rejected": 1, "silence": 0, "waiting": 0},
    }
    normal = result["normal"]
    assert "First round: 4 interviews. 1 led to a next step, 2 ended in a no, 1 still waiting." in normal
    assert "Screening call: 1 interview. 1 ended in silence." in normal
    assert "Later round: 1 interview. 1 led to an offer." in normal


def test_how_long_employers_took_to_answer():
    result = insights.insights(_history())
    days = result["answer_days"]
    # a2 10, b1 4, b2 14, d1 3 (offer); f1 is left out; silence and waiting have no answer
    assert days["median"] == 7 and days["answers"] == 4
    assert days["by_company"] == [{"company": "Bolt", "median": 9, "answers": 2}]
    normal = result["normal"]
    assert "When employers answered, it took a median of 7 days after the interview (4 answers)." in normal
    assert "Bolt took a median of 9 days (2 answers)." in normal
    assert "1 of your 6 finished processes ended in silence." in normal


def test_questions_that_recur_across_companies():
    result = insights.insights(_history())
    assert result["recurring_questions"] == [
        {"question": "Tell me about yourself.", "companies": ["Acme", "Cog"], "count": 2},
        {"question": "Why this company?", "companies": ["Acme", "Bolt"], "count": 2},
    ]
    assert "“Tell me about yourself.” came up at 2 companies: Acme, Cog." in result["normal"]
    about = next(t for t in result["themes"] if t["theme"] == "about_you")
    assert about["companies"] == 2 and about["count"] == 3  # three interviews, two companies


def test_is_this_normal_needs_history_first():
    result = insights.insights(model.empty_document())
    assert result["answer_days"] == {"median": None, "answers": 0, "by_company": []}
    assert result["recurring_questions"] == []
    assert result["normal"] == [insights.NORMAL_EMPTY]
    one = insights.insights(_doc(_entry("x", company="Acme", interview_date="2026-01-01", decision_date="2026-01-03",
                                        news_via="email")))
    assert "it took 2 days after the interview (1 answer)." in " ".join(one["normal"])
    assert all("median" not in line for line in one["normal"])
    half = insights.insights(_doc(*[_entry(str(i), company="Acme", interview_date="2026-01-01",
                                           decision_date=f"2026-01-0{2 + i}", news_via="email") for i in range(2)]))
    assert half["answer_days"]["median"] == 1.5 and "1.5 days" in " ".join(half["normal"])


def test_chart_note_only_when_there_is_nothing_to_draw():
    empty = insights.insights(model.empty_document())
    assert empty["chart_note"] == insights.CHART_EMPTY and "rate" in empty["chart_note"]
    assert insights.ratings_chart_svg(model.empty_document()) == ""
    drawn = _doc(_entry("a", interview_date="2026-01-15", reflection__ratings__rapport=5))
    assert insights.insights(drawn)["chart_note"] == ""
    undated = _doc(_entry("a", reflection__ratings__rapport=5))
    assert insights.insights(undated)["chart_note"] == insights.CHART_EMPTY


def test_chart_fits_a_phone():
    entries = [_entry(str(i), interview_date=f"2026-01-{i + 1:02d}", reflection__ratings__answers=3) for i in range(20)]
    root = _parse(insights.ratings_chart_svg(_doc(*entries)))
    width = float(root.get("viewBox").split()[2])
    font = float(root.get("font-size"))
    # drawn about 340 px wide on a 390 px phone: text stays at 11 px or more
    assert font * 340 / width >= 11
    labels = [t for t in root.iter(SVG + "text") if t.text and t.text.startswith("2026-")]
    assert len(labels) * 10 * 0.6 * font <= width * 0.9  # ten-character dates do not run into each other


def test_next_step_without_dates_follows_the_stage_and_an_offer_stays_an_offer():
    doc = _doc(
        _entry("a", company="Acme", role="Chef", stage="first", news_via="email"),
        _entry("b", company="ACME", role="chef", stage="final", news_via="email"),
        _entry("c", company="Acme", role="Chef", stage="screen", interview_date="2026-01-01", record__offer=True),
        _entry("d", company="Acme", role="Chef", interview_date="2026-02-01", news_via="none"),
        _entry("e", role="Chef", stage="first", news_via="none"),  # no company: never a next step
    )
    out = insights.insights(doc)["outcomes"]
    assert out["first"]["next_step"] == 1 and out["first"]["silence"] == 1
    assert out["final"]["rejected"] == 1 and out["screen"]["offer"] == 1
