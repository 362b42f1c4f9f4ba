"""Site search: live public pages of the visitor's language, grouped by page type.

Apps keep pages out of search through the `exclude_from_site_search` hook: a function returning a queryset of the
pages to leave out (defenders use it for profiles whose safety level forbids listing). On SQLite its SQL is compiled
once per process (`KEPT_OUT`) and read afresh at every search, so a hook must say which pages in SQL: a hook that read
the clock is refused there (an error, never a stale answer), and one that read its pages into a list of ids would
keep that list until content changes. The rest of the rule (live, public, the visitor's language) is read once per
process until content changes (`open_to_search`).
"""

import functools
import operator
from collections import OrderedDict

from django.db import connection
from django.db.models import Lookup, Q
from django.db.models.sql import Query
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.search.query import MatchAll, Not
from wagtail.search.utils import get_descendants_content_types_pks

from .addresses import page_url
from .queries import PreparedQuery, active_locale, remember_until_content_changes
from .queries import pages as all_pages

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 60


def searchable_pages():
    """The pages search may show, in the visitor's language."""
    return searchable_pages_in(active_locale().pk)


def searchable_pages_in(locale_id):
    """The pages search may show in a language: live, public, none that an app's `exclude_from_site_search` hook
    leaves out."""
    pages = pages_open_to_search(locale_id)
    for hook in hooks.get_hooks("exclude_from_site_search"):
        pages = pages.exclude(pk__in=hook().values("pk"))
    return pages


def pages_open_to_search(locale_id):
    """The pages search may show in a language before the apps' hooks leave some out: live, public, not the root.
    The language is always an argument, never read here, so that a compiled query takes it as a parameter
    (`OPEN_TO_SEARCH`)."""
    return all_pages().live().public().filter(locale=locale_id, depth__gt=1)


def pages_kept_out_of_search():
    """The pages the apps' `exclude_from_site_search` hooks leave out of search, as one query set, or None when no
    app has such a hook."""
    kept_out = [Q(pk__in=hook().values("pk")) for hook in hooks.get_hooks("exclude_from_site_search")]
    return Page.objects.filter(functools.reduce(operator.or_, kept_out)) if kept_out else None


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
    `MATCHES` reads the index once, with the score built by the same compiler (the same bm25 expression over the
    same index entries), and keeps the pages search may show (`ranked_page_ids`), so the order is the backend's:
    score, then the newest page first."""
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


# A search's matches, and the pages search may show: SQL compiled once per process (`PreparedQuery`), the MATCH's
# text and the locale their parameters. Building and compiling them had cost more than running them.
MATCHES = PreparedQuery(
    "the full-text matches of a search, with their scores",
    lambda match: _matches(match).values_list("index_entry__object_id", "score"),
)
OPEN_TO_SEARCH = PreparedQuery(
    "the pages open to search in a language", lambda locale_id: pages_open_to_search(locale_id).values_list("pk")
)
KEPT_OUT = PreparedQuery("the pages apps keep out of search", lambda: pages_kept_out_of_search().values_list("pk"))
# The ids of the pages open to search, by language (some hundreds on the large site, a few tens of KB each).
_open_to_search_read = {}
MAX_OPEN_TO_SEARCH_READ = 64


def open_to_search(locale_id):
    """The ids of the pages open to search in a language (`pages_open_to_search`), read once per process until
    content changes, which a page published, unpublished, moved or restricted moves."""
    return remember_until_content_changes(
        ("open to search", connection.alias, locale_id),
        lambda: frozenset(pk for (pk,) in OPEN_TO_SEARCH(locale_id)),
        store=_open_to_search_read,
        limit=MAX_OPEN_TO_SEARCH_READ,
    )


def kept_out_of_search():
    """The ids of the pages the apps' hooks leave out of search, read afresh: a defender raised to protected leaves
    the next search even where no signal saw the change (tests/test_search.py)."""
    if not hooks.get_hooks("exclude_from_site_search"):
        return frozenset()
    return frozenset(pk for (pk,) in KEPT_OUT())


def ranked_page_ids(query):
    """The ids of the searchable pages matching `query`, most relevant first, at most MAX_RESULTS."""
    match = _sqlite_match(query)
    if match is None:
        return [page.pk for page in _search(query, searchable_pages())[:MAX_RESULTS]]
    scores = {}
    for object_id, score in MATCHES(match):
        scores.setdefault(int(object_id), score)  # the index keeps ids as text
    # Which of the matches may be shown: the same rule as always (`searchable_pages`), the pages open to search
    # remembered and the pages kept out read in a query of their own. Asked of the matches as a subquery, the whole
    # rule had taken half of a search's time on the large site (3.5 ms for "drets"; the kept-out pages take 0.9).
    open_pages, kept_out = open_to_search(active_locale().pk), kept_out_of_search()
    shown = [pk for pk in scores if pk in open_pages and pk not in kept_out]
    return sorted(shown, key=lambda pk: (scores[pk], -pk))[:MAX_RESULTS]


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
