"""The printable checklist: an HTML page with print CSS, rendered to PDF in A4 and US Letter.

Everything here except :func:`write_pdf` is pure standard library, so the module imports
unchanged in Pyodide. ``write_pdf`` imports WeasyPrint only when it runs (at site-build time,
or from the command line)::

    python -m nextround_site.print_checklist OUTDIR

writes ``next-round-checklist-a4.pdf`` and ``next-round-checklist-letter.pdf`` into OUTDIR.
``hooks/checklist_pdf.py`` calls :func:`build_cached` to add them to the MkDocs site.

The PDFs are tagged (PDF/UA-1), carry a title and the language ``en``, and embed subsets of
the DejaVu fonts installed on the system; there is no web font and no remote resource.
"""

from __future__ import annotations

import hashlib
import html
import os
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from worksheet import content

PDF_VARIANT = "pdf/ua-1"
TITLE = "After the interview: your checklist"
DOWNLOAD_DIR = "downloads"


@dataclass(frozen=True)
class Paper:
    key: str        # used in the file name
    label: str      # what the reader sees on the download button
    css_size: str   # the CSS @page size
    points: tuple[int, int]  # width and height in PostScript points
    note_lines: int          # ruled lines for notes: as many as fit under the steps

    @property
    def filename(self) -> str:
        return f"next-round-checklist-{self.key}.pdf"

    @property
    def src_uri(self) -> str:
        """Where the file sits in the built site, relative to the site root."""
        return f"{DOWNLOAD_DIR}/{self.filename}"


PAPERS: tuple[Paper, ...] = (
    Paper("a4", "A4", "A4", (595, 842), note_lines=5),
    Paper("letter", "US Letter", "letter", (612, 792), note_lines=3),
)


def paper(key: str) -> Paper:
    for p in PAPERS:
        if p.key == key:
            return p
    raise ValueError(f"unknown paper size {key!r}; choose one of: {', '.join(p.key for p in PAPERS)}")


# Print CSS. Sizes are in points so the layout is the same on both papers; the page margins
# leave room for home printers that cannot print to the edge.
CSS = """
@page {
  size: %(size)s;
  margin: 14mm 17mm 12mm 17mm;
}
html { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; color: #000; background: #fff; }
body { margin: 0; }
header { border-bottom: 1.5pt solid #000; padding-bottom: 5pt; margin-bottom: 8pt; }
h1 { font-size: 19pt; line-height: 1.15; margin: 0 0 3pt 0; }
.promise { font-size: 10.5pt; margin: 0; }
.how { font-size: 9pt; margin: 4pt 0 0 0; }
section.step { margin: 0 0 6pt 0; break-inside: avoid; }
h2 { font-size: 12pt; margin: 0 0 1pt 0; }
.summary { font-size: 9pt; font-style: italic; margin: 0 0 1pt 0; }
ul.items { list-style: none; margin: 0; padding: 0; }
ul.items li { padding: 1.6pt 0 1.6pt 19pt; text-indent: -19pt; font-size: 10.5pt; }
ul.items li::before {
  /* an empty tick box, drawn in the flow (not positioned) so the text keeps reading order */
  content: ""; display: inline-block; box-sizing: border-box;
  width: 10pt; height: 10pt; margin-right: 9pt; vertical-align: -1pt;
  border: 1pt solid #000; border-radius: 1.5pt;
}
section.notes { margin-top: 8pt; break-inside: avoid; }
section.notes h2 { margin-bottom: 0; }
.line { height: 19pt; border-bottom: 0.6pt solid #777; }
footer { margin-top: 8pt; padding-top: 4pt; border-top: 0.6pt solid #000; font-size: 8.5pt; display: flex; justify-content: space-between; }
"""


def checklist_html(paper_key: str = "a4") -> str:
    """The checklist as a complete HTML document laid out for ``paper_key`` ("a4" or "letter")."""
    p = paper(paper_key)
    esc = html.escape
    steps = []
    for s, items in content.checklist():
        lis = "\n".join(f"      <li>{esc(item)}</li>" for item in items)
        steps.append(
            f'  <section class="step">\n'
            f"    <h2>{s.number}. {esc(s.title)}</h2>\n"
            f'    <p class="summary">{esc(s.summary)}</p>\n'
            f'    <ul class="items">\n{lis}\n    </ul>\n'
            f"  </section>"
        )
    lines = "\n".join('    <div class="line"></div>' for _ in range(p.note_lines))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(content.SITE_NAME)}: {esc(TITLE)}</title>\n"
        f'<meta name="author" content="{esc(content.SITE_NAME)}">\n'
        f'<meta name="description" content="{esc(content.SITE_PROMISE)}">\n'
        '<meta name="keywords" content="job interview, rejection, checklist, next steps">\n'
        f'<meta name="generator" content="{esc(content.SITE_NAME)} print_checklist">\n'
        f"<style>{CSS % {'size': p.css_size}}</style>\n"
        "</head>\n<body>\n"
        "<header>\n"
        f"  <h1>{esc(TITLE)}</h1>\n"
        f'  <p class="promise">{esc(content.SITE_PROMISE)}</p>\n'
        f'  <p class="how">Tick a box when it is done. Go at your own pace: one step a day is fine.</p>\n'
        "</header>\n"
        "<main>\n" + "\n".join(steps) + "\n"
        '  <section class="notes">\n    <h2>Notes</h2>\n' + lines + "\n  </section>\n"
        "</main>\n"
        "<footer>\n"
        f"  <strong>{esc(content.SITE_NAME)}</strong>\n"
        "  <span>Free, private, no account. The full guide and a worksheet are on the website.</span>\n"
        "</footer>\n"
        "</body>\n</html>\n"
    )


def weasyprint_version() -> str:
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return "absent"


def content_hash() -> str:
    """A short hash of everything that shapes the PDFs: the HTML of each paper and the renderer."""
    h = hashlib.sha256()
    for p in PAPERS:
        h.update(checklist_html(p.key).encode("utf-8"))
    h.update(f"{PDF_VARIANT}|weasyprint {weasyprint_version()}".encode())
    return h.hexdigest()[:16]


def write_pdf(paper_key: str, target: Path) -> Path:
    """Render the checklist for one paper size to ``target`` (written atomically)."""
    try:
        import weasyprint  # lazy: only the build machine needs it, never the browser
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "The PDF checklist needs WeasyPrint (see requirements.txt); it is not installed"
        ) from exc
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    document = weasyprint.HTML(string=checklist_html(paper_key)).render()
    pages = len(document.pages)
    if pages > 2:
        raise RuntimeError(f"the {paper_key} checklist runs to {pages} pages; it must fit on two")
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        document.write_pdf(tmp, pdf_variant=PDF_VARIANT)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def write_all(outdir: Path) -> dict[str, Path]:
    """Write every paper size into ``outdir``; returns ``{paper key: path}``."""
    outdir = Path(outdir)
    return {p.key: write_pdf(p.key, outdir / p.filename) for p in PAPERS}


def cache_root() -> Path:
    return Path(os.environ.get("NEXTROUND_CACHE") or Path(tempfile.gettempdir()) / "next-round-cache")


def build_cached(cache: Path | None = None) -> dict[str, Path]:
    """The PDFs for the current content, rendered once per content hash and reused after."""
    folder = Path(cache or cache_root()) / f"checklist-{content_hash()}"
    paths = {p.key: folder / p.filename for p in PAPERS}
    if all(path.is_file() and path.stat().st_size > 0 for path in paths.values()):
        return paths
    return write_all(folder)


def sizes(cache: Path | None = None) -> dict[str, int]:
    """The size in bytes of each current PDF, ``{paper key: size}`` (renders them if needed)."""
    return {key: path.stat().st_size for key, path in build_cached(cache).items()}


def human_size(size: int) -> str:
    """A file size the way a download button shows it: "850 bytes", "40 KB", "1.2 MB"."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


def download_links(base: str, sizes: dict[str, int]) -> str:
    """Markdown buttons that download each PDF, labelled with paper and size.

    Markdown (not raw HTML) so MkDocs checks and rewrites the links like any other.
    """
    buttons = []
    for p in PAPERS:
        if p.key not in sizes:
            raise ValueError(f"no size for the {p.key} checklist PDF")
        label = f"{p.label} (PDF, {human_size(sizes[p.key])})"
        buttons.append(
            f'[{label}]({base}{p.src_uri})'
            f'{{ .md-button download="{p.filename}" title="Download the checklist for {p.label} paper" }}'
        )
    return " ".join(buttons) + "\n{: .nr-downloads }\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print("usage: python -m nextround_site.print_checklist OUTDIR", file=sys.stderr)
        print("Writes the Next Round checklist as PDF in A4 and US Letter into OUTDIR.", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    outdir = Path(args[0])
    if outdir.exists() and not outdir.is_dir():
        print(f"error: {outdir} exists and is not a folder", file=sys.stderr)
        return 2
    for key, path in write_all(outdir).items():
        print(f"{path}  ({human_size(path.stat().st_size)})")
    return 0


if __name__ == "__main__":  # pragma: no cover - run as a process by tests/site/test_print_checklist.py
    sys.exit(main())
