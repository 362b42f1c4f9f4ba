"""The read-only API as a client sees it: JSON for every error with the right status (never a redirect to /ca/…),
every parameter checked, pages/find/ with the site's language-prefixed paths, Cache-Control like the pages'."""

import json

import pytest
from django.conf import settings

from tests import outputs_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


def json_error(response, status):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["message"]
    assert "no-cache" in response["Cache-Control"]
    return body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/99999/",
        "/api/v2/images/99999/",
        "/api/v2/documents/99999/",
        "/api/v2/pages/?locale=xx",
        "/api/v2/pages/find/?html_path=/ca/no-such-page/",
        "/api/v2/pages/find/?id=99999",
        "/api/v2/pages/not-a-number/",
        "/api/v2/no-such-endpoint/",
        # Beside the version the API serves: still the API's folder, never sent to /ca/api/.
        "/api/",
        "/api",
        "/api/v1/pages/",
        "/api/v3/pages/?limit=1",
    ],
)
def test_not_found_is_a_json_404_not_a_redirect(client, url):
    json_error(client.get(url), 404)


@pytest.mark.parametrize("url", ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"])
def test_a_browser_gets_json_not_an_html_page_outside_the_sites_templates(client, url):
    # Django REST framework's browsable view is not one of the site's pages (its languages, its accessibility).
    response = client.get(url, headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "items" in json.loads(response.content)
    json_error(client.get(url + "?format=api"), 404)
    json_error(client.get(url, headers={"accept": "text/html"}), 406)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=x&search_operator=xyz",
        "/api/v2/images/?search=x&search_operator=xyz",
        "/api/v2/documents/?search=x&search_operator=xyz",
        "/api/v2/pages/?offset=99999999999999999999999",
        "/api/v2/pages/?limit=99999999999999999999999",
        "/api/v2/pages/?child_of=99999999999",
        "/api/v2/pages/?id=99999999999",
        "/api/v2/pages/?offset=-1",
        "/api/v2/pages/?limit=abc",
        "/api/v2/pages/?search=%00",
        "/api/v2/pages/?search=" + "a" * 201,
        "/api/v2/pages/?type=no.Such",
        "/api/v2/pages/?order=nothing",
        "/api/v2/pages/?unknown=1",
        "/api/v2/pages/?limit=1&limit=2",
        "/api/v2/pages/?fields=nothing",
        "/api/v2/pages/find/?id=abc",
        "/api/v2/images/find/?id=-1",
    ],
)
def test_bad_parameters_are_a_json_400(client, url):
    json_error(client.get(url), 400)


def test_a_search_with_a_valid_operator_answers(client, site):
    for operator in ("and", "or"):
        response = client.get(f"/api/v2/pages/?search=gira&search_operator={operator}")
        assert response.status_code == 200
    # An unbalanced quote (SQLite's full-text index cannot parse one) is a search like any other.
    for endpoint in ("pages", "images", "documents"):
        assert client.get(f"/api/v2/{endpoint}/", {"search": '"gira'}).status_code == 200


def test_find_accepts_the_paths_and_urls_the_site_uses(client, site):
    tour = site["tour"]
    detail = client.get(f"/api/v2/pages/{tour.pk}/")
    html_url = json.loads(detail.content)["meta"]["html_url"]
    assert html_url == f"{settings.SITE_URL}{tour.url}"
    for html_path in (tour.url, html_url, tour.url.removesuffix("/"), "/ca/", "/"):
        response = client.get("/api/v2/pages/find/", {"html_path": html_path})
        assert response.status_code == 302, html_path
        expected = tour.pk if html_path not in ("/ca/", "/") else site["home"].pk
        assert response["Location"].startswith(f"{settings.SITE_URL}/api/v2/pages/{expected}/")
    # Another language's prefix finds that language's page.
    spanish_home = site["home"].get_translation(site["home"].locale.__class__.objects.get(language_code="es"))
    response = client.get("/api/v2/pages/find/", {"html_path": "/es/"})
    assert response["Location"].startswith(f"{settings.SITE_URL}/api/v2/pages/{spanish_home.pk}/")


def test_find_never_finds_a_protected_defender(client, site):
    response = client.get("/api/v2/pages/find/", {"html_path": site["protected defender"].url})
    json_error(response, 404)


def test_api_answers_carry_the_pages_cache_control(client, site):
    response = client.get("/api/v2/pages/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert f"max-age={settings.CDHR_BROWSER_CACHE_SECONDS}" in response["Cache-Control"]
    assert response.has_header("ETag")
    for url in ("/api/v2/images/", "/api/v2/documents/", f"/api/v2/pages/{site['tour'].pk}/"):
        assert f"max-age={settings.CDHR_BROWSER_CACHE_SECONDS}" in client.get(url)["Cache-Control"]


def test_html_urls_are_on_the_public_address(client, site):
    items = json.loads(client.get("/api/v2/pages/?limit=100").content)["items"]
    assert items
    for item in items:
        assert item["meta"]["detail_url"].startswith(f"{settings.SITE_URL}/api/v2/pages/")
    detail = json.loads(client.get(f"/api/v2/pages/{site['news'].pk}/").content)
    assert detail["meta"]["html_url"] == f"{settings.SITE_URL}{site['news'].url}"
