from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .erasure import ERASE_ACTION, can_erase
from .models import DefenderPage, Theme
from .takedown import can_take_down

# Fields whose change is written to the audit log, with who and when (Wagtail's log entry records both).
CONSENT_FIELDS = ("consent_date", "consent_scope", "consent_recorded_by_id", "consent_review_date")


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    menu_order = 310
    add_to_admin_menu = True


register_snippet(ThemeViewSet)


@hooks.register("register_log_actions")
def register_defender_log_actions(actions):
    actions.register_action("defenders.safety_level_change", _("Change safety level"), _("Safety level changed"))
    actions.register_action("defenders.consent_change", _("Change consent record"), _("Consent record changed"))
    actions.register_action("defenders.take_down", _("Take down everywhere"), _("Taken down everywhere"))
    actions.register_action(ERASE_ACTION, _("Erase for good"), _("Erased for good"))


@hooks.register("register_admin_urls")
def register_take_down_url():
    return [
        path("defenders/<int:page_id>/take-down/", admin_views.take_down, name="defenders_take_down"),
        path("defenders/<int:page_id>/erase/", admin_views.erase, name="defenders_erase"),
    ]


class TakeDownButton(Button):
    def __init__(self, page, priority=90):
        super().__init__(
            label=_("Take down everywhere"),
            url=reverse("defenders_take_down", args=[page.pk]),
            icon_name="warning",
            priority=priority,
            attrs={"title": _("Unpublish this defender in every language at once")},
        )


class EraseButton(Button):
    def __init__(self, page, priority=95):
        super().__init__(
            label=_("Erase for good"),
            url=reverse("defenders_erase", args=[page.pk]),
            icon_name="bin",
            priority=priority,
            attrs={"title": _("Delete this defender and every trace of them, in every language")},
        )


def _is_defender(page):
    return page.specific_class is DefenderPage


@hooks.register("register_page_header_buttons")
def take_down_header_button(page, user, view_name, next_url=None):
    if _is_defender(page) and can_take_down(user):
        yield TakeDownButton(page)


@hooks.register("register_page_listing_more_buttons")
def take_down_listing_button(page, user, next_url=None):
    if _is_defender(page) and can_take_down(user):
        yield TakeDownButton(page)


@hooks.register("register_page_header_buttons")
def erase_header_button(page, user, view_name, next_url=None):
    if _is_defender(page) and can_erase(user):
        yield EraseButton(page)


def _safety_snapshot(page):
    return {"safety_level": page.safety_level, **{name: getattr(page, name) for name in CONSENT_FIELDS}}


@hooks.register("before_edit_page")
def remember_safety_before_edit(request, page):
    if isinstance(page, DefenderPage) and request.method == "POST":
        request._defender_safety_before = _safety_snapshot(page)


@hooks.register("after_edit_page")
def log_safety_changes(request, page):
    before = getattr(request, "_defender_safety_before", None)
    if before is None or not isinstance(page, DefenderPage):
        return
    after = _safety_snapshot(page)
    if before["safety_level"] != after["safety_level"]:
        log(
            instance=page,
            action="defenders.safety_level_change",
            user=request.user,
            data={"from": before["safety_level"], "to": after["safety_level"]},
        )
    changed = [name.removesuffix("_id") for name in CONSENT_FIELDS if before[name] != after[name]]
    if changed:
        # Which fields changed, not their values: the log is read more widely than the consent record itself.
        log(instance=page, action="defenders.consent_change", user=request.user, data={"fields": changed})


@hooks.register("exclude_from_site_search")
def exclude_unlisted_defenders():
    # Defence in depth: unlisted profiles are not indexed at all (DefenderPage.get_indexed_objects); if an index
    # entry survived, site search still leaves them out.
    return DefenderPage.objects.not_in_open_data()


@hooks.register("open_datasets")
def defender_datasets(request, locale):
    from home.opendata import CSV, JSON, index_dataset

    from .models import DefenderIndexPage

    return index_dataset(
        request,
        locale,
        DefenderIndexPage,
        files=[(CSV, "csv/"), (JSON, "json/")],
        key="defenders",
        title=_("Human rights defenders"),
        description=_("Name, country, organisations, summary, portrait and profile address of each defender."),
        excluded=_(
            "Defenders under protection are not in the files. Those with limited visibility appear under the "
            "name they chose, without photo or region."
        ),
        order=10,
    )
