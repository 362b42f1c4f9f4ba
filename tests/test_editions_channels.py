"""The visibility rule in every channel: pages, agenda, calendars, JSON-LD, hooks. Calendars parsed back."""

import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from defenders.levels import raise_level
from editions.agenda import in_programmes
from editions.factories import (
    EventFactory,
    defender_directory,
    edition_index,
    madrid,
    make_defender,
    make_programme,
    make_tour,
)
from editions.models import EditionDefender, Event
from home.models import Municipality

pytestmark = pytest.mark.django_db

ADDRESS_PUBLIC = "Carrer Obert 1"
ADDRESS_INVITATION = "Carrer Convidat 2"
ADDRESS_PRIVATE = "Carrer Privat 3"


@pytest.fixture
def tour_site(homes):
    home = homes["ca"]
    directory = defender_directory(home)
    protected = make_defender(directory, "roure", "Roure", "protected", legal_name="Maria Secreta", region="Olancho")
    public = make_defender(directory, "amara", "Amara Quispe", "public")
    index = edition_index(home)
    tour = make_tour(index)
    events = {
        "public": EventFactory(title="Xerrada oberta", venue_address=ADDRESS_PUBLIC, start=madrid(2027, 4, 13, 18)),
        "invitation": EventFactory(
            title="Taula per invitació",
            audience="invitation",
            venue_address=ADDRESS_INVITATION,
            start=madrid(2027, 4, 14, 17),
        ),
        # No audience given: a school visit is private by default.
        "private": EventFactory(
            title="Visita escolar secreta",
            event_type="school_visit",
            venue_address=ADDRESS_PRIVATE,
            start=madrid(2027, 4, 15, 10),
        ),
    }
    sabadell = Municipality.objects.get(slug="sabadell")
    programme = make_programme(
        tour,
        sabadell,
        events=events.values(),
        defenders=[protected, public],
    )
    return {
        "home": home,
        "index": index,
        "tour": tour,
        "programme": programme,
        "protected": protected,
        "public": public,
        "events": events,
        "municipality": sabadell,
    }


def feed_urls(site):
    # Calendars are named in each language (home/routes.py): these are the Catalan pages' feeds.
    return {
        "tour": site["tour"].url + "calendari.ics",
        "programme": site["programme"].url + "calendari.ics",
        "agenda": site["index"].url + "agenda/calendari.ics",
        "municipality": "/ca/ciutats/sabadell/calendari.ics",
        "defender": "/ca/calendaris/defensors/roure.ics",
    }


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_private_event_defaults_to_private_audience(tour_site):
    assert tour_site["events"]["private"].audience == "private"
    assert tour_site["events"]["public"].audience == "public"


@pytest.mark.parametrize("feed", ["tour", "programme", "agenda", "municipality", "defender"])
def test_every_calendar_parses_and_respects_the_rule(client, tour_site, feed, freeze_now):
    response = client.get(feed_urls(tour_site)[feed])
    calendar = parse(response)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Xerrada oberta", "Taula per invitació"}
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Madrid"
    public, invitation = events["Xerrada oberta"], events["Taula per invitació"]
    assert public["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert public["DTSTART"].dt == madrid(2027, 4, 13, 18)
    assert ADDRESS_PUBLIC in str(public["LOCATION"])
    assert ADDRESS_INVITATION not in str(invitation.get("LOCATION", ""))
    assert str(public["URL"]).startswith(settings.SITE_URL + tour_site["programme"].url + "#event-")
    body = response.content.decode()
    for secret in (ADDRESS_PRIVATE, ADDRESS_INVITATION, "Visita escolar secreta", "Maria Secreta", "Olancho"):
        assert secret not in body
    assert "Roure" in body  # the pseudonym is what the rule shows


def test_calendar_uids_are_stable(client, tour_site, freeze_now):
    url = feed_urls(tour_site)["programme"]
    first = [str(event["UID"]) for event in parse(client.get(url)).walk("VEVENT")]
    second = [str(event["UID"]) for event in parse(client.get(url)).walk("VEVENT")]
    assert first == second
    assert str(tour_site["events"]["public"].translation_key) in first[0]


@pytest.mark.parametrize("page", ["tour", "programme", "agenda", "municipality", "home"])
def test_html_channels_hide_private_events_and_invitation_addresses(client, tour_site, page, freeze_now):
    urls = {
        "tour": tour_site["tour"].url,
        "programme": tour_site["programme"].url,
        "agenda": tour_site["index"].url + "agenda/",
        "municipality": "/ca/ciutats/sabadell/",
        "home": tour_site["home"].url,
    }
    response = client.get(urls[page])
    assert response.status_code == 200
    body = response.content.decode()
    assert "Xerrada oberta" in body
    assert ADDRESS_PUBLIC in body
    assert "Taula per invitació" in body
    for secret in (ADDRESS_PRIVATE, ADDRESS_INVITATION, "Visita escolar secreta", "Maria Secreta", "Olancho"):
        assert secret not in body


def test_json_ld_lists_only_public_events_and_no_protected_defender(client, tour_site, freeze_now):
    soup = BeautifulSoup(client.get(tour_site["programme"].url).content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@type"] == "Event"
    assert data["name"] == "Xerrada oberta"
    assert data["location"]["address"]["streetAddress"] == ADDRESS_PUBLIC
    assert [performer["name"] for performer in data["performer"]] == ["Amara Quispe"]


def test_unpublished_programme_disappears_from_feeds(client, tour_site, freeze_now):
    url = feed_urls(tour_site)["agenda"]
    tour_site["programme"].unpublish()
    assert parse(client.get(url)).walk("VEVENT") == []


@pytest.mark.parametrize("hide", ["unpublish", "restrict"])
def test_a_tour_calendar_lists_the_events_of_its_public_programmes_only(client, tour_site, freeze_now, hide):
    # The tour's calendar reads its events among the programmes it loads first (editions/calendars.py): a programme
    # taken offline or behind a login takes its events with it.
    url = feed_urls(tour_site)["tour"]
    titles = {str(event["SUMMARY"]) for event in parse(client.get(url)).walk("VEVENT")}
    assert titles == {"Xerrada oberta", "Taula per invitació"}
    if hide == "unpublish":
        tour_site["programme"].unpublish()
    else:
        PageViewRestriction.objects.create(page=tour_site["programme"], restriction_type=PageViewRestriction.LOGIN)
    assert parse(client.get(url)).walk("VEVENT") == []


@pytest.mark.parametrize("hide", ["unpublish", "restrict"])
def test_a_defenders_profile_and_calendar_list_the_events_of_public_programmes_only(
    client, tour_site, freeze_now, hide
):
    # Each of the person's events is checked against its own programme (`Event.objects.public_each_in`): a programme
    # taken offline or behind a login takes its events, and its city, off the profile and the person's calendar.
    profile, calendar = tour_site["public"].url, f"/ca/calendaris/defensors/{tour_site['public'].slug}.ics"

    def cities(html):
        return [link.get_text() for link in BeautifulSoup(html, "html.parser").select("ul.city-list a")]

    html = client.get(profile).content.decode()
    assert "Xerrada oberta" in html and "Taula per invitació" in html and cities(html) == ["Sabadell"]
    assert "Visita escolar secreta" not in html and ADDRESS_PRIVATE not in html
    titles = {str(event["SUMMARY"]) for event in parse(client.get(calendar)).walk("VEVENT")}
    assert titles == {"Xerrada oberta", "Taula per invitació"}
    if hide == "unpublish":
        tour_site["programme"].unpublish()
    else:
        PageViewRestriction.objects.create(
            page=tour_site["programme"], restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    html = client.get(profile).content.decode()
    assert "Xerrada oberta" not in html and "Taula per invitació" not in html and cities(html) == []
    assert parse(client.get(calendar)).walk("VEVENT") == []


def test_taken_down_defender_vanishes_from_events(client, tour_site, freeze_now):
    tour_site["protected"].unpublish()
    body = client.get(tour_site["programme"].url).content.decode()
    assert "Roure" not in body
    assert client.get(feed_urls(tour_site)["defender"]).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "date_from=not-a-date",
        "city=atlantis",
        "type=rave",
        "defender=nobody",
        "date_from=2027-05-01&date_to=2027-04-01",
    ],
)
def test_agenda_bad_filters_give_a_message_not_an_error(client, tour_site, query, freeze_now):
    response = client.get(tour_site["index"].url + "agenda/?" + query)
    assert response.status_code == 200
    assert "Xerrada oberta" not in response.content.decode()
    assert BeautifulSoup(response.content, "html.parser").find(attrs={"role": "alert"}) is not None
    calendar = client.get(feed_urls(tour_site)["agenda"] + "?" + query)
    assert calendar.status_code == 400 and calendar["Content-Type"].startswith("text/plain")
    # The message as a reader reads it: no field names, nothing escaped for HTML.
    text = calendar.content.decode()
    assert text.strip() and "__all__" not in text and "&#x27;" not in text and not text.startswith("*")


def test_agenda_filters(client, tour_site, freeze_now):
    url = tour_site["index"].url + "agenda/"
    assert "Xerrada oberta" in client.get(url + "?city=sabadell&type=talk").content.decode()
    assert "Xerrada oberta" not in client.get(url + "?city=terrassa").content.decode()
    assert "Xerrada oberta" not in client.get(url + "?type=round_table").content.decode()
    assert "Xerrada oberta" in client.get(url + "?defender=roure").content.decode()
    assert "Xerrada oberta" not in client.get(url + "?date_from=2027-04-14").content.decode()
    assert "Taula per invitació" in client.get(url + "?date_from=2027-04-14&date_to=2027-04-14").content.decode()


def agenda_options(client, url, name):
    """{label: value} of the agenda's `name` filter, "All …" left out."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {option.get_text(): option["value"] for option in soup.select(f'select[name="{name}"] option[value!=""]')}


def reads_of_the_options(client, url):
    """The queries of one request to the agenda that read its cities' and its defenders' options."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "home_municipality"."slug"')
        or '"wagtailcore_page"."title" AS "title" FROM "defenders_defenderpage"' in query["sql"]
    ]


def test_the_agendas_filters_offer_what_the_site_holds_at_every_change(
    client, tour_site, freeze_now, django_capture_on_commit_callbacks
):
    """Their options are kept with the site chrome until content changes (editions/agenda.py, RowChoiceField): a
    person taken down, renamed under a higher safety level, added, hidden behind a login, or a new city, shows at the
    very next request. Each change commits as it would on the site (the generation moves when it does)."""
    url = tour_site["index"].url + "agenda/"
    assert len(reads_of_the_options(client, url)) == 2
    assert reads_of_the_options(client, url) == []  # kept
    assert agenda_options(client, url, "defender").keys() == {"Amara Quispe", "Roure"}
    assert agenda_options(client, url, "city") == {"Sabadell": "sabadell"}

    with django_capture_on_commit_callbacks(execute=True):
        raise_level(tour_site["public"].person, None, "protected", "Quiet Heron", "Consent withdrawn")
    assert agenda_options(client, url, "defender").keys() == {"Quiet Heron", "Roure"}
    body = client.get(url).content.decode()
    assert "Amara" not in body and "amara" not in body

    with django_capture_on_commit_callbacks(execute=True):
        tour_site["protected"].unpublish()
    assert agenda_options(client, url, "defender").keys() == {"Quiet Heron"}

    directory = defender_directory(tour_site["home"])
    with django_capture_on_commit_callbacks(execute=True):
        make_defender(directory, "nova", "Nova Persona", "public")
    assert agenda_options(client, url, "defender").keys() == {"Quiet Heron", "Nova Persona"}

    with django_capture_on_commit_callbacks(execute=True):
        make_programme(tour_site["tour"], Municipality.objects.get(slug="terrassa"))
    assert agenda_options(client, url, "city") == {"Sabadell": "sabadell", "Terrassa": "terrassa"}

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=directory, restriction_type=PageViewRestriction.LOGIN)
    assert agenda_options(client, url, "defender") == {}


def test_the_agendas_filter_form_shows_each_readers_own_filters(client, tour_site, freeze_now):
    """Without a filter the form is remembered as written (editions/agenda.py `filters_form`); a reader's filters,
    and what is wrong with them, are written into the form of their request only."""
    url = tour_site["index"].url + "agenda/"

    def form(query=""):
        return BeautifulSoup(client.get(url + query).content, "html.parser").select_one("form.agenda-filters")

    assert not form().select("option[selected][value!='']")
    chosen = form("?city=sabadell&date_from=2027-04-14")
    assert chosen.select_one('select[name="city"] option[selected]')["value"] == "sabadell"
    assert chosen.select_one('input[name="date_from"]')["value"] == "2027-04-14"
    refused = form("?date_from=2027-04-14&date_to=2027-04-01")
    assert refused.select_one(".form-errors[role=alert]")
    untouched = form("?page=1")
    assert not untouched.select("option[selected][value!=''], .form-errors") and not untouched.select_one(
        "input[value]"
    )


def test_the_agendas_city_filter_offers_no_city_whose_programme_the_public_cannot_see(
    client, tour_site, freeze_now, django_capture_on_commit_callbacks
):
    """A draft or a restricted programme is a visit being prepared: the filter must not announce the city."""
    url = tour_site["index"].url + "agenda/"
    terrassa = Municipality.objects.get(slug="terrassa")
    with django_capture_on_commit_callbacks(execute=True):
        programme = make_programme(tour_site["tour"], terrassa)
        programme.unpublish()
    assert agenda_options(client, url, "city") == {"Sabadell": "sabadell"}
    assert "Terrassa" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        programme.save_revision().publish()
        PageViewRestriction.objects.create(page=programme, restriction_type=PageViewRestriction.LOGIN)
    assert agenda_options(client, url, "city") == {"Sabadell": "sabadell"}

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=programme).delete()
    assert agenda_options(client, url, "city") == {"Sabadell": "sabadell", "Terrassa": "terrassa"}


def test_agenda_shows_only_upcoming_events(client, tour_site, freeze_now):
    # The tour is over for this event: it moved into the past.
    event = tour_site["events"]["public"]
    type(event).objects.filter(pk=event.pk).update(start=madrid(2020, 1, 1), end=madrid(2020, 1, 1, 20))
    body = client.get(tour_site["index"].url + "agenda/").content.decode()
    assert "Xerrada oberta" not in body
    assert "Xerrada oberta" in client.get(tour_site["tour"].url).content.decode()


def test_defender_profile_section(rf, tour_site, freeze_now):
    from editions.profiles import defender_section

    request = rf.get("/ca/")
    section = defender_section(request, tour_site["protected"])
    assert [(city.text, city.url) for city in section["cities"]] == [("Sabadell", "/ca/ciutats/sabadell/")]
    assert [event.title for event in section["events"]] == ["Xerrada oberta", "Taula per invitació"]
    assert section["calendar_url"] == "/ca/calendaris/defensors/roure.ics"


def named_on_tour(client, tour):
    """{event title: the names linked next to it} on the tour's page, with the number of queries the page ran."""
    client.get(tour.url)  # the site's navigation and footer, cached on a first visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(tour.url)
    soup = BeautifulSoup(response.content, "html.parser")
    named = {}
    for article in soup.select("article.event"):
        title = article.select_one(".event__title").get_text(strip=True)
        people = article.find("dt", string="Amb")
        named[title] = [a.get_text() for a in people.find_next_sibling("dd").find_all("a")] if people else []
    return named, len(queries.captured_queries)


def test_a_tour_names_the_people_of_its_events_whether_or_not_they_take_part_in_it(client, tour_site, freeze_now):
    """The tour page reads the people next to its events from its participants when they are among them
    (`participants_by_id`), and asks the database for the others: either way each event names the same people,
    and a participant taken down vanishes from the events too."""
    tour, public = tour_site["tour"], tour_site["public"]
    EditionDefender.objects.create(page=tour, defender=public, sort_order=0)
    EditionDefender.objects.create(page=tour, defender=tour_site["protected"], sort_order=1)
    among_participants, queries_among = named_on_tour(client, tour)
    # A protected defender is named by the name the safety rule gives (here the pseudonym "Roure").
    both = ["Amara Quispe", "Roure"]
    assert among_participants == {"Xerrada oberta": both, "Taula per invitació": both}

    guest = make_defender(defender_directory(tour_site["home"]), "guest", "Bruna Convidada", "public")
    event = Event.objects.get(title="Xerrada oberta")
    event.defenders.add(guest)
    event.save()  # ParentalManyToManyField: kept in memory until saved
    with_a_guest, queries_with_guest = named_on_tour(client, tour)
    assert with_a_guest == {"Xerrada oberta": ["Amara Quispe", "Bruna Convidada", "Roure"], "Taula per invitació": both}
    assert queries_with_guest == queries_among + 1

    public.unpublish()
    taken_down, _queries = named_on_tour(client, tour)
    assert taken_down == {"Xerrada oberta": ["Bruna Convidada", "Roure"], "Taula per invitació": ["Roure"]}
    assert "Amara" not in client.get(tour.url).content.decode()


def test_events_take_their_programme_from_the_page_and_none_outside_it_is_listed(tour_site):
    """A tour page gives its events the programmes it has loaded (`in_programmes`); an event whose programme is not
    among them is left out rather than shown without one."""
    programme = tour_site["programme"]
    rows = list(Event.objects.public().for_listing(with_programmes=False))
    assert {row.title for row in rows} == {"Xerrada oberta", "Taula per invitació"}
    kept = in_programmes(rows, [programme])
    assert [row.page for row in kept] == [programme, programme]
    assert in_programmes(rows, []) == []


def test_a_defenders_profile_lists_each_public_tour_they_take_part_in_once(client, tour_site, freeze_now):
    """The profile's "Tours" list: tours where the person is among the participants, each once even when listed
    twice, newest first; never an unpublished tour, one behind a login, or one they do not take part in."""
    index, public = tour_site["index"], tour_site["public"]
    EditionDefender.objects.create(page=tour_site["tour"], defender=public, sort_order=0)
    EditionDefender.objects.create(page=tour_site["tour"], defender=public, sort_order=1)
    later = make_tour(index, slug="tardor-2027", start=madrid(2027, 10, 4).date(), end=madrid(2027, 10, 14).date())
    EditionDefender.objects.create(page=later, defender=public, sort_order=0)
    draft = make_tour(index, slug="primavera-2028", start=madrid(2028, 4, 3).date(), end=madrid(2028, 4, 13).date())
    EditionDefender.objects.create(page=draft, defender=public, sort_order=0)
    draft.unpublish()
    behind_login = make_tour(
        index, slug="tardor-2028", start=madrid(2028, 10, 2).date(), end=madrid(2028, 10, 12).date()
    )
    EditionDefender.objects.create(page=behind_login, defender=public, sort_order=0)
    PageViewRestriction.objects.create(page=behind_login, restriction_type=PageViewRestriction.LOGIN)
    without_her = make_tour(
        index, slug="tardor-2029", start=madrid(2029, 10, 1).date(), end=madrid(2029, 10, 11).date()
    )
    EditionDefender.objects.create(page=without_her, defender=tour_site["protected"], sort_order=0)

    page = BeautifulSoup(client.get(public.url).content, "html.parser")
    tours = page.find(id="defender-tours").find_next("ul")
    assert [(a.get_text(), a["href"]) for a in tours.select("a")] == [
        ("Tour tardor-2027", later.url),
        ("Tour primavera-2027", tour_site["tour"].url),
    ]


def test_a_defenders_profile_follows_each_change_of_its_tours_and_cities_at_the_next_view(
    client, tour_site, freeze_now
):
    # A profile's tours and the cities of its events are read once until content changes (editions/profiles.py):
    # a tour joined or renamed, a city renamed or newly visited must show on the profile's next view.
    public, index = tour_site["public"], tour_site["index"]

    def listed():
        page = BeautifulSoup(client.get(public.url).content, "html.parser")
        after_heading = page.find(id="defender-tours").find_next_sibling()  # the tours' list, when there are tours
        tours = [a.get_text() for a in after_heading.select("a")] if after_heading.name == "ul" else []
        return tours, [a.get_text() for a in page.select("ul.city-list a")]

    assert listed() == ([], ["Sabadell"])
    EditionDefender.objects.create(page=tour_site["tour"], defender=public, sort_order=0)
    assert listed() == ([tour_site["tour"].title], ["Sabadell"])
    tour = tour_site["tour"]
    tour.title = "Gira de primavera, reprogramada"
    tour.save_revision().publish()
    assert listed() == (["Gira de primavera, reprogramada"], ["Sabadell"])

    later = make_tour(index, slug="tardor-2027", start=madrid(2027, 10, 4).date(), end=madrid(2027, 10, 14).date())
    make_programme(
        later,
        Municipality.objects.get(slug="terrassa"),
        events=[EventFactory(title="Xerrada a Terrassa", start=madrid(2027, 10, 5, 18))],
        defenders=[public],
    )
    sabadell = tour_site["municipality"]
    sabadell.name = "Sabadell (Vallès Occidental)"
    sabadell.save()
    assert listed()[1] == ["Sabadell (Vallès Occidental)", "Terrassa"]
