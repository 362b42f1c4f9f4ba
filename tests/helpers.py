"""Helpers shared by test modules: how the admin refuses, and how many queries a public page costs."""

from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def denied(response):
    """Wagtail's admin answers a PermissionDenied with 403, or (for non-XHR requests to its views) with a redirect to
    the dashboard carrying "Sorry, you do not have permission to access this area"."""
    if response.status_code == 403:
        return True
    if response.status_code != 302 or response.url != reverse("wagtailadmin_home"):
        return False
    return any(message.level == messages.ERROR for message in get_messages(response.wsgi_request))


def client_for(user):
    """A client of its own, signed in as `user` (two roles side by side in one test)."""
    client = Client()
    client.force_login(user)
    return client


def count_queries(client, url, status=200):
    """Queries of the second request for `url`: the first one, after content changed, rebuilds what a running server
    keeps between requests (site root paths, cached navigation and footer), which is not what a page costs."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, url
    return len(queries)


def show_on_public_page(*files, parent=None):
    """Publish a standard page that shows `files` (images as figures, documents as links): a file is public only
    while a public page shows it (defenders/files.py)."""
    from wagtail.documents.models import AbstractDocument

    from home.models import HomePage, StandardPage
    from home.setup import publish_new_page

    parent = parent or HomePage.objects.get(locale__language_code="ca")
    body = []
    for item in files:
        if isinstance(item, AbstractDocument):
            body.append({"type": "document_link", "value": {"document": item.pk, "text": item.title}})
        else:
            image = {"image": item.pk, "alt_text": "A file shown", "decorative": False}
            body.append({"type": "figure", "value": {"image": image, "caption": "", "credit": ""}})
    number = StandardPage.objects.count() + 1
    return publish_new_page(
        parent, StandardPage(title=f"Files shown {number}", slug=f"files-shown-{number}", body=body)
    )
