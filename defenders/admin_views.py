"""Admin views of the emergency take-down and of erasure. Only holders of `defenders.take_down_defender` and
`defenders.erase_defender` (consortium moderators) may use them."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .erasure import can_erase, erase_defender
from .models import DefenderPage
from .takedown import can_take_down, take_down_everywhere


class TakeDownForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is this profile being taken down?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy("Recorded in the audit log with your name. Not shown to the public."),
    )


def take_down(request, page_id):
    if not can_take_down(request.user):
        # A plain 403, not PermissionDenied: Wagtail's admin turns that into a redirect to the dashboard.
        return HttpResponseForbidden(_("Only consortium moderators may take a defender down."))
    defender = get_object_or_404(DefenderPage, pk=page_id)
    form = TakeDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pages = take_down_everywhere(defender, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _("“%(name)s” has been taken down in %(count)d languages.") % {"name": defender.title, "count": len(pages)},
        )
        return redirect(reverse("wagtailadmin_explore", args=[defender.get_parent().pk]))
    return TemplateResponse(
        request,
        "defenders/admin/take_down.html",
        {
            "defender": defender,
            "form": form,
            "translations": defender.get_translations(inclusive=True).select_related("locale"),
            "page_title": _("Take down everywhere"),
        },
    )


class EraseForm(forms.Form):
    confirm = forms.CharField(
        max_length=20,
        help_text=gettext_lazy("Erasure cannot be undone: there is no copy to restore from."),
    )

    def __init__(self, *args, page_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_id = page_id
        self.fields["confirm"].label = _("Type %(id)d to confirm") % {"id": page_id}

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != str(self.page_id):
            raise forms.ValidationError(_("This is not the id of the page being erased."))
        return value


def erase(request, page_id):
    if not can_erase(request.user):
        return HttpResponseForbidden(_("Only consortium moderators may erase a defender."))
    defender = get_object_or_404(DefenderPage, pk=page_id)
    form = EraseForm(request.POST or None, page_id=defender.pk)
    if request.method == "POST" and form.is_valid():
        parent_id = defender.get_parent().pk
        report = erase_defender(defender, user=request.user)
        messages.success(
            request,
            _("Defender #%(id)d has been erased in %(count)d languages, with %(images)d images.")
            % {"id": report.defender_id, "count": len(report.page_ids), "images": len(report.images_deleted)},
        )
        if report.events_mentioning_name or report.pages_linking:
            messages.warning(
                request,
                _("Some text elsewhere may still name this defender: events %(events)s, pages %(pages)s.")
                % {"events": report.events_mentioning_name or "-", "pages": report.pages_linking or "-"},
            )
        return redirect(reverse("wagtailadmin_explore", args=[parent_id]))
    return TemplateResponse(
        request,
        "defenders/admin/erase.html",
        {
            "defender": defender,
            "form": form,
            "translations": defender.get_translations(inclusive=True).select_related("locale"),
            "page_title": _("Erase for good"),
        },
    )
