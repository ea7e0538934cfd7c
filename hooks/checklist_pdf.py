"""Add the printable checklist PDFs (A4 and US Letter) to the site at build time.

One job: render the PDFs with ``nextround_site.print_checklist`` (cached by a hash of their
content, so an unchanged checklist is not rendered again) and add them to MkDocs' files as
``downloads/next-round-checklist-*.pdf``. Because MkDocs knows the files, links to them are
checked like any other under ``--strict``. No PDF is ever committed.
"""

from __future__ import annotations

from mkdocs.structure.files import File

from nextround_site import print_checklist


def on_files(files, config):
    paths = print_checklist.build_cached()
    for paper in print_checklist.PAPERS:
        existing = files.get_file_from_path(paper.src_uri)
        if existing is not None:
            raise ValueError(
                f"docs/{paper.src_uri} exists, but the checklist PDFs are generated at build time: "
                "delete the file from docs/"
            )
        files.append(File.generated(config, paper.src_uri, abs_src_path=str(paths[paper.key])))
    return files
