"""A URL configuration without Wagtail's serving pattern (a headless set-up): pages have no address
(tests/test_addresses.py)."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [path("admin/", include(wagtailadmin_urls))]
