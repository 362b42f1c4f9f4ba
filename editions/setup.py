"""What `manage.py setup_site` does for editions: the tour directory (every site), the historical tours from
home/data/editions.csv, and with --demo two tours with city programmes and events in ca/es/en. Idempotent."""

import csv
import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from defenders.models import DefenderIndexPage, DefenderPage
from defenders.people import make_person
from home.models import Municipality
from home.setup import DATA_DIR, SOURCE_LANGUAGE, TARGET_LANGUAGES, publish_new_page, translate_into_all

from . import demo_content as demo
from .models import CityProgrammePage, EditionIndexPage, EditionPage, Event, roman

INDEX_SLUG = "edicions"
MIN_DEMO_DEFENDERS = 5


def tour_texts(number, year, season):
    return {
        code: {
            "title": f"{demo.EDITION_WORD[code].format(roman=roman(number))} · {demo.SEASON_NAMES[season][code]} {year}"
        }
        for code in ("ca", *TARGET_LANGUAGES)
    }


def tour_slug(year, season):
    return f"{demo.SLUG_SEASON[season]}-{year}"


def ensure_index(context):
    home = context.homes[SOURCE_LANGUAGE]
    index = EditionIndexPage.objects.child_of(home).first()
    if index is None:
        index = EditionIndexPage(slug=INDEX_SLUG, show_in_menus=True, **demo.INDEX["ca"])
        publish_new_page(home, index)
        context.log("page edicions")
    translate_into_all(index, demo.INDEX)
    return index


def ensure_tour(context, index, number, year, season, start, end, slogan=None, intro=None):
    slug = tour_slug(year, season)
    tour = EditionPage.objects.child_of(index).filter(slug=slug).first()
    texts = tour_texts(number, year, season)
    for code in texts:
        if slogan:
            texts[code]["slogan"] = slogan[code]
        if intro:
            texts[code]["intro"] = intro[code]
    if tour is None:
        tour = EditionPage(
            slug=slug,
            edition_number=number,
            year=year,
            season=season,
            start_date=datetime.date.fromisoformat(start) if start else None,
            end_date=datetime.date.fromisoformat(end) if end else None,
            **texts["ca"],
        )
        publish_new_page(index, tour)
        context.log(f"tour {tour.title}")
    return tour, texts


def ensure_historical_tours(context, index):
    with open(DATA_DIR / "editions.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            tour, texts = ensure_tour(
                context, index, int(row["number"]), int(row["year"]), row["season"], row["start"], row["end"]
            )
            translate_into_all(tour, texts)


def setup(context):
    index = ensure_index(context)
    ensure_historical_tours(context, index)


# --- demo ------------------------------------------------------------------------------------------------------


def demo_defenders(context):
    """The live Catalan defender profiles; fictional `demo-` ones added if the defenders demo made fewer than 5."""
    source = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    defenders = list(DefenderPage.objects.public().filter(locale=source).order_by("path"))
    if len(defenders) >= MIN_DEMO_DEFENDERS:
        return defenders
    home = context.homes[SOURCE_LANGUAGE]
    directory = DefenderIndexPage.objects.child_of(home).first()
    if directory is None:
        directory = publish_new_page(home, DefenderIndexPage(title="Defensores i defensors", slug="defensores"))
        translate_into_all(directory, {"es": {"title": "Defensoras y defensores"}, "en": {"title": "Defenders"}})
        context.log("page defensores")
    for slug, name, level, country, summary in demo.DEMO_DEFENDERS:
        defender = DefenderPage.objects.child_of(directory).filter(slug=slug).first()
        if defender is None:
            person = make_person(display_name=name, safety_level=level, country=country)
            defender = publish_new_page(directory, DefenderPage(slug=slug, person=person, summary=summary["ca"]))
            context.log(f"defender {slug}")
        translate_into_all(defender, {code: {"summary": summary[code]} for code in TARGET_LANGUAGES})
    return list(DefenderPage.objects.public().filter(locale=source).order_by("path"))


def _aware(day, hour, minutes=0):
    return datetime.datetime.combine(day, datetime.time(hour, minutes), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def demo_events(tour_start, tour_days, city_index, city_name, defenders):
    """(Event, translations) for one city: every type of the plan, spread over the tour's days."""
    result = []
    for position, (event_type, audience, hour, title, venue, description) in enumerate(demo.EVENT_PLAN):
        day = tour_start + datetime.timedelta(days=(city_index + position) % tour_days)
        if event_type == "opening":
            day = tour_start + datetime.timedelta(days=city_index % 2)
        elif event_type == "closing":
            day = tour_start + datetime.timedelta(days=tour_days - 1)
        texts = {
            code: {
                "title": title[code].format(city=city_name),
                "venue_name": venue[code],
                "description": description[code],
                "languages": demo.LANGUAGES[code],
            }
            for code in ("ca", *TARGET_LANGUAGES)
        }
        if position % 3 == 0:
            for code in texts:
                texts[code]["interpretation"] = demo.INTERPRETATION[code]
        event = Event(
            sort_order=position,  # the plan's order, as the editor's form would number them
            event_type=event_type,
            audience=audience,
            start=_aware(day, hour),
            end=_aware(day, hour + 1, 30),
            venue_address=f"Carrer Major, {10 + position}, {city_name}",
            step_free_access=position % 2 == 0,
            sign_language=event_type in ("opening", "closing"),
            induction_loop=position % 4 == 0,
            registration_url="https://example.org/inscripcions" if event_type == "talk" else "",
            **texts["ca"],
        )
        chosen = [defenders[(city_index + position + offset) % len(defenders)] for offset in range(2)]
        result.append((event, chosen, texts))
    return result


def publish_programme_translation(programme, locale, values, event_texts):
    """Translate a programme and its events through wagtail-localize, like home.translation.publish_translation
    (which pairs the page's own fields by position and cannot reach an inline's strings): every string segment is
    looked up by its path, `<field>` for the page and `events.<translation key>.<field>` for an event."""
    source, created = TranslationSource.get_or_create_from_instance(programme)
    if not created:
        source.update_from_db()
    code = locale.language_code
    with transaction.atomic():
        for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
            parts = segment.context.path.split(".")
            if parts[0] == "events" and len(parts) == 3:
                translated = event_texts.get(parts[1], {}).get(code, {}).get(parts[2])
            else:
                translated = values.get(segment.context.path)
            if translated is None:
                raise ValueError(f"{programme!r}: no {code} translation for {segment.context.path}")
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": translated, "translation_type": "manual"},
            )
        source.translations.get_or_create(target_locale=locale)
        source.create_or_update_translation(locale, publish=False, copy_parent_pages=True)
        target = source.get_translated_instance(locale)
        target.get_latest_revision().publish()
    return target


def ensure_demo_tour(context, index, spec, defenders):
    tour, texts = ensure_tour(
        context,
        index,
        spec["number"],
        spec["year"],
        spec["season"],
        spec["start"],
        spec["end"],
        slogan=spec["slogan"],
        intro=spec["intro"],
    )
    if not tour.participating_defenders.exists():
        for defender in defenders:
            tour.participating_defenders.create(defender=defender)
        tour.save_revision().publish()
    translate_into_all(tour, texts)
    start = datetime.date.fromisoformat(spec["start"])
    days = (datetime.date.fromisoformat(spec["end"]) - start).days + 1
    for city_index, slug in enumerate(spec["cities"]):
        municipality = Municipality.objects.get(slug=slug)
        programme = CityProgrammePage.objects.child_of(tour).filter(municipality=municipality).first()
        if programme is None:
            page_texts = {
                code: {
                    "title": municipality.name,
                    "intro": demo.PROGRAMME["intro"][code].format(city=municipality.name),
                    "local_partners": demo.PROGRAMME["partners"][code],
                }
                for code in ("ca", *TARGET_LANGUAGES)
            }
            programme = CityProgrammePage(
                slug=municipality.slug,
                municipality=municipality,
                contact=f"drets.humans@{municipality.slug}.example.org",
                **page_texts["ca"],
            )
            planned = demo_events(start, days, city_index, municipality.name, defenders)
            for event, _chosen, _texts in planned:
                programme.events.add(event)
            for event, chosen, _texts in planned:
                event.defenders.set(chosen)
            publish_new_page(tour, programme)
            context.log(f"programme {municipality.name} ({tour.slug})")
            event_texts = {str(event.translation_key): texts for event, _chosen, texts in planned}
            for code in TARGET_LANGUAGES:
                publish_programme_translation(
                    programme, Locale.objects.get(language_code=code), page_texts[code], event_texts
                )
    return tour


def create_demo(context):
    index = EditionIndexPage.objects.get(locale__language_code=SOURCE_LANGUAGE)
    defenders = demo_defenders(context)
    for spec in demo.DEMO_TOURS:
        ensure_demo_tour(context, index, spec, defenders)
