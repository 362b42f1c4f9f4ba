"""schema.org Event JSON-LD for public events: built from PublicEvents, so it cannot say more than the page."""

from django import template

from home import formatting
from home.json_ld import ld_json_script
from home.site_url import absolute_url

from ..cards import event_card as write_event_card
from ..visibility import Audience

register = template.Library()


def event_jsonld(request, event):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        # In the site's time zone, as the card's <time> elements: the hour a reader of the data sees is the poster's.
        "startDate": formatting.iso_datetime(event.start),
        "endDate": formatting.iso_datetime(event.end),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "url": absolute_url(event.url),
        "location": {
            "@type": "Place",
            "name": event.venue_name or event.municipality.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "addressLocality": event.municipality.name,
                "addressCountry": "ES",
            },
        },
    }
    if event.description:
        data["description"] = event.description
    # Protected defenders stay out of every machine-readable channel (defenders/safety.py: in_open_data).
    performers = [{"@type": "Person", "name": defender.name} for defender in event.defenders if defender.in_open_data]
    if performers:
        data["performer"] = performers
    return data


@register.simple_tag(takes_context=True)
def events_jsonld(context, events):
    request = context["request"]
    # Only events open to the public are announced to machines; by-invitation ones stay on the page.
    items = [event_jsonld(request, event) for event in events if event.audience == Audience.PUBLIC]
    if not items:
        return ""
    return ld_json_script(items if len(items) > 1 else items[0])


@register.simple_tag(takes_context=True)
def event_card(context, event, show_city=False, heading_level=None):
    """`{% event_card event show_city=True heading_level=3 %}`: the card of a PublicEvent (editions/cards.py)."""
    return write_event_card(event, context.get("request"), show_city=show_city, heading_level=heading_level)
