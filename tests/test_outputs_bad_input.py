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
    assert "date_" in calendar.content.decode()


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
