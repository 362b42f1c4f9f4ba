"""Admin: emergency take-down (permission, effect on every channel). Raising and lowering a safety level, and the
audit log of both: tests/test_defender_person.py."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, Locale, Page, PageLogEntry
from wagtail.users.models import UserProfile

from defenders.factories import DefenderPageFactory
from defenders.models import DefenderIndexPage, DefenderPage
from defenders.safety import SafetyLevel

pytestmark = pytest.mark.django_db


def catalan(message):
    """The directory under test is the Catalan one: its messages are in Catalan."""
    with translation.override("ca"):
        return translation.gettext(message)


@pytest.fixture
def index():
    return DefenderIndexPage.objects.get(locale__language_code="ca")


@pytest.fixture
def defender(index):
    page = DefenderPageFactory(
        parent=index, slug="takedownable", display_name="Takedownable Person", safety_level=SafetyLevel.PUBLIC
    )
    page.save_revision().publish()
    for code in ("es", "en"):
        translation = page.copy_for_translation(Locale.objects.get(language_code=code), copy_parents=False)
        translation.save_revision().publish()
    return page


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("ed", "ed@example.com", "pw")
    group = Group.objects.create(name="Test editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=Page.objects.get(depth=1), permission=Permission.objects.get(codename=permission)
        )
    user.groups.add(group)
    return user


def test_take_down_needs_the_permission(client, editor, defender):
    client.force_login(editor)
    url = reverse("defenders_take_down", args=[defender.pk])
    response = client.get(url)
    assert response.status_code == 403, response.get("Location")
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert DefenderPage.objects.get(pk=defender.pk).live
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[defender.pk])).content.decode()
    assert url not in edit


def test_permission_holder_sees_the_button(client, editor, defender):
    editor.user_permissions.add(Permission.objects.get(codename="take_down_defender"))
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[defender.pk])).content.decode()
    assert reverse("defenders_take_down", args=[defender.pk]) in edit


def test_take_down_everywhere(client, superuser, defender, index):
    urls = [page.url for page in defender.get_translations(inclusive=True)]
    assert len(urls) == 3 and all(client.get(url).status_code == 200 for url in urls)
    client.force_login(superuser)
    url = reverse("defenders_take_down", args=[defender.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Credible threat reported"})
    assert response.status_code == 302
    client.logout()

    assert not DefenderPage.objects.filter(translation_key=defender.translation_key, live=True).exists()
    for page_url in urls:
        assert client.get(page_url).status_code == 404
    api = client.get("/api/v2/pages/", {"type": "defenders.DefenderPage", "limit": 100}).content.decode()
    assert "Takedownable" not in api
    assert "takedownable" not in client.get("/sitemap.xml").content.decode()
    assert (
        catalan("No defender matches these filters.") in client.get(index.url, {"q": "Takedownable"}).content.decode()
    )
    assert list(Page.objects.live().search("Takedownable")) == []
    assert list(DefenderPage.objects.public().search("Takedownable")) == []
    entry = PageLogEntry.objects.filter(page=defender, action="defenders.take_down").get()
    assert entry.user == superuser and entry.data["reason"] == "Credible threat reported"


def test_the_people_listing_says_live_or_draft_in_the_readers_language(client, superuser, defender):
    """A boolean column titles its icon "True" in every language: the listing shows Wagtail's status tag instead."""
    UserProfile.objects.update_or_create(user=superuser, defaults={"preferred_language": "es"})
    client.force_login(superuser)

    html = client.get(reverse("wagtailsnippets_defenders_defender:list")).content.decode()

    soup = BeautifulSoup(html, "html.parser")
    assert "Estado" in [header.get_text(strip=True) for header in soup.select("th")]
    assert soup.select("td .w-status")
    assert 'title="True"' not in html and 'title="False"' not in html
