"""An event's card (editions/cards.py) as readers meet it on the agenda, a tour, a city programme and the home page:
every fact in its place, what is empty left out, hostile text escaped, the protected defender under the safety
rule's name, and the city named only away from the city's own programme. Parsed back with BeautifulSoup."""

import pytest
from bs4 import BeautifulSoup

from editions.factories import (
    EventFactory,
    defender_directory,
    edition_index,
    madrid,
    make_defender,
    make_programme,
    make_tour,
)
from home.models import Municipality

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & "cometes" \'simples\''


@pytest.fixture
def card_site(homes, freeze_now):
    home = homes["ca"]
    directory = defender_directory(home)
    protected = make_defender(directory, "roure", "Roure", "protected", legal_name="Maria Secreta")
    public = make_defender(directory, "amara", f"Amara {HOSTILE}", "public")
    tour = make_tour(edition_index(home))
    full = EventFactory(
        title=f"Xerrada {HOSTILE}",
        audience="public",
        venue_name=f"Sala {HOSTILE}",
        venue_address="Carrer Major 1",
        start=madrid(2027, 4, 13, 18, 30),
        end=madrid(2027, 4, 13, 20),
        languages="català",
        interpretation="LSC",
        step_free_access=True,
        accessibility_notes=f"Bucle {HOSTILE}",
        registration_url='https://example.org/inscripcio?a=1&b="2"',
        description=f"Descripció {HOSTILE}",
    )
    bare = EventFactory(
        title="Trobada",
        audience="invitation",
        venue_name="",
        venue_address="",
        start=madrid(2027, 4, 14, 10),
        languages="",
        interpretation="",
        accessibility_notes="",
        registration_url="",
        description="",
    )
    sabadell = Municipality.objects.get(slug="sabadell")
    programme = make_programme(tour, sabadell, events=[full, bare], defenders=[protected, public])
    bare.defenders.set([])
    bare.save()
    return {
        "tour": tour,
        "programme": programme,
        "full": full,
        "bare": bare,
        "municipality": sabadell,
        "public": public,
        "protected": protected,
    }


def cards(client, url):
    soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    return {card["id"]: card for card in soup.select("article.event")}


def facts(card):
    return {dt.get_text(): dt.find_next_sibling("dd") for dt in card.select("dl.facts dt")}


def test_a_card_carries_every_fact_escaped_in_its_place(client, card_site):
    full = card_site["full"]
    card = cards(client, card_site["programme"].url)[full.anchor]
    assert card.find("script") is None
    title = card.select_one("h4.event__title a")
    assert title.get_text() == full.title and title["href"].endswith(f"#{full.anchor}")
    assert [span.get_text() for span in card.select("p.event__meta span")] == ["Xerrada pública", "Oberta al públic"]
    found = facts(card)
    assert set(found) == {"Quan", "On", "Amb", "Llengües", "Accessibilitat"}
    times = found["Quan"].find_all("time")
    assert [time["datetime"] for time in times] == ["2027-04-13T18:30:00+02:00", "2027-04-13T20:00:00+02:00"]
    assert times[1].get_text() == "20:00"
    assert found["On"].get_text() == f"Sala {HOSTILE}, Carrer Major 1"
    assert found["Llengües"].get_text() == "català (LSC)"
    assert found["Accessibilitat"].get_text().endswith(f". Bucle {HOSTILE}")
    people = [(link.get_text(), link["href"]) for link in found["Amb"].find_all("a")]
    # The protected defender appears under the safety rule's name, never the legal one.
    assert "Maria Secreta" not in str(card)
    assert sorted(people) == sorted(
        [(f"Amara {HOSTILE}", card_site["public"].url), ("Roure", card_site["protected"].url)]
    )
    assert card.find("p", string=f"Descripció {HOSTILE}") is not None
    links = card.select("p.event__links a")
    assert links[0]["href"] == 'https://example.org/inscripcio?a=1&b="2"'
    assert links[0].select_one(".visually-hidden").get_text() == f": {full.title}"
    assert links[1]["type"] == "text/calendar" and links[1]["href"].endswith(".ics")


def test_what_an_event_does_not_have_is_left_out(client, card_site):
    card = cards(client, card_site["programme"].url)[card_site["bare"].anchor]
    assert set(facts(card)) == {"Quan"}
    assert card.find("p", class_=None) is None  # no description paragraph
    assert len(card.select("p.event__links a")) == 1  # no registration link


def test_the_city_is_named_away_from_its_own_programme(client, card_site):
    full = card_site["full"]
    on_programme = cards(client, card_site["programme"].url)[full.anchor]
    assert on_programme.select_one("p.event__meta a") is None
    on_tour = cards(client, card_site["tour"].url)[full.anchor]
    city = on_tour.select_one("p.event__meta a")
    assert city.get_text() == "Sabadell" and city["href"] == card_site["programme"].url
    on_agenda = cards(client, "/ca/edicions/agenda/")[full.anchor]
    assert on_agenda.select_one("p.event__meta a").get_text() == "Sabadell"


def test_the_home_page_heads_its_cards_one_level_up(client, card_site):
    card = cards(client, "/ca/")[card_site["full"].anchor]
    assert card.select_one("h3.event__title a").get_text() == card_site["full"].title
    assert card.select_one("h4") is None


def test_a_card_is_written_in_the_readers_language(client, card_site):
    # The labels follow the page's language; the event's own words are the editor's.
    card = cards(client, card_site["programme"].url)[card_site["full"].anchor]
    assert card.select_one("p.event__links a").contents[0] == "Inscriu-t'hi"


def accessible_name(card):
    # What a screen reader announces for the article: the text of the elements its aria-labelledby names, in order.
    return " ".join(card.find(id=ref).get_text(" ", strip=True) for ref in card["aria-labelledby"].split())


def test_each_card_is_named_by_its_title_and_time(client, card_site):
    # Two events of one title (the same talk in another city, another day): a tour page lists articles, each
    # announced by a name of its own.
    full = card_site["full"]
    again = EventFactory(title=full.title, start=madrid(2027, 4, 15, 18, 30), end=madrid(2027, 4, 15, 20))
    make_programme(card_site["tour"], Municipality.objects.get(slug="terrassa"), events=[again])
    found = cards(client, card_site["tour"].url)
    names = {anchor: accessible_name(card) for anchor, card in found.items()}
    assert names[full.anchor].startswith(full.title) and "13 d’abril de 2027" in names[full.anchor].replace("'", "’")
    assert names[again.anchor].startswith(full.title) and "15" in names[again.anchor]
    assert len(set(names.values())) == len(names) == 3


def test_a_card_written_before_a_change_is_never_shown_after_it(client, card_site):
    """Cards are remembered by what they show (editions/cards.py `written_card`): a change of the event's words or
    time, of the name a person is shown under, a profile taken down, or the page's language gives a card written
    afresh, at once, on every page."""
    full, programme = card_site["full"], card_site["programme"]
    url = programme.url
    assert cards(client, url)[full.anchor].select_one("h4 a").get_text() == full.title
    full.title, full.start, full.end = "Xerrada canviada", madrid(2027, 4, 13, 19), madrid(2027, 4, 13, 21)
    full.save()
    card = cards(client, url)[full.anchor]
    assert card.select_one("h4 a").get_text() == "Xerrada canviada"
    assert [time["datetime"] for time in card.select("dl.facts time")] == [
        "2027-04-13T19:00:00+02:00",
        "2027-04-13T21:00:00+02:00",
    ]
    for page_url in (url, card_site["tour"].url, "/ca/edicions/agenda/"):
        assert f"Amara {HOSTILE}" in [a.get_text() for a in cards(client, page_url)[full.anchor].select("dd a")]
    person = card_site["public"].person
    person.safety_level, person.display_name = "protected", "Pseudònim"
    person.save()
    for page_url in (url, card_site["tour"].url, "/ca/edicions/agenda/"):
        named = [a.get_text() for a in cards(client, page_url)[full.anchor].select("dd a")]
        assert "Pseudònim" in named and not any("Amara" in name for name in named), page_url
    card_site["public"].unpublish()
    for page_url in (url, card_site["tour"].url, "/ca/edicions/agenda/"):
        named = [a.get_text() for a in cards(client, page_url)[full.anchor].select("dd a")]
        assert "Pseudònim" not in named, page_url


def test_a_card_is_never_given_in_another_language(client, card_site):
    """Two cards alike in every fact but their language: each is written with its own language's words."""
    from django.utils import translation

    from editions.cards import card_facts, written_card
    from editions.visibility import public_event

    with translation.override("ca"):
        facts = card_facts(public_event(card_site["full"], card_site["programme"].url), None)
        catalan = BeautifulSoup(written_card(facts), "html.parser")
    with translation.override("en"):
        english = BeautifulSoup(written_card(facts._replace(language="en")), "html.parser")
    assert catalan.select_one("p.event__links a").contents[0] == "Inscriu-t'hi"
    assert english.select_one("p.event__links a").contents[0] == "Register"
    assert [dt.get_text() for dt in english.select("dt")][0] == "When"


def calendar_events(client, url):
    """{UID: the VEVENT} of the calendar at `url`, parsed back with icalendar."""
    from icalendar import Calendar

    response = client.get(url)
    assert response.status_code == 200, url
    return {str(event["UID"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")}


def test_a_calendar_written_before_a_change_is_never_served_after_it(client, card_site):
    """An event's VEVENT is remembered by what it says (editions/calendars.py `written_vevent`): a change of its words
    or time, of the name a person is shown under, or a profile taken down is in every calendar at once."""
    full, programme, tour = card_site["full"], card_site["programme"], card_site["tour"]
    urls = (programme.url + "calendari.ics", tour.url + "calendari.ics", "/ca/edicions/agenda/calendari.ics")
    (uid,) = [key for key, event in calendar_events(client, urls[0]).items() if str(event["SUMMARY"]).startswith("X")]
    assert "Amara" in str(calendar_events(client, urls[0])[uid]["DESCRIPTION"])
    full.title, full.start, full.end = "Xerrada canviada", madrid(2027, 4, 13, 19), madrid(2027, 4, 13, 21)
    full.save()
    for url in urls:
        event = calendar_events(client, url)[uid]
        assert str(event["SUMMARY"]) == "Xerrada canviada", url
        assert event["DTSTART"].dt == madrid(2027, 4, 13, 19) and event["DTEND"].dt == madrid(2027, 4, 13, 21), url
    person = card_site["public"].person
    person.safety_level, person.display_name = "protected", "Pseudònim"
    person.save()
    for url in urls:
        description = str(calendar_events(client, url)[uid]["DESCRIPTION"])
        assert "Pseudònim" in description and "Amara" not in description, url
    card_site["public"].unpublish()
    for url in urls:
        assert "Pseudònim" not in str(calendar_events(client, url)[uid]["DESCRIPTION"]), url


def test_a_calendar_event_is_never_given_in_another_language(card_site):
    """Two VEVENTs alike in every fact but their language: each is written with its own language's labels."""
    from django.utils import timezone, translation

    from editions.calendars import vevent_facts, written_vevent
    from editions.visibility import public_event

    event = public_event(card_site["full"], card_site["programme"].url)
    with translation.override("ca"):
        catalan = written_vevent(vevent_facts(event, "ca", timezone.now())).decode()
    with translation.override("en"):
        english = written_vevent(vevent_facts(event, "ca", timezone.now())._replace(language="en")).decode()
    assert "DESCRIPTION:" in catalan and "Llengües: català" in catalan.replace("\r\n ", "")
    assert "Languages: català" in english.replace("\r\n ", "") and "Llengües" not in english


def test_a_calendar_event_says_each_fact_in_its_place(client, card_site):
    """Each line of an event's calendar DESCRIPTION carries its own fact (the byte-for-byte comparison with
    icalendar in tests/test_outputs_calendars_feeds.py checks how lines are written, not which fact goes where)."""
    full = card_site["full"]
    (event,) = [
        event
        for event in calendar_events(client, card_site["programme"].url + "calendari.ics").values()
        if str(event["SUMMARY"]).startswith("Xerrada")
    ]
    lines = str(event["DESCRIPTION"]).split("\n")
    assert lines[:2] == ["Xerrada pública", "Oberta al públic"]
    assert lines[2].startswith("Amb: ") and f"Amara {HOSTILE}" in lines[2]
    assert "Roure" in lines[2] and "Secreta" not in lines[2]  # the protected person by the safety rule's name
    assert lines[3:7] == [
        "Llengües: català",
        "Interpretació: LSC",
        f"Accessibilitat: Accés sense graons; Bucle {HOSTILE}",
        f"Inscripció: {full.registration_url}",
    ]
    assert lines[7:] == ["", f"Descripció {HOSTILE}"]
    assert str(event["LOCATION"]) == f"Sala {HOSTILE}, Carrer Major 1"


def test_a_person_without_an_address_is_named_without_a_link(card_site):
    """A profile outside every site (an editor's copy at the top of the tree) has no address: the card names the
    person as it names the others, without a link to "None" or to nowhere."""
    from django.utils import translation

    from editions.cards import card_facts, written_card
    from editions.visibility import public_event

    with translation.override("ca"):
        facts = card_facts(public_event(card_site["full"], card_site["programme"].url), None)
        (address, name), *_others = facts.defenders
        card = BeautifulSoup(written_card(facts._replace(defenders=(("", name), (address, "Algú")))), "html.parser")
    with_label = card.find("dt", string="Amb").find_next_sibling("dd")
    assert with_label.get_text() == f"{name}, Algú"
    assert [(link["href"], link.get_text()) for link in with_label.find_all("a")] == [(address, "Algú")]
