"""events.csv and events.json: the open-data exports of the tours' programmes, in one language.

Stricter than the agenda on purpose: only events open to the public (by-invitation events stay in the agenda, not in
bulk data), read through the visibility rule (visibility.py), and only the defenders who may appear in open data
(public and limited ones; a protected defender's pseudonym stays on the page and out of the files).
"""

import csv

from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from home.opendata import spreadsheet_safe
from home.site_url import absolute_url

from .agenda import to_public_events
from .models import Event
from .visibility import Audience

FIELDS = [
    "uid",
    "title",
    "type",
    "start",
    "end",
    "municipality",
    "municipality_slug",
    "venue",
    "address",
    "languages",
    "interpretation",
    "accessibility",
    "registration_url",
    "description",
    "defenders",
    "url",
]


def open_data_events(locale):
    return Event.objects.public().filter(audience=Audience.PUBLIC, page__locale=locale)


def rows(request, locale):
    events = to_public_events(request, list(open_data_events(locale).for_listing()))
    for event in events:
        yield {
            "uid": event.uid,
            "title": event.title,
            "type": event.event_type,
            "start": timezone.localtime(event.start).isoformat(),
            "end": timezone.localtime(event.end).isoformat(),
            "municipality": event.municipality.name,
            "municipality_slug": event.municipality.slug,
            "venue": event.venue_name,
            "address": event.address,
            "languages": event.languages,
            "interpretation": event.interpretation,
            "accessibility": [str(feature) for feature in event.accessibility],
            "registration_url": event.registration_url,
            "description": event.description,
            "defenders": [defender.name for defender in event.defenders if defender.in_open_data],
            "url": absolute_url(event.url),
        }


def csv_response(request, locale):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="events-{locale.language_code}.csv"'
    writer = csv.DictWriter(response, fieldnames=FIELDS)
    writer.writeheader()
    for row in rows(request, locale):
        row["accessibility"] = "; ".join(row["accessibility"])
        row["defenders"] = "; ".join(row["defenders"])
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return response


def json_response(request, locale):
    events = list(rows(request, locale))
    return JsonResponse(
        {"language": locale.language_code, "count": len(events), "events": events},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
