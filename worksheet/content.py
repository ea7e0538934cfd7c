"""The single source of truth: the five steps, their prompts and their checklist items.

The guidance pages, the worksheet form, the engine's validation and the PDF checklist all
read this module. Change a label or an item here and every output follows.

A field's ``key`` is a dotted path into an entry (``"reflection.ratings.answers"``). Kinds:

- ``short``  one line of text
- ``long``   several lines of text
- ``date``   an ISO date ``YYYY-MM-DD`` (or empty)
- ``rating`` a whole number 1-5 (or empty)
- ``choice`` one of ``options`` (or empty)
- ``check``  true or false
- ``list``   a list of items; each item is a dict shaped by ``item_fields``
             (or, when ``item_fields`` is empty, a list of short strings)
"""

from __future__ import annotations

from dataclasses import dataclass, field

SITE_NAME = "Next Round"
SITE_PROMISE = "Calm, practical steps for the days after a job interview that didn't work out."

KINDS = ("short", "long", "date", "rating", "choice", "check", "list")


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    help: str = ""
    options: tuple[tuple[str, str], ...] = ()
    item_fields: tuple["Field", ...] = ()
    item_label: str = ""
    suggested_items: int = 0
    add_label: str = ""  # text of a list's "Add ..." button; default "Add <item_label>"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.key!r}: unknown kind {self.kind!r}")
        if self.kind == "choice" and not self.options:
            raise ValueError(f"field {self.key!r}: a choice needs options")

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.options)


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    summary: str
    page: str
    fields: tuple[Field, ...]
    checklist: tuple[str, ...] = field(default=())

    @property
    def anchor(self) -> str:
        """The id of this step's section on the worksheet page."""
        return f"step-{self.number}"


STAGES = (
    ("screen", "Screening call"),
    ("first", "First round"),
    ("later", "Later round"),
    ("final", "Final round"),
)
FORMATS = (
    ("phone", "Phone"),
    ("video", "Video call"),
    ("in_person", "In person"),
    ("panel", "Panel"),
    ("task", "Task or presentation"),
)
NEWS_VIA = (
    ("call", "A phone call"),
    ("email", "An email or letter"),
    ("none", "No reply at all"),
    ("waiting", "Still waiting"),
)
STILL_WANT = (
    ("yes", "Yes"),
    ("unsure", "Not sure"),
    ("no", "No"),
)
AGREE = (
    ("yes", "Yes"),
    ("partly", "Partly"),
    ("no", "No"),
)

RATING_AREAS = (
    ("preparation", "Preparation"),
    ("answers", "My answers"),
    ("questions_asked", "The questions I asked"),
    ("rapport", "Rapport with the interviewers"),
    ("nerves", "Handling nerves"),
)
RATING_HELP = "1 = went badly, 5 = went well. Leave it empty if you are not sure."


# --- job-search record --------------------------------------------------------
# Dated facts for the record people hand in (work-search logs, benefit offices) and for the
# "is this normal?" insights. Keys live under ``record.``; an older document without them
# loads with empty values. Do not rename: exports and saved documents use these keys.
CONTACT_METHODS = (
    ("online", "Online form or job site"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("in_person", "In person"),
    ("agency", "Through an agency or recruiter"),
    ("referral", "Through someone I know"),
)
RECORD_FIELDS: tuple[Field, ...] = (
    Field("record.applied_on", "Applied on", "date",
          help="The day you sent the application. Benefit offices often ask for it."),
    Field("record.contact_method", "How you applied or were contacted", "choice",
          options=CONTACT_METHODS),
    Field("record.contact_person", "Contact person", "short",
          help="The recruiter or the person you dealt with, if there was one."),
    Field("record.follow_up_1", "First follow-up sent", "date"),
    Field("record.follow_up_2", "Second follow-up sent", "date"),
    Field("record.offer", "This process ended in an offer", "check",
          help="Tick it even if you turned the offer down."),
)
RECORD_FEEDBACK_FIELDS: tuple[Field, ...] = (
    Field("record.feedback_received", "Date feedback came", "date"),
)
# --- end of job-search record ------------------------------------------------------------


STEPS: tuple[Step, ...] = (
    Step(
        number=1,
        slug="reflect",
        title="Reflect and write it down",
        summary="Note what happened while you still remember it clearly.",
        page="steps/reflect.md",
        fields=(
            Field("company", "Company", "short"),
            Field("role", "Role", "short", help="The job title you interviewed for."),
            Field("interview_date", "Interview date", "date"),
            Field("stage", "Stage", "choice", options=STAGES,
                  help="How far you got in their process."),
            Field("format", "Format", "choice", options=FORMATS),
            Field(
                "interviewers", "Interviewers", "list",
                help="Names and titles help you write a personal note later.",
                item_label="Interviewer",
                suggested_items=1,
                item_fields=(
                    Field("name", "Interviewer name", "short"),
                    Field("greeting", "How to greet them", "short",
                          help="For example “Ms Tan” or “Dana”. Empty: the drafts use the name as "
                               "you typed it."),
                    Field("title", "Interviewer title", "short"),
                    Field("email", "Interviewer email", "short"),
                    Field("topic", "What we talked about", "short"),
                ),
            ),
            Field("decision_date", "Decision date", "date",
                  help="The day you heard back, if you have."),
            Field("news_via", "How the news came", "choice", options=NEWS_VIA),
            # --- who told you (schema 2): the reply and the feedback request go to them
            Field("news_from.name", "Who told you (name)", "short",
                  help="The person who gave you the news, such as the recruiter. Still waiting? "
                       "Put your contact here: the follow-ups go to them."),
            Field("news_from.greeting", "Who told you (how to greet them)", "short",
                  help="For example “Ms Tan” or “Dana”. Empty: the drafts use the name as you "
                       "typed it."),
            Field("news_from.email", "Who told you (email)", "short",
                  help="Leave it empty if the news came from a no-reply address."),
            Field("news_from.agency", "They work for a recruitment agency", "check",
                  help="The reply then thanks them and asks them to pass your thanks on to the "
                       "people you met."),
            Field(
                "reflection.questions", "Questions they asked", "list",
                help="One question per row, with a line on how your answer went.",
                item_label="Question",
                suggested_items=1,
                item_fields=(
                    Field("question", "Question they asked", "short"),
                    Field("how_it_went", "How my answer went", "long"),
                ),
            ),
            Field("reflection.my_questions", "Questions I asked them", "long"),
            *(
                Field(f"reflection.ratings.{key}", label, "rating", help=RATING_HELP)
                for key, label in RATING_AREAS
            ),
            Field("reflection.went_well", "Things that went well", "list",
                  help="Aim for three. Small things count.",
                  item_label="Went well", suggested_items=3,
                  add_label="Add something that went well"),
            Field(
                "reflection.to_change", "Things to change", "list",
                help="Aim for three, each with one concrete fix.",
                item_label="Change",
                suggested_items=3,
                item_fields=(
                    Field("change", "What to change", "short"),
                    Field("fix", "How I will fix it", "short"),
                ),
            ),
            Field("reflection.surprised", "What surprised me", "long"),
            Field("reflection.still_want", "Do I still want this kind of job?", "choice",
                  options=STILL_WANT),
            Field("reflection.learned_company", "What I learned about the company", "long"),
            *RECORD_FIELDS,  # job-search record, kept apart from the reflection above
        ),
        checklist=(
            "Set aside 15 minutes on the day, while it is fresh",
            "Write down the interviewers' names and titles",
            "List the questions they asked and how each answer went",
            "Rate preparation, answers, your questions, rapport and nerves from 1 to 5",
            "Name three things that went well",
            "Name three things to change, each with a fix",
        ),
    ),
    Step(
        number=2,
        slug="dont-take-it-personally",
        title="Don't take it personally",
        summary="Most reasons for a no are invisible to you. Look at what you can control.",
        page="steps/dont-take-it-personally.md",
        fields=(
            Field("mindset.feeling", "How I feel right now", "short",
                  help="One or two words is enough. Naming it helps."),
            Field("mindset.story", "The story I'm telling myself", "long",
                  help="For example: \"They thought I was too old.\""),
            Field("mindset.kinder", "A fairer reading", "long",
                  help="What else could explain the decision? Think of reasons you can't see."),
            Field("mindset.strengths", "Strengths I showed", "long"),
            Field("mindset.value_proposition", "What I offer an employer", "long",
                  help="Two or three sentences: the problems you solve and the proof."),
        ),
        checklist=(
            "Name the feeling and give it a time limit",
            "Stop guessing at what the interviewer privately thought",
            "Write down the strengths you showed",
            "Write two or three sentences on the value you bring",
        ),
    ),
    Step(
        number=3,
        slug="thank-you-note",
        title="Send a thank-you note",
        summary="A short, personal note keeps you in mind for the next opening.",
        page="steps/thank-you-note.md",
        fields=(
            Field("thank_you.topic", "A topic we discussed", "short",
                  help="Something specific from the conversation, to make the note personal. "
                       "Met several people? Put what you talked about with each under "
                       "Interviewers in step 1 instead."),
            Field("thank_you.sent", "Thank-you note sent", "check"),
            Field("thank_you.date", "Date sent", "date"),
        ),
        checklist=(
            "Write a short note to each interviewer you connected with",
            "Mention one real thing you talked about",
            "Send it within a day or two",
        ),
    ),
    Step(
        number=4,
        slug="ask-for-feedback",
        title="Ask for feedback",
        summary="A polite, low-pressure request costs nothing and sometimes helps a lot.",
        page="steps/ask-for-feedback.md",
        fields=(
            Field("feedback.requested", "Feedback requested", "check"),
            Field("feedback.date", "Date requested", "date"),
            *RECORD_FEEDBACK_FIELDS,  # job-search record
            Field("feedback.said", "What they said, word for word", "long"),
            Field("feedback.agree", "Do I agree?", "choice", options=AGREE),
            Field("feedback.action", "What I will do about it", "long"),
        ),
        checklist=(
            "Say you understand the decision",
            "Ask for one or two things to work on",
            "Keep it short and easy to answer",
            "Write down any answer word for word",
        ),
    ),
    Step(
        number=5,
        slug="next-steps",
        title="Work out your next steps",
        summary="Turn what you learned into a short, dated plan.",
        page="steps/next-steps.md",
        fields=(
            Field(
                "actions", "My next steps", "list",
                help="Small, concrete actions with a date.",
                item_label="Step",
                suggested_items=1,
                item_fields=(
                    Field("text", "Action", "short"),
                    Field("due", "Due date", "date"),
                    Field("done", "Done", "check"),
                ),
            ),
            Field("reapply_after", "Reapply after", "date",
                  help="Waiting times differ: about 3 months to a year for the same role. "
                       "Check the company's careers page or ask the recruiter."),
            Field("notes", "Notes", "long"),
        ),
        checklist=(
            "Pick one or two skills to practise before the next interview",
            "Apply for at least one other role this week",
            "Book a talk with a mentor or career coach",
            "Note when you could reapply",
        ),
    ),
)


def step(number: int) -> Step:
    for s in STEPS:
        if s.number == number:
            return s
    raise KeyError(f"no step {number}; steps are 1 to {len(STEPS)}")


def all_fields() -> tuple[Field, ...]:
    return tuple(f for s in STEPS for f in s.fields)


def field_by_key(key: str) -> Field:
    for f in all_fields():
        if f.key == key:
            return f
    raise KeyError(f"no field {key!r}")


def checklist() -> tuple[tuple[Step, tuple[str, ...]], ...]:
    """Every step with its checklist items, in order."""
    return tuple((s, s.checklist) for s in STEPS)
