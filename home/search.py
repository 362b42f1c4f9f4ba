"""Site search: live public pages of the visitor's language, grouped by page type.

Apps keep pages out of search through the `exclude_from_site_search` hook: a function returning a queryset of the
pages to leave out (defenders use it for profiles whose safety level forbids listing).
"""

from collections import OrderedDict

from django.db import connection
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.search.query import MatchAll, Not
from wagtail.search.utils import get_descendants_content_types_pks

from .addresses import page_url
from .queries import PreparedQuery, active_locale
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


def _sqlite_matches(results):
    """The full-text index entries of the pages `results` matches, each with its score, to read in one pass over
    the index; None when the backend is not Wagtail's SQLite one (PostgreSQL ranks in its own query).

    Wagtail's SQLite backend orders by a score computed in a subquery per candidate page, each of which runs the
    whole full-text match again: with 500 matches that is 500 matches of the index (50-80 ms on the large site).
    The score here is built by the same compiler (the same match expression and the same bm25 expression) over the
    same index entries, so the order is the backend's: score, then the newest page first."""
    if connection.vendor != "sqlite":
        return None
    # Imported here, on SQLite only: the module defines a model that exists only there (on PostgreSQL, importing it
    # fails).
    from wagtail.search.backends.database.sqlite.query import MatchExpression, normalize
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry, SQLiteSearchQueryCompiler

    compiler = results.query_compiler
    if not isinstance(compiler, SQLiteSearchQueryCompiler):
        return None
    query = normalize(compiler.query)
    if isinstance(query, (MatchAll, Not)):
        return None
    config = compiler.get_config(results.backend)
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, compiler.build_search_query(query, config))
    return (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model))
        .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), config))
    )


def ranked_page_ids(query):
    """The ids of the searchable pages matching `query`, most relevant first, at most MAX_RESULTS."""
    pages = searchable_pages()
    results = pages.search(query, operator="and")
    matches = _sqlite_matches(results)
    if matches is None:
        return [page.pk for page in results[:MAX_RESULTS]]
    scores = {}
    for object_id, score in matches.values_list("index_entry__object_id", "score"):
        scores.setdefault(int(object_id), score)  # the index keeps ids as text
    # Which of the matches may be shown: the same rule as always (searchable_pages), asked only for their ids, and
    # the matches as a subquery (as Wagtail's backend has them) rather than a list of any length.
    shown = pages.filter(pk__in=matches.values("index_entry__object_id")).values_list("pk", flat=True)
    # (A page indexed between the two queries has no score yet: it waits for the next search.)
    return sorted((pk for pk in shown if pk in scores), key=lambda pk: (scores[pk], -pk))[:MAX_RESULTS]


# The pages of the results: SQL compiled once per process for each number of results (`PreparedQuery`).
RESULT_PAGES = PreparedQuery(
    "the pages of search results", lambda ids: Page.objects.filter(pk__in=ids).select_related("locale")
)


def grouped_results(query, request=None):
    """Results grouped by page type, in order of relevance within each group, each with its address (`result_url`)."""
    ranked = ranked_page_ids(query)
    # The results show only what every page has (title, description, URL): no per-type query for the specific pages.
    by_pk = {page.pk: page for page in RESULT_PAGES(ranked)}
    groups = OrderedDict()
    for pk in ranked:
        page = by_pk.get(pk)
        if page is None:
            continue
        meta = (page.specific_class or Page)._meta
        # Django invents a plural by adding "s" to any verbose_name ("Página estándars"): use only declared ones.
        label = meta.verbose_name_plural if "verbose_name_plural" in meta.original_attrs else meta.verbose_name
        page.result_url = page_url(page, request)
        groups.setdefault(str(label).capitalize(), []).append(page)
    return groups
