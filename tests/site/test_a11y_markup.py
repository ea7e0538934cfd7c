"""nextround_site.a11y: task-list checkboxes get their item's text as accessible name."""

from __future__ import annotations

import markdown
import pytest

from nextround_site.a11y import item_text, label_task_checkboxes


def render(md: str) -> str:
    return markdown.markdown(md, extensions=["pymdownx.tasklist"],
                             extension_configs={"pymdownx.tasklist": {"custom_checkbox": True}})


def test_each_box_is_named_by_its_own_item_not_its_children():
    html = label_task_checkboxes(render(
        "- [ ] Write **down** the [date](#d) & time\n- [x] Done\n    - [ ] Say \"hi\" 2 > 1\n"
    ))
    assert 'aria-label="Write down the date &amp; time"' in html
    assert 'checked aria-label="Done"' in html
    assert 'aria-label="Say &quot;hi&quot; 2 &gt; 1"' in html
    assert html.count("aria-label=") == 3


def test_loose_list_items_are_named_too():
    html = label_task_checkboxes(render("- [ ] First\n\n    More text.\n\n- [ ] Second\n"))
    assert 'aria-label="First"' in html and 'aria-label="Second"' in html


def test_already_named_boxes_and_other_markup_are_left_alone():
    named = '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" aria-label="Keep"><span class="task-list-indicator"></span></label> Other</li>'
    assert label_task_checkboxes(named) == named
    generated = '<li class="task-list-item"><label class="task-list-control"><input type="checkbox"> <span>Call</span></label></li>'
    assert label_task_checkboxes(generated) == generated


def test_an_item_without_text_is_a_loud_error_naming_the_page():
    with pytest.raises(ValueError, match="steps/x.md: a task-list item has no text"):
        label_task_checkboxes(render("- [ ] <span></span>\n"), where="steps/x.md")


def test_item_text_unescapes_and_collapses_whitespace():
    assert item_text(" A&amp;B\n  <em>c</em> ") == "A&B c"
