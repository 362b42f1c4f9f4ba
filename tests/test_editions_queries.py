"""Query budgets: tour page, city programme, agenda and every calendar feed run the same number of queries with 60
or 3,000 events. The figures are printed (run with -s) for the report."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.db.models import F, Max
from django.test.utils import CaptureQueriesContext

from editions import factories
from editions.agenda import AGENDA_PAGE_SIZE
from editions.factories import EventFactory, edition_index, madrid, make_defender, make_programme, make_tour
from editions.models import EditionIndexPage, Event, _longest_event
from home.models import Municipality
from home.translation import publish_translation

pytestmark = pytest.mark.django_db

CITIES = ["sabadell", "terrassa", "sant-boi-de-llobregat", "reus", "girona", "mataro"]
TYPES = ["opening", "talk", "round_table", "school_visit", "institutional", "media", "cultural", "closing", "other"]
AUDIENCES = ["public", "invitation", "private"]
# Editions' own work must stay within this on every page (the site chrome — menus, language switcher, footer —
# adds its own constant share on HTML pages); feeds have no chrome.
FEED_BUDGET = 12


def add_events(programmes, defenders, first, total):
    events = []
    for number in range(first, first + total):
        day = 12 + number % 10
        events.append(
            Event(
                page=programmes[number % len(programmes)],
                locale=programmes[0].locale,
                sort_order=number,
                title=f"Event {number}",
                event_type=TYPES[number % len(TYPES)],
                audience=AUDIENCES[number % len(AUDIENCES)],
                start=madrid(2027, 4, day, 9 + number % 10),
                end=madrid(2027, 4, day, 10 + number % 10),
                venue_name="Sala",
                venue_address="Carrer 1",
            )
        )
    Event.objects.bulk_create(events)
    through = Event.defenders.through
    through.objects.bulk_create(
        [through(event_id=event.pk, defenderpage_id=defenders[event.sort_order % 3].pk) for event in events]
    )


def count(client, urls):
    counts = {}
    for name, url in urls.items():
        client.get(url)  # content just changed: the cached navigation and footer are rebuilt on a first request
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(queries.captured_queries)
    return counts


def test_query_counts_do_not_grow_with_events(homes, client, freeze_now):
    directory = factories.defender_directory(homes["ca"])
    defenders = [
        make_defender(directory, f"q-{level}", f"Q {level}", level) for level in ("public", "limited", "protected")
    ]
    index = edition_index(homes["ca"])
    tour = make_tour(index)
    programmes = [make_programme(tour, Municipality.objects.get(slug=slug)) for slug in CITIES]
    urls = {
        "tour page": tour.url,
        "city programme": programmes[0].url,
        "agenda": index.url + "agenda/",
        "tour calendar": tour.url + "calendari.ics",
        "programme calendar": programmes[0].url + "calendari.ics",
        "agenda calendar": index.url + "agenda/calendari.ics",
        "municipality calendar": "/ca/ciutats/sabadell/calendari.ics",
        "defender calendar": "/ca/calendaris/defensors/q-protected.ics",
        "municipality profile": "/ca/ciutats/sabadell/",
        "home page": homes["ca"].url,
    }
    add_events(programmes, defenders, 0, 60)
    count(client, urls)  # warm the caches (site root paths) once, as a running site has them
    small = count(client, urls)
    add_events(programmes, defenders, 60, 2940)
    assert Event.objects.count() == 3000
    large = count(client, urls)
    print("\nqueries with 60 / 3000 events:", {name: (small[name], large[name]) for name in urls})
    assert small == large
    assert all(small[name] <= FEED_BUDGET for name in urls if "calendar" in name)


def test_the_tour_directory_runs_as_many_queries_with_eleven_more_tours(homes, client):
    """Its cards read only the fields a card shows (EditionIndexPage.tours()): one that needed another would be read
    with a query per tour."""
    index = edition_index(homes["ca"])
    make_tour(index, slug="prova-2010", slogan="La primera")
    before = count(client, {"tour directory": index.url})
    cards = client.get(index.url).content.decode().count('<li class="card">')
    for year in range(2011, 2022):
        make_tour(index, slug=f"prova-{year}", start=datetime.date(year, 10, 1), end=datetime.date(year, 10, 10))
    page = client.get(index.url).content.decode()
    assert page.count('<li class="card">') == cards + 11
    assert "La primera" in page and "Tour prova-2021" in page
    assert count(client, {"tour directory": index.url}) == before


def test_the_agenda_counts_its_upcoming_events_from_an_index_without_reading_them(homes, client, freeze_now):
    """A programme's events that have not ended and that the public may see are found in the index on (programme,
    end, audience) alone (Event.Meta): counting the large site's upcoming events read every event of every programme
    of the language, 2.4-3.3 ms of the agenda's render on SQLite, 0.9 ms with it."""
    index = edition_index(homes["ca"])
    tour = make_tour(index)
    programmes = [make_programme(tour, Municipality.objects.get(slug=slug)) for slug in CITIES[:2]]
    add_events(programmes, [make_defender(factories.defender_directory(homes["ca"]), "q", "Q", "public")] * 3, 0, 30)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index.url + "agenda/")
    assert response.status_code == 200
    # The count comes with the soonest end among the counted events, until which it holds (`agenda_count`).
    counting = next(query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT COUNT("))
    assert 'MIN("editions_event"."end")' in counting
    assert '"editions_event"."end" >=' in counting
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Event._meta.db_table)
    assert indexes["event_programme_upcoming"]["columns"] == ["page_id", "end", "audience", "start"]
    if connection.vendor == "sqlite":
        # SQLite's plan follows from the query alone; PostgreSQL's planner chooses by its statistics (on a test
        # database of a few rows, often none).
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + counting)
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
        assert "SEARCH editions_event USING COVERING INDEX event_programme_upcoming" in plan, plan


def plan_of(query):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + query)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def listing_query(queries):
    """The query that reads a page of events from the soonest."""
    return next(
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "editions_event"."id"')
        and 'ORDER BY "editions_event"."start" ASC' in query["sql"]
    )


def test_a_languages_events_are_read_from_the_soonest_without_sorting_them_all(homes, client, freeze_now):
    """The agenda's pages, its calendar and the home page's next events ask for the event's own language as well as
    its programme's (`EventQuerySet.in_language`): the database reads the language's events in the order of the index
    on (language, start) from the earliest start an upcoming event can have, and stops after those it shows
    (Event.Meta), where it had sorted every upcoming event of the language (the large site's agenda: 1.6 → 0.2 ms on
    SQLite). One city's agenda starts from its programmes. (Only a full sort is refused: SQLite still sorts the
    events of one start by city, "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY".)"""
    index = edition_index(homes["ca"])
    tour = make_tour(index)
    programmes = [make_programme(tour, Municipality.objects.get(slug=slug)) for slug in CITIES[:2]]
    add_events(programmes, [make_defender(factories.defender_directory(homes["ca"]), "q", "Q", "public")] * 3, 0, 60)
    soonest = Event.objects.public().upcoming().filter(page__locale=tour.locale_id)
    soonest = list(soonest.order_by("start", "page__municipality__sort_name", "sort_order"))
    plans = {}
    for name, url in {
        "agenda": index.url + "agenda/",
        "agenda, page 2": index.url + "agenda/?page=2",
        "agenda calendar": index.url + "agenda/calendari.ics",
        "home page": homes["ca"].url,
        "one city's agenda": index.url + "agenda/?city=sabadell",
    }.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        plans[name] = plan_of(listing_query(queries)) if connection.vendor == "sqlite" else ""
        if name == "agenda calendar":
            summaries = [
                str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
            ]
            assert summaries == [event.title for event in soonest], name
        elif name.startswith("agenda"):
            page = response.content.decode()
            first_page, second_page = soonest[:AGENDA_PAGE_SIZE], soonest[AGENDA_PAGE_SIZE : 2 * AGENDA_PAGE_SIZE]
            shown = second_page if name.endswith("page 2") else first_page
            positions = [page.find(f">{event.title}<") for event in shown]
            assert -1 not in positions and positions == sorted(positions), name
    if connection.vendor == "sqlite":
        # SQLite's plan follows from the query alone; PostgreSQL's planner chooses by its statistics.
        for name in ("agenda", "agenda, page 2", "agenda calendar", "home page"):
            # From the earliest start an upcoming event can have (`ending_from`), not from the first event of all.
            assert "USING INDEX event_language_start (locale_id=? AND start>?" in plans[name], (name, plans[name])
            assert "USE TEMP B-TREE FOR ORDER BY" not in plans[name], (name, plans[name])
        assert "event_language_start" not in plans["one city's agenda"], plans["one city's agenda"]


def test_a_translated_programmes_events_are_in_its_languages_agenda_and_home_page(homes, locales, client, freeze_now):
    """The events of a programme translated with wagtail-localize carry the translation's language, which the
    listings read from the soonest ask of them (`EventQuerySet.in_language`), as well as their programme's: those of
    the first translation and one added to the Catalan programme later, which its publishing copies across
    (home/facts.py)."""
    index = edition_index(homes["ca"])
    tour = make_tour(index)
    programme = make_programme(tour, Municipality.objects.get(slug="sabadell"), events=[EventFactory(title="Xerrada")])
    for page in (index, tour, programme):
        publish_translation(page, locales["es"], {"title": f"{page.title} (es)"})
    programme.events.add(EventFactory(title="Taller", start=madrid(2027, 4, 14)))
    programme.save_revision().publish()
    assert set(Event.objects.filter(locale=locales["es"]).values_list("title", flat=True)) == {"Xerrada", "Taller"}
    assert not Event.objects.exclude(locale=F("page__locale")).exists()
    spanish_index = EditionIndexPage.objects.get(locale=locales["es"])
    for url in ("/es/", spanish_index.url + spanish_index.reverse_subpage("agenda")):
        page = client.get(url).content.decode()
        assert ">Xerrada<" in page and ">Taller<" in page, url


def test_an_event_under_way_since_before_the_longest_one_began_is_still_listed(homes, client, freeze_now, committed):
    """The lists read from the soonest start at `since` less the longest any event lasts (`earliest_start_for`),
    remembered until content changes: an exhibition that opened two months ago and runs another week is on the
    agenda, its calendar and the home page, and so is a longer one published later (committed, as an editor's
    publish is, for the generation every worker reads)."""
    index = edition_index(homes["ca"])
    tour = make_tour(index)
    programme = make_programme(tour, Municipality.objects.get(slug="sabadell"))
    now = madrid(2026, 11, 28, 12)

    def under_way(title, days_ago, days_left):
        with committed():
            start, end = now - datetime.timedelta(days=days_ago), now + datetime.timedelta(days=days_left)
            programme.events.add(EventFactory(title=title, start=start, end=end))
            programme.save_revision().publish()

    under_way("Exposició llarga", 60, 7)
    agenda, calendar = index.url + "agenda/", index.url + "agenda/calendari.ics"
    for url in (agenda, homes["ca"].url, calendar):
        assert "Exposició llarga" in client.get(url).content.decode(), url
    under_way("Exposició més llarga", 200, 1)
    for url in (agenda, homes["ca"].url, calendar):
        assert "Exposició més llarga" in client.get(url).content.decode(), url
    # The database's arithmetic, in whole seconds and one more, against Django's.
    exact = Event.objects.aggregate(longest=Max(F("end") - F("start")))["longest"]
    assert exact < _longest_event() <= exact + datetime.timedelta(seconds=2)


def test_the_bound_holds_across_summer_time_and_for_an_event_without_end(homes, client, freeze_now):
    """The earliest start is worked out in UTC: from a day in April, an event of one month that began in March, under
    winter time, and ended at that day's midnight, is still in the agenda from that day. An event "until 9999" (the
    longest possible) takes the bound away rather than the page."""
    index = edition_index(homes["ca"])
    programme = make_programme(make_tour(index), Municipality.objects.get(slug="sabadell"))
    programme.events.add(EventFactory(title="Mes de març", start=madrid(2027, 3, 15, 0), end=madrid(2027, 4, 14, 0)))
    programme.save_revision().publish()
    agenda = index.url + "agenda/"
    assert ">Mes de març<" in client.get(agenda, {"date_from": "2027-04-14"}).content.decode()
    programme.events.add(EventFactory(title="Permanent", start=madrid(2027, 1, 1), end=madrid(9999, 12, 31)))
    programme.save_revision().publish()
    for url in (agenda, index.url + "agenda/calendari.ics", homes["ca"].url):
        response = client.get(url)
        assert response.status_code == 200 and "Permanent" in response.content.decode(), url
