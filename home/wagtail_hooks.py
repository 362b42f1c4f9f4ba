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


# --- Translation status and translators' hand-over (home/translation_status.py) ----------------------------------
from django.urls import path, reverse  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402
from wagtail.admin.widgets import ListingButton  # noqa: E402
from wagtail_localize.models import Translation  # noqa: E402

from . import translation_status  # noqa: E402


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path("translation-status/", translation_status.status_report_view, name="translation_status"),
        path(
            "translation-status/submit/<int:translation_id>/",
            translation_status.submit_for_review_view,
            name="translation_submit_for_review",
        ),
    ]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return translation_status.can_view_status(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"), reverse("translation_status"), icon_name="wagtail-localize-language", order=900
    )


def _submit_for_review_buttons(page, user, view_name=None, next_url=None):
    """On a translated page: hand the translation to the moderators (translators cannot publish)."""
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .exclude(source__locale_id=page.locale_id)
        .first()
    )
    if translation is not None and page.permissions_for_user(user).can_edit():
        yield ListingButton(
            _("Save translation as draft and submit for review"),
            reverse("translation_submit_for_review", args=[translation.pk]),
            priority=61,
            icon_name="resubmit",
        )


hooks.register("register_page_header_buttons", _submit_for_review_buttons)
hooks.register("register_page_listing_more_buttons", _submit_for_review_buttons)
