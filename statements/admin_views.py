"""Admin views of endorsements. Each view checks, itself, that the user may act on THIS endorsement (its own
municipality's, or any for a moderator): another council's endorsement answers 403 through every admin URL."""

import datetime
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import CreateView, HistoryView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from home.formatting import display_value
from home.opendata import spreadsheet_safe

from . import transitions
from .forms import RejectForm
from .models import Endorsement
from .rules import can_see, can_submit, can_verify, can_withdraw, is_moderator


class EndorsementPermissionPolicy(ModelPermissionPolicy):
    """Nobody edits or deletes an endorsement: it changes only through the status transitions, which are logged.
    A moderator (verify permission) may view all without holding Django's view permission."""

    def user_has_permission(self, user, action):
        if action in ("change", "delete"):
            return False
        if action == "view":
            return (
                is_moderator(user)
                or super().user_has_permission(user, "view")
                or super().user_has_permission(user, "add")
            )
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def forbidden_as_403(view):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard; acting on an endorsement one may not
    touch answers a plain 403 instead, so that the refusal is explicit (and testable) at every URL."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return TemplateResponse(request, "statements/admin/forbidden.html", status=403)

    return wrapped


def url_for(name, endorsement):
    return reverse(f"endorsement:{name}", args=[endorsement.pk])


def transition_buttons(user, endorsement, button_class=Button):
    buttons = []
    if can_withdraw(user, endorsement):
        buttons.append(button_class(_("Withdraw"), url=url_for("withdraw", endorsement), icon_name="undo"))
    if can_verify(user, endorsement):
        buttons.append(button_class(_("Verify"), url=url_for("verify", endorsement), icon_name="check"))
        buttons.append(button_class(_("Reject"), url=url_for("reject", endorsement), icon_name="cross"))
    if endorsement.document_id:
        buttons.append(
            button_class(_("Supporting document"), url=url_for("document", endorsement), icon_name="doc-full")
        )
    return buttons


class ScopedObjectMixin:
    """get_object() refuses (403) an endorsement of another municipality."""

    def get_object(self, *args, **kwargs):
        endorsement = super().get_object(*args, **kwargs)
        if not can_see(self.request.user, endorsement):
            raise PermissionDenied
        return endorsement


class EndorsementIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .visible_to(self.request.user)
            .select_related("municipality", "statement", "submitted_by")
        )

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + transition_buttons(self.request.user, instance)

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).replace(microsecond=0, tzinfo=None)  # the site's time, as listed
        # Text typed by councils may start with "=": never a formula when the CSV is opened in a spreadsheet.
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))

    def write_csv_response(self, queryset):
        # Written while the request's language is active (Wagtail streams it after the view has returned, when the
        # headings came out in the site's language whatever the user's): a few dozen rows a year.
        response = HttpResponse(b"".join(self.stream_csv(queryset)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response


class EndorsementCreateView(CreateView):
    page_title = gettext_lazy("Endorse the statement")

    def dispatch(self, request, *args, **kwargs):
        if not can_submit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        endorsement = self.form.save()
        transitions.submitted(endorsement, self.request.user)
        return endorsement

    def get_edit_url(self):
        return url_for("inspect", self.object)

    def get_success_message(self, instance):
        return _("Endorsement of the %(year)s statement by %(municipality)s submitted; it awaits verification.") % {
            "year": instance.statement.year,
            "municipality": instance.municipality.name,
        }

    def get_success_buttons(self):
        return [messages.button(self.get_edit_url(), _("View"))]


class EndorsementInspectView(ScopedObjectMixin, InspectView):
    @cached_property
    def header_more_buttons(self):
        return transition_buttons(self.request.user, self.object)

    def get_field_display_value(self, field_name, field):
        # Wagtail's inspect template turns a value into text with `|localize` before the template could move it into
        # local time, so datetimes showed in UTC (an hour or two off the list); and empty ones read "None".
        value = super().get_field_display_value(field_name, field)
        return display_value(value)


class EndorsementHistoryView(ScopedObjectMixin, HistoryView):
    pass


class TransitionView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET) and perform (POST) one status change of one endorsement."""

    template_name = "statements/admin/confirm_transition.html"
    header_icon = "doc-full-inverse"
    form_class = None
    question = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Endorsement.objects.select_related("municipality", "statement"), pk=kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        if not can_see(request.user, self.object) or not self.allowed(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_form(self):
        if self.form_class is None:
            return None
        return self.form_class(self.request.POST or None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": self.object,
                "question": self.question,
                "form": kwargs.get("form", self.get_form()),
                "action_url": self.request.path,
                "cancel_url": url_for("inspect", self.object),
                "submit_label": self.page_title,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            self.perform(form)
        except transitions.TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.done_message)
        return redirect("endorsement:index")


class WithdrawView(TransitionView):
    page_title = gettext_lazy("Withdraw")
    question = gettext_lazy("Withdraw this endorsement? It will not be published; you can submit a new one.")
    done_message = gettext_lazy("Endorsement withdrawn.")

    def allowed(self, user, endorsement):
        return can_withdraw(user, endorsement)

    def perform(self, form):
        transitions.withdraw(self.object, self.request.user)


class VerifyView(TransitionView):
    page_title = gettext_lazy("Verify")
    question = gettext_lazy("Verify this endorsement? It becomes public, with its supporting document.")
    done_message = gettext_lazy("Endorsement verified: it is now public.")

    def allowed(self, user, endorsement):
        return can_verify(user, endorsement)

    def perform(self, form):
        transitions.verify(self.object, self.request.user)


class RejectView(TransitionView):
    page_title = gettext_lazy("Reject")
    question = gettext_lazy("Reject this endorsement? The council is told the reason.")
    done_message = gettext_lazy("Endorsement rejected.")
    form_class = RejectForm

    def allowed(self, user, endorsement):
        return can_verify(user, endorsement)

    def perform(self, form):
        transitions.reject(self.object, self.request.user, form.cleaned_data["reason"])


def document_view(request, pk):
    """The supporting document, for the council that sent it and for moderators."""
    endorsement = get_object_or_404(Endorsement.objects.select_related("document"), pk=pk)
    if not can_see(request.user, endorsement):
        raise PermissionDenied
    if endorsement.document is None:
        raise Http404
    return FileResponse(endorsement.document.file.open("rb"), content_type="application/pdf")
