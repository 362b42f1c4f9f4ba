"""Public page cache: anonymous visitors get cached pages that are invalidated by any content change."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from home.models import HomePage, Institution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_max_num_queries):
    first = client.get("/ca/")
    assert first["X-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    with django_assert_max_num_queries(0):
        second = client.get("/ca/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_page_invalidates_the_cache(client):
    client.get("/es/")
    home = HomePage.objects.get(locale__language_code="es")
    home.hero_title = "Un titular recién publicado"
    home.save_revision().publish()
    response = client.get("/es/")
    assert response["X-Cache"] == "miss"
    assert "Un titular recién publicado" in response.content.decode()


def test_changing_a_snippet_invalidates_pages_that_show_it(client):
    assert "Institut Català Internacional per la Pau" in client.get("/ca/el-projecte/").content.decode()
    institution = Institution.objects.get(locale__language_code="ca", acronym="ICIP")
    institution.name = "Institut Català per la Pau (nom nou)"
    institution.save_revision().publish()
    # The first reader after the change may get the page from before while it is re-rendered (tests/test_cache_stale);
    # the reader after them gets the new name, from the cache.
    client.get("/ca/el-projecte/")
    fresh = client.get("/ca/el-projecte/")
    assert fresh["X-Cache"] == "hit" and "Institut Català per la Pau (nom nou)" in fresh.content.decode()


def menu_and_footer(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in html.select("nav.main-nav a, footer .footer-links a")]


def test_the_menu_and_footer_kept_between_pages_follow_a_renamed_page(client, django_assert_max_num_queries):
    """The header's and footer's parts are kept together, once per language (home/context_processors.py): a page
    rendered after a rename shows the new title there, and the other languages keep their own."""
    before = menu_and_footer(client.get("/ca/"))
    spanish = menu_and_footer(client.get("/es/"))
    with django_assert_max_num_queries(2):  # a standard page's own two queries: nothing for its header and footer
        assert menu_and_footer(client.get("/ca/el-projecte/")) == before
    page = HomePage.objects.get(locale__language_code="ca").get_children().live().in_menu().get(slug="qui-som")
    page = page.specific
    page.title = "Qui som (nou)"
    page.save_revision().publish()
    after = menu_and_footer(client.get("/ca/noticies/"))  # not cached before: rendered now
    assert after == [("Qui som (nou)" if title == "Qui som" else title) for title in before]
    assert menu_and_footer(client.get("/es/noticias/")) == spanish


def test_unpublished_page_is_gone_at_once(client):
    assert client.get("/en/who-we-are/").status_code == 200
    HomePage.objects.get(locale__language_code="en").get_children().get(slug="who-we-are").specific.unpublish()
    assert client.get("/en/who-we-are/").status_code == 404
    # Nor does its address from before slugs were translated lead to it any more.
    assert client.get("/en/qui-som/", follow=True).status_code == 404


def test_etag_lets_browsers_revalidate_cheaply(client):
    etag = client.get("/en/").headers["ETag"]
    assert client.get("/en/", headers={"if-none-match": etag}).status_code == 304


def test_signed_in_users_and_the_admin_are_never_cached(client):
    user = get_user_model().objects.create_superuser("cachecheck", "c@example.org", "a-long-password-123")
    client.force_login(user)
    response = client.get("/ca/")
    assert "X-Cache" not in response
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    admin = client.get("/admin/")
    assert admin.status_code == 200 and "X-Cache" not in admin
    client.logout()
    assert "X-Cache" not in client.get("/admin/login/")
