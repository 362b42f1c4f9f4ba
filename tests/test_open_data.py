"""The Open data page and the exports it points to: every dataset downloads, in each language, and carries only what
the safety and visibility rules allow (defenders public and limited, limited without images; events open to the
public; endorsements verified)."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from defenders.factories import make_image
from defenders.models import DefenderIndexPage, PortraitText
from defenders.safety import SafetyLevel
from editions.factories import EventFactory, edition_index, madrid, make_defender, make_programme, make_tour
from home.models import Municipality, OpenDataPage

pytestmark = pytest.mark.django_db

LANGUAGES = ["ca", "es", "en"]


@pytest.fixture
def ca_home(homes):
    return homes["ca"]


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def download_links(client, language):
    page = OpenDataPage.objects.get(locale__language_code=language)
    response = client.get(page.url)
    assert response.status_code == 200
    return {link["href"]: link.get("type") for link in soup(response).select(".dataset__downloads a")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_listed_download_answers_in_its_format(client, language):
    links = download_links(client, language)
    assert len(links) == 6, links  # defenders, events, endorsements, each as CSV and JSON
    for url, media_type in links.items():
        assert url.startswith(f"/{language}/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(media_type), url
        if media_type == "application/json":
            response.json()
        else:
            header = next(csv.reader(io.StringIO(response.content.decode())))
            assert header, url


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_states_the_licence_and_is_linked_from_every_footer(client, homes, language):
    page = OpenDataPage.objects.get(locale__language_code=language)
    licence = soup(client.get(page.url)).find("a", rel="license")
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
    footer = soup(client.get(homes[language].url)).find("footer")
    assert page.url in [link["href"] for link in footer.find_all("a")]


def test_unpublished_dataset_page_drops_out_of_the_catalogue(client):
    DefenderIndexPage.objects.filter(locale__language_code="ca").update(live=False)
    links = download_links(client, "ca")
    assert not any("/csv/" in url or "/json/" in url for url in links)
    assert len(links) == 4


def test_catalogue_follows_a_login_put_on_a_dataset_page_after_it_was_shown(client, admin_client, committed):
    """The index pages' addresses are remembered by the process (home/opendata.py index_address): a restriction set
    in the admin must take the dataset out at once, and lifting it bring it back."""
    assert len(download_links(client, "ca")) == 6
    directory = DefenderIndexPage.objects.get(locale__language_code="ca")
    privacy = reverse("wagtailadmin_pages:set_privacy", args=[directory.pk])
    with committed():
        assert admin_client.post(privacy, {"restriction_type": "login"}).status_code == 200
    links = download_links(client, "ca")
    assert len(links) == 4 and not any(directory.url in url for url in links)
    with committed():
        assert admin_client.post(privacy, {"restriction_type": "none"}).status_code == 200
    assert len(download_links(client, "ca")) == 6


@pytest.fixture
def three_defenders(ca_home):
    directory = DefenderIndexPage.objects.get(locale__language_code="ca")
    defenders = {}
    for level in SafetyLevel.values:
        defender = make_defender(directory, f"open-data-{level}", f"Opendata{level.title()}", level)
        person = defender.person
        person.region = f"Regionzz{level}"
        person.portrait = make_image(f"Portraitzz{level}")
        person.portrait_credit = "A photographer"
        person.portrait_texts = [PortraitText(language="ca", alt_text="A portrait")]
        person.save()
        defenders[level] = defender
    return directory, defenders


def test_defenders_json_lists_public_and_limited_only_and_limited_without_image(client, three_defenders):
    directory, defenders = three_defenders
    data = client.get(directory.url + "json/").json()
    by_name = {row["name"]: row for row in data["defenders"]}
    assert data["count"] == len(data["defenders"])
    public, limited = by_name["OpendataPublic"], by_name["OpendataLimited"]
    assert public["portrait"].startswith("http") and public["region"] == "Regionzzpublic"
    assert limited["portrait"] is None and limited["region"] == ""
    text = client.get(directory.url + "json/").content.decode()
    for secret in ("OpendataProtected", "Regionzzprotected", "Portraitzzprotected", "Portraitzzlimited", "Legal Name"):
        assert secret not in text


def test_defenders_csv_cannot_run_formulas(client, three_defenders):
    directory, defenders = three_defenders
    defender = defenders[SafetyLevel.PUBLIC]
    defender.summary = '=HYPERLINK("http://evil.example")'
    defender.save_revision().publish()
    rows = list(csv.DictReader(io.StringIO(client.get(directory.url + "csv/").content.decode())))
    summary = next(row["summary"] for row in rows if row["name"] == "OpendataPublic")
    assert summary.startswith("'=")


def test_events_export_only_events_open_to_the_public(client, ca_home, three_defenders):
    _directory, defenders = three_defenders
    tour = make_tour(edition_index(ca_home), slug="open-data-tour")
    events = [
        EventFactory(title="Opentalkzz", audience="public", start=madrid(2027, 4, 13)),
        EventFactory(title="Invitationzz", audience="invitation", start=madrid(2027, 4, 14)),
        EventFactory(title="Schoolzz", event_type="school_visit", start=madrid(2027, 4, 15)),
    ]
    make_programme(tour, Municipality.objects.get(slug="sabadell"), events=events, defenders=list(defenders.values()))
    index = edition_index(ca_home)
    data = client.get(index.url + "events.json").json()
    titles = [event["title"] for event in data["events"]]
    assert "Opentalkzz" in titles
    assert "Invitationzz" not in titles and "Schoolzz" not in titles
    talk = next(event for event in data["events"] if event["title"] == "Opentalkzz")
    assert talk["address"] == "Carrer Major 1" and talk["municipality_slug"] == "sabadell"
    assert sorted(talk["defenders"]) == ["OpendataLimited", "OpendataPublic"]
    assert talk["start"].startswith("2027-04-13T18:00")
    text = client.get(index.url + "events.csv").content.decode()
    assert "Opentalkzz" in text and "OpendataProtected" not in text and "Invitationzz" not in text


def test_open_data_page_query_budget(client, django_assert_max_num_queries):
    page = OpenDataPage.objects.get(locale__language_code="ca")
    client.get(page.url)  # warm the per-process caches (site root paths, chrome fragments) like a running server
    with django_assert_max_num_queries(12):
        assert client.get(page.url).status_code == 200
