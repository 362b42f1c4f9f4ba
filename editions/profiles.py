"""What the editions app adds to pages it does not own: municipality profiles, defender profiles, the home page.

Each function returns plain data for the hook templates, in a constant number of queries.
"""

import functools

from django.db.models import Case, F, Max, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.models import Page

from defenders.models import DefenderPage
from home.addresses import Link, link_to
from home.models import Municipality
from home.queries import PreparedQuery, active_locale

from .agenda import in_programmes, localised_defenders, to_public_events
from .models import (
    CityProgrammePage,
    EditionDefender,
    EditionIndexPage,
    EditionPage,
    Event,
    earliest_start_for,
    for_listing_programmes,
    for_naming,
)
from .visibility import PUBLIC_AUDIENCES

# A person's or a city's profile shows the next few public events and, when there are more, links to the agenda
# filtered to them, where the rest are, a page at a time: each card costs about half a millisecond to build (issue
# 21), and the profile is about the person or the city, the agenda about the events.
PROFILE_EVENTS = 5
HOME_EVENTS = 5
# A city's profile names this many of the defenders it hosted, the most recent first, and counts the others: a city
# hosts tour after tour (issue 21). Each programme linked above them names everyone who took part.
HOSTED_DEFENDERS = 24


def municipality_programmes(municipality, locale):
    return CityProgrammePage.objects.live().public().filter(municipality=municipality, locale=locale)


# A municipality's programmes, their tours and the people they hosted, read once until content changes
# (`PreparedQuery.remembered`): a programme, a tour, an event or a person changes only by a change of content, which
# moves the generation. Their upcoming events too, until the soonest of them ends (`remembered_until_one_ends`). A
# store of their own: five entries for each municipality in each language.
_cities_read = {}
MAX_CITIES_READ = 1024


def municipality_section(request, municipality):
    locale = active_locale()
    # With what an event card reads of its programme: the events below take theirs from this list (`in_programmes`).
    programmes = CITY_PROGRAMMES.remembered(municipality.pk, locale.pk, store=_cities_read, limit=MAX_CITIES_READ)
    if not programmes:
        return None
    tours = {
        tour.path: tour
        for tour in TOURS_AT.remembered(
            sorted({programme.path[: -Page.steplen] for programme in programmes}),
            store=_cities_read,
            limit=MAX_CITIES_READ,
        )
    }
    rows = [(tours.get(programme.path[: -Page.steplen]), programme) for programme in programmes]
    rows.sort(key=lambda row: row[0].start_date if row[0] and row[0].start_date else timezone.localdate(), reverse=True)
    ids = [programme.pk for programme in programmes]
    defenders, more_defenders = hosted_defenders(ids, locale)
    # Among the programmes just read by the public rule, without asking the database again which are public.
    now = timezone.now()
    upcoming = CITY_UPCOMING.remembered_until_one_ends(
        ids, now, now=now, key=tuple(ids), store=_cities_read, limit=MAX_CITIES_READ
    )
    upcoming = in_programmes(upcoming, programmes)
    shown = to_public_events(request, upcoming[:PROFILE_EVENTS])
    return {
        "municipality": municipality,
        # Plain data (links and mentions), each list written once for what it shows.
        "rows": tuple(link_to(programme, tour.title, request) for tour, programme in rows if tour),
        "defenders": tuple(defender.mention(request) for defender in defenders),
        "more_defenders": more_defenders,
        "events": shown,
        "more_events_url": more_events_url(request, upcoming, shown, locale.pk, {"city": municipality.slug}),
        "calendar_url": reverse("municipality_calendar", kwargs={"slug": municipality.slug}),
    }


def hosted_defenders(programme_ids, locale):
    """(the PublicDefenders of the HOSTED_DEFENDERS people most recently in a public event of these programmes, how
    many other people were), in a constant number of queries."""
    people = len(PEOPLE_HOSTED.remembered(programme_ids, store=_cities_read, limit=MAX_CITIES_READ))
    # The bound in the key: it is read when the query is built.
    recently_hosted = PreparedQuery(
        ("the people hosted most recently in some programmes", HOSTED_DEFENDERS),
        functools.partial(_recently_hosted, limit=HOSTED_DEFENDERS),
    )
    hosted = recently_hosted.remembered(programme_ids, store=_cities_read, limit=MAX_CITIES_READ)
    shown = localised_defenders(hosted, locale.pk)
    return [defender.public for defender in shown], max(people - len(shown), 0)


def _hosted(programme_ids):
    return DefenderPage.objects.public().filter(events__page__in=programme_ids, events__audience__in=PUBLIC_AUDIENCES)


# A municipality's profile: SQL compiled once per process (`PreparedQuery`), the ids, paths and time its parameters.
CITY_PROGRAMMES = PreparedQuery(
    "a municipality's programmes",
    lambda municipality_id, locale_id: for_listing_programmes(
        municipality_programmes(municipality_id, locale_id)
    ).order_by("-path"),
)
TOURS_AT = PreparedQuery(
    "tours at these paths",
    # What a city's list of programmes reads of their tours: the title and the dates it is ordered by.
    lambda paths: (
        EditionPage.objects.live()
        .public()
        .filter(path__in=paths)
        .order_by("-start_date")
        .only("title", "path", "depth", "url_path", "locale", "start_date")
    ),
)
CITY_UPCOMING = PreparedQuery(
    "the upcoming events of some programmes",
    lambda programme_ids, now: (
        # One more than a profile shows: whether to link to the rest.
        Event.objects.public_in(programme_ids).upcoming(now).for_listing(with_programmes=False)[: PROFILE_EVENTS + 1]
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
    # The rule among the programmes of the profile's language, asked of each of the person's events in that language
    # (Wagtail gives a programme's events its language): the events of the person's other languages are left out
    # before the rule is asked of them: a third of the time of the profile's two event queries.
    programmes = CityProgrammePage.objects.filter(locale=locale_id)
    return Event.objects.filter(pk__in=with_defender.values("pk"), locale=locale_id).public_each_in(programmes)


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
        events_with_defender(translation_key, locale_id).upcoming(now).for_listing()[: PROFILE_EVENTS + 1]
    ),
)


# A profile's tours and the cities of its events, read once until content changes (`PreparedQuery.remembered`): a
# tour's participants, a programme's events and a city's name change only by a change of content, which moves the
# generation. Its upcoming events too, until the soonest of them ends (`remembered_until_one_ends`). A store of their
# own: three entries for each of the large site's 1,500 profiles (500 people in three languages).
_profiles_read = {}
MAX_PROFILES_READ = 6144


def defender_section(request, defender):
    key, locale_id = defender.translation_key, defender.locale_id
    tours = DEFENDER_TOURS.remembered(key, locale_id, store=_profiles_read, limit=MAX_PROFILES_READ)
    now = timezone.now()
    upcoming = DEFENDER_UPCOMING.remembered_until_one_ends(
        key, locale_id, now, now=now, key=(key, locale_id), store=_profiles_read, limit=MAX_PROFILES_READ
    )
    if not tours and not upcoming:
        return None
    shown = to_public_events(request, upcoming[:PROFILE_EVENTS])
    more = more_events_url(request, upcoming, shown, locale_id, {"defender": defender.slug})
    cities = DEFENDER_CITIES.remembered(key, locale_id, store=_profiles_read, limit=MAX_PROFILES_READ)
    return {
        "defender": defender.public,
        # Plain data, each list written once for what it shows.
        "tours": tuple(link_to(tour, tour.title, request) for tour in tours),
        "cities": tuple(Link(city.get_absolute_url(), city.name) for city in cities),
        "events": shown,
        # The agenda would answer a filter by a person its filter does not offer with an error and no events.
        "more_events_url": more if more and offered_by_the_agenda(defender) else "",
        "calendar_url": reverse("defender_calendar", kwargs={"slug": defender.slug}),
    }


def more_events_url(request, upcoming, shown, locale_id, agenda_filter):
    """The agenda of `locale_id` filtered by `agenda_filter` (its form's field and value), where a profile's upcoming
    events are listed whole; "" when the profile shows them all. `upcoming`: the events read for the profile, one more
    than it shows if there are more; `shown`: the PublicEvents it shows."""
    if len(upcoming) <= PROFILE_EVENTS:
        return ""
    url = agenda_url_from(request, shown[0].event.page, 2) or agenda_url(request, locale_id)
    return f"{url}?{urlencode(agenda_filter)}" if url else ""


def offered_by_the_agenda(profile):
    """Whether the agenda's filter by person offers `profile`, as `DefenderPage.objects.public()` does: a live page
    of a published person, under no view restriction (a profile behind a password is served to whoever gives it, a
    preview to its editors). The page being served needs no query for it: routing has read its restrictions."""
    person = profile.person if profile.person_id else None
    return profile.live and person is not None and person.live and not list(profile.get_view_restrictions())


def agenda_url_from(request, page, levels):
    """The agenda's address from the address of `page`, `levels` below the tours directory (a tour: 1, a city
    programme: 2; a programme's parent is always a tour, a tour's the directory: parent_page_types), without asking
    the database; "" when the address cannot tell it: a page without one, or under a site whose root is below the
    directory (a tour or a programme), whichever site the address was made for."""
    url = page.get_url(request)
    roots = page._get_relevant_site_root_paths(request)
    if not url or any(page.url_path[len(root.root_path) :].count("/") < levels for root in roots):
        return ""
    for _level in range(levels):
        url = url[: url.rstrip("/").rfind("/") + 1]
    return _agenda_below(url)


def agenda_url(request, locale_id):
    """The address of the agenda in `locale_id`, "" if the language has no public tours directory."""
    found = TOURS_DIRECTORY(locale_id)
    directory_url = found[0].get_url(request) if found else None
    return _agenda_below(directory_url) if directory_url else ""


def _agenda_below(directory_url):
    return directory_url + EditionIndexPage.get_resolver().reverse("agenda")


def current_or_next_tour(locale_id):
    """The tour under way or the next one, else the latest: in one query (upcoming ones first, soonest first)."""
    # The same tour all day, until content changes.
    found = NEXT_TOUR.remembered(locale_id, timezone.localdate(), store=_home_read, limit=MAX_HOME_READ)
    return found[0] if found else None


def _next_tour(locale_id, today):
    upcoming = Case(When(end_date__gte=today, then=Value(0)), default=Value(1))
    soonest = Case(When(end_date__gte=today, then=F("start_date")), default=None)
    return (
        EditionPage.objects.live()
        .public()
        .filter(locale=locale_id)
        .order_by(upcoming, soonest.asc(nulls_last=True), F("start_date").desc(nulls_last=True))[:1]
    )


NEXT_TOUR = PreparedQuery("the tour under way or the next one", _next_tour)
TOURS_DIRECTORY = PreparedQuery(
    "the tours directory of a language",
    lambda locale_id: (
        EditionIndexPage.objects.live().public().filter(locale=locale_id).only("url_path", "locale_id", "path")[:1]
    ),
)
# The home page's tour and next events, by language (and day): a store of their own.
_home_read = {}
MAX_HOME_READ = 64
HOME_UPCOMING = PreparedQuery(
    "the home page's upcoming events",
    lambda locale_id, now, earliest_start: (
        Event.objects.public().ending_from(now, earliest_start).in_language(locale_id).for_listing()[:HOME_EVENTS]
    ),
)


def home_section(request, home_page):
    locale = home_page.locale_id
    tour = current_or_next_tour(locale)
    now = timezone.now()
    upcoming = HOME_UPCOMING.remembered_until_one_ends(
        locale, now, earliest_start_for(now), now=now, key=(locale,), store=_home_read, limit=MAX_HOME_READ
    )
    events = to_public_events(request, upcoming)
    if tour is None and not events:
        return None
    from_tour = agenda_url_from(request, tour, 1) if tour is not None else ""
    return {"tour": tour, "events": events, "agenda_url": from_tour or agenda_url(request, locale)}
