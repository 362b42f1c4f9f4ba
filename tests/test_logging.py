"""A request for a host that is not ours is answered 400 and logged in one line, without Django's stack trace: a
scanner trying hosts must not fill the log with tracebacks."""

import io
import logging

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def disallowed_host_log():
    """What the configured handlers of Django's DisallowedHost logger write (settings LOGGING)."""
    stream = io.StringIO()
    # pytest adds its own capturing handlers; the configured ones are the plain stream handlers.
    handlers = [
        handler
        for handler in logging.getLogger("django.security.DisallowedHost").handlers
        if type(handler) is logging.StreamHandler
    ]
    assert handlers, "the logger has handlers of its own"
    before = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, before, strict=True):
        handler.setStream(old)


@override_settings(ALLOWED_HOSTS=["localhost"])
def test_a_foreign_host_is_one_line_in_the_log(client, disallowed_host_log):
    client.raise_request_exception = False
    response = client.get("/ca/", HTTP_HOST="scanner.example")
    assert response.status_code == 400
    logged = disallowed_host_log.getvalue()
    assert "scanner.example" in logged
    assert "Traceback" not in logged
    assert len(logged.strip().splitlines()) == 1
