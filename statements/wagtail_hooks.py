"""Statements in the admin (the endorsements viewset, the dashboard panel, audit-log actions) and on the public site
(home page slot, municipality profile section)."""

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from home.opendata import CSV, JSON, index_dataset

from . import admin_views, transitions
from .forms import EndorsementForm, open_statements
from .models import Endorsement
from .rules import can_submit, is_moderator, municipalities_of
from .views import home_section, municipality_section

register_permission_policy(Endorsement, admin_views.EndorsementPermissionPolicy(Endorsement))


class EndorsementViewSet(ModelViewSet):
    model = Endorsement
    icon = "doc-full-inverse"
    menu_label = _("Endorsements")
    menu_order = 250
    add_to_admin_menu = True
    name = "endorsement"
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = admin_views.EndorsementIndexView
    add_view_class = admin_views.EndorsementCreateView
    inspect_view_class = admin_views.EndorsementInspectView
    history_view_class = admin_views.EndorsementHistoryView
    list_display = ["municipality", "statement_year", "status", "adopting_body", "adoption_date", "submitted_at"]
    list_filter = ["status", "adopting_body"]
    inspect_view_fields = [
        "statement",
        "municipality",
        "status",
        "rejection_reason",
        "adopting_body",
        "adoption_date",
        "reference",
        "signatory_name",
        "signatory_role",
        "public_statement",
        "submitted_by",
        "submitted_at",
        "verified_by",
        "verified_at",
        "withdrawn_at",
    ]
    add_item_label = _("Endorse a statement")
    # The admin's CSV and Excel export of the listing (what each user may see: a council its own endorsements).
    list_export = [
        "statement_year",
        "municipality",
        "get_status_display",
        "get_adopting_body_display",
        "adoption_date",
        "reference",
        "signatory_name",
        "signatory_role",
        "public_statement",
        "submitted_at",
        "verified_at",
        "withdrawn_at",
        "rejection_reason",
    ]
    export_headings = {"get_status_display": _("Status"), "get_adopting_body_display": _("Adopting body")}
    export_filename = "endorsements"

    def get_form_class(self, for_update=False):
        return EndorsementForm

    def get_common_view_kwargs(self, **kwargs):
        # No edit, delete or usage views: an endorsement changes only through its logged transitions.
        return super().get_common_view_kwargs(
            **{"edit_url_name": None, "delete_url_name": None, "usage_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        dropped = {"edit", "delete", "usage"}
        urlpatterns = [pattern for pattern in super().get_urlpatterns() if pattern.name not in dropped] + [
            path("withdraw/<int:pk>/", admin_views.WithdrawView.as_view(), name="withdraw"),
            path("verify/<int:pk>/", admin_views.VerifyView.as_view(), name="verify"),
            path("reject/<int:pk>/", admin_views.RejectView.as_view(), name="reject"),
            path("document/<int:pk>/", admin_views.document_view, name="document"),
        ]
        return [
            URLPattern(
                pattern.pattern, admin_views.forbidden_as_403(pattern.callback), pattern.default_args, pattern.name
            )
            for pattern in urlpatterns
        ]


@hooks.register("register_admin_viewset")
def register_endorsement_viewset():
    return EndorsementViewSet()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(transitions.ACTION_SUBMIT, _("Submit endorsement"), _("Endorsement submitted"))
    actions.register_action(transitions.ACTION_WITHDRAW, _("Withdraw endorsement"), _("Endorsement withdrawn"))
    actions.register_action(transitions.ACTION_VERIFY, _("Verify endorsement"), _("Endorsement verified"))
    actions.register_action(transitions.ACTION_REJECT, _("Reject endorsement"), _("Endorsement rejected"))


class EndorsementsPanel(Component):
    """Dashboard: "Endorse the <year> statement" while a window is open, and this council's endorsements."""

    name = "endorsements"
    order = 60
    template_name = "statements/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        moderator = is_moderator(user)
        endorsements = (
            Endorsement.objects.visible_to(user).select_related("municipality", "statement").order_by("-submitted_at")
        )
        municipalities = list(municipalities_of(user))
        to_endorse = []
        if can_submit(user):
            for statement in open_statements():
                endorsed = set(
                    Endorsement.objects.active().filter(statement=statement).values_list("municipality_id", flat=True)
                )
                missing = [municipality for municipality in municipalities if municipality.pk not in endorsed]
                if moderator or missing:
                    to_endorse.append({"statement": statement, "municipalities": missing})
        return {
            "moderator": moderator,
            "to_endorse": to_endorse,
            "endorsements": endorsements[:10],
            "awaiting": endorsements.filter(status=Endorsement.Status.SUBMITTED).count() if moderator else None,
        }


@hooks.register("construct_homepage_panels")
def add_endorsements_panel(request, panels):
    user = request.user
    if is_moderator(user) or municipalities_of(user).exists():
        panels.append(EndorsementsPanel(request))


@hooks.register("home_page_sections")
def latest_statement_section(request, home_page):
    return home_section(request, home_page)


@hooks.register("municipality_profile_sections")
def endorsements_profile_section(request, municipality):
    return municipality_section(request, municipality)


@hooks.register("open_datasets")
def endorsement_datasets(request, locale):
    from .models import StatementIndexPage

    return index_dataset(
        request,
        locale,
        StatementIndexPage,
        files=[(CSV, "endorsements.csv"), (JSON, "endorsements.json")],
        key="endorsements",
        title=_("Endorsements of the institutional statements"),
        description=_(
            "Which municipalities endorsed each year's statement: adopting body, date, reference and signatory."
        ),
        excluded=_("Only endorsements verified by the consortium: submitted, rejected or withdrawn ones are not."),
        order=30,
    )
