"""Calendars and feeds as real clients read them: icalendar's strict validate(), two other calendar parsers
(recurring-ical-events, which calendar integrations use to expand events, and vobject, a parser of its own), and
feedparser for RSS and Atom. Every URL inside is absolute on SITE_URL."""

import datetime
import random
import zoneinfo

import feedparser
import pytest
import recurring_ical_events
import vobject
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone, translation
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent
from wagtail.models import Page

from editions.agenda import to_public_events
from editions.calendars import PRODID, calendar_bytes, content_line, event_description, one_line, vevent_facts
from editions.factories import EventFactory, madrid
from editions.models import Event
from home.site_url import absolute_url
from home.validators import single_line
from tests import outputs_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


def calendar_urls(site):
    return {
        "tour": site["tour"].url + "calendari.ics",
        "tour without events": site["past tour"].url + "calendari.ics",
        "programme": site["programme"].url + "calendari.ics",
        "agenda": site["tour index"].url + "agenda/calendari.ics",
        "agenda, nothing matches": site["tour index"].url + "agenda/calendari.ics?date_from=2099-01-01",
        "municipality": "/ca/ciutats/sabadell/calendari.ics",
        "defender": f"/ca/calendaris/defensors/{site['public defender'].slug}.ics",
    }


def read_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def three_parsers(body):
    """The calendar as icalendar (validated), recurring-ical-events and vobject read it: summaries of its events."""
    calendar = Calendar.from_ical(body)
    calendar.validate()  # RFC 5545: PRODID, VERSION and at least one component
    by_icalendar = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    expanded = recurring_ical_events.of(calendar).between(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))
    by_recurring = sorted(str(event["SUMMARY"]) for event in expanded)
    parsed = vobject.readOne(body.decode())
    by_vobject = sorted(component.summary.value for component in parsed.components() if component.name == "VEVENT")
    assert by_icalendar == by_recurring == by_vobject
    return by_icalendar


@pytest.mark.parametrize(
    "name",
    ["tour", "tour without events", "programme", "agenda", "agenda, nothing matches", "municipality", "defender"],
)
def test_every_calendar_is_valid_for_three_parsers(client, site, name, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC))
    body = read_calendar(client, calendar_urls(site)[name])
    summaries = three_parsers(body)
    expected = {"tour without events": [], "agenda, nothing matches": []}.get(name, ["Taula rodona", "Xerrada oberta"])
    assert summaries == expected
    for event in Calendar.from_ical(body).walk("VEVENT"):
        assert str(event["URL"]).startswith(f"{settings.SITE_URL}/ca/")


def test_line_breaks_and_control_characters_in_titles_never_break_a_calendar(client, site):
    programme = site["programme"]
    # Content from before the validators (or from an import): written past them, straight to the database.
    Page.objects.filter(pk=programme.pk).update(title="Sabadell\nprograma\x0bcomplet")
    Event.objects.filter(page=programme, title="Xerrada oberta").update(title="Xerrada\r\noberta\x07")
    body = read_calendar(client, programme.url + "calendari.ics")
    assert three_parsers(body) == ["Taula rodona", "Xerrada oberta"]
    calendar = Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == "Sabadell programa complet"
    # Lines of the file are folded at 75 octets and end in CRLF, as RFC 5545 says.
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_feeds_parse_with_dates_authors_and_absolute_urls(client, site):
    for url, kind in [
        (site["news index"].url + "rss.xml", "rss20"),
        (site["news index"].url + "atom.xml", "atom10"),
        (site["defender index"].url + "feed/", "rss20"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        assert feed.version == kind
        assert feed.feed.link.startswith(f"{settings.SITE_URL}/ca/")
        assert feed.entries, url
        for entry in feed.entries:
            assert entry.link.startswith(f"{settings.SITE_URL}/ca/"), url
            assert entry.published_parsed is not None, url  # RSS items carry pubDate
        if kind == "atom10":
            # RFC 4287: every entry has an author, its own or the feed's.
            assert feed.feed.author == "Ciutats Defensores dels Drets Humans"
            assert all(entry.author for entry in feed.entries)
            assert all(entry.updated_parsed for entry in feed.entries)
        links = [link.href for link in feed.feed.get("links", []) if link.get("rel") == "self"]
        assert links == [f"{settings.SITE_URL}{url}"]


def test_defenders_feed_lists_no_protected_defender(client, site):
    feed = feedparser.parse(client.get(site["defender index"].url + "feed/").content)
    titles = {entry.title for entry in feed.entries}
    assert {"Riu Public", "Riu Limited"} <= titles
    assert "Riu Protected" not in titles


def test_titles_refuse_control_characters_in_the_admin(admin_client, site):
    """Through the admin's own edit view: the title field says what is wrong, nothing is saved."""
    page = site["standard"]
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if not isinstance(form[name].value(), list)}
    data.update(
        {
            "title": "Qui\nsom",
            "slug": page.slug,
            "body-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    page.refresh_from_db()
    assert "\n" not in page.title


def test_event_titles_refuse_control_characters(site):
    event = site["programme"].events.first()
    event.title = "Xerrada\noberta"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "title" in error.value.message_dict


@override_settings(EMAIL_BACKEND="home.mail.SingleLineSubjectBackend")
def test_email_subjects_lose_their_line_breaks(db):
    from django.core.mail import send_mail

    send_mail('The page "Qui\nsom" has been\r\nsubmitted', "Body", "web@example.org", ["moderator@example.org"])
    assert [message.subject for message in mail.outbox] == ['The page "Qui som" has been submitted']


def reference_calendar(events, name, description=""):
    """The calendar of `events` (PublicEvents) as icalendar's own objects write it: what `calendar_bytes` writes line
    by line must be the same file. The description's text is ours (`event_description`; which fact goes on which of
    its lines: tests/test_event_card.py); how it is encoded and folded is what is compared here."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        calendar.add("x-wr-caldesc", one_line(description))
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", event.uid)
        entry.add("dtstamp", event.event.page.last_published_at or timezone.now())
        entry.add("dtstart", event.start.astimezone(tz))
        entry.add("dtend", event.end.astimezone(tz))
        entry.add("summary", one_line(event.title))
        entry.add("description", event_description(vevent_facts(event, translation.get_language(), timezone.now())))
        entry.add("url", absolute_url(event.url))
        entry.add("categories", [one_line(event.type_label)])
        entry.add("class", "PUBLIC")
        if event.location:
            entry.add("location", one_line(event.location))
        calendar.add_component(entry)
    return calendar


def test_calendar_files_are_the_ones_icalendar_writes_to_the_byte(client, rf, site, monkeypatch):
    """editions.calendars writes each line itself: whatever the length, the multibyte letters, the escapes (commas,
    semicolons, backslashes, a literal "\\N", line breaks) around the 75-octet fold, the file is icalendar's."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC))
    programme, defenders = site["programme"], [site["public defender"]]
    for number, length in enumerate(range(55, 170, 6)):
        event = EventFactory(
            title=("àç, l·l; \\N x " * 20)[:length],
            audience=["public", "invitation"][number % 2],
            start=madrid(2027, 4, 15, 10) + datetime.timedelta(minutes=number),
            description=("Text; amb, comes \\ i 🙂 " * 10)[:length] + "\r\nSegona línia\rtercera",
            venue_name="Sala, " + "é" * (length // 3),
            venue_address=f"Carrer; {length}, 08201",
            languages="català, castellà",
            accessibility_notes="Bucle; magnètic" * (number % 3),
        )
        event.page, event.locale = programme, programme.locale
        event.save()
        event.defenders.set(defenders)
        event.save()
    body = read_calendar(client, programme.url + "calendari.ics")
    events = to_public_events(rf.get(programme.url), list(programme.public_events().for_listing()))
    assert len(events) == 22
    assert body == reference_calendar(events, programme.title).to_ical()
    # A description (as the agenda's and the cities' calendars have), a page never published, and no events at all.
    Page.objects.filter(pk=programme.pk).update(last_published_at=None)
    events = to_public_events(rf.get(programme.url), list(programme.public_events().for_listing()))
    name, description = "Agenda; de \\ Sabadell, " * 4, "Actes públics, d'aquí a sis mesos; " * 5
    assert calendar_bytes(events, name, description) == reference_calendar(events, name, description).to_ical()
    assert calendar_bytes([], name) == reference_calendar([], name).to_ical()


def test_lines_are_folded_where_icalendar_folds_them():
    """`content_line` leaves a line shorter than 75 octets as it is and has icalendar fold the others: every length
    around the limit, with letters of one to four octets and escapes that must not be split."""
    for filler in ("x", "é", "àç, l·l; ", "🙂", "a\\,"):
        for length in range(40, 170):
            value = (filler * 200)[:length]
            entry = CalendarEvent()
            entry.add("summary", value)
            assert entry.to_ical() == b"BEGIN:VEVENT\r\n" + content_line("SUMMARY", value) + b"END:VEVENT\r\n"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("summary", "\ufeffConcert"),  # a title pasted with a byte order mark: icalendar drops it
        ("summary", "\ufeff\ufeffDos marques"),
        ("summary", "\ufeff" + "é" * 80),
        ("summary", "Al mig \ufeff queda"),
        ("categories", ["\ufeffXerrada", "Taula"]),
        ("url", "\ufeffhttps://example.org/acte/"),
        ("x-wr-calname", "\ufeffAgenda de Sabadell"),
    ],
)
def test_values_are_written_as_icalendar_writes_them(name, value):
    """`content_line` writes a value without parameters itself: the same bytes as icalendar's own component."""
    component = Calendar() if name.startswith("x-") else CalendarEvent()
    component.add(name, value)
    kind = b"VCALENDAR" if name.startswith("x-") else b"VEVENT"
    expected = component.to_ical()
    assert expected == b"BEGIN:" + kind + b"\r\n" + content_line(name.upper(), value) + b"END:" + kind + b"\r\n"


@pytest.mark.parametrize(
    "text",
    ["", "Xerrada", "  dos   espais  ", "línia\nnova", "tab\tcontrol\x07", "\x85 i \u2028 i \u2029", "\x7f\x9f"]
    + ["a\u3000b"],
)
def test_calendar_values_are_flattened_as_single_line_does(text):
    """editions.calendars.one_line skips home.validators.single_line's walk only when there is nothing to flatten."""
    assert one_line(text) == single_line(text)
    assert one_line(None) == single_line(None) == ""


@pytest.mark.parametrize(
    "line",
    [
        "",
        "X" * 74,
        "X" * 75,
        "DESCRIPTION:" + "a" * 61 + "\\n" + "b" * 200,  # an escape right at the fold
        "DESCRIPTION:" + "a" * 62 + "\\;" + "b" * 100,
        "SUMMARY:" + "é" * 40 + "😀" * 30,  # two- and four-byte characters across folds
        "X-PARAM;CN=^'" + "c" * 59 + "^^" + "d" * 90,
    ],
)
def test_lines_are_folded_as_icalendar_folds_them(line):
    """editions/calendars.py `folded` writes what icalendar's own `Contentline.to_ical()` writes, byte for byte."""
    from icalendar.parser import Contentline

    from editions.calendars import folded

    assert folded(line.encode()) == Contentline(line).to_ical()


def test_lines_of_any_characters_are_folded_as_icalendar_folds_them():
    from icalendar.parser import Contentline

    from editions.calendars import folded

    randomness = random.Random(21)
    characters = [*'abc \\^;,:"é€😀ñ', *"x" * 10]
    for _ in range(2000):
        line = "".join(randomness.choice(characters) for _ in range(randomness.randint(0, 300)))
        assert folded(line.encode()) == Contentline(line).to_ical(), line
