"""The package's public surface stays short and importable."""

import worksheet


def test_public_surface():
    assert worksheet.__all__ == [
        "SCHEMA_VERSION", "WorksheetError", "dumps", "empty_document", "entry_status", "entry_title",
        "handle", "loads", "new_entry", "validate",
    ]
    for name in worksheet.__all__:
        assert getattr(worksheet, name) is not None
    assert worksheet.SCHEMA_VERSION == 2
    doc = worksheet.empty_document()
    doc["entries"].append(worksheet.new_entry("a", "2026-01-01T00:00:00Z"))
    assert worksheet.loads(worksheet.dumps(doc)) == doc
    assert worksheet.handle({"op": "open", "text": None})["ok"] is True


def test_engine_modules_are_stdlib_only():
    import ast
    import sys
    from pathlib import Path

    allowed = set(sys.stdlib_module_names) | {"__future__"}
    for name in ("__init__", "api", "codec", "compute", "content", "drafts", "errors", "exports", "insights", "model", "plan"):
        tree = ast.parse(Path(worksheet.__file__).with_name(f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = [node.module.split(".")[0]]
            else:
                continue
            for root in roots:
                assert root in allowed and root not in ("js", "pyodide"), (name, root)
