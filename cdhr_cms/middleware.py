import logging
import re

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

LANGUAGE_LIKE_PREFIX = re.compile(r"^/([a-z]{2}(?:-[a-z]{2,4})?)(/|$)", re.IGNORECASE)


class LanguagePrefixMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a path under an unknown language (/fr/...) is a 404.

    The stock middleware would redirect /fr/ to /ca/fr/, which suggests a French site that does not exist.
    """

    def process_response(self, request, response):
        if response.status_code == 404:
            match = LANGUAGE_LIKE_PREFIX.match(request.path_info)
            known = {code for code, _name in settings.LANGUAGES}
            if match and match.group(1).lower() not in known:
                return response
        return super().process_response(request, response)


class DatabaseUnavailableMiddleware:
    """When the database does not answer, say so with a plain 503 page instead of a 500 and a stack trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception.__class__.__name__)
        # Rendered without a request: the context processors would query the database again.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
