"""The one rule that decides what the public may see of an event (like defenders/safety.py for defenders).

- private events (school visits and institutional meetings by default) are never shown to the public, in any channel
  (HTML, agenda, calendars, JSON-LD, hooks); editors still see them in the admin;
- by-invitation events are listed, but without the venue address;
- the defenders taking part are always shown through `defenders.safety.public_view` (pseudonym for a protected
  defender, no photo for a limited one).

Querysets call `PUBLIC_AUDIENCES`; templates, feeds and JSON-LD read a `PublicEvent` built by `public_event()`.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from defenders.safety import public_view
from home.catalogues import once_per_language
from home.formatting import site_time


class Audience(models.TextChoices):
    PUBLIC = "public", _("Open to the public")
    INVITATION = "invitation", _("By invitation")
    PRIVATE = "private", _("Private")


class EventType(models.TextChoices):
    OPENING = "opening", _("Opening")
    CLOSING = "closing", _("Closing")
    PUBLIC_TALK = "talk", _("Public talk")
    ROUND_TABLE = "round_table", _("Round table")
    SCHOOL_VISIT = "school_visit", _("School visit")
    INSTITUTIONAL_MEETING = "institutional", _("Institutional meeting")
    MEDIA_INTERVIEW = "media", _("Media interview")
    CULTURAL_ACTIVITY = "cultural", _("Cultural activity")
    OTHER = "other", _("Other")


# Audiences the public may know about at all, and the one whose address may be published.
PUBLIC_AUDIENCES = (Audience.PUBLIC, Audience.INVITATION)
ADDRESS_AUDIENCES = (Audience.PUBLIC,)
# Minors and officials are not announced: these types are private unless an editor decides otherwise.
PRIVATE_BY_DEFAULT = (EventType.SCHOOL_VISIT, EventType.INSTITUTIONAL_MEETING)


def default_audience(event_type):
    return Audience.PRIVATE if event_type in PRIVATE_BY_DEFAULT else Audience.PUBLIC


def is_public(event):
    return event.audience in PUBLIC_AUDIENCES


def shows_address(event):
    return event.audience in ADDRESS_AUDIENCES


@dataclass(frozen=True)
class PublicEvent:
    """What the public may know of one event. Built only by `public_event()`."""

    event: object
    uid: str
    title: str
    event_type: str
    type_label: str
    audience: str
    audience_label: str
    start: object
    end: object
    venue_name: str
    address: str
    languages: str
    interpretation: str
    accessibility: list
    accessibility_notes: str
    registration_url: str
    description: str
    url: str
    programme_url: str
    municipality: object
    defenders: list = field(default_factory=list)

    @property
    def location(self):
        return ", ".join(part for part in (self.venue_name, self.address) if part)

    @property
    def calendar_url(self):
        """This event's own calendar file (RFC 5545), next to its programme."""
        from .models import CityProgrammePage

        return self.programme_url + CityProgrammePage.event_calendar_path(self.event)

    @property
    def day(self):
        # The day where the event takes place (the site's time zone), whoever reads it.
        return site_time(self.start).date()


@once_per_language
def choice_label(language, choices, value):
    """What `get_<field>_display()` gives in `language` (the label, else the value itself), without rebuilding a
    dictionary of every choice for each event (twice per event, a tenth of a tour page's time)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def public_event(event, programme_url, public_defenders=None, language=None):
    """The public view of `event` (None for a private one). `public_defenders`: the public views (`public_view`) of
    its defenders, already localised and made once for a whole listing; otherwise the event's own are read.
    `language`: the active one, as a listing read it once for all its events (asking Django for it twice per event
    was a tenth of this function on a tour's calendar)."""
    if not is_public(event):
        return None
    if public_defenders is None:
        public_defenders = [public_view(defender) for defender in event.defenders.all()]
    language = language or translation.get_language()
    return PublicEvent(
        event=event,
        uid=event.uid,
        title=event.title,
        event_type=event.event_type,
        type_label=choice_label(language, EventType, event.event_type),
        audience=event.audience,
        audience_label=choice_label(language, Audience, event.audience),
        start=event.start,
        end=event.end,
        venue_name=event.venue_name,
        address=event.venue_address if shows_address(event) else "",
        languages=event.languages,
        interpretation=event.interpretation,
        accessibility=event.accessibility_features(),
        accessibility_notes=event.accessibility_notes,
        registration_url=event.registration_url,
        description=event.description,
        url=f"{programme_url}#{event.anchor}",
        programme_url=programme_url,
        municipality=event.page.municipality,
        defenders=public_defenders,
    )
