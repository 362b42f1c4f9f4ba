"""Every public address answers the methods it uses and 405, with an Allow header naming them, to the others. Pages
took any method as a GET (a PUT or DELETE rendered the page, OPTIONS listed all seven methods), and media files and
documents were served to TRACE, PUT and DELETE alike. Only the contact page takes a POST; its form still works.

Django's test client leaves out the CSRF check; a real client that sends PUT, PATCH, DELETE or POST without a CSRF
token meets it first and is refused 403 before the page is routed. Either way, neither the page nor the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model

from defenders.factories import make_image
from tests import outputs_site
from tests.helpers import show_on_public_page

pytestmark = pytest.mark.django_db

READ = {"GET", "HEAD", "OPTIONS"}
NOT_USED = ["TRACE", "PUT", "PATCH", "DELETE"]


def allowed(response):
    return {method.strip() for method in response["Allow"].split(",")}


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("name", ["home", "standard", "news", "public defender", "tour", "programme", "statement"])
def test_a_page_answers_405_to_methods_it_does_not_use(client, site, name):
    url = site[name].url
    assert client.get(url).status_code == 200
    for method in [*NOT_USED, "POST"]:
        response = client.generic(method, url)
        assert response.status_code == 405, method
        assert allowed(response) == READ
        assert response.content == b""


def test_options_names_the_methods_of_the_page(client, site):
    assert allowed(client.options(site["news"].url)) == READ
    assert allowed(client.options(site["contact"].url)) == READ | {"POST"}


@pytest.mark.parametrize("suffix", ["calendari.ics", "premsa/"])
def test_a_page_s_own_files_and_views_are_only_read(client, site, suffix):
    url = site["tour"].url + suffix
    assert client.get(url).status_code == 200
    for method in ["POST", "PUT", "TRACE"]:
        assert client.generic(method, url).status_code == 405, method


def test_the_contact_page_takes_a_post_and_nothing_else_new(client, site):
    url = site["contact"].url
    assert client.get(url).status_code == 200
    # An empty form is the form again with its errors: the POST reached the page.
    response = client.post(url, {})
    assert response.status_code == 200
    assert response.context["form"].errors
    for method in NOT_USED:
        assert client.generic(method, url).status_code == 405, method


def test_media_files_and_documents_are_only_read(client):
    image = make_image(title="Shown image")
    document = get_document_model().objects.create(
        title="Shown document", file=SimpleUploadedFile("shown.txt", b"a document anyone may read")
    )
    show_on_public_page(image, document)
    for url in (image.file.url, document.url):
        assert client.get(url).status_code == 200
        assert client.head(url).status_code == 200
        for method in [*NOT_USED, "POST"]:
            response = client.generic(method, url)
            assert response.status_code == 405, (url, method)
            assert allowed(response) == {"GET", "HEAD"}
            assert not hasattr(response, "streaming_content"), "the file itself was sent"


def test_without_a_csrf_token_the_csrf_check_refuses_first_and_sends_nothing(site):
    browser = Client(enforce_csrf_checks=True)
    image = make_image(title="Shown image")
    show_on_public_page(image)
    for url in (site["news"].url, site["contact"].url, image.file.url):
        for method in ["PUT", "PATCH", "DELETE"]:
            response = browser.generic(method, url)
            assert response.status_code == 403, (url, method)
            assert not hasattr(response, "streaming_content")
            assert site["news"].title not in response.content.decode()
        # TRACE counts as safe to the CSRF check: the page's or the file's own 405 answers it.
        assert browser.generic("TRACE", url).status_code == 405, url
