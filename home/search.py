"""Site search: live public pages of the visitor's language, grouped by page type.

Apps keep pages out of search through the `exclude_from_site_search` hook: a function returning a queryset of the
pages to leave out (defenders use it for profiles whose safety level forbids listing). On SQLite its SQL is compiled
once per process into the search's own (`SHOWN_MATCHES`) and read at every search, so a hook must say which pages in
SQL: a hook that read the clock is refused there (an error, never a stale answer), and one that read its pages into a
list of ids would keep that list until content changes.
"""

from collections import OrderedDict

from django.db import connection
from django.db.models import Lookup
from django.db.models.sql import Query
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
    """The pages search may show, in the visitor's language."""
    return searchable_pages_in(active_locale().pk)


def searchable_pages_in(locale_id):
    """The pages search may show in a language: live, public, none that an app's `exclude_from_site_search` hook
    leaves out. The language is always an argument, never read here, so that a compiled query takes it as a
    parameter (`SHOWN_MATCHES`)."""
    pages = all_pages().live().public().filter(locale=locale_id, depth__gt=1)
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


def _search(query, pages=None):
    """Wagtail's search of `pages` (all pages unless given) for `query`, as site search asks it (every word)."""
    return (Page.objects.all() if pages is None else pages).search(query, operator="and")


def _sqlite_match(query):
    """What Wagtail's SQLite backend asks its full-text index for `query`: the text of its MATCH, which it passes as
    a parameter; None when the backend is not that one, or answers `query` without the index.

    Wagtail's SQLite backend orders by a score computed in a subquery per candidate page, each of which runs the
    whole full-text match again: with 500 matches that is 500 matches of the index (50-80 ms on the large site).
    `MATCHES` and `SHOWN_MATCHES` read the index once, with the score built by the same compiler (the same bm25
    expression over the same index entries), so the order is the backend's: score, then the newest page first."""
    if connection.vendor != "sqlite":
        return None
    # Imported here, on SQLite only: the module defines a model that exists only there (on PostgreSQL, importing it
    # fails).
    from wagtail.search.backends.database.sqlite.query import MatchExpression, normalize
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry, SQLiteSearchQueryCompiler

    results = _search(query)
    compiler = results.query_compiler
    if not isinstance(compiler, SQLiteSearchQueryCompiler):
        return None
    normalized = normalize(compiler.query)
    if isinstance(normalized, (MatchAll, Not)):
        # Words always make a plain-text query; this guards against the backend answering some other way one day.
        return None
    config = compiler.get_config(results.backend)
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS, compiler.build_search_query(normalized, config)
    )
    _sql, params = match.as_sql(Query(SQLiteFTSIndexEntry).get_compiler(connection.alias), connection)
    return params[0]


def _matches(match):
    """The full-text index entries of pages that `match` (what `_sqlite_match` gives) finds, each with its score, as
    the backend scores a plain-text search."""
    from wagtail.search.backends.database.sqlite.query import MatchExpression
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    return (
        SQLiteFTSIndexEntry.objects.filter(MatchText(MatchExpression.template, match))
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(Page))
        .annotate(score=_plain_text_score())
    )


def _plain_text_score():
    """The backend's score of a plain-text search, the same expression whatever its words (bm25 of the title, by its
    weight, plus bm25 of the body)."""
    results = _search("score")
    compiler = results.query_compiler
    return compiler._build_rank_expression(compiler.get_search_vectors(), compiler.get_config(results.backend))


class MatchText(Lookup):
    """`<the full-text table> MATCH %s` with the MATCH's text as it is given, as its one parameter (Wagtail's own
    `MatchExpression` builds that text from a query each time, which is what `_sqlite_match` reads)."""

    def __init__(self, template, text):
        self.template, self.text = template, text
        super().__init__(None, None)

    def as_sql(self, compiler, connection):
        return self.template, [self.text]


# A search's matches and which of them may be shown: SQL compiled once per process (`PreparedQuery`), the MATCH's
# text and the locale its parameters. Building and compiling them had cost more than running them.
MATCHES = PreparedQuery(
    "the full-text matches of a search, with their scores",
    lambda match: _matches(match).values_list("index_entry__object_id", "score"),
)
SHOWN_MATCHES = PreparedQuery(
    "the searchable pages among a search's matches",
    # The matches as a subquery (as Wagtail's backend has them) rather than a list of any length.
    lambda match, locale_id: (
        searchable_pages_in(locale_id).filter(pk__in=_matches(match).values("index_entry__object_id")).values_list("pk")
    ),
)


def ranked_page_ids(query):
    """The ids of the searchable pages matching `query`, most relevant first, at most MAX_RESULTS."""
    match = _sqlite_match(query)
    if match is None:
        return [page.pk for page in _search(query, searchable_pages())[:MAX_RESULTS]]
    scores = {}
    for object_id, score in MATCHES(match):
        scores.setdefault(int(object_id), score)  # the index keeps ids as text
    # Which of the matches may be shown: the same rule as always (searchable_pages), asked only for their ids.
    shown = [pk for (pk,) in SHOWN_MATCHES(match, active_locale().pk)]
    # (A page indexed between the two queries has no score yet: it waits for the next search.)
    return sorted((pk for pk in shown if pk in scores), key=lambda pk: (scores[pk], -pk))[:MAX_RESULTS]


# What a result shows (its title and description), its address (`page_url` reads the path) and its group (the page
# type); the rest of a page's columns are left unread.
RESULT_FIELDS = ("title", "search_description", "url_path", "content_type_id")
# The pages of the results: SQL compiled once per process for each number of results (`PreparedQuery`).
RESULT_PAGES = PreparedQuery(
    "the pages of search results",
    lambda ids: Page.objects.filter(pk__in=ids).only(*RESULT_FIELDS),
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
        if not page.result_url:
            continue  # a page outside every site (an editor's copy at the top of the tree): no address to show
        groups.setdefault(str(label).capitalize(), []).append(page)
    return groups
