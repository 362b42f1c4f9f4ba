"""What search engines and browsers look for on every page: a meta description of its own, and a favicon."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def meta_description(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    tag = BeautifulSoup(response.content.decode(), "html.parser").find("meta", attrs={"name": "description"})
    return tag["content"].strip() if tag else ""


@pytest.mark.parametrize("language", ["ca", "en"])
def test_every_page_and_route_has_its_own_meta_description(client, language):
    pages = Page.objects.live().public().filter(locale__language_code=language, depth__gt=1).specific()
    urls = [page.url for page in pages]
    prefix = {"ca": "/ca/ciutats/", "en": "/en/cities/"}[language]
    search = {"ca": "/ca/cerca/?q=drets", "en": "/en/search/?q=rights"}[language]
    urls += [prefix, prefix + "sabadell/", search]
    descriptions = {url: meta_description(client, url) for url in urls}
    assert all(descriptions.values()), [url for url, text in descriptions.items() if not text]
    assert len(set(descriptions.values())) == len(descriptions), descriptions


def test_a_page_without_any_text_is_described_by_its_title(client, homes):
    from home.models import StandardPage
    from home.setup import publish_new_page

    page = publish_new_page(homes["en"], StandardPage(title="Bare page", slug="bare-page"))
    assert meta_description(client, page.url) == "Bare page — Cities Defending Human Rights"


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".png")
    assert 'rel="icon"' in client.get("/ca/").content.decode()
