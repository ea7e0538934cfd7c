"""Content Security Policy for the built pages: plain functions, no MkDocs import.

The site only ever talks to its own origin, so the policy allows ``'self'`` and nothing
else. Inline scripts (Material writes a few small ones into every page) are allowed by the
SHA-256 hash of their exact text, computed from the final HTML, never by ``'unsafe-inline'``.
Only the worksheet page, which boots Pyodide, gets ``'wasm-unsafe-eval'``.
"""

from __future__ import annotations

import base64
import hashlib
import re

# Script types the browser executes; any other type (e.g. application/json) is a data block
# that CSP does not govern.
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
             "application/ecmascript"}
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_EXISTING = re.compile(r"<meta\s+http-equiv=[\"']?content-security-policy", re.I)


class CSPError(ValueError):
    """The page cannot be given a policy (no <head>, or a policy is already there)."""


def _executes(attrs: str) -> bool:
    match = _TYPE.search(attrs)
    kind = next((g for g in match.groups() if g is not None), "") if match else ""
    return kind.strip().lower() in _JS_TYPES


def sha256_source(text: str) -> str:
    """The CSP source expression for an inline script with exactly this text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_script_hashes(html: str) -> list[str]:
    """Hash sources for every inline script the browser would run, in page order, no repeats."""
    seen: dict[str, None] = {}
    for match in _SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if _SRC.search(attrs) or not _executes(attrs):
            continue
        seen.setdefault(sha256_source(match.group("body")))
    return list(seen)


def directives(script_hashes: list[str] | tuple[str, ...] = (), *, wasm: bool = False) -> dict[str, list[str]]:
    """The policy as an ordered mapping of directive to sources."""
    script = ["'self'", *script_hashes]
    if wasm:
        script.append("'wasm-unsafe-eval'")
    return {
        "default-src": ["'self'"],
        "script-src": script,
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }


def serialize(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def policy_for(html: str, *, wasm: bool = False) -> str:
    """The policy string for one finished page."""
    return serialize(directives(inline_script_hashes(html), wasm=wasm))


def header_policy(meta_policy: str) -> str:
    """The same policy for an HTTP header, plus what only a header can carry."""
    return meta_policy + "; frame-ancestors 'none'"


def meta_policy(html: str) -> str | None:
    """The policy in a page's CSP <meta> as ``insert_meta`` wrote it, or None."""
    match = _META.search(html)
    return match.group(1) if match else None


def insert_meta(html: str, policy: str) -> str:
    """Put the policy in a <meta http-equiv> right after <meta charset> (before any script)."""
    if _EXISTING.search(html):
        raise CSPError("the page already has a Content-Security-Policy meta element")
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        raise CSPError("the page has no <head> to put the Content-Security-Policy in")
    first_script = html.lower().find("<script")
    if first_script != -1 and first_script < anchor.end():
        raise CSPError("a <script> comes before <meta charset>; the policy would not cover it")
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[: anchor.end()] + meta + html[anchor.end():]


def protect(html: str, *, wasm: bool = False) -> str:
    """Hash the page's inline scripts and insert the resulting policy."""
    return insert_meta(html, policy_for(html, wasm=wasm))
