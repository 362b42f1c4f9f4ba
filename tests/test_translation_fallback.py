"""A page missing in the visitor's language: the switcher offers the version that exists, with a notice in the
visitor's language; hreflang lists only the translations that exist."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from home.models import StandardPage
from home.setup import publish_new_page
from home.translation import publish_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_in_ca_and_es(homes, locales):
    page = publish_new_page(homes["ca"], StandardPage(title="Qui som", slug="qui-som-prova", intro="Som un consorci."))
    publish_translation(page, locales["es"], {"title": "Quiénes somos", "intro": "Somos un consorcio."})
    return page


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_switcher_links_an_untranslated_language_to_the_catalan_version(client, page_in_ca_and_es):
    soup = _soup(client.get("/es/qui-som-prova/"))
    links = {a["hreflang"]: a for a in soup.select(".language-switcher a")}
    assert links["ca"]["href"] == "/ca/qui-som-prova/"
    english = links["en"]
    assert english["href"] == "/ca/qui-som-prova/?from=en"
    # The note is in English, the language of the link.
    assert "not translated yet: Catalan version" in english.get_text()


def test_hreflang_lists_only_existing_translations(client, page_in_ca_and_es):
    soup = _soup(client.get("/ca/qui-som-prova/"))
    alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert alternates == {
        "ca": f"{settings.SITE_URL}/ca/qui-som-prova/",
        "es": f"{settings.SITE_URL}/es/qui-som-prova/",
        "x-default": f"{settings.SITE_URL}/ca/qui-som-prova/",
    }


def test_fallback_page_shows_a_notice_in_the_visitors_language(client, page_in_ca_and_es):
    soup = _soup(client.get("/ca/qui-som-prova/?from=en"))
    # The content keeps its own language; the notice carries the visitor's.
    assert soup.html["lang"] == "ca"
    notice = soup.select_one("main .translation-notice")
    assert notice["lang"] == "en"
    assert notice.get_text(" ", strip=True).startswith(
        "This page is not translated into English yet. You are reading the Catalan version."
    )
    assert notice.a["href"] == "/en/"
    assert soup.select_one("main h1").get_text(strip=True) == "Qui som"
    # The canonical URL is the Catalan page itself, not the ?from= variant.
    assert soup.select_one('link[rel="canonical"]')["href"] == f"{settings.SITE_URL}/ca/qui-som-prova/"


def test_notice_in_spanish(client, homes, locales):
    page = publish_new_page(homes["ca"], StandardPage(title="Nomes en catala", slug="nomes-ca", intro="Text."))
    spanish = _soup(client.get(f"{page.url}?from=es")).select_one(".translation-notice")
    assert spanish["lang"] == "es"
    assert "Esta página aún no está traducida al castellano." in spanish.get_text()
    assert "catalán" in spanish.get_text()


def test_no_notice_when_the_translation_exists_or_the_parameter_is_wrong(client, page_in_ca_and_es):
    for query in ("?from=es", "?from=ca", "?from=xx", "?from=", ""):
        soup = _soup(client.get(f"/ca/qui-som-prova/{query}"))
        assert soup.select_one(".translation-notice") is None, query
