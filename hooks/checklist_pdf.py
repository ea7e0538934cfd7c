"""Add the printable checklist PDFs (A4 and US Letter) to the site at build time.

One job: add ``nextround_site.build.checklist_pdfs`` (rendered once per content hash) to
MkDocs' files as ``downloads/next-round-checklist-*.pdf``. Because MkDocs knows the files,
links to them are checked like any other under ``--strict``. No PDF is ever committed.
"""

from __future__ import annotations

from mkdocs.structure.files import File

from nextround_site import build


def on_files(files, config):
    for src_uri, path in build.checklist_pdfs({f.src_uri for f in files}).items():
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    return files
