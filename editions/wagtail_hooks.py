from django.contrib import messages
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail import hooks

from home.formatting import long_date
from home.opendata import CSV, JSON, index_dataset

from .models import CityProgrammePage, EditionDefender, EditionIndexPage, EditionPage
from .profiles import defender_section, home_section, municipality_section


@hooks.register("defender_profile_sections")
def defender_profile_sections(request, defender_page):
    context = defender_section(request, defender_page)
    return context and {"template": "editions/sections/defender.html", "context": context, "order": 30}


@hooks.register("municipality_profile_sections")
def municipality_profile_sections(request, municipality):
    context = municipality_section(request, municipality)
    return context and {"template": "editions/sections/municipality.html", "context": context, "order": 10}


@hooks.register("home_page_sections")
def home_page_sections(request, home_page):
    context = home_section(request, home_page)
    return context and {"template": "editions/sections/home.html", "context": context, "order": 10}


def warn_events_outside_tour(request, page):
    """An event outside the tour's dates is allowed (a preview talk, a late interview) but probably a typo."""
    if not request.accepts("text/html"):
        # An autosave (the editor's JSON request): Wagtail adds no message to it either; each one would add the
        # warning again. The next save by hand shows it.
        return
    page = page.specific
    if not isinstance(page, CityProgrammePage):
        return
    for event in page.events_outside_tour():
        messages.warning(
            request,
            _("“%(title)s” (%(date)s) falls outside the tour's dates.")
            % {"title": event.title, "date": long_date(event.start)},
        )


hooks.register("after_create_page", warn_events_outside_tour)
hooks.register("after_edit_page", warn_events_outside_tour)


@hooks.register("open_datasets")
def event_datasets(request, locale):
    from .models import EditionIndexPage

    return index_dataset(
        request,
        locale,
        EditionIndexPage,
        files=[(CSV, "events.csv"), (JSON, "events.json")],
        key="events",
        title=_("Tour events"),
        description=_("Date, time, city, venue, languages, accessibility and defenders of every event of the tours."),
        excluded=_(
            "Only events open to the public: school visits, institutional meetings and events by invitation "
            "are left out, and so are defenders under protection."
        ),
        order=20,
    )


@hooks.register("register_admin_urls")
def print_kit_admin_urls():
    from django.urls import re_path

    from .printkit.views import admin_file

    pattern = r"^print-kit/(?P<page_id>\d+)/(?P<kind>poster|leaflet)\.(?P<extension>pdf|png)$"
    return [re_path(pattern, admin_file, name="editions_print_kit")]


@hooks.register("urls_naming_a_person")
def tours_naming_a_person(person):
    """What a CDN may hold that names `person` (defenders/levels.py, after a raise): the live tours they take part in
    with their press rooms, in every language, the programmes of their events, and the agenda."""
    translation_keys = person.profiles.values("translation_key")
    tour_keys = EditionDefender.objects.filter(defender__translation_key__in=translation_keys).values(
        "page__translation_key"
    )
    programmes = CityProgrammePage.objects.live().filter(events__defenders__translation_key__in=translation_keys)
    pages = [
        *EditionPage.objects.live().filter(translation_key__in=tour_keys).select_related("locale"),
        *programmes.distinct().select_related("locale"),
        *EditionIndexPage.objects.live().select_related("locale"),
    ]
    urls = set()
    for page in pages:
        url = page.full_url
        if not url:
            continue
        urls.add(url)
        route = {EditionPage: "press", EditionIndexPage: "agenda"}.get(type(page))
        if route:
            with translation.override(page.locale.language_code):
                urls.add(url + page.reverse_subpage(route))
    return urls


@hooks.register("defender_tour_participations")
def tour_participations():
    """Who took part in which live tour, for the defenders' directory (defenders/directory.py)."""
    return EditionDefender.objects.filter(page__live=True)


# --- What `make bench` measures (home/benchmark_targets.py) -------------------------------------------------------


@hooks.register("benchmark_routes")
def tour_routes(language):
    routes = []
    tours = EditionIndexPage.objects.live().filter(locale__language_code=language).first()
    if tours:
        routes += [
            ("Agenda", tours.url + tours.reverse_subpage("agenda")),
            ("Agenda calendar", tours.url + tours.reverse_subpage("agenda_calendar")),
        ]
    tour = EditionPage.objects.live().filter(locale__language_code=language).order_by("-year").first()
    if tour:
        routes.append(("Tour calendar", tour.url + tour.reverse_subpage("calendar")))
        routes.append(("Tour press room", tour.url + tour.reverse_subpage("press")))
    return routes


@hooks.register("benchmark_page_samples")
def busiest_programme(language):
    """The live programme with the most events, so that the tour and programme rows measure a full programme rather
    than the first tour in the tree (a historical one, without programmes)."""
    programmes = CityProgrammePage.objects.live().public().filter(locale__language_code=language)
    programme = programmes.annotate(event_count=Count("events")).order_by("-event_count", "path").first()
    return {"City programme": programme.url, "Tour": programme.get_parent().url} if programme else {}
