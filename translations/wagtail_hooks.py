"""The translation status report (translation_status.py) and the translators' hand-over to moderators (handover.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail_localize.models import Translation

from home import menus

from . import handover, translation_status


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


@hooks.register("construct_reports_menu")
def translations_report_in_the_readers_language(request, menu_items):
    """wagtail-localize labels its Reports item with a string translated when the menu is first built
    (home/menus.py)."""
    menus.relabel(menu_items, _("Translations"), url=reverse("wagtail_localize:translations_report"))


def _submit_for_review_buttons(page, user, view_name=None, next_url=None):
    """On a translated page: hand the translation to the moderators (translators cannot publish)."""
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .exclude(source__locale_id=page.locale_id)
        .first()
    )
    submit_url = translation_status.hand_over_url(user, translation, page)
    if submit_url:
        yield ListingButton(translation_status.HAND_OVER_LABEL, submit_url, priority=61, icon_name="resubmit")


hooks.register("register_page_header_buttons", _submit_for_review_buttons)
# Moderators' dashboard: translations handed over, with language, percentage, submitter and a diff
# (translations/handover.py).
hooks.register("construct_homepage_panels", handover.add_pending_translations_panel)
hooks.register("register_page_listing_more_buttons", _submit_for_review_buttons)
