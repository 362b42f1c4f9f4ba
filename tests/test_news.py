"""News: one list per language, with RSS and Atom feeds that parse and list that language's news only."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.conf import settings
from wagtail.models import PageViewRestriction

from home.setup import SetupContext
from news.content import DEMO_NEWS
from news.models import NewsIndexPage, NewsPage
from news.setup import create_demo_news

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(db):
    create_demo_news(SetupContext(stdout=io.StringIO()))


@pytest.mark.parametrize(("language", "path"), [("ca", "/ca/noticies/"), ("es", "/es/noticias/"), ("en", "/en/news/")])
def test_news_index_lists_its_languages_news_newest_first(client, news, language, path):
    response = client.get(path)
    assert response.status_code == 200
    titles = [a.get_text() for a in BeautifulSoup(response.content, "html.parser").select(".card__title a")]
    expected = list(
        NewsPage.objects.live().filter(locale__language_code=language).order_by("-date").values_list("title", flat=True)
    )
    assert titles == expected and len(titles) == len(DEMO_NEWS)


def test_rss_feed_parses_and_lists_the_languages_news(client, news):
    response = client.get("/es/noticias/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "es"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items][0] == "La gira de primavera 2027 ya tiene ciudades"
    assert all(item.findtext("link").startswith(f"{settings.SITE_URL}/es/noticias/") for item in items)
    guids = [item.findtext("guid") for item in items]
    assert len(set(guids)) == len(DEMO_NEWS)


def test_atom_feed_parses_and_guids_are_stable_across_edits(client, news):
    first = ET.fromstring(client.get("/en/news/atom.xml").content)
    ids_before = [entry.findtext(f"{ATOM}id") for entry in first.findall(f"{ATOM}entry")]
    page = NewsPage.objects.get(locale__language_code="en", slug="the-autumn-tour-in-review")
    page.title = "The autumn tour, in review"
    page.save_revision().publish()
    second = ET.fromstring(client.get("/en/news/atom.xml").content)
    entries = second.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}id") for entry in entries] == ids_before
    assert "The autumn tour, in review" in [entry.findtext(f"{ATOM}title") for entry in entries]


def test_unpublished_news_is_not_in_the_feed(client, news):
    page = NewsPage.objects.get(locale__language_code="ca", slug="balanc-de-la-gira-de-tardor")
    page.unpublish()
    channel = ET.fromstring(client.get("/ca/noticies/rss.xml").content).find("channel")
    assert "Balanç de la gira de tardor" not in [item.findtext("title") for item in channel.findall("item")]


def test_news_index_advertises_its_feeds(client, news):
    html = BeautifulSoup(client.get("/ca/noticies/").content, "html.parser")
    feeds = {link["type"]: link["href"] for link in html.select('link[rel="alternate"][type]')}
    assert feeds == {"application/rss+xml": "/ca/noticies/rss.xml", "application/atom+xml": "/ca/noticies/atom.xml"}


def test_news_pages_can_only_live_under_the_news_index():
    assert NewsPage.parent_page_types == ["news.NewsIndexPage"]
    assert NewsIndexPage.allowed_parent_page_models()[0].__name__ == "HomePage"


def test_news_index_pages_follow_what_is_published_after_they_were_shown(client, news, committed):
    """The index's queries are compiled once per process (home/queries.py CompiledListing): news published, put
    behind a login or unpublished afterwards must show on the very next request, on the right page."""
    index = NewsIndexPage.objects.get(locale__language_code="ca")

    def titles(page_number=1):
        response = client.get(index.url, {"page": page_number})
        if response.status_code == 404:
            return None
        return [a.get_text() for a in BeautifulSoup(response.content, "html.parser").select(".card__title a")]

    before = titles()
    assert before and titles(2) is None
    with committed():
        for day in range(1, 13):
            item = index.add_child(instance=NewsPage(title=f"Newer item {day:02}", date=datetime.date(2031, 1, day)))
            item.save_revision().publish()
    first, second = titles(1), titles(2)
    assert first == [f"Newer item {day:02}" for day in range(12, 0, -1)]
    assert second == before and titles(3) is None
    newest = NewsPage.objects.get(title="Newer item 12")
    with committed():
        PageViewRestriction.objects.create(page=newest, restriction_type=PageViewRestriction.LOGIN)
    assert titles(1) == first[1:] + before[:1] and titles(2) == before[1:]
    with committed():
        NewsPage.objects.get(title="Newer item 11").unpublish()
    assert titles(1)[:2] == ["Newer item 10", "Newer item 09"]
