"""Search words the backends cannot read as typed — a quotation mark left open, nothing but spaces — get an answer,
never a server error: on the site's API and on every admin screen that searches (cdhr_cms/middleware.py
`ReadableSearchMiddleware`). SQLite's full-text search failed on both ("unterminated string", a query of no terms)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OPEN_QUOTES = ['"', '"drets', 'drets"', 'a"b', 'a"b"c"']
BLANKS = [" ", "+", "\u00a0", "\u3000", '""', '" "']


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("words", OPEN_QUOTES + BLANKS)
def test_the_api_answers_any_search_words(client, homes, endpoint, words):
    response = client.get(f"/api/v2/{endpoint}/", {"search": words})
    assert response.status_code == 200, response.content[:300]
    assert "items" in response.json()


@pytest.mark.parametrize("role", ["editor", "sabadell"])
def test_admin_searches_answer_an_open_quotation_mark(as_user, homes, role):
    client = as_user(role)
    client.raise_request_exception = False
    screens = [
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        "/admin/images/chooser/results/",
        "/admin/documents/chooser/results/",
        "/admin/choose-page/search/",
        reverse("wagtailadmin_explore", args=[homes["ca"].pk]),
    ]
    apis = ["/admin/api/main/pages/", "/admin/api/main/images/", "/admin/api/main/documents/"]
    failures = []
    for words in OPEN_QUOTES:
        for url in screens:
            response = client.get(url, {"q": words})
            if response.status_code >= 500:
                failures.append((url, words, response.status_code))
        for url in apis:
            response = client.get(url, {"search": words})
            if response.status_code >= 500:
                failures.append((url, words, response.status_code))
    for words in BLANKS:
        for url in apis:
            response = client.get(url, {"search": words})
            if response.status_code >= 500:
                failures.append((url, words, response.status_code))
    assert not failures
    # A pair of quotation marks still asks for a phrase: the search runs and the screen answers.
    assert client.get(reverse("wagtailimages:index"), {"q": '"drets humans"'}).status_code == 200
