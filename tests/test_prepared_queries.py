"""Queries compiled once per process (`home/queries.py` `PreparedQuery`, issue 21): for any arguments they give what
the ORM gives for the same query set, in one query, with the related objects and annotations the ORM loads; a query
whose argument would not reach the SQL as a parameter is refused rather than answered for the wrong value.

Run on SQLite and on PostgreSQL (CI), whose forms of a UUID, a date and a date-time differ."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from editions.factories import EventFactory, edition_index, madrid, make_defender, make_programme, make_tour
from editions.factories import defender_directory as directory_of
from editions.models import EditionPage, Event
from home.models import Municipality
from home.queries import CompiledListing, PreparedQuery
from home.tree import child_range, children_between

pytestmark = pytest.mark.django_db


def same_rows(prepared, orm):
    assert [(row.pk, row.__dict__.get("title")) for row in prepared] == [
        (row.pk, row.__dict__.get("title")) for row in orm
    ]


@pytest.fixture
def tours(homes):
    index = edition_index(homes["ca"])
    sabadell, terrassa = Municipality.objects.get(slug="sabadell"), Municipality.objects.get(slug="terrassa")
    directory = directory_of(homes["ca"])
    guest = make_defender(directory, "guest", "Guest Speaker", "public")
    spring = make_tour(index, slug="primavera-2027")
    autumn = make_tour(index, slug="tardor-2027", start=datetime.date(2027, 10, 4), end=datetime.date(2027, 10, 14))
    programmes = [
        make_programme(
            spring, sabadell, [EventFactory(audience="public", start=madrid(2027, 4, day)) for day in (13, 14)]
        ),
        make_programme(spring, terrassa, [EventFactory(audience="public", start=madrid(2027, 4, 15))], [guest]),
        make_programme(autumn, sabadell, [EventFactory(audience="public", start=madrid(2027, 10, 5))], [guest]),
    ]
    return {"spring": spring, "autumn": autumn, "programmes": programmes, "guest": guest}


def events_of(programme_ids, now):
    return (
        Event.objects.public_in(programme_ids)
        .upcoming(now)
        .select_related("page__municipality")
        .annotate(people=Count("defenders"))
        .order_by("start", "pk")
    )


def test_rows_are_the_orms_for_every_argument_with_related_objects_and_annotations(tours):
    prepared = PreparedQuery("test: events of programmes", events_of)
    ids = [programme.pk for programme in tours["programmes"]]
    cases = [
        (ids, madrid(2027, 1, 1)),
        (ids, madrid(2027, 4, 14, 19)),  # after the first event ended: the time is a parameter, not a constant
        (ids[:2], madrid(2027, 1, 1)),  # a list of another length
        (ids[2:], madrid(2027, 1, 1)),  # the same length, other ids
        (list(reversed(ids[:2])), madrid(2030, 1, 1)),  # none left
    ]
    for arguments in cases:
        with CaptureQueriesContext(connection) as queries:
            rows = prepared(*arguments)
            cities = [event.page.municipality.name for event in rows]
            people = [event.people for event in rows]
        expected = list(events_of(*arguments))
        same_rows(rows, expected)
        assert cities == [event.page.municipality.name for event in expected]
        assert people == [event.people for event in expected]
        assert len(queries) == 1, arguments
    assert [len(prepared(ids, madrid(2027, 1, 1))), len(prepared(ids[2:], madrid(2027, 1, 1)))] == [4, 1]


def test_translation_keys_dates_strings_and_none(tours):
    by_key = PreparedQuery("test: tours by key", lambda key: EditionPage.objects.filter(translation_key=key))
    for tour in (tours["spring"], tours["autumn"]):
        same_rows(by_key(tour.translation_key), [tour])

    starting = PreparedQuery(
        "test: tours starting", lambda day, slug: EditionPage.objects.filter(start_date__gte=day).exclude(slug=slug)
    )
    for day, slug in [
        (datetime.date(2027, 1, 1), "x"),
        (datetime.date(2027, 5, 1), "x"),
        (datetime.date(2027, 1, 1), "tardor-2027"),
    ]:
        same_rows(
            starting(day, slug), EditionPage.objects.filter(start_date__gte=day).exclude(slug=slug).order_by("path")
        )

    # Patterns of LIKE, escaped as the ORM escapes them.
    titled = PreparedQuery(
        "test: titled", lambda start, word: Page.objects.filter(title__startswith=start, title__icontains=word)
    )
    for start, word in [("Tour", "PRIMAVERA"), ("Tour", "tardor"), ("Tou", "%"), ("Tour", "_"), ("X", "")]:
        same_rows(titled(start, word), Page.objects.filter(title__startswith=start, title__icontains=word))
    assert len(titled("Tour", "2027")) == 2

    # None is not a parameter (IS NULL): a query of its own.
    in_locale = PreparedQuery("test: pages in a locale", lambda locale_id: Page.objects.filter(locale_id=locale_id))
    same_rows(in_locale(tours["spring"].locale_id), Page.objects.filter(locale_id=tours["spring"].locale_id))
    assert in_locale(None) == []


def test_tuples_counts_and_windows(tours):
    ids = [programme.pk for programme in tours["programmes"]]
    titles = PreparedQuery(
        "test: titles", lambda ids: Event.objects.filter(page__in=ids).order_by("start").values_list("title", "start")
    )
    assert titles(ids) == list(Event.objects.filter(page__in=ids).order_by("start").values_list("title", "start"))
    listing = CompiledListing("test: events listing", lambda ids, now: events_of(ids, now), ids, madrid(2027, 1, 1))
    expected = list(events_of(ids, madrid(2027, 1, 1)))
    assert listing.count() == len(expected) == 4
    same_rows(listing[1:3], expected[1:3])
    same_rows(listing[3:10], expected[3:])
    same_rows(list(listing), expected)


def test_an_empty_list_answers_what_the_orm_answers(tours):
    """Where the ORM reads nothing for an empty list (`page__in=[]`) the prepared query reads nothing either, and
    does not build the query set again for the next empty list; where the list only narrows (`exclude(pk__in=[])`),
    every row comes as the ORM gives it."""
    built = []

    def counted_events_of(programme_ids, now):
        built.append(programme_ids)
        return events_of(programme_ids, now)

    prepared = PreparedQuery("test: events of no programme", counted_events_of)
    assert [prepared([], timezone.now()), prepared.count([], timezone.now())] == [[], 0]
    built_once = len(built)
    with CaptureQueriesContext(connection) as queries:
        answers = [prepared([], madrid(2027, 1, 1)), prepared.count([], timezone.now()), prepared([], timezone.now())]
    assert answers == [[], 0, []]
    assert len(queries) == 0
    assert len(built) == built_once  # what the first empty lists found is remembered

    # A query that needs no SQL whatever its list holds (here for a list of its own) is not taken for the empty
    # argument's doing: it cannot be prepared, as with any other argument.
    never = PreparedQuery("test: no tour", lambda ids: EditionPage.objects.filter(pk__in=ids).filter(pk__in=[]))
    with pytest.raises(ValueError, match="cannot be prepared"):
        never([])

    others = PreparedQuery("test: tours but some", lambda ids: EditionPage.objects.exclude(pk__in=ids).order_by("pk"))
    same_rows(others([]), EditionPage.objects.order_by("pk"))
    same_rows(others([tours["spring"].pk]), EditionPage.objects.exclude(pk=tours["spring"].pk).order_by("pk"))
    assert tours["autumn"].pk in [tour.pk for tour in others([tours["spring"].pk])]


def test_an_argument_that_does_not_reach_the_sql_as_a_parameter_is_refused(tours):
    # Made into another value before the ORM sees it: the compiled SQL would hold the first value's.
    following = PreparedQuery("test: the next id", lambda page_id: EditionPage.objects.filter(pk=page_id + 1))
    with pytest.raises(ValueError, match="every argument must reach the SQL"):
        following(tours["spring"].pk)
    prefetching = PreparedQuery(
        "test: prefetching", lambda tour_id: EditionPage.objects.filter(pk=tour_id).prefetch_related("events")
    )
    with pytest.raises(ValueError, match="instances or tuples"):
        prefetching(tours["spring"].pk)
    with pytest.raises(TypeError):
        PreparedQuery("test: a float", lambda value: EditionPage.objects.filter(pk=value))(1.5)


def test_a_time_read_while_the_query_is_built_is_refused(tours):
    """The clock read by the query set itself would stay in the compiled SQL: the time must be an argument."""
    frozen = PreparedQuery("test: upcoming now", lambda tour_id: Event.objects.filter(page__in=[tour_id]).upcoming())
    with pytest.raises(ValueError, match="must be an argument"):
        frozen(tours["spring"].pk)


def test_a_tree_path_and_depth(homes):
    """A page's children as `child_of()` finds them, as the site's lists ask for them (home/tree.py): a range of
    paths, each end a parameter, and the depth a positive integer (which PostgreSQL's backend hands to psycopg in a
    type of its size). Wagtail's own form, the path as a pattern, is prepared too."""
    children = PreparedQuery(
        "test: children", lambda path, end, depth: Page.objects.filter(children_between(path, end, depth))
    )
    as_wagtail = PreparedQuery(
        "test: children, as a pattern", lambda path, depth: Page.objects.filter(path__startswith=path, depth=depth)
    )
    for home in homes.values():
        same_rows(children(*child_range(home)), Page.objects.child_of(home))
        same_rows(as_wagtail(home.path, home.depth + 1), Page.objects.child_of(home))


def test_a_tours_programmes_are_its_live_public_children_in_their_cities_order(tours):
    """`EditionPage.programmes()` (a prepared query) gives what Wagtail's `child_of()` with the public rule gives: a
    programme unpublished or under a view restriction is left out, another tour's never comes in."""
    from wagtail.models import PageViewRestriction

    from editions.models import CityProgrammePage

    spring = tours["spring"]
    girona = make_programme(spring, Municipality.objects.get(slug="girona"))
    girona.unpublish()
    terrassa = CityProgrammePage.objects.get(pk=tours["programmes"][1].pk)
    PageViewRestriction.objects.create(page=terrassa, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for tour in (spring, tours["autumn"]):
        orm = CityProgrammePage.objects.child_of(tour).live().public().order_by("municipality__sort_name")
        listed = tour.programmes()
        same_rows(listed, orm)
        assert all(programme.municipality.name and programme.locale.language_code == "ca" for programme in listed)
    assert [programme.slug for programme in spring.programmes()] == ["sabadell"]


def test_remembered_rows_are_read_once_until_content_changes_and_made_afresh_at_every_call(tours):
    """`PreparedQuery.remembered` reads the database once until content changes, and gives what calling the query
    gives; each call makes instances of its own, so that what one request notes on them never reaches another."""
    from editions.models import CityProgrammePage

    spring = tours["spring"]
    query = PreparedQuery(
        "test: remembered programmes",
        lambda path, end, depth: (
            CityProgrammePage.objects.filter(children_between(path, end, depth)).live().order_by("pk")
        ),
    )
    with CaptureQueriesContext(connection) as first:
        once = query.remembered(*child_range(spring))
    with CaptureQueriesContext(connection) as second:
        again = query.remembered(*child_range(spring))
    assert (len(first), len(second)) == (1, 0)
    same_rows(again, query(*child_range(spring)))
    assert len(again) == 2 and all(mine is not theirs for mine, theirs in zip(once, again, strict=True))
    once[0].title = "Noted by one request"
    assert query.remembered(*child_range(spring))[0].title != "Noted by one request"
    # Publishing a programme moves the content generation: read again, with it.
    make_programme(spring, Municipality.objects.get(slug="girona"))
    with CaptureQueriesContext(connection) as after:
        assert [programme.slug for programme in query.remembered(*child_range(spring))][-1] == "girona"
    assert len(after) == 1


def test_rows_remembered_until_one_ends_are_read_again_once_the_soonest_of_them_has_ended(tours):
    """`remembered_until_one_ends` keeps a list of what has not ended yet (the two soonest events) across the time
    it is asked at, until the soonest of them has ended, the clock goes back or content changes; each answer is the
    ORM's for that moment."""
    ids = [programme.pk for programme in tours["programmes"]]
    query = PreparedQuery(
        "test: the two soonest events not ended",
        lambda programme_ids, now: Event.objects.public_in(programme_ids).upcoming(now).order_by("start", "pk")[:2],
    )
    first_end = min(Event.objects.public_in(ids).values_list("end", flat=True))

    def asked_at(now):
        with CaptureQueriesContext(connection) as captured:
            rows = query.remembered_until_one_ends(ids, now, now=now, key=tuple(ids))
        same_rows(rows, query(ids, now))
        return [row.start.day for row in rows], len(captured)

    assert asked_at(first_end - datetime.timedelta(days=30)) == ([13, 14], 1)
    assert asked_at(first_end - datetime.timedelta(minutes=1)) == ([13, 14], 0)
    assert asked_at(first_end) == ([13, 14], 0)  # "not ended" is an end at that moment or later
    assert asked_at(first_end + datetime.timedelta(seconds=1)) == ([14, 15], 1)
    assert asked_at(first_end + datetime.timedelta(hours=1)) == ([14, 15], 0)
    # A clock behind the one they were read at (another worker's, a test's): read again.
    assert asked_at(first_end - datetime.timedelta(minutes=1)) == ([13, 14], 1)
    # An event added moves the content generation: read again, with it.
    added = EventFactory(audience="public", start=madrid(2027, 4, 12))
    added.page = tours["programmes"][0]
    added.save()
    assert asked_at(first_end - datetime.timedelta(days=2)) == ([12, 13], 1)
    # Past every event: nothing, until content changes, whatever the time.
    assert asked_at(madrid(2028, 1, 1)) == ([], 1)
    assert asked_at(madrid(2030, 1, 1)) == ([], 0)
    # A window past the first rows changes when a row before it ends: its caller must say until when it holds.
    whole = PreparedQuery(
        "test: the events not ended", lambda programme_ids, now: Event.objects.public_in(programme_ids).upcoming(now)
    )
    with pytest.raises(ValueError, match="until a moment its caller gives"):
        whole.remembered_until_one_ends(ids, first_end, now=first_end, key=tuple(ids), window=(1, 1))


def test_a_remembered_window_is_the_window_of_the_rows_each_window_its_own(tours):
    """`remembered(window=(offset, limit))` remembers one window of the rows (a page of a tour's events): what
    `window()` reads, each window under its own key, and the whole list apart from them."""
    query = PreparedQuery("test: remembered pages", lambda: EditionPage.objects.order_by("pk"))
    every = query()
    assert len(every) >= 2
    with CaptureQueriesContext(connection) as first:
        pages = [query.remembered(window=(offset, 1)) for offset in range(len(every) + 1)]
        whole = query.remembered()
    assert [[page.pk for page in window] for window in pages] == [[page.pk] for page in every] + [[]]
    assert [page.pk for page in whole] == [page.pk for page in every]
    assert len(first) == len(every) + 2  # each window read once, and the whole list apart
    with CaptureQueriesContext(connection) as again:
        assert [page.pk for page in query.remembered(window=(1, 1))] == [every[1].pk]
    assert len(again) == 0


def test_rows_that_a_request_could_change_in_place_are_not_remembered(tours):
    """A remembered row is shared by every request until content changes: a value one of them could change in place
    (a JSON field's dict) is refused rather than shared."""
    from wagtail.models import Revision

    query = PreparedQuery(
        "test: revisions' contents",
        lambda object_id: Revision.objects.filter(object_id=object_id).values_list("content"),
    )
    assert query(str(tours["spring"].pk))  # the query itself reads them
    with pytest.raises(ValueError, match="dict"):
        query.remembered(str(tours["spring"].pk))
