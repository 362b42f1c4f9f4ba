from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, TranslatableMixin
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from . import drafts, editorial_guards, menus, review_decisions, roles
from .content_checks import use_site_content_checker
from .menus import SnippetViewSet
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

# A review decision is taken once (home/review_decisions.py).
hooks.register("before_edit_page", review_decisions.refuse_a_second_decision)
hooks.register("after_edit_page", review_decisions.release)
hooks.register("before_edit_snippet", review_decisions.refuse_a_second_decision)
hooks.register("after_edit_snippet", review_decisions.release)


# --- Roles (home/roles.py; two-factor: accounts/wagtail_hooks.py) -------------------------------------------------


@hooks.register("before_edit_snippet", order=-100)
def refuse_source_snippets_to_translators(request, instance):
    """Before wagtail-localize's own hook (which would open its editor): translators never edit the Catalan source.
    Wagtail's answer, sent back to the dashboard with its message, made here in the user's language (a raised
    PermissionDenied reached Wagtail's handler outside it, and the message read in Catalan)."""
    if (
        isinstance(instance, TranslatableMixin)
        and instance.locale.language_code == roles.SOURCE_LANGUAGE
        and not roles.may_edit_source_language(request.user)
    ):
        return permission_denied(request)
    return None


hooks.register("before_create_page", drafts.refuse_autosave_of_new_page)


@hooks.register("construct_page_chooser_queryset")
def council_staff_choose_public_or_own_pages(pages, request):
    """Council staff may link to the public site and to their own pages: no other council's drafts."""
    if not roles.is_municipal_staff_only(request.user):
        return pages
    public = Q(live=True, pk__in=Page.objects.public().values("pk"))
    return pages.filter(public | Q(pk__in=roles.own_page_ids(request.user)))


hooks.register("construct_wagtail_userbar", use_site_content_checker)


@hooks.register("construct_help_menu")
def whats_new_in_the_readers_language(request, menu_items):
    """Wagtail writes its "What's new in Wagtail 8.0" label once per process (home/menus.py)."""
    version = menus.wagtail_version()
    menus.relabel(
        menu_items,
        gettext("What's new in Wagtail %(version)s") % {"version": version},
        name=f"whats-new-in-wagtail-{version}",
    )
