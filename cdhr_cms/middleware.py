import logging
import re

from django.conf import settings
from django.db import DatabaseError, DataError, connections
from django.db.utils import DEFAULT_DB_ALIAS
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.urls import LocalePrefixPattern, get_resolver

logger = logging.getLogger(__name__)

LANGUAGE_LIKE_PREFIX = re.compile(r"^/([a-z]{2}(?:-[a-z]{2,4})?)(/|$)", re.IGNORECASE)
API_PREFIX = "/api/"


def is_language_neutral(path):
    """Does `path` belong to one of the routes outside i18n_patterns (/api/, /documents/, /healthz, …)?"""
    relative = path.lstrip("/")
    for pattern in get_resolver().url_patterns:
        if not isinstance(pattern.pattern, LocalePrefixPattern) and pattern.pattern.match(relative):
            return True
    return False


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except for two kinds of 404 that it would turn into a redirect to /ca/…:

    - a path under an unknown language (/fr/...), which would suggest a French site that does not exist;
    - a "not found" of a language-neutral route (the API's JSON 404, a missing document): a client asked for
      /api/v2/pages/99999/ and must hear "no such page", not be sent to /ca/api/v2/pages/99999/.
    """

    def process_response(self, request, response):
        if response.status_code == 404:
            match = LANGUAGE_LIKE_PREFIX.match(request.path_info)
            known = {code for code, _name in settings.LANGUAGES}
            if match and match.group(1).lower() not in known:
                return response
            if is_language_neutral(request.path_info):
                return response
        return super().process_response(request, response)


def bad_request(request, message):
    """A 400: JSON for API clients, a short page in the visitor's language for everyone else."""
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({"message": message}, status=400)
    else:
        # Rendered without a request: no context processor, no query.
        response = HttpResponse(render_to_string("400.html"), status=400)
    response["Cache-Control"] = "no-cache"
    return response


class RefuseMalformedParametersMiddleware:
    """A query string with NUL or other control characters is never a real visitor's filter or search: PostgreSQL
    cannot even store them, and SQLite's full-text search chokes. Answer 400 before any view sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if any(_has_forbidden_characters(text) for text in (name, *values)):
                return bad_request(request, "Query parameters must not contain control characters.")
        return self.get_response(request)


def _has_forbidden_characters(text):
    # Tab, line feed and carriage return may come from a pasted search; the others never do.
    return any(ord(character) < 32 and character not in "\t\n\r" or character == "\x7f" for character in text)


def database_is_reachable(alias=DEFAULT_DB_ALIAS):
    """Can a new connection to the database run a query? Asked on a connection of its own, so that the state of the
    one that failed (a transaction in error) does not count."""
    probe = connections.create_connection(alias)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except DatabaseError:
        return False
    finally:
        probe.close()


class DatabaseUnavailableMiddleware:
    """When the database does not answer, say so with a plain 503 page instead of a 500 and a stack trace.

    A database error is an outage only if the database cannot be reached at all: a query it refused (a value out of
    range, a character it cannot store) is the request's fault (400) or ours (500, logged), never "try again later".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        if database_is_reachable():
            if isinstance(exception, DataError):
                # The database refused a value taken from the request (too large, not storable): bad input.
                logger.info("Refused a value of %s: %s", request.path, exception.__class__.__name__)
                return bad_request(request, "A parameter has a value that cannot be used.")
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception.__class__.__name__)
        # Rendered without a request: the context processors would query the database again.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
