"""Statements URLs, language-prefixed (included from cdhr_cms/urls.py inside i18n_patterns).

Wagtail's page-serving pattern only accepts path segments without dots and ending in a slash, so the routable
files of statement pages (endorsements.csv, endorsements.json, badge/<slug>.svg) are matched here first and handed to
Wagtail's own page routing, which applies the usual live/privacy checks and the pages' RoutablePageMixin routes.
main's cdhr_cms/urls.py now has a generic PAGE_FILE_PATTERN doing the same: once merged, this file can go back to an
empty urlpatterns (the routes answer identically either way).
"""

from django.urls import re_path
from wagtail.views import serve

FILE_ROUTE = r"^(?P<path>(?:[\w\-]+/)+(?:endorsements\.(?:csv|json)|badge/[\w\-]+\.svg))$"


def serve_file_route(request, path):
    return serve(request, path)


urlpatterns = [re_path(FILE_ROUTE, serve_file_route, name="statements_file_route")]
