"""A page's address, as Wagtail's `Page.get_url_parts` gives it, without a `reverse()` per page.

Wagtail reverses its `wagtail_serve` URL pattern for every address it makes, inside `translation.override()` of the
page's language: about 0.2 ms each, and a tour page, an agenda or a municipality's profile link to 50–70 pages, a
language's sitemap to hundreds (issue 21). The pattern's path depends only on the language (its /ca/ prefix), the
script prefix and the URL configuration, so it is reversed once per process for each of those, and the page's own path
below its site's root is quoted as `reverse()` quotes it. Anything that `reverse()` would refuse or treat otherwise is
left to Wagtail (`page_path` answers None). tests/test_addresses.py compares both for every page, in every language
and under a script prefix.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site

from .queries import request_memo

# The characters `reverse()` leaves unquoted in a path.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"
# What Wagtail's `wagtail_serve` pattern accepts below the language prefix (wagtail/urls.py).
SERVED_PATH = re.compile(r"(?:[\w\-]+/)*")

_prefixes = {}
# Wagtail's settings that an address depends on, read once until a setting changes (tests change them): an absent
# setting is an exception inside Django's `settings` at every read, which cost more than the rest of an address.
_wagtail_settings = {}


# Page addresses made lately (`page_url_parts`), by page path, site roots and address context: a page of events
# links the same programmes and people again and again (a tour page makes some thirty-five addresses, a city's
# profile forty), and working each out again cost 20 µs. Emptied when full.
_page_parts = {}
MAX_PAGE_PARTS = 16384
# `page_url_parts`' answer where Wagtail's own code decides, and what it remembers for a page under no site.
WAGTAIL_DECIDES, NO_SITE = object(), object()


# Addresses of the site's own routes (a city's profile) made lately, by route, arguments and address context: a
# statement's page and the statements' index link every endorsing city, and `reverse()` cost 25 µs each. Emptied when
# full.
_route_urls = {}
MAX_ROUTE_URLS = 4096


@receiver(setting_changed)
def _forget_settings(**kwargs):
    _wagtail_settings.clear()
    _page_parts.clear()
    _route_urls.clear()


def _wagtail_setting(name, default):
    if name not in _wagtail_settings:
        _wagtail_settings[name] = getattr(settings, name, default)
    return _wagtail_settings[name]


def address_context():
    """(active language, script prefix, URL configuration): what a page's address depends on besides the page. A
    caller that makes many addresses at once (a sitemap) reads it once and passes it to `url_parts`. The script
    prefix and URL configuration are read once per request (Django sets both before a request's view runs); the
    language at every call, since a template may make an address inside `translation.override()`."""
    return translation.get_language(), *request_memo("address context", _script_prefix_and_urlconf)


def _script_prefix_and_urlconf():
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


def route_url(name, **kwargs):
    """`reverse(name, kwargs=kwargs)`, remembered by this process for the route, its arguments and the address
    context, all that the answer depends on."""
    key = (name, tuple(sorted(kwargs.items())), address_context())
    url = _route_urls.get(key)
    if url is None:
        url = reverse(name, kwargs=kwargs)
        if len(_route_urls) >= MAX_ROUTE_URLS:
            _route_urls.clear()
        _route_urls[key] = url
    return url


def serve_prefix(language, script_prefix, urlconf):
    """`reverse("wagtail_serve", args=("",))` in `language` under that script prefix and URL configuration: "/ca/"
    (with the script prefix before it); None when the URL configuration has no such pattern."""
    key = (language, script_prefix, urlconf)
    if key not in _prefixes:
        with translation.override(language):
            try:
                _prefixes[key] = reverse("wagtail_serve", args=("",))
            except NoReverseMatch:
                _prefixes[key] = None
    return _prefixes[key]


def page_path(language, relative_path, script_prefix, urlconf):
    """`reverse("wagtail_serve", args=(relative_path,))` in `language`, or None where Wagtail's own code should
    decide (a path the pattern does not take, an address without its trailing slash, no such pattern)."""
    if not _wagtail_setting("WAGTAIL_APPEND_SLASH", True) or not SERVED_PATH.fullmatch(relative_path):
        return None
    prefix = serve_prefix(language, script_prefix, urlconf)
    return None if prefix is None else prefix + quote(relative_path, PATH_SAFE)


def url_parts(url_path, roots, context=None):
    """(site id, root URL, path) of the page at `url_path`, as Wagtail's `Page.get_url_parts` gives it, where `roots`
    are the site roots the page is under (Wagtail's `_get_relevant_site_root_paths`, non-empty). None where Wagtail's
    own code should decide: a page under several sites (it chooses by the request), a site without translations, a
    path `page_path` leaves to it. `context`: `address_context()`, read by the caller, else now."""
    site_id, root_path, root_url, language_code = roots[0]
    if len(roots) > 1 and len({root.site_id for root in roots}) > 1:
        return None
    if not _wagtail_setting("WAGTAIL_I18N_ENABLED", False):
        return None
    active, script_prefix, urlconf = context or address_context()
    # As Wagtail: the active language when it is a variant of the page's.
    try:
        if get_supported_content_language_variant(active) == language_code:
            language_code = active
    except LookupError:
        pass
    path = page_path(language_code, url_path[len(root_path) :], script_prefix, urlconf)
    return None if path is None else (site_id, root_url, path)


def page_url_parts(url_path, roots):
    """`url_parts` of the page at `url_path` among `roots`, all the sites' root paths (Wagtail's
    `_get_site_root_paths`): None for a page under no site, `WAGTAIL_DECIDES` where `url_parts` leaves the answer to
    Wagtail. Remembered by this process for the path, the roots and the address context, all that the answer depends
    on besides Wagtail's settings (a changed setting forgets them all)."""
    context = address_context()
    key = (url_path, tuple(roots), context)
    parts = _page_parts.get(key)
    if parts is None:
        relevant = [root for root in roots if url_path.startswith(root.root_path)]
        parts = (url_parts(url_path, relevant, context) or WAGTAIL_DECIDES) if relevant else NO_SITE
        if len(_page_parts) >= MAX_PAGE_PARTS:
            _page_parts.clear()
        _page_parts[key] = parts
    return None if parts is NO_SITE else parts


def page_url(page, request=None):
    """`page.get_url(request)` for a page loaded as Wagtail's `Page` rather than as its type (search results), which
    lacks BasePage's `get_url_parts` (above) and would reverse Wagtail's pattern for each: the same address, relative
    when the page is on the request's site or there is one site, as Wagtail's `Page.get_url` decides."""
    parts = page_url_parts(page.url_path, page._get_site_root_paths(request))
    if parts is None or parts is WAGTAIL_DECIDES:
        return page.get_url(request)
    site_id, root_url, path = parts
    current_site = Site.find_for_request(request) if request is not None else None
    if (current_site is not None and site_id == current_site.id) or len(
        {root.site_id for root in page._get_site_root_paths(request)}
    ) == 1:
        return path
    return root_url + path


@dataclass(frozen=True)
class Link:
    """A link as a list shows it: its address, its words and, after it, a note (a country, a level). Plain data,
    which `{% written_once %}` writes once for each list of them (home/templatetags/fragments.py): a list of links
    written by the template cost a twentieth of a millisecond per link, and a city's profile lists forty."""

    url: str
    text: str
    note: str = ""


def link_to(page, text, request=None, note=""):
    """A Link to `page` (its address as `{% pageurl %}` gives it), named `text`."""
    return Link(page.get_url(request) or "", str(text), str(note))
