"""Wagtail's own settings that matter for a site whose editors' identities and drafts must not leak: checked through
what an editor or a visitor actually gets, not by reading the settings back."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page

from statements.factories import PDF_BYTES, pdf_document
from tests.helpers import show_on_public_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("hardening", "hardening@example.org", "a-long-password-1234")
    client.force_login(user)
    return client


def test_dashboard_neither_checks_for_updates_nor_loads_gravatar(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "w-upgrade" not in html  # the release check would call wagtail.org from editors' browsers
    assert "gravatar.com" not in html  # an avatar URL would tell a third party who is signed in, from where


def test_private_pages_offer_no_shared_password(admin_client, homes):
    page = Page.objects.get(pk=homes["ca"].pk)
    response = admin_client.get(reverse("wagtailadmin_pages:set_privacy", args=[page.pk]))
    assert response.status_code == 200
    text = (
        response.json()["html"]
        if response["Content-Type"].startswith("application/json")
        else response.content.decode()
    )
    assert 'value="login"' in text
    assert 'value="password"' not in text


def test_documents_are_served_through_django_not_by_direct_file_url(client):
    document = get_document_model().objects.create(
        title="Public dossier", file=ContentFile(PDF_BYTES, name="public-dossier.pdf")
    )
    show_on_public_page(document)
    response = client.get(document.url)
    assert document.url.startswith("/documents/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "/media/" not in document.url


def test_documents_no_public_page_links_to_are_not_served(client):
    # A file is publicly addressable only while a public page shows it (defenders/files.py).
    document = get_document_model().objects.create(
        title="Unlinked dossier", file=ContentFile(PDF_BYTES, name="unlinked-dossier.pdf")
    )
    assert client.get(document.url, follow=True).status_code == 404


def test_documents_of_private_collections_need_a_login(client):
    document = pdf_document("council-minutes.pdf")
    document.save()
    response = client.get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_no_v3_api_is_mounted(client):
    assert client.get("/api/v3/pages/", follow=True).status_code == 404
    assert client.get("/api/v2/pages/").status_code == 200
