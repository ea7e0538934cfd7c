"""Drafts: only facts from the entry, visible placeholders, correct mailto encoding."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worksheet import drafts
from worksheet.errors import WorksheetError

from strategies import ENGINE, entries, text
from builders import make_entry as _entry

NOW = "2026-11-26T10:00:00Z"


FULL = dict(
    company="Acme Ltd", role="Product Designer", interview_date="2026-03-05",
    interviewers=[{"name": "Ana Silva", "title": "Head of Design"}, {"name": "Bo Chen", "title": "PM"}],
    news_via="email", thank_you__topic="the new onboarding flow",
)


def test_all_drafts_in_contract_order_with_all_parts():
    result = drafts.all_drafts(_entry(**FULL))
    assert [d["kind"] for d in result] == [
        "thank_you", "feedback_brief", "feedback_warm", "follow_up_1", "follow_up_2", "reply_to_rejection",
    ]
    for d in result:
        assert set(d) == {"kind", "title", "subject", "body", "missing", "mailto"}
        assert d["title"] and d["subject"] and d["body"]
        # with every fact present, only the sender's own name is left to fill in
        assert d["missing"] == ["your name"]
        assert d["body"].startswith("Dear Ana Silva and Bo Chen,\n\n")
        assert d["body"].endswith("\n[your name]")
        assert d["mailto"] == drafts.mailto("", d["subject"], d["body"])
        assert "  " not in d["body"]  # no doubled spaces from empty facts


def test_drafts_use_the_facts_and_nothing_else():
    by_kind = {d["kind"]: d for d in drafts.all_drafts(_entry(**FULL))}
    thanks = by_kind["thank_you"]["body"]
    assert "Product Designer role at Acme Ltd" in thanks and "the new onboarding flow" in thanks
    assert "sorry not to be going further" in thanks  # the news came: a rejection
    assert "5 March 2026" in by_kind["follow_up_1"]["body"]
    assert "Acme Ltd" in by_kind["reply_to_rejection"]["body"]
    assert "Product Designer" in by_kind["feedback_brief"]["subject"]
    # no bracket anywhere except the sender's name
    for d in by_kind.values():
        assert re.findall(r"\[[^\]]*\]", d["body"] + d["subject"]) == ["[your name]"]


def test_thank_you_before_any_news_looks_forward():
    body = drafts.draft(_entry(**dict(FULL, news_via="waiting")), "thank_you")["body"]
    assert "look forward to hearing" in body and "sorry" not in body


def test_missing_facts_leave_visible_placeholders_and_are_listed():
    d = drafts.draft(_entry(), "feedback_warm")
    assert d["body"].startswith("Dear [interviewer's name],")
    assert "[role] role at [company]" in d["body"] and "[a topic you discussed]" in d["body"]
    # listed in reading order: subject first, then body
    assert d["missing"] == ["role", "interviewer's name", "company", "a topic you discussed", "your name"]
    assert "[interview date]" in drafts.draft(_entry(), "follow_up_1")["body"]
    assert "interview date" in drafts.draft(_entry(), "follow_up_1")["missing"]


def test_interviewers_without_names_are_skipped_and_one_name_stands_alone():
    e = _entry(interviewers=[{"name": "", "title": "Recruiter"}, {"name": " Cy ", "title": ""}])
    assert drafts.draft(e, "thank_you")["body"].startswith("Dear Cy,\n")
    three = _entry(interviewers=[{"name": n, "title": ""} for n in ("A", "B", "C")])
    assert drafts.draft(three, "thank_you")["body"].startswith("Dear A, B and C,\n")


def test_a_third_follow_up_is_refused():
    e = _entry(**FULL)
    assert drafts.follow_up(e, 1)["kind"] == "follow_up_1"
    assert drafts.follow_up(e, 2)["kind"] == "follow_up_2"
    for n in (0, 3, 4):
        with pytest.raises(WorksheetError) as info:
            drafts.follow_up(e, n)
        assert info.value.code == "bad_request" and "Two follow-ups are enough" in info.value.message


def test_unknown_kind_is_refused():
    with pytest.raises(WorksheetError):
        drafts.draft(_entry(), "love_letter")


def test_long_date():
    assert drafts.long_date("2026-12-01") == "1 December 2026"


# --- mailto ------------------------------------------------------------------------------


def test_mailto_encodes_spaces_newlines_reserved_and_non_ascii():
    url = drafts.mailto("ana@example.com", "Q&A? #1 café", "Hi Ana,\nLine 2 & more?\r\nÅsa 😀 100%")
    assert url == (
        "mailto:ana@example.com?subject=Q%26A%3F%20%231%20caf%C3%A9"
        "&body=Hi%20Ana%2C%0D%0ALine%202%20%26%20more%3F%0D%0A%C3%85sa%20%F0%9F%98%80%20100%25"
    )
    assert "+" not in url.split("?", 1)[1]


def test_mailto_without_address_or_parts():
    assert drafts.mailto("", "", "") == "mailto:"
    assert drafts.mailto("", "Hi", "") == "mailto:?subject=Hi"
    assert drafts.mailto("a@b.c, d@e.f", "", "x") == "mailto:a@b.c,%20d@e.f?body=x"


@ENGINE
@given(text, text)
def test_mailto_round_trips_through_a_decoder(subject, body):
    url = drafts.mailto("x@example.com", subject, body)
    query = urlsplit(url).query
    assert " " not in url and "\n" not in url and "\r" not in url
    params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()} if query else {}
    # parse_qs would turn "+" into a space: the encoder never emits a bare "+"
    expect_body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    expect_subject = subject.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    assert params.get("subject", "") == expect_subject
    assert params.get("body", "") == expect_body
    for part in query.split("&"):
        if part:
            assert "&" not in unquote(part.split("=", 1)[0])


@ENGINE
@given(entries(), st.sampled_from(drafts.KINDS))
def test_any_entry_gives_a_draft_whose_placeholders_match_missing(entry, kind):
    d = drafts.draft(entry, kind)
    for what in d["missing"]:
        assert f"[{what}]" in d["subject"] + d["body"]
    assert d["mailto"].startswith("mailto:")
