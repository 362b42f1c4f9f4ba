"""Every public page's view (home/serving.py): the site and the home page of the reader's language are remembered by
each process between content changes, and what a reader gets is never older than the last change."""

import uuid

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from home.models import StandardPage
from home.queries import ROUTING_FIELDS, pages_along, with_translations
from home.setup import publish_new_page
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_page(homes):
    return publish_new_page(homes["ca"], StandardPage(title="El projecte de prova", slug="projecte-de-prova"))


def test_a_page_costs_its_own_queries_only(client, project_page):
    # Wagtail alone reads the site, the locale and the home page (three queries) before routing starts; here the
    # process knows them: the pages along the path with their restrictions, then the page with its translations.
    assert count_queries(client, project_page.url) == 2


def test_a_page_and_its_translations_are_read_without_joining_what_its_type_does_not_name(client, project_page):
    """A standard page names no related rows to read with its versions: its query joins no other table (a
    `select_related()` without names would join every foreign key that cannot be null)."""
    client.get(project_page.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(project_page.url).status_code == 200
    (versions,) = [
        query["sql"] for query in queries.captured_queries if "translation_key" in query["sql"].split("WHERE")[-1]
    ]
    assert " JOIN " in versions and "django_content_type" not in versions and "wagtailcore_locale" not in versions


def test_the_home_page_of_every_language_is_routed_from_what_the_process_remembers(client, homes):
    for language in ("ca", "es", "en"):
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert response.context["page"].pk == homes[language].pk
    # Wagtail's site and root page lookups are three to four queries of their own; none is run here.
    assert count_queries(client, "/es/") <= count_queries(client, "/ca/")


def test_a_site_that_no_longer_answers_for_this_host_is_not_served_from_memory(client, project_page):
    assert client.get(project_page.url).status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "elsewhere.example", False
    site.save()
    assert client.get(project_page.url).status_code == 404
    site.hostname, site.is_default_site = "localhost", True
    site.save()
    assert client.get(project_page.url).status_code == 200


def test_a_renamed_spanish_home_page_routes_its_pages_at_once(client, homes):
    spanish = publish_new_page(homes["es"], StandardPage(title="Página de prueba", slug="pagina-de-prueba"))
    url = spanish.url
    before = count_queries(client, url)
    home = homes["es"]
    home.slug = "inicio-renombrado"
    home.save_revision().publish()
    # The home page's address in the tree changed (its url_path, and every Spanish page's): the process reads it
    # again after the publish, and the page is still found by the short route.
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].pk == spanish.pk
    assert count_queries(client, url) == before


def test_an_unpublished_translation_of_the_home_page_falls_back_to_the_site_root_as_wagtail_does(client, homes):
    english = homes["en"]
    english.unpublish()
    response = client.get("/en/")
    # Wagtail's `localized` is the root page itself when its translation is not live: the Catalan home.
    assert response.status_code == 200
    assert response.context["page"].pk == homes["ca"].pk


def test_wagtails_password_form_is_still_reached_under_util(client):
    # The page pattern leaves Wagtail's own _util/ addresses to Wagtail.
    response = client.get("/ca/_util/login/")
    assert response.status_code == 200


def test_the_pages_along_a_path_are_those_the_orm_finds_with_the_same_restrictions(homes, project_page):
    child = publish_new_page(project_page, StandardPage(title="Filla", slug="filla"))
    PageViewRestriction.objects.create(page=project_page, restriction_type=PageViewRestriction.LOGIN)
    home = homes["ca"]
    prefixes = [project_page.url_path, child.url_path, child.url_path + "no-existeix/"]
    ancestors = [home.path[:end] for end in range(home.steplen, len(home.path) + 1, home.steplen)]
    orm = Page.objects.filter(
        Q(url_path__in=prefixes, path__startswith=home.path, depth__gt=home.depth) | Q(path__in=ancestors)
    ).annotate(restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
    expected = {(page.pk, bool(page.restricted)) for page in orm}
    found = {(page.pk, bool(page.restricted)) for page in pages_along(home, prefixes, ancestors)}
    assert found == expected
    assert (project_page.pk, True) in found and (child.pk, False) in found and (home.pk, False) in found


def test_the_pages_along_a_path_are_loaded_as_the_orm_loads_them(homes, project_page):
    # Routing makes its pages from the rows itself: each must hold what the ORM would give, converted the same way
    # (SQLite keeps UUIDs as text and booleans as integers), with the same columns left to read on demand.
    child = publish_new_page(project_page, StandardPage(title="Filla", slug="filla", seo_title="Filla · SEO"))
    home = homes["ca"]
    ancestors = [home.path[:end] for end in range(home.steplen, len(home.path) + 1, home.steplen)]
    found = {page.pk: page for page in pages_along(home, [project_page.url_path, child.url_path], ancestors)}
    orm = {page.pk: page for page in Page.objects.filter(pk__in=found).only(*ROUTING_FIELDS)}
    assert set(found) == set(orm) and child.pk in found
    for pk, page in found.items():
        expected = orm[pk]
        assert type(page) is Page and not page._state.adding and page._state.db == expected._state.db
        assert page.get_deferred_fields() == expected.get_deferred_fields()
        for name in ROUTING_FIELDS:
            attname = Page._meta.get_field(name).attname
            assert getattr(page, attname) == getattr(expected, attname), name
            assert type(getattr(page, attname)) is type(getattr(expected, attname)), name
    assert isinstance(found[child.pk].translation_key, uuid.UUID) and found[child.pk].live is True
    assert found[child.pk].seo_title == "Filla · SEO"
    # A column left out is read when asked for, as with `only()`.
    assert found[child.pk].first_published_at == Page.objects.get(pk=child.pk).first_published_at is not None


def test_routing_finds_the_pages_along_a_path_through_indexes_however_many_pages_the_site_holds(homes, project_page):
    # Every page view routes: reading the whole page table would make every page slower as the site grows.
    child = publish_new_page(project_page, StandardPage(title="Filla", slug="filla"))
    home = homes["ca"]
    ancestors = [home.path[:end] for end in range(home.steplen, len(home.path) + 1, home.steplen)]
    with CaptureQueriesContext(connection) as queries:
        found = pages_along(home, [project_page.url_path, child.url_path], ancestors)
    assert {page.pk for page in found} >= {home.pk, project_page.pk, child.pk}
    if connection.vendor == "sqlite":
        # SQLite's plan follows from the query alone; PostgreSQL's planner chooses an index by its statistics (on a
        # test database of a few pages, the tree paths').
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + queries[0]["sql"])
            plan = " | ".join(str(row) for row in cursor.fetchall())
        # Looked up by slug in Wagtail's index: a few rows, where the address alone read every page ("SCAN page").
        assert "(slug=?)" in plan and "SCAN page" not in plan


def test_a_page_is_loaded_with_its_translations_and_their_locales_as_the_orm_loads_them(homes):
    for home in homes.values():
        page = Page.objects.get(pk=home.pk)
        loaded = with_translations(page)
        assert type(loaded) is type(home.specific) and loaded.pk == home.pk
        assert loaded.title == home.title and loaded.hero_title == home.specific.hero_title
        expected = {
            (version.pk, version.locale.language_code)
            for version in home.specific.get_translations(inclusive=True).live().select_related("locale")
        }
        assert {(version.pk, version.locale.language_code) for version in loaded._live_translations} == expected


def test_a_city_programme_names_its_tour_and_city_as_routing_and_its_own_query_read_them(client, homes):
    """Routing read the tour with the pages along the path, and the programme's municipality comes with the
    programme and its translations: neither is asked for again. Three queries: the pages along the path, the
    programme, the people named next to its events (the events' rows are read once until content changes, on the
    first request after a change)."""
    from editions.factories import (
        EventFactory,
        defender_directory,
        edition_index,
        make_defender,
        make_programme,
        make_tour,
    )
    from home.models import Municipality

    speaker = make_defender(defender_directory(homes["ca"]), "speaker", "Speaker Name", "public")
    tour = make_tour(edition_index(homes["ca"]), title="Gira de primavera")
    programme = make_programme(tour, Municipality.objects.get(slug="girona"), [EventFactory()], [speaker])
    client.get(programme.url)  # content just changed: the navigation and footer are written again once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(programme.url)
    body = response.content.decode()
    assert f'<a href="{tour.url}">Gira de primavera</a>' in body
    assert '<a href="/ca/ciutats/girona/">Girona</a>' in body and "Speaker Name" in body
    assert len(queries.captured_queries) == 3, [query["sql"][:80] for query in queries.captured_queries]


def test_the_active_language_s_locale_is_read_from_memory(homes):
    """Views that are not pages (a city's profile, search) ask for the active locale: the process knows the locales
    until content changes, and a language with no locale gets Wagtail's answer, the default one."""
    from django.utils import translation
    from wagtail.models import Locale

    from home.queries import active_locale

    with translation.override("es"):
        active_locale()
        with CaptureQueriesContext(connection) as queries:
            spanish = active_locale()
        assert spanish == Locale.objects.get(language_code="es") and not queries.captured_queries
    with translation.override("fr"):
        assert active_locale() == Locale.get_default()
