"""Admin view of the emergency take-down. Only holders of `defenders.take_down_defender` may use it."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
