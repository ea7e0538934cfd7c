"""The engine's modules import one another without a cycle.

Module-level imports only (an import inside a function runs later and is how a module reaches
one that imports it). Every module in ``worksheet/`` is read, so a new one is checked without
being listed here.
"""

from __future__ import annotations

import ast
from pathlib import Path
from conftest import ROOT

ENGINE = ROOT / "worksheet"


def engine_imports(source: str, siblings: set[str]) -> set[str]:
    """The sibling modules a module imports at its top level (``from . import a``,
    ``from .a import b``)."""
    out = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            targets = [node.module] if node.module else [a.name for a in node.names]
            out |= {t.split(".")[0] for t in targets if t.split(".")[0] in siblings}
    return out


def import_graph() -> dict[str, set[str]]:
    modules = {p.stem: p for p in sorted(ENGINE.glob("*.py"))}
    return {name: engine_imports(p.read_text(encoding="utf-8"), set(modules)) for name, p in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle once, as the list of modules along it (first module repeated last)."""
    found: list[list[str]] = []
    seen: set[frozenset] = set()

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                loop = path[path.index(nxt):] + [nxt]
                key = frozenset(loop)
                if key not in seen:
                    seen.add(key)
                    found.append(loop)
            elif nxt > path[0]:  # every cycle is found from its smallest module
                walk(nxt, path + [nxt])

    for start in sorted(graph):
        walk(start, [start])
    return found


def test_the_engine_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_only_top_level_relative_imports_count():
    source = "from . import a, b\nfrom .c import x\nimport json\ndef f():\n    from . import d\n"
    assert engine_imports(source, {"a", "b", "c", "d"}) == {"a", "b", "c"}
