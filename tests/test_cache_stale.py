"""Invalidation without a stampede (issue 21): after an ordinary change, one request re-renders a cached page while
the others get the copy from before (stale-while-revalidate); after a change to a defender's safety — a raised level
(also how consent is withdrawn), a take-down, an erasure, an edit of the person — no copy from before is served to
anyone, even while another request is re-rendering the page."""

import datetime

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from cdhr_cms.cache import PublicPageCacheMiddleware
from defenders.erasure import erase_defender
from defenders.levels import raise_level
from defenders.models import Defender
from defenders.takedown import take_down_everywhere
from tests import outputs_site

pytestmark = pytest.mark.django_db
OLD_NAME = "Riu Public"


@pytest.fixture(autouse=True)
def page_cache():
    cache.clear()
    with override_settings(CDHR_PAGE_CACHE_SECONDS=600):
        yield
    cache.clear()


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


def another_request_is_rendering(url):
    """What a second worker does when it starts re-rendering `url`: it holds the page's short lock."""
    key = PublicPageCacheMiddleware._key(RequestFactory().get(url))
    assert cache.add(f"revalidating:{key}", 1, 60)
    return key


def test_an_ordinary_change_is_rendered_once_while_others_get_the_page_from_before(client, site):
    news = site["news"]
    assert "Sis ciutats." in client.get(news.url).content.decode()
    news.intro = "Set ciutats, finalment."
    news.save_revision().publish()

    key = another_request_is_rendering(news.url)
    stale = client.get(news.url)
    assert stale["X-Cache"] == "stale" and "Sis ciutats." in stale.content.decode()

    cache.delete(f"revalidating:{key}")  # that request has finished
    fresh = client.get(news.url)
    assert fresh["X-Cache"] == "miss" and "Set ciutats, finalment." in fresh.content.decode()
    assert client.get(news.url)["X-Cache"] == "hit"


def raise_the_level(site):
    raise_level(site["public defender"].person, None, "protected", "Quiet Heron", "Consent withdrawn")
    return OLD_NAME


def take_down(site):
    take_down_everywhere(site["public defender"], None, "Credible threat")
    return OLD_NAME


def erase(site):
    erase_defender(site["public defender"])
    return OLD_NAME


def edit_the_person(site):
    # An edit of the person record itself (the admin saves the row): here, the name the public sees.
    person = Defender.objects.get(pk=site["public defender"].person_id)
    person.portrait_texts.update(alt_text="Portrait of Quiet Heron")
    person.display_name = "Quiet Heron"
    person.consent_review_date = datetime.date(2027, 1, 1)
    person.save()
    return "Portrait of Riu Public"  # the page's own words (its summary) are the page's, not the person's


@pytest.mark.parametrize("change", [raise_the_level, take_down, erase, edit_the_person])
def test_a_safety_change_is_never_served_stale(client, site, change):
    urls = [site["public defender"].url, site["defender index"].url, site["tour"].url, site["programme"].url]
    for url in urls:
        assert OLD_NAME in client.get(url).content.decode(), url
        assert client.get(url)["X-Cache"] == "hit"

    gone = change(site)
    for url in urls:
        another_request_is_rendering(url)  # and still no copy from before
        response = client.get(url)
        assert response.get("X-Cache") != "stale", url
        assert gone not in response.content.decode(), url
