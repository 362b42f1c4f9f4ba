"""The models that left `home` (news, teaching resources, the contact page) keep every row, content type and link
when the database migrates: back to the state before the move and forward again, nothing is lost or duplicated, and
each page still loads as its own class and renders (home/model_moves.py, <app>/migrations/0001_move_from_home.py).
"""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from contact.models import ContactMessage, ContactPage
from news.models import NewsIndexPage, NewsPage
from resources.models import ResourceIndexPage, ResourcePage
from tests import outputs_site

MOVED_APPS = ("news", "resources", "contact")
BEFORE_THE_MOVE = ("home", "0007_contact_message")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def counts():
    """Rows of every table (moved tables under their model, not their table name) and pages per content type id."""
    rows = {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }
    pages = {row["content_type"]: row["n"] for row in _pages_per_type()}
    return rows, pages


def _pages_per_type():
    return Page.objects.values("content_type").annotate(n=Count("pk")).order_by("content_type")


@pytest.fixture
def moved_content(built_site, homes):
    site = outputs_site.build(homes)
    resource = site["resource"]
    resource.related_tours.set([site["tour"]])
    resource.related_defenders.set([site["public defender"]])
    resource.save_revision().publish()
    ContactMessage.objects.create(page=site["contact"], form_data={"name": "Aina", "subject": "press"})
    source, _created = TranslationSource.get_or_create_from_instance(site["news"])
    return site, source


@pytest.mark.django_db(transaction=True)
def test_moving_the_models_back_and_forth_keeps_every_row_and_link(client, moved_content):
    site, source = moved_content
    before = counts()
    assert before[0]["wagtailforms.formsubmission"] == 1

    migrate([BEFORE_THE_MOVE] + [(app, None) for app in MOVED_APPS])
    # Before the move: the same rows, under the old app label and in the old tables.
    assert set(ContentType.objects.filter(model="newspage").values_list("app_label", flat=True)) == {"home"}
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert {"home_newspage", "home_resourcepage", "home_resourcepage_related_tours", "home_contactpage"} <= set(tables)
    assert "news_newspage" not in tables

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert counts() == before
    assert ContentType.objects.get_for_model(NewsPage).pk == site["news"].content_type_id

    for key, model in [
        ("news index", NewsIndexPage),
        ("news", NewsPage),
        ("resource index", ResourceIndexPage),
        ("resource", ResourcePage),
        ("contact", ContactPage),
    ]:
        page = Page.objects.get(pk=site[key].pk).specific
        assert type(page) is model
        assert client.get(page.url).status_code == 200, key
    resource = ResourcePage.objects.get(pk=site["resource"].pk)
    assert list(resource.related_tours.all()) == [site["tour"].page_ptr.specific]
    assert [d.pk for d in resource.related_defenders.all()] == [site["public defender"].pk]
    assert FormSubmission.objects.get().page_id == site["contact"].pk
    assert TranslationSource.objects.get(pk=source.pk).specific_content_type.model_class() is NewsPage
    assert set(ContentType.objects.filter(app_label="home").values_list("model", flat=True)).isdisjoint(
        {"newspage", "newsindexpage", "resourcepage", "resourceindexpage", "contactpage", "contactmessage"}
    )

    # One app at a time, as an operator would, with the `migrate` command: Django's post_migrate then runs between
    # the steps, while a model is in two apps' state, and makes content types the moves must not keep.
    for step in [("home", "0007"), ("news", "zero"), ("resources", "zero"), ("contact", "zero")]:
        call_command("migrate", *step, verbosity=0)
    for app in ["contact", "news", "resources", "home"]:
        call_command("migrate", app, verbosity=0)
    ContentType.objects.clear_cache()
    assert counts() == before
    assert client.get(site["news"].url).status_code == 200
