"""Fewer SQL queries per public request (issue "Quality": at most 12 per page), without keeping anything beyond the
request that asked for it: every answer here is either computed in the same query or forgotten when the request ends.

Wagtail spends queries where our site does not need them:
- `PageQuerySet.public()` loads every view restriction in a query of its own, each time it is called (a page calls it
  several times, once per listing); as a subquery of the listing's own query it costs nothing.
- `Locale.get_active()` reads the locale table on every call; within one request the answer cannot change.
- routing finds the home page of the active language in three queries (locale, translation, specific page), then
  walks the tree one level at a time (two queries per level); every ancestor of the requested page can be
  found in one query by their `url_path`, and the view restrictions checked from the paths alone.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.i18n import LocaleManager
from wagtail.query import PageQuerySet

# Per-request memo: a dict while a request is served, None otherwise (shell, commands, tasks see no memo at all).
# The site's tree is shallow (home, index, tour, programme); longer paths are routed the usual way past this depth.
MAX_DEPTH = 6
RESTRICTIONS_KEY = "view-restrictions"
_request_memo = ContextVar("cdhr_request_memo", default=None)


def _start_request(**kwargs):
    _request_memo.set({})


def _end_request(**kwargs):
    _request_memo.set(None)


def request_memo(key, compute):
    """`compute()`, once per request for `key`; computed every time outside a request."""
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _restrictions():
    """Every view restriction with its page, and the path of each alias of that page (one row per alias): read
    once per request, for the listings' `public()` and for the check of the page being served."""

    def load():
        return list(PageViewRestriction.objects.select_related("page").annotate(alias_path=F("page__aliases__path")))

    return request_memo(RESTRICTIONS_KEY, load)


def _forget_restrictions(**kwargs):
    memo = _request_memo.get()
    if memo is not None:
        memo.pop(RESTRICTIONS_KEY, None)


def restricted_q():
    """Pages under a view restriction (theirs or an ancestor's: the restricted page's path starts theirs), as a
    subquery of the listing's own query. Written as `pk__in`, which the search backends can pass on to the database
    (they cannot translate an `Exists` filter)."""
    above = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return Q(pk__in=Page.objects.filter(Exists(above)).values("pk"))


def _private_q(self):
    return restricted_q()


_get_for_language = LocaleManager.get_for_language


def _get_for_language_once_per_request(self, language_code):
    return request_memo(("locale", language_code), lambda: _get_for_language(self, language_code))


_wagtail_route = Page.route_for_request


def _route_for_request(request, path):
    """Wagtail's `Page.route_for_request`, with the home page of the active language found in one query (Wagtail
    reads the locale, the translation, then the specific page: three), which also gives the active locale."""
    if not hasattr(request, "_wagtail_route_for_request"):
        site = Site.find_for_request(request)
        if site is not None:
            home = localized_home(site.root_page)
            try:
                request._wagtail_route_for_request = home.route(request, [part for part in path.split("/") if part])
            except Http404:
                request._wagtail_route_for_request = None
    return _wagtail_route(request, path)


def localized_home(root):
    """`root.localized.specific`: the live translation of the site's root page in the active language, else root."""
    language = translation.get_language()
    model = root.specific_class or Page
    try:
        code = get_supported_content_language_variant(language)
    except LookupError:
        return root.localized.specific
    found = model._default_manager.filter(translation_key=root.translation_key, locale__language_code=code)
    home = found.select_related("locale").first()
    if home is None or not home.live:
        return root.localized.specific
    memo = _request_memo.get()
    if memo is not None:
        memo.setdefault(("locale", language), home.locale)
    return home


def install():
    """Called from HomeConfig.ready(): swap in the query-saving equivalents and start the per-request memo."""
    PageQuerySet.private_q = _private_q
    Page.route_for_request = staticmethod(_route_for_request)
    LocaleManager.get_for_language = _get_for_language_once_per_request
    request_started.connect(_start_request, dispatch_uid="cdhr-request-memo-start")
    request_finished.connect(_end_request, dispatch_uid="cdhr-request-memo-end")
    # A request that changes restrictions (the admin's privacy dialog) reads them again afterwards.
    post_save.connect(_forget_restrictions, sender=PageViewRestriction, dispatch_uid="cdhr-restrictions-saved")
    post_delete.connect(_forget_restrictions, sender=PageViewRestriction, dispatch_uid="cdhr-restrictions-deleted")


def view_restrictions(page):
    """The restrictions on `page` and its ancestors, as Wagtail's `get_view_restrictions` finds them (an alias has
    the restrictions of the page it is an alias of), picked from the request's list: an unrestricted page, the
    usual case, costs no query (Django answers `pk__in=[]` without asking the database)."""
    if getattr(page, "_no_view_restrictions", False):
        return PageViewRestriction.objects.none()
    ids = {
        restriction.pk
        for restriction in _restrictions()
        if page.path.startswith(restriction.page.path)
        or (restriction.alias_path and page.path.startswith(restriction.alias_path))
    }
    return PageViewRestriction.objects.filter(pk__in=sorted(ids))


def _subroute_matches(page, remaining):
    """Whether a routable page answers `remaining` itself (its routes come before its children's slugs)."""
    if not (page.live and issubclass(page.specific_class or Page, RoutablePageMixin)):
        return False
    try:
        page.specific_class.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
    except Http404:
        return False
    return True


def route_below(root, request, path_components):
    """Wagtail's routing from `root`, with the pages along the path found in one query instead of two per level.

    Returns None when the shortcut does not apply; the caller then routes the usual way."""
    depth = min(len(path_components), MAX_DEPTH)
    prefixes = [root.url_path + "".join(f"{part}/" for part in path_components[:end]) for end in range(1, depth + 1)]
    ancestors = [root.path[:end] for end in range(root.steplen, len(root.path) + 1, root.steplen)]
    below = Q(url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth)
    pages = list(
        Page.objects.filter(below | Q(path__in=ancestors)).annotate(
            restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
        )
    )
    found = {page.depth: page for page in pages if page.depth > root.depth}
    above = [page for page in pages if page.depth <= root.depth]
    chain = []
    parent = root
    for level in range(len(prefixes)):
        page = found.get(root.depth + level + 1)
        if page is None or not page.path.startswith(parent.path) or _subroute_matches(parent, path_components[level:]):
            break
        page._cached_parent_obj = parent
        chain.append(page)
        parent = page
    if not chain:
        return None
    page = with_translations(chain[-1])
    # The page and all its ancestors were just read: when none is restricted (nor an alias, which takes its
    # source's restrictions), serving it needs no further look at restrictions.
    if not any(ancestor.restricted or ancestor.alias_of_id for ancestor in above + chain):
        page._no_view_restrictions = True
    return page.route(request, path_components[len(chain) :])


def with_translations(page):
    """`page.specific`, loaded with its translations in the same query: the language switcher and the hreflang
    links need them (see `live_translations`)."""
    model = page.specific_class
    if model is None:
        return page.specific
    # A type whose public view reads related rows names them (a defender profile: its person): loaded here too.
    related = getattr(model, "public_select_related", ())
    versions = list(
        model._default_manager.filter(translation_key=page.translation_key).select_related("locale", *related)
    )
    specific = next((version for version in versions if version.pk == page.pk), None)
    if specific is None:
        return page.specific
    if hasattr(page, "_cached_parent_obj"):
        specific._cached_parent_obj = page._cached_parent_obj
    specific._live_translations = [version for version in versions if version.live]
    return specific


def live_translations(page):
    """The live versions of `page` in every language (itself included), with their locales."""
    found = getattr(page, "_live_translations", None)
    if found is None:
        found = list(page.get_translations(inclusive=True).live().select_related("locale"))
    return found


def live_page_at(request, page_path):
    """The live, public page (specific) whose URL in the current language is `page_path` ("" for the home page,
    "edicions/primavera-2027/" for a tour), or None: for the files served next to a page (calendar.ics,
    share-card.png), which Wagtail's own routing does not reach."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page.localized
    return Page.objects.live().public().filter(url_path=f"{root.url_path}{page_path}").specific().first()
