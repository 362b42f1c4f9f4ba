"""Every page's address is Wagtail's own (home/addresses.py, `BasePage.get_url_parts`): made without a `reverse()` per
page, it must be the same for every page, in every language being read, under a script prefix, with letters that
need quoting, and for a page that belongs to two sites."""

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation
from wagtail.models import Page, Site

from home.models import Municipality, StandardPage
from home.setup import publish_new_page
from tests import outputs_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(homes):
    built = outputs_site.build(homes)
    # A path with letters reverse() quotes, in Catalan and below it.
    accented = publish_new_page(homes["ca"], StandardPage(title="Àgora", slug="àgora-ciutadana"))
    publish_new_page(accented, StandardPage(title="Què és", slug="què-és"))
    return built


def wagtails_own(page, request):
    return Page.get_url_parts(page, request)


def every_page():
    return list(Page.objects.filter(depth__gt=1).specific())


@pytest.mark.parametrize("reading", ["ca", "es", "en"])
def test_every_page_has_wagtails_address_in_every_language(rf, site, reading):
    request = rf.get("/")
    with translation.override(reading):
        for page in every_page():
            assert page.get_url_parts(request) == wagtails_own(page, request), page.url_path
            assert page.get_url_parts() == wagtails_own(page, None), page.url_path
    accented = Page.objects.get(slug="què-és").specific
    assert accented.url.endswith("/%C3%A0gora-ciutadana/qu%C3%A8-%C3%A9s/")


def test_addresses_follow_the_script_prefix(rf, site):
    request = rf.get("/")
    set_script_prefix("/web/")
    try:
        for page in every_page():
            assert page.get_url_parts(request) == wagtails_own(page, request), page.url_path
        assert Page.objects.get(slug="àgora-ciutadana").specific.url.startswith("/web/ca/")
    finally:
        clear_script_prefix()
        set_script_prefix("/")


@pytest.mark.parametrize("script_prefix", ["/", "/web/"])
def test_a_citys_address_is_djangos_in_every_language_and_under_a_script_prefix(site, script_prefix):
    # Remembered by the process (home/addresses.py `route_url`) for the language and the script prefix.
    set_script_prefix(script_prefix)
    try:
        for language in ("ca", "es", "en"):
            with translation.override(language):
                for municipality in Municipality.objects.all():
                    address = reverse("municipality_profile", kwargs={"slug": municipality.slug})
                    assert municipality.get_absolute_url() == address
                    assert address.startswith(f"{script_prefix}{language}/")
    finally:
        clear_script_prefix()
        set_script_prefix("/")


def test_a_page_under_two_sites_is_left_to_wagtail(rf, site):
    from cdhr_cms.sitemap import Addresses

    second = Site.objects.create(hostname="second.example", port=80, root_page=site["tour index"])
    pages = Page.objects.descendant_of(second.root_page, inclusive=True).specific()
    # Wagtail chooses between the two sites by the request's host: the answers differ, and ours follow them.
    on_default, on_second = rf.get("/"), rf.get("/", HTTP_HOST="second.example")
    assert wagtails_own(second.root_page, on_default) != wagtails_own(second.root_page, on_second)
    for request in (on_default, on_second):
        addresses = Addresses(request)
        for page in pages:
            assert page.get_url_parts(request) == wagtails_own(page, request), page.url_path
            assert addresses(page.url_path) == page.get_full_url(request), page.url_path


@override_settings(ROOT_URLCONF="tests.urls_without_pages")
def test_without_wagtails_serve_pattern_a_page_has_no_address_as_in_wagtail(rf, site):
    request = rf.get("/")
    page = site["news"]
    assert page.get_url_parts(request) == wagtails_own(page, request) == (page.get_site().pk, None, None)
    assert page.get_url(request) is None


def test_a_page_loaded_as_wagtails_page_has_wagtails_url(rf, site):
    """`page_url` (search results, loaded as `Page`): Wagtail's `Page.get_url`, relative or full, on one site and on
    two, where the request's site decides."""
    from home.addresses import page_url

    def compare(request):
        for page in Page.objects.filter(depth__gt=1):
            assert page_url(page, request) == Page.get_url(page, request), page.url_path

    compare(rf.get("/"))
    Site.objects.create(hostname="second.example", port=80, root_page=site["tour index"])
    on_default, on_second = rf.get("/"), rf.get("/", HTTP_HOST="second.example")
    assert Page.get_url(site["news"], on_second).startswith("http")  # another site's page: its full address
    for request in (on_default, on_second):
        compare(request)


def test_a_remembered_address_follows_its_page_and_the_sites(rf, site):
    """Each process remembers the addresses it made (`page_url_parts`), by what they depend on: a renamed page and a
    new site give Wagtail's new answer at once."""
    page = site["news"]
    request = rf.get("/")
    before = page.get_url_parts(request)
    assert before == wagtails_own(page, request)

    page.slug = "actualitat"
    page.save()
    renamed = Page.objects.get(pk=page.pk).specific
    request = rf.get("/")
    assert renamed.get_url_parts(request) == wagtails_own(renamed, request) != before
    assert renamed.get_url(request).endswith("/actualitat/")

    Site.objects.create(hostname="second.example", port=80, root_page=renamed)
    for request in (rf.get("/"), rf.get("/", HTTP_HOST="second.example")):
        assert renamed.get_url_parts(request) == wagtails_own(renamed, request)
    # The page is now the second site's home: its address there is that site's root.
    assert renamed.get_url(rf.get("/", HTTP_HOST="second.example")) == "/ca/"
