"""The demo site: `setup_site --demo` builds it, and every live page answers 200 in every language."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def test_every_demo_page_answers_200(client):
    call_command("setup_site", "--demo", stdout=io.StringIO())
    pages = Page.objects.live().exclude(depth=1).specific()
    assert pages.count() >= 9
    failures = []
    for page in pages:
        url = page.get_url()
        response = client.get(url)
        if response.status_code != 200:
            failures.append((url, response.status_code))
    assert failures == []


def test_demo_twice_changes_nothing():
    call_command("setup_site", "--demo", stdout=io.StringIO())
    before = Page.objects.count()
    out = io.StringIO()
    call_command("setup_site", "--demo", stdout=out)
    assert Page.objects.count() == before
    assert "nothing to do" in out.getvalue()
