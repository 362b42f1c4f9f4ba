"""iCalendar (RFC 5545) feeds of PublicEvents only (see visibility.py), their values and lines written by the
`icalendar` library."""

import codecs
import datetime
import functools
import re
import zoneinfo
from typing import NamedTuple

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone
from icalendar.parser import Contentline

from home.catalogues import CATALOGUE_SETTINGS
from home.site_url import absolute_url
from home.validators import single_line

from .agenda import in_programmes, to_public_events, with_programmes

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


def description_labels():
    """The labels of an event's description in the active language."""
    return {
        "with": _("With: %(names)s"),
        "languages": _("Languages: %(languages)s"),
        "interpretation": _("Interpretation: %(interpretation)s"),
        "accessibility": _("Accessibility: %(notes)s"),
        "registration": _("Registration: %(url)s"),
    }


def event_description(event, labels=None):
    """The DESCRIPTION of an event, from its VEventFacts."""
    labels = labels or description_labels()
    lines = [event.type_label, event.audience_label]
    if event.names:
        lines.append(labels["with"] % {"names": ", ".join(event.names)})
    if event.languages:
        lines.append(labels["languages"] % {"languages": event.languages})
    if event.interpretation:
        lines.append(labels["interpretation"] % {"interpretation": event.interpretation})
    accessibility = [str(feature) for feature in event.accessibility]
    if event.accessibility_notes:
        accessibility.append(event.accessibility_notes)
    if accessibility:
        lines.append(labels["accessibility"] % {"notes": "; ".join(accessibility)})
    if event.registration_url:
        lines.append(labels["registration"] % {"url": event.registration_url})
    if event.description:
        lines += ["", event.description]
    # Line breaks stay (icalendar escapes them as \n); any other control character cannot appear in a value.
    text = "\n".join(str(line) for line in lines)
    return "\n".join(one_line(line) for line in text.splitlines())


def calendar_bytes(events, name, description=""):
    """The VCALENDAR of `events` (PublicEvents) as a file: each property's value encoded and its line folded by
    icalendar, as its `Calendar.to_ical()` writes them (date-times aside: `date_time_line`), and the lines put in
    icalendar's order (its canonical properties first, then the others alphabetically). The same bytes as a calendar
    built from icalendar's objects (tests/test_outputs_calendars_feeds.py builds one and compares): building a
    component per event, with a dictionary of properties to sort, then folding every line one character at a time,
    was over half of a calendar's time (a tour's lists hundreds of events, issue 21).

    Strict parsers accept it: one-line text values without control characters (a title with a line break from an
    import is flattened, never a 500), and at least one component even without any event (RFC 5545 forbids an empty
    calendar; the time zone's VTIMEZONE is then the one)."""
    body = [b"BEGIN:VCALENDAR\r\n", *map(content_line, ("VERSION", "PRODID", "CALSCALE", "METHOD"), CALENDAR_FACTS)]
    if description:
        # What the calendar holds, shown by calendar applications (Apple, Google, Thunderbird) when subscribing.
        body.append(content_line("X-WR-CALDESC", one_line(description)))
    body.append(content_line("X-WR-CALNAME", one_line(name)))
    body.append(content_line("X-WR-TIMEZONE", settings.TIME_ZONE))
    # Every date below is in the site's time zone: its VTIMEZONE comes first, and is there even without events.
    body.append(vtimezone_bytes(settings.TIME_ZONE))
    now = timezone.now()
    language = translation.get_language()
    body += [written_vevent(vevent_facts(event, language, now)) for event in events]
    body.append(b"END:VCALENDAR\r\n")
    return b"".join(body)


class VEventFacts(NamedTuple):
    """What an event's VEVENT says, and nothing else: the key under which its lines are remembered. Read from a
    PublicEvent, so it holds only what the visibility rule lets through (a by-invitation event's location is its
    venue's name, never its address)."""

    language: str  # the description's labels
    title: str
    start: datetime.datetime
    end: datetime.datetime
    stamp: datetime.datetime  # when its programme was last published
    uid: str
    type_label: str
    audience_label: str
    names: tuple  # of the people named with it
    languages: str
    interpretation: str
    accessibility: tuple
    accessibility_notes: str
    registration_url: str
    description: str
    location: str
    url: str


def vevent_facts(event, language, now):
    return VEventFacts(
        language,
        event.title,
        event.start,
        event.end,
        event.event.page.last_published_at or now,
        event.uid,
        event.type_label,
        event.audience_label,
        tuple(defender.name for defender in event.defenders),
        event.languages,
        event.interpretation,
        # Labels translated when read: as text, which compares and hashes at once.
        tuple(str(feature) for feature in event.accessibility),
        event.accessibility_notes,
        event.registration_url,
        event.description,
        event.location,
        event.url,
    )


# VEVENTs written lately, by what they say (`VEventFacts`): an event is in its tour's, its programme's, the agenda's,
# its city's and its people's calendars, and encoding and folding its lines was most of a calendar's time (a tour's
# holds 150 events on the large site). Keyed by the facts themselves, what was written before a change can never be
# given for the changed event or another language. About 1 KB each; emptied when a test changes a setting that the
# labels, the time zone or the site's address read.
@functools.lru_cache(maxsize=4096)
def written_vevent(facts):
    """The VEVENT of `facts`, its lines as icalendar writes them, in the active language (`facts.language`)."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    lines = [
        b"BEGIN:VEVENT\r\n",
        content_line("SUMMARY", one_line(facts.title)),
        date_time_line("DTSTART", facts.start.astimezone(tz)),
        date_time_line("DTEND", facts.end.astimezone(tz)),
        # In UTC, as RFC 5545 requires (and icalendar's `add` converts it to).
        date_time_line("DTSTAMP", facts.stamp.astimezone(datetime.UTC)),
        content_line("UID", facts.uid),
        content_line("CATEGORIES", [one_line(facts.type_label)]),
        content_line("CLASS", "PUBLIC"),
        content_line("DESCRIPTION", event_description(facts)),
    ]
    if facts.location:
        lines.append(content_line("LOCATION", one_line(facts.location)))
    lines += [content_line("URL", absolute_url(facts.url)), b"END:VEVENT\r\n"]
    return b"".join(lines)


@receiver(setting_changed)
def _forget_written_vevents(*, setting, **kwargs):
    if setting in CATALOGUE_SETTINGS | {"TIME_ZONE", "SITE_URL"}:
        written_vevent.cache_clear()


def date_time_line(name, moment):
    """A DATE-TIME property's line as icalendar writes it: the digits, after the TZID of `moment`'s zone (a
    `zoneinfo` zone), or with a "Z" when it is in UTC (`datetime.UTC`). Written here because icalendar's date-time
    type took three times as long as a text value to write, with three on every event."""
    digits = f"{moment.year:04}{moment.month:02}{moment.day:02}T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    if moment.tzinfo is datetime.UTC:
        return f"{name}:{digits}Z\r\n".encode()
    return f"{name};TZID={moment.tzinfo.key}:{digits}\r\n".encode()


CALENDAR_FACTS = ("2.0", PRODID, "GREGORIAN", "PUBLISH")
# RFC 5545: content lines longer than 75 octets are folded.
FOLD_OCTETS = 75


def content_line(name, value):
    """A property's line, with its CRLF, as icalendar writes it: `value` encoded by the type icalendar gives the
    property `name` (TEXT escaped, a calendar application's own X- property as it is), and the line folded as
    icalendar folds it once it reaches 75 octets (most are shorter: UIDs, categories). A value with parameters is
    written by icalendar's `Contentline`; ours have none, and `NAME:value` is what it would write for them."""
    encoded = property_type(name)(value)
    params = getattr(encoded, "params", None)
    if params:
        data = Contentline.from_parts(name, params, encoded).encode("utf-8")
    else:
        # `Contentline` decodes the value as "utf-8-sig", which drops a byte order mark at its start.
        data = name.encode("ascii") + b":" + encoded.to_ical().removeprefix(codecs.BOM_UTF8)
    return (data if len(data) < FOLD_OCTETS else folded(data)) + b"\r\n"


@functools.cache
def property_type(name):
    """The value type icalendar gives the property `name`, looked up once per process (a calendar writes some ten
    lines per event)."""
    return Calendar.types_factory.for_property(name)


def folded(data):
    """The UTF-8 line `data` folded as icalendar's `Contentline.to_ical()` folds it (RFC 5545 3.1): a CRLF and a space
    before the character that would make a line reach 75 octets, never inside a character's UTF-8 bytes, and never
    right after a backslash or caret that escapes the next character (the escape moves down with it). icalendar
    measures every character's bytes one at a time, which made a third of a tour's calendar; here the line is cut
    in its bytes, stepping back from a UTF-8 continuation byte to where its character starts, and
    tests/test_outputs_calendars_feeds.py compares both on lines of every kind."""
    pieces, start = [], 0
    while len(data) - start >= FOLD_OCTETS:
        end = start + FOLD_OCTETS - 1
        while data[end] & 0xC0 == 0x80:
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


@functools.cache
def vtimezone_bytes(tzid):
    """The VTIMEZONE of `tzid` as icalendar writes it, built once per process (its transitions took a tenth of a
    calendar's time)."""
    return Timezone.from_tzid(tzid).to_ical()


def calendar_response(request, events, name, filename, description="", limit=None, programmes=None):
    """The calendar of public `events`: a query set of them, or Event rows already loaded as `for_listing(
    with_programmes=False)` loads them; all of them, or the `limit` soonest. Each event takes its programme (with its
    municipality and locale) from `programmes`, those that the events were read among when the caller has them
    loaded already, or else from one query for the programmes of the events listed: a copy of programme,
    municipality and locale with every event cost more than that query (a calendar lists up to 300 events)."""
    if isinstance(events, list):
        rows = events[:limit]
    else:
        rows = events.for_listing(with_programmes=False)
        rows = list(rows[:limit] if limit is not None else rows)
    rows = in_programmes(rows, programmes) if programmes is not None else with_programmes(rows)
    body = calendar_bytes(to_public_events(request, rows), name, description)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
