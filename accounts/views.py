"""Two-factor pages of the admin: enrol an authenticator app, enter a code, renew recovery codes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from wagtail.admin.utils import get_valid_next_url_from_request

from .devices import confirm_totp_device, new_recovery_codes, pending_totp_device, qr_code_svg, readable_secret
from .forms import TokenForm
from .language import in_admin_language
from .policy import two_factor_required


def _next_url(request):
    return get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")


def _login_url():
    return reverse("wagtailadmin_login")


@never_cache
@sensitive_post_parameters("token")
@login_required(login_url="wagtailadmin_login")
@in_admin_language
def setup(request):
    """Enrol a TOTP app (or, once verified, renew the recovery codes)."""
    user = request.user
    enrolled = user_has_device(user, confirmed=True)
    if enrolled and not user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?next={reverse('two_factor_setup')}")
    if enrolled:
        if request.method == "POST" and request.POST.get("action") == "renew_codes":
            codes = new_recovery_codes(user)
            return _show_codes(request, codes)
        return TemplateResponse(request, "accounts/two_factor_status.html", {"next": _next_url(request)})

    device = pending_totp_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            confirm_totp_device(device)
            otp_login(request, device)
            return _show_codes(request, new_recovery_codes(user))
        form.add_error("token", _("That code is not valid. Check the time on your phone and try the newest code."))
    context = {
        "form": form,
        "qr_code": qr_code_svg(device),
        "secret": readable_secret(device),
        "required": two_factor_required(user),
        "next": _next_url(request),
    }
    return TemplateResponse(request, "accounts/two_factor_setup.html", context)


def _show_codes(request, codes):
    messages.success(request, _("Two-factor authentication is on for your account."))
    return TemplateResponse(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@never_cache
@sensitive_post_parameters("token")
@login_required(login_url="wagtailadmin_login")
@in_admin_language
def verify(request):
    """Ask for a code from the app (or a recovery code) before letting the session into the admin."""
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect(f"{reverse('two_factor_setup')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not valid, or too many attempts were made: wait a moment."))
    return TemplateResponse(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})
