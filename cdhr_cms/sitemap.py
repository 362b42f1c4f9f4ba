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

A sitemap lists every page of its language with its alternates, so what each entry costs is multiplied by the size of
the site: entries of the page types that keep Wagtail's `get_sitemap_urls` are written from rows rather than page
instances, their addresses found without a `reverse()` per page (`Addresses`, home/addresses.py), and the XML is
written in Python with the markup of Django's sitemap template (`urlset_xml`; tests/test_sitemap_index.py compares
both with Django's and Wagtail's own). The Catalan sitemap of the large site took 600 ms to render (issue 21). Its
queries are compiled once per process (`PreparedQuery`), and the cities' entries, which only content changes move,
are remembered until it changes.
"""

import collections
import contextlib
import datetime
import functools
from collections import defaultdict
from html import escape

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

from home.addresses import address_context, url_parts
from home.models import Municipality
from home.queries import PreparedQuery, pages, remember_until_content_changes, with_related
from home.routes import ListedWithRoute, route_in_every_language, with_route_entries
from home.site_url import absolute_url

# What the entries of a page listed from its row need: its address and its dates (`ListedPage`), read as the database
# driver gives them, so that a row met before is written without converting it again (`written_entries`). The types
# that decide their own entries are loaded whole, unless they say in one query which of their pages have Wagtail's
# entry (`sitemap_listed`, `with_own_sitemap_urls`).
ROW_FIELDS = (
    *("pk", "content_type_id", "url_path", "depth"),
    # Page.get_sitemap_urls's lastmod, worked out by the database: one date-time to convert per row, not two.
    "lastmod",
)
PK, CONTENT_TYPE, URL_PATH, DEPTH, LASTMOD_AT = range(len(ROW_FIELDS))
LASTMOD = Coalesce("last_published_at", "latest_revision_created_at")


def live_pages():
    # Our query set: the view restrictions as a subquery, not one query per call (home/queries.py).
    return pages().live().public().filter(depth__gt=1)


def listed_in(language):
    """The live public pages of `language`'s sitemap, or of the whole sitemap for None."""
    listed = live_pages()
    return listed if language is None else listed.filter(locale__language_code=language)


# A sitemap's pages as rows: SQL compiled once per process (`PreparedQuery`), the language its parameter.
SITEMAP_ROWS = PreparedQuery(
    "the pages of a sitemap, as rows",
    lambda language: listed_in(language).annotate(lastmod=LASTMOD).order_by("path").values_list(*ROW_FIELDS),
)


def sitemap_rows(language):
    """(`ROW_FIELDS` of each page of `language`'s sitemap (None: the whole sitemap) in tree order, as the database
    driver gives them; the function that converts one of them as the ORM would)."""
    return SITEMAP_ROWS.unconverted(language)


class Addresses:
    """A page's full address from its tree address, as Wagtail's `Page.get_full_url` gives it, without a page
    (home/addresses.py; Wagtail's own code where that leaves it to Wagtail). None for a page under no site."""

    def __init__(self, request=None):
        self.request = request
        self.roots = Site.get_site_root_paths()
        # Read once for the thousands of addresses of a sitemap (home/addresses.py).
        self.context = address_context()

    def __call__(self, url_path):
        roots = [root for root in self.roots if url_path.startswith(root.root_path)]
        if not roots:
            return None
        parts = url_parts(url_path, roots, self.context)
        if parts is None:
            return Page(url_path=url_path).get_full_url(self.request)
        _site_id, root_url, path = parts
        return root_url + path


class ListedPage:
    """The sitemap entries of a page, from its row (`sitemap_rows`): Wagtail's `get_sitemap_urls` for a type that
    keeps it, followed by the same at its route for a `ListedWithRoute` type (`route`: (the type, the route's
    name)). `sitemap` converts the row and gives the page's address."""

    __slots__ = ("row", "sitemap", "route")

    def __init__(self, row, sitemap, route=None):
        self.row, self.sitemap, self.route = row, sitemap, route

    @property
    def pk(self):
        return self.row[PK]

    @property
    def url_path(self):
        return self.row[URL_PATH]

    @property
    def depth(self):
        return self.row[DEPTH]

    def get_sitemap_urls(self, request=None):
        row = self.sitemap.converted_row(self.row)
        urls = [{"location": self.sitemap.page_address(row[URL_PATH]), "lastmod": row[LASTMOD_AT]}]
        return with_route_entries(self.route[0], urls, self.route[1]) if self.route else urls


class LeftOutPage:
    """A sitemap item for a page its type leaves out (`sitemap_listed`): no entry."""

    url_path, depth = None, None

    def get_sitemap_urls(self, request=None):
        return []


LEFT_OUT = LeftOutPage()


def page_types(content_type_ids):
    """{content type id: model} of `content_type_ids` (None for a type whose code is gone)."""
    from django.contrib.contenttypes.models import ContentType

    return {pk: ContentType.objects.get_for_id(pk).model_class() for pk in content_type_ids}


def decides_own_entries(model):
    """Whether pages of `model` decide their own sitemap entries: all but those whose `get_sitemap_urls` is Wagtail's,
    or `ListedWithRoute`'s on top of Wagtail's alone (a type that leaves some pages out, `sitemap_listed`, decides).
    A type whose code is gone (None) counts as deciding: its pages cannot be loaded, so they are left out."""
    if model is None:
        return True
    if model.get_sitemap_urls is ListedWithRoute.get_sitemap_urls:
        return hasattr(model, "sitemap_listed") or _below(model, ListedWithRoute) is not Page.get_sitemap_urls
    return model.get_sitemap_urls is not Page.get_sitemap_urls


def _below(model, mixin):
    """The `get_sitemap_urls` that `mixin`'s own reaches through `super()` in `model`."""
    after = model.__mro__[model.__mro__.index(mixin) + 1 :]
    return next((klass.__dict__["get_sitemap_urls"] for klass in after if "get_sitemap_urls" in klass.__dict__), None)


def with_own_sitemap_urls(rows, language, sitemap):
    """An item per row of `language`'s sitemap (`sitemap_rows`): the types that decide their own entries loaded as
    that type, one query per such type whatever the number of pages; the others from their rows (`ListedPage`, with
    their route for a `ListedWithRoute` type: a tour and its press room).

    A type whose `get_sitemap_urls` only leaves some of its pages out, and gives Wagtail's entry for the others (a
    defender's profile: only those in open data), says which in one query, `sitemap_listed(pages)` (the ids among
    the ids `pages`, as rows of one column): those are listed from their rows, and the rest left out, without loading
    a profile each."""
    types = page_types({row[CONTENT_TYPE] for row in rows})
    deciding = {pk: model for pk, model in types.items() if decides_own_entries(model)}
    routes = {
        pk: (model, model.sitemap_route)
        for pk, model in types.items()
        if pk not in deciding and getattr(model, "sitemap_route", None)
    }
    specific, by_row = {}, set()
    for model in set(deciding.values()) - {None}:
        found = pages_of_type(model)(language)
        if hasattr(model, "sitemap_listed"):
            by_row.update(pk for (pk,) in found)
        else:
            specific.update((page.pk, page) for page in found)

    def item(row):
        if row[CONTENT_TYPE] not in deciding or row[PK] in by_row:
            return ListedPage(row, sitemap, routes.get(row[CONTENT_TYPE]))
        if row[PK] in specific:
            return specific[row[PK]]
        if hasattr(deciding[row[CONTENT_TYPE]], "sitemap_listed"):
            # Left out by its type: an item without entries, as a loaded page that lists nothing, so that the files
            # of a language's sitemap hold the pages the index counted (`entries_per_language`).
            return LEFT_OUT
        return None  # could not be loaded as its type: left out, never listed by its row

    return [entry for entry in map(item, rows) if entry is not None]


@functools.cache
def pages_of_type(model):
    """The query of a sitemap's pages of a type that decides its own entries, by language, in SQL compiled once per
    process and type (`PreparedQuery`): the ids it lists from their rows (`sitemap_listed`), else its pages."""

    def build(language):
        # A subquery rather than a list of ids: the same single query with 10 or 10,000 pages.
        listed = listed_in(language).filter(content_type=page_content_type(model)).values("pk")
        if hasattr(model, "sitemap_listed"):
            return model.sitemap_listed(listed)
        # A type whose decision reads related rows (a profile reads its person) names them: no query per page.
        related = getattr(model, "public_select_related", ())
        return with_related(model.objects.defer_streamfields().filter(pk__in=listed), related)

    return PreparedQuery(("the pages of a type in a sitemap", model._meta.label), build)


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
    default = settings.LANGUAGE_CODE
    source = [alternate for alternate in alternates if alternate["lang_code"] == default]
    return [{"lang_code": "x-default", "location": source[0]["location"]}] if source else []


class CityAddress:
    """One language's address of a public view that is not a page: the cities' list, a city's profile. Cities are
    the same in every language; their addresses are translated (home/urls.py)."""

    def __init__(self, language, url_name, slug=None):
        self.language, self.url_name, self.slug = language, url_name, slug

    @functools.cached_property
    def _entry(self):
        alternates = [{"lang_code": code, "location": self.location(code)} for code, _name in settings.LANGUAGES]
        # Its own address is among its alternates (one per language of LANGUAGES): reversed once, not twice.
        (own,) = [alternate["location"] for alternate in alternates if alternate["lang_code"] == self.language]
        return {"location": own, "alternates": alternates + x_default(None, "", alternates)}

    def location(self, language):
        with translation.override(language):
            return absolute_url(reverse(self.url_name, kwargs={"slug": self.slug} if self.slug else None))

    def sitemap_entry(self):
        """Worked out once per address object: `city_addresses` are remembered until content changes."""
        return {**self._entry, "alternates": list(self._entry["alternates"])}


def city_addresses(language=None):
    """The cities' list and every city's profile, in `language` (or in every language, each after the other),
    remembered by the process with their entries until content changes: a city's slug is content; its addresses
    depend besides on the site's address, the languages, the script prefix and the URL configuration, which key
    what is remembered."""
    _language, *prefix_and_urlconf = address_context()
    languages = (tuple(settings.LANGUAGES), settings.LANGUAGE_CODE)
    return remember_until_content_changes(
        ("sitemap cities", language, settings.SITE_URL, languages, *prefix_and_urlconf), lambda: _cities(language)
    )


def _cities(language):
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

    def __init__(self, request=None):
        super().__init__(request)
        self.addresses = Addresses(request)

    def items(self):
        rows, self.converted_row = sitemap_rows(self.language)
        return [*with_own_sitemap_urls(rows, self.language, self), *city_addresses(self.language)]

    def page_address(self, url_path):
        return self.address_and_versions(url_path)[0]

    def translations_of(self, url_path):
        return self.address_and_versions(url_path)[1]

    def address_and_versions(self, url_path):
        """(The page's full address, (language, full address) of each of its live public versions, itself among
        them): among those of every live public page read with the alternates, else its address worked out
        (`Addresses`) and no versions."""
        known = self.alternates().get(url_path)
        return known if known is not None else (self.addresses(url_path), ())

    def alternates(self):
        """{url_path: (the address, `translations_of`)} of every live public page. Every language's sitemap and each
        of its files list the same alternates, and a page's own address is one of them, so the process remembers them
        until content changes (the words of a page, which change none of them, aside), for what their addresses
        depend on: the address context (home/addresses.py) and the host and port, by which Wagtail chooses between
        two sites."""
        if not hasattr(self, "_alternates"):
            host = (self.request.get_host(), self.request.get_port()) if self.request is not None else None
            self._alternates = remember_until_content_changes(
                ("sitemap alternates", self.addresses.context, host), self._read_alternates
            )
        return self._alternates

    def _read_alternates(self):
        translations, by_path = defaultdict(list), {}
        rows = live_pages().values_list("translation_key", "locale__language_code", "url_path")
        for translation_key, language, url_path in rows:
            address = self.addresses(url_path)
            if address:
                translations[translation_key].append((language, address))
                by_path[url_path] = (address, translation_key)
        # One tuple for all the versions of a page.
        shared = {key: tuple(versions) for key, versions in translations.items()}
        return {url_path: (address, shared[key]) for url_path, (address, key) in by_path.items()}

    def entries(self, item):
        """The entries of a sitemap item (a page, as loaded or from its row, or a city's address), each with its
        alternates."""
        if isinstance(item, CityAddress):
            return [item.sitemap_entry()]
        entries = []
        for url_info in item.get_sitemap_urls(self.request):
            if not url_info.get("location"):
                continue  # a page under no site has no address to list
            # A page's sub-view (a tour's press room) has its alternates at the same route of each translation: one
            # path, or {language: path} when the route's name is translated (home/routes.py).
            route = url_info.pop("route", "")
            alternates = [
                {"lang_code": language, "location": url + _route(route, language)}
                for language, url in self.translations_of(item.url_path)
            ]
            entries.append({**url_info, "alternates": alternates + x_default(item, route, alternates)})
        return entries

    def _urls(self, page, protocol, domain):
        urls, last_mods = [], set()
        for item in self.paginator.page(page).object_list:
            entries = self.entries(item)
            urls += entries
            last_mods.update(dated(item, entries))
        self._note_latest(last_mods)
        return urls

    def _note_latest(self, last_mods):
        # As Django's sitemap: a Last-Modified only when every page listed has a date.
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)

    def urlset(self, page):
        """The <urlset> of file `page` of this sitemap, as `urlset_xml(self.get_urls(page, …))` writes it, and its
        `latest_lastmod` as `get_urls` sets it; the entries of a page listed from its row written once for what they
        show (`written_entries`): a language's sitemap lists hundreds of pages, and a change touches a few."""
        zone = timezone.get_current_timezone()
        # What the entries show besides the page's row, address and versions: the dates (their zone, and whether
        # the row's are read as aware) and the x-default.
        shown = (zone, settings.USE_TZ, settings.LANGUAGE_CODE, absolute_url("/"))
        parts, last_mods = [], set()
        for item in self.paginator.page(page).object_list:
            if isinstance(item, ListedPage):
                xml, item_last_mods = written_entries(self._facts(item, shown), lambda item=item: self._xml(item, zone))
            else:
                xml, item_last_mods = self._xml(item, zone)
            parts.append(xml)
            last_mods.update(item_last_mods)
        self._note_latest(last_mods)
        return URLSET_START + "".join(parts) + URLSET_END

    def _facts(self, item, shown):
        """All that the entries of a page listed from its row show: its row as read, its address and those of its
        versions, its route's paths in every language and `shown`."""
        address, versions = self.address_and_versions(item.row[URL_PATH])
        route = item.route and (*item.route, tuple(route_in_every_language(*item.route).items()))
        return (item.row, address, versions, route, shown)

    def _xml(self, item, zone):
        """(The XML of an item's entries, their `dated` lastmods)."""
        entries = self.entries(item)
        return "".join(url_xml(entry, zone) for entry in entries), dated(item, entries)


def dated(item, entries):
    """The lastmods of a sitemap item's entries that count for its Last-Modified: a page's, never a city's (a view
    that is not a page has no date, and would otherwise withhold the header from every file that lists one)."""
    return () if isinstance(item, CityAddress) else tuple(entry.get("lastmod") for entry in entries)


# The XML of the entries of pages listed from their rows, by all they show (`MultilingualSitemap._facts`): at most
# this many, the one written least recently dropped first (the large site lists about 2,200 pages in three languages).
_written_entries = collections.OrderedDict()
MAX_WRITTEN_ENTRIES = 8192


def written_entries(facts, write):
    """What `write()` gives (a page's entries as XML, with their lastmods), once per process for each set of
    `facts`. Nothing here depends on the content generation: a changed page has other facts (another row, another
    address), hence another key."""
    written = _written_entries.get(facts)
    if written is not None:
        with contextlib.suppress(KeyError):  # dropped meanwhile by another thread
            _written_entries.move_to_end(facts)
        return written
    written = _written_entries[facts] = write()
    while len(_written_entries) > MAX_WRITTEN_ENTRIES:
        with contextlib.suppress(KeyError):
            _written_entries.popitem(last=False)
    return written


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


def lastmod_date(lastmod, zone=None):
    """A <lastmod> as Django's sitemap template writes it (`|date:"Y-m-d"`, in the site's time zone, `zone` when
    given): the year in four digits, as Django's "Y" writes it."""
    if isinstance(lastmod, datetime.datetime):
        if timezone.is_aware(lastmod):
            lastmod = lastmod.astimezone(zone or timezone.get_current_timezone())
        lastmod = lastmod.date()
    return lastmod.isoformat()


@functools.lru_cache(maxsize=65536)
def alternate_xml(code, location):
    """An alternate's <xhtml:link>. A language's sitemap repeats every address of the site among the alternates of
    its entries, and the three languages' sitemaps the same ones: each is escaped and written once per process
    (bounded; its two strings are all it depends on)."""
    return f'<xhtml:link rel="alternate" hreflang="{escape(code)}" href="{escape(location)}"/>'


def url_xml(url, zone=None):
    # The standard library's escape is Django's `escape` (what the template's autoescaping runs) without its lazy
    # string wrapper, which cost more than the escaping on a sitemap's thousands of addresses.
    parts = ["<url><loc>", escape(url["location"]), "</loc>"]
    if url.get("lastmod"):
        parts += ["<lastmod>", lastmod_date(url["lastmod"], zone), "</lastmod>"]
    for tag in ("changefreq", "priority"):
        if url.get(tag):
            parts += [f"<{tag}>", escape(url[tag]), f"</{tag}>"]
    parts += [alternate_xml(alternate["lang_code"], alternate["location"]) for alternate in url.get("alternates", ())]
    parts.append("</url>")
    return "".join(parts)


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_END = "\n</urlset>\n"


def urlset_xml(urls):
    """The <urlset> of `urls`, byte for byte as Django's sitemap.xml template writes it."""
    # The site's time zone looked up once for the whole sitemap, not once per <lastmod>.
    zone = timezone.get_current_timezone()
    return URLSET_START + "".join(url_xml(url, zone) for url in urls) + URLSET_END


def as_instant(lastmod):
    """A lastmod as Django's sitemap view reads it for Last-Modified: a date at midnight, a naive time in UTC."""
    if not isinstance(lastmod, datetime.datetime):
        lastmod = datetime.datetime.combine(lastmod, datetime.time.min)
    return timezone.make_aware(lastmod, datetime.UTC) if timezone.is_naive(lastmod) else lastmod


def sitemap_response(request, sitemap):
    """Django's sitemap view for one sitemap (its `?p=` files, 404s, Last-Modified and X-Robots-Tag), the XML
    written by `sitemap.urlset()`."""
    page = request.GET.get("p", 1)
    try:
        xml = sitemap.urlset(page)
    except EmptyPage:
        raise Http404(f"Page {page} empty") from None
    except PageNotAnInteger:
        raise Http404(f"No page '{page}'") from None
    response = HttpResponse(xml, content_type="application/xml")
    lastmod = getattr(sitemap, "latest_lastmod", None)
    if lastmod:
        response.headers["Last-Modified"] = http_date(as_instant(lastmod).timestamp())
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_safe
def sitemap_xml(request):
    """The whole sitemap in one file while the site is small, else the index of the languages' sitemaps."""
    counts = entries_per_language()
    if sum(counts.values()) < settings.SITEMAP_INDEX_FROM:
        return sitemap_response(request, MultilingualSitemap(request))
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


@require_safe
def language_sitemap_xml(request, section):
    if section not in LANGUAGE_SITEMAPS:
        raise Http404
    return sitemap_response(request, LANGUAGE_SITEMAPS[section](request))
