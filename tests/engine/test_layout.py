"""The tests' layout (tests/_layout.py has the rules): every test file sits in the folder that says
what it needs, the folders keep their promises, and every path that names a test file is right.
A failure here says what to run: ``.venv/bin/python tests/_layout.py``."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

import _layout

ROOT = _layout.ROOT
TESTS = ROOT / _layout.TESTS

FIX = "run `.venv/bin/python tests/_layout.py` (then review and commit)"


@pytest.fixture(scope="module")
def plan():
    return _layout.plan()


def test_nothing_is_left_to_move_or_rewrite(plan):
    assert plan.describe() == [], FIX


def test_no_test_file_sits_at_the_top_level():
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == [], FIX


def test_python_lives_in_known_folders_and_only_cross_browser_is_a_package():
    folders = {_layout.folder_of(f) for f in _layout.test_files()}  # data/ and non-Python folders aside
    assert folders <= {"", *_layout.FOLDERS, _layout.CROSS}
    assert not (TESTS / "__init__.py").exists()
    for folder in _layout.FOLDERS:
        assert not (TESTS / folder / "__init__.py").exists(), f"{folder}/ must stay a plain folder"
    assert (TESTS / _layout.CROSS / "__init__.py").is_file()


def test_one_conftest_py_which_every_test_imports_from():
    assert sorted(TESTS.rglob("conftest.py")) == [TESTS / "conftest.py"]


def test_file_names_are_unique_across_the_plain_folders():
    names = [p.name for folder in ("", *_layout.FOLDERS) for p in (TESTS / folder).glob("*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


@pytest.mark.parametrize("folder", ["engine", "site"])
def test_engine_and_site_tests_need_no_browser(folder):
    for path in sorted((TESTS / folder).glob("*.py")):
        sig = _layout.signals(path.read_text(encoding="utf-8"), path.name)
        assert not sig.imports & (_layout.BROWSER_IMPORTS | _layout.CROSS_IMPORTS), path.name
        assert not sig.fixtures & (_layout.BROWSER_FIXTURES | _layout.CROSS_FIXTURES), path.name


def test_engine_tests_build_no_site():
    for path in sorted((TESTS / "engine").glob("*.py")):
        sig = _layout.signals(path.read_text(encoding="utf-8"), path.name)
        assert not sig.imports & _layout.SITE_IMPORTS, path.name
        assert not sig.fixtures & _layout.SITE_FIXTURES, path.name


def test_root_and_tests_do_not_depend_on_a_file_s_depth():
    for path in sorted(TESTS.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if path.name in ("conftest.py", "_layout.py") or "data" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert _layout.rewrite_file_paths(rel, rel, text) == text, rel


# ---- the rules themselves, on made-up files ---------------------------------------------------

def place(source: str, name: str = "test_new.py") -> str:
    return _layout.classify_all({name: source})[name][0]


def test_the_rules_place_by_imports_and_fixtures():
    assert place("from worksheet import api\ndef test_x(): pass\n") == "engine"
    assert place("import shutil\ndef test_x():\n    shutil.which('node')\n") == "engine"
    assert place("from nextround_site import csp\nfrom worksheet import api\n") == "site"
    assert place("def test_x(site_dir): pass\n") == "site"
    assert place("def test_x(page, server): pass\n") == "browser"
    assert place("from playwright.sync_api import expect\nfrom nextround_site import csp\n") == "browser"
    assert place("def test_x(driver): pass\n") == "cross_browser"


@pytest.mark.parametrize("mark", ["'page', []", "'page, n', []", "('page', 'n'), []",
                                  "argnames=['n', 'page'], argvalues=[]"])
def test_a_parametrized_page_is_not_a_browser(mark):
    source = ("import pytest\nfrom nextround_site import pages\n"
              f"@pytest.mark.parametrize({mark})\ndef test_x(page, n=0): pass\n")
    assert place(source) == "site"


def test_borrowing_from_a_browser_test_makes_a_browser_test():
    files = {"test_a.py": "from playwright.sync_api import expect\n",
             "test_b.py": "from worksheet import api\nfrom test_a import KEY\n"}
    assert _layout.classify_all(files)["test_b.py"][0] == "browser"


def test_a_file_no_rule_places_stops_the_run_and_is_named():
    with pytest.raises(_layout.Refusal, match="test_mystery.py"):
        _layout.classify_all({"test_mystery.py": "import json\ndef test_x(): pass\n"})


def test_paths_from_file_become_root_and_tests():
    before = ("from pathlib import Path\n"
              "ROOT = Path(__file__).resolve().parent.parent\n"
              "DATA = Path(__file__).parent / 'data' / 'x.json'\n")
    after = _layout.rewrite_file_paths("tests/test_x.py", "tests/engine/test_x.py", before)
    assert after == ("from pathlib import Path\n"
                     "from conftest import TESTS\n"
                     "from conftest import ROOT\n"
                     "DATA = TESTS / 'data' / 'x.json'\n")
    deep = "from pathlib import Path\nDOCS = Path(__file__).resolve().parents[2] / 'docs'\n"
    assert _layout.rewrite_file_paths("tests/site/test_y.py", "tests/site/test_y.py", deep) == (
        "from pathlib import Path\nfrom conftest import ROOT\nDOCS = ROOT / 'docs'\n")


def test_path_references_follow_the_files():
    final = {"tests/browser/test_worksheet_browser.py", "tests/browser/test_worksheet_browser_early.py",
             "tests/engine/test_codec.py", "tests/cross_browser/server.py"}
    dirs = {str(PurePosixPath(f).parent) for f in final}
    text = ("see tests/test_codec.py, tests/test_worksheet_browser*.py and tests/engines/server.py; "
            "/work/i23-tests/x.py stays")
    assert _layout.rewrite_path_refs(text, final, dirs) == (
        "see tests/engine/test_codec.py, tests/browser/test_worksheet_browser*.py and "
        "tests/cross_browser/server.py; /work/i23-tests/x.py stays")
