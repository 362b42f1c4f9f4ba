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
from urllib.parse import quote

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.coreutils import get_supported_content_language_variant

# The characters `reverse()` leaves unquoted in a path.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"
# What Wagtail's `wagtail_serve` pattern accepts below the language prefix (wagtail/urls.py).
SERVED_PATH = re.compile(r"(?:[\w\-]+/)*")

_prefixes = {}


def serve_prefix(language):
    """`reverse("wagtail_serve", args=("",))` in `language`: "/ca/" (with the script prefix before it); None when
    the URL configuration has no such pattern."""
    key = (language, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if key not in _prefixes:
        with translation.override(language):
            try:
                _prefixes[key] = reverse("wagtail_serve", args=("",))
            except NoReverseMatch:
                _prefixes[key] = None
    return _prefixes[key]


def page_path(language, relative_path):
    """`reverse("wagtail_serve", args=(relative_path,))` in `language`, or None where Wagtail's own code should
    decide (a path the pattern does not take, an address without its trailing slash, no such pattern)."""
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) or not SERVED_PATH.fullmatch(relative_path):
        return None
    prefix = serve_prefix(language)
    return None if prefix is None else prefix + quote(relative_path, PATH_SAFE)


def url_parts(url_path, roots):
    """(site id, root URL, path) of the page at `url_path`, as Wagtail's `Page.get_url_parts` gives it, where `roots`
    are the site roots the page is under (Wagtail's `_get_relevant_site_root_paths`, non-empty). None where Wagtail's
    own code should decide: a page under several sites (it chooses by the request), a site without translations, a
    path `page_path` leaves to it."""
    site_id, root_path, root_url, language_code = roots[0]
    if len({root.site_id for root in roots}) > 1 or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return None
    # As Wagtail: the active language when it is a variant of the page's.
    try:
        if get_supported_content_language_variant(translation.get_language()) == language_code:
            language_code = translation.get_language()
    except LookupError:
        pass
    path = page_path(language_code, url_path[len(root_path) :])
    return None if path is None else (site_id, root_url, path)
