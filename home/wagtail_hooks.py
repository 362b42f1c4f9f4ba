from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Institution, Municipality


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "group"
    list_display = ["name", "acronym", "role"]
    list_filter = ["role"]
    search_fields = ["name", "acronym"]


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    list_display = ["name", "comarca", "province", "editors_group"]
    list_filter = ["province"]
    search_fields = ["name", "comarca"]
    ordering = ["name"]


class ConsortiumViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Consortium")
    menu_icon = "group"
    menu_order = 300
    items = (InstitutionViewSet, MunicipalityViewSet)


register_snippet(ConsortiumViewSetGroup)


# --- Roles and accounts (home/roles.py, home/accounts/) ---------------------------------------------------------
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.models import TranslatableMixin  # noqa: E402

from . import roles  # noqa: E402


@hooks.register("before_edit_snippet", order=-100)
def refuse_source_snippets_to_translators(request, instance):
    """Before wagtail-localize's own hook (which would open its editor): translators never edit the Catalan source."""
    if (
        isinstance(instance, TranslatableMixin)
        and instance.locale.language_code == roles.SOURCE_LANGUAGE
        and not roles.may_edit_source_language(request.user)
    ):
        raise PermissionDenied


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-factor authentication"),
        "help_text": _("Protect your account with a code from an authenticator app, and get recovery codes."),
    }
