from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.widgets import Button
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from home.menus import SnippetViewSet
from home.opendata import CSV, JSON, index_dataset
from home.roles import is_municipal_staff_only

from . import admin_views
from .choosers import PersonChooserViewSet
from .erasure import ERASE_ACTION, can_erase
from .files import document_is_public, documents_seen_in_the_admin, hidden_image_ids_now, images_seen_in_the_admin
from .levels import can_raise
from .models import Defender, DefenderIndexPage, DefenderPage, Theme
from .takedown import can_take_down


class DefenderViewSet(SnippetViewSet):
    """The people: one record per defender, whatever the number of languages of their profile."""

    model = Defender
    icon = "user"
    menu_label = _("People")
    # Live or draft as Wagtail's tag, in the reader's language (a boolean column titles its icon "True" or "False").
    list_display = ["display_name", "safety_level", "country", LiveStatusTagColumn(label=_("Status"))]
    list_filter = ["safety_level", "live"]
    search_fields = ["display_name", "legal_name"]
    chooser_viewset_class = PersonChooserViewSet


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class DefendersViewSetGroup(SnippetViewSetGroup):
    items = (DefenderViewSet, ThemeViewSet)
    menu_label = _("Defenders")
    menu_icon = "group"
    menu_order = 310


register_snippet(DefendersViewSetGroup)


@hooks.register("register_log_actions")
def register_defender_log_actions(actions):
    actions.register_action("defenders.safety_level_change", _("Change safety level"), _("Safety level changed"))
    actions.register_action("defenders.raise_safety_level", _("Raise safety level"), _("Safety level raised"))
    actions.register_action(
        "defenders.lower_safety_level", _("Lower safety level with consent"), _("Safety level lowered with consent")
    )
    actions.register_action("defenders.consent_change", _("Change consent record"), _("Consent record changed"))
    actions.register_action("defenders.take_down", _("Take down everywhere"), _("Taken down everywhere"))
    actions.register_action(ERASE_ACTION, _("Erase for good"), _("Erased for good"))


@hooks.register("register_admin_urls")
def register_take_down_url():
    return [
        path("defenders/<int:page_id>/take-down/", admin_views.take_down, name="defenders_take_down"),
        path("defenders/<int:page_id>/erase/", admin_views.erase, name="defenders_erase"),
        path("defenders/people/<int:person_id>/raise/", admin_views.raise_level_view, name="defenders_raise_level"),
        path("defenders/people/<int:person_id>/consent/", admin_views.consent_view, name="defenders_consent"),
        path("reports/exposure-audit/", admin_views.exposure_audit_view, name="defenders_exposure_audit"),
    ]


class ExposureAuditMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_run_exposure_audit(request.user)


@hooks.register("register_reports_menu_item")
def register_exposure_audit_menu_item():
    return ExposureAuditMenuItem(
        _("Exposure audit"), reverse("defenders_exposure_audit"), icon_name="warning", order=910
    )


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


class RaiseLevelButton(Button):
    def __init__(self, person, priority=85):
        super().__init__(
            label=_("Raise safety level"),
            url=reverse("defenders_raise_level", args=[person.pk]),
            icon_name="lock",
            priority=priority,
            attrs={"title": _("Show less of this defender, in every language, at once")},
        )


@hooks.register("register_page_header_buttons")
def raise_level_header_button(page, user, view_name, next_url=None):
    if _is_defender(page) and can_raise(user):
        person_id = page.specific_deferred.person_id
        if person_id:
            yield RaiseLevelButton(Defender(pk=person_id))


@hooks.register("before_serve_document", order=100)
def serve_only_public_documents(document, request):
    """A document is served while a public page links to it, or to staff whose collections include it; to anyone
    else it does not exist (defenders/files.py). After Wagtail's own check, which sends visitors of a private
    collection to the sign-in page."""
    if document_is_public(document.pk):
        return None
    user = request.user
    if user.is_authenticated and policy_registry.get_by_type(get_document_model()).user_has_any_permission_for_instance(
        user, ["change", "choose"], document
    ):
        return None
    raise Http404


@hooks.register("construct_page_chooser_queryset")
def council_staff_never_choose_hidden_profiles(pages, request):
    """Council staff's choosers list only profiles of public defenders: a limited or protected defender is added to
    an event by the consortium, never offered to thirty councils' accounts."""
    if not is_municipal_staff_only(request.user):
        return pages
    return pages.exclude(pk__in=DefenderPage.objects.not_offered_to_councils().values("pk"))


@hooks.register("exclude_from_site_search")
def exclude_unlisted_defenders():
    # Defence in depth: unlisted profiles are not indexed at all (DefenderPage.get_indexed_objects); if an index
    # entry survived, site search still leaves them out.
    return DefenderPage.objects.not_in_open_data()


@hooks.register("open_datasets")
def defender_datasets(request, locale):
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


@hooks.register("benchmark_routes")
def filtered_directory_route(language):
    """What `make bench` measures besides pages (home/benchmark_targets.py): a filtered directory."""
    directory = DefenderIndexPage.objects.live().filter(locale__language_code=language).first()
    return [("Defender directory, filtered", f"{directory.url}?country=CO")] if directory else []


@hooks.register("hide_image_on_site")
def hide_pictures_of_defenders_who_are_not_public(image):
    """A figure on any page (a news item, a tour) showing a picture of a defender who is not public is left out."""
    return image.pk in hidden_image_ids_now()


@hooks.register("construct_image_chooser_queryset")
def choose_only_images_one_may_see(images, request):
    return images_seen_in_the_admin(request.user, images)


class AdminImagesAPIViewSet(ImagesAdminAPIViewSet):
    """The admin's image API (`/admin/api/main/images/`), which listed every image to anyone signed in: titles,
    file names and addresses of protected defenders' portraits included."""

    def get_queryset(self):
        return images_seen_in_the_admin(self.request.user, super().get_queryset())


class AdminDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return documents_seen_in_the_admin(self.request.user, super().get_queryset())


# After Wagtail's own hooks (order 0), which register the endpoints these replace.
@hooks.register("construct_admin_api", order=100)
def admin_api_lists_only_what_one_may_see(router):
    router.register_endpoint("images", AdminImagesAPIViewSet)
    router.register_endpoint("documents", AdminDocumentsAPIViewSet)
