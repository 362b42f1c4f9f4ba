from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, TranslatableMixin
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_localize.models import Translation

from . import drafts, editorial_guards, handover, roles, translation_status
from .content_checks import use_site_content_checker
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


# --- Paths that change a live page: moderation for everyone but moderators (home/editorial_guards.py) -------------

# Images and documents are deleted by moderators only. `exact_class`: wagtail.images and wagtail.documents register
# their own policy in their AppConfig.ready(), which runs after this module is imported (our apps come first).
register_permission_policy(
    get_image_model(),
    editorial_guards.DeleteNeedsDeletePermission(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)
register_permission_policy(
    get_document_model(),
    editorial_guards.DeleteNeedsDeletePermission(
        get_document_model(), auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)
hooks.register("before_delete_page", editorial_guards.refuse_page_deletion)
hooks.register("before_bulk_action", editorial_guards.refuse_bulk_page_changes)
# Before wagtail-localize's own `before_edit_page`, which opens its translation editor.
hooks.register("before_edit_page", editorial_guards.refuse_translation_editor, order=-100)
hooks.register("construct_page_action_menu", editorial_guards.hide_convert_to_alias)


# --- Roles and accounts (home/roles.py, home/accounts/) ---------------------------------------------------------


@hooks.register("before_edit_snippet", order=-100)
def refuse_source_snippets_to_translators(request, instance):
    """Before wagtail-localize's own hook (which would open its editor): translators never edit the Catalan source."""
    if (
        isinstance(instance, TranslatableMixin)
        and instance.locale.language_code == roles.SOURCE_LANGUAGE
        and not roles.may_edit_source_language(request.user)
    ):
        raise PermissionDenied


hooks.register("before_create_page", drafts.refuse_autosave_of_new_page)


@hooks.register("construct_page_chooser_queryset")
def council_staff_choose_public_or_own_pages(pages, request):
    """Council staff may link to the public site and to their own pages: no other council's drafts."""
    if not roles.is_municipal_staff_only(request.user):
        return pages
    public = Q(live=True, pk__in=Page.objects.public().values("pk"))
    return pages.filter(public | Q(pk__in=roles.own_page_ids(request.user)))


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-factor authentication"),
        "help_text": _("Protect your account with a code from an authenticator app, and get recovery codes."),
    }


# --- Translation status and translators' hand-over (home/translation_status.py) ----------------------------------


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
    if translation is not None and translation_status.may_hand_over(user, page):
        yield ListingButton(
            _("Save translation as draft and submit for review"),
            reverse("translation_submit_for_review", args=[translation.pk]),
            priority=61,
            icon_name="resubmit",
        )


hooks.register("register_page_header_buttons", _submit_for_review_buttons)
# Moderators' dashboard: translations handed over, with language, percentage, submitter and a diff (home/handover.py).
hooks.register("construct_homepage_panels", handover.add_pending_translations_panel)
hooks.register("register_page_listing_more_buttons", _submit_for_review_buttons)

hooks.register("construct_wagtail_userbar", use_site_content_checker)

from .resources import hooks as resources_hooks  # noqa: E402, F401 - registers the resources admin hooks
