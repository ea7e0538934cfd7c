"""The site build in plain steps: what the MkDocs hooks do, callable without them.

Each hook in ``hooks/`` is a one-line call into a function here, and the plain build runs the
same functions around a hook-less ``mkdocs build``::

    python -m nextround_site build SITE_DIR

1. :func:`prepare` copies ``docs/`` into a work folder, expands the ``<!-- nr:... -->``
   shortcodes in every Markdown file, adds the checklist PDFs under ``downloads/``, builds the
   engine wheel and the worksheet's standard library zip, and writes a config: ``mkdocs.yml`` without ``hooks:``, pointing at the work
   folder, with the runtime and wheel paths in ``extra``.
2. MkDocs (or any generator that reads ``mkdocs.yml``) builds that config.
3. :func:`finish` gives task-list checkboxes their labels and every page its CSP ``<meta>``,
   copies the Pyodide runtime, the wheel and the standard library in, and writes ``_headers``.

``tests/site/test_plain_build.py`` builds the site both ways and compares every file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import a11y, csp, hosting, offline, print_checklist, shortcodes, site_build, stdlib
from .site_build import BuildError

ROOT = Path(__file__).resolve().parent.parent
#: Pages (by source path) that may compile WebAssembly: the worksheet, which boots Pyodide.
WASM_PAGES = {"worksheet.md"}
WHEEL_DIR = "wheel"          # in the work folder: the built wheel
STDLIB_DIR = "stdlib"        # in the work folder: the worksheet's standard library zip
CONFIG_NAME = "mkdocs.yml"   # in the work folder: the config without hooks
#: The generators that build the prepared config; the first is the default.
GENERATORS = ("mkdocs", "zensical")
ZENSICAL_SITE = "site"       # in the work folder: where Zensical writes (it refuses a site_dir outside it)
ZENSICAL_THEME = "overrides" # in the work folder: the theme overrides, copied (Zensical panics on absolute paths)


# --- one function per hook -------------------------------------------------------------------

def checklist_pdfs(existing: set[str]) -> dict[str, Path]:
    """``{site path: rendered file}`` for the checklist PDFs (``hooks/checklist_pdf.py``).

    ``existing`` holds the source paths already in the docs; a PDF there is refused, since the
    PDFs are generated and never committed.
    """
    paths = print_checklist.build_cached()
    out = {}
    for paper in print_checklist.PAPERS:
        if paper.src_uri in existing:
            raise ValueError(
                f"docs/{paper.src_uri} exists, but the checklist PDFs are generated at build time: "
                "delete the file from docs/"
            )
        out[paper.src_uri] = paths[paper.key]
    return out


def label_page(html: str, src_uri: str) -> str:
    """Task-list checkboxes named by their item's text (``hooks/tasklist_labels.py``)."""
    return a11y.label_task_checkboxes(html, where=src_uri)


def protect_page(html: str, src_uri: str) -> str:
    """The finished page with its CSP ``<meta>`` (``hooks/csp.py``)."""
    try:
        return csp.protect(html, wasm=src_uri in WASM_PAGES)
    except csp.CSPError as exc:
        raise csp.CSPError(f"{src_uri}: {exc}") from exc


def protect_template(output: str, template_name: str) -> str:
    """A theme template's output (e.g. ``404.html``) with its CSP ``<meta>`` if it is HTML
    (``404.html`` with its links relative first: :func:`not_found_links`)."""
    if not template_name.endswith(".html"):
        return output
    if template_name == NOT_FOUND:
        output = not_found_links(output)
    try:
        return csp.protect(output)
    except csp.CSPError as exc:
        raise csp.CSPError(f"{template_name}: {exc}") from exc


def pyodide_path(root: Path = ROOT, node_modules: Path | None = None) -> str:
    """Check ``node_modules/pyodide`` is the pinned version; the site path pages load it from
    (``hooks/pyodide_runtime.py``, when the config loads)."""
    version = site_build.pinned_pyodide_version(Path(root) / "package.json")
    site_build.check_pyodide(Path(node_modules or Path(root) / "node_modules"), version)
    return f"assets/pyodide/{version}/"


def copy_pyodide(site_dir: Path, root: Path = ROOT, node_modules: Path | None = None) -> None:
    """Copy the runtime files into the built site (``hooks/pyodide_runtime.py``, after the build)."""
    version = site_build.pinned_pyodide_version(Path(root) / "package.json")
    site_build.pyodide_runtime(Path(node_modules or Path(root) / "node_modules"),
                               Path(site_dir) / "assets" / "pyodide" / version, version)


def build_wheel(out_dir: Path, root: Path = ROOT) -> site_build.Wheel:
    """The engine wheel, built into ``out_dir`` (``hooks/worksheet_wheel.py``)."""
    return site_build.build_wheel(Path(root), Path(out_dir))


def copy_wheel(wheel: site_build.Wheel, site_dir: Path) -> None:
    """Put the wheel at its hashed path in the built site."""
    target = Path(site_dir) / wheel.site_path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(wheel.path, target)


def compile_for_pyodide(wheel: site_build.Wheel, out_dir: Path, root: Path = ROOT,
                        node_modules: Path | None = None) -> tuple[stdlib.Stdlib, site_build.Wheel]:
    """The worksheet's trimmed, compiled standard library (written into ``out_dir``) and the
    wheel with its modules compiled too (rewritten in place, so its hash and URL change),
    both made by running the wheel in the pinned Pyodide under Node
    (``hooks/worksheet_wheel.py``, after the wheel); cached per input hash like the PDFs."""
    version = site_build.pinned_pyodide_version(Path(root) / "package.json")
    pkg = site_build.check_pyodide(Path(node_modules or Path(root) / "node_modules"), version)
    lib = stdlib.build_cached(pkg, wheel.path, Path(out_dir), version, wheel_out=wheel.path,
                              cache=print_checklist.cache_root())
    compiled = dataclasses.replace(wheel, digest=site_build.short_digest(wheel.path))
    return lib, compiled


def copy_stdlib(lib: stdlib.Stdlib, site_dir: Path) -> None:
    """Put the standard library zip at its hashed path in the built site."""
    target = Path(site_dir) / lib.site_path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(lib.path, target)


def header_rules(site_dir: Path) -> list[tuple[str, dict[str, str]]]:
    """The ``_headers`` rules for the finished site (its pages' final CSP, its file list)."""
    site = Path(site_dir)
    pages, files = {}, []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.endswith(".html"):
            pages[rel] = path.read_text(encoding="utf-8")
        elif rel != "_headers":
            files.append(rel)
    return hosting.rules(pages, files)


def write_service_worker(site_dir: Path) -> None:
    """The offline copy's precache list, and the headers ``_headers`` gives each file, written
    into the built ``sw.js`` (after the runtime and the wheel are in, before ``_headers``)."""
    offline.write_service_worker(site_dir, header_rules(site_dir))


def write_headers(site_dir: Path) -> Path:
    """Write ``_headers`` from the finished site (``hooks/headers.py``; runs last)."""
    target = Path(site_dir) / "_headers"
    target.write_text(hosting.render(header_rules(site_dir)), encoding="utf-8")
    return target


# --- the plain build ---------------------------------------------------------------------------

def page_dest(src_uri: str) -> str:
    """Where MkDocs writes a Markdown page with ``use_directory_urls``: ``faq.md`` ->
    ``faq/index.html``, ``index.md`` and ``steps/index.md`` -> ``index.html`` in their folder."""
    folder, name = posixpath.split(src_uri)
    stem = name.removesuffix(".md")
    parts = [folder] if folder else []
    if stem not in ("index", "README"):
        parts.append(stem)
    return posixpath.join(*parts, "index.html") if parts else "index.html"


def _load_config(path: Path) -> dict:
    import yaml  # the build machine has it (MkDocs needs it); never the browser

    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: the plain build reads plain YAML only ({exc})") from None
    if not isinstance(config, dict):
        raise BuildError(f"{path}: not a MkDocs config")
    return config


def prepare(work: Path, site_dir: Path, config_file: Path | None = None, root: Path = ROOT,
            generator: str = "mkdocs") -> Path:
    """Write generated docs, the wheel and a hook-less config into ``work``; returns the config.

    For MkDocs the config holds absolute paths. For Zensical every path is relative to
    ``work`` (absolute ones make it panic): the theme overrides are copied into ``work``, and
    ``site_dir`` must lie inside ``work`` (Zensical refuses one outside its config's folder).
    """
    if generator not in GENERATORS:
        raise BuildError(f"unknown generator {generator!r}: choose one of {', '.join(GENERATORS)}")
    root = Path(root)
    config_file = Path(config_file or root / CONFIG_NAME)
    work = Path(work)
    config = _load_config(config_file)
    base = config_file.parent
    docs_src = base / config.get("docs_dir", "docs")
    docs = work / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(docs_src, docs, ignore=shutil.ignore_patterns("__pycache__"))
    existing = set()
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        src_uri = path.relative_to(docs).as_posix()
        existing.add(src_uri)
        if path.suffix == ".md":
            text = path.read_bytes().decode("utf-8")
            path.write_bytes(shortcodes.expand(text, src_uri).encode("utf-8"))
    for src_uri, pdf in checklist_pdfs(existing).items():
        (docs / src_uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, docs / src_uri)
    wheel = build_wheel(work / WHEEL_DIR, root)
    lib, wheel = compile_for_pyodide(wheel, work / STDLIB_DIR, root)

    config.pop("hooks", None)
    config["docs_dir"] = str(docs.resolve())
    config["site_dir"] = str(Path(site_dir).resolve())
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((base / theme["custom_dir"]).resolve())
    if generator == "zensical":
        _relative_for_zensical(config, work)
    config.setdefault("extra", {})
    config["extra"]["nr_pyodide_path"] = pyodide_path(root)
    config["extra"]["nr_worksheet_wheel"] = wheel.site_path
    config["extra"]["nr_python_stdlib"] = lib.site_path
    import yaml

    target = work / CONFIG_NAME
    target.write_text(
        "# Generated by `python -m nextround_site prepare` from "
        f"{config_file.name}: no hooks; shortcodes already expanded in docs_dir.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return target


def _relative_for_zensical(config: dict, work: Path) -> None:
    """Make ``config``'s paths relative to ``work`` and pick Material's look for Zensical."""
    work = work.resolve()
    site = Path(config["site_dir"])
    if not site.is_relative_to(work):
        raise BuildError(f"Zensical writes the site inside its config's folder: {site} is not inside {work}")
    config["docs_dir"] = Path(config["docs_dir"]).relative_to(work).as_posix()
    config["site_dir"] = site.relative_to(work).as_posix()
    theme = config.setdefault("theme", {})
    if theme.get("custom_dir"):
        target = work / ZENSICAL_THEME
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(theme["custom_dir"], target, ignore=shutil.ignore_patterns("__pycache__"))
        theme["custom_dir"] = ZENSICAL_THEME
    theme.setdefault("variant", "classic")  # Material for MkDocs' look, not Zensical's new one


NOT_FOUND = "404.html"
_ROOT_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)([^"]*)"')
_ROOT_CONFIG = re.compile(r'("(?:base|search)":\s*")/(?!/)([^"]*)"')


def _from_root(rest: str) -> str:
    return rest if rest not in ("", ".") else "./"


def not_found_links(html: str) -> str:
    """``404.html`` with the links the generator wrote from the host's root (``/assets/...``,
    ``/faq/``; both MkDocs and Zensical do so without a ``site_url``) made relative to the
    site's own folder, where the page sits: so it is styled and its links work when the site
    is served under a sub-path (``/next-round/404.html``, or a missing ``/next-round/x``).
    The page's config (``__config``: ``base``, the search worker) is treated the same way."""
    html = _ROOT_LINK.sub(lambda m: f'{m.group(1)}{_from_root(m.group(2))}"', html)
    return _ROOT_CONFIG.sub(lambda m: f'{m.group(1)}{_from_root(m.group(2)) if m.group(2) else "."}"', html)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _config_path(work: Path, value: str) -> Path:
    """A path from the generated config: absolute (MkDocs) or relative to ``work`` (Zensical)."""
    return (Path(work) / value).resolve()


#: Zensical's search draws its dialog in a shadow root and styles it with a ``<style>``
#: element made from a string in its bundle; the CSP (``style-src 'self'``) refuses that
#: element. :func:`external_shadow_styles` moves the string into a stylesheet file and has the
#: bundle link it instead. Material's bundle has no such element, so a MkDocs build is left as is.
_SHADOW_STYLE = re.compile(r'(\w+)\("style",\{\},(\w+)\.toString\(\)\)')
_BUNDLE = re.compile(r"^bundle\.[0-9a-f]{8}\.min\.js$")
#: Where the bundle parses the page's ``__config`` and makes its ``base`` an absolute URL.
_BUNDLE_CONFIG = re.compile(r"\b(\w+)=JSON\.parse\(\w+\.textContent\),(\w+)=new URL\(\1\.base,")


def external_shadow_styles(site: Path) -> list[str]:
    """Rewrite ``site``'s theme bundle so the search dialog's styles come from a file, not an
    inline ``<style>``; returns the site paths written (none when there was nothing to do).

    The bundle gets a new hashed name (its content changed) and every page points to it.
    """
    site = Path(site)
    scripts = site / "assets" / "javascripts"
    written = []
    for bundle in sorted(p for p in scripts.glob("bundle.*.min.js") if _BUNDLE.match(p.name)):
        text = _read(bundle)
        calls = _SHADOW_STYLE.findall(text)
        if not calls:
            continue
        if len(calls) != 1:
            raise BuildError(f"{bundle.name}: {len(calls)} inline <style> elements; expected one")
        make, var = calls[0]
        string = re.search(rf"\bvar {re.escape(var)}='([^'\\]*)'", text)
        if string is None:
            raise BuildError(f"{bundle.name}: the search dialog's styles ({var}) are not a plain string")
        css = string.group(1).encode("utf-8")
        css_rel = f"assets/stylesheets/search-dialog.{hashlib.sha256(css).hexdigest()[:8]}.min.css"
        (site / css_rel).parent.mkdir(parents=True, exist_ok=True)
        (site / css_rel).write_bytes(css)
        # The config's base is the site root as an absolute URL (the bundle resolves search
        # results against it too), so the link works from any page and under any sub-path.
        config = _BUNDLE_CONFIG.search(text)
        if config is None:
            raise BuildError(f"{bundle.name}: cannot find where the bundle reads the page's config")
        link = f'{make}("link",{{rel:"stylesheet",href:new URL("{css_rel}",{config.group(1)}.base).href}})'
        text = _SHADOW_STYLE.sub(lambda _: link, text)
        new_name = f"bundle.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}.min.js"
        (scripts / new_name).write_bytes(text.encode("utf-8"))
        bundle.unlink()
        for old_map in scripts.glob(bundle.name + ".map"):
            old_map.unlink()  # the map no longer matches the rewritten bundle
        for page in site.rglob("*.html"):
            html = _read(page)
            if bundle.name in html:
                page.write_bytes(html.replace(bundle.name, new_name).encode("utf-8"))
        written += [css_rel, f"assets/javascripts/{new_name}"]
    return written


def finish(work: Path, root: Path = ROOT) -> Path:
    """After the generator has built ``work``'s config: labels, CSP, runtime, wheel, _headers.
    Returns the site folder."""
    work = Path(work)
    config = _load_config(work / CONFIG_NAME)
    docs, site = _config_path(work, config["docs_dir"]), _config_path(work, config["site_dir"])
    if not site.is_dir():
        raise BuildError(f"{site} does not exist: build {work / CONFIG_NAME} before finishing")
    external_shadow_styles(site)
    pages = {page_dest(p.relative_to(docs).as_posix()): p.relative_to(docs).as_posix()
             for p in docs.rglob("*.md")}
    copied = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel in pages:
            src_uri = pages[rel]
            html = protect_page(label_page(_read(path), src_uri), src_uri)
        elif rel in copied:
            continue  # a static file from docs/: MkDocs copies it as is, and so do the hooks
        else:
            html = protect_template(_read(path), rel)  # a theme template such as 404.html
        path.write_bytes(html.encode("utf-8"))
    copy_pyodide(site, root)
    wheels = sorted((work / WHEEL_DIR).glob("*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"{work / WHEEL_DIR} should hold the one wheel prepare built")
    wheel = site_build.Wheel(path=wheels[0], name=wheels[0].name, version=wheels[0].name.split("-")[1],
                             digest=site_build.short_digest(wheels[0]))
    copy_wheel(wheel, site)
    version = site_build.pinned_pyodide_version(Path(root) / "package.json")
    zips = sorted((work / STDLIB_DIR).glob("*.zip"))
    if len(zips) != 1:
        raise BuildError(f"{work / STDLIB_DIR} should hold the one standard library zip prepare built")
    copy_stdlib(stdlib.read_stdlib(zips[0], version), site)
    write_service_worker(site)
    write_headers(site)
    return site


def run_mkdocs(config: Path) -> None:
    """``mkdocs build --strict`` on the generated config, in this Python."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"mkdocs build -f {config} failed:\n{result.stdout}{result.stderr}")


def run_zensical(config: Path) -> None:
    """``zensical build`` on the generated config, in this Python."""
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config)],
                            cwd=Path(config).parent, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"zensical build -f {config} failed:\n{result.stdout}{result.stderr}")


def build(site_dir: Path, config_file: Path | None = None, root: Path = ROOT, generator: str = "mkdocs") -> Path:
    """The whole site into ``site_dir`` without hooks: prepare, the generator, finish.

    Zensical writes inside the work folder; the finished site is then moved to ``site_dir``
    (whatever was there is replaced, as ``mkdocs build`` cleans its site folder)."""
    if generator not in GENERATORS:
        raise BuildError(f"unknown generator {generator!r}: choose one of {', '.join(GENERATORS)}")
    with tempfile.TemporaryDirectory(prefix="nr-plain-build-") as tmp:
        work = Path(tmp)
        if generator == "mkdocs":
            config = prepare(work, site_dir, config_file, root)
            run_mkdocs(config)
            return finish(work, root)
        config = prepare(work, work / ZENSICAL_SITE, config_file, root, generator="zensical")
        run_zensical(config)
        built = finish(work, root)
        target = Path(site_dir)
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(built), str(target))
        return target
