"""Build helpers for the browser worksheet: the Pyodide runtime copy and the wheel."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from nextround_site import site_build
from nextround_site.site_build import BuildError

from conftest import load_hook

from conftest import ROOT


def fake_pyodide(tmp_path: Path, version: str,
                 files=site_build.PYODIDE_FILES + site_build.PYODIDE_BUILD_FILES) -> Path:
    pkg = tmp_path / "node_modules" / "pyodide"
    pkg.mkdir(parents=True)
    (pkg / "package.json").write_text(json.dumps({"name": "pyodide", "version": version}))
    for name in files:
        (pkg / name).write_text(f"content of {name}")
    (pkg / "console.html").write_text("not needed")
    return tmp_path / "node_modules"


def test_pinned_version_is_read_from_package_json():
    assert site_build.pinned_pyodide_version(ROOT / "package.json") == "314.0.7"


def test_pinned_version_must_be_exact(tmp_path):
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"pyodide": "^314.0.7"}}))
    with pytest.raises(BuildError, match="exact version"):
        site_build.pinned_pyodide_version(tmp_path / "package.json")


def test_runtime_copies_only_the_needed_files(tmp_path):
    nm = fake_pyodide(tmp_path, "314.0.7")
    dest = tmp_path / "site" / "assets" / "pyodide" / "314.0.7"
    copied = site_build.pyodide_runtime(nm, dest, "314.0.7")
    assert sorted(p.name for p in copied) == sorted(site_build.PYODIDE_FILES)
    assert sorted(p.name for p in dest.iterdir()) == sorted(site_build.PYODIDE_FILES)


def test_missing_pyodide_fails_loudly(tmp_path):
    with pytest.raises(BuildError, match="npm ci"):
        site_build.pyodide_runtime(tmp_path / "node_modules", tmp_path / "out", "314.0.7")


def test_wrong_version_fails_loudly(tmp_path):
    nm = fake_pyodide(tmp_path, "0.27.0")
    with pytest.raises(BuildError, match="0.27.0.*314.0.7"):
        site_build.check_pyodide(nm, "314.0.7")


def test_missing_runtime_file_fails_loudly(tmp_path):
    nm = fake_pyodide(tmp_path, "314.0.7", files=("pyodide.mjs",))
    with pytest.raises(BuildError, match="python_stdlib.zip"):
        site_build.check_pyodide(nm, "314.0.7")


def test_the_real_node_modules_has_the_pinned_runtime():
    site_build.check_pyodide(ROOT / "node_modules", "314.0.7")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return site_build.build_wheel(ROOT, tmp_path_factory.mktemp("wheel"))


def test_wheel_holds_the_engine_and_nothing_else(wheel):
    assert wheel.name == "nextround_worksheet-0.1.0-py3-none-any.whl"
    names = zipfile.ZipFile(wheel.path).namelist()
    engine = [f"worksheet/{m.name}" for m in sorted((ROOT / "worksheet").glob("*.py"))]
    info = "nextround_worksheet-0.1.0.dist-info/"
    assert sorted(names) == sorted(engine + [info + n for n in ("METADATA", "WHEEL", "top_level.txt", "RECORD")])
    assert zipfile.ZipFile(wheel.path).read(info + "top_level.txt").decode().split() == ["worksheet"]


def test_wheel_url_carries_version_and_content_hash(wheel):
    digest = hashlib.sha256(wheel.path.read_bytes()).hexdigest()[:8]
    assert wheel.digest == digest
    assert wheel.site_path == f"assets/worksheet/wheels/0.1.0-{digest}/{wheel.name}"


def test_same_source_gives_the_same_wheel(wheel, tmp_path):
    again = site_build.build_wheel(ROOT, tmp_path)
    assert again.digest == wheel.digest


def test_changed_source_gives_a_new_hash(wheel, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    import shutil

    shutil.copytree(ROOT / "worksheet", project / "worksheet",
                    ignore=shutil.ignore_patterns("__pycache__"))
    with open(project / "worksheet" / "content.py", "a", encoding="utf-8") as fh:
        fh.write("\n# a change\n")
    changed = site_build.build_wheel(project, tmp_path / "out")
    assert changed.digest != wheel.digest


def test_a_broken_project_fails_with_pip_output(tmp_path):
    (tmp_path / "worksheet").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project\nname=")
    with pytest.raises(BuildError, match="wheel failed"):
        site_build.build_wheel(tmp_path, tmp_path / "out")


def test_the_site_build_stops_when_pyodide_is_missing(tmp_path, monkeypatch):
    from mkdocs.exceptions import PluginError

    hook = load_hook("pyodide_runtime")
    monkeypatch.setattr(hook, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(PluginError, match="npm ci"):
        hook.on_config({"extra": {}})


def test_the_site_build_stops_on_another_pyodide_version(tmp_path, monkeypatch):
    from mkdocs.exceptions import PluginError

    hook = load_hook("pyodide_runtime")
    monkeypatch.setattr(hook, "NODE_MODULES", fake_pyodide(tmp_path, "0.26.0"))
    with pytest.raises(PluginError, match="pins 314.0.7"):
        hook.on_config({"extra": {}})


def test_unreadable_package_json_fails_loudly(tmp_path):
    (tmp_path / "package.json").write_text("{not json")
    with pytest.raises(BuildError, match="cannot read the pinned pyodide version"):
        site_build.pinned_pyodide_version(tmp_path / "package.json")


def test_unreadable_pyodide_manifest_fails_loudly(tmp_path):
    nm = fake_pyodide(tmp_path, "314.0.7")
    (nm / "pyodide" / "package.json").write_text("{broken")
    with pytest.raises(BuildError, match="not readable JSON"):
        site_build.check_pyodide(nm, "314.0.7")


def test_a_wheel_that_is_not_pure_python_is_refused(tmp_path, monkeypatch):
    real_run = site_build.subprocess.run

    def fake_run(cmd, **kwargs):
        result = real_run(cmd, **kwargs)
        dist = Path(cmd[cmd.index("-w") + 1])
        for built in dist.glob("*.whl"):
            built.rename(dist / built.name.replace("py3-none-any", "cp314-cp314-emscripten_wasm32"))
        return result

    monkeypatch.setattr(site_build.subprocess, "run", fake_run)
    with pytest.raises(BuildError, match="pure Python"):
        site_build.build_wheel(ROOT, tmp_path / "out")


def test_nav_urls_flatten_sections_into_directory_urls():
    from nextround_site.site_build import nav_urls

    nav = [{"Home": "index.md"}, {"Steps": [{"One": "steps/reflect.md"}, "faq.md"]}]
    assert nav_urls(nav) == ["", "steps/reflect/", "faq/"]
