"""Every page type and translatable snippet says, field by field, what goes to translators and what stays in step."""

import pytest
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import BASE_PAGE_TRANSLATABLE_FIELDS, Institution, StandardPage
from news.models import NewsPage
from translations.translation_status import field_split_problems, project_translatable_models


def test_every_project_page_and_snippet_model_is_checked():
    models = project_translatable_models()
    for expected in (StandardPage, NewsPage, Institution):
        assert expected in models
    assert all(issubclass(model, (Page, TranslatableMixin)) for model in models)


@pytest.mark.parametrize("model", project_translatable_models(), ids=lambda model: model._meta.label)
def test_model_declares_its_translatable_and_synchronised_fields(model):
    assert field_split_problems(model) == []


def test_an_undeclared_field_is_caught(monkeypatch):
    # NewsPage without "intro" in its declaration: a new prose field nobody routed to translators.
    declared = [field for field in NewsPage.override_translatable_fields if field.field_name != "intro"]
    monkeypatch.setattr(NewsPage, "override_translatable_fields", declared)
    assert field_split_problems(NewsPage) == ["NewsPage.intro is neither translatable nor synchronised"]


def test_prose_declared_as_synchronised_is_caught(monkeypatch):
    declared = [field for field in StandardPage.override_translatable_fields if field.field_name != "body"]
    monkeypatch.setattr(StandardPage, "override_translatable_fields", [*declared, SynchronizedField("body")])
    assert field_split_problems(StandardPage) == ["StandardPage.body holds prose but is not a TranslatableField"]


def test_facts_declared_as_translatable_are_caught(monkeypatch):
    facts = {"date", "category"}
    declared = [field for field in NewsPage.override_translatable_fields if field.field_name not in facts]
    monkeypatch.setattr(
        NewsPage, "override_translatable_fields", [*declared, TranslatableField("date"), TranslatableField("category")]
    )
    assert field_split_problems(NewsPage) == [
        "NewsPage.date holds a fact but is not a SynchronizedField",
        "NewsPage.category holds a fact but is not a SynchronizedField",
    ]


def test_base_page_split_keeps_urls_and_dates_in_step():
    split = {field.field_name: type(field) for field in BASE_PAGE_TRANSLATABLE_FIELDS}
    assert split["title"] is TranslatableField and split["search_description"] is TranslatableField
    assert split["slug"] is SynchronizedField and split["go_live_at"] is SynchronizedField
