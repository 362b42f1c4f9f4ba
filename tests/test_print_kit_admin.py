"""The "Print and share" tab of the tour and programme editors, and the admin's print files, through the admin's own
HTTP views, as the roles `setup_site` creates: a council's staff print their own programme (its latest draft too),
never another council's; the public files follow what is live.
"""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from PIL import Image as PILImage
from pypdf import PdfReader

from editions.factories import EventFactory, madrid, make_tour
from editions.models import CityProgrammePage, EditionIndexPage
from home import roles
from home.models import Municipality
from home.translation import publish_translation
from tests.test_workflow_matrix_apps import edit_form_data, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def users(db):
    return {
        "moderator": member("p-moderator", roles.MODERATORS),
        "sabadell": member("p-sabadell", Municipality.objects.get(slug="sabadell").editors_group.name),
    }


@pytest.fixture
def tour(db):
    index = EditionIndexPage.objects.get(locale__language_code="ca")
    return make_tour(index, slug="gira-de-prova", start=datetime.date(2030, 4, 1), end=datetime.date(2030, 4, 10))


def programme(tour, slug):
    page = CityProgrammePage(title=f"Programa de {slug}", slug=slug, municipality=Municipality.objects.get(slug=slug))
    page.events.add(EventFactory(title=f"Xerrada a {slug}", start=madrid(2030, 4, 2, 18)))
    tour.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def programmes(tour):
    return {slug: programme(tour, slug) for slug in ("sabadell", "terrassa")}


def admin_file(page, kind="poster", extension="pdf", query="?size=a4"):
    return reverse("editions_print_kit", args=[page.pk, kind, extension]) + query


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def panel(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return html, html.select_one(".print-kit")


def test_a_council_sees_the_print_tab_of_its_own_programme_in_three_languages(client, users, programmes, locales):
    sabadell = programmes["sabadell"]
    publish_translation(sabadell, locales["es"], {"title": "Programa de Sabadell (es)"})
    client.force_login(users["sabadell"])
    html, kit = panel(client, sabadell)
    assert any(tab.get_text(strip=True).startswith("Imprimeix i comparteix") for tab in html.select("[role=tab]"))
    sections = kit.select("section.print-kit__language")
    assert [section["lang"] for section in sections] == ["ca", "es", "en"]
    catalan, spanish, english = sections
    assert "Publicada" in catalan.get_text() and "Encara no s'ha traduït" in english.get_text()
    drafts = [link["href"] for link in catalan.select("a") if "/admin/print-kit/" in link["href"]]
    assert admin_file(sabadell) in drafts and admin_file(sabadell, "leaflet", query="?size=a5") in drafts
    assert admin_file(sabadell, query="?size=a3&bleed=1") in drafts
    public = [link["href"] for link in catalan.select("a") if "/admin/" not in link["href"]]
    assert f"{sabadell.get_full_url()}poster.pdf?size=a4" in public
    assert catalan.select_one("img.print-kit__preview")["src"] == admin_file(sabadell, extension="png")
    spanish_page = sabadell.get_translation(locales["es"])
    assert spanish.select_one("img.print-kit__preview")["src"] == admin_file(spanish_page, extension="png")
    # Every link of the tab answers.
    for link in catalan.select("a") + spanish.select("a"):
        href = link["href"].replace("http://localhost", "")
        response = client.get(href)
        assert response.status_code == 200, href


def test_the_preview_is_a_small_png_of_the_poster(client, users, programmes):
    client.force_login(users["sabadell"])
    response = client.get(admin_file(programmes["sabadell"], extension="png"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = PILImage.open(io.BytesIO(response.content))
    assert image.width == 360 and 500 < image.height < 520  # A4's proportions


def test_a_council_cannot_print_another_council_s_programme_in_the_admin(client, users, programmes):
    client.force_login(users["sabadell"])
    terrassa = programmes["terrassa"]
    for url in (admin_file(terrassa), admin_file(terrassa, extension="png"), admin_file(terrassa, "leaflet", query="")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"%PDF" not in response.content and b"Terrassa" not in response.content
    assert client.get(admin_file(programmes["terrassa"].get_parent())).status_code == 403  # the tour is not theirs
    # A page that does not exist is refused like one that is not theirs: no telling which ids exist.
    assert client.get(reverse("editions_print_kit", args=[999999, "poster", "pdf"]), follow=True).status_code == 403


def test_signed_out_visitors_are_sent_to_the_login_page(client, programmes):
    response = client.get(admin_file(programmes["sabadell"]))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_admin_files_show_the_latest_draft_and_the_public_files_what_is_live(client, users, programmes):
    sabadell = programmes["sabadell"]
    client.force_login(users["sabadell"])
    data = edit_form_data(client, sabadell, **{"events-0-title": "Xerrada canviada a l'esborrany"})
    assert client.post(reverse("wagtailadmin_pages:edit", args=[sabadell.pk]), data).status_code == 302
    draft = pdf_text(client.get(admin_file(sabadell)))
    assert "Xerrada canviada a l'esborrany" in draft
    client.logout()
    live = pdf_text(client.get(f"{sabadell.url}poster.pdf"))
    assert "Xerrada a sabadell" in live and "esborrany" not in live


def test_a_draft_with_a_private_event_prints_it_nowhere(client, users, programmes):
    sabadell = programmes["sabadell"]
    client.force_login(users["sabadell"])
    data = edit_form_data(client, sabadell)
    total = int(data["events-TOTAL_FORMS"])
    new = {
        "title": "Visita a l'escola secreta",
        "event_type": "school_visit",
        "audience": "",
        "start": "2030-04-03 10:00",
        "end": "2030-04-03 11:00",
        "venue_name": "Escola",
        "venue_address": "Carrer Amagat 5",
        "ORDER": str(total + 1),
        "id": "",
        "DELETE": "",
    }
    data.update({f"events-{total}-{name}": value for name, value in new.items()})
    data["events-TOTAL_FORMS"] = str(total + 1)
    assert client.post(reverse("wagtailadmin_pages:edit", args=[sabadell.pk]), data).status_code == 302
    sabadell.refresh_from_db()
    assert len(sabadell.get_latest_revision_as_object().events.all()) == 2
    text = pdf_text(client.get(admin_file(sabadell, "leaflet", query="")))
    assert "Xerrada a sabadell" in text
    assert "escola secreta" not in text and "Carrer Amagat" not in text


def test_moderators_see_the_tab_on_tours_and_bad_requests_get_a_clear_answer(client, users, tour, programmes):
    client.force_login(users["moderator"])
    _html, kit = panel(client, tour)
    links = [link["href"] for link in kit.select("a")]
    assert admin_file(tour) in links and admin_file(tour, query="?size=a3") in links
    assert not any("leaflet" in link for link in links)  # tours have posters only
    assert "Sabadell" in pdf_text(client.get(admin_file(tour)))
    assert client.get(admin_file(tour, "leaflet", query=""), follow=True).status_code == 404
    response = client.get(admin_file(tour, query="?size=a0"))
    assert response.status_code == 400 and "a0" in response.content.decode()


def test_a_page_not_saved_yet_has_nothing_to_print(client, users, tour):
    client.force_login(users["moderator"])
    url = reverse("wagtailadmin_pages:add", args=["editions", "cityprogrammepage", tour.pk])
    html = BeautifulSoup(client.get(url).content, "html.parser")
    assert "Deseu primer un esborrany" in html.select_one(".print-kit").get_text()
