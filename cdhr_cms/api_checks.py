"""What every endpoint of the read-only API (cdhr_cms/api.py) answers besides its data: JSON errors with the right
status, parameters checked before they reach the search backend or the database, and a Cache-Control like the
pages'. Kept apart from api.py, which decides *what* each endpoint lists.

Wagtail's API already answers JSON 400/404 for what it checks itself (unknown fields or filters, a non-numeric
limit, a missing object); these mixins close the gaps found by feeding it malformed requests: an unknown
`search_operator` (a 500 in Wagtail 8.0), numbers too large for the database, repeated parameters, and
`pages/find/?html_path=` with the language prefix that every public URL (and `html_url`) carries.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DataError
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_cache_control
from rest_framework import status
from rest_framework.exceptions import NotAcceptable
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Locale, Site

from .middleware import readable_search

SEARCH_OPERATORS = ("and", "or")
MAX_SEARCH_LENGTH = 200
MAX_PARAMETER_LENGTH = 1000
# Ids, offsets and limits beyond this are no real client's: they only overflow the database's integers.
MAX_INTEGER = 2**31 - 1
# Parameters whose value is free text; any other all-digit value is a number and must fit MAX_INTEGER.
TEXT_PARAMETERS = {"search", "html_path", "fields", "title", "slug", "seo_title", "search_description"}


class CheckedParametersMixin:
    """For every API viewset: parameters checked first, errors as JSON, Cache-Control on every answer."""

    # JSON only: Wagtail adds Django REST framework's browsable HTML view, which a browser gets by default — a public
    # HTML page outside the site's templates, its accessibility checks and its languages. `?format=api` is a 404.
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_parameter_values(request)

    def check_parameter_values(self, request):
        for name, values in request.GET.lists():
            if len(values) > 1:
                raise BadRequestError(f"{name} is given {len(values)} times; give it once")
            value = values[0]
            if len(value) > MAX_PARAMETER_LENGTH:
                raise BadRequestError(f"{name} is too long (at most {MAX_PARAMETER_LENGTH} characters)")
            if name not in TEXT_PARAMETERS and value.lstrip("-").isdigit() and abs(int(value)) > MAX_INTEGER:
                raise BadRequestError(f"{name} is too large (at most {MAX_INTEGER})")
        if "id" in request.GET and not request.GET["id"].isdigit():
            # pages/find/?id= hands the value to the database as it is (a 500 in Wagtail 8.0).
            raise BadRequestError("id must be a whole number")
        if len(request.GET.get("search", "")) > MAX_SEARCH_LENGTH:
            raise BadRequestError(f"search is too long (at most {MAX_SEARCH_LENGTH} characters)")
        if '"' in request.GET.get("search", ""):
            # Quotes mean nothing to a plain-text search (PostgreSQL ignores them), but SQLite's full-text index
            # cannot parse an unbalanced one: they become spaces, so both databases answer alike.
            query = request._request.GET.copy()
            query["search"] = readable_search(query["search"].replace('"', " "))
            request._request.GET = query
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")

    def handle_exception(self, exc):
        if isinstance(exc, DataError | OverflowError):
            # A value the database cannot hold (checked above as far as we can tell in advance).
            return Response({"message": "a parameter has a value that cannot be used"}, status=400)
        if isinstance(exc, NotAcceptable):
            # A client that accepts neither JSON nor */*: the API answers JSON only, and says so in JSON.
            return Response({"message": "this API answers application/json only"}, status=406)
        if isinstance(exc, Http404) and not str(exc):
            # Raised without a message (an unknown `format`, a missing object): Wagtail would answer an empty one.
            return Response({"message": "not found"}, status=404)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code < status.HTTP_400_BAD_REQUEST:
            # The same freshness as the public pages (cdhr_cms/cache.py): browsers and CDNs may keep an answer for
            # BROWSER_CACHE_SECONDS, and ask again (ETag) after that.
            patch_cache_control(response, public=True, max_age=settings.CDHR_BROWSER_CACHE_SECONDS)
        else:
            # An error may be fixed by the next publish: never kept.
            patch_cache_control(response, no_cache=True)
        return response


class LanguagePrefixedFindMixin:
    """`pages/find/?html_path=` for the paths the site really has: /ca/…, /es/…, /en/… (or the whole `html_url`).

    Wagtail routes html_path from the default site's root, which here is the Catalan home page with no prefix; the
    public URLs all start with a language. The prefix chooses the home page of that language, the rest is routed
    from there, in that language.
    """

    def find_object(self, queryset, request):
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        page = self.page_at(request, request.GET["html_path"])
        if page is not None and queryset.filter(id=page.id).exists():
            return page
        return None

    @staticmethod
    def page_at(request, html_path):
        site = Site.find_for_request(request)
        if site is None:
            return None
        components = [component for component in urlsplit(html_path).path.split("/") if component]
        language = settings.LANGUAGE_CODE
        if components and components[0] in dict(settings.LANGUAGES):
            language = components.pop(0)
        root = site.root_page.get_translation_or_none(Locale.objects.filter(language_code=language).first())
        if root is None:
            return None
        with translation.override(language):
            try:
                page, _args, _kwargs = root.specific.route(request, components)
            except Http404:
                return None
        return page
