"""The site built with Zensical (``python -m nextround_site build --generator zensical``) is the
site built with MkDocs: the same pages with the same text, the same downloads, wheel, standard
library and precache list, under the same strict CSP, working offline.

One Zensical build per session (``zensical_site``), compared with the MkDocs build every other
test uses (``site_dir``). The browser checks here are the few that differ between generators
(search, the worksheet, offline); everything else the suite checks on the MkDocs build.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import BrowserContext, Page, expect

from conftest import _QuietHandler, nav_pages
from nextround_site import __main__ as cli
from nextround_site import build, csp, offline
from nextround_site.site_build import BuildError
from test_csp import META, html_files, parse, violations, watch
from test_offline import SwapServer, Watch, company, wait_offline_copy, wait_ready

#: The generator's own files: its theme's scripts and styles, its search index and the sitemap,
#: which Material and Zensical name and write differently. Everything else is ours and must match.
THEME_FILES = re.compile(r"^(?:assets/javascripts/|assets/stylesheets/|search/search_index\.json$|search\.json$"
                         r"|sitemap\.xml(?:\.gz)?$)")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("zensical") / "site"
    assert cli.main(["build", "--generator", "zensical", str(dest)]) == 0
    return dest


class ArticleText(HTMLParser):
    """The text of a page's ``<article>`` (scripts and styles left out), whitespace folded."""

    def __init__(self):
        super().__init__()
        self.depth = self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)

    @classmethod
    def of(cls, path: Path) -> str:
        parser = cls()
        parser.feed(path.read_text(encoding="utf-8"))
        return " ".join(" ".join(parser.parts).split())


def pages(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in html_files(site)]


def precached(site: Path) -> dict[str, str]:
    return {url: digest for url, digest, _ in offline.read_build((site / "sw.js").read_text(encoding="utf-8"))["files"]}


# --- the files -------------------------------------------------------------------------------

def test_the_same_pages_with_the_same_text_in_every_article(site_dir, zensical_site):
    assert pages(zensical_site) == pages(site_dir)
    assert len(pages(site_dir)) > 10
    for rel in pages(site_dir):
        text = ArticleText.of(site_dir / rel)
        assert text, rel
        assert ArticleText.of(zensical_site / rel) == text, rel


def test_the_same_downloads_wheel_standard_library_and_precache_list(site_dir, zensical_site):
    def ours(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                if p.is_file() and p.suffix != ".html" and p.name not in ("sw.js", "_headers")
                and not THEME_FILES.match(p.relative_to(site).as_posix())}

    mine, theirs = ours(site_dir), ours(zensical_site)
    assert sorted(theirs) == sorted(mine)
    assert [n for n in mine if mine[n] != theirs[n]] == []  # byte for byte
    for needed in ("downloads/next-round-checklist-a4.pdf", "manifest.webmanifest"):
        assert needed in mine
    assert [n for n in mine if n.endswith(".whl")] and [n for n in mine if n.endswith("python_stdlib.zip")]
    # The offline copy: the same URLs apart from the theme's files, the same bytes for our files.
    a, b = precached(site_dir), precached(zensical_site)
    assert sorted(u for u in b if not THEME_FILES.match(u)) == sorted(u for u in a if not THEME_FILES.match(u))
    assert {u: d for u, d in b.items() if u in mine} == {u: d for u, d in a.items() if u in mine}
    assert "search.json" in b  # Zensical's search index is kept offline too
    for url, digest in b.items():
        rel = "index.html" if url == "./" else url + "index.html" if url.endswith("/") else url
        assert hashlib.sha256((zensical_site / rel).read_bytes()).hexdigest() == digest, url


def test_every_page_has_the_strict_policy_and_no_inline_style_is_left(zensical_site):
    for path in html_files(zensical_site):
        text = path.read_text(encoding="utf-8")
        metas = META.findall(text)
        assert len(metas) == 1, path
        policy = parse(metas[0])
        assert [s for s in policy["script-src"] if s.startswith("'sha256-")] == csp.inline_script_hashes(text), path
        assert policy["style-src"] == ["'self'"], path
        assert ("'wasm-unsafe-eval'" in policy["script-src"]) == (path.name == "index.html" and path.parent.name == "worksheet")
    bundles = list((zensical_site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1
    assert '("style",{}' not in bundles[0].read_text(encoding="utf-8")
    assert (zensical_site / "_headers").read_text(encoding="utf-8").count("Content-Security-Policy") > 10


# --- the build's own checks ----------------------------------------------------------------------

def test_the_config_for_zensical_is_relative_and_uses_the_classic_look(tmp_path):
    work = tmp_path / "work"
    config = yaml.safe_load(build.prepare(work, work / "site", generator="zensical").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert config["theme"]["custom_dir"] == "overrides" and (work / "overrides" / "main.html").is_file()
    assert config["theme"]["variant"] == "classic"
    with pytest.raises(BuildError, match="not inside"):
        build.prepare(work, tmp_path / "elsewhere", generator="zensical")
    with pytest.raises(BuildError, match="unknown generator"):
        build.prepare(work, work / "site", generator="hugo")
    with pytest.raises(BuildError, match="unknown generator"):
        build.build(tmp_path / "out", generator="hugo")


def test_a_failing_zensical_build_is_reported(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({"site_name": "x", "docs_dir": "missing", "site_dir": "/elsewhere"}))
    with pytest.raises(BuildError, match="zensical build .* failed"):
        build.run_zensical(config)


BUNDLE = ('var cfg=JSON.parse(el.textContent),base=new URL(cfg.base,here());var Tc=\'.l{color:red}\';'
          'function Sc(){o.appendChild(C("style",{},Tc.toString()))}')


def test_the_search_dialogs_styles_move_to_a_file_and_every_page_follows_the_bundle(tmp_path):
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.0123abcd.min.js").write_text(BUNDLE)
    (scripts / "bundle.0123abcd.min.js.map").write_text("{}")
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "index.html").write_text('<script src="../assets/javascripts/bundle.0123abcd.min.js"></script>')
    written = build.external_shadow_styles(tmp_path)
    css, js = written
    assert (tmp_path / css).read_text() == ".l{color:red}"
    bundle = (tmp_path / js).read_text()
    assert f'C("link",{{rel:"stylesheet",href:new URL("{css}",cfg.base).href}})' in bundle
    assert '"style"' not in bundle and not (scripts / "bundle.0123abcd.min.js").exists()
    assert list(scripts.glob("*.map")) == []
    assert Path(js).name in (tmp_path / "faq" / "index.html").read_text()
    assert build.external_shadow_styles(tmp_path) == []  # nothing left to do; Material's bundle neither


@pytest.mark.parametrize(("bundle", "message"), [
    (BUNDLE + 'C("style",{},Tc.toString())', "2 inline <style> elements"),
    (BUNDLE.replace("var Tc='.l{color:red}';", "var Tc=`x`;"), "not a plain string"),
    (BUNDLE.replace("JSON.parse", "parse"), "page's config"),
])
def test_a_bundle_this_build_does_not_know_stops_it(tmp_path, bundle, message):
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.0123abcd.min.js").write_text(bundle)
    with pytest.raises(BuildError, match=re.escape(message)):
        build.external_shadow_styles(tmp_path)


# --- in Chromium -------------------------------------------------------------------------------

@pytest.fixture
def zensical_host(tmp_path, zensical_site, request):
    srv = SwapServer(tmp_path, zensical_site, getattr(request, "param", "/"))
    yield srv
    srv.stop()


@pytest.mark.browser
def test_every_page_loads_and_search_works_without_a_violation(context: BrowserContext, page: Page, zensical_host, zensical_site):
    seen = watch(context, page)
    for path in nav_pages(zensical_site) + ["404.html"]:
        page.goto(zensical_host.base + path, wait_until="networkidle")
        seen += [f"{path}: {v}" for v in violations(page)]
    page.goto(zensical_host.base + "steps/reflect/")
    page.keyboard.press("/")
    page.keyboard.type("thank")
    result = page.locator("dialog a[href*='templates/']").first  # in the search's shadow root
    expect(result).to_be_visible()
    # the dialog's own stylesheet applies: its backdrop covers the page
    assert page.evaluate("""() => {
        const host = [...document.body.children].find((el) => el.shadowRoot);
        return [...host.shadowRoot.styleSheets].some((s) => s.href && s.href.includes("search-dialog."));
    }""")
    result.click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/templates/"))
    seen += violations(page)
    assert seen == []


@pytest.mark.browser
@pytest.mark.parametrize("zensical_host", ["/next-round/"], indirect=True, ids=["sub-path"])
def test_the_worksheet_and_the_offline_copy_work(context: BrowserContext, zensical_host, zensical_site):
    watch = Watch(context)
    page = context.new_page()
    page.goto(zensical_host.base + "worksheet/")
    company(page).fill("Acme Zensical")
    wait_ready(page)
    expect(page.locator('article[data-kind="thank_you"]')).to_contain_text("Acme Zensical", timeout=10_000)
    wait_offline_copy(page)
    watch.collect(page)

    zensical_host.stop()
    context.set_offline(True)
    for path in nav_pages(zensical_site):
        response = page.goto(zensical_host.base + path)
        assert response is not None and response.ok and response.from_service_worker, path
        expect(page.locator("h1").first).to_be_visible()
        watch.collect(page)
    page.goto(zensical_host.base + "worksheet/")
    expect(company(page)).to_have_value("Acme Zensical")
    wait_ready(page)
    expect(page.locator('article[data-kind="thank_you"]')).to_contain_text("Acme Zensical", timeout=10_000)
    watch.collect(page)
    assert watch.foreign(zensical_host.base) == []
    assert watch.problems == []


# --- the not-found page under a sub-path, in both builds -----------------------------------------

class NotFoundHandler(_QuietHandler):
    """Serves ``root`` and answers a missing file with the site's ``404.html`` (status 404), as
    static hosts do (GitHub Pages, Netlify, Cloudflare Pages)."""

    site: Path

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(params=["mkdocs", "zensical"])
def under_sub_path(request, tmp_path):
    """(base URL ending in /next-round/, site) for each build."""
    site = request.getfixturevalue("site_dir" if request.param == "mkdocs" else "zensical_site")
    (tmp_path / "next-round").symlink_to(site, target_is_directory=True)
    handler = type("Handler", (NotFoundHandler,), {"site": site})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(tmp_path)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/next-round/", site
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("missing", ["404.html", "no-such-page", "steps/old-page/"])
def test_the_not_found_page_is_styled_and_its_links_work_under_a_sub_path(context: BrowserContext, under_sub_path, missing):
    """In the site's folder the page works as built; deeper, its script moves it to that folder."""
    base, site = under_sub_path
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.url != base + missing else None)
    page.goto(base + missing, wait_until="networkidle")
    expect(page.locator("h1").first).to_have_text("404 - Not found")
    expect(page.locator(".md-header")).to_have_css("position", re.compile(r"^(?:sticky|fixed)$"))  # styled
    expect(page.locator(".md-nav__link").first).to_have_css("display", "flex")
    expect(page.locator("html")).to_have_class(re.compile(r"(?:^|\s)js(?:\s|$)"))  # the theme's script ran
    sheets = page.evaluate("[...document.styleSheets].map((s) => s.href).filter(Boolean)")
    assert sheets and all(s.startswith(base) for s in sheets), sheets
    if "/" not in missing:
        assert failed == []  # in the site's folder: every stylesheet, script and icon loaded at once
    links = page.evaluate("[...document.querySelectorAll('a[href]')].map((a) => a.href)")
    internal = sorted({u.split("#")[0] for u in links if u.startswith("http://127.0.0.1")} - {base + missing})
    assert base in internal and base + "worksheet/" in internal
    for url in internal:
        assert url.startswith(base), url
        assert page.request.get(url).status == 200, url
