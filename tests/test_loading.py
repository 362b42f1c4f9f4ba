"""Pages, events and people loaded from the database without modelcluster's constructor (`home/loading.py`, issue
21): each loads the same instance as through the whole chain of constructors, whole or with columns left out, and a
model with a constructor the mixin does not know (a form page's) keeps the chain."""

import inspect

import pytest
from django.apps import apps
from django.db import models
from wagtail.models import Locale, Page

from contact.models import ContactPage
from defenders.models import Defender, DefenderPage, Theme
from editions.factories import EventFactory, edition_index, make_defender, make_programme, make_tour
from editions.factories import defender_directory as directory_of
from editions.models import CityProgrammePage, EditionPage, Event
from home.loading import LoadedAsRows, _may_skip_constructors, instance_maker
from home.models import HomePage, Municipality
from home.setup import publish_new_page
from news.models import NewsIndexPage, NewsPage
from resources.models import ResourceIndexPage, ResourcePage
from statements.factories import StatementPageFactory
from statements.models import StatementIndexPage

pytestmark = pytest.mark.django_db


def through_every_constructor(model, field_names, values):
    """What Django's own `Model.from_db` makes: `model(*values)`, through modelcluster's and Wagtail's constructors."""
    return models.Model.from_db.__func__(model, "default", field_names, values)


def state(instance):
    """Everything an instance holds, and whether Django takes it as read from the database, and from which."""
    held = {name: value for name, value in vars(instance).items() if name != "_state"}
    return held, instance._state.adding, instance._state.db, instance.get_deferred_fields()


@pytest.fixture
def content(homes):
    """At least one row of each of our models that load as rows."""
    sabadell = Municipality.objects.get(slug="sabadell")
    person = make_defender(directory_of(homes["ca"]), "aurora", "Aurora Quispe", "public", summary="Water")
    tour = make_tour(edition_index(homes["ca"]))
    make_programme(tour, sabadell, events=[EventFactory()], defenders=[person])
    publish_new_page(NewsIndexPage.objects.first(), NewsPage(title="Visita", slug="visita", date="2031-01-01"))
    resources = ResourceIndexPage.objects.first()
    publish_new_page(
        resources,
        ResourcePage(title="Drets en joc", slug="drets", summary="Una activitat.", level="secondary", year=2026),
    )
    StatementPageFactory(parent=StatementIndexPage.objects.first(), year=2026)


def loaded_models():
    return [model for model in apps.get_models() if issubclass(model, LoadedAsRows)]


def test_our_pages_events_and_people_load_without_the_cluster_constructor():
    models_loaded = set(loaded_models())
    assert {HomePage, DefenderPage, EditionPage, CityProgrammePage, Event, Defender, NewsPage} <= models_loaded
    assert {Municipality, Theme} <= models_loaded
    # Every one of them but the contact page: a new constructor in between (an upgrade's, a mixin's) fails here.
    assert {model for model in models_loaded if _may_skip_constructors(model)} == models_loaded - {ContactPage}
    # A form page's constructor is not one the mixin knows: the whole chain runs for it.
    assert ContactPage in models_loaded
    # The mixin's hook is the one Django calls: before the model's own bases, and not overridden below it.
    assert all(model.from_db.__func__ is LoadedAsRows.from_db.__func__ for model in models_loaded)
    # Its copy of Django's `Model.from_db` (deferred columns, the state) is for this signature: a new one is read anew.
    assert list(inspect.signature(models.Model.from_db).parameters) == ["db", "field_names", "values"]


# As listings load them (`only()`): a page type's own key, its title, address and language, and not Wagtail's page id,
# which the page constructors read; or the key and every other column; or all of them.
LISTING_COLUMNS = {"title", "url_path", "locale_id", "start", "display_name"}


@pytest.mark.parametrize("columns", ["all", "every other", "as listings"])
def test_each_model_loads_the_same_instance_as_through_every_constructor(content, columns):
    compared = set()
    for model in loaded_models():
        names = [field.attname for field in model._meta.concrete_fields]
        key = model._meta.pk.attname
        if columns == "every other":
            names = [name for position, name in enumerate(names) if position % 2 == 0 or name == key]
        elif columns == "as listings":
            names = [name for name in names if name in LISTING_COLUMNS or name == key]
        for row in model._default_manager.values_list(*names)[:3]:
            loaded = model._default_manager.only(*names).get(pk=row[names.index(key)])
            assert state(loaded) == state(through_every_constructor(model, names, row)), model
            assert type(loaded) is model
            compared.add(model)
    assert compared == set(loaded_models())


@pytest.mark.parametrize("columns", ["all", "every other"])
def test_prepared_queries_load_every_model_as_its_own_from_db_would(content, columns):
    """A prepared query (home/queries.py) makes its instances with `instance_maker`: for every model with rows here
    that it makes without the model's constructors (Wagtail's pages, Django's plain models), the same instance as
    Django's `from_db`, whole or with columns left out; a model that has its own `from_db` keeps it."""
    compared = set()
    for model in apps.get_models():
        make = instance_maker(model)
        if make == model.from_db:
            continue
        names = [field.attname for field in model._meta.concrete_fields]
        key = model._meta.pk.attname
        if columns == "every other":
            names = [name for position, name in enumerate(names) if position % 2 == 0 or name == key]
        for row in model._base_manager.values_list(*names)[:3]:
            assert state(make("default", names, row)) == state(through_every_constructor(model, names, row)), model
            compared.add(model)
    assert {Page, Locale} <= compared
    assert instance_maker(ContactPage) == ContactPage.from_db and instance_maker(Event) == Event.from_db


def test_a_loaded_page_reads_and_keeps_its_child_objects(content):
    programme = CityProgrammePage.objects.get(slug="sabadell")
    event = programme.events.get()
    assert [person.title for person in event.defenders.all()] == ["Aurora Quispe"]
    # modelcluster's child objects, given as keyword arguments, still reach a new instance.
    copy = CityProgrammePage(title="Copy", events=[EventFactory(title="In the copy")])
    assert [event.title for event in copy.events.all()] == ["In the copy"]


def test_a_model_with_receivers_of_its_construction_signals_is_loaded_through_the_constructor(content):
    """Loaded without Django's constructor, an instance would go unseen by `pre_init` and `post_init` receivers: a
    model some code listens to is loaded through it, and every receiver sees each instance."""
    from django.db.models.signals import post_init, pre_init

    seen = []

    def receiver(sender, **kwargs):
        seen.append((sender, "instance" in kwargs))

    for signal in (pre_init, post_init):
        signal.connect(receiver, sender=Event)
    try:
        events = list(Event.objects.all())
    finally:
        for signal in (pre_init, post_init):
            signal.disconnect(receiver, sender=Event)
    assert events and seen == [(Event, False), (Event, True)] * len(events)
    assert list(Event.objects.all()) == events and len(seen) == 2 * len(events)
