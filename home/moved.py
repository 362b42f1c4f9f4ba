"""Addresses published before slugs and route names were translated keep working, with a permanent redirect.

Until slugs were translated (home/slugs.py) every language used the Catalan ones (`/en/edicions/`, `/es/defensors/`,
`/en/privacitat/`), and every language used the English route names (`press/`, `calendar.ics`, home/routes.py).
Links to them live on in newsletters, search engines and calendar apps. When an address under a language prefix
finds nothing (404), it is read again with the Catalan slugs and the earlier route names; if it names a live public
page (and route) with a version in the requested language, the answer is a 301 to that version's address.

Only live, public pages are ever redirected to, and only from names they carry today, so an address retired for a
reason (a defender's earlier name, a page taken down) stays a 404. Redirects made by editors in Wagtail's Redirects
area are applied first (RedirectMiddleware comes after this middleware in settings, so it answers first).
"""

import re

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

SOURCE_LANGUAGE = "ca"
# Route names (home/routes.py) were English in every language before they were translated.
EARLIER_ROUTE_LANGUAGE = "en"
LANGUAGE_PREFIX = re.compile(r"^/([a-z]{2})/(.+)$")


def _walk(home, components):
    """The deepest live page below `home` reached by following `components` as slugs, and what is left over."""
    page = home
    for index, component in enumerate(components):
        child = page.get_children().live().filter(slug=component).first()
        if child is None:
            return page, components[index:]
        page = child
    return page, []


def _route_in(page, remainder, language):
    """`remainder` (path components) read as one of `page`'s routes, whatever language named it; the route's path
    in `language`, or None."""
    if not remainder or not isinstance(page, RoutablePageMixin):
        return None
    path = "/" + "/".join(remainder) + "/"
    for naming in dict.fromkeys((language, EARLIER_ROUTE_LANGUAGE, SOURCE_LANGUAGE)):
        with translation.override(naming):
            try:
                match = page.get_resolver().resolve(path)
            except Resolver404:
                continue
        if match.url_name is None:
            return None
        with translation.override(language):
            return page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
    return None


def moved_address(request):
    """The address in its language of what `request` (a 404) named with earlier names, or None."""
    match = LANGUAGE_PREFIX.match(request.path_info)
    languages = dict(settings.LANGUAGES)
    if not match or match.group(1) not in languages:
        return None
    language, components = match.group(1), [part for part in match.group(2).split("/") if part]
    site = Site.find_for_request(request)
    if site is None or not components:
        return None
    source_home = site.root_page
    homes = [source_home.get_translations(inclusive=True).live().filter(locale__language_code=language).first()]
    if language != source_home.locale.language_code:
        homes.append(source_home)
    for home in filter(None, homes):
        page, remainder = _walk(home, components)
        if page.pk == home.pk:
            continue
        target = (
            Page.objects.live()
            .public()
            .filter(translation_key=page.translation_key, locale__language_code=language)
            .specific()
            .first()
        )
        if target is None:
            continue
        url = target.get_url(request)
        if not url:
            continue  # a version outside every site (an editor's copy at the top of the tree) has no address
        if remainder:
            route = _route_in(target, remainder, language)
            if route is None:
                continue
            url += route
        if url != request.path:
            query = request.META.get("QUERY_STRING", "")
            return f"{url}?{query}" if query else url
    return None


class MovedAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            with translation.override(translation.get_language()):
                url = moved_address(request)
            if url:
                return HttpResponsePermanentRedirect(url)
        return response


def moved_permanently(name):
    """A view answering 301 with the address of the URL named `name` (same arguments, same query string): for the
    addresses of views outside the page tree published before their names were translated."""

    @require_GET
    def view(request, **kwargs):
        url = reverse(name, kwargs=kwargs)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    return view
