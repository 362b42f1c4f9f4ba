"""Malformed requests over every public parameter — directory, agenda, search, API, resources, news, exports,
calendars, share cards — from a fixed seed: not one answer may be a 5xx (a 500 is a bug, a 503 a false outage)."""

import os
import random
from urllib.parse import quote

import pytest

from tests import outputs_site

pytestmark = pytest.mark.django_db

# Fixed, so that a failure can be replayed; FUZZ_SEED=<n> tries another sequence.
SEED = int(os.environ.get("FUZZ_SEED", "20261201"))
REQUESTS_PER_ENDPOINT = 14

# Values a client should never send, and some it might: NULs and other control characters, numbers far beyond any
# database integer, unicode of every kind, overlong text, impossible dates, unknown choices, markup and SQL.
NASTY_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1f\x7f",
    "\n\r\t",
    "99999999999999999999999",
    "-99999999999999999999999",
    "2147483648",
    "-1",
    "0",
    "1e308",
    "NaN",
    "Infinity",
    "0x10",
    "١٢٣",  # Arabic-Indic digits
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "2027-02-30",
    "2027-13-45",
    "31/12/2027",
    "yesterday",
    "x" * 5000,
    "é" * 300,
    "👩🏽‍⚖️🏳️‍🌈",
    "\u202eevil\u202c",
    "a\u0301\u0301\u0301",
    "\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"; DROP TABLE wagtailcore_page; --',
    "%s%s%n",
    '"unbalanced',
    'a"b"c"',
    "{{ settings.SECRET_KEY }}",
    "../../../../etc/passwd",
    "xyz",
    "public",
    "protected",
    "CO",
    "co",
    "and",
    "or",
    "-title",
    "random",
    "title,-body",
    "*",
    "_,-id",
    "home.HomePage",
    "defenders.DefenderPage",
    "wagtailcore.Page",
    "ca",
    "fr",
    "/ca/",
    "//evil.example/",
    "http://evil.example/ca/",
]
# Percent-encodings that are not UTF-8 at all: sent as the raw query string.
RAW_QUERIES = ["q=%ff%fe", "page=%c0%af", "%00=1", "q=%", "q=%zz", "=&=&=", "&&&", "q=" + "%e2%82" * 10]


def endpoints(site):
    directory = site["defender index"].url
    agenda = site["tour index"].url + "agenda/"
    tour, programme = site["tour"], site["programme"]
    statement, statements = site["statement"], site["statement index"]
    api_page_params = [
        "search", "search_operator", "limit", "offset", "fields", "order", "type", "child_of", "descendant_of",
        "ancestor_of", "translation_of", "locale", "site", "id", "slug", "title", "show_in_menus", "format",
        "rich_text_format", "html_path", "seo_title",
    ]  # fmt: skip
    api_file_params = ["search", "search_operator", "limit", "offset", "fields", "order", "id", "title", "format"]
    return [
        (directory, ["country", "theme", "year", "q", "page"]),
        (directory + "csv/", ["country", "q"]),
        (directory + "json/", ["country", "q"]),
        (directory + "feed/", ["page", "q"]),
        (agenda, ["city", "defender", "type", "date_from", "date_to", "page"]),
        (agenda + "calendari.ics", ["city", "defender", "type", "date_from", "date_to"]),
        (site["tour index"].url + "events.csv", ["city", "page"]),
        (site["tour index"].url + "events.json", ["city", "page"]),
        ("/ca/cerca/", ["q", "page"]),
        ("/es/buscar/", ["q"]),
        ("/api/v2/pages/", api_page_params),
        (f"/api/v2/pages/{tour.pk}/", ["fields", "type", "format"]),
        ("/api/v2/pages/find/", ["html_path", "id", "fields"]),
        ("/api/v2/images/", api_file_params),
        ("/api/v2/documents/", api_file_params),
        (site["resource index"].url, ["level", "theme", "tour", "year", "language", "page"]),
        (site["news index"].url, ["page"]),
        (site["news index"].url + "rss.xml", ["page"]),
        (site["news index"].url + "atom.xml", ["page"]),
        (statement.url + "endorsements.csv", ["page", "municipality"]),
        (statement.url + "endorsements.json", ["page", "municipality"]),
        (statements.url + "endorsements.csv", ["year"]),
        (statements.url, ["year", "page"]),
        (tour.url + "calendari.ics", ["date_from"]),
        (tour.url + "premsa/", ["page"]),
        (programme.url + "calendari.ics", ["type"]),
        (programme.url + "share-card.png", ["v"]),
        ("/ca/ciutats/sabadell/", ["page"]),
        ("/ca/ciutats/sabadell/calendari.ics", ["date_from", "type"]),
        (site["public defender"].url, ["from", "preview"]),
        ("/sitemap.xml", ["p", "page"]),
    ]


def malformed_queries(rng, parameters):
    """Query strings: one to three parameters (sometimes the same one twice), each with a nasty value."""
    for _ in range(REQUESTS_PER_ENDPOINT):
        if rng.random() < 0.08:
            yield rng.choice(RAW_QUERIES)
            continue
        names = [rng.choice(parameters) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.2:
            names.append(names[0])  # a repeated parameter
        yield "&".join(f"{quote(name)}={quote(rng.choice(NASTY_VALUES))}" for name in names)


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


def test_no_malformed_request_gets_a_server_error(client, site):
    rng = random.Random(SEED)
    client.raise_request_exception = False
    sent, failures = 0, []
    for path, parameters in endpoints(site):
        for query in malformed_queries(rng, parameters):
            response = client.get(path, QUERY_STRING=query)
            sent += 1
            if response.status_code >= 500:
                failures.append((response.status_code, f"{path}?{query}"[:200]))
    assert sent >= 300
    assert not failures, "\n".join(f"{status} {url}" for status, url in failures)
