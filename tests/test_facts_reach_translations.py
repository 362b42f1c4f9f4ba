"""Publishing the Catalan source brings its facts (dates, events, relations, choices) to every live translation at
once; the translators' words wait for review, and the status report calls a translation stale only when a
translatable string changed (home/facts.py, translations/translation_status.py)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

from editions.factories import EventFactory, edition_index, madrid, make_programme, make_tour
from editions.models import CityProgrammePage
from home.models import Municipality
from translations import translation_status


@pytest.fixture
def programme(homes, locales):
    tour = make_tour(edition_index(homes["ca"]))
    translate_object(edition_index(homes["ca"]), [locales["es"]])
    translate_object(tour, [locales["es"]])
    event = EventFactory(title="Xerrada a la biblioteca", start=madrid(2027, 4, 13))
    page = make_programme(tour, Municipality.objects.get(slug="sabadell"), events=[event])
    translate_object(page, [locales["es"]])
    source = TranslationSource.objects.get_for_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.get_or_create(
            translation_of_id=segment.string_id,
            locale=locales["es"],
            context_id=segment.context_id,
            defaults={"data": f"(es) {segment.string.data}"},
        )
    spanish = page.get_translation(locales["es"]).specific.get_latest_revision_as_object()
    spanish.title = "Sabadell (es)"
    spanish.events.first().title = "Charla en la biblioteca"
    spanish.save_revision().publish()
    return page


def live_spanish(page, locales):
    spanish = CityProgrammePage.objects.get(translation_key=page.translation_key, locale=locales["es"])
    return spanish.live_revision.as_object(), spanish


def state_in(page, language):
    rows = translation_status.translation_status()
    return next(row.state for row in rows if row.source.pk == page.pk and row.locale.language_code == language)


def test_publishing_the_source_moves_dates_and_adds_events_in_every_language(programme, locales):
    live_before, _ = live_spanish(programme, locales)
    assert live_before.events.first().start == madrid(2027, 4, 13)
    catalan = programme.get_latest_revision_as_object()
    catalan.events.first().start = madrid(2027, 4, 14)
    catalan.events.first().end = madrid(2027, 4, 14, 20)
    catalan.events.add(EventFactory(title="Visita a l'escola", event_type="school_visit", start=madrid(2027, 4, 15)))
    catalan.save_revision().publish()

    live, spanish = live_spanish(programme, locales)
    events = list(live.events.all())
    assert [event.start for event in events] == [madrid(2027, 4, 14), madrid(2027, 4, 15)]
    # The translator's words stay; the new event shows the Catalan words until it is translated.
    assert events[0].title == "Charla en la biblioteca"
    assert events[1].title == "Visita a l'escola"
    assert all(event.locale_id == locales["es"].pk for event in events)
    assert live.title == "Sabadell (es)"
    # Published rows too, which the public site reads.
    assert spanish.events.count() == 2 and spanish.live
    # The new event brought words to translate: the translation is stale until translators get them.
    assert state_in(programme, "es") == translation_status.STALE


def test_a_translation_under_review_keeps_its_words_and_gets_the_facts(programme, locales):
    _, spanish = live_spanish(programme, locales)
    draft = spanish.live_revision.as_object()
    draft.events.first().title = "Charla revisada"
    draft.save_revision()
    catalan = programme.get_latest_revision_as_object()
    catalan.events.first().start = madrid(2027, 4, 16)
    catalan.events.first().end = madrid(2027, 4, 16, 20)
    catalan.save_revision().publish()

    live, spanish = live_spanish(programme, locales)
    assert live.events.first().title == "Charla en la biblioteca"
    pending = spanish.get_latest_revision_as_object()
    assert pending.events.first().title == "Charla revisada"
    assert pending.events.first().start == madrid(2027, 4, 16)
    assert live.events.first().start == madrid(2027, 4, 16)


def test_stale_only_when_a_translatable_string_changed(programme, locales):
    catalan = programme.get_latest_revision_as_object()
    catalan.events.first().start += datetime.timedelta(days=1)
    catalan.events.first().end += datetime.timedelta(days=1)
    catalan.save_revision().publish()
    assert state_in(programme, "es") == translation_status.UP_TO_DATE

    catalan = programme.get_latest_revision_as_object()
    catalan.intro = "Un programa nou per a la ciutat."
    catalan.save_revision().publish()
    assert state_in(programme, "es") == translation_status.STALE


def _partial_notice(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    notice = BeautifulSoup(response.content, "html.parser").select_one(".translation-notice--partial")
    return notice.get_text(" ", strip=True) if notice else None


def test_new_words_in_catalan_show_readers_the_fallback_notice_until_translated(client, programme, locales):
    _, spanish = live_spanish(programme, locales)
    assert _partial_notice(client, spanish) is None  # fully translated

    catalan = programme.get_latest_revision_as_object()
    catalan.events.add(EventFactory(title="Visita a l'escola", event_type="school_visit", start=madrid(2027, 4, 15)))
    catalan.save_revision().publish()

    live, spanish = live_spanish(programme, locales)
    # The Spanish reader is told, in Spanish, why a title is in Catalan; the Catalan reader is told nothing.
    assert (
        _partial_notice(client, spanish)
        == "Parte de esta página aún no está traducida al castellano y se muestra en catalán."
    )
    assert _partial_notice(client, programme) is None

    # Once the translators' words for the new event are published, the notice goes.
    live.events.all()[1].title = "Visita a la escuela"
    live.save_revision().publish()
    assert _partial_notice(client, CityProgrammePage.objects.get(pk=spanish.pk)) is None
