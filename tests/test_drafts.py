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
from conftest import ROOT

NOW = "2026-11-26T10:00:00Z"

PEOPLE = [
    {"name": "Ana Silva", "title": "Head of Design", "email": "ana@acme.example"},
    {"name": "Bo Chen", "title": "PM", "email": ""},
]
FULL = dict(
    company="Acme Ltd", role="Product Designer", interview_date="2026-03-05",
    interviewers=PEOPLE, news_via="email", thank_you__topic="the new onboarding flow",
    news_from__name="Cy Recruiter", news_from__email="cy@agency.example",
)
REJECTED = {"reply_to_rejection", "thank_you", "feedback_brief", "feedback_warm"}
NO_REPLY = {"thank_you", "follow_up_1", "follow_up_2", "move_on"}
WAITING = {"thank_you"}


def _offer(your_name="Sam Lee", **changes):
    return drafts.offer(_entry(**dict(FULL, **changes)), your_name)


def _kinds(offer):
    return [d["kind"] for d in offer["drafts"]]


def _by_kind(offer):
    return {d["kind"]: d for d in offer["drafts"]}


def _words(text):
    return " ".join(text.split())


# --- which drafts, per status ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("news_via", "offered"),
    [("email", REJECTED), ("call", REJECTED), ("none", NO_REPLY), ("waiting", WAITING), ("", WAITING)],
)
def test_each_status_offers_exactly_its_drafts(news_via, offered):
    result = _offer(news_via=news_via)
    assert set(_kinds(result)) == offered
    not_offered = {k for item in result["not_offered"] for k in item["kinds"]}
    assert not_offered == set(drafts.KINDS) - offered  # every other draft is named, with a reason
    for item in result["not_offered"]:
        assert item["text"].startswith("No ") and item["text"].endswith(".")


def test_the_order_follows_what_to_send_first():
    assert _kinds(_offer()) == ["reply_to_rejection", "thank_you", "thank_you", "feedback_brief", "feedback_warm"]
    assert _kinds(_offer(news_via="none")) == ["thank_you", "thank_you", "follow_up_1", "follow_up_2", "move_on"]
    assert _kinds(_offer(news_via="waiting")) == ["thank_you", "thank_you"]


def test_a_rejection_never_offers_a_follow_up_about_the_timeline():
    result = _offer()
    for d in result["drafts"]:
        assert "timeline" not in d["body"] and "where things stand" not in d["body"]
    assert result["not_offered"] == [{
        "kinds": ["follow_up_1", "follow_up_2", "move_on"],
        "text": "No follow-ups: they have given you their answer, so there is nothing left to chase.",
    }]


def test_the_reasons_say_what_to_change_to_get_the_drafts():
    waiting = " ".join(item["text"] for item in _offer(news_via="waiting")["not_offered"])
    assert "“No reply at all”" in waiting and "“How the news came”" in waiting
    silent = _offer(news_via="none")["not_offered"]
    assert [item["kinds"] for item in silent] == [["reply_to_rejection", "feedback_brief", "feedback_warm"]]
    assert "nobody has told you" in silent[0]["text"]


def test_at_most_two_follow_ups_then_a_note_to_move_on():
    result = _offer(news_via="none")
    assert _kinds(result).count("follow_up_1") == 1 and _kinds(result).count("follow_up_2") == 1
    move_on = _by_kind(result)["move_on"]
    assert move_on["email"] is False and move_on["mailto"] == "" and move_on["subject"] == ""
    assert "treat the role as filled" in move_on["body"] and "Don't send a third message" in move_on["body"]
    assert all(d["email"] for d in result["drafts"] if d["kind"] != "move_on")


def test_a_third_follow_up_is_refused():
    e = _entry(**FULL)
    assert drafts.follow_up(e, 1)["kind"] == "follow_up_1"
    assert drafts.follow_up(e, 2, "Sam")["body"].endswith("\nSam")
    for n in (0, 3, 4):
        with pytest.raises(WorksheetError) as info:
            drafts.follow_up(e, n)
        assert info.value.code == "bad_request" and "Two follow-ups are enough" in info.value.message


# --- who each draft goes to --------------------------------------------------------------------


def test_one_thank_you_note_per_interviewer_each_greeting_one_person():
    notes = [d for d in _offer()["drafts"] if d["kind"] == "thank_you"]
    assert [d["body"].split("\n")[0] for d in notes] == ["Dear Ana Silva,", "Dear Bo Chen,"]
    assert [d["title"] for d in notes] == ["Thank-you note to Ana Silva", "Thank-you note to Bo Chen"]
    assert [d["to"] for d in notes] == ["ana@acme.example", ""]
    assert notes[0]["mailto"].startswith("mailto:ana@acme.example?subject=")
    assert notes[1]["mailto"].startswith("mailto:?subject=")
    assert notes[0]["to_note"] == ""
    assert "No email address for Bo Chen yet" in notes[1]["to_note"]
    assert len({d["id"] for d in _offer()["drafts"]}) == len(_offer()["drafts"])  # ids are unique


def test_the_reply_and_the_feedback_requests_go_to_whoever_told_you():
    by_kind = _by_kind(_offer())
    for kind in ("reply_to_rejection", "feedback_brief", "feedback_warm"):
        d = by_kind[kind]
        assert d["to"] == "cy@agency.example" and d["body"].startswith("Dear Cy Recruiter,\n\n")
        assert d["mailto"].startswith("mailto:cy@agency.example?subject=")
        assert urlsplit(d["mailto"]).path == "cy@agency.example"


def test_follow_ups_go_to_the_contact_named_under_who_told_you():
    by_kind = _by_kind(_offer(news_via="none"))
    assert by_kind["follow_up_1"]["to"] == by_kind["follow_up_2"]["to"] == "cy@agency.example"
    nobody = _by_kind(_offer(news_via="none", news_from__name="", news_from__email=""))["follow_up_1"]
    assert nobody["body"].startswith("Dear [Name],") and nobody["missing"] == ["Name"]
    assert nobody["to"] == "" and "“Who told you (email)”" in nobody["to_note"]


def test_no_second_email_to_an_interviewer_who_also_told_you():
    result = _offer(news_from__name=" ana silva ", news_from__email="ana@acme.example")
    notes = [d for d in result["drafts"] if d["kind"] == "thank_you"]
    assert [d["title"] for d in notes] == ["Thank-you note to Bo Chen"]
    assert {"kinds": ["thank_you"], "text": "No separate thank-you note to Ana Silva: they told you the news, "
            "and the reply to the rejection thanks them."} in result["not_offered"]
    # while waiting, nobody has sent news: both interviewers get their note
    waiting = _offer(news_via="waiting", news_from__name="Ana Silva", news_from__email="")
    assert len(waiting["drafts"]) == 2


def test_each_note_uses_what_you_talked_about_with_that_person():
    people = [dict(PEOPLE[0], topic="the design system"), PEOPLE[1]]
    notes = [d for d in _offer(interviewers=people)["drafts"] if d["kind"] == "thank_you"]
    assert "conversation about the design system." in notes[0]["body"]
    assert "conversation about the new onboarding flow." in notes[1]["body"]  # the entry's topic
    # people compare notes: a note that would read like another one says how to change it
    assert notes[0]["tip"] == ""
    assert notes[1]["tip"] == ("People compare notes. Add what you talked about with Bo Chen under "
                               "Interviewers in step 1, so this note differs from the others.")
    nameless = _offer(interviewers=[{"name": "", "title": "", "email": "x@acme.example"}, PEOPLE[0]])
    assert "with this interviewer under" in nameless["drafts"][1]["tip"]
    alone = _offer(interviewers=[PEOPLE[0]])["drafts"][1]
    assert alone["kind"] == "thank_you" and alone["tip"] == ""
    assert all(d["tip"] == "" for d in _offer()["drafts"] if d["kind"] != "thank_you")


def test_an_address_that_is_not_an_email_is_left_out_and_said_so():
    result = _offer(news_from__name="Cy", news_from__email="cy at agency")
    reply = _by_kind(result)["reply_to_rejection"]
    assert reply["to"] == "" and reply["mailto"].startswith("mailto:?")
    assert reply["to_note"] == ("“cy at agency” doesn't look like an email address, so the email opens "
                                "without a recipient. Check “Who told you (email)” in step 1.")
    person = _offer(interviewers=[{"name": "Bo", "title": "", "email": "bo@"}])["drafts"][1]
    assert person["to"] == "" and "Check the interviewer's email in step 1." in person["to_note"]


def test_without_named_interviewers_there_is_one_note_with_a_blank():
    result = _offer(interviewers=[{"name": "", "title": "Recruiter", "email": ""}])
    notes = [d for d in result["drafts"] if d["kind"] == "thank_you"]
    assert len(notes) == 1 and notes[0]["title"] == "Thank-you note"
    assert notes[0]["body"].startswith("Dear [Name],") and "Name" in notes[0]["missing"]
    assert len([d for d in _offer(interviewers=[])["drafts"] if d["kind"] == "thank_you"]) == 1
    # an interviewer known only by email still gets a note, with the name left blank
    only_email = _offer(interviewers=[{"name": "", "title": "", "email": "x@acme.example"}])
    note = next(d for d in only_email["drafts"] if d["kind"] == "thank_you")
    assert note["to"] == "x@acme.example" and note["body"].startswith("Dear [Name],")


# --- what the drafts say ------------------------------------------------------------------------


def test_drafts_use_the_facts_and_sign_with_your_name():
    result = _offer()
    for d in result["drafts"]:
        assert d["missing"] == [] and "[" not in d["subject"] + d["body"]
        assert d["body"].endswith("\nSam Lee")
        assert "  " not in d["body"]  # no doubled spaces from left-out facts
        assert d["mailto"] == drafts.mailto(d["to"], d["subject"], d["body"])
    by_kind = _by_kind(result)
    assert "Product Designer role at Acme Ltd" in by_kind["thank_you"]["body"]
    assert "the new onboarding flow" in by_kind["thank_you"]["body"]
    assert "5 March 2026" in _by_kind(_offer(news_via="none"))["follow_up_1"]["body"]


def test_without_your_name_the_signature_is_a_listed_blank():
    for d in _offer(your_name="  ")["drafts"]:
        assert d["body"].endswith("\n[Your name]") and d["missing"] == ["Your name"]


def test_missing_facts_leave_visible_blanks_listed_in_reading_order():
    d = drafts.draft(_entry(), "feedback_warm")
    assert d["body"].startswith("Dear [Name],")
    assert "[Role] role at [Company]" in d["body"]
    assert d["missing"] == ["Role", "Name", "Company", "Your name"]
    follow = drafts.draft(_entry(), "follow_up_1")
    assert "[Date]" in follow["subject"] and follow["missing"][:2] == ["Role", "Date"]


def test_no_sentence_states_a_fact_the_entry_does_not_hold():
    for news_via in ("email", "call", "none", "waiting"):
        for d in _offer(news_via=news_via, thank_you__topic="  ")["drafts"]:
            text = d["body"]
            assert "conversation about" not in text  # no topic given: the sentence is left out
            assert "learned a lot" not in text and "how your team works" not in text
            assert "Of course" not in text and "disappointed" not in text


def test_words_the_guidance_rules_out():
    everything = [d for status in ("email", "call", "none", "waiting") for d in _offer(news_via=status)["drafts"]]
    for d in everything:
        text = (d["subject"] + " " + d["body"]).lower()
        assert "one last time" not in text and "once more" not in text
        assert not d["subject"].lower().startswith("re:")
        assert " call" not in text.replace("calling to tell me", "")  # ask in writing, offer no call
        assert "accept" not in text
    feedback = _by_kind(_offer())
    for kind in ("feedback_brief", "feedback_warm"):
        assert "I understand the decision" in feedback[kind]["body"]
        assert "stronger candidate" in feedback[kind]["body"] and "by email" in feedback[kind]["body"]


def test_the_reply_says_how_the_news_came():
    assert "Thank you for letting me know your decision" in _by_kind(_offer())["reply_to_rejection"]["body"]
    assert "Thank you for calling to tell me your decision" in _by_kind(_offer(news_via="call"))["reply_to_rejection"]["body"]


def test_thank_you_before_any_news_looks_forward():
    body = _by_kind(_offer(news_via="waiting"))["thank_you"]["body"]
    assert "look forward to hearing" in body and "sorry" not in body
    assert "sorry not to be chosen" in _by_kind(_offer())["thank_you"]["body"]


def test_draft_builds_any_kind_for_any_entry_and_refuses_unknown_ones():
    e = _entry(**dict(FULL, news_via="waiting"))
    assert drafts.draft(e, "reply_to_rejection")["kind"] == "reply_to_rejection"
    assert drafts.draft(e, "thank_you", person=1)["body"].startswith("Dear Bo Chen,")
    assert drafts.all_drafts(e) == drafts.offer(e)["drafts"]
    with pytest.raises(WorksheetError):
        drafts.draft(_entry(), "love_letter")


def test_long_date():
    assert drafts.long_date("2026-12-01") == "1 December 2026"


# --- the Templates page says exactly what the drafts say -----------------------------------------

TEMPLATES = ROOT / "docs" / "templates.md"
#: The page's copyable blocks, in page order, and the draft each one is (None: a template the
#: worksheet does not draft, the thanks for feedback).
TEMPLATE_BLOCKS = ["thank_you", "feedback_brief", "feedback_warm", None, "follow_up_1", "follow_up_2",
                   "reply_to_rejection"]
BLANKS = _entry(
    company="[Company]", role="[Role]", thank_you__topic="[Topic we discussed]", news_via="email",
    interviewers=[{"name": "[Name]", "title": "", "email": ""}], news_from__name="[Name]",
)


def _template_blocks(markdown: str) -> list[str]:
    blocks, lines = [], markdown.split("\n")
    for i, line in enumerate(lines):
        if line.strip() == "``` { .text .nr-template }":
            indent = line[: len(line) - len(line.lstrip())]
            end = next(j for j in range(i + 1, len(lines)) if lines[j] == indent + "```")
            blocks.append("\n".join(row.removeprefix(indent) for row in lines[i + 1:end]))
    return blocks


def test_every_template_on_the_site_is_the_draft_with_its_blanks():
    markdown = TEMPLATES.read_text(encoding="utf-8")
    blocks = _template_blocks(markdown)
    assert len(blocks) == len(TEMPLATE_BLOCKS)
    for block, kind in zip(blocks, TEMPLATE_BLOCKS):
        if kind is None:
            assert "accept" not in block and " call" not in block and "Re:" not in block
            continue
        d = drafts.draft(BLANKS, kind)  # news by email: a rejection
        assert block == f"Subject: {d['subject']}\n\n{d['body']}", kind


def test_the_templates_page_has_the_move_on_note_and_the_phone_opening():
    markdown = TEMPLATES.read_text(encoding="utf-8")
    section = markdown.split("### No third follow-up\n\n", 1)[1].split("\n\n", 1)[0]
    assert section == drafts.MOVE_ON
    by_phone = drafts.draft(_entry(**dict(FULL, news_via="call")), "reply_to_rejection")["body"]
    opening = re.search(r'start with "([^"]+)" instead', markdown).group(1)
    assert by_phone.split("\n\n")[1].startswith(opening + " about")


def test_every_blank_a_draft_can_leave_is_explained_on_the_templates_page():
    table = TEMPLATES.read_text(encoding="utf-8").split("## Fill the blanks", 1)[1]
    explained = set(re.findall(r"^\| \[([^\]]+)\] \|", table, re.MULTILINE))
    left = {what for kind in drafts.KINDS for d in [drafts.draft(_entry(), kind)] for what in d["missing"]}
    assert left == {"Name", "Role", "Company", "Date", "Your name"}
    assert left <= explained


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
@given(entries(), text)
def test_any_entry_gives_drafts_whose_blanks_match_missing(entry, your_name):
    result = drafts.offer(entry, your_name)
    kinds = {d["kind"] for d in result["drafts"]} | {k for item in result["not_offered"] for k in item["kinds"]}
    assert kinds == set(drafts.KINDS)
    for d in result["drafts"]:
        for what in d["missing"]:
            assert f"[{what}]" in d["subject"] + d["body"]
        assert d["mailto"].startswith("mailto:") or not d["email"]
        assert d["to"] == "" or "@" in d["to"]


@pytest.mark.parametrize("address, says", [
    ("boss@x.com?bcc=spy", "no “?” or “#”"),
    ("a@b.c#frag", "no “?” or “#”"),
    ("mailto:boss@x.com", "Leave out “mailto:”"),
    ("MAILTO:boss@x.com", "Leave out “mailto:”"),
    ("boss@x.com\u202e", "invisible character"),
    ("\u200fboss@x.com", "invisible character"),
    ("boss@x.com\u0007", "invisible character"),
    ("a@x.com, b@y.com", "One address only"),
    ("a@x.com;b@y.com", "One address only"),
])
def test_an_address_outside_the_grammar_is_left_out_with_its_reason(address, says):
    reply = _by_kind(_offer(news_from__name="Cy", news_from__email=address))["reply_to_rejection"]
    assert reply["to"] == "" and reply["mailto"].startswith("mailto:?")
    assert says in reply["to_note"] and "Check “Who told you (email)” in step 1." in reply["to_note"]
    assert drafts.address_problem(address).startswith(says) or says in drafts.address_problem(address)
    for good in ("cy@agency.example", "o'brien+jobs@mail.example.co.uk", " cy@agency.example "):
        assert drafts.address_problem(good) == ""


def test_the_address_rules_read_the_same_in_python_and_in_javascript():
    # The page checks the fields with the same rules (field schema -> address.js).
    for pattern, _message in drafts.ADDRESS_RULES:
        assert "(?" not in pattern and "\\A" not in pattern and "\\Z" not in pattern


MAILTO_LIMIT = 1800


def test_a_mailto_too_long_for_mail_apps_is_not_offered_and_copy_is():
    long_topic = "the migration plan, " * 120
    note = _offer(interviewers=[{"name": "Ana", "title": "", "email": "ana@acme.example", "topic": long_topic}])["drafts"][1]
    assert note["kind"] == "thank_you" and note["to"] == "ana@acme.example"
    assert note["mailto"] == ""
    assert "too long" in note["mailto_note"] and "Copy" in note["mailto_note"]
    # A non-Latin draft doubles (or triples) when encoded: the limit is on the encoded link.
    cjk = "移行計画について" * 40
    note = _offer(interviewers=[{"name": "Ana", "title": "", "email": "ana@acme.example", "topic": cjk}])["drafts"][1]
    assert len(cjk) < MAILTO_LIMIT and note["mailto"] == "" and note["mailto_note"]
    short = _offer()["drafts"][1]
    assert short["mailto"].startswith("mailto:ana@acme.example?") and len(short["mailto"]) <= MAILTO_LIMIT
    assert short["mailto_note"] == ""
