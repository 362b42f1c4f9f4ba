from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.roles import is_municipal_staff_only

from .middleware import is_closed_to_municipal_staff


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-factor authentication"),
        "help_text": _("Protect your account with a code from an authenticator app, and get recovery codes."),
    }


@hooks.register("construct_main_menu")
@hooks.register("construct_reports_menu")
def hide_areas_closed_to_council_staff(request, menu_items):
    """Council staff are refused the site-wide areas (accounts/middleware.py); the menus do not offer them either,
    among them wagtail-localize's translations report, which shows itself to anyone. A menu left empty (Reports)
    is not shown."""
    if not is_municipal_staff_only(request.user):
        return
    menu_items[:] = [item for item in menu_items if not _leads_to_a_closed_area(item)]


def _leads_to_a_closed_area(item):
    url = getattr(item, "url", None)
    if not url:
        return False  # a submenu: its own items are filtered by its own hook
    try:
        return is_closed_to_municipal_staff(resolve(url.split("?", 1)[0]))
    except Resolver404:
        return False
