from django.urls import path, re_path
from django.utils.translation import pgettext_lazy

from . import views

# Language-prefixed routes that are not Wagtail pages (see cdhr_cms/urls.py).
urlpatterns = [
    path(pgettext_lazy("URL", "search/"), views.search, name="search"),
    path(pgettext_lazy("URL", "cities/"), views.municipality_list, name="municipality_list"),
    path(pgettext_lazy("URL", "cities/<slug:slug>/"), views.municipality_profile, name="municipality_profile"),
    # `<page url>share-card.png` for every page (home/share_cards.py); Wagtail only serves paths ending in "/".
    re_path(r"^(?P<page_path>(?:[\w\-]+/)*)share-card\.png$", views.share_card, name="share_card"),
]
