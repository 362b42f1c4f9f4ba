"""Pages stay small at any size (issue 21): a tour's page lists one page of events and links to the next ones (a
programme lists its own events whole: every event's address is an anchor there); the tour's opening and closing are
named whatever page they fall on; a statement lists its endorsements a hundred at a time; the pagination itself stays
short however many pages there are; the agenda's calendar holds a window of dates, and a bounded number of events."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from editions.agenda import EVENTS_PAGE_SIZE
from editions.factories import defender_directory, madrid, make_defender
from editions.models import EditionDefender, EditionPage, Event
from home.models import Municipality
from statements.models import Endorsement
from statements.views import ENDORSEMENTS_PAGE_SIZE
from tests import outputs_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


def public_event(programme, sort_order, title, start, end, audience="public", **fields):
    return Event(
        page=programme,
        locale_id=programme.locale_id,
        sort_order=sort_order,
        title=title,
        audience=audience,
        start=start,
        end=end,
        **fields,
    )


def add_events(programme, count, closing_last=True):
    Event.objects.bulk_create(
        [
            public_event(
                programme,
                100 + number,
                f"Activitat {number:03d}",
                madrid(2027, 4, 12 + number * 9 // count, 9 + number % 10),
                madrid(2027, 4, 12 + number * 9 // count, 10 + number % 10),
                event_type="closing" if closing_last and number == count - 1 else "talk",
                venue_name="Sala",
            )
            for number in range(count)
        ]
    )


def soup(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(document):
    return [str(title) for title in document.find_all(string=lambda text: text and text.startswith("Activitat "))]


def test_tour_lists_one_page_of_events_with_a_next_link(client, site):
    add_events(site["programme"], 3 * EVENTS_PAGE_SIZE)
    total = Event.objects.public().filter(page=site["programme"]).count()
    for page in (site["tour"],):
        first = soup(client, page.url)
        assert len(set(titles(first))) <= EVENTS_PAGE_SIZE
        nav = first.find("nav", class_="pagination")
        assert nav is not None and nav.find("a", rel="next")["href"] == "?page=2"
        seen, number = set(), 1
        while True:
            document = soup(client, page.url, page=number)
            seen |= set(titles(document))
            following = document.find("nav", class_="pagination").find("a", rel="next")
            if following is None:
                break
            number += 1
        assert number == -(-total // EVENTS_PAGE_SIZE)
        assert len(seen) == 3 * EVENTS_PAGE_SIZE  # every event on exactly one of the pages
    # The closing is on the last page of the programme, and named on the tour's first.
    facts = soup(client, site["tour"].url).find("dl", class_="facts")
    assert f"Activitat {3 * EVENTS_PAGE_SIZE - 1:03d}" in facts.get_text()


def test_tour_names_only_the_public_openings_and_closings_of_its_public_programmes(client, site):
    from wagtail.models import PageViewRestriction

    from editions.factories import make_programme

    tour, programme = site["tour"], site["programme"]
    terrassa = make_programme(tour, Municipality.objects.get(slug="terrassa"))
    locked = make_programme(tour, Municipality.objects.create(name="Vila Tancada", slug="vila-tancada"))
    PageViewRestriction.objects.create(page=locked, restriction_type=PageViewRestriction.LOGIN)
    day = madrid(2027, 4, 12, 18)
    Event.objects.bulk_create(
        [
            public_event(terrassa, 1, "Obertura a Terrassa", day, day, event_type="opening"),
            public_event(programme, 1, "Obertura a Sabadell", day, day, event_type="opening", audience="invitation"),
            public_event(programme, 2, "Obertura privada", day, day, event_type="opening", audience="private"),
            public_event(locked, 1, "Obertura tancada", day, day, event_type="opening"),
            public_event(programme, 3, "Cloenda a Sabadell", madrid(2027, 4, 21, 19), day, event_type="closing"),
        ]
    )
    facts = soup(client, tour.url).find("dl", class_="facts")
    named = {link.get_text(): link["href"] for link in facts.find_all("a")}
    # In the programmes' order on the day (Sabadell before Terrassa), each with its city and its anchor there.
    assert list(named) == ["Obertura a Sabadell", "Obertura a Terrassa", "Cloenda a Sabadell"]
    sabadell = Event.objects.get(title="Obertura a Sabadell")
    assert named["Obertura a Sabadell"] == f"{programme.url}#event-{sabadell.translation_key}"
    assert "(Terrassa, 12 d’abril)" in facts.get_text() or "(Terrassa, 12 d'abril)" in facts.get_text()
    assert "privada" not in facts.get_text() and "tancada" not in facts.get_text()


def test_statement_lists_endorsements_a_hundred_at_a_time(client, site):
    statement = site["statement"]
    towns = Municipality.objects.bulk_create(
        [
            Municipality(
                name=f"Poble {n:03d}",
                slug=f"poble-{n:03d}",
                comarca="Prova",
                province="Girona",
                latitude=42,
                longitude=2,
            )
            for n in range(ENDORSEMENTS_PAGE_SIZE + 20)
        ]
    )
    Endorsement.objects.bulk_create(
        [
            Endorsement(
                statement=statement,
                municipality=town,
                status=Endorsement.Status.VERIFIED,
                adopting_body="plenary",
                adoption_date=datetime.date(2026, 3, 1),
                signatory_name="Alcaldia",
                signatory_role="Alcaldessa",
            )
            for town in towns
        ]
    )
    total = Endorsement.objects.public().filter(statement=statement).count()
    first = soup(client, statement.url)
    assert len(first.select(".endorsement-table tbody tr")) == ENDORSEMENTS_PAGE_SIZE
    assert str(total) in first.find(class_="endorsement-count").get_text()
    assert first.find("nav", class_="pagination").find("a", rel="next")["href"] == "?page=2"
    second = soup(client, statement.url, page=2)
    assert len(second.select(".endorsement-table tbody tr")) == total - ENDORSEMENTS_PAGE_SIZE
    assert second.find("nav", class_="pagination").find("a", rel="next") is None


def test_pagination_of_many_pages_stays_short(client, site):
    add_events(site["programme"], 40 * EVENTS_PAGE_SIZE, closing_last=False)
    document = soup(client, site["tour"].url, page=20)
    links = document.find("nav", class_="pagination").find_all("li")
    # previous, 1 2 … 18 19 [20] 21 22 … 39 40, next
    assert len(links) <= 15
    assert document.find("span", attrs={"aria-current": "page"}).get_text(strip=True).endswith("20")


def agenda_calendar(client, site):
    response = client.get(site["tour index"].url + "agenda/calendari.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    calendar.validate()
    return calendar, [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_the_agendas_calendar_link_carries_its_filters_or_nothing(client, site):
    agenda = site["tour index"].url + "agenda/"

    def calendar_links(**filters):
        document = soup(client, agenda, **filters)
        return [link["href"] for link in document.find_all("a", href=True) if "calendari.ics" in link["href"]]

    assert calendar_links() and all(href.endswith("/calendari.ics") for href in calendar_links())  # not "…ics?"
    assert all(href.endswith("/calendari.ics?city=sabadell") for href in calendar_links(city="sabadell"))


def add_events_around(programme, now, days):
    """One public event `days` days from `now` (negative: in the past) for each of `days`, named "Dia <days>"."""
    Event.objects.bulk_create(
        [
            public_event(
                programme,
                500 + number,
                f"Dia {offset}",
                now + datetime.timedelta(days=offset),
                now + datetime.timedelta(days=offset, hours=2),
            )
            for number, offset in enumerate(days)
        ]
    )


def test_agenda_calendar_holds_the_last_month_and_the_next_six(client, site, monkeypatch):
    now = datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    Event.objects.all().delete()
    add_events_around(site["programme"], now, [-400, -45, -29, -1, 1, 90, 180, 190, 1000])
    calendar, summaries = agenda_calendar(client, site)
    assert sorted(summaries, key=lambda title: int(title.split()[1])) == [
        "Dia -29",
        "Dia -1",
        "Dia 1",
        "Dia 90",
        "Dia 180",
    ]
    # What the subscription holds is said where calendar applications show it.
    assert "sis mesos" in str(calendar["X-WR-CALDESC"])  # in the calendar's language
    # A city's calendar (the programme is Sabadell's) holds the same window.
    response = client.get("/ca/ciutats/sabadell/calendari.ics")
    city = Calendar.from_ical(response.content)
    assert sorted(str(event["SUMMARY"]) for event in city.walk("VEVENT")) == sorted(summaries)
    assert "sis mesos" in str(city["X-WR-CALDESC"])
    # The tour's own calendar still holds every event of the tour.
    response = client.get(site["tour"].url + "calendari.ics")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 9


def test_agenda_calendar_holds_the_soonest_events_at_most(client, site, monkeypatch):
    now = datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    monkeypatch.setattr("editions.agenda.CALENDAR_MAX_EVENTS", 3)
    Event.objects.all().delete()
    add_events_around(site["programme"], now, [5, 1, 4, 3, 2])
    _calendar, summaries = agenda_calendar(client, site)
    assert summaries == ["Dia 1", "Dia 2", "Dia 3"]


def test_municipality_profile_names_the_latest_defenders_hosted_and_counts_the_others(client, site, monkeypatch):
    monkeypatch.setattr("editions.profiles.HOSTED_DEFENDERS", 2)
    # Riu Public and Riu Protected take part in the programme's two events (13 and 14 April); Riu Recent in a later one.
    recent = make_defender(defender_directory(site["home"]), "riu-recent", "Riu Recent", "limited")
    programme = site["programme"]
    event = Event.objects.create(
        page=programme,
        locale_id=programme.locale_id,
        sort_order=50,
        title="Cloenda",
        event_type="closing",
        audience="public",
        start=madrid(2027, 4, 20, 18),
        end=madrid(2027, 4, 20, 20),
    )
    Event.defenders.through.objects.create(event=event, defenderpage=recent)
    section = soup(client, "/ca/ciutats/sabadell/").find("section", attrs={"aria-labelledby": "municipality-tours"})
    hosted = section.find_all("ul")[1]
    assert [link.get_text() for link in hosted.find_all("a")] == ["Riu Recent", "Riu Protected"]
    more = hosted.find_next_sibling()
    assert more.name == "p" and "1" in more.get_text()
    # Without a bound to reach, every one is named and nothing is counted.
    monkeypatch.setattr("editions.profiles.HOSTED_DEFENDERS", 3)
    section = soup(client, "/ca/ciutats/sabadell/").find("section", attrs={"aria-labelledby": "municipality-tours"})
    hosted = section.find_all("ul")[1]
    assert len(hosted.find_all("a")) == 3
    assert hosted.find_next_sibling().name == "h3"  # "Upcoming events": no count of others


def test_a_municipality_profile_follows_each_change_of_its_programmes_and_people_at_the_next_view(client, site):
    # A municipality's programmes, their tours and the people they hosted are read once until content changes
    # (editions/profiles.py): a tour renamed, a person hosted since, one made protected show at the next view.
    def section():
        found = soup(client, "/ca/ciutats/sabadell/").find("section", attrs={"aria-labelledby": "municipality-tours"})
        programmes, hosted = found.find_all("ul")[:2]
        return [a.get_text() for a in programmes.find_all("a")], [a.get_text() for a in hosted.find_all("a")]

    tours, hosted = section()
    assert tours == [site["tour"].title] and "Riu Recent" not in hosted
    tour = site["tour"]
    tour.title = "Gira reanomenada"
    tour.save_revision().publish()
    recent = make_defender(defender_directory(site["home"]), "riu-recent", "Riu Recent", "public")
    event = public_event(site["programme"], 50, "Cloenda", madrid(2027, 4, 20, 18), madrid(2027, 4, 20, 20))
    event.save()
    Event.defenders.through.objects.create(event=event, defenderpage=recent)
    tours, hosted = section()
    assert tours == ["Gira reanomenada"] and hosted[0] == "Riu Recent"
    person = recent.person
    person.safety_level, person.display_name = "protected", "Riu Pseudònim"
    person.save()
    tours, hosted = section()
    assert hosted[0] == "Riu Pseudònim" and "Riu Recent" not in hosted


def test_agenda_calendar_applies_the_agendas_filters_within_its_window(client, site, monkeypatch):
    now = datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    Event.objects.all().delete()
    add_events_around(site["programme"], now, [-45, 1, 2, 190])
    Event.objects.bulk_create(
        [
            public_event(
                site["programme"],
                600,
                "Cloenda",
                now + datetime.timedelta(days=3),
                now + datetime.timedelta(days=3, hours=2),
                event_type="closing",
            )
        ]
    )

    def summaries(**filters):
        response = client.get(site["tour index"].url + "agenda/calendari.ics", filters)
        assert response.status_code == 200
        return sorted(str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT"))

    assert summaries() == ["Cloenda", "Dia 1", "Dia 2"]
    assert summaries(type="closing") == ["Cloenda"]
    assert summaries(type="talk") == ["Dia 1", "Dia 2"]
    assert summaries(date_from=(now + datetime.timedelta(days=2)).date().isoformat()) == ["Cloenda", "Dia 2"]
    assert client.get(site["tour index"].url + "agenda/calendari.ics", {"type": "nonsense"}).status_code == 400


def add_events_with(programme, defender, count, title="Activitat", audience="public"):
    """`count` talks with `defender`, a day apart from 15 April 2027 on, in the order they come."""
    events = Event.objects.bulk_create(
        [
            public_event(
                programme,
                300 + number,
                f"{title} {number:03d}",
                madrid(2027, 4, 15 + number, 18),
                madrid(2027, 4, 15 + number, 20),
                audience=audience,
            )
            for number in range(count)
        ]
    )
    Event.defenders.through.objects.bulk_create(
        [Event.defenders.through(event=event, defenderpage=defender) for event in events]
    )


def event_titles(client, url, heading):
    """The titles of the event cards in a profile's section (none if the profile has no such section)."""
    section = soup(client, url).find("section", attrs={"aria-labelledby": heading})
    return [card.find("h4").get_text() for card in section.find_all("article", class_="event")] if section else []


def upcoming_section(client, url, heading):
    """The cards of a profile's upcoming events, and the link after them to the rest (None without one)."""
    section = soup(client, url).find("section", attrs={"aria-labelledby": heading})
    cards = [card.find("h4").get_text() for card in section.find_all("article", class_="event")]
    last = section.find_all("p")[-1].find("a")
    return cards, last if last is not None and "agenda" in last["href"] else None


def agenda_titles(client, url):
    """The titles of the events an agenda address lists, page after page."""
    found, number = [], 1
    while True:
        document = soup(client, url + f"&page={number}")
        found += [card.find(["h3", "h4"]) for card in document.find_all("article", class_="event")]
        following = document.find("nav", class_="pagination")
        if following is None or following.find("a", rel="next") is None:
            return [heading.get_text() for heading in found]
        number += 1


def test_a_defenders_profile_shows_the_next_events_and_links_to_the_rest_in_the_agenda(client, site):
    from editions.profiles import PROFILE_EVENTS

    protected = site["protected defender"]
    add_events_with(site["programme"], protected, PROFILE_EVENTS + 3)
    # Upcoming and public, without the person: on the agenda, not on its filter by the person.
    add_events_with(site["programme"], site["limited defender"], 1, title="Sense la persona")
    cards, more = upcoming_section(client, protected.url, "defender-tours")
    # The soonest first: the programme's two events (13 and 14 April, the second by invitation), then the new ones.
    assert cards == ["Xerrada oberta", "Taula rodona", *[f"Activitat {n:03d}" for n in range(PROFILE_EVENTS - 2)]]
    # Named by the name the profile shows (the pseudonym), and filtered by the profile's own address.
    assert more.get_text() == "Més activitats properes amb Riu Protected, a l'agenda"
    assert more["href"] == site["tour index"].url + "agenda/?defender=riu-protected"
    # The agenda goes on from there: every upcoming public event with the person, in the same order.
    listed = agenda_titles(client, more["href"])
    assert listed[: len(cards)] == cards
    assert len(listed) == 2 + PROFILE_EVENTS + 3 and "Sense la persona" not in listed
    assert "Legal Riu" not in soup(client, more["href"]).get_text()


def test_the_next_events_of_a_profile_a_city_and_the_home_page_follow_the_clock(client, site, monkeypatch):
    """A profile's, a city's and the home page's next events are read once until content changes or the soonest of
    them ends (`PreparedQuery.remembered_until_one_ends`): an event that has ended leaves each of them at the next
    view, the one after it takes its place, and the tour shown on the home page follows the day."""
    from editions.profiles import PROFILE_EVENTS

    protected = site["protected defender"]
    add_events_with(site["programme"], protected, PROFILE_EVENTS + 3)
    first = Event.objects.get(title="Xerrada oberta")

    def seen():
        home = soup(client, site["home"].url)
        events = home.find("section", attrs={"aria-labelledby": "home-events"})
        home_cards = (
            [card.find("h3").get_text() for card in events.find_all("article", class_="event")] if events else []
        )
        tour = home.find("section", attrs={"aria-labelledby": "home-tour"})
        return (
            event_titles(client, protected.url, "defender-tours"),
            event_titles(client, "/ca/ciutats/sabadell/", "municipality-tours"),
            home_cards,
            tour.find("a").get_text() if tour else None,
        )

    def at(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return seen()

    before = at(first.start - datetime.timedelta(days=1))
    profile, city, home, tour = before
    assert profile[:2] == city[:2] == ["Xerrada oberta", "Taula rodona"] and home[0] == "Xerrada oberta"
    assert tour == site["tour"].title
    assert at(first.end) == before  # not ended yet
    profile, city, home, _tour = at(first.end + datetime.timedelta(seconds=1))
    assert profile[0] == city[0] == home[0] == "Taula rodona" and "Xerrada oberta" not in profile + city + home
    assert len(profile) == len(city) == PROFILE_EVENTS and profile[-1] == f"Activitat {PROFILE_EVENTS - 2:03d}"
    # The clock taken back (another worker's): read again, as then.
    assert at(first.end) == before
    # Long after the tour: no next event anywhere, and the home page shows the latest tour.
    profile, city, home, tour = at(madrid(2030, 1, 1, 12))
    assert (profile, city, home, tour) == ([], [], [], site["tour"].title)


def test_the_people_named_next_to_remembered_events_are_read_at_every_view(client, site):
    """The agenda's pages, a tour's calendar and the next events of a profile, a city and the home page are read
    once until content changes or one ends; the people those events name are read at every view: a person renamed
    and made protected by an `UPDATE` that no signal sees (and so moves no generation) is named by the new name at
    the next view of each."""
    from defenders.models import Defender

    pages = {
        "agenda": site["tour index"].url + "agenda/",
        "tour calendar": site["tour"].url + "calendari.ics",
        "profile": site["protected defender"].url,
        "city": "/ca/ciutats/sabadell/",
        "home": site["home"].url,
    }

    def text(url):
        content = client.get(url).content
        if url.endswith(".ics"):
            # Long lines are folded: the descriptions as a calendar application reads them.
            return " ".join(str(event["DESCRIPTION"]) for event in Calendar.from_ical(content).walk("VEVENT"))
        # The event cards only: a city's people and the agenda's filter options are lists of their own.
        return " ".join(card.get_text() for card in BeautifulSoup(content, "html.parser").find_all("article", "event"))

    def naming(name):
        return {label: name in text(url) for label, url in pages.items()}

    assert naming("Riu Public") == dict.fromkeys(pages, True)
    Defender.objects.filter(pk=site["public defender"].person_id).update(
        display_name="Riu Reanomenat", safety_level="protected"
    )
    assert naming("Riu Public") == dict.fromkeys(pages, False)
    assert naming("Riu Reanomenat") == dict.fromkeys(pages, True)


def test_a_profile_with_no_more_events_than_it_shows_links_to_no_agenda(client, site):
    from editions.profiles import PROFILE_EVENTS

    protected = site["protected defender"]
    add_events_with(site["programme"], protected, PROFILE_EVENTS - 2)  # and the programme's own two
    # A private event is not one more: nothing of it reaches the public, not even that it exists.
    add_events_with(site["programme"], protected, 1, title="Privada", audience="private")
    cards, more = upcoming_section(client, protected.url, "defender-tours")
    assert len(cards) == PROFILE_EVENTS and more is None
    cards, more = upcoming_section(client, "/ca/ciutats/sabadell/", "municipality-tours")
    assert len(cards) == PROFILE_EVENTS and more is None


def test_a_citys_profile_shows_the_next_events_and_links_to_the_rest_in_the_agenda(client, site):
    from editions.factories import make_programme
    from editions.profiles import PROFILE_EVENTS

    add_events_with(site["programme"], site["public defender"], PROFILE_EVENTS + 3)
    terrassa = make_programme(site["tour"], Municipality.objects.get(slug="terrassa"))
    add_events_with(terrassa, site["public defender"], 1, title="A Terrassa")
    cards, more = upcoming_section(client, "/ca/ciutats/sabadell/", "municipality-tours")
    assert len(cards) == PROFILE_EVENTS
    # No preposition before the name: "a el Prat" is not Catalan.
    assert more.get_text() == "Sabadell: més activitats properes a l'agenda"
    assert more["href"] == site["tour index"].url + "agenda/?city=sabadell"
    listed = agenda_titles(client, more["href"])
    assert listed[: len(cards)] == cards
    assert len(listed) == 2 + PROFILE_EVENTS + 3 and "A Terrassa 000" not in listed


def test_the_home_pages_full_agenda_link_reaches_the_agenda(client, site):
    document = soup(client, site["home"].url)
    link = document.find("a", string="Tota l'agenda")
    assert link["href"] == site["tour index"].url + "agenda/"
    assert client.get(link["href"]).status_code == 200
    # With no public tour to take the address from (tours unpublished, their programmes left live), from the tours
    # directory itself.

    for tour in EditionPage.objects.live():
        tour.unpublish()
    document = soup(client, site["home"].url)
    assert document.find("a", string="Tota l'agenda")["href"] == site["tour index"].url + "agenda/"


def test_a_profile_the_agendas_filter_does_not_offer_links_to_no_filtered_agenda(rf, site):
    """A profile behind a password is served to whoever gives it, but the agenda's filter offers only public profiles:
    its address would answer with an error and no events."""
    from wagtail.models import PageViewRestriction

    from editions.profiles import PROFILE_EVENTS, defender_section

    protected = site["protected defender"]
    add_events_with(site["programme"], protected, PROFILE_EVENTS)
    assert defender_section(rf.get(protected.url), protected)["more_events_url"].endswith("?defender=riu-protected")
    PageViewRestriction.objects.create(page=protected, restriction_type="password", password="riu")
    section = defender_section(rf.get(protected.url), protected)
    assert len(section["events"]) == PROFILE_EVENTS and section["more_events_url"] == ""


def test_the_link_to_the_agenda_when_a_tour_is_a_sites_root(client, site):
    """A site whose root is a tour: there a programme's address no longer holds the tours directory's, which is then
    looked up (a city's profile is served on every site)."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    from editions.profiles import PROFILE_EVENTS

    add_events_with(site["programme"], site["public defender"], PROFILE_EVENTS)
    Site.objects.create(hostname="gira.example", port=80, root_page=site["tour"])
    agenda = site["tour index"].url + "agenda/"  # with two sites, Wagtail's address of a page names its site
    _cards, more = upcoming_section(client, "/ca/ciutats/sabadell/", "municipality-tours")
    assert more["href"] == urlsplit(agenda).path + "?city=sabadell"
    response = client.get("/ca/ciutats/sabadell/", HTTP_HOST="gira.example")
    section = BeautifulSoup(response.content, "html.parser").find(
        "section", attrs={"aria-labelledby": "municipality-tours"}
    )
    assert section.find_all("p")[-1].find("a")["href"] == agenda + "?city=sabadell"


def test_the_agendas_filter_answers_a_value_two_choices_share(site):
    from editions.agenda import RowChoiceField
    from editions.models import DefenderPage

    twin = make_defender(defender_directory(site["home"]), "riu-public-2", "Riu Public", "public")
    field = RowChoiceField(queryset=DefenderPage.objects.all(), to_field_name="title", label_field="title")
    assert field.clean("Riu Limited") == site["limited defender"]
    assert twin.title == site["public defender"].title
    with pytest.raises(Exception) as refused:
        field.clean("Riu Public")
    assert type(refused.value).__name__ == "ValidationError"


def test_the_links_to_the_agenda_on_a_site_with_two_names(client, site):
    """Two sites of one root (a name with and without "www."): each page is under both, and the addresses hold the
    tours directory's as on one site."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    from editions.profiles import PROFILE_EVENTS

    add_events_with(site["programme"], site["protected defender"], PROFILE_EVENTS)
    main = Site.objects.get(is_default_site=True)
    Site.objects.create(hostname="www.example", port=80, root_page=main.root_page)
    profile = urlsplit(site["protected defender"].url).path
    for host in ("www.example", f"{main.hostname}:{main.port}"):
        home = BeautifulSoup(client.get("/ca/", HTTP_HOST=host).content, "html.parser")
        assert home.find("a", string="Tota l'agenda")["href"] == "/ca/edicions/agenda/"
        page = BeautifulSoup(client.get(profile, HTTP_HOST=host).content, "html.parser")
        links = page.select('a[href*="agenda/?defender="]')
        assert [link["href"] for link in links] == ["/ca/edicions/agenda/?defender=riu-protected"]


def test_the_tours_openings_follow_every_change_of_their_events_and_programmes(client, site):
    """The openings and closings are remembered until content changes (editions/agenda.py `event_mentions`): read
    once, then given again at every page of the tour's events; a renamed opening, one moved to another day, one no
    longer public, one deleted and a programme newly restricted leave the tour's page at once."""
    from wagtail.models import PageViewRestriction

    from editions.factories import make_programme

    tour, programme = site["tour"], site["programme"]
    terrassa = make_programme(tour, Municipality.objects.get(slug="terrassa"))
    day = madrid(2027, 4, 12, 18)
    opening = public_event(programme, 1, "Obertura a Sabadell", day, day, event_type="opening")
    opening.save()
    public_event(terrassa, 1, "Obertura a Terrassa", day, day, event_type="opening").save()
    public_event(programme, 2, "Cloenda a Sabadell", day, day, event_type="closing").save()

    def named(**params):
        return [link.get_text() for link in soup(client, tour.url, **params).find("dl", class_="facts").find_all("a")]

    def reads_the_ends(**params):
        """Whether serving the tour page reads the openings and closings (the only query that asks an event's type)."""
        with CaptureQueriesContext(connection) as captured:
            assert client.get(tour.url, params).status_code == 200
        return any('"event_type" IN' in query["sql"] for query in captured.captured_queries)

    assert named() == ["Obertura a Sabadell", "Obertura a Terrassa", "Cloenda a Sabadell"]
    # Given again without a query, on every page of the tour's events, until content changes.
    assert not reads_the_ends() and not reads_the_ends(page=1)
    opening.title = "Obertura nova a Sabadell"
    opening.save()
    assert reads_the_ends() and not reads_the_ends()
    assert named() == ["Obertura nova a Sabadell", "Obertura a Terrassa", "Cloenda a Sabadell"]
    opening.start = opening.end = madrid(2027, 4, 13, 18)
    opening.save()
    assert named() == ["Obertura a Terrassa", "Obertura nova a Sabadell", "Cloenda a Sabadell"]
    opening.audience = "private"
    opening.save()
    assert named() == ["Obertura a Terrassa", "Cloenda a Sabadell"]
    Event.objects.get(title="Cloenda a Sabadell").delete()
    assert named() == ["Obertura a Terrassa"]
    PageViewRestriction.objects.create(page=terrassa, restriction_type=PageViewRestriction.LOGIN)
    assert named() == []


def test_a_tours_participants_and_cities_follow_every_change(client, site):
    """A tour's participants and its programmes are read once until content changes (`EditionPage.public_defenders`
    and `programmes`, `PreparedQuery.remembered`). The tour's page and its press room must show every change on
    their next view: a participant renamed, made protected (named by their pseudonym on the tour, never in the press
    room), whose profile is unpublished or who is taken off the tour, and a city renamed, newly published or newly
    restricted."""
    from wagtail.models import PageViewRestriction

    from defenders.safety import SafetyLevel
    from editions.factories import make_programme
    from editions.models import EditionPage

    tour, programme = site["tour"], site["programme"]
    portrait = site["public defender"].person.portrait
    second = make_defender(site["defender index"], "riu-second", "Riu Second", "public", portrait=portrait)
    people = (site["public defender"], site["protected defender"], second, site["limited defender"])
    for order, defender in enumerate(people):
        tour.participating_defenders.add(EditionDefender(defender=defender, sort_order=order))
    tour.save_revision().publish()

    def listed(heading):
        section = soup(client, tour.url).find(id=heading)
        return [link.get_text() for link in section.find_parent("section").find_all("a")] if section else []

    def reads_participants():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(tour.url).status_code == 200
        return any("editiondefender" in query["sql"] for query in captured.captured_queries)

    def in_press_room():
        return soup(client, tour.url + "premsa/").get_text()

    assert listed("tour-defenders") == ["Riu Public", "Riu Protected", "Riu Second", "Riu Limited"]
    assert listed("tour-cities") == ["Sabadell"]
    # Read once, then given again until content changes.
    assert not reads_participants()
    assert "Riu Second" in in_press_room() and "Riu Protected" not in in_press_room()

    person = second.person
    person.display_name = "Riu Renamed"
    person.save()
    assert reads_participants() and not reads_participants()
    assert listed("tour-defenders") == ["Riu Public", "Riu Protected", "Riu Renamed", "Riu Limited"]
    assert "Riu Renamed" in in_press_room()
    person.safety_level = SafetyLevel.PROTECTED
    person.save()
    assert "Riu Renamed" not in in_press_room()
    site["public defender"].unpublish()
    assert listed("tour-defenders") == ["Riu Protected", "Riu Renamed", "Riu Limited"]
    assert "Riu Public" not in in_press_room()
    tour = EditionPage.objects.get(pk=tour.pk)
    limited = [link for link in tour.participating_defenders.all() if link.defender_id == site["limited defender"].pk]
    tour.participating_defenders.remove(*limited)
    tour.save_revision().publish()
    assert listed("tour-defenders") == ["Riu Protected", "Riu Renamed"]

    sabadell = programme.municipality
    sabadell.name = "Sabadell (Vallès Occidental)"
    sabadell.save()
    assert listed("tour-cities") == ["Sabadell (Vallès Occidental)"]
    make_programme(tour, Municipality.objects.get(slug="terrassa"))
    assert listed("tour-cities") == ["Sabadell (Vallès Occidental)", "Terrassa"]
    PageViewRestriction.objects.create(page=programme, restriction_type=PageViewRestriction.LOGIN)
    assert listed("tour-cities") == ["Terrassa"]


def test_a_tours_preview_names_its_own_participants_and_leaves_the_published_ones_alone(client, site):
    """A tour's participants are named once until content changes (editions/agenda.py `participant_mentions`), but a
    preview of a draft shows the draft's participants: never the published ones, and never kept in their place."""
    tour, public, limited = site["tour"], site["public defender"], site["limited defender"]
    tour.participating_defenders.add(EditionDefender(defender=public, sort_order=0))
    tour.save_revision().publish()
    draft = EditionPage.objects.get(pk=tour.pk)
    draft.participating_defenders.add(EditionDefender(defender=limited, sort_order=1))
    revision = draft.save_revision()

    def named(response):
        assert response.status_code == 200
        section = BeautifulSoup(response.content, "html.parser").find(id="tour-defenders").find_parent("section")
        return [link.get_text() for link in section.find_all("a")]

    assert named(client.get(tour.url)) == ["Riu Public"]
    assert named(revision.as_object().make_preview_request()) == ["Riu Public", "Riu Limited"]
    assert named(client.get(tour.url)) == ["Riu Public"]
    revision.publish()
    assert named(client.get(tour.url)) == ["Riu Public", "Riu Limited"]


def test_a_spanish_tour_names_its_participants_spanish_profiles_once_translated(client, site, locales):
    """A Spanish tour names the Spanish profile of each participant that has one, else the Catalan one; the
    translations found are remembered with the participants (`localised_defenders(remembered=True)`), and a profile
    translated later is linked at the next view."""
    from home.translation import publish_translation

    tour, public = site["tour"], site["public defender"]
    tour.participating_defenders.add(EditionDefender(defender=public, sort_order=0))
    tour.save_revision().publish()
    spanish_tour = publish_translation(EditionPage.objects.get(pk=tour.pk), locales["es"], {})

    def linked():
        section = soup(client, spanish_tour.url).find(id="tour-defenders").find_parent("section")
        return [link["href"] for link in section.find_all("a")]

    assert linked() == [public.url]
    spanish = publish_translation(public, locales["es"], {})
    assert linked() == [spanish.url] != [public.url]
    with CaptureQueriesContext(connection) as captured:
        assert linked() == [spanish.url]
    assert not any("defenders_defenderpage" in query["sql"] for query in captured.captured_queries)


def test_a_request_that_changes_content_reads_afresh_what_it_lists_next(site):
    """A request reads the content generation once (home/queries.py `request_memo`). When it then changes content
    (an editor's save), what it lists afterwards is read afresh under its transaction's own generation
    (`cdhr_cms.cache.as_seen_here`): not given back as remembered before the change, nor kept for other requests
    under the shared generation while the change may still be rolled back."""
    from home.queries import _end_request, _start_request

    tour = site["tour"]
    tour.participating_defenders.add(EditionDefender(defender=site["public defender"]))
    tour.save_revision().publish()
    tour = EditionPage.objects.get(pk=tour.pk)  # as served: its participants read from the database
    _start_request()
    try:
        assert [defender.title for defender in tour.public_defenders()] == ["Riu Public"]
        person = site["public defender"].person
        person.display_name = "Riu Renamed"
        person.save()
        assert [defender.person.display_name for defender in tour.public_defenders()] == ["Riu Renamed"]
        person.display_name = "Riu Renamed Twice"
        person.save()
        assert [defender.person.display_name for defender in tour.public_defenders()] == ["Riu Renamed Twice"]
    finally:
        _end_request()


def test_the_tours_count_of_events_follows_every_change(client, site):
    """A tour's events are counted once until content changes (editions/agenda.py `TourListing`): the count under
    its pagination, and its number of pages, follow an event added, one no longer public and one deleted."""
    programme = site["programme"]
    add_events(programme, 2 * EVENTS_PAGE_SIZE, closing_last=False)

    def counted():
        with CaptureQueriesContext(connection) as captured:
            document = soup(client, site["tour"].url)
        sentence = document.find("nav", class_="pagination").find_previous_sibling("p").get_text()
        counts = [query for query in captured.captured_queries if "COUNT(" in query["sql"].upper()]
        return int(re.search(r"(\d+)\.$", sentence.strip()).group(1)), len(counts)

    before = Event.objects.public().filter(page=programme).count()
    assert counted() == (before, 1)
    assert counted() == (before, 0)  # counted once, then given again
    extra = public_event(programme, 900, "Activitat extra", madrid(2027, 4, 20, 9), madrid(2027, 4, 20, 10))
    extra.save()
    assert counted() == (before + 1, 1)
    extra.audience = "private"
    extra.save()
    assert counted()[0] == before
    Event.objects.filter(title="Activitat 000").delete()
    assert counted()[0] == before - 1


def test_a_tours_and_a_programmes_events_are_read_once_and_follow_every_change(client, site):
    """The rows of a page of a tour's events, of a programme's events and of the tour's calendar are read once until
    content changes (`TourListing.rows`, `CityProgrammePage.get_context`, `every_event_of`: `PreparedQuery.
    remembered`): each shows an event renamed, added, made private or deleted, and a programme unpublished, at its
    next view, and names the people linked to an event, and only while they may be named."""
    tour, programme = site["tour"], site["programme"]
    calendar = tour.url + "calendari.ics"
    add_events(programme, 3, closing_last=False)

    def events_read(captured):
        return any(
            "editions_event" in query["sql"] and "COUNT(" not in query["sql"] for query in captured.captured_queries
        )

    def titles(url):
        with CaptureQueriesContext(connection) as captured:
            document = soup(client, url)
        return [title.get_text(strip=True) for title in document.select(".event__title")], events_read(captured)

    def calendar_events():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(calendar)
        assert response.status_code == 200
        vevents = Calendar.from_ical(response.content).walk("VEVENT")
        return {str(vevent["SUMMARY"]): str(vevent["DESCRIPTION"]) for vevent in vevents}, events_read(captured)

    def calendar_titles():
        return sorted(calendar_events()[0])

    def on_both():
        return titles(tour.url)[0], titles(programme.url)[0], calendar_titles()

    tour_titles, read = titles(tour.url)
    programme_titles, read_too = titles(programme.url)
    in_calendar, read_for_calendar = calendar_events()
    assert "Activitat 001" in tour_titles and "Activitat 001" in programme_titles and read and read_too
    assert "Activitat 001" in in_calendar and read_for_calendar
    assert titles(tour.url) == (tour_titles, False) and titles(programme.url) == (programme_titles, False)
    assert calendar_events() == (in_calendar, False)

    Event.objects.filter(title="Activitat 001").update(title="Activitat reanomenada")
    event = Event.objects.get(title="Activitat reanomenada")
    event.save()  # as the admin saves it: the content generation moves
    assert all("Activitat reanomenada" in listed and "Activitat 001" not in listed for listed in on_both())
    public_event(programme, 950, "Activitat nova", madrid(2027, 4, 13, 9), madrid(2027, 4, 13, 10)).save()
    assert all("Activitat nova" in listed for listed in on_both())
    event.audience = "private"
    event.save()
    assert all("Activitat reanomenada" not in listed for listed in on_both())
    Event.objects.get(title="Activitat nova").delete()
    assert all("Activitat nova" not in listed for listed in on_both())

    # The people an event names, linked and unlinked alone, as modelcluster writes the links after the event itself.
    def names_on_each(name):
        def on_page(url):
            (card,) = [
                card
                for card in soup(client, url).select("article.event")
                if card.find(class_="event__title").get_text(strip=True) == "Activitat 000"
            ]
            return name in card.get_text()

        return [on_page(tour.url), on_page(programme.url), name in calendar_events()[0]["Activitat 000"]]

    first = Event.objects.get(title="Activitat 000")
    assert names_on_each("Riu Public") == [False, False, False]
    first.defenders.set([site["public defender"]])
    first.defenders.commit()
    assert names_on_each("Riu Public") == [True, True, True]
    # Named too once a participant of the tour (the tour page names its participants from those it has read), and
    # by the name the public may read once made protected.
    EditionDefender.objects.create(page=tour, defender=site["public defender"])
    tour.save_revision().publish()
    assert names_on_each("Riu Public") == [True, True, True]
    person = site["public defender"].person
    person.safety_level, person.display_name = "protected", "Riu Pseudònim"
    person.save()
    assert names_on_each("Riu Public") == [False, False, False]
    assert names_on_each("Riu Pseudònim") == [True, True, True]
    first.defenders.set([])
    first.defenders.commit()
    assert names_on_each("Riu Pseudònim") == [False, False, False]
    programme.unpublish()
    assert "Activitat 000" not in titles(tour.url)[0] and "Activitat 000" not in calendar_titles()


def test_each_page_of_the_agenda_follows_the_clock_and_the_content(client, site, monkeypatch):
    """Each page of the agenda is read once until content changes or the soonest of the agenda's events ends
    (editions/agenda.py `AgendaListing.rows`): an event on the first page that has ended moves every later page on
    by one at the next view, an event added shows at once, and a clock taken back reads them again."""
    from editions.agenda import AGENDA_PAGE_SIZE

    now = datetime.datetime(2026, 11, 28, 12, tzinfo=datetime.UTC)
    Event.objects.all().delete()
    add_events_around(site["programme"], now, range(1, 2 * AGENDA_PAGE_SIZE + 2))
    agenda = site["tour index"].url + "agenda/"

    def pages_at(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return [
            [card.find(["h3", "h4"]).get_text(strip=True) for card in soup(client, agenda, page=number)("article")]
            for number in (1, 2)
        ]

    def days(first, count=AGENDA_PAGE_SIZE):
        return [f"Dia {day}" for day in range(first, first + count)]

    before = pages_at(now)
    assert before == [days(1), days(AGENDA_PAGE_SIZE + 1)]
    # "Dia 1" (a day from now, for two hours) has not ended at its end, and has a second later.
    assert pages_at(now + datetime.timedelta(days=1, hours=2)) == before
    later = now + datetime.timedelta(days=1, hours=2, seconds=1)
    assert pages_at(later) == [days(2), days(AGENDA_PAGE_SIZE + 2)]
    assert pages_at(now) == before
    # Forward again: read again, though the count and the pages read at `now` would hold until "Dia 1" ends.
    assert pages_at(later) == [days(2), days(AGENDA_PAGE_SIZE + 2)]
    public_event(site["programme"], 900, "Nou", later, later + datetime.timedelta(hours=1)).save()
    assert pages_at(later) == [["Nou", *days(2, AGENDA_PAGE_SIZE - 1)], days(AGENDA_PAGE_SIZE + 1)]


def test_the_agendas_count_follows_the_clock_and_the_content(client, site, monkeypatch):
    """The agenda's count is remembered until content changes or the soonest-ending of its events ends
    (editions/agenda.py `agenda_count`): an event that has ended leaves the count at once, a new one joins it."""
    now = datetime.datetime(2026, 11, 28, 12, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    Event.objects.all().delete()
    add_events_around(site["programme"], now, range(1, 26))
    agenda = site["tour index"].url + "agenda/"

    def count(**query):
        # "25 esdeveniments", above the day headings.
        sentence = soup(client, agenda, **query).find("h1").find_next("p", string=re.compile(r"^\d+ ")).get_text()
        return int(sentence.split()[0])

    assert count() == 25 and count(page=2) == 25
    # The first event (a day from now, for two hours) has just ended; the second has not.
    monkeypatch.setattr("django.utils.timezone.now", lambda: now + datetime.timedelta(days=1, hours=2, minutes=1))
    assert count() == 24
    monkeypatch.setattr("django.utils.timezone.now", lambda: now + datetime.timedelta(days=2, hours=1))
    assert count() == 24
    public_event(
        site["programme"], 900, "Nou", now + datetime.timedelta(days=30), now + datetime.timedelta(days=31)
    ).save()
    assert count() == 25
