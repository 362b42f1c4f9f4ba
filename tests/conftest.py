import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale

from editions.factories import madrid
from home import roles
from home.models import HomePage, Municipality, StandardPage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the site that `setup_site` builds (locales, home pages, consortium data).

    Tests run inside transactions that are rolled back, so this is built once per run. A test marked
    `transaction=True` would flush it: use the `built_site` fixture there.
    """
    with django_db_blocker.unblock():
        call_command("setup_site", stdout=io.StringIO())


@pytest.fixture
def built_site(db):
    call_command("setup_site", stdout=io.StringIO())


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def homes(db):
    return {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: ids are reused after a rolled-back test, and Wagtail caches renditions
    by image id, so a cached rendition of one test's image would otherwise stand in for another test's."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def page_cache(settings):
    """The public page cache on (the test settings turn it off), empty before and after (tests/test_cache*.py)."""
    from django.core.cache import cache

    cache.clear()
    settings.CDHR_PAGE_CACHE_SECONDS = 600
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Changes made inside this are committed, as an editor's request commits them: other workers see them."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- One user per role, and the pages they work on (tests/test_workflow_*.py) -------------------------------------


def member(username, group_name, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "not-used-here-123", **extra)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def municipal_group(slug):
    return Municipality.objects.get(slug=slug).editors_group.name


@pytest.fixture
def users(db):
    return {
        "moderator": member("t-moderator", roles.MODERATORS),
        "editor": member("t-editor", roles.editor_group_names()[0]),
        "translator": member("t-translator", roles.TRANSLATORS),
        "sabadell": member("t-sabadell", municipal_group("sabadell")),
    }


@pytest.fixture
def as_user(client, users):
    def login(role):
        client.force_login(users[role])
        return client

    return login


@pytest.fixture
def source_page(homes):
    return StandardPage.objects.child_of(homes["ca"]).live().first()


@pytest.fixture
def es_page(source_page, locales):
    return source_page.get_translation(locales["es"])


@pytest.fixture
def sabadell_page(homes):
    """Stands in for Sabadell's city programme: a page only Sabadell's group is granted."""
    page = StandardPage(title="Programa de Sabadell", slug="programa-sabadell", intro="Programa de prova")
    homes["ca"].add_child(instance=page)
    page.save_revision().publish()
    roles.grant_municipality_page_permissions(page, Municipality.objects.get(slug="sabadell"))
    return page


@pytest.fixture
def freeze_now(monkeypatch):
    """Today is 2026-11-28, noon in Madrid: the spring 2027 tour the factories make (editions/factories.py) is
    upcoming, whatever day the suite runs."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: madrid(2026, 11, 28, 12))
