"""An event's card, as the public sees it: on the agenda, a tour, a city programme, the home page, a defender's and a
municipality's profile (`{% event_card event %}`, editions/templatetags/editions_tags.py). It is built from a
PublicEvent (visibility.py), so it cannot say more than the safety rules let through.

Written in Python rather than as an included template: the agenda and a tour page show twelve cards, a city programme
all of its events, and Django's template engine spent about a quarter of a millisecond on each card (some forty
variable lookups, each localised and escaped): a fifth to two fifths of those pages' time. The markup is what the
template wrote (whitespace included), and every value is escaped as Django's autoescaping escapes it:

    <article class="event" id="event-…" aria-labelledby="event-…-title event-…-when">
        <h4 class="event__title" id="event-…-title"><a href="/ca/edicions/…/#event-…">Title</a></h4>
        <p class="event__meta"><span class="event__type">Talk</span> · <span>Open to all</span> · <a href="…">Girona</a>
        </p>
        <dl class="facts">
            <dt>When</dt>
            <dd id="event-…-when"><time datetime="…">Monday 12 April 2027, 18:30</time>–<time datetime="…">20:00</time>
            </dd>
            <dt>Where</dt><dd>Venue, address</dd>
            <dt>With</dt><dd><a href="/ca/defensors/…/">Name</a>, …</dd>
            <dt>Languages</dt><dd>Catalan (interpreting)</dd>
            <dt>Accessibility</dt><dd>Step-free access. Notes</dd>
        </dl>
        <p>Description</p>
        <p class="event__links"><a href="…">Register<span class="visually-hidden">: Title</span></a> · <a href="….ics"
            type="text/calendar">Add this event to your calendar<span class="visually-hidden">: Title</span></a></p>
    </article>
"""

import functools
from typing import NamedTuple

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from home import formatting
from home.catalogues import CATALOGUE_SETTINGS, once_per_language

# As `{{ value }}` writes it: markup already marked safe as it is, anything else escaped. (The card's own words are
# not escaped: Django does not escape what `{% translate "…" %}` gives either, our catalogues being markup.)
from home.markup import text_escape as text
from home.queries import request_memo


def _line(indent, content):
    # A line of the card as the template wrote it (the same bytes, so the pages could be compared before and after):
    # its indentation and newline stay even when a condition leaves it empty.
    return f"{' ' * indent}{content}\n"


@once_per_language
def card_words(language):
    """The words of a card in `language`."""
    # Each called on its own line: makemessages (xgettext) cannot see a call inside an f-string.
    when, where_label, with_label = gettext("When"), gettext("Where"), gettext("With")
    languages_label, accessibility_label = gettext("Languages"), gettext("Accessibility")
    register_label, add_to_calendar = gettext("Register"), gettext("Add this event to your calendar")
    return when, where_label, with_label, languages_label, accessibility_label, register_label, add_to_calendar


def profile_address(page, request, language):
    """`page.get_url(request)` ("" for a profile outside every site: the card names the person without a link), once
    per request for each profile in each language: a page of cards links the same few people again and again (each
    of the large site's events names two). A card written without the request (an address relative to no site) is
    remembered apart."""
    return request_memo(
        ("profile address", page.pk, language, id(request)), lambda: page.get_url(request=request) or ""
    )


class CardFacts(NamedTuple):
    """What a card shows, and nothing else: the key under which a written card is remembered."""

    language: str  # its words, its dates' format and its calendar's route are this language's
    level: int
    translation_key: object  # the event's: its anchor and its calendar's address
    title: str
    url: str
    type_label: str
    audience_label: str
    programme_url: str
    city_name: str  # "" where the city is not named
    location: str
    defenders: tuple  # (profile address, name) for each person named
    languages: str
    interpretation: str
    accessibility: tuple
    accessibility_notes: str
    description: str
    registration_url: str
    start: object  # aware datetimes: written in the site's time zone
    end: object


def event_card(event, request, show_city=False, heading_level=None):
    """The card of `event` (a PublicEvent). `heading_level`: 4 under a day's heading, 3 directly under a section's;
    `show_city`: whether its city is named (not on the city's own programme or profile). Defenders' addresses are
    relative to the request's site, as Wagtail's `{% pageurl %}` makes them."""
    return written_card(card_facts(event, request, show_city, heading_level))


def card_facts(event, request, show_city=False, heading_level=None):
    """The CardFacts of `event`'s card in the active language (see `event_card`)."""
    language = translation.get_language()
    return CardFacts(
        language=language,
        level=heading_level or 4,
        translation_key=event.event.translation_key,
        title=event.title,
        url=event.url,
        type_label=event.type_label,
        audience_label=event.audience_label,
        programme_url=event.programme_url,
        city_name=event.municipality.name if show_city else "",
        location=event.location,
        defenders=tuple(
            (profile_address(defender.page, request, language), defender.name) for defender in event.defenders
        ),
        languages=event.languages,
        interpretation=event.interpretation,
        # Labels translated when read: as text, which compares and hashes at once.
        accessibility=tuple(str(feature) for feature in event.accessibility),
        accessibility_notes=event.accessibility_notes,
        description=event.description,
        registration_url=event.registration_url,
        start=event.start,
        end=event.end,
    )


# Cards written lately, by what they show (`CardFacts`): an event's card is the same on every page that shows it (the
# agenda at each filter and page, its tour, its programme, the profiles of its people and city, the home page), and
# writing its dates, escaping and joining its forty values cost more than gathering them. Keyed by the facts
# themselves, a card written before a change can never be given for the changed event, a person no longer named, or
# another language. At most about 3 KB each; emptied when a test changes a setting that the words or dates read.
@functools.lru_cache(maxsize=2048)
def written_card(facts):
    """The markup of a card showing `facts`, written in the active language (which is `facts.language`)."""
    from .models import CityProgrammePage, Event

    when, where_label, with_label, languages_label, accessibility_label, register_label, add_to_calendar = card_words(
        facts.language
    )
    level = text(facts.level)
    title = text(facts.title)
    city = f' · <a href="{text(facts.programme_url)}">{text(facts.city_name)}</a>' if facts.city_name else ""
    where = f"<dt>{where_label}</dt><dd>{text(facts.location)}</dd>" if facts.location else ""
    with_whom = ""
    if facts.defenders:
        names = ", ".join(
            f'<a href="{text(address)}">{text(name)}</a>' if address else text(name)
            for address, name in facts.defenders
        )
        with_whom = f"<dt>{with_label}</dt><dd>{names}</dd>"
    languages = ""
    if facts.languages:
        interpretation = f" ({text(facts.interpretation)})" if facts.interpretation else ""
        languages = f"<dt>{languages_label}</dt><dd>{text(facts.languages)}{interpretation}</dd>"
    accessibility = ""
    if facts.accessibility or facts.accessibility_notes:
        features = ", ".join(text(feature) for feature in facts.accessibility)
        joint = ". " if facts.accessibility and facts.accessibility_notes else ""
        accessibility = f"<dt>{accessibility_label}</dt><dd>{features}{joint}{text(facts.accessibility_notes)}</dd>"
    description = f"<p>{text(facts.description)}</p>" if facts.description else ""
    hidden_title = f'<span class="visually-hidden">: {title}</span>'
    register = (
        f'<a href="{text(facts.registration_url)}">{register_label}{hidden_title}</a> · '
        if facts.registration_url
        else ""
    )
    # The calendar's route reads the event's translation key alone, which the facts carry.
    calendar_url = facts.programme_url + CityProgrammePage.event_calendar_path(facts)
    start, end = facts.start, facts.end
    start_iso, start_text = formatting.iso_datetime(start), formatting.full_datetime(start)
    end_iso, end_text = formatting.iso_datetime(end), formatting.short_time(end)
    # Named by its title and its time, which tell apart two cards of the same title (a talk given in two cities):
    # a page of cards is a list of articles that a screen reader announces by name.
    anchor = text(Event.anchor_for(facts.translation_key))
    card = "".join(
        [
            "\n",
            f'<article class="event" id="{anchor}" aria-labelledby="{anchor}-title {anchor}-when">\n',
            _line(4, ""),
            _line(4, ""),
            _line(
                4,
                f'<h{level} class="event__title" id="{anchor}-title"><a href="{text(facts.url)}">{title}</a>'
                f"</h{level}>",
            ),
            _line(
                4,
                f'<p class="event__meta"><span class="event__type">{text(facts.type_label)}</span> · '
                f"<span>{text(facts.audience_label)}</span>{city}</p>",
            ),
            _line(4, '<dl class="facts">'),
            _line(8, f"<dt>{when}</dt>"),
            _line(
                8,
                f'<dd id="{anchor}-when"><time datetime="{text(start_iso)}">{text(start_text)}'
                f'</time>–<time datetime="{text(end_iso)}">{text(end_text)}</time></dd>',
            ),
            _line(8, where),
            _line(8, with_whom),
            _line(8, languages),
            _line(8, accessibility),
            _line(4, "</dl>"),
            _line(4, description),
            _line(
                4,
                f'<p class="event__links">{register}<a href="{text(calendar_url)}" type="text/calendar">'
                f"{add_to_calendar}{hidden_title}</a></p>",
            ),
            "</article>\n",
        ]
    )
    return mark_safe(card)  # noqa: S308 - every value in it is escaped above


@receiver(setting_changed)
def _forget_written_cards(*, setting, **kwargs):
    if setting in CATALOGUE_SETTINGS | formatting.FORMAT_SETTINGS:
        written_card.cache_clear()
