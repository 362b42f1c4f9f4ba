"""endorsements.csv and endorsements.json: verified endorsements only (the caller passes a `public()` queryset)."""

import csv

from django.http import HttpResponse, JsonResponse

from home.opendata import spreadsheet_safe
from home.site_url import absolute_url

FIELDS = [
    "year",
    "municipality",
    "municipality_slug",
    "comarca",
    "province",
    "adopting_body",
    "adoption_date",
    "reference",
    "signatory_name",
    "signatory_role",
    "public_statement",
    "verified_at",
    "profile_url",
]


def rows(request, endorsements):
    for endorsement in endorsements:
        municipality = endorsement.municipality
        yield {
            "year": endorsement.statement.year,
            "municipality": municipality.name,
            "municipality_slug": municipality.slug,
            "comarca": municipality.comarca,
            "province": municipality.province,
            "adopting_body": endorsement.adopting_body,
            "adoption_date": endorsement.adoption_date.isoformat(),
            "reference": endorsement.reference,
            "signatory_name": endorsement.signatory_name,
            "signatory_role": endorsement.signatory_role,
            "public_statement": endorsement.public_statement,
            "verified_at": endorsement.verified_at.isoformat() if endorsement.verified_at else "",
            "profile_url": absolute_url(municipality.get_absolute_url()),
        }


def csv_response(request, endorsements, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.DictWriter(response, fieldnames=FIELDS)
    writer.writeheader()
    for row in rows(request, endorsements):
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return response


def json_response(request, endorsements):
    data = list(rows(request, endorsements))
    return JsonResponse(
        {"count": len(data), "endorsements": data}, json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
