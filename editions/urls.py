# Editions URLs, language-prefixed (included from cdhr_cms/urls.py inside i18n_patterns). Calendar feeds, named in
# each language (home/routes.py: calendari.ics, calendario.ics, calendar.ics):
# - tours, city programmes, the agenda: routes of their pages, e.g. /ca/edicions/primavera-2027/sabadell/calendari.ics
#   and /ca/edicions/agenda/calendari.ics?city=sabadell (the agenda's filters apply); one event's own calendar at
#   <programme url>event-<key>.ics (translated "acte-", "acto-");
# - a municipality profile: `/<lang>/<cities>/<slug>/<calendar>`, next to the profile (home/urls.py);
# - a defender profile: `/ca/calendaris/defensors/<slug>.ics` (the defender page belongs to the defenders app).
# The English names, which every language used before, answer with a permanent redirect.
from django.urls import path, re_path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from home.moved import moved_permanently
from home.routes import CALENDAR_FILE

from . import views
from .printkit import views as printkit_views

CITY = pgettext_lazy("URL", "cities/<slug:slug>/")

urlpatterns = [
    path(format_lazy("{}{}", CITY, CALENDAR_FILE), views.municipality_calendar, name="municipality_calendar"),
    path(
        pgettext_lazy("URL", "calendars/defenders/<slug:slug>.ics"),
        views.defender_calendar,
        name="defender_calendar",
    ),
    # Where these calendars were published before their names were translated.
    path(format_lazy("{}calendar.ics", CITY), moved_permanently("municipality_calendar")),
    path("calendars/defenders/<slug:slug>.ics", moved_permanently("defender_calendar")),
    # The print kit (editions/printkit/): `<programme url>poster.pdf`, `leaflet.pdf`, `<tour url>poster.pdf`.
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)(?P<kind>poster|leaflet)\.pdf$", printkit_views.public_file, name="print_file"
    ),
]
