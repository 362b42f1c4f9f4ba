"""Benchmark data for statements: statements up to the requested number (earlier years, the words of the latest
demo statement in each language), each endorsed by every municipality, verified."""

import datetime

from home.bench import add_in_every_language, translations
from home.models import Municipality

from .models import AdoptingBody, Endorsement, StatementIndexPage, StatementPage


def create_bench_data(sizes, stdout):
    index = StatementIndexPage.objects.get(locale__language_code="ca")
    statements = StatementPage.objects.child_of(index)
    template = translations(statements.order_by("-year").first())
    years = set(statements.values_list("year", flat=True))
    year = min(years)
    for _number in range(max(sizes["statements"] - len(years), 0)):
        year -= 1

        def build(code, year=year):
            source = template[code]
            return StatementPage(
                title=f"{source.title} ({year})",
                slug=str(year),
                year=year,
                preamble=source.preamble,
                commitments=source.commitments.raw_data,
                window_opens=datetime.date(year, 1, 15),
                window_closes=datetime.date(year, 6, 30),
            )

        add_in_every_language(translations(index), build)
    municipalities = list(Municipality.objects.order_by("pk"))
    for statement in statements.order_by("year"):
        endorsed = set(Endorsement.objects.filter(statement=statement).values_list("municipality_id", flat=True))
        Endorsement.objects.bulk_create(
            [
                Endorsement(
                    statement=statement,
                    municipality=municipality,
                    status=Endorsement.Status.VERIFIED,
                    adopting_body=AdoptingBody.PLENARY,
                    adoption_date=datetime.date(statement.year, 3, 1) + datetime.timedelta(days=position % 90),
                    reference=f"PLE/{statement.year}/{position + 1}",
                    signatory_name="Alcaldia",
                    signatory_role="Alcalde o alcaldessa",
                )
                for position, municipality in enumerate(municipalities)
                if municipality.pk not in endorsed
            ]
        )
    stdout.write(
        f"  statements: {statements.count()} (× 3 languages), endorsements: {Endorsement.objects.public().count()}"
    )
