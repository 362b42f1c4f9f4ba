"""One rule for slugs and routes in every language (home/slugs.py, home/routes.py), addresses from before they were
translated (home/moved.py), filters kept across the language switch, and each event's own calendar."""

import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from icalendar import Calendar
from wagtail.models import Locale, Page
from wagtail_localize.models import SegmentOverride, TranslationSource

from editions.factories import EventFactory, edition_index, madrid, make_programme, make_tour
from editions.models import EditionIndexPage
from home.models import Municipality, StandardPage
from home.setup import publish_new_page
from home.slugs import set_translated_slug
from home.translation import publish_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_of_april_2027(monkeypatch):
    """Today is 2027-04-01: the spring 2027 tour is upcoming."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2027, 4, 1, 10, tzinfo=datetime.UTC))


def translation_of(page, language):
    return page.get_translation(Locale.objects.get(language_code=language)).specific


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    ("catalan", "spanish", "english"),
    [
        ("/ca/el-projecte/", "/es/el-proyecto/", "/en/the-project/"),
        ("/ca/qui-som/", "/es/quienes-somos/", "/en/who-we-are/"),
        ("/ca/privacitat/", "/es/privacidad/", "/en/privacy/"),
        ("/ca/accessibilitat/", "/es/accesibilidad/", "/en/accessibility/"),
        ("/ca/noticies/", "/es/noticias/", "/en/news/"),
        ("/ca/dades-obertes/", "/es/datos-abiertos/", "/en/open-data/"),
        ("/ca/recursos-educatius/", "/es/recursos-educativos/", "/en/teaching-resources/"),
        ("/ca/contacte/", "/es/contacto/", "/en/contact/"),
    ],
)
def test_every_page_of_the_site_has_its_own_slug_in_each_language(client, catalan, spanish, english):
    for url in (catalan, spanish, english):
        assert client.get(url).status_code == 200, url
    links = {a["hreflang"]: a["href"] for a in soup(client.get(spanish)).select('link[rel="alternate"][hreflang]')}
    assert {language: href.split(settings.SITE_URL, 1)[1] for language, href in links.items()} == {
        "ca": catalan,
        "es": spanish,
        "en": english,
        "x-default": catalan,  # the source language, for readers of any other
    }


def test_demo_indexes_tours_and_news_have_translated_slugs(client):
    call_command("setup_site", "--demo", stdout=io.StringIO())
    expected = {
        "/es/defensores/": 200,
        "/en/defenders/": 200,
        "/es/ediciones/otono-2026/": 200,
        "/en/editions/spring-2027/": 200,
        "/en/statement/2026/": 200,
        "/es/noticias/empieza-la-gira-de-otono-2026/": 200,
        # Addresses published before slugs were translated: permanently redirected, children and routes included.
        "/en/edicions/": "/en/editions/",
        "/es/defensors/": "/es/defensores/",
        "/en/privacitat/": "/en/privacy/",
        "/es/edicions/tardor-2026/sabadell/": "/es/ediciones/otono-2026/sabadell/",
        "/en/edicions/primavera-2027/press/": "/en/editions/spring-2027/press/",
        "/ca/edicions/primavera-2027/press/": "/ca/edicions/primavera-2027/premsa/",
        "/es/edicions/primavera-2027/calendar.ics": "/es/ediciones/primavera-2027/calendario.ics",
        "/ca/edicions/agenda/calendar.ics?city=sabadell": "/ca/edicions/agenda/calendari.ics?city=sabadell",
        "/en/noticies/rss.xml": "/en/news/rss.xml",
        "/ca/ciutats/sabadell/calendar.ics": "/ca/ciutats/sabadell/calendari.ics",
        "/es/calendars/defenders/aurora-quispe.ics": "/es/calendarios/defensores/aurora-quispe.ics",
    }
    for url, wanted in expected.items():
        response = client.get(url)
        if isinstance(wanted, int):
            assert response.status_code == wanted, url
        else:
            assert (response.status_code, response["Location"]) == (301, wanted), url
            assert client.get(wanted).status_code == 200, wanted
    # Nothing is invented: an unknown address stays a 404, and so does a page that is not public.
    assert client.get("/es/defensors/nobody/").status_code == 404
    assert client.get("/en/no-such-page/").status_code == 404


def test_a_translated_slug_is_kept_when_the_catalan_slug_changes(homes, locales):
    page = publish_new_page(homes["ca"], StandardPage(title="Qui fem", slug="qui-fem"))
    kept = publish_translation(page, locales["es"], {"title": "Quiénes hacemos", "slug": "quienes-hacemos"})
    followed = publish_translation(page, locales["en"], {"title": "Who we do"})
    assert (kept.slug, followed.slug) == ("quienes-hacemos", "qui-fem")
    page.slug = "que-fem"
    page.save_revision().publish()
    # What wagtail-localize's "Sync translated pages" does, for both translations.
    source = TranslationSource.objects.get_for_instance(page)
    source.update_from_db()
    for locale in (locales["es"], locales["en"]):
        source.create_or_update_translation(locale, fallback=True)
    assert Page.objects.get(pk=kept.pk).slug == "quienes-hacemos"
    # A translation without a slug of its own follows the source, as the rule says.
    assert Page.objects.get(pk=followed.pk).slug == "que-fem"


def test_translators_see_the_slug_in_the_translation_editor(client, homes, locales, django_user_model):
    page = publish_new_page(homes["ca"], StandardPage(title="Qui fem", slug="qui-fem"))
    translation = publish_translation(page, locales["es"], {"title": "Quiénes hacemos"})
    client.force_login(django_user_model.objects.create_superuser("slugs", "s@example.org", "x-long-pass-123"))
    html = client.get(f"/admin/pages/{translation.pk}/edit/").content.decode()
    props = json.loads(soup_props(html))
    segments = {segment["location"]["field"]: segment for segment in props["segments"]}
    assert segments["Slug"]["type"] == "synchronised_value"
    assert segments["Slug"]["value"] == "qui-fem"


def soup_props(html):
    return BeautifulSoup(html, "html.parser").select_one(".js-translation-editor")["data-props"]


def test_setting_a_slug_on_a_live_translation_keeps_its_old_address_working(client, homes, locales):
    page = publish_new_page(homes["ca"], StandardPage(title="Memòria", slug="memoria"))
    translation = publish_translation(page, locales["en"], {"title": "Memory"})
    assert client.get("/en/memoria/").status_code == 200
    set_translated_slug(page, locales["en"], "memory")
    assert Page.objects.get(pk=translation.pk).slug == "memory"
    assert SegmentOverride.objects.filter(locale=locales["en"], context__path="slug").exists()
    assert client.get("/en/memory/").status_code == 200
    response = client.get("/en/memoria/")
    assert (response.status_code, response["Location"]) == (301, "/en/memory/")


@pytest.fixture
def programme(homes, locales):
    tour = make_tour(edition_index(homes["ca"]), slug="primavera-2027", title="Gira de primavera 2027")
    sabadell = Municipality.objects.get(slug="sabadell")
    events = [
        EventFactory(title="Xerrada oberta", event_type="talk", start=madrid(2027, 4, 13, 19)),
        EventFactory(title="Visita escolar", event_type="school_visit", start=madrid(2027, 4, 14, 10)),
    ]
    programme = make_programme(tour, sabadell, events=events)
    for page in (EditionIndexPage.objects.get(locale__language_code="ca"), tour):
        publish_translation(page, locales["en"], {"title": f"{page.title} (en)"})
    return programme


def test_each_public_event_has_its_own_calendar(client, programme, first_of_april_2027):
    html = soup(client.get(programme.url))
    talk = programme.events.get(title="Xerrada oberta")
    article = html.find(id=talk.anchor)
    link = article.find("a", type="text/calendar")
    assert link["href"] == f"{programme.url}acte-{talk.translation_key}.ics"
    assert article.find("a", href=f"{programme.url}#{talk.anchor}")  # the event's own address
    response = client.get(link["href"])
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Xerrada oberta"]
    assert events[0].decoded("DTSTART") == madrid(2027, 4, 13, 19)
    assert str(events[0]["UID"]) == talk.uid
    # A private event has no calendar of its own, nor any other address.
    visit = programme.events.get(title="Visita escolar")
    assert client.get(f"{programme.url}acte-{visit.translation_key}.ics").status_code == 404
    assert client.get(f"{programme.url}acte-00000000-0000-0000-0000-000000000000.ics").status_code == 404


def test_the_language_switcher_keeps_the_agendas_filters(client, programme, first_of_april_2027):
    index = EditionIndexPage.objects.get(locale__language_code="ca")
    response = client.get(index.url + "agenda/", {"city": "sabadell", "type": "talk"})
    links = {a["hreflang"]: a["href"] for a in soup(response).select("nav.language-switcher a[hreflang]")}
    english = translation_of(index, "en")
    assert links["en"] == f"{english.url}agenda/?city=sabadell&type=talk"
    # The values mean the same there: the English agenda's form has the same city and type chosen.
    form = soup(client.get(links["en"])).select_one("form.agenda-filters")
    assert form.select_one('select[name="city"] option[selected]')["value"] == "sabadell"
    assert form.select_one('select[name="type"] option[selected]')["value"] == "talk"
    # Canonical and alternate links stay without the filters.
    alternates = {link["hreflang"]: link["href"] for link in soup(response).select('link[rel="alternate"]')}
    assert alternates["en"] == f"{settings.SITE_URL}{english.url}agenda/"


def test_the_language_switcher_keeps_the_directorys_filters(client, homes, locales):
    from editions.factories import defender_directory, make_defender

    directory = defender_directory(homes["ca"])
    make_defender(directory, "amara", "Amara", "public")
    response = client.get(directory.url, {"country": "HN", "q": "Amara"})
    links = {a["hreflang"]: a["href"] for a in soup(response).select("nav.language-switcher a[hreflang]")}
    assert links == {"es": "/es/defensores/?country=HN&q=Amara", "en": "/en/defenders/?country=HN&q=Amara"}
    # The Spanish directory understands them: the same defender is listed.
    assert "Amara" in client.get(links["es"]).content.decode()
    # A page shown in place of a missing translation keeps them too, after its own `from`.
    page = publish_new_page(homes["ca"], StandardPage(title="Només en català", slug="nomes-en-catala"))
    links = {
        a["hreflang"]: a["href"] for a in soup(client.get(page.url, {"q": "pau"})).select("nav.language-switcher a")
    }
    assert links["es"] == f"{page.url}?from=es&q=pau"
