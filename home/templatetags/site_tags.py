"""Template tags for the site chrome: the main navigation and the footer, the language switcher and the hreflang
alternates."""

import functools
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info, gettext, gettext_lazy, pgettext_lazy
from wagtail.models import Page

from home.addresses import address_context
from home.catalogues import CATALOGUE_SETTINGS
from home.context_processors import chrome
from home.json_ld import ld_json_script
from home.queries import live_translations, remember_until_content_changes
from home.share_cards import FILE_NAME as SHARE_CARD_FILE
from home.share_cards import alt_text_for_page, card_url, site_name
from home.site_url import absolute_url

register = template.Library()

# The query parameter that marks a page shown in another language than the one the visitor asked for.
FALLBACK_PARAMETER = "from"
# The main navigation and the footer as written (`written_chrome`): a few per language.
_written_chrome = {}
MAX_WRITTEN_CHROME = 64


@register.simple_tag
def site_footer():
    """The footer: the same on every page of a language."""
    return written_chrome("components/footer.html")


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The main navigation, with the item of the page shown marked as the current page."""
    page_pk = getattr(context.get("page"), "pk", None)
    return written_chrome("components/main_navigation.html", current=page_pk if page_pk in menu_pages() else None)


def menu_pages():
    """The ids of the main navigation's pages in the active language, remembered with the navigation as written
    (a read of the site chrome is a read of the cache)."""
    language = get_language()
    return remember_until_content_changes(
        ("menu pages", language),
        lambda: {item["pk"] for item in chrome(language)["navigation"]},
        store=_written_chrome,
        limit=MAX_WRITTEN_CHROME,
    )


def written_chrome(template_name, current=None):
    """`template_name` written from the site chrome alone (context_processors.chrome: `main_navigation`,
    `founding_institutions`, `footer_pages`) and `current`, the menu item of the page shown.
    Every page of a language shows the same navigation and footer, so each is written once per process until content
    changes (issue 21: a tenth of a standard page's render), per language and what an address depends on
    (home/addresses.py). Nothing else of the page reaches them: they cannot show anything that would be wrong on
    another page."""
    language, script_prefix, urlconf = address_context()

    def write():
        parts = chrome(language)
        return render_to_string(
            template_name,
            {
                "main_navigation": parts["navigation"],
                "founding_institutions": parts["founders"],
                "footer_pages": parts["footer_pages"],
                "current": current,
            },
        )

    key = (template_name, language, script_prefix, urlconf, current)
    return remember_until_content_changes(key, write, store=_written_chrome, limit=MAX_WRITTEN_CHROME)


def _fallback_translation(translations, current):
    """The version to show instead of a missing translation: the Catalan source, else the current page, else any."""
    for code in (settings.LANGUAGE_CODE, current, *translations):
        if code in translations:
            return translations[code]
    return None


# Language names as they read inside a sentence of the active language ("al catalán", "al castellano").
LANGUAGE_NAMES_IN_SENTENCE = {
    "ca": pgettext_lazy("language name inside a sentence", "Catalan"),
    "es": pgettext_lazy("language name inside a sentence", "Spanish"),
    "en": pgettext_lazy("language name inside a sentence", "English"),
}

# Whole sentences: the preposition depends on the language's name ("al català", "a l'anglès").
NOT_TRANSLATED_YET = {
    "ca": gettext_lazy("This page is not translated into Catalan yet."),
    "es": gettext_lazy("This page is not translated into Spanish yet."),
    "en": gettext_lazy("This page is not translated into English yet."),
}


def _language_name(code):
    """The name of the language `code` in the active language ("catalán" in Spanish)."""
    name = LANGUAGE_NAMES_IN_SENTENCE.get(code)
    if name is not None:
        return str(name)
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def _fallback_note(visitor_code, fallback):
    with translation.override(visitor_code):
        return gettext("not translated yet: %(language)s version") % {
            "language": _language_name(fallback.locale.language_code)
        }


@register.simple_tag(takes_context=True)
def translation_fallback_notice(context):
    """The notice on a page shown in place of a missing translation, or None.

    Returns {"code": visitor's language, "text": the notice in that language, "home_url": that language's home}.
    """
    request = context.get("request")
    page = context.get("page")
    if request is None or not isinstance(page, Page):
        return None
    wanted = request.GET.get(FALLBACK_PARAMETER, "")
    available = dict(settings.LANGUAGES)
    if wanted not in available or wanted == page.locale.language_code:
        return None
    if page.get_translations().live().filter(locale__language_code=wanted).exists():
        return None
    with translation.override(wanted):
        missing = NOT_TRANSLATED_YET.get(wanted) or gettext("This page is not translated into your language yet.")
        shown = gettext("You are reading the %(shown)s version.") % {"shown": _language_name(page.locale.language_code)}
        text = f"{missing} {shown}"
        home_label = gettext("Go to the home page in %(wanted)s") % {"wanted": _language_name(wanted)}
    home = Page.objects.live().filter(depth=2, locale__language_code=wanted).first()
    return {"code": wanted, "text": text, "home_url": home.get_url(request) if home else f"/{wanted}/",
            "home_label": home_label}  # fmt: skip


@dataclass(frozen=True)
class LanguageLink:
    """A link of the language switcher: plain data, which the header is written once for (`{% written_once %}`)."""

    code: str
    name: str
    url: str
    is_current: bool
    # False when the current page has no live translation in this language: the link then goes to the version
    # that exists (Catalan first) with ?from=<code>, which shows a notice in the visitor's language.
    is_translated: bool
    # The switcher's note for an untranslated page, in the link's language.
    note: str = ""
    # What the language switcher links to: `url` with the reader's query string (the filters of a directory or the
    # agenda, whose values mean the same in every language). `url` itself, for canonical and alternate links, has none.
    switch_url: str = ""

    def __post_init__(self):
        if not self.switch_url:
            object.__setattr__(self, "switch_url", self.url)


@dataclass(frozen=True)
class Alternate:
    code: str
    url: str


@dataclass(frozen=True)
class SeoLinks:
    """A view's canonical address, its hreflang alternates and its x-default one (`seo_links`)."""

    canonical: str
    alternates: tuple  # of Alternate
    x_default: str | None


@dataclass(frozen=True)
class ShareCard:
    url: str
    alt: str


# A sub-view's path by page type, route name and language: the routes' names are translated from the compiled
# message catalogues (home/routes.py), so the path depends on nothing else, and reversing it in another language cost
# a tenth of a millisecond per link of the language switcher.
_SUBPAGE_PATHS = {}


def _route_for(page, route, route_name, language):
    """The path of the page's sub-view in `language`: a route name (translated, home/routes.py) or a fixed path."""
    if not route_name:
        return route
    key = (type(page), route_name, language)
    path = _SUBPAGE_PATHS.get(key)
    if path is None:
        with translation.override(language):
            path = _SUBPAGE_PATHS[key] = page.reverse_subpage(route_name)
    return path


def _with_query(url, query):
    """`url` with the reader's query parameters added (never a second `from`)."""
    if not query:
        return url
    params = query.copy()
    params.pop(FALLBACK_PARAMETER, None)
    if not params:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{params.urlencode()}"


def language_links_for(request, page=None, route="", route_name=""):
    """Links to this page in every language. `route_name`: the name of a page's sub-view (e.g. "press" of a tour),
    whose path each language names its own way; `route`: a fixed path appended to each translation's URL."""
    current = get_language()
    links = []
    if isinstance(page, Page) and page.pk:
        # A translation outside every site (an editor's copy at the top of the tree) has no address to link to.
        addresses, translations = {}, {}
        for version in live_translations(page):
            code = version.locale.language_code
            if address := version.get_url(request):
                addresses[code], translations[code] = address, version
        for code, name in settings.LANGUAGES:
            sub_path = _route_for(page, route, route_name, code)
            translation_page = translations.get(code)
            if translation_page is not None:
                url = addresses[code] + sub_path
                links.append(
                    LanguageLink(code, name, url, code == current, True, switch_url=_with_query(url, request.GET))
                )
                continue
            fallback = _fallback_translation(translations, current)
            if fallback is None:
                continue
            fallback_path = _route_for(page, route, route_name, fallback.locale.language_code)
            url = f"{addresses[fallback.locale.language_code]}{fallback_path}?{urlencode({FALLBACK_PARAMETER: code})}"
            links.append(
                LanguageLink(
                    code, name, url, code == current, False, _fallback_note(code, fallback),
                    switch_url=_with_query(url, request.GET),
                )
            )  # fmt: skip
    else:
        # Views that are not pages (municipality profiles, search, ...): translate_url gives each language's own
        # path and keeps the query string.
        path, context = request.get_full_path(), address_context()
        for code, name in settings.LANGUAGES:
            links.append(LanguageLink(code, name, _translated_path(path, code, context), code == current, True))
    return tuple(links)


@receiver(setting_changed)
def _forget_translated_paths(*, setting, **kwargs):
    # A test that changes the languages or the catalogues reads them afresh.
    if setting in CATALOGUE_SETTINGS | {"LANGUAGES", "LANGUAGE_CODE"}:
        _translated_path.cache_clear()


@functools.lru_cache(maxsize=1024)
def _translated_path(path, language, context):
    """`translate_url(path, language)` where the address context (home/addresses.py: the active language, the script
    prefix and the URL configuration, all that Django's resolving and reversing read besides the path) is `context`:
    worked out once per process for each, since reversing a view in three languages cost a third of a millisecond of
    every search and city profile."""
    return translate_url(path, language)


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    if request is None:
        return ()
    cache_key = "_language_links"
    if not hasattr(request, cache_key):
        links = language_links_for(
            request, context.get("page"), context.get("page_route", ""), context.get("page_route_name", "")
        )
        setattr(request, cache_key, links)
    return getattr(request, cache_key)


@register.filter
def language_in_sentence(language_code):
    """The name of a language as it reads inside a sentence of the active one ("al castellà", "into Spanish"), not
    its own name ("Español"), which the language switcher uses."""
    return _language_name(language_code)


OG_LOCALES = {"ca": "ca_ES", "es": "es_ES", "en": "en_GB"}


@register.filter
def og_locale(language_code):
    return OG_LOCALES.get(language_code, language_code)


@register.simple_tag
def json_ld(data):
    """Render schema.org data as <script type="application/ld+json">. A data block, never executed, so the
    Content-Security-Policy's script rules do not apply to it."""
    if not data:
        return ""
    return ld_json_script(data)


@register.filter
def structured_data(page, request):
    # Views that are not our pages (a plain Wagtail page, a municipality profile) have none.
    method = getattr(page, "structured_data", None)
    return method(request) if callable(method) else None


def _listing_page_number(request):
    """The ?page= of a paginated listing when it is a page after the first, else None."""
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and len(value) < 7 and int(value) > 1 else None


@register.simple_tag(takes_context=True)
def seo_links(context):
    """The canonical URL, the hreflang alternates and the x-default one, absolute on SITE_URL.

    Page 2 of a listing is its own canonical (and its translations' page 2 its alternates); filters are not part of
    it, so that every filtered view of a listing points search engines at the listing itself. x-default is "/" for
    the home pages (it redirects by Accept-Language) and the Catalan (source) version of any other page, the one a
    visitor of another language falls back to.
    """
    request = context.get("request")
    if request is None:
        return None
    page = context.get("page")
    # Read twice per page (the <link>s and the Open Graph tags): worked out once per request and view.
    key = (getattr(page, "pk", None), context.get("page_route", ""))
    remembered = getattr(request, "_seo_links", None)
    if remembered is None or remembered[0] != key:
        request._seo_links = (key, _seo_links(context, request, page))
    return request._seo_links[1]


def _seo_links(context, request, page):
    # Listings are pages (news, directory, agenda, resources); a search result page is not indexed at all.
    number = _listing_page_number(request) if isinstance(page, Page) else None
    suffix = f"?{urlencode({'page': number})}" if number else ""
    links = language_links(context)
    # Views that are not pages link to their full path, query included: the filters are not part of the canonical.
    alternates = tuple(
        Alternate(link.code, absolute_url(link.url.split("?", 1)[0]) + suffix) for link in links if link.is_translated
    )
    current = next((link for link in links if link.is_current), None)
    default = next((alt.url for alt in alternates if alt.code == settings.LANGUAGE_CODE), None)
    if isinstance(page, Page) and page.depth == 2 and not context.get("page_route") and not number:
        # The home pages: "/" chooses the language from the browser's preferences, which is what x-default means.
        default = absolute_url("/")
    return SeoLinks(
        canonical=absolute_url(current.url.split("?", 1)[0]) + suffix if current else absolute_url(request.path),
        alternates=alternates,
        x_default=default,
    )


@register.simple_tag(takes_context=True)
def share_card(context):
    """The share card (`ShareCard`) of this view: the page's own, or the home page's for views that are not pages
    (municipality profiles, search). The alt text is kept per content generation, like the card."""
    page = context.get("page")
    if isinstance(page, Page) and page.pk and hasattr(page, "share_card_facts"):
        url = card_url(page, context.get("request"))
        return ShareCard(url, alt_text_for_page(page)) if url else None
    home = context.get("site_home")
    if not home:
        return None
    return ShareCard(absolute_url(f"{home['url']}{SHARE_CARD_FILE}"), f"{home['title']}. {site_name()}.")


# Paginations as written (`pagination`), by language, page, number of pages and filters.
_written_paginations = {}
MAX_WRITTEN_PAGINATIONS = 1024


@register.simple_tag(takes_context=True)
def pagination(context, items, query_string=None):
    """components/pagination.html for `items` (a paginator's page) keeping the listing's filters `query_string` (the
    context's when not given). What it writes follows from the language, the page's number, the number of pages and
    the filters alone, so it is written once per process for each: its dozen links, each with its words and numbers,
    had cost as much as two event cards on every page of every listing."""
    if query_string is None:
        query_string = context.get("query_string")
    key = (translation.get_language(), items.number, items.paginator.num_pages, str(query_string or ""))
    written = _written_paginations.get(key)
    if written is None:
        if len(_written_paginations) >= MAX_WRITTEN_PAGINATIONS:
            _written_paginations.clear()
        written = render_to_string("components/pagination.html", {"items": items, "query_string": query_string})
        _written_paginations[key] = written
    return written


@register.filter
def page_numbers(items):
    """The page numbers a pagination shows: the first and last two, and two either side of the current one, with None
    for each gap, so that a listing of any length has a pagination of bounded size."""
    return [
        None if number == items.paginator.ELLIPSIS else number
        for number in items.paginator.get_elided_page_range(items.number, on_each_side=2, on_ends=2)
    ]
