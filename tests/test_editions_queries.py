"""Query budgets: tour page, city programme, agenda and every calendar feed run the same number of queries with 60
or 3,000 events. The figures are printed (run with -s) for the report."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editions.factories import defender_directory, edition_index, madrid, make_defender, make_programme, make_tour
from editions.models import Event
from home.models import Municipality

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
    directory = defender_directory(homes["ca"])
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
    add_events(programmes, [make_defender(defender_directory(homes["ca"]), "q", "Q", "public")] * 3, 0, 30)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index.url + "agenda/")
    assert response.status_code == 200
    counting = next(query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT COUNT(*)"))
    assert '"editions_event"."end" >=' in counting
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Event._meta.db_table)
    assert indexes["event_programme_upcoming"]["columns"] == ["page_id", "end", "audience"]
    if connection.vendor == "sqlite":
        # SQLite's plan follows from the query alone; PostgreSQL's planner chooses by its statistics (on a test
        # database of a few rows, often none).
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + counting)
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
        assert "SEARCH editions_event USING COVERING INDEX event_programme_upcoming" in plan, plan
