"""What search engines and social networks read: one Open Graph identity per page, a share card on every page type
(never a non-public portrait), JSON-LD validated against the properties search engines require, hreflang with
x-default, paginated listings as their own canonical, robots.txt."""

import datetime
import io
import json

import jsonschema
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from PIL import Image

from news.models import NewsPage
from tests import outputs_site

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "home",
    "standard",
    "news index",
    "news",
    "defender index",
    "public defender",
    "limited defender",
    "protected defender",
    "tour index",
    "tour",
    "programme",
    "statement index",
    "statement",
    "resource index",
    "resource",
    "contact",
    "open data",
]


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def meta(html, name):
    return [tag["content"] for tag in html.select(f'meta[property="{name}"], meta[name="{name}"]')]


def card(client, url):
    response = client.get(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200, url
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def green_pixels(image):
    """Pixels of the test portrait's colour (pure green), which nothing else on a card is drawn in."""
    return sum(
        1 for red, green, blue in image.convert("RGB").get_flattened_data() if green > 240 and red < 15 and blue < 15
    )


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_has_one_open_graph_identity_and_a_share_card(client, site, page_type):
    page = site[page_type]
    html = head(client, page.url)
    url = f"{settings.SITE_URL}{page.url}"
    for name in ("og:url", "og:type", "og:title", "og:image", "og:image:alt", "twitter:image", "twitter:card"):
        assert len(meta(html, name)) == 1, (page_type, name)
    assert meta(html, "og:url") == [url]
    assert html.select_one('link[rel="canonical"]')["href"] == url
    assert meta(html, "og:image") == [f"{url}share-card.png"] == meta(html, "twitter:image")
    assert meta(html, "og:image:width") == ["1200"] and meta(html, "og:image:height") == ["630"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert page.title in meta(html, "og:image:alt")[0]
    image = card(client, meta(html, "og:image")[0])
    assert image.size == (1200, 630)
    assert image.format == "PNG"


def test_open_graph_type_says_what_the_page_is(client, site):
    assert meta(head(client, site["public defender"].url), "og:type") == ["profile"]
    assert meta(head(client, site["news"].url), "og:type") == ["article"]
    assert meta(head(client, site["tour"].url), "og:type") == ["website"]


def test_only_a_public_defenders_card_shows_the_portrait(client, site):
    public = card(client, site["public defender"].url + "share-card.png")
    assert green_pixels(public) > 100_000  # the portrait, 380 × 380
    for level in ("limited", "protected"):
        page = site[f"{level} defender"]
        html = head(client, page.url)
        image = card(client, meta(html, "og:image")[0])
        assert green_pixels(image) == 0, level
        # No rendition or original of the portrait anywhere in the page's head either.
        assert site["portrait"].file.name.rsplit("/", 1)[-1].split(".")[0] not in str(html.head)
        assert "Portrait of" not in meta(html, "og:image:alt")[0]
    assert "Portrait of Riu Public" in meta(head(client, site["public defender"].url), "og:image:alt")[0]


def test_share_card_is_in_the_pages_language_and_follows_content_changes(client, site):
    programme = site["programme"]
    first = client.get(programme.url + "share-card.png").content
    assert client.get(programme.url + "share-card.png").content == first
    programme.title = "Sabadell, ciutat defensora"
    programme.save_revision().publish()
    assert client.get(programme.url + "share-card.png").content != first


def test_share_card_of_an_unpublished_or_unknown_page_is_not_found(client, site):
    news = site["news"]
    url = news.url
    assert client.get(url + "share-card.png").status_code == 200
    news.unpublish()
    assert client.get(url + "share-card.png").status_code == 404
    assert client.get("/ca/no-such-page/share-card.png").status_code == 404


# The properties Google's structured-data documentation requires (or asks for, for rich results) per type. Dates
# and URLs by pattern: jsonschema checks "format" only with optional packages this project does not install.
DATE_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$"}
ABSOLUTE_URL = {"type": "string", "pattern": "^https?://[^/]+/"}
ARTICLE_SCHEMA = {
    "type": "object",
    "required": ["@context", "@type", "headline", "image", "datePublished", "author", "publisher"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"enum": ["Article", "NewsArticle", "BlogPosting"]},
        "headline": {"type": "string", "minLength": 1, "maxLength": 110},
        "image": {
            "type": "array",
            "minItems": 1,
            "items": ABSOLUTE_URL,
        },
        "datePublished": DATE_TIME,
        "dateModified": DATE_TIME,
        "url": ABSOLUTE_URL,
        "author": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@type", "name"],
                "properties": {"url": ABSOLUTE_URL},
            },
        },
        "publisher": {"type": "object", "required": ["@type", "name"]},
    },
}
PERSON_SCHEMA = {
    "type": "object",
    "required": ["@context", "@type", "name", "url"],
    "properties": {"@type": {"const": "Person"}, "name": {"type": "string", "minLength": 1}, "url": ABSOLUTE_URL},
}
ORGANIZATION_SCHEMA = {
    "type": "object",
    "required": ["@context", "@type", "name", "url"],
    "properties": {"@type": {"const": "Organization"}, "url": ABSOLUTE_URL},
}
EVENT_SCHEMA = {
    "type": "object",
    "required": ["@context", "@type", "name", "startDate", "location"],
    "properties": {
        "@type": {"const": "Event"},
        "startDate": DATE_TIME,
        "url": ABSOLUTE_URL,
        "location": {
            "type": "object",
            "required": ["@type", "name", "address"],
            "properties": {"address": {"type": "object", "required": ["@type", "addressLocality"]}},
        },
    },
}


def json_ld(html):
    blocks = [json.loads(script.string) for script in html.select('script[type="application/ld+json"]')]
    return [item for block in blocks for item in (block if isinstance(block, list) else [block])]


def validate(data, schema):
    jsonschema.validate(data, schema)


def test_json_ld_has_what_search_engines_require(client, site):
    (article,) = json_ld(head(client, site["news"].url))
    validate(article, ARTICLE_SCHEMA)
    assert datetime.datetime.fromisoformat(article["datePublished"]).date() == site["news"].date
    with pytest.raises(jsonschema.ValidationError):
        validate({**article, "datePublished": "20 November 2026"}, ARTICLE_SCHEMA)
    assert article["image"] == [f"{settings.SITE_URL}{site['news'].url}share-card.png"]
    assert article["url"] == f"{settings.SITE_URL}{site['news'].url}"
    (person,) = json_ld(head(client, site["public defender"].url))
    validate(person, PERSON_SCHEMA)
    (organization,) = json_ld(head(client, site["home"].url))
    validate(organization, ORGANIZATION_SCHEMA)
    assert organization["url"] == f"{settings.SITE_URL}/ca/"
    events = json_ld(head(client, site["programme"].url))
    assert [event["name"] for event in events] == ["Xerrada oberta"]  # the by-invitation one is not announced
    for event in events:
        validate(event, EVENT_SCHEMA)
    # The hour machines read is the one the card shows, with the same offset (Europe/Madrid, not UTC).
    anchor = events[0]["url"].rpartition("#")[2]
    shown = head(client, site["programme"].url).select(f"article#{anchor} time")
    assert [events[0]["startDate"], events[0]["endDate"]] == [time["datetime"] for time in shown]
    assert events[0]["startDate"].endswith(("+01:00", "+02:00"))
    # Limited and protected defenders: no JSON-LD about them at all.
    assert json_ld(head(client, site["limited defender"].url)) == []
    assert json_ld(head(client, site["protected defender"].url)) == []


def test_every_news_item_is_an_article(client, site):
    for news in NewsPage.objects.live():
        items = json_ld(head(client, news.url))
        assert [item["@type"] for item in items] == ["NewsArticle"]


def test_hreflang_alternates_and_x_default(client, site):
    html = head(client, site["tour"].url)
    alternates = {link["hreflang"]: link["href"] for link in html.select('link[rel="alternate"][hreflang]')}
    # Only Catalan exists for this test tour: itself, and x-default pointing at it.
    assert alternates == {
        "ca": f"{settings.SITE_URL}{site['tour'].url}",
        "x-default": f"{settings.SITE_URL}{site['tour'].url}",
    }


def test_a_later_page_of_a_listing_is_its_own_canonical(client, site):
    for number in range(13):
        publish = NewsPage(title=f"Notícia {number}", slug=f"noticia-{number}", date=site["news"].date)
        site["news index"].add_child(instance=publish)
        publish.save_revision().publish()
    url = site["news index"].url
    first = head(client, url)
    second = head(client, f"{url}?page=2")
    assert first.select_one('link[rel="canonical"]')["href"] == f"{settings.SITE_URL}{url}"
    assert second.select_one('link[rel="canonical"]')["href"] == f"{settings.SITE_URL}{url}?page=2"
    assert meta(second, "og:url") == [f"{settings.SITE_URL}{url}?page=2"]
    # A filter or a nonsense page number is not a page of its own; a number past the last page or below the first
    # is not found, rather than the last page again under an address (and a canonical link) of its own.
    assert head(client, f"{url}?page=abc").select_one('link[rel="canonical"]')["href"] == f"{settings.SITE_URL}{url}"
    for number in ("3", "99", "0", "-1"):
        assert client.get(url, {"page": number}).status_code == 404, number


def test_robots_txt_lets_search_engines_find_public_documents(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /documents/" not in body
    assert "Disallow: /admin/" in body
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body


def test_a_deleted_page_leaves_no_card_in_the_cache(client, site):
    from django.core.cache import cache

    defender = site["limited defender"]
    html = head(client, defender.url)
    assert card(client, meta(html, "og:image")[0]).size == (1200, 630)
    keys = [f"share-card:{defender.pk}", f"share-card-alt:{defender.pk}"]
    assert all(cache.get(key) is not None for key in keys)
    defender.delete()
    assert all(cache.get(key) is None for key in keys)
