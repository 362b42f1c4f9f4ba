"""Fewer SQL queries per public request, through our own code only: nothing of Wagtail, Django or wagtail-localize
is replaced at run time (tests/test_no_runtime_patches.py fails if anything is). Every answer here is computed in
the same query, forgotten when the request ends, or remembered by the process until content changes
(`remember_until_content_changes`).

- `SitePageQuerySet`: the query set of our page types (`BasePage.objects`). Its `public()` leaves out the pages under
  a view restriction with a subquery of the listing's own query; Wagtail's reads every restriction in a query of its
  own each time it is called (a page calls it once per listing). `pages()` gives the same for all page types at once,
  where Wagtail's code would say `Page.objects`.
- `active_locale()`: `Locale.get_active()` from the locales the process remembers until content changes (Wagtail
  reads the locale table on every call).
- `route_below()`: `HomePage.route()` (Wagtail's documented routing hook) finds every page along the requested path in
  one query instead of two per level, and learns in the same query whether any of them is under a view restriction;
  when none is, `BasePage.get_view_restrictions()` needs no query. Otherwise Wagtail's own check runs unchanged.
- `PreparedQuery` and `CompiledListing`: a query set the ORM builds and compiles once per process until content
  changes, run again with other arguments as the SQL's parameters (the SQL is what is remembered; rows only where a
  caller asks for them with `PreparedQuery.remembered`, as values no request can change, until content changes, or
  with `remembered_until_one_ends`, for a list of what has not ended yet, until content changes or one of them
  ends).
"""

import copy
import dataclasses
import datetime
import decimal
import functools
import re
import uuid
from contextvars import ContextVar

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models import Exists, Q
from django.db.models.base import DEFERRED
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.http import Http404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageManager, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from cdhr_cms.cache import as_seen_here, generations, uncommitted

from .loading import instance_maker, made_from_row
from .tree import PAST_EVERY_PATH

# Per-request memo: a dict while a request is served, None otherwise (shell, commands, tasks see no memo at all).
# The site's tree is shallow (home, index, tour, programme); longer paths are routed the usual way past this depth.
MAX_DEPTH = 6
_request_memo = ContextVar("cdhr_request_memo", default=None)
# Per process, until the content generation moves (`remember_until_content_changes`): one slot per key, far more
# than a deployment needs, and a bound for odd Host headers.
MAX_REMEMBERED = 64
_remembered = {}
# Compiled queries (`PreparedQuery`): one per query and shape (which arguments are None, how long each list is).
MAX_PREPARED = 512
_prepared = {}
# Rows read once until content changes (`PreparedQuery.remembered`), for the callers without a store of their own: a
# tour's programmes and its participants are two entries for each of the large site's 90 tours (30 in three
# languages). Callers whose entries are many (a profile's, a city's, the agenda's pages) keep them apart.
MAX_ROWS_REMEMBERED = 512
_rows_remembered = {}
# What a prepared query reads: every row, a window of them, or their count.
ALL_ROWS, WINDOW, COUNT = "all rows", "window", "count"


def _start_request(**kwargs):
    _request_memo.set({})


def _end_request(**kwargs):
    _request_memo.set(None)


def connect():
    """Called from HomeConfig.ready(): start and end the per-request memo with each request (Django's signals)."""
    request_started.connect(_start_request, dispatch_uid="cdhr-request-memo-start")
    request_finished.connect(_end_request, dispatch_uid="cdhr-request-memo-end")


def request_memo(key, compute):
    """`compute()`, once per request for `key`; computed every time outside a request."""
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def active_locale():
    """`Locale.get_active()`, once per request (or taken from a page routing has just read, see `_remember`): from
    the locales this process remembers until content changes, without a query."""
    return request_memo(("locale", translation.get_language()), _active_locale)


def _active_locale():
    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        code = None
    for locale in _locales().values():
        if locale.language_code == code:
            return copy.copy(locale)
    # A language without a locale: Wagtail's own answer (the default locale).
    return Locale.get_active()


def _remember_locale(locale):
    """Routing read `locale` with a page: when it is the active language's, `active_locale()` needs no query."""
    memo = _request_memo.get()
    language = translation.get_language()
    if memo is None or ("locale", language) in memo:
        return
    try:
        if locale.language_code == get_supported_content_language_variant(language):
            memo[("locale", language)] = locale
    except LookupError:
        pass


def restricted_q():
    """Pages under a view restriction (theirs or an ancestor's: the restricted page's path starts theirs), the pages
    Wagtail's `PageQuerySet.private_q()` finds, as a subquery of the listing's own query. Written as `pk__in`, which
    the search backends can pass on to the database (they cannot translate an `Exists` filter).

    The subquery starts from the view restrictions, a handful at most, and joins the pages below each: written with
    the ORM (pages filtered by an `Exists` of a restriction above them), it read every page of the site, and SQLite
    then read the listing through that list rather than through the listing's own conditions (on the large site the
    news index's count took 0.21 ms in SQLite, 0.04 ms this way; README "Performance"). The ORM cannot join two
    tables without a relation between them, hence SQL; table and column names come from the models.

    The pages below a restricted page at path P (P itself included) are those whose path starts with P, and tree
    paths are written in digits and capital letters only: in byte order they lie from P up to P followed by the
    character after the alphabet's last (home/tree.py `PAST_EVERY_PATH`). Both databases compare paths byte by
    byte (home/tree.py), so each restriction reads its pages as a range of the path index; asked as "the first
    LENGTH(P) characters equal P", each read every page of the site."""
    return Q(pk__in=RawSQL(_restricted_pages_sql(connection.vendor), ()))  # noqa: S611 (no value in it)


@functools.cache
def _restricted_pages_sql(vendor):
    quote = connection.ops.quote_name
    page_table, page_id, path = quote(Page._meta.db_table), quote(Page._meta.pk.column), quote("path")
    restriction_page = quote(PageViewRestriction._meta.get_field("page").column)
    return (
        f"SELECT below.{page_id} FROM {quote(PageViewRestriction._meta.db_table)} restriction"  # noqa: S608
        f" INNER JOIN {page_table} restricted ON restriction.{restriction_page} = restricted.{page_id}"
        f" INNER JOIN {page_table} below"
        f" ON below.{path} >= restricted.{path} AND below.{path} < (restricted.{path} || '{PAST_EVERY_PATH}')"
    )


class SitePageQuerySet(PageQuerySet):
    """The query set of our page types: `public()`, `private()` and `not_public()` find the restricted pages in the
    listing's own query (tests/test_privacy_routing.py checks they agree with Wagtail's)."""

    def private_q(self):
        return restricted_q()


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


def pages():
    """All pages, of every type, in a `SitePageQuerySet`: `pages().live().public()` where Wagtail's code would say
    `Page.objects.live().public()`, without its query for the restrictions."""
    return SitePageQuerySet(Page)


def _subroute_matches(page, remaining):
    """Whether a routable page answers `remaining` itself (its routes come before its children's slugs)."""
    if not (page.live and issubclass(page.specific_class or Page, RoutablePageMixin)):
        return False
    try:
        page.specific_class.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining))
    except Http404:
        return False
    return True


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


# What routing and the pages' templates read of the pages along a path (a page's parents, the site's root): Wagtail's
# bookkeeping (revisions, locks, schedule, publication dates) is left out, since converting its dates was a third of
# the cost of reading these rows. A column left out is read by Django when something asks for it, never guessed.
ROUTING_FIELDS = (
    "id", "path", "depth", "numchild", "translation_key", "locale", "live", "title", "draft_title", "slug",
    "content_type", "url_path", "alias_of", "show_in_menus", "seo_title",
)  # fmt: skip


@functools.cache
def _routing_columns(vendor):
    """ROUTING_FIELDS as the query's column list, written once per process (and database vendor)."""
    quote = connection.ops.quote_name
    return ", ".join(f"page.{quote(Page._meta.get_field(name).column)}" for name in ROUTING_FIELDS)


@functools.cache
def _routing_row_plan(vendor):
    """How a row of ROUTING_FIELDS becomes a page, once per process (and database vendor): each column's converters
    (the database's and the field's, as the ORM applies them: SQLite's UUIDs and booleans) and, for each of the
    page's concrete fields, the column that holds it (None: not read)."""
    fields = [Page._meta.get_field(name) for name in ROUTING_FIELDS]
    converters = [
        (
            position,
            tuple(connection.ops.get_db_converters(field.cached_col) + field.get_db_converters(connection)),
            field.cached_col,
        )
        for position, field in enumerate(fields)
    ]
    column_of = {field.attname: position for position, field in enumerate(fields)}
    return (
        [(position, found, column) for position, found, column in converters if found],
        [column_of.get(field.attname) for field in Page._meta.concrete_fields],
    )


def _routing_page(row, plan):
    """A page (Wagtail's base class) from a row of ROUTING_FIELDS followed by the `restricted` flag."""
    converters, columns = plan
    values = list(row)
    for position, found, column in converters:
        for convert in found:
            values[position] = convert(values[position], column, connection)
    page = made_from_row(Page, connection.alias, [DEFERRED if column is None else values[column] for column in columns])
    page.restricted = bool(values[-1])
    return page


def pages_along(root, prefixes, ancestors):
    """The pages below `root` whose address is one of `prefixes`, and the pages at `ancestors` (tree paths: the root
    and those above it), each with `restricted`: whether a view restriction is set on it. The same pages as

        Page.objects.filter(Q(url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth)
                            | Q(path__in=ancestors))
        .annotate(restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
        .only(*ROUTING_FIELDS)

    written in SQL because it runs on every page view: building and compiling it with the ORM cost more than running
    it (README, "Performance"). A page's address ends with its slug (Wagtail builds `url_path` from the slugs), so the
    slugs narrow the search through Wagtail's index on them, and the tree paths through theirs: the database reads a
    few rows however many pages the site holds, where `url_path` alone (not indexed) read them all. Tree paths are made
    of digits and capital letters only, so the LIKE needs no escape; the rows become pages as Django's `from_db`
    would make them, without its raw query set's bookkeeping (half the time of routing's query). The test of this
    function compares its answer with the ORM's."""
    quote = connection.ops.quote_name
    restriction_page = quote(PageViewRestriction._meta.get_field("page").column)
    columns = _routing_columns(connection.vendor)
    slugs = sorted({prefix.rstrip("/").rsplit("/", 1)[-1] for prefix in prefixes})
    # Table and column names come from the models, every value is a parameter.
    sql = (
        f"SELECT {columns}, EXISTS (SELECT 1 FROM {quote(PageViewRestriction._meta.db_table)} restriction"  # noqa: S608
        f" WHERE restriction.{restriction_page} = page.{quote(Page._meta.pk.column)}) AS restricted"
        f" FROM {quote(Page._meta.db_table)} page"
        f" WHERE (page.slug IN ({_placeholders(slugs)}) AND page.url_path IN ({_placeholders(prefixes)})"
        f" AND page.path LIKE %s AND page.depth > %s)"
        f" OR page.path IN ({_placeholders(ancestors)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*slugs, *prefixes, f"{root.path}%", root.depth, *ancestors])
        rows = cursor.fetchall()
    plan = _routing_row_plan(connection.vendor)
    return [_routing_page(row, plan) for row in rows]


def route_below(root, request, path_components):
    """Wagtail's routing from `root`, with the pages along the path found in one query instead of two per level.

    Returns None when the shortcut does not apply; the caller then routes the usual way."""
    depth = min(len(path_components), MAX_DEPTH)
    prefixes = [root.url_path + "".join(f"{part}/" for part in path_components[:end]) for end in range(1, depth + 1)]
    ancestors = [root.path[:end] for end in range(root.steplen, len(root.path) + 1, root.steplen)]
    found_pages = pages_along(root, prefixes, ancestors)
    found = {page.depth: page for page in found_pages if page.depth > root.depth}
    above = [page for page in found_pages if page.depth <= root.depth]
    chain = []
    # The root as just read (a caller may pass one holding only its identity, home/serving.py).
    parent = next((page for page in above if page.pk == root.pk), root)
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
    if page._meta.get_field("locale").is_cached(page):
        _remember_locale(page.locale)
    # The page and all its ancestors (up to the tree's root) were just read: when none is restricted, nor an alias
    # (which takes its source's restrictions), there is no restriction to check. Otherwise Wagtail checks.
    if len(above) == root.depth and not any(ancestor.restricted or ancestor.alias_of_id for ancestor in above + chain):
        page._no_view_restrictions = True
    return page.route(request, path_components[len(chain) :])


def read_locale_and_restrictions(page):
    """For a page served as it is (the home page): its locale, and whether it or an ancestor is under a view
    restriction or is an alias, in one query (Wagtail's check reads the ancestors, then the restrictions: two, and the
    locale would be a third). When none is, `BasePage.get_view_restrictions()` needs no query."""
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    found = LOCALE_AND_RESTRICTIONS(page.locale_id, paths)
    if not found:
        return
    page.locale = locale = found[0]
    _remember_locale(locale)
    if not (locale.restricted or locale.alias):
        page._no_view_restrictions = True


def remember_until_content_changes(
    what, compute, store=_remembered, limit=MAX_REMEMBERED, keep=None, hard_only=False, still_valid=None
):
    """`compute()`, remembered by this process until the content generation moves (cdhr_cms/cache.py: every change
    of a page, site or locale bumps it, except a change of one page's own fields, which changes none of what is
    remembered here); the generation is read once per request. At most `limit` values in `store`. A value for which
    `keep(value)` is false is given but not remembered (computed again next time); a remembered value for which
    `still_valid(value)` is false is computed again (what also depends on the time). `hard_only`: until the hard
    generation moves (a change of a person, profile, image or document, a deletion, a restriction), for what
    depends on nothing else: publishing a page does not move it."""
    content, hard, _words = request_memo("generations", generations)
    if content is None:
        return compute()  # a cache that keeps nothing (DummyCache): no generation to tell a change by
    # Inside a transaction that changed content, the content generation names that transaction (cdhr_cms/cache.py):
    # what it reads, which may yet be rolled back, is never found outside it; also when the request read the
    # generations before it made its change.
    content = as_seen_here(content)
    current = hard if hard_only and not uncommitted(content) else (content, hard)
    slot = store.get(what)
    if slot is None or slot[0] != current or (still_valid is not None and not still_valid(slot[1])):
        value = compute()
        if keep is not None and not keep(value):
            return value
        if len(store) >= limit:
            store.clear()
        slot = (current, value)
        store[what] = slot
    return slot[1]


class CompiledListing:
    """A listing for Django's `Paginator` whose SQL the ORM compiles once per process until content changes
    (`PreparedQuery`): its count and its pages then run that SQL, the page's window and `arguments` as parameters,
    and the rows become instances as the ORM would make them, pages with their locales. Building and compiling the
    news index's two queries had cost three times running them. `key` names the listing; `build(*arguments)` returns
    its query set, ordered. The compiled SQL is remembered under `key`: one key, one builder. (The agenda counts its
    own way: editions/agenda.py `AgendaListing`.)"""

    def __init__(self, key, build, *arguments):
        self.query = PreparedQuery(key, build)
        self.arguments = arguments

    def count(self):
        return self.query.count(*self.arguments)

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.step is not None or (window.start or 0) < 0 or window.stop is None:
            raise TypeError("A compiled listing is read a window at a time, as the paginator does.")
        start = window.start or 0
        return _pages_with_locales(self.rows(start, max(window.stop - start, 0)))

    def rows(self, offset, limit):
        """`limit` rows from `offset`, read from the database (a listing may remember them: editions/agenda.py)."""
        return self.query.window(offset, limit, *self.arguments)

    def __iter__(self):
        """Every row, for a listing shown whole (the tour directory)."""
        return iter(_pages_with_locales(self.query(*self.arguments)))


def holds_at(now, read_at, until):
    """Whether what was read at `read_at` of what has not ended, and holds until `until` (None: until content
    changes), still holds at `now`: not for a clock behind the one it was read at (another worker's)."""
    return read_at <= now and (until is None or now <= until)


class PreparedQuery:
    """A query set that the ORM builds and compiles once per process until content changes, then runs for other
    arguments with those arguments as the SQL's parameters: for a list that depends on a page's id, a locale's, a
    translation key, the time or a list of ids (a teaching resource's themes, a profile's tours, the people named next
    to some events), where building and compiling a query had cost several times running it.

    `build(*arguments)` returns the query set for those arguments: ids (integers), translation keys (UUIDs), strings,
    dates and date-times, None, or lists of those. It is built once with values no row has (`_probe`), each of which
    must reach the SQL only as a parameter, as is or in the database's form of it (checked: a value the ORM writes
    into the SQL itself, or one that changes the SQL's shape, cannot be prepared). What changes the SQL's shape is
    part of what is compiled: which arguments are None and how long each list is. Where an empty list leaves the ORM
    nothing to read (`id__in=[]`), that shape answers no rows without SQL and without building the query set again.
    The rows become what the query set's own iteration makes of them: instances, with what `select_related()` names
    and the annotations, or the tuples of `values_list()`. A query set that prefetches is refused."""

    def __init__(self, key, build):
        self.key = key
        self.build = build

    def __call__(self, *arguments):
        """The rows for `arguments`."""
        return self._run(ALL_ROWS, arguments)

    def window(self, offset, limit, *arguments):
        """`limit` rows from `offset`, as the ORM's slicing gives them: the window as parameters, where the ORM's
        slicing would make a new SQL text for every page of a listing."""
        return self._run(WINDOW, arguments, (limit, offset))

    def count(self, *arguments):
        """How many rows there are for `arguments`."""
        return self._run(COUNT, arguments)

    def remembered(self, *arguments, store=None, limit=MAX_ROWS_REMEMBERED, window=None):
        """The rows for `arguments`, as calling the query gives them, read from the database once per process until
        content changes (`remember_until_content_changes`), for what a page reads at every render and only an edit
        changes (a tour's programmes and participants). What is remembered is the converted rows, values that
        cannot change (numbers, text, dates, keys); instances are made afresh at every call, so that nothing a
        request notes on one (Wagtail's site root paths) reaches another. `store`: a dict of the caller's own.
        `window`: (offset, limit) for one window of the rows, as `window()` reads it (a page of a tour's events)."""
        kind, extra = (ALL_ROWS, ()) if window is None else (WINDOW, (window[1], window[0]))
        arguments, compiled = self._compiled(kind, arguments)
        key = (
            "rows",
            connection.alias,
            self.key,
            extra,
            tuple(tuple(a) if isinstance(a, list) else a for a in arguments),
        )
        rows = remember_until_content_changes(
            key,
            lambda: _unchangeable(self.key, compiled.converted_rows(arguments, extra)),
            store=_rows_remembered if store is None else store,
            limit=limit,
        )
        return compiled.made(rows)

    def remembered_until_one_ends(
        self, *arguments, now, key, until=None, window=None, store=None, limit=MAX_ROWS_REMEMBERED
    ):
        """The rows for `arguments`, a query of what has not ended at `now` (`end >= now`, in an order that does not
        depend on the time: a profile's upcoming events), remembered as `remembered` remembers rows but under `key`,
        what names the answer apart from the time, until content changes or `now` passes the moment they may stop
        being the answer. As time passes, rows only leave such a list, each when it ends: its first rows change only
        once one of them has left it (a row beyond them leaving changes nothing before it), so by default that moment
        is the soonest end among the rows read. A `window` (offset, limit) past the first rows changes when any row
        before it ends too: its caller gives `until`, the soonest end among all of the rows (the agenda counts
        them). Read again for a `now` before the one they were read at. Rows must be instances with an `end`."""
        if window is not None and window[0] > 0 and until is None:
            raise ValueError(f"{self.key}: a window past the first rows is remembered until a moment its caller gives")
        kind, extra = (ALL_ROWS, ()) if window is None else (WINDOW, (window[1], window[0]))
        arguments, compiled = self._compiled(kind, arguments)

        def read():
            rows = _unchangeable(self.key, compiled.converted_rows(arguments, extra))
            if until is not None:
                return rows, now, until
            ends = [instance.end for instance in compiled.made(rows)]
            return rows, now, min(ends) if ends else None

        rows, _read_at, _until = remember_until_content_changes(
            ("rows until one ends", connection.alias, self.key, extra, key),
            read,
            store=_rows_remembered if store is None else store,
            limit=limit,
            still_valid=lambda remembered: holds_at(now, remembered[1], remembered[2]),
        )
        return compiled.made(rows)

    def unconverted(self, *arguments):
        """(the rows of a `values_list()` query for `arguments` as the database driver gives them, a function that
        converts one of them as the query set would): for a caller that remembers what it makes of a row by the row
        itself (a sitemap's entries, cdhr_cms/sitemap.py), so that a row it has met before costs no conversion."""
        arguments, compiled = self._compiled(ALL_ROWS, arguments)
        if compiled.rows_as is not True:
            raise ValueError(f"{self.key}: only the tuples of values_list() are read unconverted")
        return compiled.fetch(arguments), compiled.converted_row

    def _run(self, kind, arguments, extra=()):
        arguments, compiled = self._compiled(kind, arguments)
        return compiled.run(arguments, extra)

    def _compiled(self, kind, arguments):
        arguments = tuple(list(value) if isinstance(value, tuple | set) else value for value in arguments)
        shape = tuple(len(value) if isinstance(value, list) else value is None for value in arguments)
        compiled = remember_until_content_changes(
            ("prepared query", connection.alias, self.key, kind, shape),
            lambda: self._compile(kind, arguments),
            store=_prepared,
            limit=MAX_PREPARED,
        )
        return arguments, compiled

    def _compile(self, kind, arguments):
        probes = _probes(arguments)
        queryset = self.build(*probes)
        query = queryset.query
        # As Django's ValuesListIterable (of this version) reads them: the compiler's rows, in the order values_list()
        # names them.
        tuples = queryset._iterable_class is ValuesListIterable
        if (
            not (tuples or queryset._iterable_class is ModelIterable)
            or queryset._prefetch_related_lookups
            or queryset._known_related_objects
            or queryset.db != connection.alias
            or (kind != ALL_ROWS and query.is_sliced)
            # Counted by their keys (below): rows of values would be counted by another DISTINCT.
            or (kind == COUNT and tuples)
        ):
            raise ValueError(f"{self.key}: a prepared query makes instances or tuples of one query's rows")
        if kind == COUNT:
            # Each row once, whatever the query selects beside its key (the annotations are not computed).
            query = queryset.order_by().values("pk").query
        compiler = query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as error:
            if self._empty_for_its_empty_lists(probes):
                # The ORM reads nothing for an empty list here (`id__in=[]`): nor does this shape, ever.
                return _NoRows(kind)
            raise ValueError(f"{self.key}: cannot be prepared, the ORM needs no SQL for the probes") from error
        except FullResultSet as error:
            # The ORM answered for the probes without SQL: a value outside the column's range (a small integer).
            raise ValueError(f"{self.key}: cannot be prepared, the ORM needs no SQL for the probes") from error
        if compiler.has_composite_fields([column[0] for column in compiler.select[: compiler.col_count]]):
            # Django turns a composite key's columns into tuples as it reads rows; `run` converts columns only.
            raise ValueError(f"{self.key}: a prepared query does not read composite keys")
        if kind == COUNT:
            sql = f"SELECT COUNT(*) FROM ({sql}) listing"  # noqa: S608 (the ORM's SQL, values as parameters)
        elif kind == WINDOW:
            # Both databases read LIMIT then OFFSET.
            sql = f"{sql} LIMIT %s OFFSET %s"
        slots = tuple(_slot(value, probes) for value in params)
        if any(slot is None and _is_a_time(value) for value, slot in zip(params, slots, strict=True)):
            # A date the query set read from the clock while it was built would stay in the compiled SQL.
            raise ValueError(f"{self.key}: a date or time must be an argument of a prepared query")
        expected = {
            (n, item)
            for n, probe in enumerate(probes)
            if probe is not None
            for item in (range(len(probe)) if isinstance(probe, list) else [None])
        }
        if {slot[:2] for slot in slots if slot is not None} != expected:
            raise ValueError(f"{self.key}: every argument must reach the SQL as a parameter")
        return _CompiledQuery(compiler, sql, tuple(params), slots, COUNT if kind == COUNT else tuples)

    def _empty_for_its_empty_lists(self, probes):
        """Whether the ORM needs no SQL only because a list is empty: with an id in each empty list instead, it
        compiles. (A probe it answers without SQL, beyond a column's range, is not taken for an empty list.)"""
        if not any(probe == [] for probe in probes):
            return False
        filled = [[_probe(0, 1_000_000 + n)] if probe == [] else probe for n, probe in enumerate(probes)]
        try:
            self.build(*filled).query.get_compiler(using=connection.alias).as_sql()
        except (EmptyResultSet, FullResultSet):
            return False
        return True


# `read_locale_and_restrictions`: its SQL compiled once per process, as a PreparedQuery. Building and compiling its
# two subqueries had cost a millisecond of the home page's time.
LOCALE_AND_RESTRICTIONS = PreparedQuery(
    "a locale, and whether pages at some paths are restricted or aliases",
    lambda locale_id, paths: Locale.objects.filter(pk=locale_id).annotate(
        restricted=Exists(PageViewRestriction.objects.filter(page__path__in=paths)),
        alias=Exists(Page.objects.filter(path__in=paths, alias_of__isnull=False)),
    ),
)


@dataclasses.dataclass(frozen=True)
class _CompiledQuery:
    compiler: object
    sql: str
    params: tuple
    # Per parameter: None for a constant of the query, else (argument, item of a list or None, conversion).
    slots: tuple
    # True for the tuples of `values_list()`, COUNT for a count, False for instances.
    rows_as: object

    def fetch(self, arguments, extra=()):
        """The rows for `arguments` as the database driver gives them."""
        bound = []
        for value, slot in zip(self.params, self.slots, strict=True):
            if slot is not None:
                n, item, convert = slot
                value = convert(arguments[n] if item is None else arguments[n][item])
            bound.append(value)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, (*bound, *extra))
            return cursor.fetchall()

    def converted_row(self, row):
        """A row of `fetch` as `run` gives it."""
        if not self.converters:
            return tuple(row)
        return tuple(next(iter(self.compiler.apply_converters([row], self.converters))))

    def run(self, arguments, extra=()):
        rows = self.fetch(arguments, extra)
        if self.rows_as == COUNT:
            return rows[0][0]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        if self.rows_as:
            return list(map(tuple, rows))
        return list(_instances_from_rows(self.instance_plan, rows))

    def converted_rows(self, arguments, extra=()):
        """Every row for `arguments` (in the window `extra` gives), converted as `run` converts them, as tuples (see
        `made`)."""
        rows = self.fetch(arguments, extra)
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return list(map(tuple, rows))

    def made(self, rows):
        """What `run` gives for `rows` of `converted_rows`: the tuples, or instances made from them."""
        if self.rows_as:
            return list(rows)
        return list(_instances_from_rows(self.instance_plan, rows))

    # What Django's `results_iter` and `ModelIterable` work out again at every run of a query, from its compiler
    # alone: worked out once per compiled query (a sixth of a tour page's time went into them).

    @functools.cached_property
    def converters(self):
        """{column: (converters, expression)}, as `results_iter` finds them."""
        compiler = self.compiler
        return compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])

    @functools.cached_property
    def instance_plan(self):
        """How a converted row becomes an instance, as `ModelIterable` makes it (see `_instances_from_rows`)."""
        compiler = self.compiler
        klass_info, select = compiler.klass_info, compiler.select
        model_fields = klass_info["select_fields"]
        start, end = model_fields[0], model_fields[-1] + 1
        return _InstancePlan(
            model=klass_info["model"],
            # Django's `from_db`, or its instances made without the constructors it may skip (home/loading.py).
            make=instance_maker(klass_info["model"]),
            db=compiler.using,
            field_names=[column[0].target.attname for column in select[start:end]],
            fields=slice(start, end),
            # Django's related populators keep nothing of a row once it is read: one set serves every run.
            related_populators=get_related_populators(klass_info, select, compiler.using),
            annotations=tuple((compiler.annotation_col_map or {}).items()),
        )


@dataclasses.dataclass(frozen=True)
class _InstancePlan:
    model: type
    make: object
    db: str
    field_names: list
    fields: slice
    related_populators: list
    annotations: tuple


@dataclasses.dataclass(frozen=True)
class _NoRows:
    """A shape whose empty list leaves the ORM nothing to read: no rows, a count of 0, without building the query
    set again (building it had cost a millisecond, for no SQL)."""

    kind: str
    rows_as = True  # no rows to read, as tuples or otherwise

    def run(self, arguments, extra=()):
        return 0 if self.kind == COUNT else []

    def fetch(self, arguments, extra=()):
        return []

    def converted_row(self, row):
        return tuple(row)

    def converted_rows(self, arguments, extra=()):
        return []

    def made(self, rows):
        return []


def _probes(arguments):
    """For each argument a value of its type that no row holds (a list of them for a list), each told apart from
    every other."""
    probes, n = [], 0
    for value in arguments:
        if value is None:
            probes.append(None)
        elif isinstance(value, list):
            probes.append([_probe(item, n + i) for i, item in enumerate(value)])
            n += len(value)
        else:
            probes.append(_probe(value, n))
            n += 1
    return probes


def _probe(value, n):
    """A value of `value`'s type that no row holds, told apart from the others by `n`."""
    if type(value) is int:
        # Beyond any id or depth a site reaches, and within the range of every database's integer and positive
        # integer columns: Django answers a lookup whose value would overflow the column without SQL.
        return 2_000_000_000 + n
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=(0xC0FFEE << 100) + n)
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1111, 1, 1, 1, 1, 1, n + 1, tzinfo=datetime.UTC if value.tzinfo else None)
    if isinstance(value, datetime.date):
        return datetime.date(1111, 1, 1) + datetime.timedelta(days=n)
    if type(value) is str:
        return f"\x1eprobe {n}\x1e"
    raise TypeError(f"A prepared query takes ids, keys, strings, dates, lists of ids or None, not {value!r}")


def _is_a_time(param):
    if isinstance(param, datetime.date):
        return True
    # SQLite is given dates and times as text ("2027-04-13 16:00:00").
    return isinstance(param, str) and re.fullmatch(r"\d{4}-\d\d-\d\d([ T][\d:.]+([+-]\d\d:\d\d)?)?", param) is not None


def _slot(param, probes):
    """(the argument, the item of a list argument or None, the conversion from it to `param`) when `param` is a probe
    as is or in the database's form of it (a UUID's hex on SQLite, a date or date-time as text, a pattern of `LIKE`);
    None for a constant of the query."""
    ops = connection.ops
    conversions = (
        lambda value: value,
        lambda value: value.hex if isinstance(value, uuid.UUID) else None,
        lambda value: ops.adapt_datetimefield_value(value) if isinstance(value, datetime.datetime) else None,
        lambda value: ops.adapt_datefield_value(value) if type(value) is datetime.date else None,
        # The patterns of `startswith`, `contains` and `endswith` (and their case-insensitive forms), escaped as the
        # ORM escapes them.
        lambda value: f"{ops.prep_for_like_query(value)}%" if type(value) is str else None,
        lambda value: f"%{ops.prep_for_like_query(value)}%" if type(value) is str else None,
        lambda value: f"%{ops.prep_for_like_query(value)}" if type(value) is str else None,
    )
    for n, probe in enumerate(probes):
        items = enumerate(probe) if isinstance(probe, list) else [(None, probe)] if probe is not None else []
        for item, value in items:
            for convert in conversions:
                converted = convert(value)
                if converted is None or converted != param:
                    continue
                if type(converted) is type(param):
                    return n, item, convert
                if type(converted) is int and isinstance(param, int) and not isinstance(param, bool):
                    # PostgreSQL's backend gives psycopg an integer column's values in a type of their size (Int4).
                    return n, item, functools.partial(_sized, convert, type(param))
    return None


# The values a remembered row may hold: every request reads the same ones, which none of them can change.
UNCHANGEABLE = (type(None), bool, int, float, decimal.Decimal, str, bytes, datetime.date, datetime.time)
UNCHANGEABLE += (datetime.timedelta, uuid.UUID)


def _unchangeable(key, rows):
    """`rows`, refused if a value in them could be changed in place (a JSON field's dict, a list): one request's
    change would reach the next."""
    for row in rows:
        for value in row:
            if not isinstance(value, UNCHANGEABLE):
                raise ValueError(f"{key}: a remembered row holds {type(value).__name__}, which a request could change")
    return rows


def _sized(convert, size, value):
    return size(convert(value))


def _instances_from_rows(plan, rows):
    """Model instances from the converted rows of a compiled query, as Django's `ModelIterable` makes them: the
    model's fields, the related objects `select_related()` named and the annotations."""
    for row in rows:
        obj = plan.make(plan.db, plan.field_names, row[plan.fields])
        for populator in plan.related_populators:
            populator.populate(row, obj)
        for name, position in plan.annotations:
            setattr(obj, name, row[position])
        yield obj


def _locales():
    return remember_until_content_changes("locales", lambda: {locale.pk: locale for locale in Locale.objects.all()})


def _pages_with_locales(rows):
    return _with_locales(rows) if rows and isinstance(rows[0], Page) else rows


def _with_locales(pages):
    """`pages` with their locales, as remembered with the site, as `select_related("locale")` would give them."""
    locales = _locales()
    for page in pages:
        if page.locale_id in locales:
            page.locale = copy.copy(locales[page.locale_id])
    return pages


def _load_translations(model, translation_key):
    """Every version of a page of type `model`, with their locales."""
    return _with_locales(_versions_query(model)(translation_key))


@functools.cache
def _versions_query(model):
    """The versions of a page of type `model` by translation key, in SQL compiled once per type (the same query runs
    on every page view; building and compiling it had cost twice as much as running it). A type whose public view
    reads related rows names them (a defender profile: its person, a city programme: its municipality): loaded with
    the pages."""
    related = tuple(getattr(model, "public_select_related", ()))
    return PreparedQuery(
        ("every version of a page, with", model._meta.label, related),
        lambda key: with_related(model._default_manager.filter(translation_key=key), related),
    )


def with_related(queryset, names):
    """`queryset.select_related(*names)`, and `queryset` itself when `names` is empty: `select_related()` without a
    name follows every foreign key that cannot be null (a page's locale and content type, two joins for nothing)."""
    return queryset.select_related(*names) if names else queryset


def with_translations(page):
    """`page.specific`, loaded with its translations in the same query: the language switcher and the hreflang
    links need them (see `live_translations`)."""
    model = page.specific_class
    if model is None:
        return page.specific
    versions = _load_translations(model, page.translation_key)
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
    return pages().live().public().filter(url_path=f"{root.url_path}{page_path}").specific().first()
