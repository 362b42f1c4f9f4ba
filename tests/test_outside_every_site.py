"""Pages no site reaches: a copy an editor made at the top of the page tree, or a translation that lies there. They
have no address (Wagtail's `get_url` is None); previewing them, and serving the pages they translate, must still
answer, with no link to "None" (issue 21's review: three template helpers added a route or a file name to None)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale, Page

from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root-editor", "root@example.org", "x-long-pass-123"))
    return client


def test_every_page_of_a_copy_outside_every_site_can_be_previewed(admin_client, homes):
    copy = homes["ca"].copy(
        to=Page.get_first_root_node(), recursive=True, update_attrs={"slug": "copia", "title": "Còpia"}, keep_live=True
    )
    news_index = NewsIndexPage.objects.descendant_of(copy).get()
    news_index.add_child(instance=NewsPage(title="Notícia perduda", slug="perduda", date=datetime.date(2026, 5, 1)))
    pages = list(copy.get_descendants(inclusive=True).specific())
    # The site's kinds of page, routable ones (tours directory, defenders, news, statements) and a news item among them.
    assert {type(page).__name__ for page in pages} >= {"HomePage", "EditionIndexPage", "NewsIndexPage", "NewsPage"}
    for page in pages:
        assert page.get_url() is None, page
        response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
        assert response.status_code == 200, (page, response.status_code)
        # The head (canonical and language links, share card) and the header name no address that does not exist.
        # (Links inside the copy's pages to each other say "None", as Wagtail's `{% pageurl %}` writes them.)
        head = response.content.decode().split("<main", 1)[0]
        assert "None" not in head, page


def test_a_page_whose_translation_lies_outside_every_site_is_served_with_the_languages_it_has(client, homes):
    page = StandardPage.objects.child_of(homes["ca"]).live().first()
    elsewhere = homes["ca"].copy(to=Page.get_first_root_node(), update_attrs={"slug": "copia"}, keep_live=True)
    spanish = Locale.objects.get(language_code="es")
    page.get_translations().filter(locale=spanish).delete()
    # A Spanish version of the page, in a tree no site serves.
    lost = StandardPage(title="Página perdida", slug="perdida", translation_key=page.translation_key, locale=spanish)
    elsewhere.add_child(instance=lost)
    lost.save_revision().publish()
    assert lost.get_url() is None

    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "None" not in html.split("<main", 1)[0], "a link in the head or the header goes to None"
    soup = BeautifulSoup(html, "html.parser")
    alternates = {link["hreflang"] for link in soup.select('head link[rel="alternate"][hreflang]')}
    assert "es" not in alternates and "ca" in alternates, "a translation without an address is not announced"
    # The language switcher offers the page as it is, saying it is not translated yet, as for any missing version.
    spanish_link = soup.select_one('a[hreflang="es"]')
    assert spanish_link["href"].startswith(page.url + "?")


def test_a_live_page_outside_every_site_is_not_a_search_result(client, homes):
    elsewhere = homes["ca"].copy(to=Page.get_first_root_node(), update_attrs={"slug": "copia"}, keep_live=True)
    reachable = StandardPage(title="Pàgina trobadissa", slug="trobadissa")
    homes["ca"].add_child(instance=reachable)
    reachable.save_revision().publish()
    lost = StandardPage(title="Pàgina trobadissa perduda", slug="perduda")
    elsewhere.add_child(instance=lost)
    lost.save_revision().publish()

    response = client.get(reverse("search"), {"q": "trobadissa"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert [link["href"] for link in soup.select(".search-results a")] == [reachable.url]
    assert soup.select_one('[role="status"]').get_text().startswith("1 ")


def test_an_earlier_address_whose_page_now_lies_outside_every_site_is_not_found(client, homes, locales):
    """An address with the Catalan slugs under another language's prefix is sent to that language's version
    (home/moved.py); a version outside every site has none, so the address is not found, with a route after it too."""
    from editions.models import EditionIndexPage

    spanish_tours = EditionIndexPage.objects.get(locale=locales["es"])
    catalan_slug = EditionIndexPage.objects.get(locale=locales["ca"]).slug
    assert client.get(f"/es/{catalan_slug}/agenda/").status_code == 301
    elsewhere = homes["es"].copy(to=Page.get_first_root_node(), update_attrs={"slug": "copia"}, keep_live=True)
    spanish_tours.move(elsewhere, pos="last-child")
    for address in (f"/es/{catalan_slug}/", f"/es/{catalan_slug}/agenda/"):
        assert client.get(address).status_code == 404, address
