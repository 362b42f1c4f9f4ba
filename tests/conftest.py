import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from home.models import HomePage


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
