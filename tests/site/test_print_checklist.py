"""The printable checklist: pure HTML generation, the command line, and the PDFs in the built site.

The expected text always comes from ``worksheet.content``, so these tests follow any change
to the steps or their checklist items.
"""

from __future__ import annotations

import html.parser
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from nextround_site import print_checklist, shortcodes
from worksheet import content

from conftest import ROOT


PAPER_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def squash(text: str) -> str:
    """Text for comparison: case, whitespace, soft hyphens and hyphens at line breaks ignored."""
    text = text.replace("\u00ad", "").replace("\u2019", "'")
    return re.sub(r"[\s\-\u2010\u2011]+", "", text).lower()


# --- pure parts ---------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_html_holds_title_promise_every_step_and_item(paper):
    doc = print_checklist.checklist_html(paper)
    assert doc.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in doc
    assert f"<title>{content.SITE_NAME}: {print_checklist.TITLE}</title>" in doc
    assert content.SITE_PROMISE.replace("'", "&#x27;") in doc
    for s, items in content.checklist():
        assert f"<h2>{s.number}. {s.title.replace(chr(39), '&#x27;')}</h2>" in doc
        for item in items:
            assert f"<li>{item.replace(chr(39), '&#x27;')}</li>" in doc
    assert doc.count("<li>") == sum(len(items) for _, items in content.checklist())
    assert f"size: {print_checklist.paper(paper).css_size};" in doc
    assert content.SITE_NAME in doc.split("<footer>")[1]


def test_html_uses_no_remote_or_web_font_resources():
    doc = print_checklist.checklist_html("a4")
    assert "url(" not in doc
    assert "@import" not in doc
    assert "@font-face" not in doc
    assert "http" not in doc
    assert '"DejaVu Sans"' in doc


def test_html_escapes_what_it_prints(monkeypatch):
    step = content.STEPS[0]
    odd = type(step)(**{**step.__dict__, "title": "Fish & <chips>", "checklist": ("a < b & c",)})
    monkeypatch.setattr(content, "STEPS", (odd,))
    doc = print_checklist.checklist_html("a4")
    assert "Fish &amp; &lt;chips&gt;" in doc
    assert "<li>a &lt; b &amp; c</li>" in doc
    assert "<chips>" not in doc


def test_unknown_paper_is_named():
    with pytest.raises(ValueError, match=r"unknown paper size 'a5'.*a4, letter"):
        print_checklist.checklist_html("a5")


def test_content_hash_follows_the_content(monkeypatch):
    before = print_checklist.content_hash()
    assert before == print_checklist.content_hash()
    monkeypatch.setattr(content, "SITE_PROMISE", "Something else entirely.")
    assert print_checklist.content_hash() != before


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 bytes"), (999, "999 bytes"), (1000, "1 KB"), (21_400, "21 KB"), (999_499, "999 KB"),
     (1_250_000, "1.2 MB")],
)
def test_human_size(size, shown):
    assert print_checklist.human_size(size) == shown


def test_download_links_are_markdown_buttons_with_size():
    out = print_checklist.download_links("../", {"a4": 20_600, "letter": 1_500})
    assert "[A4 (PDF, 21 KB)](../downloads/next-round-checklist-a4.pdf)" in out
    assert "[US Letter (PDF, 2 KB)](../downloads/next-round-checklist-letter.pdf)" in out
    assert out.count(".md-button") == 2
    assert out.rstrip().endswith("{: .nr-downloads }")
    with pytest.raises(ValueError, match="letter"):
        print_checklist.download_links("", {"a4": 1})


def test_downloads_shortcode_is_dispatched(tmp_path, monkeypatch):
    monkeypatch.setenv("NEXTROUND_CACHE", str(tmp_path))
    out = shortcodes.expand("<!-- nr:checklist-downloads -->", "checklist.md")
    sizes = print_checklist.sizes()
    assert f"A4 (PDF, {print_checklist.human_size(sizes['a4'])})" in out
    assert "(downloads/next-round-checklist-letter.pdf)" in out


# --- rendering (WeasyPrint) -----------------------------------------------------------------


def test_command_line_writes_both_pdfs(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "nextround_site.print_checklist", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for p in print_checklist.PAPERS:
        path = out / p.filename
        assert path.is_file()
        assert path.read_bytes().startswith(b"%PDF-")
        assert p.filename in result.stdout
    assert not list(out.glob("*.part"))


def test_command_line_explains_its_usage(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "nextround_site.print_checklist"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "usage: python -m nextround_site.print_checklist OUTDIR" in result.stderr
    not_a_dir = tmp_path / "file.txt"
    not_a_dir.write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "nextround_site.print_checklist", str(not_a_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "is not a folder" in result.stderr


def test_main_in_process(tmp_path, capsys):
    assert print_checklist.main([]) == 2
    assert "usage:" in capsys.readouterr().err
    assert print_checklist.main(["--help"]) == 0
    assert "A4 and US Letter" in capsys.readouterr().err
    (tmp_path / "file.txt").write_text("x")
    assert print_checklist.main([str(tmp_path / "file.txt")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert print_checklist.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for p in print_checklist.PAPERS:
        assert f"{tmp_path / p.filename}  (" in out
        assert (tmp_path / p.filename).stat().st_size > 1000


def test_a_checklist_too_long_for_two_pages_stops_the_build(tmp_path, monkeypatch):
    long_doc = "<html lang=en><title>x</title>" + "<p>line</p>" * 400
    monkeypatch.setattr(print_checklist, "checklist_html", lambda key: long_doc)
    with pytest.raises(RuntimeError, match=r"the a4 checklist runs to \d+ pages; it must fit on two"):
        print_checklist.write_pdf("a4", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    import weasyprint.document

    def fail(self, target, **options):
        Path(target).write_bytes(b"%PDF-1.7 half a file")
        raise OSError("No space left on device")

    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", fail)
    with pytest.raises(OSError, match="No space left"):
        print_checklist.write_pdf("letter", tmp_path / "out.pdf")
    assert list(tmp_path.iterdir()) == []


def test_renderer_version_is_part_of_the_hash(monkeypatch):
    before = print_checklist.content_hash()

    def missing(name):
        raise print_checklist.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(print_checklist.metadata, "version", missing)
    assert print_checklist.weasyprint_version() == "absent"
    assert print_checklist.content_hash() != before


def test_cache_renders_once_per_content(tmp_path):
    first = print_checklist.build_cached(tmp_path)
    stamps = {key: path.stat().st_mtime_ns for key, path in first.items()}
    again = print_checklist.build_cached(tmp_path)
    assert again == first
    assert {key: path.stat().st_mtime_ns for key, path in again.items()} == stamps
    assert all(print_checklist.content_hash() in str(path) for path in first.values())


# --- the PDFs in the built site -------------------------------------------------------------


def site_pdf(site_dir: Path, key: str) -> Path:
    return site_dir / print_checklist.paper(key).src_uri


@pytest.mark.parametrize("key", ["a4", "letter"])
def test_pdf_is_in_the_site_with_every_step_and_item(site_dir, key):
    path = site_pdf(site_dir, key)
    assert path.is_file(), f"{path} missing from the built site"
    reader = pypdf.PdfReader(path)
    assert 1 <= len(reader.pages) <= 2
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert squash(print_checklist.TITLE) in text
    assert squash(content.SITE_PROMISE) in text
    assert squash(content.SITE_NAME) in text
    for s, items in content.checklist():
        assert squash(s.title) in text, s.title
        for item in items:
            assert squash(item) in text, item


@pytest.mark.parametrize("key", ["a4", "letter"])
def test_pdf_page_size(site_dir, key):
    reader = pypdf.PdfReader(site_pdf(site_dir, key))
    want_w, want_h = PAPER_POINTS[key]
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - want_w) <= 1
        assert abs(float(box.height) - want_h) <= 1


def structure_tags(node, counts=None):
    """How often each structure type (``/H1``, ``/LI``...) occurs in a PDF's tag tree."""
    counts = {} if counts is None else counts
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            counts[str(node["/S"])] = counts.get(str(node["/S"]), 0) + 1
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            structure_tags(kid, counts)
    return counts


@pytest.mark.parametrize("key", ["a4", "letter"])
def test_pdf_is_a_proper_document(site_dir, key):
    reader = pypdf.PdfReader(site_pdf(site_dir, key))
    meta = reader.metadata
    assert meta.title == f"{content.SITE_NAME}: {print_checklist.TITLE}"
    assert meta.author == content.SITE_NAME
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    # Tagged: a structure tree, marked content, and the title shown instead of the file name.
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    # The tags mirror the document: one title, a heading and a list per step, an item per box.
    tags = structure_tags(catalog["/StructTreeRoot"])
    assert tags["/H1"] == 1
    assert tags["/H2"] == len(content.STEPS) + 1  # the steps and "Notes"
    assert tags["/L"] == len(content.STEPS)
    assert tags["/LI"] == sum(len(items) for _, items in content.checklist())
    # Every font is embedded.
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
            descriptor = descriptor["/FontDescriptor"].get_object()
            fonts.append(font["/BaseFont"])
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    assert fonts and all("DejaVu" in str(name) for name in fonts)


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def pdf_links(site_dir: Path, page: str) -> dict[str, str]:
    """``{site-relative target: link text}`` for every link to a checklist PDF on ``page``."""
    parser = _Links()
    parser.feed((site_dir / page / "index.html").read_text(encoding="utf-8"))
    found = {}
    for href, text in parser.links:
        target = posixpath.normpath(posixpath.join(page, href.split("#")[0]))
        if target.endswith(".pdf"):
            found[target] = text
    return found


@pytest.mark.parametrize("where", ["", "checklist/"], ids=["home", "checklist"])
def test_both_pdfs_are_linked(site_dir, where):
    links = pdf_links(site_dir, where)
    for p in print_checklist.PAPERS:
        assert p.src_uri in links, f"{where or 'home page'} has no link to {p.src_uri}"
        assert (site_dir / p.src_uri).is_file()


def test_checklist_page_shows_each_pdf_with_its_real_size(site_dir):
    links = pdf_links(site_dir, "checklist/")
    for p in print_checklist.PAPERS:
        size = print_checklist.human_size((site_dir / p.src_uri).stat().st_size)
        assert links[p.src_uri] == f"{p.label} (PDF, {size})"


def test_checklist_page_shows_every_item(site_dir):
    page = (site_dir / "checklist" / "index.html").read_text(encoding="utf-8")
    text = squash(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    for s, items in content.checklist():
        assert squash(s.title) in text
        for item in items:
            assert squash(item) in text, item

