"""The foundation: languages, the front page in each locale, set-up idempotency, health and error pages."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import Locale, Page

from home.models import HomePage, Institution, Municipality, StandardPage

pytestmark = pytest.mark.django_db
LANGUAGES = ["ca", "es", "en"]


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_per_locale_has_lang_and_hreflang_of_the_others(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == language
    alternates = {link["hreflang"]: link["href"] for link in html.select('link[rel="alternate"][hreflang]')}
    assert set(alternates) == {*LANGUAGES, "x-default"}
    # "/" picks the language from the browser: the home pages' x-default.
    assert alternates["x-default"] == f"{settings.SITE_URL}/"
    for other in LANGUAGES:
        assert alternates[other].endswith(f"/{other}/")
    canonical = html.select_one('link[rel="canonical"]')["href"]
    assert canonical.endswith(f"/{language}/")
    assert html.select_one("a.skip-link")["href"] == "#main"
    assert html.find("main", id="main") is not None
    assert len(html.find_all("h1")) == 1


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("es", "/es/"),
        ("es-ES,es;q=0.9", "/es/"),
        ("en-GB,en;q=0.8", "/en/"),
        ("ca", "/ca/"),
        ("fr-FR", "/ca/"),
        ("", "/ca/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language} if accept_language else {})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("path", ["/fr/", "/de/el-projecte/", "/pt-br/"])
def test_unknown_locale_prefix_gives_the_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Pàgina no trobada" in response.content.decode() or "Page not found" in response.content.decode()


@pytest.mark.parametrize("path", ["/media/", "/documents/", "/admin/no-such-screen/x"])
def test_a_missing_address_in_a_language_neutral_folder_is_not_sent_to_a_language(client, path):
    # Files and the admin live outside the language prefixes: /ca/media/ would only be another "not found".
    response = client.get(path)
    assert response.status_code in (301, 302, 404)  # a slash added, the admin's sign-in, or "not found"
    assert not response.get("Location", "").startswith("/ca/")


@pytest.mark.parametrize("path", ["/el-projecte/", "/defensors/"])
def test_a_page_address_without_its_language_is_sent_to_catalan(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == f"/ca{path}"


def test_404_page_speaks_the_visitors_language_and_reveals_nothing(client):
    response = client.get("/es/no-existe-esta-pagina/")
    assert response.status_code == 404
    body = response.content.decode()
    assert soup(response).html["lang"] == "es"
    assert "Página no encontrada" in body
    for internal in ("Traceback", "urlpatterns", "wagtail", "DEBUG"):
        assert internal not in body


def test_language_switcher_links_to_the_translation_of_the_page(client):
    response = client.get("/en/the-project/")
    assert response.status_code == 200
    switcher = soup(response).select_one("nav.language-switcher")
    links = {a["hreflang"]: a["href"] for a in switcher.select("a[hreflang]")}
    # Each language's own slug (home/slugs.py).
    assert links == {"ca": "/ca/el-projecte/", "es": "/es/el-proyecto/"}
    assert switcher.select_one('[aria-current="true"]').get_text(strip=True) == "English"


def test_language_switcher_says_when_a_page_is_not_translated(client, homes):
    page = StandardPage(title="Només en català", slug="nomes-en-catala")
    homes["ca"].add_child(instance=page)
    page.save_revision().publish()
    response = client.get("/ca/nomes-en-catala/")
    html = soup(response)
    alternates = {link["hreflang"] for link in html.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"ca", "x-default"}
    spanish = html.select_one('nav.language-switcher a[hreflang="es"]')
    # Issue 7: the switcher offers the version that exists, which then shows a notice in Spanish.
    assert spanish["href"] == "/ca/nomes-en-catala/?from=es"
    assert "no traducida" in spanish.get_text()


def test_main_navigation_comes_from_the_page_tree(client):
    html = soup(client.get("/ca/"))
    nav = html.select_one("nav.main-nav[aria-label]")
    expected = [page.title for page in HomePage.objects.get(locale__language_code="ca").get_children().live().in_menu()]
    assert [a.get_text(strip=True) for a in nav.select("a")] == expected
    assert expected[:3] == ["El projecte", "Qui som", "Notícies"]


def test_footer_names_the_four_founding_institutions_in_each_language(client):
    for language in LANGUAGES:
        footer = soup(client.get(f"/{language}/")).select_one("footer")
        assert len(footer.select(".institution-list li")) == 4


def test_the_navigation_and_footer_written_once_follow_the_page_shown_and_every_change(client, settings):
    """The main navigation and the footer are written once per language until content changes (issue 21): each page
    marks its own menu item only, in whatever order pages are shown, and a title, a menu flag or a founding
    institution changed after they were shown is in the next page; each language has its own."""
    settings.CDHR_PAGE_CACHE_SECONDS = 0  # the pages themselves rendered afresh: what is remembered is the chrome
    home = HomePage.objects.get(locale__language_code="ca")
    items = list(home.get_children().live().in_menu().specific())

    def navigation(url):
        nav = soup(client.get(url)).select_one("nav.main-nav")
        return [(a.get_text(strip=True), a.get("aria-current")) for a in nav.select("a")]

    for item in [*items[:3], items[0]]:
        assert [title for title, current in navigation(item.url) if current] == [item.title]
    assert not any(current for _title, current in navigation("/ca/"))

    first, second = items[0], items[1]
    first.title = "El projecte, de nou"
    first.save_revision().publish()
    second.show_in_menus = False
    second.save_revision().publish()
    titles = [title for title, _current in navigation("/ca/")]
    assert titles[0] == "El projecte, de nou" and second.title not in titles
    assert ("El projecte, de nou", "page") in navigation(first.url)

    def founders(url):
        footer = soup(client.get(url)).select_one("footer")
        return footer.select_one("h2").get_text(strip=True), [
            li.get_text(strip=True) for li in footer.select(".institution-list li")
        ]

    assert founders("/ca/")[0] == "Un projecte de" and founders("/es/")[0] == "Un proyecto de"
    Institution.objects.create(
        locale=home.locale, name="Fundació Nova", role=Institution.Role.FOUNDER, live=True, sort_order=99
    )
    assert "Fundació Nova" in founders("/ca/")[1] and "Fundació Nova" not in founders("/es/")[1]


def counts():
    return {
        "pages": Page.objects.count(),
        "locales": Locale.objects.count(),
        "institutions": Institution.objects.count(),
        "municipalities": Municipality.objects.count(),
        "groups": Group.objects.count(),
    }


def test_setup_site_twice_changes_nothing():
    before = counts()
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    assert counts() == before
    assert "nothing to do" in out.getvalue()


def test_setup_site_builds_three_locales_and_consortium_data():
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == sorted(LANGUAGES)
    assert HomePage.objects.live().count() == 3
    assert Municipality.objects.count() == 28
    assert Institution.objects.filter(locale__language_code="ca").count() == 9
    for language in LANGUAGES:
        assert Institution.objects.filter(locale__language_code=language, role="founder", live=True).count() == 4
        assert StandardPage.objects.live().filter(locale__language_code=language).count() == 4


def test_setup_site_refuses_demo_under_production_settings():
    with override_settings(CDHR_ALLOW_DEMO=False), pytest.raises(CommandError):
        call_command("setup_site", "--demo", stdout=io.StringIO())


def test_healthz_with_a_live_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


DEAD_DATABASE_PROBE = """
import django, json
django.setup()
from django.test import Client
client = Client()
health = client.get("/healthz")
page = client.get("/ca/")
print(json.dumps({"health": [health.status_code, health.json()], "page": [page.status_code, page.content.decode()]}))
"""


def test_healthz_and_pages_with_a_dead_database():
    """A real dead database: a separate process pointed at a port where nothing listens."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cdhr_cms.settings.test",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing",
    )
    result = subprocess.run(
        [sys.executable, "-c", DEAD_DATABASE_PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=60,
        check=True,
    )
    import json

    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["health"] == [503, {"status": "unavailable", "database": "unavailable"}]
    status, body = report["page"]
    assert status == 503
    assert "Traceback" not in body and "psycopg" not in body and "127.0.0.1" not in body


SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_all_three_locales_with_hreflang_alternates(client):
    from defusedxml import ElementTree as ET

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    entries = {}
    for url in tree.findall("sm:url", SITEMAP_NS):
        location = url.find("sm:loc", SITEMAP_NS).text
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", SITEMAP_NS)}
        entries[location.split("://", 1)[1].split("/", 1)[1]] = alternates
    for language in LANGUAGES:
        assert f"{language}/" in entries
    assert {"ca/el-projecte/", "es/el-proyecto/", "en/the-project/"} <= set(entries)
    assert {code: href.split("/", 3)[3] for code, href in entries["es/quienes-somos/"].items()} == {
        "ca": "ca/qui-som/",
        "es": "es/quienes-somos/",
        "en": "en/who-we-are/",
        "x-default": "ca/qui-som/",
    }


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_every_page_has_a_unique_title_and_description_and_open_graph_tags(client):
    titles = set()
    for path in ["/ca/", "/ca/el-projecte/", "/ca/qui-som/", "/ca/noticies/", "/ca/accessibilitat/", "/ca/privacitat/"]:
        html = soup(client.get(path))
        title = html.title.get_text()
        assert title not in titles
        titles.add(title)
        assert html.select_one('meta[name="description"]')["content"]
        og = {meta["property"]: meta["content"] for meta in html.select("meta[property^='og:']")}
        assert og["og:locale"] == "ca_ES" and og["og:url"].endswith(path) and og["og:title"]


def test_home_page_describes_the_organisation_in_json_ld(client):
    import json

    script = soup(client.get("/en/")).select_one('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "Organization"
    assert len(data["member"]) == 4


@pytest.mark.parametrize("language", LANGUAGES)
def test_footer_links_the_accessibility_statement_and_privacy_notice(client, language):
    slugs = {
        "ca": ("accessibilitat", "privacitat", "contacte"),
        "es": ("accesibilidad", "privacidad", "contacto"),
        "en": ("accessibility", "privacy", "contact"),
    }[language]
    html = soup(client.get(f"/{language}/"))
    links = [a["href"] for a in html.select("footer .footer-links a")]
    # The contact form too, from every page's footer (issue 20).
    assert {f"/{language}/{slug}/" for slug in slugs} <= set(links)
    statement = soup(client.get(f"/{language}/{slugs[0]}/")).get_text()
    assert "WCAG 2.1" in statement and "1112/2018" in statement and "2026" in statement
