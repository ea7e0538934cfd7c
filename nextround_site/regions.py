"""Help where the reader lives: per region, official pages for each topic.

Defined once; shown on the regions page and where it matters (step 2, step 5, the crisis note,
the FAQ on interview notes, the worksheet's record help). Every link is a ``Source`` record
of kind "official", its key prefixed by the region's code. A topic that could not be checked on
an official page is left out for that region, and the data says why (a reason string).

The HTML is the same with or without JavaScript: every region is a folded ``<details>``.
``docs/javascripts/regions.js`` shows a chooser, remembers the reader's choice in this
browser only and puts the chosen region first, open.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from nextround_site.sources import Source

CHECKED = "2026-12-04"

# Topics, in the order they are shown, with their headings.
TOPICS: dict[str, str] = {
    "coaching": "Free career help",
    "fairness": "Unfair treatment in hiring",
    "crisis": "If you need to talk to someone now",
    "unemployment": "Unemployment support and your job-search record",
    "notes": "Asking for your interview notes",
}

# The localStorage key regions.js uses (it reads it from each block's data-storage-key). Only
# the region's code is stored, and never sent.
STORAGE_KEY = "nextround.region"


def _official(key: str, publisher: str, title: str, url: str, year: int | None = None) -> Source:
    return Source(key=key, publisher=publisher, title=title, url=url, kind="official",
                  checked=CHECKED, year=year)


_SOURCES = (
    _official("uk-acas-rejected", "Acas",
              "If an employer says you cannot apply or rejects you for a job: taking things further",
              "https://www.acas.org.uk/if-an-employer-says-you-cannot-apply-or-rejects-you-for-a-job/taking-things-further"),
    _official("us-eeoc-time-limits", "U.S. Equal Employment Opportunity Commission (EEOC)",
              "Time Limits For Filing A Charge", "https://www.eeoc.gov/time-limits"),
    # Singapore
    _official("sg-wsg-jobseeker-support", "Workforce Singapore", "SkillsFuture Jobseeker Support",
              "https://www.wsg.gov.sg/home/individuals/skillsfuture-jobseeker-support"),
    _official("sg-tafep-individuals", "Tripartite Alliance for Fair and Progressive Employment Practices (TAFEP)",
              "Guide to Workplace Fairness (For Individuals)",
              "https://www.tal.sg/tafep/workplace-fairness/individuals"),
    _official("sg-mom-workplace-fairness-2025", "Ministry of Manpower",
              "2nd Reading Speech at Workplace Fairness (Dispute Resolution) Bill",
              "https://www.mom.gov.sg/newsroom/speeches/2025/1104-second-reading-of-workplace-fairness-dispute-resolution-bill",
              2025),
    _official("sg-moh-mindline-1771", "Ministry of Health",
              "National mindline 1771 to provide round-the-clock support for mental health",
              "https://www.moh.gov.sg/newsroom/national-mindline-1771-to-provide--round-the-clock-support-for-mental-health",
              2025),
    _official("sg-pdpc-individuals", "Personal Data Protection Commission", "How the PDPA applies to individuals",
              "https://www.pdpc.gov.sg/Overview-of-PDPA/Data-Protection/Individual/Individuals-Overview"),
    _official("sg-pdpc-access-review", "Personal Data Protection Commission", "Access review checklist",
              "https://www.pdpc.gov.sg/complaints-and-reviews/before-you-lodge-a-complaint-with-us-4/access-review-checklist"),
    # United Kingdom
    _official("uk-dfe-national-careers-service", "Department for Education",
              "National Careers Service: privacy and cookies (The Skills Toolkit)",
              "https://theskillstoolkit.campaign.gov.uk/cookies-and-privacy/"),
    _official("uk-hmcts-tribunal-guide", "HM Courts & Tribunals Service",
              "Make a claim to an employment tribunal: guide",
              "https://employmenttribunals.service.gov.uk/en/apply/guide"),
    _official("uk-hpft-suicide-help", "Hertfordshire Partnership University NHS Foundation Trust",
              "Don't struggle alone: change the narrative on suicide",
              "https://www.hpft.nhs.uk/news/don-t-struggle-alone-change-the-narrative-on-suicide/", 2024),
    _official("uk-dwp-claimant-commitment", "Department for Work and Pensions",
              "Universal Credit and your claimant commitment",
              "https://www.gov.uk/government/publications/universal-credit-and-your-claimant-commitment-quick-guide/universal-credit-and-your-claimant-commitment",
              2024),
    _official("uk-ico-after-sar", "Information Commissioner's Office",
              "What to expect after making a subject access request",
              "https://ico.org.uk/for-the-public/your-right-to-get-copies-of-your-data/what-to-expect-after-making-a-subject-access-request/"),
    # United States
    _official("us-dol-american-job-centers", "U.S. Department of Labor, Employment and Training Administration (WorkforceGPS)",
              "American Job Center Fact Sheet",
              "https://ion.workforcegps.org/resources/2020/02/21/19/42/American-Job-Center-Fact-Sheet", 2020),
    _official("us-wyoming-988", "Wyoming Department of Health", "988 Suicide & Crisis Lifeline",
              "https://health.wyo.gov/publichealth/prevention/wivpp/suicide-prevention/988-suicide-crisis-lifeline"),
    _official("us-nc-work-search", "North Carolina Division of Employment Security",
              "Your Work Search Responsibilities",
              "https://des.nc.gov/apply-unemployment/your-work-search-responsibilities"),
    # Ireland
    _official("ie-dsp-intreo", "Department of Social Protection",
              "Tánaiste officially opens two Intreo Centres in Cork City",
              "https://www.welfare.ie/en/pressoffice/Pages/pr041215.aspx", 2015),
    _official("ie-wrc-employment-equality", "Workplace Relations Commission", "Employment Equality and Equal Status",
              "https://www.workplacerelations.ie/en/what_you_should_know/equal-status-and-employment-equality/employment%20equality%20and%20equal%20status/"),
    _official("ie-oireachtas-116123", "Houses of the Oireachtas",
              "Helpline Services (Dáil written answer, 10 December 2013)",
              "https://www.oireachtas.ie/en/debates/question/2013-12-10/505/", 2013),
    _official("ie-citizens-information-jobseeker", "Citizens Information", "Rules for getting a jobseeker's payment",
              "https://www.citizensinformation.ie/en/social-welfare/social-welfare-payments/unemployed-people/rules-for-getting-a-jobseekers-payment/"),
    _official("ie-dpc-access-time", "Data Protection Commission",
              "How long does an organisation have to respond to my access request?",
              "https://dataprotection.ie/en/faqs/access-and-rectification/how-long-does-organisation-have-respond-my-access-request"),
    # Australia
    _official("au-dewr-mutual-obligation", "Department of Employment and Workplace Relations",
              "Explainer: Mutual obligation requirements",
              "https://www.dewr.gov.au/newsroom/articles/explainer-mutual-obligation-requirements", 2022),
    _official("au-legal-aid-nsw-discrimination", "Legal Aid NSW", "Discrimination (LawPrompt)",
              "https://legalaid.nsw.gov.au/lawprompt/legal-topics/discrimination"),
    _official("au-vic-health-phone-services", "Department of Health (Victoria)", "Telephone and online services",
              "https://www.health.vic.gov.au/mental-health-services/telephone-and-online-services"),
    _official("au-services-australia-mutual-obligation", "Services Australia", "Mutual obligation requirements",
              "https://www.servicesaustralia.gov.au/mutual-obligation-requirements"),
    _official("au-oaic-access", "Office of the Australian Information Commissioner",
              "How do I access my personal information?",
              "https://www.oaic.gov.au/engage-with-us/research-and-training-resources/videos/how-do-i-access-my-personal-information",
              2014),
    _official("au-oaic-request-complainant", "Office of the Australian Information Commissioner",
              "Request for information: the complainant",
              "https://www.oaic.gov.au/engage-with-us/research-and-training-resources/videos/request-for-information-the-complainant"),
    # Canada
    _official("ca-esdc-job-bank", "Employment and Social Development Canada",
              "Evaluation of Learning and Labour Market Information (Job Bank)",
              "https://www.canada.ca/en/employment-social-development/corporate/reports/evaluations/learning-labour-information-web-approach.html"),
    _official("ca-chrc-before-filing", "Canadian Human Rights Commission",
              "What do I need to know before filing a discrimination complaint?",
              "https://chrc-ccdp.ca/eng/content/what-do-i-need-know-filing-discrimination-complaint"),
    _official("ca-health-canada-988", "Health Canada",
              "Question Period Note: 9-8-8: 3-digit Number for Suicide Prevention",
              "https://search.open.canada.ca/qpnotes/record/hc-sc,MHA-2023-QP-0001", 2023),
    _official("ca-opc-access-bulletin", "Office of the Privacy Commissioner of Canada",
              "Interpretation Bulletin: Access to Personal Information",
              "https://priv.gc.ca/en/privacy-topics/privacy-laws-in-canada/the-personal-information-protection-and-electronic-documents-act-pipeda/pipeda-compliance-help/pipeda-interpretation-bulletins/interpretations_05_access",
              2020),
    _official("ca-opc-responding-access", "Office of the Privacy Commissioner of Canada",
              "Responding to access to information requests under PIPEDA",
              "https://www.priv.gc.ca/en/privacy-topics/accessing-personal-information/obligations-for-organizations/02_05_d_54_ati_02/",
              2014),
    # India
    _official("in-dge-national-career-service", "Directorate General of Employment, Ministry of Labour & Employment",
              "National Career Service (NCS)", "https://dge.gov.in/dge/ncs"),
    # New Zealand
    _official("nz-work-and-income-jobseeker", "Work and Income (Ministry of Social Development)", "Jobseeker Support",
              "https://www.workandincome.govt.nz/individuals/a-z-benefits/jobseeker-support.html"),
    _official("nz-hrc-complaint", "Human Rights Commission", "Make a complaint", "https://www.hrc.co.nz/complaint-form/"),
    _official("nz-moh-1737", "Ministry of Health", "Phone counselling service busy following Christchurch tragedy",
              "https://www.health.govt.nz/news-media/news-items/phone-counselling-service-busy-following-christchurch-tragedy",
              2019),
    _official("nz-privacy-ask", "Office of the Privacy Commissioner", "Ask for your information",
              "https://www.privacy.org.nz/your-rights/ask-for-your-information/"),
)

REGION_SOURCES: dict[str, Source] = {s.key: s for s in _SOURCES}


@dataclass(frozen=True)
class Help:
    """What we can say for one topic in one region, and the official pages that say it."""

    text: str                              # plain text, written for this site
    sources: tuple[str, ...]               # keys into REGION_SOURCES
    calls: tuple[str, ...] = ()            # phrases in ``text`` made tap-to-call links (their digits)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    topics: dict[str, Help | str]          # a str is the reason the topic is left out
    zones: tuple[str, ...] = ()            # IANA time zones that suggest this region
    languages: tuple[str, ...] = ()        # navigator.language tags that suggest it
    intro: str = ""                        # shown first when the region is opened


_NOT_CHECKED = "No stored copy of an official page on this could be checked, so it is left out for now."

REGIONS: tuple[Region, ...] = (
    Region(
        "sg", "Singapore",
        zones=("Asia/Singapore",), languages=("en-SG", "zh-SG", "ms-SG", "ta-SG"),
        topics={
            "coaching": Help(
                "Workforce Singapore (WSG) runs Careers Connect at the Lifelong Learning Institute. "
                "Its hotline, 6883 5885, answers questions about SkillsFuture Jobseeker Support, and "
                "career coaching is one of the job-search activities that scheme counts.",
                ("sg-wsg-jobseeker-support",)),
            "fairness": Help(
                "TAFEP gives advice and help to jobseekers and employees who face discrimination, "
                "including in hiring. (TAFEP is the Tripartite Alliance for Fair and Progressive "
                "Employment Practices.) Parliament passed the Workplace Fairness Act in 2025. But "
                "TAFEP's guide still says what the Act will require, so check there whether it is in "
                "force yet. TAFEP's page gives no time limit. Contact it while the details are fresh.",
                ("sg-tafep-individuals", "sg-mom-workplace-fairness-2025")),
            "crisis": Help(
                "National mindline 1771 gives support round the clock: call 1771, or WhatsApp "
                "+65 6669 1771. You can stay anonymous.",
                ("sg-moh-mindline-1771",), calls=("call 1771",)),
            "unemployment": Help(
                "SkillsFuture Jobseeker Support gives payouts over six months to people who qualify. "
                "You apply online. Then you earn points for job-search activities, such as career "
                "coaching or job applications. You get each month's payout when you reach that "
                "month's minimum points. Note each activity with its date as you go.",
                ("sg-wsg-jobseeker-support",)),
            "notes": Help(
                "Under the PDPA you can ask an organisation for the personal data it holds about you; "
                "name the role and the interview, and ask for the interview notes. It has 30 calendar "
                "days to respond. If it refuses without a valid reason, you can ask the PDPC for an "
                "access review.",
                ("sg-pdpc-individuals", "sg-pdpc-access-review")),
        },
    ),
    Region(
        "uk", "United Kingdom",
        zones=("Europe/London", "Europe/Belfast"), languages=("en-GB", "cy-GB", "gd-GB"),
        topics={
            "coaching": Help(
                "In England, the National Careers Service, funded by the Department for Education, has "
                "careers advisers on its helpline, 0800 100 900, and local advisers who meet you in "
                "person. Scotland, Wales and Northern Ireland have their own careers services.",
                ("uk-dfe-national-careers-service",), calls=("0800 100 900",)),
            "fairness": Help(
                "To take a discrimination claim to an employment tribunal, you must usually claim "
                "within 3 months of what happened. First, contact Acas for free Early Conciliation "
                "(0300 123 1100). The time limit is put on hold while Acas helps. Acas also explains "
                "what a job applicant can do next.",
                ("uk-hmcts-tribunal-guide", "uk-acas-rejected")),
            "crisis": Help(
                "Samaritans: call free on 116 123. In an emergency, dial 999.",
                ("uk-hpft-suicide-help",), calls=("116 123",)),
            "unemployment": Help(
                "On Universal Credit, your claimant commitment sets out what you agreed to do to look "
                "for work. You can see it in your online account and update your progress there. Note "
                "each application with its date as you go.",
                ("uk-dwp-claimant-commitment",)),
            "notes": Help(
                "You can ask an employer for a copy of the personal information it holds about you "
                "(a subject access request); ask for the interview notes in it. It normally has one "
                "month to respond, and it is usually free.",
                ("uk-ico-after-sar",)),
        },
    ),
    Region(
        "us", "United States",
        zones=("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
               "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Detroit",
               "America/Indiana/Indianapolis", "America/Boise", "America/Puerto_Rico"),
        languages=("en-US", "es-US"),
        topics={
            "coaching": Help(
                "American Job Centers, about 2,400 of them, are funded through the U.S. Department "
                "of Labor and serve all job seekers. Ask your nearest one about career advice.",
                ("us-dol-american-job-centers",)),
            "fairness": Help(
                "The EEOC enforces the federal laws against discrimination in hiring. In general you "
                "have 180 calendar days to file a charge, or 300 days where a state or local agency "
                "enforces a similar law. Don't wait long.",
                ("us-eeoc-time-limits",)),
            "crisis": Help(
                "988 Suicide & Crisis Lifeline: call or text 988, or chat online. It is free, "
                "confidential and open 24/7. If someone is in immediate danger, call 911.",
                ("us-wyoming-988",), calls=("call or text 988",)),
            "unemployment": Help(
                "Work-search rules for unemployment insurance differ from state to state. North "
                "Carolina, for example, asks you to contact at least three employers each week. It "
                "also asks for a detailed record of your search, kept for five years. Check your own "
                "state's rules.",
                ("us-nc-work-search",)),
            "notes": "No official US page on asking an employer for your interview notes could be "
                     "checked. You can still ask politely.",
        },
    ),
    Region(
        "ie", "Ireland",
        zones=("Europe/Dublin",), languages=("en-IE", "ga-IE", "ga"),
        topics={
            "coaching": Help(
                "Intreo, the Department of Social Protection's public employment service, helps "
                "jobseekers back into work, training and education, as well as with income support.",
                ("ie-dsp-intreo",)),
            "fairness": Help(
                "If you were treated unfairly while trying to get a job, on one of the grounds in the "
                "Employment Equality Acts, you can complain to the Workplace Relations Commission. "
                "Complaints must normally reach it within 6 months.",
                ("ie-wrc-employment-equality",)),
            "crisis": Help(
                "Samaritans answer on 116 123, a free 24-hour number.",
                ("ie-oireachtas-116123",), calls=("116 123",)),
            "unemployment": Help(
                "To get Jobseeker's Benefit or Jobseeker's Allowance you must be capable of work, "
                "available for work and genuinely seeking work, and attend meetings when the "
                "Department of Social Protection asks. Keep a dated list of what you did.",
                ("ie-citizens-information-jobseeker",)),
            "notes": Help(
                "Under the GDPR you can ask an employer for the personal data it holds about you; ask "
                "for the interview notes in the same request. It must respond within one month, or "
                "tell you within that month why it needs up to two more.",
                ("ie-dpc-access-time",)),
        },
    ),
    Region(
        "au", "Australia",
        zones=("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane", "Australia/Adelaide",
               "Australia/Perth", "Australia/Hobart", "Australia/Darwin", "Australia/Canberra"),
        languages=("en-AU",),
        topics={
            "coaching": Help(
                "Workforce Australia is the government's employment service. It runs online and "
                "through employment services providers, who help you understand and meet what your "
                "payment asks of you.",
                ("au-dewr-mutual-obligation",)),
            "fairness": Help(
                "The Australian Human Rights Commission takes complaints about discrimination under "
                "federal law, including at work. Legal Aid NSW lists time limits of 12 or 24 months "
                "from the discrimination, depending on the complaint. NSW also has its own body, "
                "Anti-Discrimination NSW (12 months). Complain early.",
                ("au-legal-aid-nsw-discrimination",)),
            "crisis": Help(
                "Lifeline: 13 11 14, 24 hours a day, 7 days a week. Beyond Blue: 1300 22 4636, also "
                "24/7. In an emergency, call 000.",
                ("au-vic-health-phone-services",), calls=("13 11 14",)),
            "unemployment": Help(
                "On JobSeeker Payment you agree to a Job Plan and meet its requirements, which may "
                "include completing and reporting your job searches. Note each one with its date.",
                ("au-services-australia-mutual-obligation",)),
            "notes": Help(
                "You can ask an organisation covered by the Privacy Act for the records it holds about "
                "you; ask for your interview notes too. It should generally respond within 30 days. The Act "
                "covers businesses that turn over more than $3 million a year, and some others.",
                ("au-oaic-access", "au-oaic-request-complainant")),
        },
    ),
    Region(
        "ca", "Canada",
        zones=("America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg",
               "America/Halifax", "America/St_Johns", "America/Regina", "America/Montreal",
               "America/Moncton", "America/Whitehorse", "America/Yellowknife", "America/Iqaluit"),
        languages=("en-CA", "fr-CA"),
        topics={
            "coaching": Help(
                "Job Bank, run by the Government of Canada, has job search, Job Match and "
                "career-exploration tools.",
                ("ca-esdc-job-bank",)),
            "fairness": Help(
                "Provinces and territories are responsible for most employers, so your complaint may "
                "belong with your province's or territory's human rights agency. For the Canadian "
                "Human Rights Commission, file within 12 months of the incident, or it may be refused.",
                ("ca-chrc-before-filing",)),
            "crisis": Help(
                "9-8-8 Suicide Crisis Helpline: call or text 9-8-8, in English or French, 24 hours a "
                "day, every day.",
                ("ca-health-canada-988",), calls=("call or text 9-8-8",)),
            "unemployment": _NOT_CHECKED,
            "notes": Help(
                "Under PIPEDA, an organization must tell you on request whether it holds personal "
                "information about you. It must give you access to it, with limited exceptions. "
                "Whether this covers a job application depends on the employer. The Commissioner's "
                "guidance names customers, and employees of federally regulated businesses.",
                ("ca-opc-access-bulletin", "ca-opc-responding-access")),
        },
    ),
    Region(
        "in", "India",
        zones=("Asia/Kolkata", "Asia/Calcutta"), languages=("en-IN", "hi-IN", "hi", "bn-IN", "ta-IN",
                                                             "te-IN", "mr-IN", "gu-IN", "kn-IN", "ml-IN"),
        topics={
            "coaching": Help(
                "The National Career Service, run by the Ministry of Labour & Employment, offers career "
                "counselling, vocational guidance and information on skills courses. Its helpline is 1514, "
                "Tuesday to Sunday, 8 am to 8 pm.",
                ("in-dge-national-career-service",), calls=("1514",)),
            "fairness": "No single national body for discrimination in private-sector hiring could be "
                        "checked on an official page.",
            "crisis": "No stored copy of an official page for a national helpline could be checked, so "
                      "none is listed here. In an emergency, contact local emergency services.",
            "unemployment": "No national unemployment benefit with a job-search record could be "
                            "checked on an official page.",
            "notes": "No official page on asking an employer for your personal data could be checked.",
        },
    ),
    Region(
        "nz", "New Zealand",
        zones=("Pacific/Auckland", "Pacific/Chatham"), languages=("en-NZ", "mi-NZ", "mi"),
        topics={
            "coaching": Help(
                "Work and Income helps people on Jobseeker Support to write a CV, prepare for "
                "interviews and find a job.",
                ("nz-work-and-income-jobseeker",)),
            "fairness": Help(
                "The Human Rights Commission gives free, confidential information, and helps resolve "
                "disputes about unlawful discrimination. Its page states no time limit. It aims to "
                "contact you within 15 working days.",
                ("nz-hrc-complaint",)),
            "crisis": Help(
                "Need to talk? Call or text 1737 any time, day or night, to talk to a trained "
                "counsellor. It is free. Healthline: 0800 611 116.",
                ("nz-moh-1737",), calls=("Call or text 1737",)),
            "unemployment": Help(
                "Jobseeker Support is a weekly payment while you look for work. To keep it you do "
                "required activities and meet obligations, such as accepting suitable work. Note each "
                "application with its date.",
                ("nz-work-and-income-jobseeker",)),
            "notes": Help(
                "You can ask almost any business or organisation for the information it holds about "
                "you, by email, letter, phone or in person. It must respond within 20 working days, "
                "and usually cannot charge you.",
                ("nz-privacy-ask",)),
        },
    ),
    Region(
        "other", "Somewhere else",
        intro="We have not checked official pages for your country yet. Look for four things. "
              "First, the public employment service: it often gives free career advice. Second, the "
              "equality or human-rights body, and its time limit for complaints. Third, the "
              "data-protection authority: it explains how to ask for your personal data, such as "
              "interview notes. Fourth, a crisis or support line. If you are in danger, call your "
              "local emergency number.",
        topics={topic: "Not checked for other countries: see the list of what to look for."
                for topic in TOPICS},
    ),
)

REGION_CODES = tuple(r.code for r in REGIONS)


def region(code: str) -> Region:
    for r in REGIONS:
        if r.code == code:
            return r
    raise KeyError(f"unknown region {code!r} (known: {', '.join(REGION_CODES)})")


# ---- HTML ---------------------------------------------------------------------------------

def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _date(iso: str) -> str:
    year, month, day = iso.split("-")
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{int(day)} {months[int(month) - 1]} {year}"


def _help_html(h: Help | str) -> str:
    if isinstance(h, str):
        return f'<p class="nr-region-missing">{_e(h)}</p>'
    text = _e(h.text)
    for phrase in h.calls:
        if _e(phrase) not in text:
            raise ValueError(f"call phrase {phrase!r} is not in the text {h.text!r}")
        digits = "".join(ch for ch in phrase if ch.isdigit())
        text = text.replace(_e(phrase), f'<a href="tel:{digits}">{_e(phrase)}</a>', 1)
    links = "; ".join(
        f'<a href="{_e(s.url)}">{_e(s.publisher)}: {_e(s.title)}</a> (checked {_date(s.checked)})'
        for s in (REGION_SOURCES[key] for key in h.sources)
    )
    return f'<p>{text}</p><p class="nr-region-source">Official page: {links}</p>'


def _chooser(topic: str) -> str:
    """The place chooser, hidden until regions.js shows it (a select does nothing without JS)."""
    sid = f"nr-region-select-{topic}"
    options = "".join(
        f'<option value="{_e(r.code)}" data-zones="{_e(" ".join(r.zones))}"'
        f' data-langs="{_e(" ".join(r.languages))}">{_e(r.name)}</option>'
        for r in REGIONS
    )
    return (
        '<div class="nr-region-chooser" hidden>'
        '<span class="nr-region-pick">'
        f'<label for="{sid}">Where do you live?</label> '
        f'<select id="{sid}" class="nr-region-select"><option value="">Choose a place</option>{options}</select> '
        '<button type="button" class="md-button nr-region-save">Show it first</button>'
        "</span> "
        '<button type="button" class="md-button nr-region-forget" hidden>Forget my choice</button>'
        '<p class="nr-region-suggest" hidden><span class="nr-region-suggest-text"></span> '
        '<button type="button" class="md-button nr-region-suggest-button"></button></p>'
        '<p class="nr-region-status" role="status"></p>'
        '<p class="nr-help">Your choice is kept in this browser only. It is never sent anywhere.</p>'
        "</div>"
    )


def _details(r: Region, body: str, anchor: bool = False) -> str:
    rid = f' id="region-{_e(r.code)}"' if anchor else ""
    return (f'<details class="nr-region"{rid} data-region="{_e(r.code)}">'
            f"<summary>{_e(r.name)}</summary>{body}</details>")


def regions_html() -> str:
    """Every region with every topic, for the regions page."""
    parts = [f'<div class="nr-regions" data-topic="all" data-storage-key="{_e(STORAGE_KEY)}">', _chooser("all")]
    for r in REGIONS:
        body = f'<p>{_e(r.intro)}</p>' if r.intro else ""
        if r.code != "other":
            body += "".join(f"<h3>{_e(title)}</h3>{_help_html(r.topics[topic])}"
                            for topic, title in TOPICS.items())
        parts.append(_details(r, body, anchor=True))
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def topic_html(topic: str, base: str | None = "", chooser: bool = True) -> str:
    """One topic for every region, folded, for the page where it matters. With ``base`` (the
    relative path to the site root), a Markdown link to the regions page follows the block.
    ``chooser=False`` leaves the chooser out (inside the worksheet's form, which owns every
    control in it); the block still follows the reader's choice."""
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r} (known: {', '.join(TOPICS)})")
    parts = [f'<div class="nr-regions" data-topic="{_e(topic)}" data-storage-key="{_e(STORAGE_KEY)}">']
    if chooser:
        parts.append(_chooser(topic))
    for r in REGIONS:
        body = f"<p>{_e(r.intro)}</p>" if r.intro else _help_html(r.topics[topic])
        parts.append(_details(r, body))
    parts.append("</div>")
    out = "\n".join(parts) + "\n"
    if base is not None:
        out += f"\nEvery place and topic, with the date each page was checked: [Help where you live]({base}help-where-you-live.md).\n"
    return out
