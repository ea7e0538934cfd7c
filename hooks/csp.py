"""Write a Content-Security-Policy <meta> into every built HTML page.

One job: call ``nextround_site.csp.protect`` on each page's final HTML. Runs last (after every
other hook has changed the page), since the policy pins the exact text of inline scripts.
Only the pages in ``WASM_PAGES`` (the worksheet, which compiles Pyodide's WebAssembly) may
compile WebAssembly.
"""

from __future__ import annotations

from nextround_site import csp

WASM_PAGES = {"worksheet.md"}


def on_post_page(output, page, config):
    try:
        return csp.protect(output, wasm=page.file.src_uri in WASM_PAGES)
    except csp.CSPError as exc:
        raise csp.CSPError(f"{page.file.src_uri}: {exc}") from exc


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    try:
        return csp.protect(output_content)
    except csp.CSPError as exc:
        raise csp.CSPError(f"{template_name}: {exc}") from exc
