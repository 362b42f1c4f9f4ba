"""Security headers on public pages and on the admin, read with the test client over HTTPS."""

import importlib
import os

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def directives(header):
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("path", ["/ca/", "/es/el-projecte/", "/en/search/?q=project", "/ca/no-such-page/"])
def test_public_pages_have_a_strict_content_security_policy(client, path):
    response = client.get(path, secure=True)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    for values in policy.values():
        assert "'unsafe-inline'" not in values
        assert "'unsafe-eval'" not in values


def test_admin_has_its_own_policy_that_allows_wagtails_inline_scripts(client):
    response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize("path", ["/ca/", "/admin/login/", "/healthz", "/sitemap.xml"])
def test_common_security_headers(client, path):
    response = client.get(path, secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("geolocation=()", "camera=()", "microphone=()"):
        assert feature in permissions


def production_settings():
    os.environ.setdefault("SECRET_KEY", "x" * 60)
    module = importlib.import_module("cdhr_cms.settings.production")
    return module


def test_production_settings_send_hsts_for_a_year_and_secure_cookies(client):
    production = production_settings()
    assert production.SECURE_HSTS_SECONDS >= 365 * 24 * 3600
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY and production.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")
    with override_settings(
        SECURE_HSTS_SECONDS=production.SECURE_HSTS_SECONDS,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=production.SECURE_HSTS_INCLUDE_SUBDOMAINS,
        SECURE_HSTS_PRELOAD=production.SECURE_HSTS_PRELOAD,
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
    ):
        response = client.get("/admin/login/", secure=True)
        hsts = response["Strict-Transport-Security"]
        assert "includeSubDomains" in hsts
        assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31_536_000
        csrf_cookie = response.cookies["csrftoken"]
        assert csrf_cookie["secure"] and csrf_cookie["samesite"] == "Lax"


def test_the_preview_panel_may_frame_the_page_it_previews(as_user, source_page):
    """The editor's preview panel is an iframe of the admin: the previewed page (rendered by Wagtail through the
    whole middleware chain, as a public page) must let the admin frame it, and keep the public policy otherwise."""
    from django.urls import reverse

    from tests.test_autosave_drafts import page_form

    client = as_user("editor")
    edit = reverse("wagtailadmin_pages:edit", args=(source_page.pk,))
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=(source_page.pk,))
    data = page_form(client, edit)
    data["title"] = "Títol en previsualització"
    assert client.post(preview, data, secure=True).json()["is_valid"]

    response = client.get(preview, {"in_preview_panel": "true"}, secure=True)

    assert response.status_code == 200
    assert "Títol en previsualització" in response.content.decode()
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert response.get("X-Frame-Options", "SAMEORIGIN") == "SAMEORIGIN"
    # Only the framing changes: the page's own policy stays the public one.
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-src"] == ["'none'"]
    # A public page is still never framed.
    public = client.get(source_page.url, secure=True)
    assert directives(public["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    assert public["X-Frame-Options"] == "DENY"
