"""Admin views of the emergency actions on a defender: take-down and erasure (holders of
`defenders.take_down_defender` / `defenders.erase_defender`: moderators), raising the safety level
(`defenders.raise_safety_level`: moderators and consortium editors) and recording consent, the only way to show more
of someone (`defenders.lower_safety_level`: moderators)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.widgets import AdminDateInput

from .erasure import can_erase, erase_defender
from .levels import can_lower, can_raise, levels_above, levels_at_or_below, raise_level, record_consent
from .models import Defender, DefenderPage
from .redaction import PSEUDONYM_REVEALS, pseudonym_reveals
from .safety import SafetyLevel
from .takedown import can_take_down, take_down_everywhere
from .tasks import audit_status, start_exposure_audit


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


# --- Safety level: raise (emergency) and consent (the only way to show more) -----------------------------------


class RaiseLevelForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("New safety level"))
    display_name = forms.CharField(
        label=gettext_lazy("Name to show from now on"),
        max_length=120,
        help_text=gettext_lazy(
            "The profile's title and address are made from it in every language; the old address stops answering. "
            "For a protected defender, a pseudonym that cannot lead to them."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("Recorded in the audit log with your name. Not shown to the public."),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["level"].choices = [(level.value, level.label) for level in levels_above(person.safety_level)]

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("display_name") or "").strip()
        level = cleaned.get("level")
        if not name or not level:
            return cleaned
        if level == SafetyLevel.PROTECTED and name == self.person.display_name:
            self.add_error("display_name", _("A protected defender needs a pseudonym other than the current name."))
        if name in self.person.former_names:
            self.add_error("display_name", _("This name was retired to protect the defender; choose another one."))
        legal = slugify(self.person.legal_name or "")
        if legal and legal in slugify(name):
            self.add_error("display_name", _("The name must not contain the defender's legal name."))
        elif level == SafetyLevel.PROTECTED and pseudonym_reveals(name, self.person, self.person.display_name):
            self.add_error("display_name", PSEUDONYM_REVEALS)
        return cleaned


def raise_level_view(request, person_id):
    if not can_raise(request.user):
        return HttpResponseForbidden(_("Only the consortium may raise a defender's safety level."))
    person = get_object_or_404(Defender, pk=person_id)
    if not levels_above(person.safety_level):
        messages.info(request, _("“%(name)s” is already protected.") % {"name": person.display_name})
        return redirect(_person_edit_url(person))
    form = RaiseLevelForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        raised = raise_level(
            person,
            request.user,
            form.cleaned_data["level"],
            form.cleaned_data["display_name"],
            form.cleaned_data["reason"],
        )
        retired = raised.retired_urls
        messages.success(
            request,
            ngettext(
                "The safety level was raised in every language at once; %(count)d old address no longer answers.",
                "The safety level was raised in every language at once; %(count)d old addresses no longer answer.",
                len(retired),
            )
            % {"count": len(retired)},
        )
        if raised.words_cleaned:
            messages.warning(
                request,
                ngettext(
                    "The profiles' text named what is hidden now %(count)d time; it was replaced by the new name or "
                    "“[…]”. Read the profiles again for other details that could identify them.",
                    "The profiles' text named what is hidden now %(count)d times; they were replaced by the new name "
                    "or “[…]”. Read the profiles again for other details that could identify them.",
                    raised.words_cleaned,
                )
                % {"count": raised.words_cleaned},
            )
        messages.info(request, _("Other pages may still name them: run Reports → Exposure audit."))
        return redirect(_person_edit_url(person))
    return TemplateResponse(
        request,
        "defenders/admin/raise_level.html",
        {"person": person, "form": form, "profiles": _profiles(person), "page_title": _("Raise safety level")},
    )


class ConsentForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Safety level the consent allows"))
    consent_date = forms.DateField(label=gettext_lazy("Consent given on"), widget=AdminDateInput)
    consent_scope = forms.CharField(
        label=gettext_lazy("What the defender agreed to"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=gettext_lazy("For example: full name and photo on the website and in press material, 2027 tour."),
    )
    consent_review_date = forms.DateField(
        label=gettext_lazy("Review consent on"), required=False, widget=AdminDateInput
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["level"].choices = [(level.value, level.label) for level in levels_at_or_below(person.safety_level)]
        self.fields["level"].initial = person.safety_level

    def clean_consent_date(self):
        value = self.cleaned_data["consent_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Consent cannot be given in the future."))
        changed = self.person.level_changed_at
        if changed and value < timezone.localdate(changed) and self.data.get("level") != self.person.safety_level:
            # Consent given before the last raise does not cover showing more again.
            raise forms.ValidationError(_("This consent is older than the last change of safety level."))
        return value


def consent_view(request, person_id):
    if not can_lower(request.user):
        return HttpResponseForbidden(_("Only consortium moderators may record consent and show more of a defender."))
    person = get_object_or_404(Defender, pk=person_id)
    form = ConsentForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record_consent(
            person,
            request.user,
            data["level"],
            data["consent_date"],
            data["consent_scope"],
            data["consent_review_date"],
        )
        messages.success(request, _("Consent recorded for “%(name)s”.") % {"name": person.display_name})
        return redirect(_person_edit_url(person))
    return TemplateResponse(
        request,
        "defenders/admin/consent.html",
        {"person": person, "form": form, "profiles": _profiles(person), "page_title": _("Record consent")},
    )


def _profiles(person):
    return person.profiles.select_related("locale").order_by("locale__language_code")


def _person_edit_url(person):
    return reverse(Defender.snippet_viewset.get_url_name("edit"), args=[person.pk])


# --- Exposure audit (Reports → Exposure audit) ------------------------------------------------------------------


def can_run_exposure_audit(user):
    """The audit's findings point at people at risk: moderators only (those who can take a defender down)."""
    return can_take_down(user)


def exposure_audit_view(request):
    if not can_run_exposure_audit(request.user):
        return HttpResponseForbidden(_("Only consortium moderators may run the exposure audit."))
    if request.method == "POST":
        # In the background (defenders/tasks.py): the crawl takes minutes, longer than a request may.
        if start_exposure_audit(request.user):
            messages.success(request, _("The audit has started. This page shows its result when it has finished."))
        else:
            messages.warning(request, _("An audit is already running: its result will show here."))
        return redirect("defenders_exposure_audit")
    status = audit_status()
    return TemplateResponse(
        request,
        "defenders/admin/exposure_audit.html",
        {
            **status,
            "result": status["latest"]["result"] if status["latest"] else None,
            "page_title": _("Exposure audit"),
        },
    )
