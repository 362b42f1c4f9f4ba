"""A tour's press room and its photo archive: what a journalist gets, and the safety rule that only public defenders'
photos are ever offered (never a limited or protected defender's name, face or credit, in the page or the zip)."""

import datetime
import io
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale, Site

from defenders.factories import make_image, make_person
from defenders.levels import raise_level
from defenders.models import PhotoLicence, PortraitText
from editions.factories import defender_directory, edition_index, make_tour
from editions.models import EditionDefender
from home.models import PressOffice
from home.setup import publish_new_page
from home.translation import publish_translation
from news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db

SECRETS = (
    *("Kemal", "Limited Credit", "kemal-face"),
    *("Roure", "Maria Secreta", "Olancho", "Protected Credit", "roure-face"),
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def defender(directory, slug, name, level, image_name, credit, color="#336699", **fields):
    from defenders.models import DefenderPage

    person = make_person(
        display_name=name,
        safety_level=level,
        country="HN",
        portrait=make_image(image_name, color=color),
        portrait_alt=f"Portrait of {name}",
        portrait_credit=credit,
        **fields,
    )
    return publish_new_page(directory, DefenderPage(slug=slug, person=person))


@pytest.fixture
def press_site(homes, locales):
    directory = defender_directory(homes["ca"])
    public = defender(
        directory,
        "amara",
        "Amara Quispe",
        "public",
        "amara-face",
        "Foto Pública",
        portrait_caption="Amara Quispe a l'ajuntament de Sabadell",
        portrait_licence=PhotoLicence.CC_BY,
    )
    # An editor gave the limited and the protected defender a portrait too: the safety rule must still hold.
    limited = defender(directory, "kemal", "Kemal", "limited", "kemal-face", "Limited Credit", color="#aa3300")
    protected = defender(
        directory,
        "roure",
        "Roure",
        "protected",
        "roure-face",
        "Protected Credit",
        "#00aa33",
        legal_name="Maria Secreta",
        region="Olancho",
    )
    tour = make_tour(edition_index(homes["ca"]), slug="tardor-2027", title="Gira de tardor 2027")
    for page in (public, limited, protected):
        tour.participating_defenders.add(EditionDefender(defender=page))
    tour.save_revision().publish()
    public.person.portrait_texts.add(
        PortraitText(
            language="es", alt_text="Retrato de Amara Quispe", caption="Amara Quispe en el ayuntamiento de Sabadell"
        )
    )
    public.person.save()
    publish_translation(public, locales["es"], {})
    publish_translation(tour, locales["es"], {"title": "Gira de otoño 2027"})
    return {"tour": tour, "public": public, "limited": limited, "protected": protected}


def in_language(page, language):
    return page.get_translation(Locale.objects.get(language_code=language))


# The press room's route is named in each language (home/routes.py).
PRESS_ROUTE = {"ca": "premsa/", "es": "prensa/", "en": "press/"}


def press_room(client, tour, language="ca"):
    tour = in_language(tour, language)
    response = client.get(tour.url + PRESS_ROUTE[language])
    assert response.status_code == 200
    return response


def archive(client, tour):
    response = client.get(tour.url + "press-photos.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def media_urls(html):
    """Every image or file address in the page that points into the media folder."""
    soup = BeautifulSoup(html, "html.parser")
    images = soup.find_all(["img", "source"])
    urls = [tag.get("src", "") for tag in images]
    urls += [url.split()[0] for tag in images for url in tag.get("srcset", "").split(",") if url.strip()]
    urls += [tag["href"] for tag in soup.find_all("a", href=True)]
    return [url for url in urls if "/media/" in url]


def test_the_press_room_offers_public_defenders_photos_with_caption_credit_and_licence(client, press_site):
    html = press_room(client, press_site["tour"]).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text() == "Sala de premsa: Gira de tardor 2027"
    assert soup.find("meta", property="og:title")["content"] == "Sala de premsa: Gira de tardor 2027"
    figure = soup.select_one(".press-photos figure")
    caption = figure.figcaption.get_text(" ", strip=True)
    assert "Amara Quispe a l'ajuntament de Sabadell" in caption
    assert "Foto Pública" in caption
    licence = figure.select_one('a[rel="license"]')
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/" and licence.get_text() == "CC BY 4.0"
    original = press_site["public"].person.portrait.file.url
    assert original in media_urls(html)
    assert soup.find("a", href=press_site["tour"].url + "press-photos.zip")


def test_limited_and_protected_defenders_never_appear_in_the_press_room(client, press_site):
    public_image = press_site["public"].person.portrait.file.name.rsplit("/", 1)[-1].split(".")[0]
    for language in ("ca", "es"):
        html = press_room(client, press_site["tour"], language).content.decode()
        for secret in SECRETS:
            assert secret not in html, (language, secret)
        assert media_urls(html), "the public photo is offered"
        assert all(public_image in url for url in media_urls(html)), media_urls(html)


def test_the_photo_archive_holds_the_public_originals_and_their_credits_only(client, press_site):
    zipped = archive(client, press_site["tour"])
    assert sorted(zipped.namelist()) == ["CREDITS.txt", "amara-quispe.jpg"]
    with press_site["public"].person.portrait.open_file() as handle:
        assert zipped.read("amara-quispe.jpg") == handle.read()
    credits = zipped.read("CREDITS.txt").decode()
    assert "Amara Quispe a l'ajuntament de Sabadell" in credits and "Foto Pública" in credits
    assert "https://creativecommons.org/licenses/by/4.0/" in credits
    everything = b"".join(zipped.read(name) for name in zipped.namelist())
    for secret in SECRETS:
        assert secret.encode() not in everything, secret
    for page in (press_site["limited"], press_site["protected"]):
        with page.person.portrait.open_file() as handle:
            assert handle.read() not in everything


def test_a_defender_made_protected_disappears_from_the_press_room_and_the_archive(client, press_site):
    raise_level(press_site["public"].person, None, "protected", "Quiet Heron", "Threats after the tour")
    html = press_room(client, press_site["tour"]).content.decode()
    assert "Amara Quispe a l'ajuntament" not in html and media_urls(html) == []
    assert "No hi ha fotos d'aquesta gira." in html
    # No archive of a credits file alone: the press room offers none, and its address says there is none.
    assert client.get(press_site["tour"].url + "press-photos.zip").status_code == 404


def test_a_photo_card_follows_each_change_of_what_it_shows_escaped(client, press_site):
    # The cards are written once for what they show (editions/press.py): each change alone must give a new card at
    # the next view, and every value is text, never markup.
    page, person = press_site["public"], press_site["public"].person

    def card():
        soup = BeautifulSoup(press_room(client, press_site["tour"]).content.decode(), "html.parser")
        (photo,) = soup.select(".press-photos li.card")
        return photo

    def caption():
        return card().figcaption.get_text(" ", strip=True)

    first = card()
    assert first.strong.a["href"] == page.url and first.strong.get_text() == "Amara Quispe"
    download = first.find("a", download=True)
    assert download["download"] == "amara-quispe.jpg" and download["href"] == person.portrait.file.url
    assert download.get_text() == "Baixeu l'original (64 × 64 píxels)"
    size = download.find_next_sibling("span", class_="muted").get_text()
    assert size == f"{person.portrait.file_size}\xa0bytes"  # Django's `filesizeformat`, its space unbreakable

    person.portrait_credit = '<script>alert("credit")</script> & Co'
    person.save()
    assert 'Foto: <script>alert("credit")</script> & Co' in caption() and not card().find("script")
    person.portrait_licence = PhotoLicence.ALL_RIGHTS
    person.save()
    assert "Llicència: Tots els drets reservats" in caption() and not card().find("a", rel="license")
    person.portrait_texts.filter(language="ca").update(caption="Nova <i>llegenda</i>")
    person.save()
    assert "Nova <i>llegenda</i>" in caption() and not card().find("i")
    person.display_name = "Amara <b>Renamed</b>"
    person.save()
    renamed = card()
    assert renamed.strong.get_text() == "Amara <b>Renamed</b>" and not renamed.find("b")
    assert renamed.find("a", download=True)["download"] == "amara-brenamedb.jpg"  # slugified: no markup, no space
    # The profile's address follows the name once the profile is published again (defenders/models.py).
    type(page).objects.get(pk=page.pk).save_revision().publish()
    assert card().strong.a["href"] == "/ca/defensors/amara-brenamedb/" != first.strong.a["href"]

    person.portrait = make_image("amara-new-face", size=(2400, 1600))
    person.save()
    replaced = card().find("a", download=True)
    assert replaced["href"] == person.portrait.file.url != download["href"]
    assert replaced.get_text() == "Baixeu l'original (2400 × 1600 píxels)"
    assert re.fullmatch(r"\d+,\d\xa0KB", replaced.find_next_sibling("span", class_="muted").get_text())


def test_whose_photos_and_under_which_name_are_read_at_every_view_the_rest_remembered(
    client, press_site, django_assert_num_queries
):
    # The cards, the press office and the releases are remembered until content changes (editions/press.py); whose
    # photos the room shows, under which name and portrait, is read at every view. Rows changed here behind the
    # models' back move no cache generation: what a view shows must follow them all the same.
    from defenders.models import Defender

    tour, person = press_site["tour"], press_site["public"].person
    other_face = make_image("amara-other-face", size=(96, 96))
    PressOffice.objects.create(site=Site.objects.get(is_default_site=True), email="premsa@example.org")
    press_room(client, tour)
    address = tour.url + PRESS_ROUTE["ca"]
    with django_assert_num_queries(3):  # routing's two, and the tour's public participants
        assert client.get(address).status_code == 200

    Defender.objects.filter(pk=person.pk).update(display_name="Amara Renamed")
    (card,) = BeautifulSoup(press_room(client, tour).content, "html.parser").select(".press-photos li.card")
    assert card.strong.get_text() == "Amara Renamed"
    Defender.objects.filter(pk=person.pk).update(portrait=other_face)
    (card,) = BeautifulSoup(press_room(client, tour).content, "html.parser").select(".press-photos li.card")
    assert card.find("a", download=True)["href"] == other_face.file.url
    Defender.objects.filter(pk=person.pk).update(safety_level="protected")
    html = press_room(client, tour).content.decode()
    assert media_urls(html) == [] and "Amara Renamed" not in html
    assert "No hi ha fotos d'aquesta gira." in html


def test_a_release_published_after_a_view_is_in_the_press_room_at_the_next(client, press_site):
    news_index = NewsIndexPage.objects.get(locale__language_code="ca")
    press_room(client, press_site["tour"])
    release = NewsPage(
        title="Comunicat",
        slug="comunicat",
        date=datetime.date(2027, 10, 1),
        category="press_release",
        tour=press_site["tour"],
        intro="La gira arriba a Sabadell.",
    )
    publish_new_page(news_index, release)
    soup = BeautifulSoup(press_room(client, press_site["tour"]).content, "html.parser")
    (item,) = soup.select(".press-releases li")
    assert item.a.get_text() == "Comunicat" and "La gira arriba a Sabadell." in item.get_text()
    release.title, release.intro = "Comunicat revisat", "Nova entradeta."
    release.save_revision().publish()
    (item,) = BeautifulSoup(press_room(client, press_site["tour"]).content, "html.parser").select(".press-releases li")
    assert item.a.get_text() == "Comunicat revisat" and "Nova entradeta." in item.get_text()


def test_captions_are_translated_and_the_archive_credits_are_in_the_readers_language(client, press_site):
    html = press_room(client, press_site["tour"], "es").content.decode()
    assert "Amara Quispe en el ayuntamiento de Sabadell" in html
    assert "Sala de prensa: Gira de otoño 2027" in html
    credits = archive(client, in_language(press_site["tour"], "es")).read("CREDITS.txt").decode()
    assert credits.startswith("Fotos de prensa: Gira de otoño 2027")
    assert "Amara Quispe en el ayuntamiento de Sabadell" in credits


def test_press_releases_of_this_tour_only_in_the_readers_language(client, press_site, locales):
    news_index = NewsIndexPage.objects.get(locale__language_code="ca")
    other_tour = make_tour(press_site["tour"].get_parent(), slug="primavera-2028", title="Altra gira")

    def news(slug, category, tour):
        page = NewsPage(title=slug, slug=slug, date=datetime.date(2027, 10, 1), category=category, tour=tour)
        return publish_new_page(news_index, page)

    release = news("comunicat-de-la-gira", "press_release", press_site["tour"])
    news("cronica-de-la-gira", "news", press_site["tour"])
    news("comunicat-d-una-altra-gira", "press_release", other_tour)
    news("comunicat-sense-gira", "press_release", None)
    publish_translation(release, locales["es"], {"title": "comunicado-de-la-gira"})

    soup = BeautifulSoup(press_room(client, press_site["tour"]).content, "html.parser")
    assert [link.get_text() for link in soup.select(".press-releases a")] == ["comunicat-de-la-gira"]
    soup = BeautifulSoup(press_room(client, press_site["tour"], "es").content, "html.parser")
    links = soup.select(".press-releases a")
    assert [link.get_text() for link in links] == ["comunicado-de-la-gira"]
    assert links[0]["href"].startswith("/es/")


def test_the_press_contact_comes_from_the_press_office_setting(client, press_site):
    soup = BeautifulSoup(press_room(client, press_site["tour"]).content, "html.parser")
    assert not soup.select('#press-contact ~ p a[href^="mailto:"]')
    office = PressOffice.for_site(Site.objects.get(is_default_site=True))
    office.name, office.email, office.phone = "Oficina de premsa", "premsa@example.org", "+34 93 000 00 00"
    office.save()
    soup = BeautifulSoup(press_room(client, press_site["tour"]).content, "html.parser")
    contact = soup.find(id="press-contact").parent
    assert contact.find("a", href="mailto:premsa@example.org")
    assert contact.find("a", href="tel:+34930000000")


def test_without_a_press_office_the_press_room_points_to_the_contact_form(client, press_site):
    soup = BeautifulSoup(press_room(client, press_site["tour"]).content, "html.parser")
    assert soup.find(id="press-contact").parent.find("a", href="/ca/contacte/")
    # Reading the press room wrote nothing: a row created at a reader's visit would be a change of content.
    assert not PressOffice.objects.exists()


def test_the_tour_page_links_to_its_press_room(client, press_site):
    soup = BeautifulSoup(client.get(press_site["tour"].url).content, "html.parser")
    assert soup.find("a", href=press_site["tour"].url + "premsa/")


def test_a_missing_original_leaves_the_photo_out_of_the_archive_instead_of_failing(client, press_site):
    portrait = press_site["public"].person.portrait
    portrait.file.storage.delete(portrait.file.name)
    assert archive(client, press_site["tour"]).namelist() == ["CREDITS.txt"]


@pytest.mark.parametrize("path", ["/ca/edicions/no-such-tour/premsa/", "/ca/edicions/no-such-tour/press-photos.zip"])
def test_an_unknown_tour_has_no_press_room(client, press_site, path):
    assert client.get(path).status_code == 404


def test_editors_link_a_news_item_to_a_tour_and_describe_a_portrait_in_the_admin(client, press_site):
    client.force_login(get_user_model().objects.create_superuser("pressadmin", "p@example.org", "long-password-123"))
    news_index = NewsIndexPage.objects.get(locale__language_code="ca")
    page = publish_new_page(news_index, NewsPage(title="Comunicat", slug="comunicat", date=datetime.date(2027, 1, 1)))
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="tour"' in html and 'name="category"' in html
    person = press_site["public"].person
    html = client.get(reverse("wagtailsnippets_defenders_defender:edit", args=[person.pk])).content.decode()
    assert 'name="portrait_texts-0-caption"' in html and 'name="portrait_licence"' in html
    assert client.get("/admin/settings/home/pressoffice/").status_code in (200, 302)


def test_the_sitemap_lists_each_press_room_with_its_languages(client, press_site):
    from defusedxml import ElementTree as ET

    namespaces = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    tree = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {
        urlsplit(url.find("sm:loc", namespaces).text).path: {
            link.get("hreflang"): urlsplit(link.get("href")).path for link in url.findall("xhtml:link", namespaces)
        }
        for url in tree.findall("sm:url", namespaces)
    }
    spanish = in_language(press_site["tour"], "es")
    catalan = press_site["tour"].url
    assert entries[spanish.url + "prensa/"] == {
        "ca": catalan + "premsa/",
        "es": spanish.url + "prensa/",
        "x-default": catalan + "premsa/",
    }
    assert entries[catalan] == {"ca": catalan, "es": spanish.url, "x-default": catalan}
