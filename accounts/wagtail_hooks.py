from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-factor authentication"),
        "help_text": _("Protect your account with a code from an authenticator app, and get recovery codes."),
    }
