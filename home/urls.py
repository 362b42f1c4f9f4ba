from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

# Language-prefixed routes that are not Wagtail pages (see cdhr_cms/urls.py).
urlpatterns = [
    path(pgettext_lazy("URL", "search/"), views.search, name="search"),
    path(pgettext_lazy("URL", "cities/"), views.municipality_list, name="municipality_list"),
    path(pgettext_lazy("URL", "cities/<slug:slug>/"), views.municipality_profile, name="municipality_profile"),
]
