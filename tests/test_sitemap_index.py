"""A large site's sitemap (issue 21): /sitemap.xml becomes an index of one sitemap per language, so that no file grows
with the site; each language's sitemap lists that language's pages with their alternates, is split into files of
bounded size, and leaves out what the single sitemap leaves out (a protected defender)."""

import pytest
from django.conf import settings
from django.test import override_settings
from lxml import etree

from tests import outputs_site

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def locations(document, tag):
    return [element.findtext("s:loc", namespaces=NS) for element in document.findall(f"s:{tag}", NS)]


def path_of(url):
    return url.removeprefix(settings.SITE_URL)


def test_small_site_keeps_one_sitemap(client, site):
    document = xml(client, "/sitemap.xml")
    assert document.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"


@override_settings(SITEMAP_INDEX_FROM=5)
def test_large_site_gets_an_index_of_one_sitemap_per_language(client, site):
    single = locations(xml(client, "/sitemap-ca.xml"), "url")  # not yet split: the limit is large
    index = xml(client, "/sitemap.xml")
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    sections = [path_of(url) for url in locations(index, "sitemap")]
    assert sections == ["/sitemap-ca.xml", "/sitemap-es.xml", "/sitemap-en.xml"]
    listed = {}
    for code, section in zip(("ca", "es", "en"), sections, strict=True):
        document = xml(client, section)
        urls = locations(document, "url")
        assert urls and all(path_of(url).startswith(f"/{code}/") for url in urls), section
        # Alternates in every language, as in the single sitemap.
        first = document.find("s:url", NS)
        assert {link.get("hreflang") for link in first.findall("xhtml:link", NS)} >= {"ca", "es", "en", "x-default"}
        listed[code] = urls
    assert listed["ca"] == single
    everything = {path_of(url) for urls in listed.values() for url in urls}
    assert site["public defender"].url in everything
    assert site["protected defender"].url not in everything
    assert client.get("/sitemap-xx.xml").status_code == 404


def test_a_language_sitemap_is_split_into_files_of_bounded_size(client, site, settings):
    # Both through pytest-django's fixture: mixed with Django's decorator, its restore brought back the decorator's
    # value for the tests that followed.
    settings.SITEMAP_INDEX_FROM = 5
    whole = locations(xml(client, "/sitemap-ca.xml"), "url")
    settings.SITEMAP_LIMIT = 3
    index = [path_of(url) for url in locations(xml(client, "/sitemap.xml"), "sitemap")]
    catalan = [url for url in index if url.startswith("/sitemap-ca.xml")]
    assert len(catalan) >= len(whole) // 6 and "/sitemap-ca.xml?p=2" in catalan
    pieces = [locations(xml(client, url), "url") for url in catalan]
    # Three pages a file; a tour brings its press room along, so at most six addresses.
    assert all(1 <= len(piece) <= 6 for piece in pieces)
    assert [url for piece in pieces for url in piece] == whole
