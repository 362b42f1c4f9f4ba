"""`manage.py build_bench_data` builds the site `make bench` measures (issue 21): the requested numbers of defenders,
tours, events, municipalities and statements, in all three languages, and tops up to larger sizes when asked again.
Built here at a small scale; `make bench` asks for 500 / 30 / 3,000 / 40 / 10."""

import io

import pytest
from django.core.management import call_command

from defenders.models import DefenderPage
from defenders.safety import SafetyLevel
from editions.models import CityProgrammePage, EditionPage, Event
from home.models import Municipality
from statements.models import Endorsement, StatementPage

pytestmark = pytest.mark.django_db
LANGUAGES = ("ca", "es", "en")


def build(**sizes):
    arguments = [f"--{name}={value}" for name, value in sizes.items()]
    call_command("build_bench_data", *arguments, stdout=io.StringIO())


def per_language(queryset):
    return {code: queryset.filter(locale__language_code=code).count() for code in LANGUAGES}


@pytest.fixture
def demo(db):
    call_command("setup_site", demo=True, stdout=io.StringIO())


def test_counts_scale_with_the_requested_sizes_in_every_language(demo, client):
    build(defenders=30, tours=12, events=240, municipalities=32, statements=3)
    assert per_language(DefenderPage.objects.live()) == dict.fromkeys(LANGUAGES, 30)
    assert per_language(EditionPage.objects.live()) == dict.fromkeys(LANGUAGES, 12)
    assert per_language(Event.objects) == dict.fromkeys(LANGUAGES, 240)
    assert Municipality.objects.count() == 32
    assert per_language(StatementPage.objects.live()) == dict.fromkeys(LANGUAGES, 3)
    # Every statement is endorsed by every municipality.
    assert Endorsement.objects.public().count() >= 3 * 32 - 5

    # Twice the size: topped up, not rebuilt; translations share their source's key.
    build(defenders=60, tours=24, events=480, municipalities=64, statements=6)
    assert per_language(DefenderPage.objects.live()) == dict.fromkeys(LANGUAGES, 60)
    assert per_language(EditionPage.objects.live()) == dict.fromkeys(LANGUAGES, 24)
    assert per_language(Event.objects) == dict.fromkeys(LANGUAGES, 480)
    assert Municipality.objects.count() == 64
    assert per_language(StatementPage.objects.live()) == dict.fromkeys(LANGUAGES, 6)
    event = Event.objects.filter(locale__language_code="ca").order_by("-pk").first()
    assert Event.objects.filter(translation_key=event.translation_key).count() == 3
    assert Event.objects.public().filter(locale__language_code="ca").count() > 240

    # The same sizes again: nothing added.
    build(defenders=60, tours=24, events=480, municipalities=64, statements=6)
    assert per_language(Event.objects) == dict.fromkeys(LANGUAGES, 480)
    assert DefenderPage.objects.count() == 180

    # The pages it makes are served, and a protected person's legal name never shows.
    newest_tour = EditionPage.objects.filter(locale__language_code="es").order_by("-year", "-season").first()
    programme = CityProgrammePage.objects.child_of(newest_tour).first()
    protected = DefenderPage.objects.filter(
        locale__language_code="en", person__safety_level=SafetyLevel.PROTECTED, slug__startswith="defensora-de-prova"
    ).first()
    for page in (newest_tour, programme, protected):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    assert protected.person.legal_name not in client.get(protected.url).content.decode()
    assert Event.objects.public().filter(page=programme).exists()
    # Each event names two of its tour's defenders, in the event's language, as on a real tour.
    for event in Event.objects.filter(locale__language_code__in=LANGUAGES, sort_order__gte=10_000).select_related(
        "page"
    )[:60]:
        tour = event.page.get_parent().specific
        taking_part = set(tour.participating_defenders.values_list("defender__translation_key", flat=True))
        named = list(event.defenders.all())
        assert len(named) == 2, event
        assert {defender.translation_key for defender in named} <= taking_part, event
        assert {defender.locale_id for defender in named} == {event.locale_id}, event
