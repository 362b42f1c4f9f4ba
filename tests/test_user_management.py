"""Moderators manage accounts (home/roles.py) without being administrators: through the admin's Users area they can
neither make an administrator nor change an administrator's account, alone or in bulk (accounts/users.py). Found by
walking the admin as a moderator: the add form offered an "Administrator" box, and the edit form of the `admin`
account its password."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from home import roles
from tests.helpers import client_for

User = get_user_model()
PASSWORD = "a-long-password-for-tests"
NEW_PASSWORD = "another-long-password-2026"

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(db):
    moderator = User.objects.create_user("um-moderator", "um-moderator@example.org", PASSWORD)
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    return {
        "moderator": moderator,
        "administrator": User.objects.create_superuser("um-admin", "um-admin@example.org", PASSWORD),
        "editor": User.objects.create_user("um-editor", "um-editor@example.org", PASSWORD),
    }


def new_account(username, **extra):
    return {
        "username": username,
        "email": f"{username}@example.org",
        "first_name": "Nova",
        "last_name": "Persona",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "groups": [Group.objects.get(name=roles.TRANSLATORS).pk],
        **extra,
    }


def test_a_moderator_creates_accounts_but_no_administrator(accounts):
    moderator = client_for(accounts["moderator"])
    form = moderator.get(reverse("wagtailusers_users:add"))
    assert form.status_code == 200
    assert 'name="is_superuser"' not in form.content.decode()
    response = moderator.post(reverse("wagtailusers_users:add"), new_account("um-new", is_superuser="on"))
    assert response.status_code == 302
    created = User.objects.get(username="um-new")
    assert not created.is_superuser
    assert list(created.groups.values_list("name", flat=True)) == [roles.TRANSLATORS]


def test_an_administrator_still_makes_administrators(accounts):
    administrator = client_for(accounts["administrator"])
    assert 'name="is_superuser"' in administrator.get(reverse("wagtailusers_users:add")).content.decode()
    administrator.post(reverse("wagtailusers_users:add"), new_account("um-second-admin", is_superuser="on"))
    assert User.objects.get(username="um-second-admin").is_superuser


def test_a_moderator_cannot_change_an_administrators_account(accounts):
    moderator = client_for(accounts["moderator"])
    target = accounts["administrator"]
    url = reverse("wagtailusers_users:edit", args=[target.pk])
    assert moderator.get(url)["Location"] == reverse("wagtailadmin_home")
    taken_over = {
        "username": target.username,
        "email": "attacker@example.org",
        "first_name": "Ad",
        "last_name": "Min",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "is_active": "",
    }
    assert moderator.post(url, taken_over)["Location"] == reverse("wagtailadmin_home")
    target.refresh_from_db()
    assert target.check_password(PASSWORD) and target.email == "um-admin@example.org" and target.is_active


def test_a_moderator_edits_an_ordinary_account_without_promoting_it(accounts):
    moderator = client_for(accounts["moderator"])
    target = accounts["editor"]
    url = reverse("wagtailusers_users:edit", args=[target.pk])
    assert 'name="is_superuser"' not in moderator.get(url).content.decode()
    changes = {
        "username": target.username,
        "email": "renamed@example.org",
        "first_name": "Edita",
        "last_name": "Dora",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "is_superuser": "on",
    }
    assert moderator.post(url, changes).status_code == 302
    target.refresh_from_db()
    assert target.email == "renamed@example.org" and not target.is_superuser


def test_a_moderator_cannot_deactivate_an_administrator_in_bulk(accounts):
    moderator = client_for(accounts["moderator"])
    administrator, editor = accounts["administrator"], accounts["editor"]
    url = reverse("wagtail_bulk_action", args=["auth", "user", "set_active_state"])
    response = moderator.post(f"{url}?id={administrator.pk}&id={editor.pk}", {"mark_as_active": "False"})
    assert response["Location"] == reverse("wagtailadmin_home")
    administrator.refresh_from_db()
    editor.refresh_from_db()
    assert administrator.is_active and editor.is_active  # nothing done: the action is refused as a whole
    # The same action on ordinary accounts only is the moderator's to take.
    moderator.post(f"{url}?id={editor.pk}", {"mark_as_active": "False"})
    editor.refresh_from_db()
    assert not editor.is_active
