"""What the editions app adds to pages it does not own: municipality profiles, defender profiles, the home page.

Each function returns plain data for the hook templates, in a constant number of queries.
"""

from django.db.models import Case, F, Max, Value, When
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from defenders.models import DefenderPage
from home.models import Municipality
from home.queries import active_locale

from .agenda import in_programmes, load_public_events, localised_defenders, to_public_events
from .models import CityProgrammePage, EditionDefender, EditionPage, Event, for_naming
from .visibility import PUBLIC_AUDIENCES

PROFILE_EVENTS = 10
HOME_EVENTS = 5
# A city's profile names this many of the defenders it hosted, the most recent first, and counts the others: a city
# hosts tour after tour (issue 21). Each programme linked above them names everyone who took part.
HOSTED_DEFENDERS = 24


def municipality_programmes(municipality, locale):
    return CityProgrammePage.objects.live().public().filter(municipality=municipality, locale=locale)


def tours_of(programmes):
    parent_paths = {programme.path[: -Page.steplen] for programme in programmes}
    return list(EditionPage.objects.live().public().filter(path__in=parent_paths).order_by("-start_date"))


def municipality_section(request, municipality):
    locale = active_locale()
    # With what an event card reads of its programme: the events below take theirs from this list (`in_programmes`).
    programmes = list(
        municipality_programmes(municipality, locale).select_related("municipality", "locale").order_by("-path")
    )
    if not programmes:
        return None
    tours = {tour.path: tour for tour in tours_of(programmes)}
    rows = [(tours.get(programme.path[: -Page.steplen]), programme) for programme in programmes]
    rows.sort(key=lambda row: row[0].start_date if row[0] and row[0].start_date else timezone.localdate(), reverse=True)
    ids = [programme.pk for programme in programmes]
    defenders, more_defenders = hosted_defenders(ids, locale)
    # Among the programmes just read by the public rule, without asking the database again which are public.
    events = Event.objects.public_in(programmes).upcoming().for_listing(with_programmes=False)[:PROFILE_EVENTS]
    return {
        "municipality": municipality,
        "rows": [{"tour": tour, "programme": programme} for tour, programme in rows if tour],
        "defenders": defenders,
        "more_defenders": more_defenders,
        "events": to_public_events(request, in_programmes(list(events), programmes)),
        "calendar_url": reverse("municipality_calendar", kwargs={"slug": municipality.slug}),
    }


def hosted_defenders(programme_ids, locale):
    """(the PublicDefenders of the HOSTED_DEFENDERS people most recently in a public event of these programmes, how
    many other people were), in a constant number of queries."""
    hosted = DefenderPage.objects.public().filter(events__page__in=programme_ids, events__audience__in=PUBLIC_AUDIENCES)
    people = hosted.values("translation_key").distinct().count()
    recent = for_naming(hosted).annotate(latest=Max("events__start")).order_by("-latest", "title")
    shown = localised_defenders(recent[:HOSTED_DEFENDERS], locale.pk)
    return [defender.public for defender in shown], max(people - len(shown), 0)


def defender_events(defender):
    with_defender = Event.objects.filter(defenders__translation_key=defender.translation_key)
    # The rule narrowed to the programmes of the profile's language (2-3x faster than filtering on it afterwards).
    programmes = CityProgrammePage.objects.filter(locale=defender.locale_id)
    return Event.objects.public(programmes).filter(pk__in=with_defender.values("pk"))


def defender_section(request, defender):
    # The tours' links as a subquery rather than a join that DISTINCT had to sort out, and only what the list shows.
    taking_part = EditionDefender.objects.filter(defender__translation_key=defender.translation_key).values("page_id")
    tours = list(
        EditionPage.objects.live()
        .public()
        .filter(locale=defender.locale_id, pk__in=taking_part)
        .order_by("-start_date")
        .only("title", "url_path", "locale_id", "path", "depth", "start_date")
    )
    events = defender_events(defender)
    cities = Municipality.objects.filter(pk__in=events.values("page__municipality")).order_by("sort_name")
    upcoming = load_public_events(request, events.upcoming(), limit=PROFILE_EVENTS)
    if not tours and not upcoming:
        return None
    return {
        "defender": defender.public,
        "tours": tours,
        "cities": list(cities),
        "events": upcoming,
        "calendar_url": reverse("defender_calendar", kwargs={"slug": defender.slug}),
    }


def current_or_next_tour(locale):
    """The tour under way or the next one, else the latest: in one query (upcoming ones first, soonest first)."""
    today = timezone.localdate()
    upcoming = Case(When(end_date__gte=today, then=Value(0)), default=Value(1))
    soonest = Case(When(end_date__gte=today, then=F("start_date")), default=None)
    return (
        EditionPage.objects.live()
        .public()
        .filter(locale=locale)
        .order_by(upcoming, soonest.asc(nulls_last=True), F("start_date").desc())
        .first()
    )


def home_section(request, home_page):
    locale = home_page.locale_id
    tour = current_or_next_tour(locale)
    events = load_public_events(
        request, Event.objects.public().upcoming().filter(page__locale=locale), limit=HOME_EVENTS
    )
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
