from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.urls import Resolver404, get_script_prefix, resolve, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied

from home.roles import is_municipal_staff_only

from .middleware import is_closed_to_municipal_staff
from .users import may_manage


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-factor authentication"),
        "help_text": _("Protect your account with a code from an authenticator app, and get recovery codes."),
    }


@hooks.register("construct_reports_menu")
def hide_reports_closed_to_council_staff(request, menu_items):
    """Council staff are refused the site-wide reports (accounts/middleware.py); the Reports menu does not offer them
    either, wagtail-localize's translations report among them (it shows itself to anyone). A menu left empty is not
    shown. The main menu offers them no closed area (tests/test_admin_walk.py opens every sidebar link per role)."""
    if not is_municipal_staff_only(request.user):
        return
    menu_items[:] = [item for item in menu_items if not _leads_to_a_closed_area(item)]


def _leads_to_a_closed_area(item):
    path = urlsplit(item.url).path
    prefix = get_script_prefix()  # in the links (reverse() adds it), not in what resolve() reads
    if path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    try:
        return is_closed_to_municipal_staff(resolve(path))
    except Resolver404:
        return False  # a link out of the admin, or a submenu's "#"


@hooks.register("before_bulk_action")
def refuse_bulk_changes_to_administrators(request, action_type, objects, action):
    """The Users listing's bulk actions (deactivate, assign a role, delete) on an administrator's account, by someone
    who is not one: refused as the edit view refuses it (accounts/users.py)."""
    if get_user_model() not in getattr(action, "models", ()):
        return None
    if all(may_manage(request.user, account) for account in objects):
        return None
    return permission_denied(request)
