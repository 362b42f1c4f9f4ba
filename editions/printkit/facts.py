"""What a printed sheet says: the facts of a tour or a city programme, in the page's language, through the site's
visibility rules only.

- events: `agenda.to_public_events()`, the path every public channel takes (`visibility.public_event()`): private
  events never, by-invitation events without their address;
- defenders: `defenders.safety.public_view()`: the events name them as the programme page does (a protected
  defender by pseudonym); the "who is coming" block lists only those the rule lets be listed (`listed`), with a
  portrait and its credit only where the rule shows the photo;
- pictures are read from storage (renditions), never fetched by URL, and handed to the renderer in memory.

A sheet is made either from the live page (the public files) or from the page's latest revision (the admin's draft
preview, `draft=True`); either way the rules above decide what is printed.
"""

import io
import logging
from dataclasses import dataclass, field

import qrcode
import qrcode.image.svg
from django.db.models import Max, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from defenders.models import DefenderPage
from defenders.safety import public_view
from home.models import Institution

from ..agenda import localised_defenders, to_public_events
from ..models import Event, group_by_day
from ..visibility import default_audience
from .dates import date_range, local_date

logger = logging.getLogger(__name__)
PORTRAIT_RENDITION = "fill-600x600|format-jpeg|jpegquality-85"
LOGO_RENDITION = "max-600x300|format-png"


@dataclass(frozen=True)
class Picture:
    """An image for the renderer: its bytes travel with the sheet (see render.SheetFetcher), never a URL."""

    name: str
    data: bytes
    mime: str

    @property
    def src(self):
        return f"cdhr-print:{self.name}"


@dataclass(frozen=True)
class SheetEvent:
    event: object  # visibility.PublicEvent
    time: str


@dataclass(frozen=True)
class SheetDefender:
    name: str
    country: str
    portrait: Picture | None = None
    portrait_alt: str = ""
    credit: str = ""


@dataclass(frozen=True)
class Logo:
    name: str
    picture: Picture | None


@dataclass(frozen=True)
class QRCode:
    label: str
    url: str
    picture: Picture

    @property
    def printed_url(self):
        """The address as people type it: without "https://"."""
        return self.url.split("://", 1)[-1]


@dataclass
class Sheet:
    """Everything a print template shows, and the pictures it needs."""

    templates: dict  # {kind: template}
    language: str
    title: str
    context: dict
    pictures: list = field(default_factory=list)

    def resources(self):
        return {picture.name: (picture.data, picture.mime) for picture in self.pictures}


def read_rendition(image, spec, name):
    """The rendition's bytes as a Picture, or None when the file is missing from storage (the sheet is still made,
    without that picture, rather than failing)."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            data, mime = without_metadata(handle.read())
    except OSError:  # Wagtail's SourceImageIOError included; Pillow's unreadable files too
        logger.warning("Print kit: image %s cannot be read from storage; the sheet is made without it.", image.pk)
        return None
    return Picture(name, data, mime)


def without_metadata(data):
    """(bytes, mime) of the picture saved again with nothing but its pixels: Wagtail copies a photo's EXIF (GPS
    included) into its renditions, and a PDF would carry it to everyone who downloads the poster."""
    with PILImage.open(io.BytesIO(data)) as image:
        image.load()
        buffer = io.BytesIO()
        if image.format == "PNG":
            image.save(buffer, format="PNG")
            return buffer.getvalue(), "image/png"
        image.convert("RGB").save(buffer, format="JPEG", quality=90)
        return buffer.getvalue(), "image/jpeg"


def qr_code(name, url, label):
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,  # the quiet zone scanners need
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return QRCode(label=label, url=url, picture=Picture(name, buffer.getvalue(), "image/svg+xml"))


def sheet_defenders(public_defenders):
    """The "who is coming" block: listed defenders only (public and limited), a portrait and credit only where the
    safety rule shows the photo. A protected defender is never listed; events still name them by pseudonym."""
    result = []
    for defender in public_defenders:
        if not defender.listed:
            continue
        portrait = read_rendition(defender.portrait, PORTRAIT_RENDITION, f"portrait-{defender.page.pk}")
        result.append(
            SheetDefender(
                name=defender.name,
                country=defender.country_name,
                portrait=portrait,
                portrait_alt=defender.portrait_alt if portrait else "",
                credit=defender.portrait_credit if portrait else "",
            )
        )
    # Portraits first, then the names without one: two tidy rows rather than a ragged mix.
    return sorted(result, key=lambda defender: defender.portrait is None)


def many_portraits(defenders):
    return sum(defender.portrait is not None for defender in defenders) > 5


def founding_institutions(locale):
    """The four founders, named in `locale` (falling back to the Catalan source), with their logos."""
    founders = Institution.objects.filter(live=True, role=Institution.Role.FOUNDER).select_related("logo", "locale")
    local = list(founders.filter(locale=locale))
    if not local:
        local = list(founders.filter(locale__language_code="ca"))
    return [
        Logo(institution.name, read_rendition(institution.logo, LOGO_RENDITION, f"logo-{institution.pk}"))
        for institution in local
    ]


def council_logo(municipality):
    picture = read_rendition(municipality.coat_of_arms, LOGO_RENDITION, f"arms-{municipality.pk}")
    return Logo(municipality.name, picture)


def draft_events(programme):
    """The public view of the events of a programme's latest revision (held in memory, not in the database).

    They take the same path as the live ones (`to_public_events`), which reads each event's defenders from
    `defender_ids` the way `Event.objects.for_listing()` annotates them. Events still without a start (drafts skip
    validation) cannot be printed yet; an event without an audience gets its type's default, as on saving.
    """
    events = sorted((event for event in programme.events.all() if event.start), key=lambda event: event.start)
    for event in events:
        event.end = event.end or event.start
        # What Event.save() will do on publishing: an empty audience is the event type's default.
        event.audience = event.audience or default_audience(event.event_type)
        event.defender_ids = ",".join(str(defender.pk) for defender in event.defenders.all())
    return to_public_events(None, events)


def live_events(programme):
    return to_public_events(None, list(programme.public_events().for_listing()))


def season_line(tour):
    """ "Primavera 2027 · Edició XVII"."""
    season = f"{tour.get_season_display()} {tour.year}"
    if not tour.edition_number:
        return season
    return f"{season} · " + _("Edition %(number)s") % {"number": tour.roman_number}


def name_and_season(tour):
    """The tour's name, and its season when the name does not already say it."""
    season = str(tour.get_season_display())
    if season.lower() in tour.title.lower():
        return tour.title
    return f"{tour.title} · {season} {tour.year}"


def time_label(event):
    start, end = local_date(event.start, "time"), local_date(event.end, "time")
    return start if start == end else f"{start}–{end}"


def event_weight(item, dense):
    """Roughly how many lines an event takes on a poster: what the two columns are balanced by."""
    return 2 + (bool(item.event.defenders) and not dense)


def split_in_columns(days, dense=False):
    """The days in two columns of about equal height, in reading order (left column first). A day split between
    the columns repeats its heading at the top of the second. Done here rather than with CSS columns, whose
    balancing made a 20-event poster take seconds to lay out."""
    rows = [(day, item) for day, items in days for item in items]
    total = sum(event_weight(item, dense) + 1 for _day, item in rows)
    left_weight, split = 0, len(rows)
    for index, (_day, item) in enumerate(rows):
        if left_weight >= total / 2:
            split = index
            break
        left_weight += event_weight(item, dense) + 1
    columns = []
    for part in (rows[:split], rows[split:]):
        grouped = []
        for day, item in part:
            if not grouped or grouped[-1][0] != day:
                grouped.append((day, []))
            grouped[-1][1].append(item)
        columns.append(grouped)
    return [column for column in columns if column]


def density(count):
    """How tightly a poster sets its events, so that a programme of up to about two dozen fits one sheet."""
    if count <= 6:
        return "roomy"
    return "compact" if count <= 12 else "dense"


def programme_sheet(programme, tour, draft=False):
    """The facts of a city programme's poster and leaflet."""
    events = draft_events(programme) if draft else live_events(programme)
    days = [
        (local_date(day, "day"), [SheetEvent(event, time_label(event)) for event in day_events])
        for day, day_events in group_by_day(events)
    ]
    # Everyone taking part in a public event, once each, in order of appearance.
    seen, taking_part = set(), []
    for event in events:
        for defender in event.defenders:
            if defender.page.pk not in seen:
                seen.add(defender.page.pk)
                taking_part.append(defender)
    programme_url = programme.get_full_url()
    codes = [
        qr_code("qr-programme", programme_url, _("Programme")),
        # The calendar's address in the programme's language (calendari.ics, calendario.ics, calendar.ics).
        qr_code("qr-calendar", programme_url + programme.reverse_subpage("calendar"), _("Add to your calendar")),
    ]
    defenders = sheet_defenders(taking_part)
    logos = [*founding_institutions(programme.locale), council_logo(programme.municipality)]
    city = programme.municipality.name
    level = density(len(events))
    dates = date_range(events[0].day, events[-1].day) if events else date_range(tour.start_date, tour.end_date)
    context = {
        "tour": tour,
        "kicker": name_and_season(tour),
        "heading": city,
        "dates_line": dates,
        "days": days,
        # The poster sets more than a handful of events in two columns; the leaflet always in one.
        "columns": split_in_columns(days, level == "dense") if len(events) > 6 else [days][: len(days)],
        "one_column": [days][: len(days)],
        "density": level,
        "defenders": defenders,
        "many_portraits": many_portraits(defenders),
        "qr_codes": codes,
        "logos": logos,
    }
    title = _("%(city)s: programme · %(tour)s") % {"city": city, "tour": tour.title}
    pictures = [code.picture for code in codes]
    pictures += [defender.portrait for defender in defenders if defender.portrait]
    pictures += [logo.picture for logo in logos if logo.picture]
    templates = {"poster": "editions/print/programme_poster.html", "leaflet": "editions/print/programme_leaflet.html"}
    return Sheet(templates, programme.locale.language_code, title, context, pictures)


def tour_cities(tour):
    """Each city of the tour with the dates of its public events (one query for all of them)."""
    programmes = list(tour.programmes())
    spans = {
        row["page_id"]: row
        for row in Event.objects.public()
        .filter(page__in=programmes)
        .values("page_id")
        .annotate(first=Min("start"), last=Max("end"))
    }
    cities = []
    for programme in programmes:
        span = spans.get(programme.pk)
        dates = ""
        if span:
            dates = date_range(timezone.localtime(span["first"]).date(), timezone.localtime(span["last"]).date())
        cities.append({"name": programme.municipality.name, "dates": dates})
    return cities


def tour_defenders(tour):
    """The tour's participating defenders the public may reach, in its language (works on a revision too)."""

    ids = [link.defender_id for link in tour.participating_defenders.all()]
    reachable = DefenderPage.objects.public().in_bulk(ids)
    pages = localised_defenders([reachable[pk] for pk in ids if pk in reachable], tour.locale_id)
    return [public_view(page) for page in pages]


def tour_sheet(tour):
    """The facts of a tour's poster: every city with its dates."""
    tour_url = tour.get_full_url()
    codes = [qr_code("qr-tour", tour_url, _("The whole tour"))]
    defenders = sheet_defenders(tour_defenders(tour))
    logos = founding_institutions(tour.locale)
    context = {
        "tour": tour,
        "kicker": "" if str(tour.get_season_display()).lower() in tour.title.lower() else season_line(tour),
        "heading": tour.title,
        "dates_line": date_range(tour.start_date, tour.end_date),
        "cities": tour_cities(tour),
        "defenders": defenders,
        "many_portraits": many_portraits(defenders),
        "qr_codes": codes,
        "logos": logos,
    }
    pictures = [code.picture for code in codes]
    pictures += [defender.portrait for defender in defenders if defender.portrait]
    pictures += [logo.picture for logo in logos if logo.picture]
    templates = {"poster": "editions/print/tour_poster.html"}
    return Sheet(templates, tour.locale.language_code, tour.title, context, pictures)


def sheet_for(page, draft=False):
    """The Sheet of a tour or a city programme, written in the page's own language."""
    from ..models import CityProgrammePage

    with translation.override(page.locale.language_code):
        if isinstance(page, CityProgrammePage):
            return programme_sheet(page, page.get_parent().specific, draft=draft)
        return tour_sheet(page)
