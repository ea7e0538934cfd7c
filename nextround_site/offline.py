"""Build-time: the offline copy's precache list, written into the built service worker.

Plain functions, no MkDocs import (``hooks/offline.py`` calls ``write_service_worker`` after
the build, once every page has its final HTML and Pyodide and the wheel are in the site).
Stdlib only. Build-time code: never shipped in the worksheet wheel (``site_build`` leaves
this module out).

The site's own ``sw.js`` (copied from ``docs/sw.js``) holds one placeholder line,
``const BUILD = null;``. The build replaces it with this build's version and the list of every
file to keep offline, each with the SHA-256 of its bytes. The service worker checks every
download against that hash, so an offline copy is always one whole build: never half of one,
never two mixed. Changing any file changes the version, which changes ``sw.js``, which is how
a browser notices that there is a new build.

The build also hands over the headers its ``_headers`` rules give each kept file
(``headers``: each distinct set once; ``file_headers``: the set of each file, in the order of
``files``). The service worker stores every file with the headers the host sent, and adds from
these the ones a host did not send (a host that does not read ``_headers``), so the offline
copy serves pages and workers under the same policies as the host. A change in those headers
changes the version too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

from . import hosting

SERVICE_WORKER = "sw.js"
PLACEHOLDER = "const BUILD = null;"

#: Files an offline copy does not need: host configuration, the service worker itself,
#: source maps, the sitemap, and the search's word splitters for languages the site is not
#: written in (Material loads them only for those languages).
EXCLUDE = (
    re.compile(r"^_headers$"),
    re.compile(rf"^{re.escape(SERVICE_WORKER)}$"),
    re.compile(r"\.map$"),
    re.compile(r"^sitemap\.xml(?:\.gz)?$"),
    re.compile(r"^assets/javascripts/lunr/"),
)


class OfflineError(RuntimeError):
    """The service worker cannot be written; the message says why."""


def url_for(rel: str) -> str:
    """The URL a file is requested by, relative to the site root: ``x/index.html`` -> ``x/``
    (directory URLs), ``index.html`` -> ``./``, anything else unchanged."""
    if rel == "index.html":
        return "./"
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def precache_entries(site: Path) -> list[list[str]]:
    """``[url, sha256 hex, size]`` for every file of the built site an offline copy keeps,
    sorted by URL."""
    site = Path(site)
    entries = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if any(pattern.search(rel) for pattern in EXCLUDE):
            continue
        data = path.read_bytes()
        entries.append([url_for(rel), hashlib.sha256(data).hexdigest(), len(data)])
    entries.sort(key=lambda e: e[0])
    return entries


def header_sets(entries: list[list], rules: Sequence[tuple[str, dict[str, str]]] = ()) -> tuple[list[dict[str, str]], list[int]]:
    """The headers ``rules`` (``_headers``, see ``hosting``) give each entry's URL: every
    distinct set once, and for each entry the index of its set. Values of a header that two
    rules set are joined with a comma, as hosts do."""
    sets: list[dict[str, str]] = []
    index: dict[str, int] = {}
    of: list[int] = []
    for url, _, _ in entries:
        path = "/" + (url if url != "./" else "")
        found = {name: ", ".join(values) for name, values in hosting.headers_for(list(rules), path).items()}
        key = json.dumps(found, sort_keys=True)
        if key not in index:
            index[key] = len(sets)
            sets.append(found)
        of.append(index[key])
    return sets, of


def build_version(entries: list[list], headers: list[dict[str, str]] | None = None,
                  file_headers: list[int] | None = None) -> str:
    """A short hash of the whole list (and of the headers each file is kept with): it changes
    whenever any kept file, or the headers it is served with, changes."""
    lines = [f"{url} {digest}" for url, digest, _ in entries]
    if headers and file_headers:
        lines = [f"{line} {json.dumps(headers[i], sort_keys=True)}" for line, i in zip(lines, file_headers, strict=True)]
    text = "\n".join(lines)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_for(entries: list[list], rules: Sequence[tuple[str, dict[str, str]]] = ()) -> dict:
    """What ``sw.js`` is given: ``version``, ``files``, ``headers`` and ``file_headers``."""
    headers, file_headers = header_sets(entries, rules)
    return {"version": build_version(entries, headers, file_headers), "files": entries,
            "headers": headers, "file_headers": file_headers}


def render(source: str, build: dict) -> str:
    """``source`` (the service worker) with its placeholder replaced by ``build``."""
    if source.count(PLACEHOLDER) != 1:
        raise OfflineError(f"{SERVICE_WORKER} must hold the line {PLACEHOLDER!r} exactly once")
    line = "const BUILD = " + json.dumps(build, separators=(",", ":")) + ";"
    return source.replace(PLACEHOLDER, line)


def write_service_worker(site: Path, rules: Sequence[tuple[str, dict[str, str]]] = ()) -> dict:
    """Fill in ``site/sw.js`` for the built site in ``site``, with the headers ``rules`` (the
    site's ``_headers``) give each file; returns the build it wrote."""
    target = Path(site) / SERVICE_WORKER
    if not target.is_file():
        raise OfflineError(f"{target} is missing: docs/{SERVICE_WORKER} should be copied into the site")
    build = build_for(precache_entries(site), rules)
    target.write_text(render(target.read_text(encoding="utf-8"), build), encoding="utf-8")
    return build


def read_build(sw_text: str) -> dict:
    """The build a written service worker carries (for tests and the bench)."""
    match = re.search(r"^const BUILD = (\{.*\});$", sw_text, re.M)
    if match is None:
        raise OfflineError(f"no build in {SERVICE_WORKER}: was it written by write_service_worker?")
    return json.loads(match.group(1))
