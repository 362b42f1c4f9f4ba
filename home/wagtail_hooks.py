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

from .resources import hooks as resources_hooks  # noqa: E402, F401 - registers the resources admin hooks
