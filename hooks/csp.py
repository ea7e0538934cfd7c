"""Write a Content-Security-Policy <meta> into every built HTML page.

One job: ``nextround_site.build.protect_page`` / ``protect_template`` on each page's final
HTML. Runs last (after every other hook has changed the page), since the policy pins the
exact text of inline scripts. Only the worksheet page may compile WebAssembly
(``nextround_site.build.WASM_PAGES``).
"""

from __future__ import annotations

from nextround_site import build


def on_post_page(output, page, config):
    return build.protect_page(output, page.file.src_uri)


def on_post_template(output_content, template_name, config):
    return build.protect_template(output_content, template_name)
