"""The site built without hooks is the site built with them, file for file.

One build is today's ``mkdocs build`` with ``hooks:``; the other is the plain command,
``python -m nextround_site build SITE_DIR`` (run here through its ``main`` so coverage sees it),
which runs ``mkdocs build`` on a generated config that has no ``hooks:`` key.

The only thing in the output that depends on when it was built is the build date: MkDocs
writes it into ``sitemap.xml`` (``<lastmod>``) and into the gzip header of ``sitemap.xml.gz``
(its modification time), so two builds a second apart give different ``sitemap.xml.gz``
bytes. Instead of rewriting those files, both builds get the same ``SOURCE_DATE_EPOCH``
(which MkDocs honours); then every file must be byte for byte the same.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from nextround_site import __main__ as cli
from nextround_site import build, csp, offline, print_checklist
from nextround_site.site_build import BuildError
from worksheet import content

from conftest import ROOT
EPOCH = "1764547200"  # 2025-12-01T00:00:00Z; any fixed value works


def differences(a: Path, b: Path) -> list[str]:
    """What differs between two folders: files only in one, and files whose bytes differ."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = [f"only in {a.name}: {n}" for n in sorted(files_a - files_b)]
    out += [f"only in {b.name}: {n}" for n in sorted(files_b - files_a)]
    out += [f"differs: {n}" for n in sorted(files_a & files_b) if (a / n).read_bytes() != (b / n).read_bytes()]
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    out = tmp_path_factory.mktemp("two-ways")
    hooked, plain = out / "hooks", out / "plain"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        result = subprocess.run(
            [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "--quiet", "--site-dir", str(hooked)],
            cwd=ROOT, capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert cli.main(["build", str(plain)]) == 0
    return hooked, plain


def test_the_site_is_the_same_with_and_without_hooks(builds):
    hooked, plain = builds
    assert differences(hooked, plain) == []


def test_the_plain_build_made_everything_the_hooks_make(builds):
    _, site = builds
    version = build.site_build.pinned_pyodide_version(ROOT / "package.json")
    for name in build.site_build.PYODIDE_FILES:
        assert (site / "assets" / "pyodide" / version / name).is_file(), name
    wheels = list((site / "assets" / "worksheet" / "wheels").glob("*/*.whl"))
    assert len(wheels) == 1
    stdlibs = list((site / "assets" / "worksheet" / "stdlib").glob(f"{version}-*/python_stdlib.zip"))
    assert len(stdlibs) == 1
    for paper in print_checklist.PAPERS:
        assert (site / paper.src_uri).read_bytes().startswith(b"%PDF-")
    worksheet = (site / "worksheet" / "index.html").read_text(encoding="utf-8")
    assert 'id="nr-form"' in worksheet and "<!-- nr:" not in worksheet
    assert "'wasm-unsafe-eval'" in csp.meta_policy(worksheet)
    assert wheels[0].relative_to(site).as_posix() in worksheet.replace("../", "")
    assert stdlibs[0].relative_to(site).as_posix() in worksheet.replace("../", "")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "'wasm-unsafe-eval'" not in csp.meta_policy(home)
    assert csp.meta_policy((site / "404.html").read_text(encoding="utf-8"))
    checklist = (site / "checklist" / "index.html").read_text(encoding="utf-8")
    first_step, items = content.checklist()[0]
    assert html.escape(items[0]) in checklist  # nr:full-checklist, from the content
    assert "next-round-checklist-a4.pdf" in checklist  # nr:checklist-downloads
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in headers and f"/assets/pyodide/{version}/" in headers


def test_the_generated_config_has_no_hooks(tmp_path):
    assert "hooks" in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config_path = build.prepare(tmp_path / "work", tmp_path / "site")
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    assert "hooks" not in config
    assert config["extra"]["nr_pyodide_path"].startswith("assets/pyodide/")
    assert config["extra"]["nr_worksheet_wheel"].startswith("assets/worksheet/wheels/0.1.0-")
    assert Path(config["theme"]["custom_dir"]) == ROOT / "overrides"
    docs = Path(config["docs_dir"])
    pages = sorted(docs.rglob("*.md"))
    assert len(pages) == len(list((ROOT / "docs").rglob("*.md")))
    for page in pages:
        assert "<!-- nr:" not in page.read_text(encoding="utf-8"), page
    assert (docs / "downloads" / "next-round-checklist-letter.pdf").is_file()
    (docs / "stale.md").write_text("# From an earlier run")
    assert build.prepare(tmp_path / "work", tmp_path / "site") == config_path
    assert not (docs / "stale.md").exists()  # a second run starts from a fresh copy of docs/


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><script>var a = 1;</script></head><body>%s</body></html>
"""
TASK = ('<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
        '<input type="checkbox" disabled/><span class="task-list-indicator"></span></label> Call Ana</li></ul>')


def test_finish_labels_and_protects_pages_and_leaves_copied_html_alone(tmp_path):
    work, site = tmp_path / "work", tmp_path / "site"
    docs = work / "docs"
    (docs / "steps").mkdir(parents=True)
    for name in ("index.md", "worksheet.md", "steps/one.md"):
        (docs / name).write_text("# A page\n")
    raw = csp.protect(PAGE % "copied as is")  # a static page brings its own policy
    (docs / "raw.html").write_text(raw)
    for rel in ("index.html", "worksheet/index.html", "steps/one/index.html", "404.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(PAGE % (TASK if rel == "steps/one/index.html" else "text"))
    shutil.copyfile(docs / "raw.html", site / "raw.html")
    (site / offline.SERVICE_WORKER).write_text(offline.PLACEHOLDER + "\n")  # as docs/ would bring it
    (work / "wheel").mkdir()
    (work / "wheel" / "nextround_worksheet-0.1.0-py3-none-any.whl").write_bytes(b"PK fake")
    (work / "stdlib").mkdir()
    with zipfile.ZipFile(work / "stdlib" / "python_stdlib.zip", "w") as zf:
        zf.writestr("json/__init__.pyc", b"\x2b\x0e\x0d\x0a")
    (work / "mkdocs.yml").write_text(yaml.safe_dump({"docs_dir": str(docs), "site_dir": str(site)}))

    assert build.finish(work) == site
    step = (site / "steps/one/index.html").read_text()
    assert 'aria-label="Call Ana"' in step and csp.meta_policy(step)
    assert "'wasm-unsafe-eval'" in csp.meta_policy((site / "worksheet/index.html").read_text())
    assert "'wasm-unsafe-eval'" not in csp.meta_policy((site / "index.html").read_text())
    assert csp.meta_policy((site / "404.html").read_text())
    assert (site / "raw.html").read_text() == raw
    assert list(site.glob("assets/worksheet/wheels/0.1.0-*/nextround_worksheet-0.1.0-py3-none-any.whl"))
    assert (site / "assets/pyodide").is_dir() and (site / "_headers").is_file()
    precached = [url for url, _, _ in offline.read_build((site / offline.SERVICE_WORKER).read_text())["files"]]
    assert any(url.endswith(".whl") for url in precached)  # the service worker knows this build's wheel
    assert any(url.startswith("assets/worksheet/stdlib/") and url.endswith("/python_stdlib.zip") for url in precached)


def test_the_command_is_there():
    result = subprocess.run([sys.executable, "-m", "nextround_site", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "build" in result.stdout and "finish" in result.stdout


def test_the_comparison_names_what_differs(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        (d / "x").mkdir(parents=True)
        (d / "x" / "same.html").write_text("same")
    (a / "x" / "page.html").write_text("one")
    (b / "x" / "page.html").write_text("two")
    (a / "extra.txt").write_text("")
    assert differences(a, b) == ["only in a: extra.txt", "differs: x/page.html"]


@pytest.mark.parametrize(("src_uri", "dest"), [
    ("index.md", "index.html"),
    ("faq.md", "faq/index.html"),
    ("steps/reflect.md", "steps/reflect/index.html"),
    ("steps/index.md", "steps/index.html"),
    ("steps/README.md", "steps/index.html"),
])
def test_page_dest_follows_directory_urls(src_uri, dest):
    assert build.page_dest(src_uri) == dest


def test_a_committed_pdf_is_refused():
    with pytest.raises(ValueError, match="generated at build time"):
        build.checklist_pdfs({"downloads/next-round-checklist-a4.pdf"})


def test_csp_errors_name_the_page():
    with pytest.raises(csp.CSPError, match="^faq.md: the page has no <head>"):
        build.protect_page("<p>no head</p>", "faq.md")
    with pytest.raises(csp.CSPError, match="^404.html: the page has no <head>"):
        build.protect_template("<p>no head</p>", "404.html")
    assert build.protect_template("<urlset/>", "sitemap.xml") == "<urlset/>"


def test_finish_before_the_generator_ran_says_so(tmp_path, capsys):
    work = tmp_path / "work"
    (work / "docs").mkdir(parents=True)
    (work / "mkdocs.yml").write_text(yaml.safe_dump({"docs_dir": str(work / "docs"), "site_dir": str(tmp_path / "no")}))
    assert cli.main(["finish", str(work)]) == 1
    assert "before finishing" in capsys.readouterr().err


def test_finish_needs_the_one_wheel(tmp_path):
    work, site = tmp_path / "work", tmp_path / "site"
    (work / "docs").mkdir(parents=True)
    site.mkdir()
    (work / "mkdocs.yml").write_text(yaml.safe_dump({"docs_dir": str(work / "docs"), "site_dir": str(site)}))
    with pytest.raises(BuildError, match="the one wheel"):
        build.finish(work)


def test_a_config_that_is_not_plain_yaml_is_refused(tmp_path, capsys):
    bad = tmp_path / "mkdocs.yml"
    bad.write_text("markdown_extensions:\n  - emoji: !!python/name:material.extensions.emoji.twemoji\n")
    assert cli.main(["prepare", str(tmp_path / "work"), str(tmp_path / "site"), "-f", str(bad)]) == 1
    assert "plain YAML only" in capsys.readouterr().err
    bad.write_text("- just\n- a list\n")
    with pytest.raises(BuildError, match="not a MkDocs config"):
        build.prepare(tmp_path / "work", tmp_path / "site", bad)


def test_a_failing_generator_is_reported(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({"site_name": "x", "docs_dir": str(tmp_path / "missing")}))
    with pytest.raises(BuildError, match="failed"):
        build.run_mkdocs(config)

