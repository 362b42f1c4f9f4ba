"""Site search: live public pages of the visitor's language, grouped by page type.

Apps keep pages out of search through the `exclude_from_site_search` hook: a function returning a queryset of the
pages to leave out (defenders use it for profiles whose safety level forbids listing).
"""

from collections import OrderedDict

from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from .queries import active_locale
from .queries import pages as all_pages

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 60


def searchable_pages():
    pages = all_pages().live().public().filter(locale=active_locale(), depth__gt=1)
    for hook in hooks.get_hooks("exclude_from_site_search"):
        pages = pages.exclude(pk__in=hook().values("pk"))
    return pages


def clean_query(raw):
    """Return (query, problem): the query to run, or a message saying why none is run."""
    # Double quotes mean nothing to a plain-text search (PostgreSQL ignores them) but SQLite's full-text index cannot
    # parse an unbalanced one: spaces on both databases.
    query = " ".join((raw or "").replace('"', " ").split())
    if not query:
        return "", None
    if len(query) > MAX_QUERY_LENGTH:
        return "", _("Your search is too long. Please use at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
    if not any(character.isalnum() for character in query):
        return "", _("Please search for a word: your search has no letters or numbers.")
    return query, None


def grouped_results(query):
    """Results grouped by page type, in order of relevance within each group."""
    results = searchable_pages().search(query, operator="and")[:MAX_RESULTS]
    # The results show only what every page has (title, description, URL): no per-type query for the specific pages.
    pages = Page.objects.filter(pk__in=[page.pk for page in results]).select_related("locale")
    by_pk = {page.pk: page for page in pages}
    groups = OrderedDict()
    for result in results:
        page = by_pk.get(result.pk)
        if page is None:
            continue
        meta = (page.specific_class or Page)._meta
        # Django invents a plural by adding "s" to any verbose_name ("Página estándars"): use only declared ones.
        label = meta.verbose_name_plural if "verbose_name_plural" in meta.original_attrs else meta.verbose_name
        groups.setdefault(str(label).capitalize(), []).append(page)
    return groups
