"""iCalendar (RFC 5545) feeds, written from PublicEvents only (see visibility.py), byte for byte as the `icalendar`
library writes them (tests/test_outputs_calendars_feeds.py)."""

import datetime
import functools
import re
import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Timezone
from icalendar.parser import Contentline

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


def calendar_bytes(events, name, description=""):
    """The VCALENDAR of `events` (PublicEvents) as a file, written line by line: the same bytes as icalendar's
    `Calendar.to_ical()` for the same components (tests/test_outputs_calendars_feeds.py builds the calendar with
    icalendar's objects and compares). Building an icalendar object and a typed value for every property of every
    event, then folding each line one character at a time, was over half of a calendar's time (a tour's lists
    hundreds of events, issue 21).

    Strict parsers accept it: one-line text values without control characters (a title with a line break from an
    import is flattened, never a 500), and at least one component even without any event (RFC 5545 forbids an empty
    calendar; the time zone's VTIMEZONE is then the one). Properties come in icalendar's order: its canonical ones
    first, then the others alphabetically."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{text(PRODID)}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    # The calendar applications' own properties (Apple, Google, Thunderbird) are written unescaped, as icalendar
    # writes a property it does not know, and as those applications have been reading them.
    if description:
        # What the calendar holds, shown when subscribing.
        lines.append(f"X-WR-CALDESC:{one_line(description)}")
    lines.append(f"X-WR-CALNAME:{one_line(name)}")
    lines.append(f"X-WR-TIMEZONE:{settings.TIME_ZONE}")
    body = [line_bytes(line) for line in lines]
    # Every date below is in the site's time zone: its VTIMEZONE comes first, and is there even without events.
    body.append(vtimezone_bytes(settings.TIME_ZONE))
    now = timezone.now()
    zone = f";TZID={settings.TIME_ZONE}:"
    for event in events:
        lines = [
            "BEGIN:VEVENT",
            f"SUMMARY:{text(one_line(event.title))}",
            f"DTSTART{zone}{moment(event.start.astimezone(tz))}",
            f"DTEND{zone}{moment(event.end.astimezone(tz))}",
            # In UTC, as RFC 5545 requires (Django's dates are).
            f"DTSTAMP:{moment((event.event.page.last_published_at or now).astimezone(datetime.UTC))}Z",
            f"UID:{text(event.uid)}",
            f"CATEGORIES:{text(one_line(event.type_label))}",
            "CLASS:PUBLIC",
            f"DESCRIPTION:{text(event_description(event))}",
        ]
        # The visibility rule decides: a by-invitation event's location is its venue name, never its address.
        if event.location:
            lines.append(f"LOCATION:{text(one_line(event.location))}")
        lines += [f"URL:{absolute_url(event.url)}", "END:VEVENT"]
        body += [line_bytes(line) for line in lines]
    body.append(b"END:VCALENDAR\r\n")
    return b"".join(body)


def text(value):
    """A TEXT value escaped as icalendar 7 escapes it (RFC 5545, 3.3.11), in its order: a literal "\\N" is read as a
    line break first, as icalendar does."""
    return (
        str(value)
        .replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def moment(value):
    """A DATE-TIME's digits, as icalendar writes them (its time zone is the property's TZID, or UTC: a "Z" after)."""
    return f"{value.year:04}{value.month:02}{value.day:02}T{value.hour:02}{value.minute:02}{value.second:02}"


# RFC 5545: content lines longer than 75 octets are folded.
FOLD_OCTETS = 75


def line_bytes(line):
    """A content line with its CRLF, folded by icalendar once it reaches 75 octets (most lines are shorter: dates,
    UIDs, categories)."""
    data = line.encode("utf-8")
    return (data if len(data) < FOLD_OCTETS else Contentline(line).to_ical()) + b"\r\n"


@functools.cache
def vtimezone_bytes(tzid):
    """The VTIMEZONE of `tzid` as icalendar writes it, built once per process (its transitions took a tenth of a
    calendar's time)."""
    return Timezone.from_tzid(tzid).to_ical()


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
    body = calendar_bytes(to_public_events(request, rows), name, description)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
