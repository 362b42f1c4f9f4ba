"""Council names sort as a Catalan reader expects (home/collation.py): the article does not count, nor do accents or
case. "el Prat de Llobregat" sorts under P, in every list of municipalities."""

import datetime

import pytest
from bs4 import BeautifulSoup

from home.collation import council_sort_key
from home.models import Municipality
from statements.factories import EndorsementFactory, StatementPageFactory
from statements.models import Endorsement, StatementIndexPage


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Reus", "el Prat de Llobregat", "Girona"], ["Girona", "el Prat de Llobregat", "Reus"]),
        (
            ["L'Hospitalet de Llobregat", "Granollers", "Igualada"],
            ["Granollers", "L'Hospitalet de Llobregat", "Igualada"],
        ),
        (["la Seu d’Urgell", "Sabadell", "Salt"], ["Sabadell", "Salt", "la Seu d’Urgell"]),
        (["les Franqueses del Vallès", "Figueres", "Gavà"], ["Figueres", "les Franqueses del Vallès", "Gavà"]),
        (["els Hostalets de Pierola", "Hostalric"], ["els Hostalets de Pierola", "Hostalric"]),
        (["Àger", "Agramunt", "Abrera"], ["Abrera", "Àger", "Agramunt"]),
        (["Cubelles", "Cornellà de Llobregat"], ["Cornellà de Llobregat", "Cubelles"]),
        # Not articles: a name that only starts with the same letters keeps them.
        (["Lleida", "Elna", "Lasarte"], ["Elna", "Lasarte", "Lleida"]),
    ],
)
def test_council_names_sort_without_article_accents_or_case(names, expected):
    assert sorted(names, key=council_sort_key) == expected


@pytest.mark.django_db
def test_the_municipality_keeps_its_sort_name_when_renamed():
    municipality = Municipality.objects.get(slug="el-prat-de-llobregat")
    assert municipality.sort_name == "prat de llobregat"
    municipality.name = "El Prat de Llobregat"
    municipality.save(update_fields=["name"])
    municipality.refresh_from_db()
    assert municipality.sort_name == "prat de llobregat"


@pytest.mark.django_db
def test_the_statements_endorsers_and_the_list_of_cities_sort_el_prat_under_p(client):
    statement = StatementPageFactory(parent=StatementIndexPage.objects.get(locale__language_code="ca"), year=2026)
    for slug in ("reus", "el-prat-de-llobregat", "girona", "sabadell"):
        EndorsementFactory(
            statement=statement,
            municipality=Municipality.objects.get(slug=slug),
            status=Endorsement.Status.VERIFIED,
            adoption_date=datetime.date(2026, 10, 20),
        )
    html = BeautifulSoup(client.get(statement.url).content, "html.parser")
    endorsers = [cell.get_text(strip=True) for cell in html.select(".endorsement-table tbody th")]
    assert endorsers == ["Girona", "el Prat de Llobregat", "Reus", "Sabadell"]
    # Inside the text column, like the statement itself.
    assert "article" in html.select_one("section.endorsements")["class"]
    cities = [
        a.get_text(strip=True)
        for a in BeautifulSoup(client.get("/ca/ciutats/").content, "html.parser").select(".municipality-list a")
    ]
    assert cities.index("Mollet del Vallès") + 1 == cities.index("el Prat de Llobregat") == cities.index("Reus") - 1
