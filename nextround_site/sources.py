"""Every external link on the site, defined once.

A page cites a source by its key (``<!-- nr:cite KEY link text -->``, ``shortcodes.py``); the
Sources page is generated from this registry (``<!-- nr:sources -->``), and a test checks that
no built page links an external address that is not here. Region help (``regions.py``) keeps its
official pages as ``Source`` records too; ``all_sources()`` is the union of both.

A source that holds a figure is a survey: it says who was asked (``asked``), and its kind is never
"advice". Every other source supports advice or a rule, in the words of ``supports``.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of source, best first (../shared/content-brief.md, "Rules for sources").
KINDS = ("official", "research", "university", "employer", "news", "advice")

# How the Sources page names each kind.
KIND_LABELS = {
    "official": "Official body",
    "research": "Research by the survey's owner",
    "university": "University careers service",
    "employer": "An employer's own policy",
    "news": "News report",
    "advice": "Career advice site",
}

CHECKED = "2026-12-04"


@dataclass(frozen=True)
class Source:
    key: str          # stable id a page cites, e.g. "robert-half-2017"
    publisher: str    # who published the page, e.g. "Robert Half"
    title: str        # the page's own title
    url: str          # the article itself: never a home page or a shortlink
    kind: str         # one of KINDS
    checked: str      # ISO date the page was last read and found to say what we cite
    year: int | None = None  # year of publication or of the survey
    asked: str = ""   # for surveys: who was asked, how many, where
    topic: str = ""   # the Sources page section it is listed under (a key of TOPICS)
    supports: str = ""  # what it supports on this site, in plain words (Markdown)


# Sections of the Sources page, in order: anchor -> (heading, note shown under the heading).
TOPICS: dict[str, tuple[str, str]] = {
    "starting-point": ("Where the five steps come from", ""),
    "thank-you": (
        "Thank-you notes",
        '!!! note "After an interview, not after a rejection"\n\n'
        "    The survey in this section asked about thank-you notes sent **after an interview**. "
        "It did not ask about notes sent after a rejection. We quote it because it shows how rare "
        "and how welcome a note is, not as proof of what a note does after a no.",
    ),
    "follow-up": ("Following up when nobody replies", ""),
    "ghosting": ("Being ghosted", ""),
    "feedback": (
        "Asking for feedback",
        "**When to ask: the sources disagree.** None of the pages we trust gives a firm time, and "
        "common advice ranges from straight away to about two weeks. Our default: wait a day or "
        "two, then ask once, in writing. The [FAQ](faq.md#when-should-i-ask-for-feedback) explains why.",
    ),
    "rights": (
        "Your rights and your interview notes",
        "These are official starting points. They explain the rules and who can help. Nothing on "
        "this site is legal advice.",
    ),
    "replying": ("Replying to a rejection", ""),
    "runners-up": ("Runners-up", ""),
    "reapplying": (
        "Reapplying",
        "Employers set their own waiting times, so this site gives one employer's rule as an "
        "example and tells you to check the rule of the employer you want.",
    ),
}


def _s(**fields) -> Source:
    return Source(checked=CHECKED, **fields)


SOURCES: dict[str, Source] = {s.key: s for s in (
    _s(key="mycareersfuture-steps", publisher="MyCareersFuture (Singapore's national jobs portal)",
       title="Practical Steps to Take After Rejection from a Job Interview",
       url="https://content.mycareersfuture.sg/careercoaching/article/practical-steps-to-take-after-rejection-from-a-job-interview/",
       kind="official", topic="starting-point",
       supports="The starting point of this guide: the five steps, and the closing idea of a growth "
                "mindset. We kept every idea and wrote it again in our own words, with more detail."),
    _s(key="accountemps-2017", publisher="Robert Half (Accountemps)",
       title="Thank-You Notes Can Tip Scale in Job Candidates' Favor, Yet Few Write Them",
       url="https://press.roberthalf.com/2017-11-20-Thank-You-Notes-Can-Tip-Scale-in-Job-Candidates-Favor-Yet-Few-Write-Them",
       kind="research", year=2017, asked="about 300 HR managers at companies in the US", topic="thank-you",
       supports="Found: 80% said they take a thank-you message into account when they decide whom to "
                "hire. They got notes from only 24% of applicants, down from 51% in 2007. 94% said "
                "email is a fitting way to say thanks. Used in [step 3](steps/thank-you-note.md)."),
    _s(key="princeton-thank-you", publisher="Princeton University Career Services",
       title="Thank-you Letters",
       url="https://careerservices.princeton.edu/undergraduate-students/resumes-letters-online-profiles/thank-you-letters",
       kind="university", topic="thank-you",
       supports="Thank-you notes usually go out within 24 to 48 hours. Write to each person on their "
                "own, not one group message, because some employers share the notes they get. Used for "
                "the timing in [step 3](steps/thank-you-note.md) and the [FAQ](faq.md#when-should-i-ask-for-feedback)."),
    _s(key="indeed-follow-up", publisher="Indeed Career Guide",
       title="How Long Should I Wait After an Interview To Follow Up?",
       url="https://www.indeed.com/career-advice/interviewing/how-long-to-wait-after-interview",
       kind="advice", year=2023, topic="follow-up",
       supports="Give them at least 5 business days, plus 1 or 2 more. Lists common reasons for a slow "
                "reply: more interviews, someone away, a paused search. Used on "
                "[When nobody replies](no-reply.md) and in the [Templates](templates.md)."),
    _s(key="ucdavis-after-interview", publisher="UC Davis Graduate School of Management",
       title="After the Interview",
       url="https://gsm.ucdavis.edu/resource/after-interview",
       kind="university", topic="follow-up",
       supports="Write notes for yourself as soon as possible after the interview. If you were told two "
                "weeks, three can pass with no news; follow up once you are a week or more past their "
                "date. Used in [step 1](steps/reflect.md) and on [When nobody replies](no-reply.md)."),
    _s(key="greenhouse-2022", publisher="Greenhouse",
       title="Key learnings from the 2022 Greenhouse Candidate Experience Report",
       url="https://greenhouse.com/uk/blog/key-learnings-from-the-2022-greenhouse-candidate-experience-report",
       kind="research", year=2022, asked="more than 1,500 employees and job seekers around the world",
       topic="ghosting",
       supports="Found: more than 75% had been ghosted after an interview. Used on "
                "[When nobody replies](no-reply.md)."),
    _s(key="indeed-2021-hrbrew", publisher="HR Brew",
       title="Recruiters are ghosting candidates (and vice versa), surveys show",
       url="https://www.hr-brew.com/stories/recruiters-ghosting-surveys",
       kind="news", year=2022, asked="500 job seekers and 500 employers in the US (Indeed's survey)",
       topic="ghosting",
       supports="Reports Indeed's 2021 survey. Found: 77% of the job seekers had been ghosted by an "
                "employer since March 2020. This counts silence at any stage of hiring, not only after "
                "an interview. Used on [When nobody replies](no-reply.md)."),
    _s(key="debut-2017-recruiter", publisher="Recruiter magazine",
       title="Employers should be forced to provide feedback says campaign",
       url="https://www.recruiter.co.uk/news/2017/05/employers-should-be-forced-provide-feedback-says-campaign",
       kind="news", year=2017, asked="1,000 people aged 18 to 23 in the UK, students and recent graduates (Debut's survey)",
       topic="feedback",
       supports="Reports Debut's 2017 survey. Found: 83% said they had never had feedback after a "
                "face-to-face interview. This is about young people starting out, not about every job "
                "seeker, and not about requests that went unanswered. Used in "
                "[step 4](steps/ask-for-feedback.md)."),
    _s(key="debut-2017-recruiting-times", publisher="Recruiting Times",
       title="New national campaign petitions government to make all employers share interview feedback with candidates",
       url="https://recruitingtimes.org/recruitment-and-hr-legal-updates/19458/new-national-campaign-petitions-government-make-employers-share-interview-feedback-candidates/",
       kind="news", year=2017, asked="1,000 people aged 18 to 23 in the UK (Debut's survey)", topic="feedback",
       supports="Names who Debut asked. Found: 83% had not had feedback after a face-to-face "
                "interview. Used in [step 4](steps/ask-for-feedback.md)."),
    _s(key="adweek-olson", publisher="Adweek",
       title="From the Recruiter's Desk: They Didn't Hire Me, But Why? How To Get Feedback During Your Job Hunt",
       url="https://www.adweek.com/performance-marketing/from-the-recruiters-desk-they-didnt-hire-me-but-why-how-to-get-feedback-during-your-job-hunt/",
       kind="news", topic="feedback",
       supports="A recruiter, Lindsay Olson, writes that many reasons are out of your hands (an internal "
                "candidate who appears late, a change to the job), that hiring companies fear lawsuits "
                "and so say little, and that an agency recruiter who put you forward should give you "
                "honest feedback. Used in [step 4](steps/ask-for-feedback.md), the "
                "[FAQ](faq.md#they-never-answered-my-feedback-request) and "
                "[What the no tells you](the-news.md)."),
    _s(key="targetjobs-feedback", publisher="TARGETjobs",
       title="Getting feedback from graduate recruiters",
       url="https://targetjobs.co.uk/careers-advice/acceptance-and-rejection/275653-getting-feedback-from-graduate-recruiters",
       kind="advice", topic="feedback",
       supports="Ask the recruitment team if you can. Be polite and brief, don't argue, thank them, and "
                "note what to improve and the steps you will take. Used in "
                "[step 4](steps/ask-for-feedback.md)."),
    _s(key="canterbury-feedback", publisher="Canterbury Christ Church University Careers",
       title="F is for Feedback",
       url="https://blogs.canterbury.ac.uk/careers/f-is-for-feedback/",
       kind="university", topic="feedback",
       supports="After an interview many employers will give feedback if asked, yet few candidates ask. "
                "Used in [step 4](steps/ask-for-feedback.md)."),
    _s(key="york-feedback", publisher="University of York (Human Resources)",
       title="Feedback (guidance for its interview panels)",
       url="https://www.york.ac.uk/admin/hr/recruitment/appointment/feedback",
       kind="employer", topic="feedback",
       supports="One employer's policy: it commits to give feedback to every candidate it interviews, "
                "based on the panel's notes. Used in [step 4](steps/ask-for-feedback.md)."),
    _s(key="ico-sar", publisher="Information Commissioner's Office (UK)",
       title="What to expect after making a subject access request",
       url="https://ico.org.uk/for-the-public/your-right-to-get-copies-of-your-data/what-to-expect-after-making-a-subject-access-request/",
       kind="official", topic="rights",
       supports="An organisation normally has one month to answer, or up to two months more if the "
                "request is complex, and must tell you within the first month if it needs longer. Used "
                "in the [FAQ](faq.md#can-i-see-my-interview-notes)."),
    _s(key="georgetown-rejection", publisher="Georgetown University, Biomedical Graduate Education",
       title="How to Respond to Rejection (and Why)",
       url="https://biomedicalprograms.georgetown.edu/blog/responding-to-rejection/",
       kind="university", topic="replying",
       supports="Don't reply in anger. A grateful reply that asks to be considered for future roles "
                "may bring a call when another role opens. Used in the "
                "[FAQ](faq.md#should-i-reply-to-the-rejection-email)."),
    _s(key="utsa-rejection", publisher="UTSA Career Center",
       title="This is the email smart people send when they're rejected for a job",
       url="https://careercenter.utsa.edu/blog/2017/06/27/9927/",
       kind="university", year=2017, topic="replying",
       supports="Reply to the interviewer directly, not to an automated email. Used in the "
                "[FAQ](faq.md#should-i-reply-to-the-rejection-email)."),
    _s(key="socialtalent-silver", publisher="SocialTalent (recruiter training)",
       title="Silver medallist (glossary)",
       url="https://www.socialtalent.com/glossary/silver-medallist",
       kind="advice", topic="runners-up",
       supports="Tells recruiters that they *should* contact runners-up early when a new role opens, "
                "and says that most companies treat them like any other rejected candidate. So a "
                "runner-up may be remembered, but can't count on a call. Used on "
                "[After several rejections](patterns.md#staying-in-touch-as-a-runner-up)."),
    _s(key="lidl-reapply", publisher="Lidl GB",
       title="My Lidl Career: FAQs",
       url="https://careers.lidl.co.uk/mylidlcareer/faqs",
       kind="employer", topic="reapplying",
       supports="One employer's rule for its own staff: after an unsuccessful face-to-face interview, "
                "wait 6 months before applying for the same role. Used on "
                "[After several rejections](patterns.md#reapplying)."),
)}


def all_sources() -> dict[str, Source]:
    """The general registry and the region help's official pages, by key."""
    from nextround_site import regions

    merged = dict(SOURCES)
    for src in regions.REGION_SOURCES.values():
        if src.key in merged:
            raise ValueError(f"source key {src.key!r} is defined twice")
        merged[src.key] = src
    return merged


def cite(key: str, text: str = "") -> str:
    """A Markdown link to source ``key``: ``text`` if given, else the page's own title."""
    src = all_sources()[key]
    label = (text or src.title).replace("[", "(").replace("]", ")")
    return f"[{label}]({src.url})"


def _date(iso: str) -> str:
    year, month, day = (int(p) for p in iso.split("-"))
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{day} {months[month - 1]} {year}"


def entry(src: Source) -> str:
    """One Sources-page list item: publisher and year, the linked title, who was asked, what it
    supports here, its kind and the date it was checked."""
    stop = "" if src.title[-1] in ".?!" else "."
    head = f"**{src.publisher}{f', {src.year}' if src.year else ''}.** {cite(src.key)}{stop}"
    parts = [head]
    if src.asked:
        parts.append(f"Asked: {src.asked}.")
    if src.supports:
        parts.append(src.supports)
    parts.append(f"*{KIND_LABELS[src.kind]}; checked {_date(src.checked)}.*")
    return "- " + " ".join(parts)


def sources_page() -> str:
    """The Sources page's list, section by section, from the registry."""
    out = []
    listed = set()
    for topic, (heading, note) in TOPICS.items():
        items = [s for s in SOURCES.values() if s.topic == topic]
        out.append(f"## {heading} {{#{topic}}}\n")
        if note:
            out.append(note + "\n")
        out.extend(entry(s) for s in items)
        out.append("")
        listed.update(s.key for s in items)
    regional = [s for s in all_sources().values() if s.key not in listed]
    if regional:
        out.append("## Help where you live {#regions}\n")
        out.append("Official pages for each region: public employment services, fair-hiring bodies, "
                   "support lines and data-protection regulators.\n")
        out.extend(entry(s) for s in regional)
        out.append("")
    return "\n".join(out)
