"""iCalendar (RFC 5545) feeds, built with the `icalendar` library from PublicEvents only (see visibility.py)."""

import functools
import re
import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from home.site_url import absolute_url
from home.validators import single_line

from .agenda import in_programmes, to_public_events
from .models import CityProgrammePage

PRODID = "-//Ciutats Defensores dels Drets Humans//Editions//EN"
# What `single_line` flattens: control characters (Unicode category Cc) and the other line breakers.
NEEDS_FLATTENING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(value):
    """`home.validators.single_line(value)`, which walks every character: only for the text that holds something to
    flatten (the others only lose their runs of spaces). A calendar writes some ten values per event."""
    text = str(value or "")
    if NEEDS_FLATTENING.search(text):
        return single_line(text)
    return " ".join(text.split())


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
    # Line breaks stay (icalendar escapes them as \n); any other control character cannot appear in a value.
    text = "\n".join(str(line) for line in lines)
    return "\n".join(one_line(line) for line in text.splitlines())


def build_calendar(request, events, name, description=""):
    """A VCALENDAR that strict parsers accept: one-line text values without control characters (a title with a
    line break from an import is flattened, never a 500), and at least one component even without any event (RFC
    5545 forbids an empty calendar; the time zone's VTIMEZONE is then the one)."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        # What the calendar holds, shown by calendar applications (Apple, Google, Thunderbird) when subscribing.
        calendar.add("x-wr-caldesc", one_line(description))
    now = timezone.now()
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", event.uid)
        entry.add("dtstamp", event.event.page.last_published_at or now)
        entry.add("dtstart", event.start.astimezone(tz))
        entry.add("dtend", event.end.astimezone(tz))
        entry.add("summary", one_line(event.title))
        entry.add("description", event_description(event))
        entry.add("url", absolute_url(event.url))
        entry.add("categories", [one_line(event.type_label)])
        entry.add("class", "PUBLIC")
        # The visibility rule decides: a by-invitation event's location is its venue name, never its address.
        if event.location:
            entry.add("location", one_line(event.location))
        calendar.add_component(entry)
    # Every date above is in the site's time zone: its VTIMEZONE comes first, where add_missing_timezones() would put
    # it, and is there even without events (RFC 5545 forbids an empty calendar).
    calendar.subcomponents.insert(0, vtimezone(settings.TIME_ZONE))
    return calendar


@functools.cache
def vtimezone(tzid):
    """The VTIMEZONE of `tzid`, built once per process (its transitions took a tenth of a calendar's time); never
    changed once built, so every calendar may hold the same one."""
    return Timezone.from_tzid(tzid)


# RFC 5545: content lines longer than 75 octets are folded.
FOLD_OCTETS = 75


def calendar_bytes(calendar):
    """`calendar.to_ical()`, byte for byte, without folding the lines that need no folding: icalendar folds a line
    by walking it one character at a time in Python, a fifth of a calendar's time, and most lines (dates, UIDs,
    URLs, categories) are short."""
    lines = []
    for line in calendar.content_lines():
        if not line:
            continue
        data = line.encode("utf-8")
        # icalendar folds a line once it reaches 75 octets; a shorter one comes out unchanged.
        lines.append(data if len(data) < FOLD_OCTETS else line.to_ical())
    return b"\r\n".join(lines) + b"\r\n"


def calendar_response(request, queryset, name, filename, description="", limit=None, programmes=None):
    """The calendar of `queryset`'s public events: all of them, or the `limit` soonest. Each event takes its programme
    (with its municipality and locale) from `programmes`, those that `queryset` reads its events among when the caller
    has them loaded already, or else from one query for the programmes of the events listed: a copy of programme,
    municipality and locale with every event cost more than that query (a calendar lists up to 300 events)."""
    rows = queryset.for_listing(with_programmes=False)
    if limit is not None:
        rows = rows[:limit]
    rows = list(rows)
    if programmes is None:
        programmes = CityProgrammePage.objects.filter(pk__in={row.page_id for row in rows}).select_related(
            "municipality", "locale"
        )
    rows = in_programmes(rows, programmes)
    events = to_public_events(request, rows)
    body = calendar_bytes(build_calendar(request, events, name, description))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
