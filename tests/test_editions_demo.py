"""The editions demo: two tours, 60+ events of every type and audience, translated into es and en."""

import datetime
import io

import pytest
from django.core.management import call_command

from editions.models import CityProgrammePage, EditionIndexPage, EditionPage, Event
from editions.visibility import Audience, EventType

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("setup_site", "--demo", stdout=io.StringIO())


def test_setup_creates_the_directory_and_historical_tours_in_three_languages():
    assert sorted(EditionIndexPage.objects.live().values_list("locale__language_code", flat=True)) == ["ca", "en", "es"]
    assert EditionIndexPage.objects.get(locale__language_code="ca").show_in_menus
    xv = EditionPage.objects.get(locale__language_code="ca", slug="primavera-2025")
    assert xv.title == "XV edició · Gira de primavera 2025"
    assert xv.roman_number == "XV"
    assert EditionPage.objects.get(translation_key=xv.translation_key, locale__language_code="en").title == (
        "Edition XV · Spring tour 2025"
    )


def test_demo_tours_events_and_translations(demo, client):
    today = datetime.date(2026, 11, 28)
    ca_tours = [tour for tour in EditionPage.objects.filter(locale__language_code="ca") if tour.get_children().exists()]
    assert any(tour.end_date < today for tour in ca_tours)
    assert any(tour.start_date > today for tour in ca_tours)
    for tour in ca_tours:
        cities = set(CityProgrammePage.objects.child_of(tour).values_list("municipality__slug", flat=True))
        assert len(cities) >= 6
        assert {"sabadell", "terrassa", "sant-boi-de-llobregat"} <= cities
        assert tour.participating_defenders.count() >= 5
    events = Event.objects.filter(page__locale__language_code="ca")
    assert events.count() >= 60
    assert set(events.values_list("event_type", flat=True)) == set(EventType.values)
    assert set(events.values_list("audience", flat=True)) == set(Audience.values)
    assert not events.filter(defenders=None).exists()

    # Translations round-trip: translated titles and venues, synchronised times, audiences and defenders.
    source = events.filter(event_type="opening").first()
    spanish = Event.objects.get(translation_key=source.translation_key, locale__language_code="es")
    english = Event.objects.get(translation_key=source.translation_key, locale__language_code="en")
    assert spanish.title.startswith("Acto de apertura")
    assert english.venue_name == "Municipal auditorium"
    assert (spanish.start, spanish.audience, spanish.event_type) == (source.start, source.audience, source.event_type)
    assert set(english.defenders.values_list("translation_key", flat=True)) == set(
        source.defenders.values_list("translation_key", flat=True)
    )
    english_programme = english.page
    response = client.get(english_programme.url)
    assert response.status_code == 200
    assert "Opening event in" in response.content.decode()
