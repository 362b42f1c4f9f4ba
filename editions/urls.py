# Editions URLs, language-prefixed (included from cdhr_cms/urls.py inside i18n_patterns). Calendar feeds:
# - tours, city programmes, the agenda: `<page url>calendar.ics`, e.g. /ca/edicions/primavera-2027/sabadell/calendar.ics
#   and /ca/edicions/agenda/calendar.ics?city=sabadell (the agenda's filters apply);
# - a municipality profile: `/<lang>/cities/<slug>/calendar.ics`, next to the profile (home/urls.py);
# - a defender profile: `/<lang>/calendars/defenders/<slug>.ics` (the defender page belongs to the defenders app).
from django.urls import path, re_path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from . import views
from .printkit import views as printkit_views

urlpatterns = [
    path(
        format_lazy("{}calendar.ics", pgettext_lazy("URL", "cities/<slug:slug>/")),
        views.municipality_calendar,
        name="municipality_calendar",
    ),
    path("calendars/defenders/<slug:slug>.ics", views.defender_calendar, name="defender_calendar"),
    # `<page url>calendar.ics` for tours, city programmes and the agenda. Wagtail only serves paths ending in "/",
    # so the feed is routed here and handed to the page it belongs to.
    re_path(r"^(?P<page_path>(?:[\w\-]+/)+)calendar\.ics$", views.page_calendar, name="page_calendar"),
    # The print kit (editions/printkit/): `<programme url>poster.pdf`, `leaflet.pdf`, `<tour url>poster.pdf`.
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)(?P<kind>poster|leaflet)\.pdf$", printkit_views.public_file, name="print_file"
    ),
]
