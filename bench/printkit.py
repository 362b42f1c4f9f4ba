"""The print kit's part of `make bench`: how long a poster or leaflet of a 20-event programme takes to make.

Runs inside the benchmark site's database (bench/run.py passes its environment). It adds, once, a tour whose
Sabadell programme has 20 public events (and a private one), three defenders of each safety level on them, then
times every file of the kit made from scratch (facts read from the database, layout, PDF) in one warm process —
wall clock and the process's CPU time — and the same file served again from the print cache through Django's test
client. Budget: 2 s a file.
"""

import datetime
import json
import os
import statistics
import time
import zoneinfo

import django

BUDGET_SECONDS = 2.0
RUNS = 5
TOUR_SLUG = "bench-print-kit"


def ensure_programme():
    from django.conf import settings
    from wagtail.models import Locale

    from defenders.models import DefenderPage
    from editions.models import CityProgrammePage, EditionDefender, EditionIndexPage, EditionPage, Event
    from home.models import Municipality
    from home.setup import publish_new_page

    index = EditionIndexPage.objects.get(locale=Locale.objects.get(language_code="ca"))
    tour = EditionPage.objects.child_of(index).filter(slug=TOUR_SLUG).first()
    if tour:
        return tour, CityProgrammePage.objects.child_of(tour).get()
    tour = EditionPage(
        title="Gira de prova d'impressió",
        slug=TOUR_SLUG,
        edition_number=99,
        year=2030,
        season="spring",
        start_date=datetime.date(2030, 4, 1),
        end_date=datetime.date(2030, 4, 10),
        slogan="Vint activitats en una setmana",
    )
    publish_new_page(index, tour)
    defenders = []
    for level in ("public", "limited", "protected"):
        defenders += list(DefenderPage.objects.live().filter(locale=index.locale, safety_level=level)[:3])
    for defender in defenders:
        tour.participating_defenders.add(EditionDefender(defender=defender))
    tour.save_revision().publish()
    madrid = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    programme = CityProgrammePage(
        title="Sabadell", slug="sabadell", municipality=Municipality.objects.get(slug="sabadell")
    )
    kinds = ["talk", "round_table", "cultural", "opening", "closing", "other"]
    for number in range(21):
        start = datetime.datetime(2030, 4, 1 + number % 8, 9 + number % 11, 30, tzinfo=madrid)
        event = Event(
            title=f"Activitat {number + 1}: col·loqui sobre drets humans a la ciutat",
            event_type="school_visit" if number == 20 else kinds[number % len(kinds)],
            audience="invitation" if number % 7 == 3 else "",
            start=start,
            end=start + datetime.timedelta(hours=2),
            venue_name="Biblioteca del Nord",
            venue_address=f"Carrer de la Indústria {number + 1}",
            languages="català, castellà",
        )
        programme.events.add(event)
        event.defenders.set(defenders[number % len(defenders) : number % len(defenders) + 2])
    publish_new_page(tour, programme)
    return tour, programme


def measure():
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from cdhr_cms.cache import bump_generation
    from editions.models import Event
    from editions.printkit.facts import sheet_for
    from editions.printkit.render import Format, render_pdf

    tour, programme = ensure_programme()
    assert Event.objects.public().filter(page=programme).count() == 20
    files = [
        ("programme poster A4", programme, Format("poster", "a4"), "poster.pdf?size=a4"),
        ("programme poster A3", programme, Format("poster", "a3"), "poster.pdf?size=a3"),
        ("programme poster A3, bleed", programme, Format("poster", "a3", True), "poster.pdf?size=a3&bleed=1"),
        ("programme leaflet A5", programme, Format("leaflet", "a5"), "leaflet.pdf"),
        ("tour poster A4", tour, Format("poster", "a4"), "poster.pdf?size=a4"),
    ]
    started = time.perf_counter()
    render_pdf(sheet_for(programme), files[0][2])
    cold = time.perf_counter() - started  # the process's first file: WeasyPrint, Pango and the fonts load
    rows = []
    client = Client()
    with override_settings(ALLOWED_HOSTS=["*"]):
        for name, page, fmt, query in files:
            times, cpu, size = [], [], 0
            for _run in range(RUNS):
                started, started_cpu = time.perf_counter(), time.process_time()
                size = len(render_pdf(sheet_for(page), fmt))
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            bump_generation()
            url = f"{page.url}{query}"
            client.get(url)  # made and cached
            started = time.perf_counter()
            response = client.get(url)
            hit = time.perf_counter() - started
            assert response["X-Print-Cache"] == "hit", url
            rows.append(
                {
                    "name": name,
                    "median_s": statistics.median(times),
                    "max_s": max(times),
                    "cpu_s": statistics.median(cpu),
                    "cached_ms": hit * 1000,
                    "kb": size / 1024,
                }
            )
    cache.close()
    # Other work on the machine slows the wall clock; the process's own CPU time shows what the file costs.
    load = os.getloadavg()[0]
    return {"cold_s": cold, "events": 20, "budget_s": BUDGET_SECONDS, "runs": RUNS, "load": load, "files": rows}


if __name__ == "__main__":
    django.setup()
    print(json.dumps(measure()))
