"""The URLs `make bench` measures: one live Catalan page of every page type, plus the routes that are not pages.

Apps add their routes (agenda, directory filters, calendars, CSV) through the `benchmark_targets` hook, a function
returning [(name, url), ...].
"""

from django.utils import translation
from wagtail import hooks
from wagtail.models import Page


def page_type_samples(language="ca"):
    """One live page of every page type in `language`: (name, url) pairs. Also used by the browser tests."""
    targets = []
    seen = set()
    pages = Page.objects.live().public().filter(locale__language_code=language, depth__gt=1).order_by("path")
    for page in pages.specific().iterator():
        model = type(page)
        if model in seen:
            continue
        seen.add(model)
        with translation.override("en"):
            targets.append((str(model._meta.verbose_name).capitalize(), page.url))
    return targets


def extra_routes(language):
    """Public views that are routes of pages rather than pages: the agenda, a filtered directory, calendars."""
    from defenders.models import DefenderIndexPage
    from editions.models import EditionIndexPage, EditionPage

    routes = []
    # Route names are translated (home/routes.py): each language's own.
    with translation.override(language):
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
    directory = DefenderIndexPage.objects.live().filter(locale__language_code=language).first()
    if directory:
        routes.append(("Defender directory, filtered", f"{directory.url}?country=CO"))
    return routes


def busiest_programme(language="ca"):
    """The live programme with the most events, so that the tour and programme rows measure a full programme rather
    than the first tour in the tree (a historical one, without programmes)."""
    from django.db.models import Count

    from editions.models import CityProgrammePage

    programmes = CityProgrammePage.objects.live().public().filter(locale__language_code=language)
    return programmes.annotate(event_count=Count("events")).order_by("-event_count", "path").first()


def benchmark_targets():
    targets = page_type_samples("ca")
    programme = busiest_programme("ca")
    if programme:
        samples = {"City programme": programme.url, "Tour": programme.get_parent().url}
        targets = [(name, samples.get(name, url)) for name, url in targets]
    targets += extra_routes("ca")
    targets += [
        ("Search results", "/ca/cerca/?q=drets"),
        ("Municipality profile", "/ca/ciutats/sabadell/"),
        ("News RSS feed", "/ca/noticies/rss.xml"),
        ("Sitemap", "/sitemap.xml"),
    ]
    for hook in hooks.get_hooks("benchmark_targets"):
        targets += hook()
    return targets
