"""What the editions app adds to pages it does not own: municipality profiles, defender profiles, the home page.

Each function returns plain data for the hook templates, in a constant number of queries.
"""

import functools

from django.db.models import Case, F, Max, Value, When
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from defenders.models import DefenderPage
from home.models import Municipality
from home.queries import PreparedQuery, active_locale

from .agenda import in_programmes, localised_defenders, to_public_events
from .models import CityProgrammePage, EditionDefender, EditionPage, Event, for_naming
from .visibility import PUBLIC_AUDIENCES

PROFILE_EVENTS = 10
HOME_EVENTS = 5
# A city's profile names this many of the defenders it hosted, the most recent first, and counts the others: a city
# hosts tour after tour (issue 21). Each programme linked above them names everyone who took part.
HOSTED_DEFENDERS = 24


def municipality_programmes(municipality, locale):
    return CityProgrammePage.objects.live().public().filter(municipality=municipality, locale=locale)


def municipality_section(request, municipality):
    locale = active_locale()
    # With what an event card reads of its programme: the events below take theirs from this list (`in_programmes`).
    programmes = CITY_PROGRAMMES(municipality.pk, locale.pk)
    if not programmes:
        return None
    tours = {
        tour.path: tour for tour in TOURS_AT(sorted({programme.path[: -Page.steplen] for programme in programmes}))
    }
    rows = [(tours.get(programme.path[: -Page.steplen]), programme) for programme in programmes]
    rows.sort(key=lambda row: row[0].start_date if row[0] and row[0].start_date else timezone.localdate(), reverse=True)
    ids = [programme.pk for programme in programmes]
    defenders, more_defenders = hosted_defenders(ids, locale)
    # Among the programmes just read by the public rule, without asking the database again which are public.
    events = CITY_UPCOMING(ids, timezone.now())
    return {
        "municipality": municipality,
        "rows": [{"tour": tour, "programme": programme} for tour, programme in rows if tour],
        "defenders": defenders,
        "more_defenders": more_defenders,
        "events": to_public_events(request, in_programmes(events, programmes)),
        "calendar_url": reverse("municipality_calendar", kwargs={"slug": municipality.slug}),
    }


def hosted_defenders(programme_ids, locale):
    """(the PublicDefenders of the HOSTED_DEFENDERS people most recently in a public event of these programmes, how
    many other people were), in a constant number of queries."""
    people = len(PEOPLE_HOSTED(programme_ids))
    # The bound in the key: it is read when the query is built.
    recently_hosted = PreparedQuery(
        ("the people hosted most recently in some programmes", HOSTED_DEFENDERS),
        functools.partial(_recently_hosted, limit=HOSTED_DEFENDERS),
    )
    shown = localised_defenders(recently_hosted(programme_ids), locale.pk)
    return [defender.public for defender in shown], max(people - len(shown), 0)


def _hosted(programme_ids):
    return DefenderPage.objects.public().filter(events__page__in=programme_ids, events__audience__in=PUBLIC_AUDIENCES)


# A municipality's profile: SQL compiled once per process (`PreparedQuery`), the ids, paths and time its parameters.
CITY_PROGRAMMES = PreparedQuery(
    "a municipality's programmes",
    lambda municipality_id, locale_id: (
        municipality_programmes(municipality_id, locale_id).select_related("municipality", "locale").order_by("-path")
    ),
)
TOURS_AT = PreparedQuery(
    "tours at these paths",
    lambda paths: EditionPage.objects.live().public().filter(path__in=paths).order_by("-start_date"),
)
CITY_UPCOMING = PreparedQuery(
    "the upcoming events of some programmes",
    lambda programme_ids, now: (
        Event.objects.public_in(programme_ids).upcoming(now).for_listing(with_programmes=False)[:PROFILE_EVENTS]
    ),
)
PEOPLE_HOSTED = PreparedQuery(
    "the people hosted in some programmes",
    lambda programme_ids: _hosted(programme_ids).order_by().values_list("translation_key").distinct(),
)


def _recently_hosted(programme_ids, limit):
    return for_naming(_hosted(programme_ids)).annotate(latest=Max("events__start")).order_by("-latest", "title")[:limit]


def defender_events(defender):
    return events_with_defender(defender.translation_key, defender.locale_id)


def events_with_defender(translation_key, locale_id):
    with_defender = Event.objects.filter(defenders__translation_key=translation_key)
    # The rule among the programmes of the profile's language, asked of each of the person's events.
    programmes = CityProgrammePage.objects.filter(locale=locale_id)
    return Event.objects.filter(pk__in=with_defender.values("pk")).public_each_in(programmes)


# A profile's tours, cities and upcoming events: SQL compiled once per process (`PreparedQuery`), the profile's
# translation key and locale (and the time) its parameters.
DEFENDER_TOURS = PreparedQuery(
    "a defender's tours",
    lambda translation_key, locale_id: (
        EditionPage.objects.live()
        .public()
        # The tours' links as a subquery rather than a join that DISTINCT had to sort out, and only what the list
        # shows.
        .filter(
            locale=locale_id,
            pk__in=EditionDefender.objects.filter(defender__translation_key=translation_key).values("page_id"),
        )
        .order_by("-start_date")
        .only("title", "url_path", "locale_id", "path", "depth", "start_date")
    ),
)
DEFENDER_CITIES = PreparedQuery(
    "the cities of a defender's events",
    lambda translation_key, locale_id: Municipality.objects.filter(
        pk__in=events_with_defender(translation_key, locale_id).values("page__municipality")
    ).order_by("sort_name"),
)
DEFENDER_UPCOMING = PreparedQuery(
    "a defender's upcoming events",
    lambda translation_key, locale_id, now: (
        events_with_defender(translation_key, locale_id).upcoming(now).for_listing()[:PROFILE_EVENTS]
    ),
)


def defender_section(request, defender):
    key, locale_id = defender.translation_key, defender.locale_id
    tours = DEFENDER_TOURS(key, locale_id)
    upcoming = to_public_events(request, DEFENDER_UPCOMING(key, locale_id, timezone.now()))
    if not tours and not upcoming:
        return None
    return {
        "defender": defender.public,
        "tours": tours,
        "cities": DEFENDER_CITIES(key, locale_id),
        "events": upcoming,
        "calendar_url": reverse("defender_calendar", kwargs={"slug": defender.slug}),
    }


def current_or_next_tour(locale_id):
    """The tour under way or the next one, else the latest: in one query (upcoming ones first, soonest first)."""
    found = NEXT_TOUR(locale_id, timezone.localdate())
    return found[0] if found else None


def _next_tour(locale_id, today):
    upcoming = Case(When(end_date__gte=today, then=Value(0)), default=Value(1))
    soonest = Case(When(end_date__gte=today, then=F("start_date")), default=None)
    return (
        EditionPage.objects.live()
        .public()
        .filter(locale=locale_id)
        .order_by(upcoming, soonest.asc(nulls_last=True), F("start_date").desc())[:1]
    )


NEXT_TOUR = PreparedQuery("the tour under way or the next one", _next_tour)
HOME_UPCOMING = PreparedQuery(
    "the home page's upcoming events",
    lambda locale_id, now: (
        Event.objects.public().upcoming(now).filter(page__locale=locale_id).for_listing()[:HOME_EVENTS]
    ),
)


def home_section(request, home_page):
    locale = home_page.locale_id
    tour = current_or_next_tour(locale)
    events = to_public_events(request, HOME_UPCOMING(locale, timezone.now()))
    if tour is None and not events:
        return None
    from .models import EditionIndexPage

    agenda = EditionIndexPage.get_resolver().reverse("agenda")
    tour_url = tour.get_url(request) if tour is not None else None
    if tour_url:
        # A tour's parent is always the tours index (parent_page_types): its URL is the tour's without the slug.
        agenda_url = tour_url[: -len(tour.slug) - 1] + agenda
    else:
        index = EditionIndexPage.objects.live().filter(locale=locale).first()
        agenda_url = index.get_url(request) + agenda if index else ""
    return {"tour": tour, "events": events, "agenda_url": agenda_url}
