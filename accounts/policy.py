"""Who must, and who may, use two-factor authentication. One place, used by the middleware and the views."""

from django.conf import settings
from django_otp import user_has_device

from home.roles import MODERATORS


def two_factor_required(user):
    """Moderators and superusers must verify a second factor before reaching the admin (unless the setting is off,
    which only development settings allow)."""
    if not getattr(settings, "CDHR_OTP_REQUIRED", True):
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS).exists()


def needs_verification(user):
    """True when the admin must ask this signed-in user for a code: they have a device (everyone may enrol one,
    and then it protects them) or they are required to have one."""
    if not user.is_authenticated or user.is_verified():
        return False
    return user_has_device(user, confirmed=True) or two_factor_required(user)
