"""Admin sessions: 30 minutes idle, 8 hours at most, and over at once when the user is deactivated.

Time passes by rewriting the timestamps stored in the session (as the store holds them), never by sleeping."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.cache import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.sessions import LAST_SEEN_KEY, STARTED_KEY
from home import roles

User = get_user_model()
ADMIN = "/admin/"
MINUTE = 60
HOUR = 3600


@pytest.fixture(autouse=True)
def no_two_factor(settings):
    # These tests are about session lifetime; two-factor has its own tests (test_workflow_accounts.py).
    settings.CDHR_OTP_REQUIRED = False


def editor(username="ed"):
    user = User.objects.create_user(
        username, f"{username}@example.org", "a-long-password-for-tests", first_name="Ed", last_name="Itor"
    )
    user.groups.add(*roles.Group.objects.filter(name=roles.editor_group_names()[0]))
    return user


def signed_in_client(client, user):
    """Signs in through the real login form, so the login signal stamps the session as it does for a person."""
    response = client.post(
        reverse("wagtailadmin_login"), {"username": user.username, "password": "a-long-password-for-tests"}
    )
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200
    return client


def shift_session(client, started_ago=None, last_seen_ago=None):
    session = client.session
    if started_ago is not None:
        session[STARTED_KEY] -= started_ago
    if last_seen_ago is not None:
        session[LAST_SEEN_KEY] -= last_seen_ago
    session.save()


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_limits_are_thirty_minutes_idle_and_eight_hours_in_all():
    assert django_settings.CDHR_SESSION_IDLE_SECONDS == 30 * MINUTE
    assert django_settings.CDHR_SESSION_MAX_SECONDS == 8 * HOUR
    assert django_settings.SESSION_COOKIE_AGE <= 30 * MINUTE


def test_idle_for_31_minutes_is_signed_out(client, db):
    signed_in_client(client, editor())
    shift_session(client, started_ago=31 * MINUTE, last_seen_ago=31 * MINUTE)
    assert_sent_to_login(client.get(ADMIN))
    # Signed out for good, not just redirected once.
    assert "_auth_user_id" not in client.session
    assert_sent_to_login(client.get(ADMIN))


def test_idle_for_29_minutes_is_still_signed_in_and_the_clock_restarts(client, db):
    signed_in_client(client, editor())
    shift_session(client, started_ago=29 * MINUTE, last_seen_ago=29 * MINUTE)
    assert client.get(ADMIN).status_code == 200
    # That request counted as activity: another 29 minutes later the session is still alive.
    shift_session(client, last_seen_ago=29 * MINUTE)
    assert client.get(ADMIN).status_code == 200


def test_active_session_ends_after_eight_hours(client, db):
    signed_in_client(client, editor())
    # Busy all day: the last request was a minute ago, but signing in was 8 hours and a minute ago.
    shift_session(client, started_ago=8 * HOUR + MINUTE, last_seen_ago=MINUTE)
    assert_sent_to_login(client.get(ADMIN))


def test_seven_hours_of_activity_is_allowed(client, db):
    signed_in_client(client, editor())
    shift_session(client, started_ago=7 * HOUR, last_seen_ago=MINUTE)
    assert client.get(ADMIN).status_code == 200


def form_data(html, form_selector):
    """The values a browser would send for a form as shown (checked boxes, selected options, text)."""
    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    data = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        name = field["name"]
        if field.name == "select":
            values = [option.get("value", option.text) for option in field.select("option[selected]")]
            data.setdefault(name, []).extend(values)
        elif field.name == "textarea":
            data.setdefault(name, []).append(field.text)
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file"):
            data.setdefault(name, []).append(field.get("value", ""))
    return data


def test_deactivating_a_user_in_the_admin_signs_them_out_everywhere(client, django_user_model, db):
    victim = editor()
    laptop = signed_in_client(client, victim)
    phone = signed_in_client(Client(), victim)
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "another-long-password"))

    edit_url = reverse("wagtailusers_users:edit", args=[victim.pk])
    data = form_data(admin.get(edit_url).content.decode(), "form[method=post]")
    assert data.get("is_active") == ["on"]
    del data["is_active"]
    response = admin.post(edit_url, data)
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.is_active is False

    # The sessions are gone from the store, not merely refused...
    remaining = [row for row in Session.objects.all() if row.get_decoded().get("_auth_user_id") == str(victim.pk)]
    assert remaining == []
    # ...and both devices find themselves signed out on their next request.
    assert_sent_to_login(laptop.get(ADMIN))
    assert_sent_to_login(phone.get(ADMIN))
    # The administrator who did it is still signed in.
    assert admin.get(ADMIN).status_code == 200


def test_deactivation_ends_cache_sessions_too(client, settings, db):
    """With SESSION_ENGINE=cache (Redis in production) sessions cannot be listed: the per-user index finds them."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    victim = editor()
    signed_in_client(client, victim)
    session_key = client.session.session_key

    assert SessionStore().exists(session_key)
    victim.is_active = False
    victim.save()
    assert not SessionStore().exists(session_key)
    assert_sent_to_login(client.get(ADMIN))


def test_saving_an_active_user_keeps_their_session(client, db):
    user = editor()
    signed_in_client(client, user)
    user.first_name = "Edna"
    user.save()
    assert client.get(ADMIN).status_code == 200


# --- Passwords --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short1pass!", "password_too_short"),  # 11 characters
        ("password1234", "password_too_common"),
        ("mariagarcia-casals", "password_too_similar"),  # her name and e-mail
        ("482957103864", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(password, code, db):
    user = User(username="mgarcia", first_name="Maria", last_name="Garcia Casals", email="mariagarcia@example.org")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert code in {item.code for item in error.value.error_list}


def test_a_long_unusual_password_is_accepted(db):
    user = User(username="mgarcia", first_name="Maria", last_name="Garcia", email="mariagarcia@example.org")
    validate_password("riu-blau-sobre-teulades", user)
