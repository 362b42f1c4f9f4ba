"""The view of every public page (cdhr_cms/urls.py): Wagtail's own `serve`, with the site and the home page of the
reader's language found before it routes.

Wagtail finds both anew on every request: the site in one query, then `site.root_page.localized.specific` in two or
three more, before `HomePage.route()` (home/queries.py) starts. They change only when the content does, so each worker
process remembers them until the content generation moves (cdhr_cms/cache.py: every publish and every change of a
site, locale or page bumps it); the first request after a change reads them again. Only identities are remembered —
ids, tree paths, addresses — never a page's content, its live state or its view restrictions: routing reads those
from the database on every request (`route_below`).

What Wagtail documents as its per-request caches is then filled in, so that its own code finds the answers:
`request._wagtail_site` (`Site.find_for_request`, by `RememberedSiteMiddleware`, for every view) and
`request._wagtail_route_for_request` (`Page.route_for_request`, by `serve_page`). Wagtail's `serve` view does the
rest unchanged: its hooks, then the page's `serve()`.
"""

import copy

from django.db import DatabaseError
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from cdhr_cms.cache import mark_served_page

from .queries import remember_until_content_changes, route_below, with_translations

# What routing needs of the home page: where it sits in the tree, its address, and what `with_translations` needs.
HOME_IDENTITY = ("id", "path", "depth", "url_path", "content_type_id", "translation_key", "locale_id", "live")


def site_for_request(request):
    """Wagtail's choice of site for this host and port (`get_site_for_hostname`), a copy per request."""
    hostname = split_domain_port(request.get_host())[0]
    port = request.get_port()

    def find():
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None

    site = remember_until_content_changes(("site", hostname, port), find)
    if site is None:
        return None
    site = copy.copy(site)
    site.root_page = copy.copy(site.root_page)
    return site


def home_for_request(site):
    """The home page of the active language (Wagtail's `site.root_page.localized`: its live translation, else the
    root page itself), as a page holding only its identity."""
    root = site.root_page
    language = translation.get_language()

    def find():
        try:
            code = get_supported_content_language_variant(language)
        except LookupError:
            code = None
        found = (
            Page.objects.filter(translation_key=root.translation_key, locale__language_code=code, live=True)
            .values(*HOME_IDENTITY)
            .first()
        )
        return Page(**(found or {field: getattr(root, field if field != "id" else "pk") for field in HOME_IDENTITY}))

    # A copy per request, as for the site: a page made anew cost five times as much.
    return copy.copy(remember_until_content_changes(("home", site.pk, language), find))


def route_from_home(request, home, path):
    """(page, args, kwargs) for `path` below `home`, as `Page.route_for_request` gives it; raises Http404."""
    components = [component for component in path.split("/") if component]
    if components:
        found = route_below(home, request, components)
        if found is not None:
            return found
    home = with_translations(home)
    if components:
        # No page along the path: Wagtail's own routing says why (a 404, or a route of the home page's own).
        return Page.route(home, request, components)
    return home.route(request, components)


class RememberedSiteMiddleware:
    """Answers `Site.find_for_request()` for the whole request (pages, the sitemap, search, the API, the admin) from
    what this process remembers, through Wagtail's own per-request cache. After CommonMiddleware, which refuses the
    hosts ALLOWED_HOSTS does not name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            site = site_for_request(request)
        except DatabaseError:
            # The database is down: the view meets it too, and DatabaseUnavailableMiddleware answers 503 there.
            site = None
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)


def serve_page(request, path):
    """Every public page's view (the last pattern of cdhr_cms/urls.py)."""
    site = Site.find_for_request(request)
    if site is not None and not hasattr(request, "_wagtail_route_for_request"):
        try:
            request._wagtail_route_for_request = route_from_home(request, home_for_request(site), path)
        except Http404:
            request._wagtail_route_for_request = None
    response = wagtail_views.serve(request, path)
    route = getattr(request, "_wagtail_route_for_request", None)
    if route:
        mark_served_page(response, route[0])  # the page cache's scope of a change (cdhr_cms/cache.py)
    return response
