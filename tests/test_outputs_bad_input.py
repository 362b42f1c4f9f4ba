"""Bad input gets a clear answer (400, or 200 with a message), never a 500; 503 "database down" only when the
database really cannot be reached — proved against a database that refuses a query and against one that is not
there at all."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError, DataError, connection, transaction
from django.test import RequestFactory

from cdhr_cms.middleware import DatabaseUnavailableMiddleware
from tests import outputs_site

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


@pytest.mark.parametrize(
    "query", ["date_to=9999-12-31", "date_from=9999-12-31", "date_from=0001-01-01", "date_to=2027-02-30"]
)
def test_agenda_dates_out_of_range_answer_with_a_message(client, site, query):
    agenda = site["tour index"].url + "agenda/"
    response = client.get(f"{agenda}?{query}")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    calendar = client.get(f"{agenda}calendari.ics?{query}")
    assert calendar.status_code == 400
    # Which filter, by its label, and why, as the reader reads them: no field name, nothing escaped for HTML.
    text = calendar.content.decode()
    assert text.startswith(("Des de: ", "Fins a: ")) and "date_" not in text and "&#x27;" not in text, text


def refused(client, site, form):
    """The page a reader gets back for a form or filter they got wrong."""
    agenda = site["tour index"].url + "agenda/"
    if form == "agenda":
        return client.get(f"{agenda}?city=nowhere&type=party&date_from=bad&date_to=2026-13-45")
    if form == "resources":
        return client.get("/ca/recursos-educatius/?theme=nothing&level=nothing")
    return client.post(site["contact"].url, {"name": "", "email": "not-an-address", "subject": "", "message": ""})


@pytest.mark.parametrize("form", ["agenda", "resources", "contact"])
def test_each_refused_field_points_screen_readers_at_its_own_message(client, site, form):
    response = refused(client, site, form)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    invalid = soup.select('[aria-invalid="true"]')
    assert invalid, "the refused fields are marked invalid"
    for field in invalid:
        # Django names the message `<id>_error` in the field's aria-describedby: that element must exist and say it.
        for message_id in field["aria-describedby"].split():
            message = soup.find(id=message_id)
            assert message is not None and message.get_text(strip=True), (field["name"], message_id)


def test_a_date_that_is_not_one_is_not_written_back_into_the_date_box(client, site):
    soup = BeautifulSoup(refused(client, site, "agenda").content, "html.parser")
    boxes = soup.select('input[type="date"]')
    assert len(boxes) == 2
    # HTML allows only a real date (or nothing) as a date box's value; the messages say what was wrong.
    assert all(not box.get("value") for box in boxes)
    assert all(soup.find(id=box["id"] + "_error").get_text(strip=True) for box in boxes)
    kept = BeautifulSoup(client.get(site["tour index"].url + "agenda/?date_from=2027-03-01").content, "html.parser")
    assert kept.select_one('input[name="date_from"]')["value"] == "2027-03-01"


def test_the_search_page_names_its_two_search_forms_apart(client, site):
    soup = BeautifulSoup(client.get("/ca/cerca/?q=drets").content, "html.parser")

    def name(landmark):
        if landmark.get("aria-labelledby"):
            return soup.find(id=landmark["aria-labelledby"]).get_text(strip=True)
        return landmark.get("aria-label")

    names = [name(landmark) for landmark in soup.select('[role="search"]')]
    assert len(names) == 2 and all(names) and len(set(names)) == 2, names


@pytest.mark.parametrize(
    "url",
    [
        "/ca/cerca/?q=a%00b",
        "/api/v2/pages/?search=%00",
        "/ca/defensors/?q=%00",
        "/ca/edicions/agenda/?city=%00",
        "/ca/recursos-educatius/?level=primary%00",
        "/ca/recursos-educatius/?theme=pau%00",
        "/ca/?x=%01",
    ],
)
def test_control_characters_in_a_query_are_a_400_not_an_outage(client, site, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Retry-After" not in response
    if not url.startswith("/api/"):
        # The 400 page speaks the visitor's language (every URL here is Catalan).
        assert "Aquesta adreça no es pot fer servir" in response.content.decode()
    else:
        assert response.json()["message"]


def test_an_error_of_one_query_is_not_an_outage():
    """A query the (running) database refuses: a programming error stays a 500 (logged, visible); a value it
    cannot hold is the request's fault, a 400. Neither is "database down"."""
    request = RequestFactory().get("/ca/")
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_anywhere")
    except DatabaseError as error:
        refused = error
    assert middleware.process_exception(request, refused) is None  # → Django's 500 page
    response = middleware.process_exception(request, DataError("value too large for type integer"))
    assert response.status_code == 400
    api = middleware.process_exception(RequestFactory().get("/api/v2/pages/"), DataError("out of range"))
    assert api.status_code == 400 and api["Content-Type"] == "application/json"


STOPPED_DATABASE_SCRIPT = textwrap.dedent(
    """
    import django, json, os
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False)
    answers = {}
    for url in ("/ca/", "/api/v2/pages/?search=x", "/healthz", "/ca/cerca/?q=drets"):
        response = client.get(url)
        answers[url] = [response.status_code, response.get("Retry-After")]
    print(json.dumps(answers))
    """
)


@pytest.mark.parametrize(
    "database_url",
    [
        # PostgreSQL that is not running (nothing listens on port 1 of the loopback).
        "postgres://postgres@127.0.0.1:1/cdhr_stopped",
        # SQLite whose file cannot be opened.
        "sqlite:////nonexistent-directory/cdhr/db.sqlite3",
    ],
    ids=["postgresql", "sqlite"],
)
def test_a_database_that_is_not_there_is_a_503(database_url):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cdhr_cms.settings.test", "DATABASE_URL": database_url}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", STOPPED_DATABASE_SCRIPT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for url, (status, retry_after) in answers.items():
        assert status == 503, (url, status)
        if url != "/healthz":
            assert retry_after == "60", url


@pytest.mark.parametrize(
    "path", ["/healthz", "/robots.txt", "/sitemap.xml", "/sitemap-ca.xml", "/ca/cerca/?q=drets", "/ca/ciutats/"]
)
def test_head_is_answered_as_get_is_and_trace_is_refused(client, site, path):
    """Load balancers' health checks and link checkers ask with HEAD; TRACE is for no one."""
    get = client.get(path)
    head = client.head(path)

    assert get.status_code == head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
    assert client.trace(path).status_code == 405
    assert client.options(path).status_code == 405
