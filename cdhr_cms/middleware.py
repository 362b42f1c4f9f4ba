import functools
import logging
import re

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, DataError, connections
from django.db.utils import DEFAULT_DB_ALIAS
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.urls import LocalePrefixPattern, get_resolver
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger(__name__)

LANGUAGE_LIKE_PREFIX = re.compile(r"^/([a-z]{2}(?:-[a-z]{2,4})?)(/|$)", re.IGNORECASE)
API_PREFIX = "/api/"
FIRST_FOLDER = re.compile(r"^\^?([\w.-]+)/")


def is_language_neutral(path):
    """Does `path` belong to one of the routes outside i18n_patterns (/api/, /documents/, /healthz, …), or to the
    folder of one (/api/v1/ beside /api/v2/, /media/ itself)?"""
    relative = path.lstrip("/")
    if relative.split("/", 1)[0] in _language_neutral_folders(get_resolver()):
        return True
    for pattern in get_resolver().url_patterns:
        if not isinstance(pattern.pattern, LocalePrefixPattern) and pattern.pattern.match(relative):
            return True
    return False


@functools.cache
def _language_neutral_folders(resolver):
    """The first folder of each route outside i18n_patterns ("api" of "api/v2/", "media" of "^media/(?P<path>.+)$")."""
    folders = set()
    for pattern in resolver.url_patterns:
        if not isinstance(pattern.pattern, LocalePrefixPattern):
            match = FIRST_FOLDER.match(str(pattern.pattern))
            if match:
                folders.add(match.group(1))
    return frozenset(folders)


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


SEARCH_PARAMETERS = ("q", "search")


def readable_search(text):
    """Search words every backend can read: a quotation mark left open (`"drets`, `drets"`) was a server error
    in SQLite's full-text search, in the admin's searches, choosers and API as on the site; it becomes a space, and a
    pair still marks a phrase. Words of nothing but spaces of any kind (" ", a non-breaking or ideographic space) are
    no words: an empty search, which every view answers, where the backends failed on them."""
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return text if text.strip() else ""


class ReadableSearchMiddleware:
    """`readable_search()` for the search parameters of every view (Wagtail's admin and API views included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        changed = {
            name: readable_search(value)
            for name in SEARCH_PARAMETERS
            if name in request.GET and (value := request.GET[name]) != readable_search(value)
        }
        if changed:
            query = request.GET.copy()
            for name, value in changed.items():
                query[name] = value
            request.GET = query
        return self.get_response(request)


class WagtailAddressCheckMiddleware(MiddlewareMixin):
    """Addresses of Wagtail's own views that answer wrongly to a request no screen or link of the site makes (an
    address typed or altered by hand, a scanner's method):

    - bulk actions with `?id=` that is not an id of the model, and an image's preview at a size of zero
      (`fill-0x0`, which Wagtail divides by): both failed with a server error; answered 400, as any other malformed
      parameter;
    - a document asked for with a method other than GET or HEAD (TRACE, PUT, DELETE…): Wagtail's view served the
      file to any method; answered 405, as pages (`BasePage.allowed_http_methods`) and media files do;
    - an admin form sent without a field every screen sends (a stream field's counter): a server error; answered 400.
    """

    SIZED_OPERATIONS = {"fill", "max", "min", "width", "height", "scale"}
    READ_METHODS = ("GET", "HEAD")

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match is not None else None
        if name == "wagtail_bulk_action" and not self._ids_of_the_model(request, view_kwargs):
            return bad_request(request, "Bulk actions take ids of the objects listed.")
        if name == "wagtailimages:preview" and self._has_a_zero_size(view_kwargs.get("filter_spec", "")):
            return bad_request(request, "An image cannot be shown at a size of zero.")
        if name == "wagtaildocs_serve" and request.method not in self.READ_METHODS:
            return HttpResponseNotAllowed(self.READ_METHODS)
        return None

    def process_exception(self, request, exception):
        # A field every form of the admin sends, missing (a form cut short or made by hand): Wagtail's stream fields
        # read their counters without a default, and failed with a server error.
        match = request.resolver_match
        in_admin = match is not None and match.view_name.startswith(("wagtailadmin", "wagtailsnippets"))
        if isinstance(exception, MultiValueDictKeyError) and request.method == "POST" and in_admin:
            return bad_request(request, "The form was sent incomplete: reload the page and send it again.")
        return None

    @staticmethod
    def _ids_of_the_model(request, kwargs):
        try:
            model = apps.get_model(kwargs.get("app_label", ""), kwargs.get("model_name", ""))
        except (LookupError, ValueError):
            return True  # Wagtail answers 404 itself
        try:
            for value in request.GET.getlist("id"):
                if value != "all":
                    model._meta.pk.to_python(value)
        except ValidationError:
            return False
        child_of = request.GET.get("childOf")
        return not child_of or child_of.isdigit()

    @classmethod
    def _has_a_zero_size(cls, filter_spec):
        # "fill-0x0", "max-300x0", "width-0", "scale-0": the numbers of a sizing operation's first argument.
        for operation in filter_spec.split("|"):
            name, _, arguments = operation.partition("-")
            size = arguments.split("-")[0]
            if name in cls.SIZED_OPERATIONS and any(int(number) == 0 for number in re.findall(r"\d+", size)):
                return True
        return False


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
