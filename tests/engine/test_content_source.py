"""The single source of truth is well formed: other outputs can rely on it."""

import pytest

from worksheet import content


def test_five_steps_numbered_in_order():
    assert [s.number for s in content.STEPS] == [1, 2, 3, 4, 5]


def test_field_keys_are_unique():
    keys = [f.key for f in content.all_fields()]
    assert len(keys) == len(set(keys))


def test_every_step_has_fields_and_checklist_items():
    for s in content.STEPS:
        assert s.fields, s.slug
        assert len(s.checklist) >= 3, s.slug
        assert all(item.strip() == item and item for item in s.checklist)


def test_list_items_have_unique_subkeys():
    for f in content.all_fields():
        sub = [i.key for i in f.item_fields]
        assert len(sub) == len(set(sub)), f.key


def test_lookup_helpers():
    assert content.step(3).slug == "thank-you-note"
    assert content.field_by_key("company").label == "Company"
    assert content.step(1).anchor == "step-1"
    assert content.field_by_key("stage").option_values == ("screen", "first", "later", "final")
    with pytest.raises(KeyError, match="no step 9"):
        content.step(9)
    with pytest.raises(KeyError, match="no field"):
        content.field_by_key("nope")


def test_bad_field_definitions_fail_loudly():
    with pytest.raises(ValueError, match="unknown kind"):
        content.Field("x", "X", "essay")
    with pytest.raises(ValueError, match="needs options"):
        content.Field("x", "X", "choice")


def test_checklist_pairs_steps_with_items():
    pairs = content.checklist()
    assert [s.number for s, _ in pairs] == [1, 2, 3, 4, 5]
    assert all(items == s.checklist for s, items in pairs)


def test_who_told_you_and_interviewer_email_are_fields_of_step_1():
    keys = [f.key for f in content.step(1).fields]
    news = keys.index("news_via")
    assert keys[news + 1:news + 5] == ["news_from.name", "news_from.greeting", "news_from.email", "news_from.agency"]
    assert content.field_by_key("news_from.name").label == "Who told you (name)"
    assert content.field_by_key("news_from.greeting").label == "Who told you (how to greet them)"
    assert content.field_by_key("news_from.email").label == "Who told you (email)"
    assert content.field_by_key("news_from.agency").kind == "check"
    people = content.field_by_key("interviewers")
    assert [sub.key for sub in people.item_fields] == ["name", "greeting", "title", "email", "topic"]
    assert all(sub.kind == "short" for sub in people.item_fields)
