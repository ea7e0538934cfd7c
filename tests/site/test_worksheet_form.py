"""The worksheet form HTML, generated from content.py (plain pytest, no browser)."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest

from nextround_site import form
from worksheet import content, model


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None
        self._text: list[str] = []
        self.scripts: dict[str, str] = {}
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "label":
            self._label_for = a.get("for")
            self._text = []
        if tag == "script":
            self._script = a.get("id")
            self._text = []

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = "".join(self._text).strip()
            self._label_for = None
        if tag == "script" and self._script:
            self.scripts[self._script] = "".join(self._text)
            self._script = None

    def handle_data(self, data):
        self._text.append(data)


@pytest.fixture(scope="module")
def page():
    parser = Collect()
    parser.feed(form.worksheet_html())
    return parser


def test_every_scalar_field_has_a_control_with_its_label(page):
    ids = {a.get("id"): (tag, a) for tag, a in page.tags if a.get("id")}
    for f in content.all_fields():
        fid = form.field_id(f.key)
        if f.kind in ("short", "long", "date", "choice", "check"):
            assert fid in ids, f.key
            tag, attrs = ids[fid]
            assert attrs["data-key"] == f.key
            assert page.labels[fid] == f.label
            expected = {"short": "input", "date": "input", "check": "input", "long": "textarea", "choice": "select"}[f.kind]
            assert tag == expected


def test_kinds_map_to_the_right_input_types(page):
    ids = {a.get("id"): a for _, a in page.tags if a.get("id")}
    assert ids["f-interview-date"]["type"] == "date"
    assert ids["f-thank-you-sent"]["type"] == "checkbox"
    assert ids["f-company"]["type"] == "text"


def test_ratings_are_radio_groups_in_a_fieldset_with_a_legend():
    f = content.field_by_key("reflection.ratings.answers")
    out = form.field_html(f)
    assert out.startswith('<fieldset class="nr-rating" id="f-reflection-ratings-answers"')
    assert "<legend>My answers</legend>" in out
    assert out.count('type="radio"') == 6  # not rated + 1..5
    assert 'value="" data-key="reflection.ratings.answers" checked' in out


def test_rating_help_is_shown_once_per_group():
    s = content.step(1)
    out = form.step_html(s)
    assert out.count(html.escape(content.RATING_HELP)) == 1


def test_lists_have_rows_a_template_and_add_remove_buttons(page):
    f = content.field_by_key("interviewers")
    out = form.field_html(f)
    assert ">Add interviewer</button>" in out
    assert ">Remove</button>" in out
    assert "<template data-row-template=\"interviewers\">" in out
    assert 'id="f-interviewers-0-name"' in out
    assert page.labels["f-interviewers-0-name"] == "Interviewer name"
    assert page.labels["f-interviewers-0-title"] == "Interviewer title"
    assert "__N__" in out and "__NUM__" in out
    went_well = form.field_html(content.field_by_key("reflection.went_well"))
    assert went_well.count('class="nr-row"') == 3 + 1  # three suggested rows and the template
    assert ">Add something that went well</button>" in went_well


def test_add_label_defaults_to_the_item_label():
    assert form.add_label(content.field_by_key("actions")) == "Add step"
    assert form.add_label(content.field_by_key("reflection.questions")) == "Add question"


def test_steps_are_sections_with_their_anchor(page):
    sections = [a for tag, a in page.tags if tag == "section" and a.get("class") == "nr-step"]
    assert [a["id"] for a in sections] == [s.anchor for s in content.STEPS]


def test_progress_line_is_plain(page):
    out = form.worksheet_html()
    assert f"0 of {len(content.STEPS)} steps started" in out


def test_ids_are_unique(page):
    ids = [a["id"] for _, a in page.tags if "id" in a and "__N__" not in a["id"]]
    assert len(ids) == len(set(ids))


def test_embedded_templates_match_the_model(page):
    entry = json.loads(page.scripts["nr-entry-template"])
    assert entry == model.new_entry("", "")
    assert json.loads(page.scripts["nr-document-template"]) == model.empty_document()
    schema = json.loads(page.scripts["nr-field-schema"])
    assert [f["key"] for f in schema["fields"]] == [f.key for f in content.all_fields()]
    assert schema["version"] == model.SCHEMA_VERSION
    assert [s["anchor"] for s in schema["steps"]] == [s.anchor for s in content.STEPS]


def test_json_scripts_cannot_close_their_element():
    out = form.json_script("x", {"a": "</script><img src=x onerror=alert(1)>&"})
    assert "</script>" not in out[: -len("</script>")]
    assert "<img" not in out
    body = re.search(r">(.*)</script>$", out).group(1)
    assert json.loads(body) == {"a": "</script><img src=x onerror=alert(1)>&"}
    assert 'type="application/json"' in out


def test_content_text_is_escaped(monkeypatch):
    evil = content.Field("company", "<b>Co</b> & \"x\"", "short", help="<i>h</i>")
    out = form.field_html(evil)
    assert "<b>" not in out and "<i>" not in out
    assert "&lt;b&gt;Co&lt;/b&gt; &amp; &quot;x&quot;" in out


def test_no_blank_lines_so_markdown_keeps_the_block_whole():
    out = form.worksheet_html()
    assert "\n\n" not in out
    assert out.startswith('<div class="nr-worksheet"')


def test_no_inline_script_or_event_handler_but_the_prefill():
    out = form.worksheet_html()
    code = [m for m in re.finditer(r"<script([^>]*)>", out) if 'type="application/json"' not in m.group(1)]
    # One classic script runs inline: prefill.js, right after the form (which holds the "Your
    # name" field among tonight's messages) and the field schema it reads (the CSP hook hashes it).
    assert len(code) == 1 and out.count(form.prefill_script()) == 1
    name_help = out.index('<p class="nr-help" id="nr-your-name-help">')
    assert name_help < out.index("</form>")
    between = out[out.index("</form>") + len("</form>"):out.index(form.prefill_script())]
    assert re.fullmatch(r'\s*<script type="application/json" id="nr-field-schema">[^<]*</script>\s*', between), between[:200]
    assert not re.search(r"\son[a-z]+=", out)
    assert "style=" not in out


def test_prefill_script_drops_comments_and_refuses_markup():
    assert form.prefill_script("// note\n  var a = 1; // kept\n\n") == "<script>var a = 1; // kept</script>"
    for bad in ("var s = '</script>';", "var s = '<!--';"):
        with pytest.raises(ValueError):
            form.prefill_script(bad)


def test_page_buttons_have_the_documented_names():
    out = form.worksheet_html()
    for text in ("New entry", "Rename", "Delete", "Export backup", "Export Markdown",
                 "Download calendar (.ics)", "Print my plan"):
        assert f">{html.escape(text)}</button>" in out
    assert '<label class="md-button nr-file" for="nr-import-file">Import backup</label>' in out
    assert "this browser only, on this device" in out


def test_rating_groups_split_on_different_help_and_can_end_a_step():
    ratings = (
        content.Field("reflection.ratings.preparation", "Preparation", "rating", help="Help A"),
        content.Field("reflection.ratings.answers", "My answers", "rating", help="Help B"),
    )
    s = content.Step(9, "x", "Title", "Summary", "x.md", fields=ratings)
    out = form.step_html(s)
    assert out.count('<div class="nr-ratings">') == 2
    assert "Help A" in out and "Help B" in out
    assert out.index("</div></section>") > out.index("My answers")


def test_a_rating_has_no_single_control():
    with pytest.raises(ValueError, match="groups"):
        form._control(content.field_by_key("reflection.ratings.answers"), "f-x", 'data-key="x"')
