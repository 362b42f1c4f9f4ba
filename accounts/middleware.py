"""Admin guards that Wagtail and wagtail-localize do not provide themselves."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device
from wagtail.admin.localization import get_localized_response

from home.editorial_guards import may_convert_to_alias, may_delete_page, may_write_translations
from home.roles import is_municipal_staff_only, own_page_ids

from .policy import needs_verification

# Admin URLs a user who has not passed two-factor may still open: signing in and out, enrolling, verifying.
EXEMPT_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "two_factor_setup",
    "two_factor_verify",
    "wagtailadmin_javascript_catalog",
}


class RequireTwoFactorMiddleware:
    """Keeps users who must (or chose to) use two-factor out of the whole admin until they have entered a code.

    Goes after django_otp.middleware.OTPMiddleware, which tells whether this session has been verified."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = reverse("wagtailadmin_home")

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(self.admin_prefix):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES:
            return None
        user = getattr(request, "user", None)
        if user is None or not needs_verification(user):
            return None
        target = "two_factor_verify" if user_has_device(user, confirmed=True) else "two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class TranslationPublishGuardMiddleware:
    """wagtail-localize 1.14's "Sync translated pages" form can publish every translation at once, and checks only
    the global `submit_translation` permission. Translators and editors hold that permission but must never publish:
    this refuses the publish option unless the user may publish every translation it would touch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and request.user.is_authenticated:
            refused = refused_by_editorial_rules(request.user, match.view_name, view_kwargs)
            if refused:
                return _refused(request)
        if (
            request.method != "POST"
            or match is None
            or match.view_name != "wagtail_localize:update_translations"
            or not request.POST.get("publish_translations")
            or not request.user.is_authenticated
        ):
            return None
        if not can_publish_all_translations(request.user, view_kwargs.get("translation_source_id")):
            return _refused(request)
        return None


# wagtail-localize views that write a translation's text: they check only the right to edit the target page.
TRANSLATION_WRITING_VIEWS = (
    "wagtail_localize:edit_string_translation",
    "wagtail_localize:edit_override",
    "wagtail_localize:upload_pofile",
    "wagtail_localize:machine_translate",
    "wagtail_localize:stop_translation",
)


def refused_by_editorial_rules(user, view_name, view_kwargs):
    """Should `user` be refused this view, which has no hook of its own (home/editorial_guards.py)?

    - wagtail-localize's "Convert to alias" publishes the source's content over the translation at once: moderators;
    - writing a translation's text is for those who translate;
    - the admin API's page "delete" action runs no `before_delete_page` hook: moderators, as in the delete view."""
    from wagtail.models import Page

    if view_name == "wagtailadmin_api:pages:action" and view_kwargs.get("action_name") == "delete":
        page = Page.objects.filter(pk=view_kwargs.get("pk")).first()
        return page is not None and not may_delete_page(user, page)
    if view_name == "wagtail_localize:convert_to_alias":
        page = Page.objects.filter(pk=view_kwargs.get("page_id")).first()
        return page is not None and not may_convert_to_alias(user, page)
    if view_name in TRANSLATION_WRITING_VIEWS:
        return not may_write_translations(user)
    return False


def can_publish_all_translations(user, translation_source_id):
    from wagtail.models import Page
    from wagtail.snippets.permissions import get_permission_name
    from wagtail_localize.models import TranslationSource

    if user.is_superuser:
        return True
    source = TranslationSource.objects.filter(pk=translation_source_id).first()
    if source is None:
        return True  # the view answers 404 itself
    model = source.specific_content_type.model_class()
    for translation in source.translations.filter(enabled=True).select_related("target_locale"):
        if issubclass(model, Page):
            target = Page.objects.filter(translation_key=source.object_id, locale=translation.target_locale).first()
            if target is not None:
                if not target.permissions_for_user(user).can_publish():
                    return False
                continue
            # Not translated yet: publishing would create it under the translated parent.
            source_page = Page.objects.filter(translation_key=source.object_id, locale=source.locale).first()
            parent = (
                source_page.get_parent().get_translation_or_none(translation.target_locale) if source_page else None
            )
            if parent is None or not parent.permissions_for_user(user).can_publish_subpage():
                return False
        elif not user.has_perm(get_permission_name("publish", model)):
            return False
    return True


# Admin URL arguments that name a page (Wagtail's and wagtail-localize's URL configuration, enumerated in
# tests/test_admin_scope.py so that a new one fails a test instead of slipping through).
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
# Views whose `pk` is a page.
PAGE_PK_VIEWS = (
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_api:pages:detail",
    "wagtailadmin_api:pages:action",
)
# Areas council staff never need, which list pages or translations across the site.
CLOSED_NAMESPACES = ("wagtail_localize", "wagtailadmin_reports")
CLOSED_VIEWS = (
    "translation_status",
    "translation_submit_for_review",
    "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:type_use_results",
)
# The page chooser may also browse the public site (to link to it); everything else only their own pages.
CHOOSER_VIEWS = ("wagtailadmin_choose_page_child",)


def is_closed_to_municipal_staff(match):
    """Whether the admin view `match` (a ResolverMatch) is one of the areas council staff never open."""
    if any(match.view_name.startswith(f"{namespace}:") for namespace in CLOSED_NAMESPACES):
        return True
    # "Usage" screens (of an image, a document, a snippet) list the pages that use it: other councils' too.
    return match.view_name in CLOSED_VIEWS or "usage" in (match.url_name or "")


class MunicipalAdminScopeMiddleware:
    """Council staff see their own city's pages in the admin and nothing else: no other council's programme, no
    defender profile, not even a title in a header or a breadcrumb. Wagtail lets any admin user open the explorer,
    history or usage of any page by its id; this refuses (403) every admin view that names a page of someone else's."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = reverse("wagtailadmin_home")

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.path.startswith(self.admin_prefix):
            return None
        user = getattr(request, "user", None)
        if user is None or not is_municipal_staff_only(user):
            return None
        if is_closed_to_municipal_staff(match):
            return _refused(request)
        page_ids = {view_kwargs[name] for name in PAGE_ARGUMENTS if name in view_kwargs}
        if match.view_name == "wagtail_bulk_action":
            # Bulk actions name their objects in the query (?id=…, or ?id=all&childOf=…) and title every one, those
            # the user may not act on too: council staff may act on their own pages only, and on nothing else in bulk.
            if view_kwargs.get("model_name") != "page":
                return _refused(request)
            named = [*request.GET.getlist("id"), *request.POST.getlist("id")]
            if "all" in named:
                named = [value for value in named if value != "all"] + [request.GET.get("childOf", "")]
            if not named or not all(value.isdigit() for value in named):
                return _refused(request)
            page_ids.update(named)
        if match.view_name in PAGE_PK_VIEWS and "pk" in view_kwargs:
            page_ids.add(view_kwargs["pk"])
        for parameter in ("child_of", "descendant_of"):
            if match.view_name.startswith("wagtailadmin_api:") and request.GET.get(parameter, "").isdigit():
                page_ids.add(request.GET[parameter])
        if not page_ids:
            return None
        allowed = own_page_ids(user)
        if match.view_name in CHOOSER_VIEWS:
            allowed = allowed | chooser_page_ids(request)
        if any(int(page_id) not in allowed for page_id in page_ids):
            return _refused(request)
        return None


def _refused(request):
    """A 403 naming nothing (a 404 outside a language prefix would be turned into a redirect to /ca/admin/…), in the
    user's admin language: this runs before Wagtail's views switch to it."""
    return get_localized_response(_refusal, request)


def _refusal(request):
    return render(request, "accounts/refused.html", status=403)


def chooser_page_ids(request):
    """Pages council staff may see in the page chooser besides their own: the live public site, less what the
    `construct_page_chooser_queryset` hooks take out (defender profiles that are not public)."""
    from wagtail import hooks
    from wagtail.models import Page

    pages = Page.objects.live().public()
    for hook in hooks.get_hooks("construct_page_chooser_queryset"):
        pages = hook(pages, request)
    return set(pages.values_list("pk", flat=True))
