"""Autosave and abandoned add forms leave no draft that blocks a slug; a failed save never says it saved (issue 16,
requirement 7). Through the admin's HTTP views, as the editor's browser sends them: autosave posts the form asking
for JSON, "Save draft" posts it asking for HTML."""

from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import StandardPage
from tests.test_sessions import form_data

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}


def page_form(client, url):
    """The form as the browser sends it; the body (a StreamField the browser's script fills in) sent empty."""
    data = form_data(client.get(url).content.decode(), "form[data-edit-form]")
    data.update(nested_form_data({"body": streamfield([])}))
    return data


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("home", "standardpage", parent.pk))


def filled_add_form(client, parent, **fields):
    data = page_form(client, add_url(parent))
    data.update(fields)
    return data


def test_autosave_of_an_abandoned_add_form_leaves_no_page_and_the_slug_stays_free(as_user, homes):
    client = as_user("editor")
    data = filled_add_form(client, homes["ca"], title="Pàgina oblidada", slug="pagina-oblidada", intro="Text")

    autosave = client.post(add_url(homes["ca"]), data, **AUTOSAVE)

    assert autosave.status_code == 400
    assert autosave.json()["success"] is False
    # The indicator says autosave is paused, and why: it shows the message of these codes only (wagtailadmin's
    # core.js); with others, "blocked_by_hook" included, it said "A server error occurred".
    assert autosave.json()["error_code"] in ("invalid_revision", "locked", "validation_error")
    assert autosave.json()["error_message"].startswith(("A new page is kept only", "Una pàgina nova es conserva"))
    assert not StandardPage.objects.filter(slug="pagina-oblidada").exists()

    # The editor comes back later and starts the same page: the slug is free, and "Save draft" keeps it.
    again = client.post(add_url(homes["ca"]), data)
    assert again.status_code == 302
    page = StandardPage.objects.get(slug="pagina-oblidada")
    assert not page.live


def test_a_failed_save_says_so_and_creates_nothing(as_user, homes):
    client = as_user("editor")
    data = filled_add_form(client, homes["ca"], title="", slug="sense-titol")

    response = client.post(add_url(homes["ca"]), data)

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not [message for message in get_messages(response.wsgi_request) if message.level == messages.SUCCESS]
    assert not StandardPage.objects.filter(slug="sense-titol").exists()


def test_autosave_of_an_existing_page_still_saves_and_a_failed_autosave_reports_the_error(as_user, source_page):
    client = as_user("moderator")
    edit_url = reverse("wagtailadmin_pages:edit", args=(source_page.pk,))
    data = page_form(client, edit_url)
    revisions = source_page.revisions.count()

    failed = client.post(edit_url, {**data, "title": ""}, **AUTOSAVE)
    assert failed.status_code == 400
    assert failed.json()["success"] is False
    assert failed.json()["error_code"] == "validation_error"
    assert source_page.revisions.count() == revisions

    saved = client.post(edit_url, {**data, "title": "Títol desat sol"}, **AUTOSAVE)
    assert saved.status_code == 200
    assert saved.json()["success"] is True
    assert source_page.revisions.count() == revisions + 1
