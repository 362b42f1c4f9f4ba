from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from defenders.models import DefenderPage
from home.models import Municipality
from home.queries import active_locale

from . import agenda
from .agenda import calendar_window_description, in_calendar_window
from .calendars import calendar_response
from .models import CityProgrammePage, Event
from .profiles import defender_events


@require_safe
def municipality_calendar(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    # A window of dates, like the agenda's: a city hosts a programme in tour after tour, year after year.
    programmes = CityProgrammePage.objects.filter(municipality=municipality, locale=active_locale())
    events = in_calendar_window(Event.objects.public(programmes))
    return calendar_response(
        request,
        events,
        name=municipality.name,
        filename=f"{municipality.slug}.ics",
        description=calendar_window_description(),
        limit=agenda.CALENDAR_MAX_EVENTS,
    )


@require_safe
def defender_calendar(request, slug):
    defender = DefenderPage.objects.public().filter(slug=slug, locale=active_locale()).first()
    if defender is None:
        raise Http404
    # Named through the safety rule only: the pseudonym of a protected defender, never the legal name.
    name = defender.public.name
    return calendar_response(request, defender_events(defender), name=name, filename=f"{defender.slug}.ics")
