"""What a change makes stale (issue 21): a change of only a page's own fields (`page_only_fields`, shown by that page
alone) leaves every other cached page fresh; the page itself and its translations are re-rendered, and what is not a
page of its own (sitemaps, search results) is stale after it as after any change. Any other change — a title, an
address, a snippet — still makes every page stale."""

import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import override_settings
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText

from cdhr_cms.cache import WORDS_GENERATION_KEY
from tests import outputs_site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
NEW_WORDS = "Paraules noves, només en aquesta pàgina."


@pytest.fixture
def site(homes, committed):
    with committed():
        return outputs_site.build(homes)


def publish(page, committed, **fields):
    with committed():
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()


def test_new_words_on_one_page_leave_the_other_cached_pages_fresh(client, site, source_page, es_page, committed):
    others = [site["home"].url, site["news"].url, site["news index"].url, site["tour"].url, "/en/"]
    lists_every_page = ["/sitemap.xml", "/ca/cerca/?q=paraules"]
    for url in [*others, *lists_every_page, source_page.url, es_page.url]:
        assert client.get(url).status_code == 200
    nothing_found = client.get("/ca/cerca/?q=paraules")
    words_before = cache.get(WORDS_GENERATION_KEY)

    publish(source_page, committed, intro=NEW_WORDS)

    assert cache.get(WORDS_GENERATION_KEY) != words_before  # the change took the narrow path
    for url in others:
        assert client.get(url)["X-Cache"] == "hit", url
    page = client.get(source_page.url)
    assert page["X-Cache"] == "miss" and NEW_WORDS in page.content.decode()
    # A translation shows the source's words where a translator has not replaced them: re-rendered too.
    assert client.get(es_page.url)["X-Cache"] != "hit"
    for url in lists_every_page:
        assert client.get(url)["X-Cache"] != "hit", url
    assert client.get("/ca/cerca/?q=paraules").content != nothing_found.content  # it finds the page now
    # Checked once, then a hit as before.
    assert client.get(site["home"].url)["X-Cache"] == "hit"


def test_a_new_title_makes_every_page_stale(client, site, source_page, committed):
    for url in (site["home"].url, site["news"].url):
        client.get(url)
    words_before = cache.get(WORDS_GENERATION_KEY)

    publish(source_page, committed, title="Un títol nou al menú")

    assert cache.get(WORDS_GENERATION_KEY) == words_before
    for url in (site["home"].url, site["news"].url):
        assert client.get(url)["X-Cache"] != "hit", url


def test_a_change_of_words_and_of_anything_else_together_makes_every_page_stale(client, site, source_page, committed):
    client.get(site["home"].url)
    publish(source_page, committed, intro=NEW_WORDS, show_in_menus=not source_page.show_in_menus)
    assert client.get(site["home"].url)["X-Cache"] != "hit"


def test_a_page_behind_by_changes_whose_record_is_gone_is_stale(client, site, source_page, committed):
    """What a change touched is kept for as long as a page cached before it may live; where it is gone (a culled
    cache file), nothing is known about that change, and the page is re-rendered."""
    client.get(site["home"].url)
    publish(source_page, committed, intro=NEW_WORDS)
    cache.delete(f"words-change:{cache.get(WORDS_GENERATION_KEY)}")
    assert client.get(site["home"].url)["X-Cache"] != "hit"


def page_only_models():
    return [model for model in apps.get_models() if getattr(model, "page_only_fields", None)]


def marked(model, name, marker):
    """A value of field `name` of `model` that shows `marker`."""
    if isinstance(model._meta.get_field(name), StreamField):
        return [("paragraph", RichText(f"<p>{marker}</p>"))]
    return marker


PER_REQUEST = re.compile(r'name="(csrfmiddlewaretoken|started)" value="[^"]+"')


def rendered(client, urls):
    # The contact form's CSRF token and signed start time differ at every request; nothing else may.
    return {url: PER_REQUEST.sub("", client.get(url).content.decode()) for url in urls}


@pytest.mark.parametrize("model", page_only_models(), ids=lambda model: model.__name__)
def test_no_other_page_shows_a_pages_own_fields(client, site, model, committed):
    """Every public page in every language, rendered before and after a change of one page's `page_only_fields`:
    only that page and its translations differ. The declaration the page cache relies on (cdhr_cms/cache.py)."""
    page = model.objects.live().filter(locale__language_code="ca").first()
    assert page is not None, f"the test site has no {model.__name__}"
    urls = [p.get_url() for p in Page.objects.live().public().exclude(depth=1).specific()]
    with override_settings(CDHR_PAGE_CACHE_SECONDS=0):
        before = rendered(client, urls)
        marker = f"marker-{model.__name__.lower()}"
        publish(page, committed, **{name: marked(model, name, marker) for name in model.page_only_fields})
        cache.clear()  # nothing kept from before (navigation, routing): every page as a first visitor sees it now
        after = rendered(client, urls)

    translations = {p.get_url() for p in page.get_translations(inclusive=True).live()}
    changed = {url for url in urls if before[url] != after[url]}
    assert marker in after[page.get_url()]
    assert changed <= translations, f"these pages show {model.__name__}.page_only_fields: {changed - translations}"


def test_a_change_whose_step_another_change_took_makes_every_page_stale(client, site, source_page, committed):
    """Two publishes at once may try to take the same step: the one that finds it taken cannot record what it
    touched, and falls back to making every page stale."""
    client.get(site["home"].url)
    taken = {"pages": frozenset(), "published": frozenset(), "at": 0}
    cache.set(f"words-change:{cache.get(WORDS_GENERATION_KEY) + 1}", taken)
    publish(source_page, committed, intro=NEW_WORDS)
    assert client.get(site["home"].url)["X-Cache"] != "hit"
