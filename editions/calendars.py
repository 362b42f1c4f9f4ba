"""iCalendar (RFC 5545) feeds, built with the `icalendar` library from PublicEvents only (see visibility.py)."""

import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .agenda import to_public_events

PRODID = "-//Ciutats Defensores dels Drets Humans//Editions//EN"


def event_description(event):
    lines = [event.type_label, event.audience_label]
    if event.defenders:
        lines.append(_("With: %(names)s") % {"names": ", ".join(defender.name for defender in event.defenders)})
    if event.languages:
        lines.append(_("Languages: %(languages)s") % {"languages": event.languages})
    if event.interpretation:
        lines.append(_("Interpretation: %(interpretation)s") % {"interpretation": event.interpretation})
    accessibility = [str(feature) for feature in event.accessibility]
    if event.accessibility_notes:
        accessibility.append(event.accessibility_notes)
    if accessibility:
        lines.append(_("Accessibility: %(notes)s") % {"notes": "; ".join(accessibility)})
    if event.registration_url:
        lines.append(_("Registration: %(url)s") % {"url": event.registration_url})
    if event.description:
        lines += ["", event.description]
    return "\n".join(str(line) for line in lines)


def build_calendar(request, events, name):
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", event.uid)
        entry.add("dtstamp", event.event.page.last_published_at or now)
        entry.add("dtstart", event.start.astimezone(tz))
        entry.add("dtend", event.end.astimezone(tz))
        entry.add("summary", event.title)
        entry.add("description", event_description(event))
        entry.add("url", request.build_absolute_uri(event.url))
        entry.add("categories", [str(event.type_label)])
        entry.add("class", "PUBLIC")
        # The visibility rule decides: a by-invitation event's location is its venue name, never its address.
        if event.location:
            entry.add("location", event.location)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar


def calendar_response(request, queryset, name, filename):
    events = to_public_events(request, list(queryset.for_listing()))
    body = build_calendar(request, events, name).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
