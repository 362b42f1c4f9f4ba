"""A large site's sitemap (issue 21): /sitemap.xml becomes an index of one sitemap per language, so that no file grows
with the site; each language's sitemap lists that language's pages with their alternates, is split into files of
bounded size, and leaves out what the single sitemap leaves out (a protected defender)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage
from django.template.loader import render_to_string
from django.test import override_settings
from lxml import etree
from wagtail.models import Page

from home.models import StandardPage
from home.setup import publish_new_page
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


def wagtails_own_entries(request):
    """Every sitemap entry as Wagtail's `get_sitemap_urls` gives it, page by page: each live public page of the
    three languages as its own type (a protected defender gives none)."""
    from cdhr_cms.sitemap import live_pages

    entries = set()
    for page in live_pages().specific():
        for entry in page.get_sitemap_urls(request):
            entries.add(comparable(entry))
    return entries


def comparable(entry):
    # A route is one path, or {language: path} when its name is translated.
    route = entry.get("route", "")
    return entry["location"], str(sorted(route.items())) if isinstance(route, dict) else route, entry["lastmod"]


def test_entries_and_addresses_are_wagtails_own_page_by_page(rf, site, homes):
    from cdhr_cms.sitemap import LEFT_OUT, Addresses, ListedPage, MultilingualSitemap

    # An address with letters reverse() quotes.
    accented = publish_new_page(homes["ca"], StandardPage(title="Àgora", slug="àgora-ciutadana"))
    request = rf.get("/sitemap.xml")
    addresses = Addresses()
    for page in Page.objects.filter(depth__gt=1):
        assert addresses(page.url_path) == page.get_full_url(request), page.url_path
    assert "/%C3%A0gora-ciutadana/" in addresses(accented.url_path)

    items = MultilingualSitemap(request).items()
    # Rows stand in for the types that keep Wagtail's `get_sitemap_urls` or add a route's entries to it (a tour and
    # its press room), and for the pages a type that only leaves some out lists (`sitemap_listed`: a public profile,
    # never a protected one); a city's addresses are not pages.
    pages = [item for item in items if hasattr(item, "get_sitemap_urls") and item is not LEFT_OUT]
    by_pk = {item.pk: item for item in pages}
    assert isinstance(by_pk[site["public defender"].pk], ListedPage)
    assert site["protected defender"].pk not in by_pk
    assert isinstance(by_pk[site["tour"].pk], ListedPage) and by_pk[site["tour"].pk].route
    ours = {comparable(entry) for item in pages for entry in item.get_sitemap_urls(request)}
    routes = {(location, route) for location, route, _lastmod in ours if route}
    assert ours == wagtails_own_entries(request) and routes


def test_only_a_route_over_wagtails_own_entries_is_listed_from_rows():
    """A type listed with its route (`ListedWithRoute`) is listed from its rows only when the entries its route is
    added to are Wagtail's own: over a rule of its own, or with pages it leaves out (`sitemap_listed`), it decides
    its entries page by page, as any type that overrides `get_sitemap_urls`."""
    from cdhr_cms.sitemap import decides_own_entries
    from defenders.models import DefenderPage
    from editions.models import EditionIndexPage, EditionPage
    from home.routes import ListedWithRoute

    class WagtailsRule:
        get_sitemap_urls = Page.get_sitemap_urls

    class OwnRule:
        def get_sitemap_urls(self, request=None):
            return []

    class RouteOverWagtails(ListedWithRoute, WagtailsRule):
        sitemap_route = "press"

    class RouteOverOwnRule(ListedWithRoute, OwnRule):
        sitemap_route = "press"

    class RouteOverWagtailsLeavingSomeOut(RouteOverWagtails):
        @classmethod
        def sitemap_listed(cls, pages):
            return pages

    assert not any(map(decides_own_entries, (RouteOverWagtails, EditionPage, EditionIndexPage, StandardPage)))
    assert all(map(decides_own_entries, (RouteOverOwnRule, RouteOverWagtailsLeavingSomeOut, DefenderPage, None)))


def test_the_xml_is_djangos_sitemap_template_byte_for_byte(rf, site):
    from cdhr_cms.sitemap import MultilingualSitemap, urlset_xml

    request = rf.get("/sitemap.xml")
    urls = MultilingualSitemap(request).get_urls(page=1, site=RequestSite(request), protocol="http")
    assert len(urls) > 20 and all(url["alternates"] for url in urls)
    # What Django's template escapes and formats: markup characters, a date, a naive date-time near midnight in the
    # site's time zone, and the fields our pages do not use.
    urls.append(
        {
            "location": "https://ciutats.example/ca/a&b/?q=<\"'>",
            "lastmod": datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC),
            "changefreq": "daily",
            "priority": "0.5",
            "alternates": [{"lang_code": "es", "location": "https://ciutats.example/es/a&b/"}],
        }
    )
    urls.append({"location": "https://ciutats.example/ca/d/", "lastmod": datetime.date(2026, 1, 2)})
    urls.append({"location": "https://ciutats.example/ca/n/", "lastmod": datetime.datetime(2026, 1, 2, 23, 59)})
    # Django's "Y" writes the year in four digits: the C library's %Y does not, before the year 1000.
    urls.append({"location": "https://ciutats.example/ca/o/", "lastmod": datetime.date(999, 1, 2)})
    assert urlset_xml(urls) == render_to_string("sitemap.xml", {"urlset": urls})


def test_entries_written_once_are_those_written_afresh_after_every_change(rf, site, locales, settings):
    """`urlset()` gives a page listed from its row the XML it wrote before for the same facts: after a changed date,
    address, set of translations or time zone, every file of every sitemap is still the XML of `get_urls()`, written
    afresh, with the same Last-Modified."""
    from cdhr_cms.sitemap import LANGUAGE_SITEMAPS, MultilingualSitemap, urlset_xml

    settings.SITEMAP_LIMIT = 7
    tour, news = site["tour"], site["news"]

    def both_ways():
        files = []
        for sitemap_class in (MultilingualSitemap, *LANGUAGE_SITEMAPS.values()):
            request = rf.get("/sitemap.xml")
            number = 1
            while True:
                written, afresh = sitemap_class(request), sitemap_class(request)
                try:
                    urls = afresh.get_urls(page=number, site=RequestSite(request), protocol="http")
                except EmptyPage:
                    with pytest.raises(EmptyPage):  # the same number of files
                        written.urlset(number)
                    break
                assert written.urlset(number) == urlset_xml(urls), (sitemap_class, number)
                assert getattr(written, "latest_lastmod", None) == getattr(afresh, "latest_lastmod", None)
                files.append(urlset_xml(urls))
                number += 1
        return "".join(files)

    before = both_ways()
    assert both_ways() == before and tour.url in before
    Page.objects.filter(pk=tour.pk).update(last_published_at=datetime.datetime(2001, 2, 3, 12, tzinfo=datetime.UTC))
    dated = both_ways()
    assert "<lastmod>2001-02-03</lastmod>" in dated
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: the same instant is the next day there
    assert "<lastmod>2001-02-04</lastmod>" in both_ways()
    settings.TIME_ZONE = "Europe/Madrid"
    tour.slug = "gira-reanomenada"
    tour.save_revision().publish()
    renamed = both_ways()
    assert "gira-reanomenada" in renamed and "gira-reanomenada" not in dated
    spanish = news.copy_for_translation(locales["es"], copy_parents=True)
    spanish.save_revision().publish()
    translated = both_ways()
    assert f'hreflang="es" href="{spanish.full_url}"' in translated
    spanish.refresh_from_db()
    spanish.unpublish()
    assert spanish.full_url not in both_ways()


@pytest.mark.parametrize("query", ["", "?p=1", "?p=2", "?p=0", "?p=x"])
def test_the_response_is_djangos_sitemap_views(rf, site, query):
    from django.contrib.sitemaps import views as django_views
    from django.http import Http404

    from cdhr_cms.sitemap import MultilingualSitemap, sitemap_response

    # Last-Modified is sent when every entry has a date: pages made without a revision (the homes) have none.
    Page.objects.filter(last_published_at=None).update(
        last_published_at=datetime.datetime(2026, 5, 4, tzinfo=datetime.UTC)
    )

    def answer(view):
        request = rf.get(f"/sitemap.xml{query}")
        try:
            response = view(request)
        except Http404 as refused:
            return 404, str(refused)
        if hasattr(response, "render"):
            response.render()
        headers = {name: response.get(name) for name in ("Content-Type", "Last-Modified", "X-Robots-Tag")}
        return response.status_code, headers, response.content

    ours = answer(lambda request: sitemap_response(request, MultilingualSitemap(request)))
    djangos = answer(lambda request: django_views.sitemap(request, {"pages": MultilingualSitemap(request)}))
    assert ours == djangos
    assert query not in ("", "?p=1") or (ours[0] == 200 and ours[1]["Last-Modified"])


def test_a_page_under_no_site_is_left_out_not_written_as_none(client, site):
    from editions.models import EditionIndexPage

    # A standard page, and a page type listed with its route (a tours directory and its agenda).
    for stray in (
        StandardPage(title="Fora de lloc", slug="fora-de-lloc"),
        EditionIndexPage(title="Gires", slug="gires-fora"),
    ):
        Page.get_first_root_node().add_child(instance=stray)
        stray.save_revision().publish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"None" not in response.content and b"fora-de-lloc" not in response.content
    assert b"gires-fora" not in response.content
    assert len(locations(etree.fromstring(response.content), "url")) > 20


def test_profiles_listed_from_their_rows_are_exactly_those_that_list_themselves(client, site):
    """`DefenderPage.sitemap_listed` (one query) and `get_sitemap_urls` (page by page, through the safety rule) agree
    at every level, and for a person taken offline; a profile left out is nowhere in the XML."""
    from defenders.models import Defender, DefenderPage

    offline = site["limited defender"].person
    Defender.objects.filter(pk=offline.pk).update(live=False)
    profiles = DefenderPage.objects.live().select_related("person")
    listing_themselves = {page.pk for page in profiles if page.get_sitemap_urls()}
    assert {pk for (pk,) in DefenderPage.sitemap_listed(profiles.values("pk"))} == listing_themselves
    assert site["public defender"].pk in listing_themselves and len(listing_themselves) < profiles.count()
    body = client.get("/sitemap.xml").content.decode()
    for page in profiles:
        assert (page.slug in body) == (page.pk in listing_themselves), page.slug


def test_alternates_follow_every_change_after_a_sitemap_was_read(client, site, locales, settings):
    """The alternates every language's sitemap lists are remembered by the process until content changes: a
    translation published, moved or withdrawn after a sitemap was read shows in the next one."""
    settings.SITEMAP_INDEX_FROM = 5
    news = site["news"]

    def alternates_of_the_news():
        document = xml(client, "/sitemap-ca.xml")
        (entry,) = [
            url for url in document.findall("s:url", NS) if url.findtext("s:loc", namespaces=NS).endswith(news.url)
        ]
        return {link.get("hreflang"): path_of(link.get("href")) for link in entry.findall("xhtml:link", NS)}

    assert set(alternates_of_the_news()) == {"ca", "x-default"}
    spanish = news.copy_for_translation(locales["es"], copy_parents=True)
    spanish.save_revision().publish()
    assert alternates_of_the_news()["es"] == spanish.url
    first_address = spanish.url
    assert first_address in [path_of(loc.text) for loc in xml(client, "/sitemap-es.xml").findall("s:url/s:loc", NS)]
    spanish.slug = "comienza-la-gira"
    spanish.save_revision().publish()
    spanish.refresh_from_db()
    assert alternates_of_the_news()["es"] == spanish.url and spanish.url.endswith("/comienza-la-gira/")
    # The Spanish sitemap lists the page itself at its new address (a page's own address is one of the alternates).
    spanish_sitemap = [path_of(loc.text) for loc in xml(client, "/sitemap-es.xml").findall("s:url/s:loc", NS)]
    assert spanish.url in spanish_sitemap and first_address not in spanish_sitemap
    spanish.unpublish()
    assert set(alternates_of_the_news()) == {"ca", "x-default"}


def test_a_person_raised_after_the_sitemaps_were_read_is_in_none_of_them(client, site, settings):
    from defenders.levels import raise_level

    settings.SITEMAP_INDEX_FROM = 5
    public = site["public defender"]
    sitemaps = ["/sitemap-ca.xml", "/sitemap-es.xml", "/sitemap-en.xml"]
    assert public.slug in client.get(sitemaps[0]).content.decode()
    for url in sitemaps[1:]:
        client.get(url)
    raise_level(public.person, None, "protected", "Quiet Heron", "Consent withdrawn")
    renamed = type(public).objects.get(pk=public.pk)
    for url in sitemaps:
        body = client.get(url).content.decode()
        for slug in {public.slug, renamed.slug}:
            assert f"/{slug}/" not in body, url


def test_cities_and_tours_follow_every_change_after_a_sitemap_was_read(client, site, homes, settings):
    """The cities' entries and the query of a tour's entries are remembered by the process until content changes: a
    city renamed or added, or a tour published, after a language's sitemap was read shows in the next one."""
    from editions.factories import edition_index, make_tour
    from home.models import Municipality

    settings.SITEMAP_INDEX_FROM = 5

    def catalan_locations():
        return [path_of(loc.text) for loc in xml(client, "/sitemap-ca.xml").findall("s:url/s:loc", NS)]

    before = catalan_locations()
    sabadell = Municipality.objects.get(slug="sabadell")
    assert "/ca/ciutats/sabadell/" in before
    sabadell.slug = "sabadell-valles"
    sabadell.save()
    Municipality.objects.create(name="Vilanova de Prova", slug="vilanova-de-prova")
    autumn = {"start": datetime.date(2031, 10, 6), "end": datetime.date(2031, 10, 16), "season": "autumn"}
    tour = make_tour(edition_index(homes["ca"]), slug="tardor-2031", **autumn)
    after = catalan_locations()
    assert "/ca/ciutats/sabadell/" not in after
    assert {"/ca/ciutats/sabadell-valles/", "/ca/ciutats/vilanova-de-prova/", tour.url} <= set(after)
    assert any(location.startswith(tour.url) and location != tour.url for location in after)  # its press room
    assert len(after) == len(before) + 3
