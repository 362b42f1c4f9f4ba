"""Private pages stay private through our routing shortcut (home/queries.py `route_below`, `HomePage.route`): a page
under a view restriction — its own, an ancestor's, or the source's of an alias — is refused or asks for its password
exactly as Wagtail does, and no listing (sitemap, search, news index) names it. Our page types' `public()` finds
the same pages as Wagtail's."""

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from home.models import StandardPage
from home.queries import pages
from home.setup import SetupContext, publish_new_page
from news.models import NewsIndexPage, NewsPage
from news.setup import create_demo_news

pytestmark = pytest.mark.django_db
SECRET = "Xyzzyconfidencial"
PASSWORD = "clau-de-prova-123"


def standard(parent, slug, title):
    return publish_new_page(parent, StandardPage(title=title, slug=slug, intro=f"{SECRET} {slug}"))


@pytest.fixture
def private(homes):
    """A password-protected page with a child, a login-only section two levels deep, and an open page."""
    home = homes["ca"]
    locked = standard(home, "tancada", f"Tancada {SECRET}")
    below_locked = standard(locked, "filla", f"Filla {SECRET}")
    section = standard(home, "seccio", "Secció")
    members = standard(section, "socis", f"Socis {SECRET}")
    deep = standard(members, "acta", f"Acta {SECRET}")
    open_page = standard(home, "oberta", "Oberta")
    PageViewRestriction.objects.create(page=locked, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD)
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    return {"locked": locked, "below_locked": below_locked, "members": members, "deep": deep, "open": open_page}


def asks_for_password(response):
    body = response.content.decode()
    return response.status_code == 200 and "password" in body.lower() and SECRET not in body


def sends_to_login(response):
    return response.status_code == 302 and "login" in response["Location"]


def test_a_password_protected_page_and_its_children_ask_for_the_password(client, private):
    for page in (private["locked"], private["below_locked"]):
        response = client.get(page.url)
        assert asks_for_password(response), page.url
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_right_password_opens_the_page(client, private):
    restriction = PageViewRestriction.objects.get(page=private["locked"])
    with translation.override("ca"):
        url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, private["locked"].pk])
    client.post(url, {"password": "not-the-password", "return_url": private["locked"].url})
    assert asks_for_password(client.get(private["locked"].url))
    client.post(url, {"password": PASSWORD, "return_url": private["locked"].url})
    assert SECRET in client.get(private["locked"].url).content.decode()
    assert SECRET in client.get(private["below_locked"].url).content.decode()


def test_the_password_form_is_in_the_site_s_layout_and_shows_nothing_of_the_page(client, private):
    body = client.get(private["locked"].url).content.decode()
    assert '<main id="main"' in body and 'class="site-footer"' in body
    assert 'type="password"' in body and '<label for="id_password">' in body
    assert '<meta name="robots" content="noindex">' in body
    # Neither the guarded page's title nor its description, share card or structured data.
    assert "Tancada" not in body and SECRET not in body
    assert "og:title" not in body and "application/ld+json" not in body


def test_signing_in_at_the_login_form_leads_back_to_the_page_or_home(client, private, django_user_model):
    django_user_model.objects.create_user("soci", password="contrasenya-del-soci")
    members = private["members"].url
    response = client.get(reverse("wagtailcore_login"), {"next": members})
    body = response.content.decode()
    assert response.status_code == 200 and '<main id="main"' in body
    assert f'<input type="hidden" name="next" value="{members}">' in body
    assert 'autocomplete="current-password"' in body
    signed_in = client.post(
        reverse("wagtailcore_login"), {"username": "soci", "password": "contrasenya-del-soci", "next": members}
    )
    assert signed_in["Location"] == members
    assert SECRET in client.get(members).content.decode()
    client.logout()
    # Without a page to go back to: the home page, not Django's /accounts/profile/ (which does not exist).
    signed_in = client.post(reverse("wagtailcore_login"), {"username": "soci", "password": "contrasenya-del-soci"})
    assert client.get(signed_in["Location"], follow=True).status_code == 200


def test_a_page_under_a_login_restricted_ancestor_is_refused(client, private):
    for page in (private["members"], private["deep"]):
        assert sends_to_login(client.get(page.url)), page.url


def test_a_restricted_home_page_is_refused(client, homes, private):
    PageViewRestriction.objects.create(page=homes["ca"], restriction_type=PageViewRestriction.LOGIN)
    assert sends_to_login(client.get("/ca/"))
    assert sends_to_login(client.get(private["open"].url))
    assert client.get("/es/").status_code == 200


def test_an_alias_of_a_restricted_page_is_restricted_too(client, homes, private):
    alias = private["members"].create_alias(parent=homes["ca"], update_slug="alias-socis")
    assert alias.alias_of_id == private["members"].pk
    assert sends_to_login(client.get(alias.url))
    # An alias of a page under a restricted ancestor: Wagtail checks the alias's source page and the alias's own
    # ancestors, not the source's ancestors. Our routing gives Wagtail's answer, whatever it is.
    alias = private["deep"].create_alias(parent=homes["ca"], update_slug="alias-acta")
    restricted = Page.get_view_restrictions(Page.objects.get(pk=alias.pk)).exists()
    response = client.get(alias.url)
    assert sends_to_login(response) if restricted else response.status_code == 200


def test_a_routable_page_under_a_restriction_refuses_its_sub_views(client, homes):
    create_demo_news(SetupContext(stdout=io.StringIO()))
    index = NewsIndexPage.objects.get(locale__language_code="ca")
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    news = NewsPage.objects.live().child_of(index).first()
    for url in (index.url, index.url + "rss.xml", index.url + "atom.xml", news.url):
        assert sends_to_login(client.get(url)), url


def test_open_pages_are_served(client, private):
    response = client.get(private["open"].url)
    assert response.status_code == 200 and "Oberta" in response.content.decode()


def test_listings_leave_private_pages_out(client, private):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/tancada/" not in sitemap and "/socis/" not in sitemap and "/oberta/" in sitemap
    search = client.get("/ca/cerca/", {"q": SECRET}).content.decode()
    assert "Tancada" not in search and "Socis" not in search and "Acta" not in search


def test_the_news_index_and_feeds_leave_private_news_out(client, homes):
    create_demo_news(SetupContext(stdout=io.StringIO()))
    index = NewsIndexPage.objects.get(locale__language_code="ca")
    hidden = NewsPage.objects.live().child_of(index).first()
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD)
    for url in (index.url, index.url + "rss.xml", index.url + "atom.xml"):
        body = client.get(url).content.decode()
        assert hidden.title not in body and hidden.url not in body, url


def test_the_page_cache_never_hands_a_restricted_page_to_a_visitor(client, private):
    cache.clear()
    with override_settings(CDHR_PAGE_CACHE_SECONDS=600):
        assert sends_to_login(client.get(private["deep"].url))
        assert sends_to_login(client.get(private["deep"].url))
        assert asks_for_password(client.get(private["locked"].url))
        assert asks_for_password(client.get(private["locked"].url))
    cache.clear()


def test_our_public_query_set_finds_what_wagtails_finds(homes, private):
    """`SitePageQuerySet.public()` (a subquery) against Wagtail's own `PageQuerySet.public()` (a list of paths)."""
    private["deep"].create_alias(parent=homes["ca"], update_slug="alias-acta")
    wagtail_public = set(PageQuerySet(Page).public().values_list("pk", flat=True))
    wagtail_private = set(PageQuerySet(Page).not_public().values_list("pk", flat=True))
    assert set(pages().public().values_list("pk", flat=True)) == wagtail_public
    assert set(pages().not_public().values_list("pk", flat=True)) == wagtail_private
    assert set(StandardPage.objects.public().values_list("pk", flat=True)) == wagtail_public & set(
        StandardPage.objects.values_list("pk", flat=True)
    )
    assert {private["locked"].pk, private["below_locked"].pk, private["members"].pk, private["deep"].pk} <= (
        wagtail_private
    )


def test_a_public_listing_reads_the_pages_below_each_restriction_not_every_page(homes, private):
    """The subquery of `public()` starts from the view restrictions (a handful) and reads only the pages below them,
    as a range of tree paths. Written with the ORM it tested every page of the site against every restriction, and
    SQLite then read the listing through that list (README, "Performance"); comparing the first characters of each
    path read every page once per restriction."""
    create_demo_news(SetupContext(stdout=io.StringIO()))
    hidden = NewsPage.objects.live().first()
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    listing = NewsPage.objects.live().public()
    listed = set(listing.values_list("pk", flat=True))
    assert hidden.pk not in listed
    assert listed == set(PageQuerySet(Page).live().public().type(NewsPage).values_list("pk", flat=True))
    if connection.vendor != "sqlite":
        # SQLite's plan follows from the query alone; PostgreSQL's planner chooses by its statistics.
        return
    sql, params = listing.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        steps = [row[-1] for row in cursor.fetchall()]
    subquery = steps[next(i for i, step in enumerate(steps) if "SUBQUERY" in step) + 1 :]
    assert not any("CORRELATED" in step for step in steps), steps
    assert subquery[0].startswith("SCAN restriction"), steps
    # The pages below each restriction come from a range of the path index, not from a read of every page.
    below = next(step for step in subquery if " below " in f"{step} ")
    assert below.startswith("SEARCH below USING") and "(path>? AND path<?)" in below, steps


def test_a_restriction_added_or_removed_counts_at_the_next_listing(homes, private):
    # Nothing remembers which pages are restricted: a restriction added or removed counts at the next listing.
    open_page = private["open"]
    assert open_page.pk in set(pages().public().values_list("pk", flat=True))
    restriction = PageViewRestriction.objects.create(page=open_page, restriction_type=PageViewRestriction.LOGIN)
    assert open_page.pk not in set(pages().public().values_list("pk", flat=True))
    assert open_page.pk in set(StandardPage.objects.not_public().values_list("pk", flat=True))
    restriction.delete()
    assert open_page.pk in set(StandardPage.objects.public().values_list("pk", flat=True))
