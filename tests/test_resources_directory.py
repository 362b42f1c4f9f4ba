"""Teaching resources: the directory's filters (including malformed input), the resource page, the demo content,
and documents losing their metadata when uploaded through the admin."""

import io

import pikepdf
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Locale

from defenders.factories import ThemeFactory
from editions.factories import defender_directory, edition_index, make_defender, make_tour
from home.setup import publish_new_page, set_on_every_language, stream
from home.translation import publish_translation
from resources.models import ResourceIndexPage, ResourcePage
from resources.pdf import simple_pdf

pytestmark = pytest.mark.django_db


def make_resource(index, slug, level, year, languages):
    document = get_document_model().objects.create(
        title=slug, file=SimpleUploadedFile(f"{slug}.pdf", simple_pdf(slug, ["x"]), content_type="application/pdf")
    )
    blocks = [
        ("document", {"document": document.pk, "language": code, "description": f"{slug} ({code})"})
        for code in languages
    ]
    documents = stream(blocks, slug)
    page = ResourcePage(title=slug, slug=slug, summary="s", level=level, year=year, documents=documents)
    return publish_new_page(index, page)


@pytest.fixture
def directory():
    """A few resources in the Catalan directory (the full demo is built once, in the demo test: it is slow)."""
    index = ResourceIndexPage.objects.get(locale__language_code="ca")
    make_resource(index, "a-primary-2024", "primary", 2024, ["ca", "es"])
    make_resource(index, "b-primary-2023", "primary", 2023, ["ca"])
    make_resource(index, "c-secondary-2024", "secondary", 2024, ["ca", "en"])
    make_resource(index, "d-adults-2025", "adults", 2025, ["en", "fr"])
    return index


def titles(response):
    return [resource.title for resource in response.context["resources"]]


def test_demo_resources_across_levels_with_pdfs_in_three_languages_and_translations(client):
    call_command("setup_site", "--demo", stdout=io.StringIO())
    sources = ResourcePage.objects.filter(locale__language_code="ca")
    assert sources.count() >= 8
    assert set(sources.values_list("level", flat=True)) == {level for level, _label in ResourcePage.Level.choices}
    assert {"ca", "es", "en"} <= {code for page in sources for code in page.languages}
    document = sources.first().documents[0].value["document"]
    with document.open_file() as handle:
        assert handle.read().startswith(b"%PDF")
    for index in ResourceIndexPage.objects.all():
        response = client.get(index.url)
        assert response.status_code == 200
        assert response.context["resources"].paginator.count == sources.count()
    # Translations carry translated text, and the source's documents and synchronised fields.
    source = sources.get(slug="drets-en-joc")
    translation = ResourcePage.objects.get(locale__language_code="es", slug="derechos-en-juego")
    assert translation.title == "Derechos en juego"
    assert translation.level == source.level and translation.year == source.year
    assert translation.languages == source.languages == ["ca", "en"]
    assert [b.value["document"].pk for b in translation.documents] == [b.value["document"].pk for b in source.documents]
    page = ResourcePage.objects.get(locale__language_code="en", slug="the-land-and-those-who-defend-it")
    html = client.get(page.url).content.decode()
    assert "Recognise the work of land and environmental defenders." in html
    assert "Map of conflicts" in html
    assert "dossier (Spanish)" in html
    assert 'rel="license"' in html and "CC BY-SA 4.0" in html
    assert "2 sessions, 110 minutes in all" in html
    # Plurals in every language (a Spanish catalogue with too few plural forms once fell back to Catalan here).
    spanish_page = ResourcePage.objects.get(locale__language_code="es", slug="la-tierra-y-quien-la-defiende")
    html = client.get(spanish_page.url).content.decode()
    assert "2 sesiones, 110 minutos en total" in html and "minuts" not in html


def test_filter_by_level(client, directory):
    response = client.get(directory.url, {"level": "primary"})
    assert sorted(titles(response)) == ["a-primary-2024", "b-primary-2023"]


def test_filter_by_year_and_language_combined(client, directory):
    response = client.get(directory.url, {"year": "2024", "language": "en"})
    assert titles(response) == ["c-secondary-2024"]


def test_filter_by_language_of_the_documents(client, directory):
    assert sorted(titles(client.get(directory.url, {"language": "en"}))) == ["c-secondary-2024", "d-adults-2025"]
    assert client.get(directory.url, {"language": "ar"}).context["resources"].paginator.count == 0
    assert client.get(directory.url, {"language": ""}).context["resources"].paginator.count == 4


@pytest.mark.parametrize(
    "params",
    [
        {"level": "university"},
        {"year": "nineteen"},
        {"year": "1999"},
        {"language": "xx"},
        # A NUL never reaches the view: cdhr_cms.middleware answers 400 (tests/test_outputs_bad_input.py).
        {"level": "a" * 5000},
        {"year": "2024", "language": "<script>"},
    ],
)
def test_unknown_filter_values_give_an_empty_result_and_a_message(client, directory, params):
    response = client.get(directory.url, params)
    assert response.status_code == 200
    assert response.context["resources"].paginator.count == 0
    assert response.context["filter_problem"]
    assert "<script>" not in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_a_bad_page_number_is_not_an_error_and_one_past_the_end_is_not_found(client, directory):
    assert client.get(directory.url, {"page": "x"}).status_code == 200  # the first page
    for page in ("-1", "999"):
        # Not the last page again under an address of its own (home/pagination.py): the site's own 404 page.
        response = client.get(directory.url, {"page": page})
        assert response.status_code == 404 and '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_filter_form_works_without_javascript(client, directory):
    html = client.get(directory.url).content.decode()
    assert '<form method="get"' in html
    assert '<label for="id_level">' in html and '<label for="id_language">' in html
    assert "<script" not in html


@pytest.fixture
def linked(directory, homes, locales):
    """Two resources linked to a theme, a tour and defenders (Catalan objects), with their Spanish translations."""
    theme = ThemeFactory(name="Pau", slug="pau")
    publish_translation(theme, locales["es"], {"name": "Paz"})
    tour = make_tour(edition_index(homes["ca"]), slug="tardor-2027", title="Gira de tardor 2027")
    publish_translation(tour, locales["es"], {"title": "Gira de otoño 2027"})
    people = defender_directory(homes["ca"])
    defenders = {
        level: make_defender(people, f"person-{level}", f"Person {level.title()}", level)
        for level in ("public", "limited", "protected")
    }
    for page in defenders.values():
        publish_translation(page, locales["es"], {})
    a, c = (ResourcePage.objects.get(slug=slug) for slug in ("a-primary-2024", "c-secondary-2024"))
    set_on_every_language(a, themes=[theme], related_tours=[tour], related_defenders=list(defenders.values()))
    set_on_every_language(c, themes=[theme])
    for page in (a, c):
        publish_translation(page, locales["es"], {"title": f"{page.title}-es", "summary": "s-es"})
    return {"theme": theme, "tour": tour, "defenders": defenders}


def spanish(page):
    return page.get_translation(Locale.objects.get(language_code="es"))


def test_filter_by_theme_in_every_language(client, directory, linked):
    assert sorted(titles(client.get(directory.url, {"theme": "pau"}))) == ["a-primary-2024", "c-secondary-2024"]
    response = client.get(spanish(directory).url, {"theme": "pau"})
    assert sorted(titles(response)) == ["a-primary-2024-es", "c-secondary-2024-es"]
    assert ("pau", "Paz") in response.context["filter_form"].fields["theme"].choices


def test_filter_by_tour_in_every_language(client, directory, linked):
    # One value in every language (year and season), though the tour's slugs differ: a filtered list keeps its
    # meaning when the reader switches language.
    assert spanish(linked["tour"]).slug != linked["tour"].slug
    assert titles(client.get(directory.url, {"tour": "2027-spring"})) == ["a-primary-2024"]
    response = client.get(spanish(directory).url, {"tour": "2027-spring"})
    assert titles(response) == ["a-primary-2024-es"]
    choices = response.context["filter_form"].fields["tour"].choices
    assert ("2027-spring", "Gira de otoño 2027") in choices


@pytest.mark.parametrize("params", [{"theme": "no-such-theme"}, {"tour": "no-such-tour"}])
def test_unknown_theme_or_tour_gives_an_empty_result_and_a_message(client, directory, linked, params):
    response = client.get(directory.url, params)
    assert response.status_code == 200
    assert response.context["resources"].paginator.count == 0
    assert response.context["filter_problem"]


def test_a_resource_shows_its_theme_tour_and_defenders_in_the_readers_language_never_a_protected_one(
    client, directory, linked
):
    page = spanish(ResourcePage.objects.get(slug="a-primary-2024", locale__language_code="ca"))
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    facts = soup.select_one("dl.facts").get_text(" ", strip=True)
    assert "Paz" in facts and "Gira de otoño 2027" in facts
    assert soup.find("a", href=spanish(linked["tour"]).url)
    assert soup.find("a", href=spanish(directory).url + "?theme=pau")
    defenders = [link.get_text() for link in soup.select("#defenders-heading ~ ul a")]
    assert defenders == ["Person Limited", "Person Public"]
    assert all(link["href"].startswith("/es/") for link in soup.select("#defenders-heading ~ ul a"))
    assert "Person Protected" not in soup.get_text()


def test_a_tour_lists_the_resources_linked_to_it_in_its_language(client, directory, linked):
    soup = BeautifulSoup(client.get(spanish(linked["tour"]).url).content, "html.parser")
    assert [link.get_text() for link in soup.select("#tour-resources ~ ul a")] == ["a-primary-2024-es"]


def test_a_tours_and_a_profiles_resources_follow_every_change(client, directory, linked):
    """The resources linking to a tour or a profile are read once until content changes (`resources_linking_to`,
    `PreparedQuery.remembered`): a resource renamed, newly linked, unlinked or unpublished shows on the next view."""
    tour, profile = linked["tour"], linked["defenders"]["public"]
    a, c = (
        ResourcePage.objects.get(slug=slug, locale__language_code="ca")
        for slug in ("a-primary-2024", "c-secondary-2024")
    )

    def listed(page, heading):
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        return [link.get_text() for link in soup.select(f"#{heading} ~ ul a")]

    def both():
        return listed(tour, "tour-resources"), listed(profile, "defender-resources")

    assert both() == (["a-primary-2024"], ["a-primary-2024"])
    with CaptureQueriesContext(connection) as captured:
        assert both() == (["a-primary-2024"], ["a-primary-2024"])
    read = [query["sql"] for query in captured.captured_queries]
    assert not any("related_tours" in sql or "related_defenders" in sql for sql in read)
    a.title = "e-renamed"
    a.save_revision().publish()
    assert both() == (["e-renamed"], ["e-renamed"])
    set_on_every_language(c, related_tours=[tour], related_defenders=[profile])
    assert both() == (["c-secondary-2024", "e-renamed"], ["c-secondary-2024", "e-renamed"])
    set_on_every_language(c, related_tours=[], related_defenders=[])
    assert both() == (["e-renamed"], ["e-renamed"])
    ResourcePage.objects.get(pk=a.pk).unpublish()
    assert both() == ([], [])


def test_a_resources_themes_and_tours_follow_every_change(client, directory, linked):
    """A resource's themes and tours are read once until content changes (resources/related.py, `PreparedQuery.
    remembered`): a tour renamed, a theme linked, a tour unlinked or unpublished shows on the next view; its people
    are read at every view, by the listing rule."""
    from defenders.models import Defender
    from editions.models import EditionPage

    a = ResourcePage.objects.get(slug="a-primary-2024", locale__language_code="ca")
    tour, theme = linked["tour"], linked["theme"]

    def facts():
        soup = BeautifulSoup(client.get(a.url).content, "html.parser")
        return soup.select_one("dl.facts").get_text(" ", strip=True), soup.find(id="defenders-heading") is not None

    def links(label):
        text = facts()[0]
        return label in text

    assert links("Gira de tardor 2027") and links("Pau")
    with CaptureQueriesContext(connection) as captured:
        facts()
    assert not any("defenders_theme" in query["sql"] for query in captured.captured_queries)
    tour.title = "Gira reanomenada"
    tour.save_revision().publish()
    assert links("Gira reanomenada") and not links("Gira de tardor 2027")
    other = ThemeFactory(name="Aigua", slug="aigua")
    set_on_every_language(a, themes=[theme, other])
    assert links("Aigua")
    set_on_every_language(a, related_tours=[])
    assert not links("Gira reanomenada")
    set_on_every_language(a, related_tours=[tour])
    assert links("Gira reanomenada")
    EditionPage.objects.get(pk=tour.pk).unpublish()
    assert not links("Gira reanomenada")
    # A person raised to protected by an update no signal sees leaves the list at the next view.
    Defender.objects.filter(pk=linked["defenders"]["limited"].person_id).update(safety_level="protected")
    Defender.objects.filter(pk=linked["defenders"]["public"].person_id).update(safety_level="protected")
    assert facts()[1] is False


def test_a_resource_lists_its_documents_to_download_and_follows_their_changes(client, directory):
    resource = ResourcePage.objects.get(slug="a-primary-2024")

    def downloads(url=resource.url):
        page = BeautifulSoup(client.get(url).content, "html.parser")
        return [
            (item.a["href"], item.a["hreflang"], item.a.get_text(), item.select_one(".muted").get_text())
            for item in page.select(".resource-documents li")
        ]

    document = resource.documents[0].value["document"]
    size = document.file_size
    assert size
    listed = downloads()
    assert [(url, language, text) for url, language, text, _facts in listed] == [
        (document.url, "ca", "a-primary-2024 (ca)"),
        (document.url, "es", "a-primary-2024 (es)"),
    ]
    # Its language, its type and its size, in the reader's language.
    assert listed[0][3].startswith("(Català, PDF, ") and listed[0][3].endswith(")")
    assert listed[1][3].startswith("(Castellà, PDF, ")
    # A block without a description names the document by its title, and follows it when it is renamed; a deleted
    # document leaves the list.
    revision_blocks = [
        ("document", {"document": document.pk, "language": "ca", "description": ""}),
        ("document", {"document": document.pk, "language": "es", "description": "Fitxa"}),
    ]
    resource.documents = stream(revision_blocks, "a-primary-2024")
    resource.save_revision().publish()
    assert [text for _url, _language, text, _facts in downloads()] == ["a-primary-2024", "Fitxa"]
    document.title = "Guia de l'activitat"
    document.save()
    assert [text for _url, _language, text, _facts in downloads()] == ["Guia de l'activitat", "Fitxa"]
    document.delete()
    assert downloads() == []
    assert not BeautifulSoup(client.get(resource.url).content, "html.parser").find(id="documents-heading")


def test_editors_choose_links_among_default_language_objects_only(client, directory, linked):
    client.force_login(get_user_model().objects.create_superuser("linker", "l@example.org", "a-long-password-123"))
    page = ResourcePage.objects.get(slug="a-primary-2024", locale__language_code="ca")
    soup = BeautifulSoup(client.get(f"/admin/pages/{page.pk}/edit/").content, "html.parser")
    options = [option.get_text(strip=True) for option in soup.select('[name="related_tours"] option')]
    assert options.count("Gira de tardor 2027") == 1 and "Gira de otoño 2027" not in options


def test_a_resource_pdf_uploaded_through_the_admin_loses_its_metadata(client):
    admin = get_user_model().objects.create_superuser("resadmin", "r@example.org", "a-long-password-123")
    client.force_login(admin)
    with pikepdf.open(io.BytesIO(simple_pdf("Dossier", ["Fitxa de l'alumnat"]))) as pdf:
        pdf.docinfo["/Author"] = "Teacher Secret Name"
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:creator"] = ["Teacher Secret Name"]
        buffer = io.BytesIO()
        pdf.save(buffer)
    upload = SimpleUploadedFile("dossier.pdf", buffer.getvalue(), content_type="application/pdf")
    response = client.post("/admin/documents/add/", {"title": "Dossier", "file": upload, "collection": 1})
    assert response.status_code == 302
    document = get_document_model().objects.get(title="Dossier")
    with document.open_file() as handle:
        data = handle.read()
    assert b"Teacher Secret Name" not in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/Author" not in pdf.docinfo and "/Metadata" not in pdf.Root


def test_page_types_are_pinned():
    assert ResourcePage.parent_page_types == ["resources.ResourceIndexPage"]
    assert ResourceIndexPage.subpage_types == ["resources.ResourcePage"]


def test_a_listed_defenders_profile_names_the_resources_about_them_a_protected_ones_never(client, directory, linked):
    for level in ("public", "limited"):
        soup = BeautifulSoup(client.get(spanish(linked["defenders"][level]).url).content, "html.parser")
        assert [link.get_text() for link in soup.select("#defender-resources ~ ul a")] == ["a-primary-2024-es"], level
    html = client.get(spanish(linked["defenders"]["protected"]).url).content.decode()
    assert "defender-resources" not in html and "a-primary-2024" not in html
