"""Data every public template needs: the main navigation and the footer's institutions, in the current language."""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale

from .models import HomePage, Institution


def _current_home(request):
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return None
    return HomePage.objects.live().filter(locale=locale).first()


def _navigation(request):
    home = _current_home(request)
    if home is None:
        return []
    return list(home.get_children().live().in_menu().only("title", "url_path", "slug"))


def _founders():
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return []
    return list(Institution.objects.filter(locale=locale, live=True, role=Institution.Role.FOUNDER))


def site_chrome(request):
    # Lazy, so that views that do not render the site chrome (feeds, JSON, the admin) run no query for it.
    return {
        "site_home": SimpleLazyObject(lambda: _current_home(request)),
        "main_navigation": SimpleLazyObject(lambda: _navigation(request)),
        "founding_institutions": SimpleLazyObject(_founders),
    }
