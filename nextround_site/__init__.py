"""Next Round site build: everything that runs when the site is built, never in the browser.

Page fragments (``pages``), the worksheet form (``form``), the checklist PDFs
(``print_checklist``), the Pyodide runtime copy and the engine wheel (``site_build``), task-list
labels (``a11y``), the Content-Security-Policy metas (``csp``) and ``_headers`` (``hosting``).

It imports the engine (``worksheet``) for content and models; the engine never imports this
package, and the wheel sent to the browser holds the engine alone.
"""
