"""schema.org Event JSON-LD for public events: built from PublicEvents, so it cannot say more than the page."""

import datetime
import functools
from typing import NamedTuple

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver

from home import formatting
from home.json_ld import json_text, ld_json_script_of
from home.site_url import absolute_url

from ..cards import event_card as write_event_card
from ..visibility import Audience

register = template.Library()


class EventDataFacts(NamedTuple):
    """What an event's JSON-LD says, and nothing else: the key under which its JSON text is remembered."""

    title: str
    start: datetime.datetime
    end: datetime.datetime
    url: str
    place: str
    address: str
    city: str
    description: str
    performers: tuple  # the names of the people in the open data (defenders/safety.py: in_open_data)


def event_data_facts(event):
    return EventDataFacts(
        event.title,
        event.start,
        event.end,
        event.url,
        event.venue_name or event.municipality.name,
        event.address,
        event.municipality.name,
        event.description,
        # Protected defenders stay out of every machine-readable channel.
        tuple(defender.name for defender in event.defenders if defender.in_open_data),
    )


# Events' JSON text written lately, by what it says: an event is in the JSON-LD of its programme, its tour's page and
# the agenda, and its dates and dictionary cost more than reading its facts. Emptied when a test changes the time
# zone or the site's address.
@functools.lru_cache(maxsize=4096)
def written_event_data(facts):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": facts.title,
        # In the site's time zone, as the card's <time> elements: the hour a reader of the data sees is the poster's.
        "startDate": formatting.iso_datetime(facts.start),
        "endDate": formatting.iso_datetime(facts.end),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "url": absolute_url(facts.url),
        "location": {
            "@type": "Place",
            "name": facts.place,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": facts.address,
                "addressLocality": facts.city,
                "addressCountry": "ES",
            },
        },
    }
    if facts.description:
        data["description"] = facts.description
    if facts.performers:
        data["performer"] = [{"@type": "Person", "name": name} for name in facts.performers]
    return json_text(data)


@receiver(setting_changed)
def _forget_written_event_data(*, setting, **kwargs):
    if setting in {"TIME_ZONE", "SITE_URL"}:
        written_event_data.cache_clear()


@register.simple_tag(takes_context=True)
def events_jsonld(context, events):
    # Only events open to the public are announced to machines; by-invitation ones stay on the page.
    items = [written_event_data(event_data_facts(event)) for event in events if event.audience == Audience.PUBLIC]
    if not items:
        return ""
    # One event's data alone, several as a list: the text `json.dumps` gives for the list.
    return ld_json_script_of(items[0] if len(items) == 1 else f"[{', '.join(items)}]")


@register.simple_tag(takes_context=True)
def event_card(context, event, show_city=False, heading_level=None):
    """`{% event_card event show_city=True heading_level=3 %}`: the card of a PublicEvent (editions/cards.py)."""
    return write_event_card(event, context.get("request"), show_city=show_city, heading_level=heading_level)
