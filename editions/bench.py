"""Benchmark data for editions: tours up to the requested number (fictional ones after the latest, six city
programmes each) and events up to the requested number in Catalan, each with its Spanish and English translation
(same translation key) on the programme of that language. Events follow the demo's plan of types, audiences and
times, two defenders each; pages are added without revisions and events in bulk (home/bench.py)."""

import datetime
import uuid
import zoneinfo

from django.conf import settings

from defenders.models import DefenderPage
from defenders.safety import SafetyLevel
from home.bench import LANGUAGES, add_in_every_language, translations
from home.models import Municipality

from . import demo_content as demo
from .models import CityProgrammePage, EditionDefender, EditionIndexPage, EditionPage, Event, Season
from .setup import tour_slug, tour_texts
from .visibility import default_audience

PROGRAMMES_PER_TOUR = 6
TOUR_DAYS = 10


def next_season(year, season):
    return (year, Season.AUTUMN) if season == Season.SPRING else (year + 1, Season.SPRING)


def aware(day, hour, minutes=0):
    return datetime.datetime.combine(day, datetime.time(hour, minutes), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def localised_defenders():
    """The public Catalan profiles, each with its translations: [{code: page}]."""
    pages = DefenderPage.objects.public().filter(person__safety_level=SafetyLevel.PUBLIC)
    by_key = {}
    for page in pages.select_related("locale").order_by("path"):
        by_key.setdefault(page.translation_key, {})[page.locale.language_code] = page
    return [found for found in by_key.values() if set(found) == set(LANGUAGES)]


def tour_defenders(tour, defenders):
    """Those of `defenders` ([{code: page}]) who take part in `tour`; all of them if none does."""
    taking_part = set(tour.participating_defenders.values_list("defender__translation_key", flat=True))
    return [found for found in defenders if found["ca"].translation_key in taking_part] or defenders


def add_tours(count, defenders):
    index = EditionIndexPage.objects.get(locale__language_code="ca")
    indexes = translations(index)
    latest = EditionPage.objects.child_of(index).order_by("-year", "-season").first()
    number = EditionPage.objects.child_of(index).order_by("-edition_number").first().edition_number
    year, season = latest.year, latest.season
    municipalities = list(Municipality.objects.order_by("pk"))
    programmes = []
    for position in range(count):
        number += 1
        year, season = next_season(year, season)
        start = datetime.date(year, 4 if season == Season.SPRING else 10, 5)
        texts = tour_texts(number, year, season)
        chosen = [defenders[(position + shift) % len(defenders)] for shift in range(5)]

        def build_tour(code, number=number, year=year, season=season, start=start, texts=texts, chosen=chosen):
            tour = EditionPage(
                slug=tour_slug(year, season),
                edition_number=number,
                year=year,
                season=season,
                start_date=start,
                end_date=start + datetime.timedelta(days=TOUR_DAYS - 1),
                slogan=demo.DEMO_TOURS[0]["slogan"][code],
                intro=demo.DEMO_TOURS[0]["intro"][code],
                **texts[code],
            )
            tour.participating_defenders = [EditionDefender(defender=found[code]) for found in chosen]
            return tour

        tours = add_in_every_language(indexes, build_tour)
        for city in range(PROGRAMMES_PER_TOUR):
            municipality = municipalities[(position * PROGRAMMES_PER_TOUR + city) % len(municipalities)]

            def build_programme(code, municipality=municipality):
                return CityProgrammePage(
                    slug=municipality.slug,
                    municipality=municipality,
                    title=municipality.name,
                    intro=demo.PROGRAMME["intro"][code].format(city=municipality.name),
                    local_partners=demo.PROGRAMME["partners"][code],
                    contact=f"drets.humans@{municipality.slug}.example.org",
                )

            programmes.append((add_in_every_language(tours, build_programme), start, chosen))
    return programmes


def add_events(count, programmes):
    """`count` events spread over `programmes` ([({code: programme}, tour start, the tour's defenders)]), each in
    every language, each with two of its tour's defenders: the people invited on a tour are the ones who speak."""
    events, links = [], []
    for number in range(count):
        pages, start, defenders = programmes[number % len(programmes)]
        event_type, audience, hour, title, venue, description = demo.EVENT_PLAN[
            number // len(programmes) % len(demo.EVENT_PLAN)  # each programme goes through the plan
        ]
        day = start + datetime.timedelta(days=number // len(programmes) % TOUR_DAYS)
        key = uuid.uuid4()
        city = pages["ca"].municipality.name
        chosen = [defenders[(number + shift) % len(defenders)] for shift in range(2)]
        for code in LANGUAGES:
            event = Event(
                page=pages[code],
                locale_id=pages[code].locale_id,
                translation_key=key,
                sort_order=10_000 + number,
                title=title[code].format(city=city),
                event_type=event_type,
                audience=audience or default_audience(event_type),  # save() would, bulk_create does not
                start=aware(day, hour),
                end=aware(day, hour + 1, 30),
                venue_name=venue[code],
                venue_address=f"Carrer Major, {number % 90 + 1}, {city}",
                description=description[code],
                languages=demo.LANGUAGES[code],
                step_free_access=number % 2 == 0,
            )
            events.append(event)
            links.append([found[code] for found in chosen])
    Event.objects.bulk_create(events, batch_size=500)
    through = Event.defenders.through
    through.objects.bulk_create(
        [
            through(event_id=event.pk, defenderpage_id=defender.pk)
            for event, chosen in zip(events, links, strict=True)
            for defender in chosen
        ],
        batch_size=1000,
    )


def create_bench_data(sizes, stdout):
    defenders = localised_defenders()
    tours = EditionPage.objects.filter(locale__language_code="ca").count()
    programmes = add_tours(max(sizes["tours"] - tours, 0), defenders)
    if not programmes:  # the tours are all there: top the events up on the existing programmes
        programmes = [
            (translations(page), page.get_parent().specific, defenders)
            for page in CityProgrammePage.objects.filter(locale__language_code="ca").order_by("path")
        ]
        programmes = [
            (pages, tour.start_date or datetime.date(tour.year, 4, 5), tour_defenders(tour, defenders))
            for pages, tour, defenders in programmes
            if set(pages) == set(LANGUAGES)
        ]
    missing = sizes["events"] - Event.objects.filter(locale__language_code="ca").count()
    if missing > 0:
        add_events(missing, programmes)
    stdout.write(
        f"  tours: {EditionPage.objects.filter(locale__language_code='ca').count()}, events: "
        f"{Event.objects.filter(locale__language_code='ca').count()} (× 3 languages)"
    )
