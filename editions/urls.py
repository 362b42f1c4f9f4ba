# Editions URLs, language-prefixed (included from cdhr_cms/urls.py inside i18n_patterns).
# Calendars of pages owned by this app are routes of those pages (`<page url>calendar.ics`); these two belong to
# pages it does not own: the municipality profile (`/<lang>/cities/<slug>/calendar.ics`, next to the profile) and
# the defender profile (`/<lang>/calendars/defenders/<slug>.ics`).
from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from . import views

urlpatterns = [
    path(
        format_lazy("{}calendar.ics", pgettext_lazy("URL", "cities/<slug:slug>/")),
        views.municipality_calendar,
        name="municipality_calendar",
    ),
    path("calendars/defenders/<slug:slug>.ics", views.defender_calendar, name="defender_calendar"),
]
