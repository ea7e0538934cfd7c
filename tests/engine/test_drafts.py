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


def _notes(offer):
    return [d for d in offer["drafts"] if d["kind"] == "thank_you"]


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
    # the three replies to whoever told you are versions of one message, so they sit together
    assert _kinds(_offer()) == ["reply_to_rejection", "feedback_brief", "feedback_warm", "thank_you", "thank_you"]
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
            "and your reply thanks them."} in result["not_offered"]
    # the same person known by email alone
    by_email = _offer(news_from__name="Ana", news_from__email="ANA@acme.example")
    assert [d["title"] for d in by_email["drafts"] if d["kind"] == "thank_you"] == ["Thank-you note to Bo Chen"]
    # no reply: your contact gets the two follow-ups, so no third message as a separate note
    silent = _offer(news_via="none", news_from__name="Ana Silva")
    assert [d["title"] for d in silent["drafts"] if d["kind"] == "thank_you"] == ["Thank-you note to Bo Chen"]
    assert any("the follow-ups thank them" in item["text"] for item in silent["not_offered"])
    # while waiting, nobody has sent news: both interviewers get their note
    waiting = _offer(news_via="waiting", news_from__name="Ana Silva", news_from__email="")
    assert len(waiting["drafts"]) == 2


def test_each_note_uses_what_you_talked_about_with_that_person():
    people = [dict(PEOPLE[0], topic="the design system"), PEOPLE[1]]
    notes = [d for d in _offer(interviewers=people)["drafts"] if d["kind"] == "thank_you"]
    assert "conversation about the design system." in notes[0]["body"]
    # Bo was not in step 3's conversation as far as the entry says: no topic in Bo's note
    assert "conversation about" not in notes[1]["body"]
    # people compare notes: a note that would read like another one says how to change it
    assert notes[0]["tip"] == ""
    assert notes[1]["tip"] == ("Send a note only to interviewers you connected with. If that includes "
                               "Bo Chen, add what you talked about under Interviewers in step 1: people "
                               "compare notes, and this one should differ from the others.")
    nameless = _offer(interviewers=[{"name": "", "title": "", "email": "x@acme.example"}, PEOPLE[0]])
    assert "If that includes this interviewer," in _notes(nameless)[0]["tip"]
    alone = _notes(_offer(interviewers=[PEOPLE[0]]))[0]
    assert alone["tip"] == "" and "conversation about the new onboarding flow." in alone["body"]
    # a panel: everyone was in the one conversation, so step 3's topic fits every note
    panel = _notes(_offer(format="panel"))
    assert all("conversation about the new onboarding flow." in d["body"] for d in panel)


def test_an_address_that_is_not_an_email_is_left_out_and_said_so():
    result = _offer(news_from__name="Cy", news_from__email="cy at agency")
    reply = _by_kind(result)["reply_to_rejection"]
    assert reply["to"] == "" and reply["mailto"].startswith("mailto:?")
    assert reply["to_note"] == ("“cy at agency” doesn't look like an email address, so the email opens "
                                "without a recipient. Check “Who told you (email)” in step 1.")
    person = _notes(_offer(interviewers=[{"name": "Bo", "title": "", "email": "bo@"}]))[0]
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
    assert "the new onboarding flow" in _notes(_offer(interviewers=[PEOPLE[0]]))[0]["body"]
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


# --- greetings, topics, teams, agencies, final rounds, offers (drafts a person can send as is) ---


def test_the_greeting_is_how_you_said_to_greet_them():
    people = [dict(PEOPLE[0], greeting="Ms Silva"), dict(PEOPLE[1], greeting="Hi Bo,")]
    result = _offer(interviewers=people, news_from__greeting="Cy")
    assert [d["body"].split("\n")[0] for d in _notes(result)] == ["Dear Ms Silva,", "Hi Bo,"]
    for kind in ("reply_to_rejection", "feedback_brief", "feedback_warm"):
        assert _by_kind(result)[kind]["body"].startswith("Dear Cy,\n\n")
    assert _by_kind(_offer(news_via="none", news_from__greeting="Mr Recruiter"))["follow_up_1"]["body"].startswith(
        "Dear Mr Recruiter,")
    # a name that only starts like "Hi" is a name
    assert _notes(_offer(interviewers=[dict(PEOPLE[0], greeting="Hildegard")]))[0]["body"].startswith("Dear Hildegard,")
    # empty: the name as typed
    assert _notes(_offer())[0]["body"].startswith("Dear Ana Silva,")
    assert _notes(_offer())[0]["title"] == "Thank-you note to Ana Silva"  # titles keep the whole name


def test_what_you_talked_about_goes_only_into_notes_to_who_was_there():
    people = [dict(PEOPLE[0], topic="the design system"), PEOPLE[1]]
    for news_via in ("email", "call", "none", "waiting"):
        result = _offer(news_via=news_via, interviewers=people, thank_you__topic="the onboarding flow")
        for d in result["drafts"]:
            if d["body"].startswith("Dear Ana Silva,"):
                assert "the design system" in d["body"] and "onboarding" not in d["body"]
            else:  # the reply, the feedback requests, the follow-ups, Bo's note
                assert "design system" not in d["body"] and "onboarding" not in d["body"], d["title"]


@ENGINE
@given(entries(), text)
def test_no_draft_to_whoever_told_you_names_a_topic_or_assumes_a_team(entry, your_name):
    for d in drafts.offer(entry, your_name)["drafts"]:
        assert "the team" not in d["body"]  # no entry names a team
        if d["kind"] != "thank_you":
            assert "conversation" not in d["body"] and "talked about" not in d["body"]


def test_sentences_that_put_words_in_your_mouth_are_gone():
    everything = [d for status in ("email", "call", "none", "waiting")
                  for agency in (False, True) for stage in ("", "final")
                  for d in _offer(news_via=status, news_from__agency=agency, stage=stage)["drafts"]]
    for d in everything:
        assert "change it" not in d["body"] and "you and the team" not in d["body"]


def test_an_agency_recruiter_is_thanked_and_asked_to_pass_thanks_on():
    result = _offer(news_from__agency=True)
    for kind in ("reply_to_rejection", "feedback_brief", "feedback_warm"):
        body = _by_kind(result)[kind]["body"]
        assert "for putting me forward" in body, kind
        assert "pass my thanks on to Ana Silva and Bo Chen" in body, kind
    assert "If Acme Ltd shared any feedback" in _by_kind(result)["feedback_brief"]["body"]
    reply = _by_kind(result)["reply_to_rejection"]["body"]
    assert "I would be glad to hear from you." in reply
    # greetings name the people you met the way you greet them; none named: the people you met
    greeted = _offer(news_from__agency=True, interviewers=[dict(PEOPLE[0], greeting="Ms Silva")])
    assert "pass my thanks on to Ms Silva for their time?" in _by_kind(greeted)["reply_to_rejection"]["body"]
    nobody = _offer(news_from__agency=True, interviewers=[])
    assert "pass my thanks on to the people I met at Acme Ltd" in _by_kind(nobody)["reply_to_rejection"]["body"]
    # the employer's own recruiter gets the plain reply
    assert "putting me forward" not in _by_kind(_offer())["reply_to_rejection"]["body"]


def test_after_a_final_round_they_are_asked_to_keep_you_in_mind_if_the_role_reopens():
    final = _offer(stage="final")
    line = "If this role opens again, or another that fits my experience comes up, I would be glad to be considered."
    assert line in _by_kind(final)["reply_to_rejection"]["body"]
    assert all(line in d["body"] for d in _notes(final))
    assert "this role opens again" not in " ".join(d["body"] for d in _offer(stage="later")["drafts"])
    assert "If this role opens again" in _by_kind(_offer(stage="final", news_from__agency=True))["reply_to_rejection"]["body"]


@pytest.mark.parametrize("news_via", ["email", "call", "none", "waiting", ""])
def test_an_offer_gets_no_rejection_drafts(news_via):
    result = _offer(news_via=news_via, record__offer=True)
    assert result["drafts"] == []
    [reason] = result["not_offered"]
    assert set(reason["kinds"]) == set(drafts.KINDS) and "ended in an offer" in reason["text"]


def test_whoever_told_you_gets_one_reply_in_three_versions():
    result = _offer()
    replies = [d for d in result["drafts"] if d["kind"] in drafts.REPLIES]
    assert [d["kind"] for d in replies] == ["reply_to_rejection", "feedback_brief", "feedback_warm"]
    for d in replies:
        assert d["body"].startswith("Dear Cy Recruiter,") and "Thank you for" in d["body"]
        assert d["tip"] == ("Send Cy Recruiter one of the three replies: thanks alone, or thanks with a "
                            "brief or a warm feedback request.")


def _recipients(draft_list, contact_name):
    """Group email drafts by person: the same address or the same name (case and spaces aside).
    A note names its interviewer in its title; every other email goes to whoever told you."""
    groups: list[dict] = []
    for d in draft_list:
        if not d["email"]:
            continue
        keys = {("to", d["to"].casefold())} if d["to"] else set()
        name = d["title"].removeprefix("Thank-you note to ") if d["kind"] == "thank_you" else contact_name
        if name.strip() and name != "Thank-you note":
            keys.add(("name", name.strip().casefold()))
        same = [g for g in groups if g["keys"] & keys]
        merged = {"keys": set(keys), "drafts": [d]}
        for g in same:
            merged["keys"] |= g["keys"]
            merged["drafts"] += g["drafts"]
            groups.remove(g)
        groups.append(merged)
    return groups


def _messages(group) -> int:
    """Messages one person is sent: the three replies are versions of one message."""
    kinds = [d["kind"] for d in group["drafts"]]
    return sum(1 for k in kinds if k not in drafts.REPLIES) + (1 if any(k in drafts.REPLIES for k in kinds) else 0)


# Few names and addresses, so contacts and interviewers often turn out to be the same person.
_names = st.sampled_from(["", "Ana Silva", "ana silva ", "Bo", "Cy"])
_emails = st.sampled_from(["", "ana@acme.example", "ANA@acme.example", "bo@acme.example"])
_person = st.fixed_dictionaries({"name": _names, "greeting": st.sampled_from(["", "Ms Silva"]), "title": st.just(""),
                                 "email": _emails, "topic": st.sampled_from(["", "the roadmap"])})


@ENGINE
@given(entries(), st.lists(_person, max_size=4), _names, _emails,
       st.sampled_from(["call", "email", "none", "waiting", ""]))
def test_no_entry_yields_more_than_two_messages_to_one_person(entry, people, name, email, news_via):
    entry.update(interviewers=people, news_via=news_via)
    entry["news_from"] = dict(entry["news_from"], name=name, email=email, greeting="")
    result = drafts.offer(entry, "Sam")
    for group in _recipients(result["drafts"], name):
        assert _messages(group) <= drafts.MAX_MESSAGES, [d["title"] for d in group["drafts"]]


# --- the Templates page says exactly what the drafts say -----------------------------------------

TEMPLATES = ROOT / "docs" / "templates.md"
#: How the page says a template is one of the engine's drafts (tests/site/test_pages.py checks
#: the expanded page against the engine).
TEMPLATE_SHORTCODE = re.compile(r"<!-- nr:template ([a-z_0-9]+)(?: ([a-z]+))? -->")


def _template_blocks(markdown: str) -> list[str]:
    blocks, lines = [], markdown.split("\n")
    for i, line in enumerate(lines):
        if line.strip() == "``` { .text .nr-template }":
            indent = line[: len(line) - len(line.lstrip())]
            end = next(j for j in range(i + 1, len(lines)) if lines[j] == indent + "```")
            blocks.append("\n".join(row.removeprefix(indent) for row in lines[i + 1:end]))
    return blocks


def test_every_template_of_a_draft_comes_from_the_engine():
    markdown = TEMPLATES.read_text(encoding="utf-8")
    kinds = [m.group(1) for m in TEMPLATE_SHORTCODE.finditer(markdown)]
    assert sorted(set(kinds)) == sorted(set(drafts.KINDS) - {"move_on"})
    # the one block written by hand is the thanks for feedback, which the worksheet does not draft
    [by_hand] = _template_blocks(markdown)
    assert by_hand.startswith("Subject: Thank you for the feedback:")
    assert "accept" not in by_hand and " call" not in by_hand and "Re:" not in by_hand
    assert "taking the time to write" not in by_hand  # feedback often comes by phone
    assert "useful" not in by_hand and "I will work on them" not in by_hand  # don't presume


def test_the_templates_page_has_the_move_on_note_and_the_phone_opening():
    markdown = TEMPLATES.read_text(encoding="utf-8")
    section = markdown.split("### No third follow-up\n\n", 1)[1].split("\n\n", 1)[0]
    assert section == drafts.MOVE_ON
    by_phone = drafts.draft(_entry(**dict(FULL, news_via="call")), "reply_to_rejection")["body"]
    opening = re.search(r'start with "([^"]+)" instead', markdown).group(1)
    assert by_phone.split("\n\n")[1].startswith(opening + " about")
    assert "<!-- nr:door final -->" in markdown  # the final-round line, from the engine


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


def _thank_you(drafts: list[dict]) -> dict:
    return next(d for d in drafts if d["kind"] == "thank_you")


def test_a_mailto_too_long_for_mail_apps_is_not_offered_and_copy_is():
    long_topic = "the migration plan, " * 120
    note = _thank_you(_offer(interviewers=[{"name": "Ana", "title": "", "email": "ana@acme.example", "topic": long_topic}])["drafts"])
    assert note["kind"] == "thank_you" and note["to"] == "ana@acme.example"
    assert note["mailto"] == ""
    assert "too long" in note["mailto_note"] and "Copy" in note["mailto_note"]
    # A non-Latin draft doubles (or triples) when encoded: the limit is on the encoded link.
    cjk = "移行計画について" * 40
    note = _thank_you(_offer(interviewers=[{"name": "Ana", "title": "", "email": "ana@acme.example", "topic": cjk}])["drafts"])
    assert len(cjk) < MAILTO_LIMIT and note["mailto"] == "" and note["mailto_note"]
    short = _thank_you(_offer()["drafts"])
    assert short["mailto"].startswith("mailto:ana@acme.example?") and len(short["mailto"]) <= MAILTO_LIMIT
    assert short["mailto_note"] == ""
