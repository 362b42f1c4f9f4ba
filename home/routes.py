"""Translated names of the routes under pages (a tour's press room, calendars) and how to build their regexes.

Routes a reader reads are translated like slugs (home/slugs.py): `/ca/edicions/tardor-2026/premsa/`,
`/es/ediciones/otono-2026/prensa/`, `/en/editions/autumn-2026/press/`; calendars are `calendari.ics`,
`calendario.ics`, `calendar.ics`. Their msgids are the English names, which every language used before they were
translated: home/moved.py still recognises them and answers with a permanent redirect. Files meant for programs
(`rss.xml`, `atom.xml`, `*.csv`, `*.json`, badges) keep one name in every language.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

AGENDA = pgettext_lazy("URL", "agenda/")
PRESS_ROOM = pgettext_lazy("URL", "press/")
CALENDAR_FILE = pgettext_lazy("URL", "calendar.ics")
EVENT_FILE_PREFIX = pgettext_lazy("URL", "event")


def _escaped(*parts):
    return "".join(re.escape(str(part)) for part in parts)


escaped = lazy(_escaped, str)


def file_route(*parts):
    """The regex of a file route under a page, in the active language: "^agenda/calendari\\.ics/?$".

    RoutablePageMixin hands routes a path ending in "/", hence the optional slash; reversed, it is left out."""
    return format_lazy("^{}/?$", escaped(*parts))


def language_of(url):
    return translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE


# {(page type, route name, languages): {language: path}}: a route's path depends on the page's type (the resolver of
# RoutablePageMixin is the class's) and on the process's catalogues, not on the page.
_ROUTES = {}


def route_in_every_language(page_type, name):
    """{language: the path of the route `name` of the routable page type `page_type` in that language} (routes are
    translated), worked out once per page type rather than once per tour of a sitemap."""
    key = (page_type, name, tuple(settings.LANGUAGES))
    if key not in _ROUTES:
        routes = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                routes[code] = page_type.get_resolver().reverse(name)
        _ROUTES[key] = routes
    return dict(_ROUTES[key])


def with_route_entries(page_type, urls, name):
    """`urls` (sitemap entries of a page of `page_type`) followed by the same entries at its route `name`, for those
    with an address (a page under no site has none). The route has a name of its own in each language: each entry
    and its alternates use their language's (cdhr_cms/sitemap.py). The language is read from the address: a page's
    locale would cost a query per page."""
    routes = route_in_every_language(page_type, name)
    return [
        *urls,
        *(
            {**entry, "location": entry["location"] + routes[language_of(entry["location"])], "route": routes}
            for entry in urls
            if entry["location"]
        ),
    ]


class ListedWithRoute:
    """Mixed into a routable page type (before it in the bases) whose sitemap entries are Wagtail's, followed by the
    same entries at its route `sitemap_route` (a tour's press room, the directory's agenda). Declared rather than
    written in its own `get_sitemap_urls`, so that a sitemap lists its pages from rows as it does the types that keep
    Wagtail's entries, without loading each page (cdhr_cms/sitemap.py)."""

    sitemap_route = None

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        return with_route_entries(type(self), urls, self.sitemap_route) if self.sitemap_route else urls
