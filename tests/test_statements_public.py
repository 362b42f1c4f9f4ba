"""What the public sees of statements and endorsements in HTML, CSV, JSON, the map, the badge and the documents:
the text and commitments, and verified endorsements only, in every channel and every language."""

import csv
import io
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from home.models import Municipality
from home.setup import stream
from home.translation import publish_translation
from statements.factories import EndorsementFactory, StatementPageFactory, days_from_today, pdf_document
from statements.models import Endorsement, StatementIndexPage
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

Status = Endorsement.Status


@pytest.fixture
def index():
    return StatementIndexPage.objects.get(locale__language_code="ca")


@pytest.fixture
def statement(index):
    return StatementPageFactory(
        parent=index,
        year=2026,
        title="Declaració institucional 2026",
        preamble="<p>Preàmbul de la declaració.</p>",
        commitments=[("commitment", "Compromís u."), ("commitment", "Compromís dos."), ("commitment", "Tres.")],
    )


def english(statement):
    values = {
        "title": f"Institutional statement {statement.year}",
        "preamble": "<p>Preamble of the statement.</p>",
        "commitments": [
            {"type": "commitment", "value": text, "id": block.id}
            for text, block in zip(["Commitment one.", "Commitment two.", "Three."], statement.commitments, strict=True)
        ],
    }
    return publish_translation(statement, Locale.objects.get(language_code="en"), values)


def municipality(slug):
    return Municipality.objects.get(slug=slug)


@pytest.fixture
def endorsements(statement):
    """Verified: Terrassa, Girona, Reus (out of order, to test sorting); one of every other status."""
    verified = [
        EndorsementFactory(statement=statement, municipality=municipality(slug), status=Status.VERIFIED)
        for slug in ("terrassa", "girona", "reus")
    ]
    hidden = [
        EndorsementFactory(statement=statement, municipality=municipality("sabadell"), status=Status.SUBMITTED),
        EndorsementFactory(statement=statement, municipality=municipality("mataro"), status=Status.REJECTED),
        EndorsementFactory(statement=statement, municipality=municipality("gava"), status=Status.WITHDRAWN),
    ]
    return verified, hidden


HIDDEN_NAMES = ("Sabadell", "Mataró", "Gavà")


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_statement_page_shows_text_commitments_and_verified_endorsements(client, statement, endorsements):
    page = soup(client.get(statement.url))
    assert page.h1.get_text() == "Declaració institucional 2026"
    assert "Preàmbul de la declaració." in page.get_text()
    commitments = page.select("ol.commitments > li")
    assert [li.get_text() for li in commitments] == ["Compromís u.", "Compromís dos.", "Tres."]
    rows = page.select(".endorsement-table tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == ["Girona", "Reus", "Terrassa"]
    assert rows[0].th.a["href"] == municipality("girona").get_absolute_url()
    # Each row names the body that adopted the endorsement, in the page's language, and the date, for people and
    # for machines.
    girona = next(endorsement for endorsement in endorsements[0] if endorsement.municipality.slug == "girona")
    with translation.override("ca"):
        body = str(girona.get_adopting_body_display())
    body_cell, date_cell = rows[0].find_all("td")
    assert body_cell.get_text(strip=True) == body and body != girona.adopting_body
    assert date_cell.time["datetime"] == girona.adoption_date.isoformat() and date_cell.time.get_text(strip=True)
    text = page.get_text()
    assert not any(name in text for name in HIDDEN_NAMES)


def test_translation_shares_the_endorsements_and_counts_them(client, statement, endorsements):
    english_page = english(statement)
    page = soup(client.get(english_page.url))
    assert english_page.url.startswith("/en/")
    assert page.select_one(".endorsement-count").get_text(strip=True) == "3 municipalities have endorsed"
    rows = page.select(".endorsement-table tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == ["Girona", "Reus", "Terrassa"]
    assert rows[0].th.a["href"] == "/en/cities/girona/"
    assert "Plenary" in rows[0].get_text()


def test_map_plots_the_verified_municipalities_accessibly(client, statement, endorsements):
    page = soup(client.get(statement.url))
    svg = page.select_one(".endorsement-map svg")
    assert svg["role"] == "img"
    labelled_by = svg["aria-labelledby"].split()
    assert all(page.find(id=ident) for ident in labelled_by)
    assert svg.find("title") and svg.find("desc")
    points = svg.select("circle")
    assert sorted(point.title.get_text() for point in points) == ["Girona", "Reus", "Terrassa"]
    # Girona (north-east) is drawn right of and above Reus (south-west).
    by_name = {point.title.get_text(): point for point in points}
    assert float(by_name["Girona"]["cx"]) > float(by_name["Reus"]["cx"])
    assert float(by_name["Girona"]["cy"]) < float(by_name["Reus"]["cy"])
    assert not page.select("img[src^=http], script[src], link[rel=stylesheet][href^=http]")


def parse_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_statement_csv_lists_verified_only(client, statement, endorsements):
    rows = parse_csv(client.get(statement.url + "endorsements.csv"))
    assert [row["municipality"] for row in rows] == ["Girona", "Reus", "Terrassa"]
    assert rows[0]["year"] == "2026"
    assert rows[0]["adopting_body"] == "plenary"
    assert rows[0]["profile_url"].endswith("/ca/ciutats/girona/")


def test_statement_json_lists_verified_only(client, statement, endorsements):
    english_page = english(statement)
    response = client.get(english_page.url + "endorsements.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == 3
    assert [item["municipality"] for item in data["endorsements"]] == ["Girona", "Reus", "Terrassa"]
    assert {"status", "document"}.isdisjoint(data["endorsements"][0])


def test_index_open_data_covers_every_year_verified_only(client, index, statement, endorsements):
    older = StatementPageFactory(parent=index, year=2020)
    EndorsementFactory(statement=older, municipality=municipality("sabadell"), status=Status.VERIFIED)
    EndorsementFactory(statement=older, municipality=municipality("reus"), status=Status.REJECTED)
    rows = parse_csv(client.get(index.url + "endorsements.csv"))
    assert [(row["year"], row["municipality"]) for row in rows] == [
        ("2020", "Sabadell"),
        ("2026", "Girona"),
        ("2026", "Reus"),
        ("2026", "Terrassa"),
    ]
    data = json.loads(client.get(index.url + "endorsements.json").content)
    assert data["count"] == 4


def test_unpublished_statement_leaves_every_channel(client, index, statement, endorsements):
    statement.unpublish()
    assert parse_csv(client.get(index.url + "endorsements.csv")) == []
    assert client.get("/ca/ciutats/girona/").content.decode().count("2026") == 0


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, statement):
    EndorsementFactory(
        statement=statement, municipality=municipality("reus"), status=Status.VERIFIED, public_statement="=HYPERLINK(1)"
    )
    rows = parse_csv(client.get(statement.url + "endorsements.csv"))
    assert rows[0]["public_statement"] == "'=HYPERLINK(1)"


def test_index_shows_the_year_by_year_table_and_chart(client, index, statement, endorsements):
    older = StatementPageFactory(parent=index, year=2020)
    EndorsementFactory(statement=older, municipality=municipality("girona"), status=Status.VERIFIED)
    page = soup(client.get(index.url))
    table = page.select_one(".endorsement-matrix")
    assert [th.get_text() for th in table.select("thead th")][1:] == ["2020", "2026"]
    rows = {
        row.th.get_text(strip=True): [td.select_one("[aria-hidden]").get_text() for td in row.select("td")]
        for row in table.tbody("tr")
    }
    assert set(rows) == {"Girona", "Reus", "Terrassa"}
    assert rows["Girona"] == ["✔", "✔"]
    assert rows["Reus"] == ["–", "✔"]
    # In alphabetical order, each linked to the city's profile: the table reads its municipalities as rows.
    links = [(row.th.a.get_text(), row.th.a["href"]) for row in table.tbody("tr")]
    assert links == [
        ("Girona", "/ca/ciutats/girona/"),
        ("Reus", "/ca/ciutats/reus/"),
        ("Terrassa", "/ca/ciutats/terrassa/"),
    ]
    chart = page.select_one(".endorsement-chart svg")
    assert chart.find("desc").get_text() == "2020: 1; 2026: 3"
    assert len(chart.select("rect")) == 2


def test_an_index_without_verified_endorsements_says_so_in_its_table(client, index, statement):
    EndorsementFactory(statement=statement, municipality=municipality("reus"), status=Status.SUBMITTED)
    table = soup(client.get(index.url)).select_one(".endorsement-matrix")
    (row,) = table.tbody("tr")
    assert row.td["colspan"] == "2" and row.get_text(strip=True) == "Encara no hi ha adhesions verificades."
    assert "Reus" not in table.get_text()


def test_municipality_profile_shows_its_years(client, index, statement, endorsements):
    StatementPageFactory(parent=index, year=2020)
    page = soup(client.get("/ca/ciutats/terrassa/"))
    section = page.select_one(".municipality-endorsements")
    rows = {row.th.get_text(): row.select("td")[1].get_text() for row in section.tbody("tr")}
    assert set(rows) == {"2020", "2026"}
    assert rows["2026"] != rows["2020"]
    # Sabadell's endorsement is only submitted: not shown as endorsed.
    sabadell = soup(client.get("/ca/ciutats/sabadell/")).select_one(".municipality-endorsements")
    terrassa_yes = rows["2026"]
    assert all(row.select("td")[1].get_text() != terrassa_yes for row in sabadell.tbody("tr"))


def test_a_municipality_profile_follows_an_endorsement_verified_or_withdrawn_after_a_view(
    client, index, statement, endorsements
):
    # The statements and the endorsements a municipality's profile shows are read once until content changes
    # (statements/views.py): a verification, a withdrawal or a statement unpublished shows at the next view.
    def sabadell_2026():
        section = soup(client.get("/ca/ciutats/sabadell/")).select_one(".municipality-endorsements")
        rows = {row.th.get_text(): row.select("td")[1].get_text() for row in section.tbody("tr")} if section else {}
        return rows.get("2026")

    terrassa = soup(client.get("/ca/ciutats/terrassa/")).select_one(".municipality-endorsements")
    endorsed = terrassa.tbody.tr.select("td")[1].get_text()
    not_endorsed = sabadell_2026()
    assert not_endorsed != endorsed
    _verified, (sabadell, *_others) = endorsements
    sabadell.status = Status.VERIFIED
    sabadell.save()
    assert sabadell_2026() == endorsed
    sabadell.status = Status.WITHDRAWN
    sabadell.save()
    assert sabadell_2026() == not_endorsed
    statement.unpublish()
    assert sabadell_2026() is None


def test_a_statement_page_and_the_index_follow_endorsements_and_cities_changed_after_a_view(
    client, index, statement, endorsements
):
    # A statement's endorsements and the index's table are read once until content changes (statements/views.py): a
    # verification, a withdrawal, a city renamed or a statement unpublished shows at the next view, in the table,
    # on the map and in the index.
    def statement_page():
        page = soup(client.get(statement.url))
        rows = [row.th.get_text(strip=True) for row in page.select(".endorsement-table tbody tr")]
        points = sorted(point.title.get_text() for point in page.select(".endorsement-map circle"))
        assert sorted(rows) == points
        return rows

    def index_table():
        page = soup(client.get(index.url))
        return [(row.th.a.get_text(), row.th.a["href"]) for row in page.select(".endorsement-matrix tbody tr:has(th)")]

    assert statement_page() == ["Girona", "Reus", "Terrassa"]
    assert [name for name, _url in index_table()] == ["Girona", "Reus", "Terrassa"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(statement.url)
        return len(captured)

    remembered = queries()
    _verified, (sabadell, *_others) = endorsements
    sabadell.status = Status.VERIFIED
    sabadell.save()
    assert queries() > remembered == queries()
    assert statement_page() == ["Girona", "Reus", "Sabadell", "Terrassa"]
    assert [name for name, _url in index_table()] == ["Girona", "Reus", "Sabadell", "Terrassa"]
    reus = municipality("reus")
    reus.name, reus.slug = "Reus del Camp", "reus-del-camp"
    reus.save()
    assert statement_page() == ["Girona", "Reus del Camp", "Sabadell", "Terrassa"]
    assert ("Reus del Camp", "/ca/ciutats/reus-del-camp/") in index_table()
    sabadell.status = Status.WITHDRAWN
    sabadell.save()
    assert statement_page() == ["Girona", "Reus del Camp", "Terrassa"]
    assert [name for name, _url in index_table()] == ["Girona", "Reus del Camp", "Terrassa"]
    for endorsement in endorsements[0]:
        endorsement.status = Status.WITHDRAWN
        endorsement.save()
    assert statement_page() == []
    assert index_table() == []
    table = soup(client.get(index.url)).select_one(".endorsement-matrix")
    assert table.tbody.get_text(strip=True) == "Encara no hi ha adhesions verificades."
    statement.unpublish()
    assert client.get(statement.url).status_code == 404
    assert index_table() == []


def test_home_page_shows_the_latest_statement_and_its_count(client, index, statement, endorsements):
    StatementPageFactory(parent=index, year=2020)
    english(statement)
    page = soup(client.get("/en/"))
    section = page.select_one(".latest-statement")
    assert section.a.get_text() == "Institutional statement 2026"
    assert "3 municipalities have endorsed" in section.get_text()


def test_badge_for_a_verified_endorsement(client, statement, endorsements, page_cache):
    english_page = english(statement)
    response = client.get(english_page.url + "badge/girona.svg")
    assert response.status_code == 200
    # Embedded on councils' own sites: a browser loads it from another origin only if it says so (the site's
    # default is same-origin), and for the hour it says, the page cache being on.
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "Girona endorses the 2026 statement" in response.content.decode()
    assert b"<script" not in response.content
    snippet = soup(client.get(english_page.url + "badge/girona/"))
    assert snippet.a["href"].endswith(english_page.url)
    assert snippet.img["alt"] == "Girona endorses the 2026 statement"


@pytest.mark.parametrize("slug", ["sabadell", "mataro", "gava", "tarragona", "no-such-town"])
def test_no_badge_without_a_verified_endorsement(client, statement, endorsements, slug):
    assert client.get(statement.url + f"badge/{slug}.svg").status_code == 404
    assert client.get(statement.url + f"badge/{slug}/").status_code == 404


def test_supporting_document_is_public_only_once_verified(client, statement):
    verified = EndorsementFactory(
        statement=statement, municipality=municipality("reus"), status=Status.VERIFIED, document=pdf_document()
    )
    pending = EndorsementFactory(
        statement=statement, municipality=municipality("sabadell"), document=pdf_document("pending.pdf")
    )
    response = client.get(statement.url + f"documents/{verified.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(statement.url + f"documents/{pending.pk}/").status_code == 404
    assert client.get(pending.document.url).status_code != 200
    page = soup(client.get(statement.url))
    assert page.find("a", href=statement.url + f"documents/{verified.pk}/")
    verified.status = Status.WITHDRAWN  # not a legal transition, but whatever the status, only verified is public
    verified.save()
    assert client.get(statement.url + f"documents/{verified.pk}/").status_code == 404


def extra_municipalities(count):
    return [
        Municipality.objects.create(
            name=f"Poble de prova {n:02d}",
            slug=f"poble-de-prova-{n:02d}",
            latitude=Decimal("41.5") + Decimal(n) / 100,
            longitude=Decimal("1.5") + Decimal(n) / 100,
        )
        for n in range(count)
    ]


def test_statement_page_queries_do_not_grow_with_endorsements(client, index):
    statement = StatementPageFactory(parent=index, year=2026)
    towns = list(Municipality.objects.all()) + extra_municipalities(12)
    assert len(towns) >= 40
    for town in towns[:12]:
        EndorsementFactory(statement=statement, municipality=town, status=Status.VERIFIED)
    client.get(statement.url)  # warm caches (site root, locales)
    with_12 = count_queries(client, statement.url)
    for town in towns[12:40]:
        EndorsementFactory(statement=statement, municipality=town, status=Status.VERIFIED)
    with_40 = count_queries(client, statement.url)
    print(f"statement page queries: {with_12} with 12 endorsements, {with_40} with 40")
    assert with_12 == with_40
    assert len(soup(client.get(statement.url)).select(".endorsement-table tbody tr")) == 40


def test_index_page_queries_do_not_grow_with_endorsements(client, index):
    statement = StatementPageFactory(parent=index, year=2026)
    towns = list(Municipality.objects.all()) + extra_municipalities(12)
    for town in towns[:12]:
        EndorsementFactory(statement=statement, municipality=town, status=Status.VERIFIED)
    client.get(index.url)
    with_12 = count_queries(client, index.url)
    for town in towns[12:40]:
        EndorsementFactory(statement=statement, municipality=town, status=Status.VERIFIED)
    assert count_queries(client, index.url) == with_12


def test_window_notice_only_while_open(client, index):
    open_now = StatementPageFactory(parent=index, year=2026)
    closed = StatementPageFactory(
        parent=index, year=2020, window_opens=days_from_today(-90), window_closes=days_from_today(-60)
    )
    assert soup(client.get(open_now.url)).select("article p.muted")
    assert not soup(client.get(closed.url)).select("article p.muted")


def test_stream_helper_keeps_block_ids_for_translations():
    # The demo's translations pair commitments by block id: the helper must give both languages the same ids.
    assert [b["id"] for b in stream([("commitment", "a")], "k")] == [
        b["id"] for b in stream([("commitment", "b")], "k")
    ]
