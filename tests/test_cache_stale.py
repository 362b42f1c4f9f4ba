"""Invalidation without a stampede (issue 21): after an ordinary change, one request re-renders a cached page while
the others get the copy from before (stale-while-revalidate) — after answering from that copy too, unless the page is
the one published or went stale too long ago; after a change to a defender's safety — a raised level
(also how consent is withdrawn), a take-down, an erasure, an edit of the person — no copy from before is served to
anyone, even while another request is re-rendering the page."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory, override_settings

from cdhr_cms.cache import GENERATION_KEY, HARD_GENERATION_KEY, PublicPageCacheMiddleware
from defenders.erasure import erase_defender
from defenders.levels import raise_level
from defenders.models import Defender
from defenders.takedown import take_down_everywhere
from tests import outputs_site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
OLD_NAME = "Riu Public"


@pytest.fixture
def site(homes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # committed, as the site other workers read
        return outputs_site.build(homes)


def another_request_is_rendering(url):
    """What a second worker does when it starts re-rendering `url`: it holds the page's short lock."""
    key = PublicPageCacheMiddleware._key(RequestFactory().get(url))
    assert cache.add(f"revalidating:{key}", 1, 60)
    return key


def test_an_ordinary_change_is_rendered_once_while_others_get_the_page_from_before(client, site, committed):
    news = site["news"]
    assert "Sis ciutats." in client.get(news.url).content.decode()
    publish_new_intro(news, committed)

    key = another_request_is_rendering(news.url)
    stale = client.get(news.url)
    assert stale["X-Cache"] == "stale" and "Sis ciutats." in stale.content.decode()

    cache.delete(f"revalidating:{key}")  # that request has finished
    fresh = client.get(news.url)
    assert fresh["X-Cache"] == "miss" and "Set ciutats, finalment." in fresh.content.decode()
    assert client.get(news.url)["X-Cache"] == "hit"


def publish_new_intro(news, committed):
    with committed():
        news.intro = "Set ciutats, finalment."
        news.save_revision().publish()


def test_a_page_that_lists_the_change_is_answered_from_before_once_and_re_rendered_after_the_answer(
    client, site, committed
):
    index = site["news index"].url
    assert "Sis ciutats." in client.get(index).content.decode()
    publish_new_intro(site["news"], committed)

    # Nobody else is rendering it: this reader still gets the copy from before, and no render waits in front of them…
    first = client.get(index)
    assert first["X-Cache"] == "stale" and "Sis ciutats." in first.content.decode()
    # …because the worker renders the page once the answer is sent, and releases the lock.
    fresh = client.get(index)
    assert fresh["X-Cache"] == "hit" and "Set ciutats, finalment." in fresh.content.decode()
    assert cache.add(f"revalidating:{PublicPageCacheMiddleware._key(RequestFactory().get(index))}", 1, 1)


def test_while_another_page_is_re_rendered_a_stale_page_waits_for_a_later_reader(client, site, committed):
    index = site["news index"].url
    client.get(index)
    publish_new_intro(site["news"], committed)
    assert cache.add("revalidation-slot:0", 1, 60)  # another worker is re-rendering some other page

    for _reader in range(2):  # nobody re-renders it meanwhile, and nobody waits
        response = client.get(index)
        assert response["X-Cache"] == "stale" and "Sis ciutats." in response.content.decode()

    cache.delete("revalidation-slot:0")  # that render has finished
    assert client.get(index)["X-Cache"] == "stale"  # this reader's worker re-renders the page after answering
    fresh = client.get(index)
    assert fresh["X-Cache"] == "hit" and "Set ciutats, finalment." in fresh.content.decode()


def test_the_published_page_itself_is_rendered_before_answering(client, site, committed):
    news = site["news"].url
    client.get(news)
    publish_new_intro(site["news"], committed)
    response = client.get(news)
    assert response["X-Cache"] == "miss" and "Set ciutats, finalment." in response.content.decode()


def test_a_page_stale_for_longer_than_serve_stale_seconds_is_rendered_before_answering(client, site, committed):
    index = site["news index"].url
    client.get(index)
    with override_settings(CDHR_SERVE_STALE_SECONDS=1):
        publish_new_intro(site["news"], committed)
        time.sleep(1.2)
        response = client.get(index)
    assert response["X-Cache"] == "miss" and "Set ciutats, finalment." in response.content.decode()


def test_a_publish_moves_the_shared_generation_once_when_it_commits(site, committed):
    before = cache.get(GENERATION_KEY)
    with committed():
        news = site["news"]
        news.intro = "Set ciutats, finalment."
        news.save_revision().publish()
        # Other workers cannot read the new rows yet: their cached pages stay as they are.
        assert cache.get(GENERATION_KEY) == before
    # The publish saved the page twice, a revision and a log entry, and sent page_published: one move in all.
    assert cache.get(GENERATION_KEY) == before + 1


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


def test_a_copy_from_before_a_safety_change_stays_unserved_when_the_cache_loses_its_counters(client, site, committed):
    # A full file cache deletes a third of its keys at random, the generations' too; anyone can fill it. Were a lost
    # counter to start again at a value it held, the copies cached under that value would count as current again.
    urls = [site["public defender"].url, site["tour"].url]
    cache.delete(HARD_GENERATION_KEY)
    for url in urls:
        assert OLD_NAME in client.get(url).content.decode()
        assert client.get(url)["X-Cache"] == "hit"
    with committed():
        raise_the_level(site)
    cache.delete(HARD_GENERATION_KEY)
    for url in urls:
        response = client.get(url)
        assert response.get("X-Cache") not in ("hit", "stale"), url
        assert OLD_NAME not in response.content.decode(), url


class RolledBack(Exception):
    pass


def rename_the_public_defender(site, name):
    """As the admin saves a new name: the person, then the profile's title."""
    person = Defender.objects.get(pk=site["public defender"].person_id)
    person.display_name = name
    person.save()
    site["public defender"].title = name
    site["public defender"].save_revision().publish()


def test_what_a_transaction_rendered_before_it_rolled_back_is_never_served(client, site):
    """A save that fails after it changed a person (the admin's form, a later row's error) rolls back: what this
    thread rendered from its own rows meanwhile — pages, and the agenda's defender options kept with the site
    chrome — must not outlive it. Here the public defender renamed, rendered, then rolled back."""
    agenda = site["tour index"].url + "agenda/"
    urls = [site["public defender"].url, site["defender index"].url, site["tour"].url, agenda]
    for url in urls:
        assert OLD_NAME in client.get(url).content.decode(), url
    with pytest.raises(RolledBack), transaction.atomic():
        rename_the_public_defender(site, "Nom Desfet")
        seen = {url: "Nom Desfet" in client.get(url).content.decode() for url in urls}
        assert seen[agenda] and seen[site["defender index"].url]  # this thread reads its own rows
        raise RolledBack
    for url in urls:
        body = client.get(url).content.decode()
        assert "Nom Desfet" not in body, url
        assert OLD_NAME in body, url


def test_what_a_savepoint_rendered_before_it_rolled_back_is_not_found_by_the_rest_of_its_transaction(client, site):
    """The same within one transaction: an outer change, then an inner block (a savepoint) that renames the person,
    renders, and rolls back; the rest of the transaction reads its own rows again, without the name."""
    directory = site["defender index"].url
    with transaction.atomic():
        news = site["news"]
        news.intro = "Set ciutats, finalment."
        news.save_revision().publish()
        assert OLD_NAME in client.get(directory).content.decode()
        with pytest.raises(RolledBack), transaction.atomic():
            rename_the_public_defender(site, "Nom Desfet")
            assert "Nom Desfet" in client.get(directory).content.decode()
            raise RolledBack
        body = client.get(directory).content.decode()
        assert "Nom Desfet" not in body and OLD_NAME in body
        assert "Set ciutats, finalment." in client.get(news.url).content.decode()


def test_what_a_safety_change_rendered_before_it_rolled_back_is_never_served(client, site):
    """A safety change alone (the person's row saved, no page published) moves the hard generation at once: what this
    thread renders after it, from its own rows, must still not be kept under that shared generation for others, or
    a rolled-back save would stay on the site."""
    profile = site["public defender"].url
    assert OLD_NAME in client.get(profile).content.decode()
    with pytest.raises(RolledBack), transaction.atomic():
        person = Defender.objects.get(pk=site["public defender"].person_id)
        person.portrait_texts.update(alt_text="Portrait of Nom Desfet")
        person.save()
        assert "Portrait of Nom Desfet" in client.get(profile).content.decode()  # this thread reads its own rows
        raise RolledBack
    body = client.get(profile).content.decode()
    assert "Portrait of Nom Desfet" not in body and "Portrait of Riu Public" in body
