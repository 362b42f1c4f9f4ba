"""Factories for tests and demo data: a tour directory, tours, programmes with events, defenders."""

import datetime
import zoneinfo

import factory
from django.conf import settings

from defenders.factories import PERSON_FACTS, PORTRAIT_TEXTS, make_person
from defenders.models import DefenderIndexPage, DefenderPage
from home.setup import publish_new_page

from .models import CityProgrammePage, EditionIndexPage, EditionPage, Event

MADRID = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def madrid(year, month, day, hour=18, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=MADRID)


class EventFactory(factory.Factory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    event_type = "talk"
    audience = ""
    start = factory.LazyFunction(lambda: madrid(2027, 4, 13))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    venue_name = "Biblioteca central"
    venue_address = "Carrer Major 1"
    # Numbered in the order they are made (one count for the run), so a programme's events keep the order they were
    # added in, as the editor's form numbers them. Left empty, two events tie and PostgreSQL may give them in either
    # order (a translation's copy too).
    sort_order = factory.Sequence(lambda n: n)


def edition_index(home):
    index = EditionIndexPage.objects.child_of(home).first()
    return index or publish_new_page(home, EditionIndexPage(title="Edicions", slug="edicions"))


def make_tour(index, slug="primavera-2027", start=datetime.date(2027, 4, 12), end=datetime.date(2027, 4, 21), **kwargs):
    fields = {"title": f"Tour {slug}", "edition_number": 17, "year": start.year, "season": "spring"} | kwargs
    return publish_new_page(index, EditionPage(slug=slug, start_date=start, end_date=end, **fields))


def make_programme(tour, municipality, events=(), defenders=()):
    """A published programme with `events`, each with the same `defenders`."""
    programme = CityProgrammePage(title=municipality.name, slug=municipality.slug, municipality=municipality)
    for event in events:
        programme.events.add(event)
        event.defenders.set(defenders)
    return publish_new_page(tour, programme)


def make_defender(directory, slug, name, level, legal_name="Legal Name Secret", region="Secret Region", **fields):
    """A published profile and its person; `fields` about the person (portrait=, organisation=...) go to the person,
    the others (summary=...) to the page."""

    facts = {key: fields.pop(key) for key in list(fields) if key in PERSON_FACTS + PORTRAIT_TEXTS}
    person = make_person(
        display_name=name, safety_level=level, country="HN", legal_name=legal_name, region=region, **facts
    )
    return publish_new_page(directory, DefenderPage(slug=slug, person=person, **fields))


def defender_directory(home):
    directory = DefenderIndexPage.objects.child_of(home).first()
    return directory or publish_new_page(home, DefenderIndexPage(title="Defensores", slug="defensores"))
