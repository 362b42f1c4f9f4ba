"""/sitemap.xml: every live public page of the three locale trees, and the public views that are not pages (the
agenda, the cities' list and profiles), each with its hreflang alternates.

When the site grows beyond `SITEMAP_INDEX_FROM` live pages, /sitemap.xml becomes a sitemap index that points at one
sitemap per language (/sitemap-ca.xml, ...), each split into files of at most `SITEMAP_LIMIT` pages (`?p=2`):
no single file grows with the site (issue 21). A language's sitemap lists that language's pages, with alternates in
every language as before.

Wagtail's own sitemap lists only the default site's tree (the Catalan one). Pages decide for themselves whether they
belong in it through `get_sitemap_urls()` (a protected defender returns nothing; a tour adds its press room, an
entry with a "route"); since safety levels are synchronised across translations, a page's alternates are listed
exactly when the page is.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Count
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap, views
from wagtail.models import Page

from home.models import Municipality
from home.queries import pages
from home.site_url import absolute_url

# What a page's address needs (Wagtail's `get_url_parts`: the tree address and the language), and what Wagtail's
# `get_sitemap_urls` adds to an entry (its dates); the types that decide their own entries are loaded whole below.
ADDRESS_FIELDS = ("url_path", "translation_key", "locale__language_code", "depth", "path", "content_type_id")
ENTRY_FIELDS = (*ADDRESS_FIELDS, "last_published_at", "latest_revision_created_at", "live")


def live_pages():
    # Our query set: the view restrictions as a subquery, not one query per call (home/queries.py).
    return pages().live().public().filter(depth__gt=1)


def with_own_sitemap_urls(pages, listed_pages):
    """`pages` (the rows of the query set `listed_pages`), those whose type decides its own entries (overrides
    `get_sitemap_urls`, as defenders do) loaded as that type: one query per such type, whatever the number of
    pages; the others need nothing more."""
    models = {page.specific_class for page in pages} - {None}
    specific = {}
    for model in models:
        if model.get_sitemap_urls is not Page.get_sitemap_urls:
            # A subquery rather than a list of ids: the same single query with 10 or 10,000 pages.
            listed = listed_pages.filter(content_type=page_content_type(model)).values("pk")
            loaded = model.objects.defer_streamfields().filter(pk__in=listed)
            # A type whose decision reads related rows (a profile reads its person) names them: no query per page.
            loaded = loaded.select_related(*getattr(model, "public_select_related", ()))
            specific.update((page.pk, page) for page in loaded)
    return [specific.get(page.pk, page) for page in pages]


def page_content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)


def _route(route, language):
    return route.get(language, "") if isinstance(route, dict) else route


def x_default(page, route, alternates):
    """The x-default alternate, as the pages' own <head> names it (home/templatetags/site_tags.py): "/" for the home
    pages (it chooses by Accept-Language), the Catalan version of anything else."""
    if page is not None and page.depth == 2 and not route:
        return [{"lang_code": "x-default", "location": absolute_url("/")}]
    source = [alternate for alternate in alternates if alternate["lang_code"] == settings.LANGUAGE_CODE]
    return [{"lang_code": "x-default", "location": source[0]["location"]}] if source else []


class CityAddress:
    """One language's address of a public view that is not a page: the cities' list, a city's profile. Cities are
    the same in every language; their addresses are translated (home/urls.py)."""

    def __init__(self, language, url_name, slug=None):
        self.language, self.url_name, self.slug = language, url_name, slug

    def location(self, language):
        with translation.override(language):
            return absolute_url(reverse(self.url_name, kwargs={"slug": self.slug} if self.slug else None))

    def sitemap_entry(self):
        alternates = [{"lang_code": code, "location": self.location(code)} for code, _name in settings.LANGUAGES]
        return {
            "location": self.location(self.language),
            "alternates": alternates + x_default(None, "", alternates),
        }


def city_addresses(language=None):
    """The cities' list and every city's profile, in `language` (or in every language, each after the other)."""
    slugs = list(Municipality.objects.order_by("sort_name").values_list("slug", flat=True))
    languages = [language] if language else [code for code, _name in settings.LANGUAGES]
    return [
        address
        for code in languages
        for address in (
            CityAddress(code, "municipality_list"),
            *(CityAddress(code, "municipality_profile", slug) for slug in slugs),
        )
    ]


class MultilingualSitemap(Sitemap):
    language = None  # one language's pages (its file of the sitemap index), or None for all of them

    @property
    def limit(self):
        return settings.SITEMAP_LIMIT

    def items(self):
        listed = live_pages()
        if self.language:
            listed = listed.filter(locale__language_code=self.language)
        pages = listed.order_by("path").select_related("locale").only(*ENTRY_FIELDS)
        return [*with_own_sitemap_urls(list(pages), listed), *city_addresses(self.language)]

    def translations(self):
        """translation_key -> [(language, url)] of every live public page: the alternates. Only what an address
        needs is read; each page's own entry computes its address again in `get_sitemap_urls`."""
        if not hasattr(self, "_translations"):
            self._translations = defaultdict(list)
            for page in live_pages().select_related("locale").only(*ADDRESS_FIELDS):
                self._translations[page.translation_key].append(
                    (page.locale.language_code, page.get_full_url(self.request))
                )
        return self._translations

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list:
            if isinstance(item, CityAddress):
                urls.append(item.sitemap_entry())
                continue
            for url_info in item.get_sitemap_urls(self.request):
                # A page's sub-view (a tour's press room) has its alternates at the same route of each translation:
                # one path, or {language: path} when the route's name is translated (home/routes.py).
                route = url_info.pop("route", "")
                alternates = [
                    {"lang_code": language, "location": url + _route(route, language)}
                    for language, url in self.translations().get(item.translation_key, [])
                ]
                urls.append({**url_info, "alternates": alternates + x_default(item, route, alternates)})
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


LANGUAGE_SITEMAPS = {
    code: type(f"{code.capitalize()}Sitemap", (MultilingualSitemap,), {"language": code})
    for code, _name in settings.LANGUAGES
}


def entries_per_language():
    """{language code: number of items of its sitemap}: its live public pages, counted in one query however large
    the site, and the cities' addresses."""
    counted = live_pages().values("locale__language_code").annotate(pages=Count("pk")).order_by()
    pages = {row["locale__language_code"]: row["pages"] for row in counted}
    cities = Municipality.objects.count() + 1
    return {code: pages.get(code, 0) + cities for code, _name in settings.LANGUAGES}


def sitemap_xml(request):
    """The whole sitemap in one file while the site is small, else the index of the languages' sitemaps."""
    counts = entries_per_language()
    if sum(counts.values()) < settings.SITEMAP_INDEX_FROM:
        return views.sitemap(request, {"pages": MultilingualSitemap})
    return sitemap_index(request, counts)


def sitemap_index(request, counts):
    """Django's sitemap index, with its addresses on SITE_URL like every other address the sitemaps give (Django's
    own view would use the host of the request)."""
    items = []
    for section in LANGUAGE_SITEMAPS:
        location = absolute_url(reverse("sitemap_language", kwargs={"section": section}))
        pages = max(1, -(-counts.get(section, 0) // settings.SITEMAP_LIMIT))
        items += [
            SitemapIndexItem(location if number == 1 else f"{location}?p={number}") for number in range(1, pages + 1)
        ]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")


def language_sitemap_xml(request, section):
    if section not in LANGUAGE_SITEMAPS:
        raise Http404
    return views.sitemap(request, LANGUAGE_SITEMAPS, section=section)
