"""Accounts: two-factor authentication in front of the admin, login throttling, password rules, session expiry.

Test settings leave two-factor off (other apps' admin tests sign in with force_login); these tests switch it back on,
which is what production.py fixes (see test_production_settings_require_two_factor)."""

import importlib
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.devices import confirm_totp_device, new_recovery_codes
from home import roles

User = get_user_model()


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.CDHR_OTP_REQUIRED = True


def member(username, group_name=None, **extra):
    user = User.objects.create_user(username, f"{username}@example.org", "a-long-password-for-tests", **extra)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=False)
    confirm_totp_device(device)
    return device


def unthrottle(device):
    """django-otp makes the next try wait after a wrong code (1 s, doubling); tests do not wait."""
    device.refresh_from_db()
    device.throttle_reset()


def code(device):
    return f"{totp(device.bin_key):06d}"


ADMIN = "/admin/"


def test_moderator_without_device_cannot_reach_the_admin(client, db):
    client.force_login(member("mod", roles.MODERATORS))
    for url in (ADMIN, reverse("wagtailadmin_explore_root"), reverse("wagtailusers_users:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("two_factor_setup")), url


def test_superuser_without_device_cannot_reach_the_admin(client, db):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "a-long-password-for-tests"))
    assert client.get(ADMIN).url.startswith(reverse("two_factor_setup"))


def test_moderator_enrols_then_reaches_the_admin(client, db):
    user = member("mod", roles.MODERATORS)
    client.force_login(user)
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    unthrottle(device)
    response = client.post(reverse("two_factor_setup"), {"token": code(device)})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert client.get(ADMIN).status_code == 200


def test_enrolled_moderator_must_enter_a_code_at_each_sign_in(client, db):
    user = member("mod", roles.MODERATORS)
    device = enrolled(user)
    client.force_login(user)
    response = client.get(ADMIN)
    assert response.url.startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify"), {"token": "12345x"}).status_code == 200
    assert client.get(ADMIN).status_code == 302
    unthrottle(device)
    response = client.post(reverse("two_factor_verify"), {"token": code(device), "next": ADMIN})
    assert response.status_code == 302 and response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_recovery_code_works_once(client, db):
    user = member("mod", roles.MODERATORS)
    enrolled(user)
    codes = new_recovery_codes(user)
    client.force_login(user)
    assert client.post(reverse("two_factor_verify"), {"token": codes[0]}).status_code == 302
    assert client.get(ADMIN).status_code == 200
    client.logout()
    client.force_login(user)
    assert client.post(reverse("two_factor_verify"), {"token": codes[0]}).status_code == 200
    assert client.get(ADMIN).status_code == 302


def test_editor_may_work_without_two_factor_but_is_offered_it(client, db):
    client.force_login(member("ed", roles.editor_group_names()[0]))
    assert client.get(ADMIN).status_code == 200
    assert client.get(reverse("two_factor_setup")).status_code == 200
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("two_factor_setup") in account


def test_editor_who_enrolled_is_protected_too(client, db):
    user = member("ed", roles.editor_group_names()[0])
    enrolled(user)
    client.force_login(user)
    assert client.get(ADMIN).url.startswith(reverse("two_factor_verify"))


def test_development_switch_lets_moderators_in_without_device(client, settings, db):
    settings.CDHR_OTP_REQUIRED = False
    client.force_login(member("mod", roles.MODERATORS))
    assert client.get(ADMIN).status_code == 200


def test_production_settings_require_two_factor(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("OTP_REQUIRED", "false")
    production = importlib.import_module("cdhr_cms.settings.production")
    production = importlib.reload(production)
    assert production.CDHR_OTP_REQUIRED is True
    assert production.CDHR_ALLOW_DEMO is False


def test_reset_2fa_command_removes_devices(db):
    user = member("mod", roles.MODERATORS)
    enrolled(user)
    new_recovery_codes(user)
    call_command("reset_2fa", "mod", stdout=io.StringIO())
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()


# --- Throttling -------------------------------------------------------------------------------------------------


def sign_in(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_locks_after_repeated_failures_with_a_clear_message(client, settings, db):
    member("mod", roles.MODERATORS)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "mod", "wrong").status_code == 200
    locked = sign_in(client, "mod", "wrong")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in locked.templates]
    # The right password is refused too while locked, from that address...
    assert sign_in(client, "mod", "a-long-password-for-tests").status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but a colleague elsewhere is not locked out by someone else's attempts.
    assert sign_in(client, "mod", "a-long-password-for-tests", ip="10.0.0.2").status_code == 302


def test_successful_login_resets_the_count(client, settings, db):
    member("ed")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "ed", "wrong")
    assert sign_in(client, "ed", "a-long-password-for-tests").status_code == 302
    client.logout()
    assert sign_in(client, "ed", "wrong").status_code == 200


# --- Sessions ---------------------------------------------------------------------------------------------------


def test_admin_session_expires_when_idle(client, settings, db):
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    settings.CDHR_OTP_REQUIRED = False
    client.force_login(member("ed", roles.editor_group_names()[0]))
    assert client.get(ADMIN).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
