"""Stateless app servers: what production settings become under each environment, and Redis really working."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBSessionStore
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from cdhr_cms import cache as page_cache

ROOT = Path(__file__).resolve().parent.parent
REDIS = "redis://127.0.0.1:6379/15"

PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "STORAGES": settings.STORAGES,
    "CACHES": settings.CACHES,
    "SESSION_ENGINE": settings.SESSION_ENGINE,
    "TASKS": settings.TASKS,
    "WAGTAILFRONTENDCACHE": settings.WAGTAILFRONTENDCACHE,
    "IMG_SRC": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "INSTALLED_APPS": settings.INSTALLED_APPS,
}))
"""

# Variables that would change the answer if the machine running the tests happened to set them.
DEPLOY_VARIABLES = (
    "REDIS_URL",
    "SESSION_ENGINE",
    "TASKS_BACKEND",
    "FRONTEND_CACHE_URL",
    "CLOUDFLARE_ZONE_ID",
    "CLOUDFLARE_BEARER_TOKEN",
    "CLOUDFRONT_DISTRIBUTION_ID",
    "CACHE_DIR",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)


def production_settings(**env):
    """Imports the production settings in a fresh interpreter, as an app server would start, and reads them back."""
    clean = {key: value for key, value in os.environ.items() if key not in DEPLOY_VARIABLES}
    clean.update(
        DJANGO_SETTINGS_MODULE="cdhr_cms.settings.production",
        SECRET_KEY="settings-test-" + "x" * 50,
        ALLOWED_HOSTS="example.org",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT_SETTINGS}"],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_environment_everything_stays_on_one_machine(tmp_path):
    settings = production_settings(CACHE_DIR=str(tmp_path))
    # Local disk, with renditions written once under a name made from image and filter (cdhr_cms/storage.py).
    assert settings["STORAGES"]["default"]["BACKEND"] == "cdhr_cms.storage.MediaStorage"
    # Shared by all the workers of the machine, so that a publish in one invalidates the pages the others cached.
    assert settings["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert settings["CACHES"]["default"]["LOCATION"] == str(tmp_path)
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert settings["WAGTAILFRONTENDCACHE"] == {}
    # Production queues background tasks in the database for `manage.py db_worker`, even on one machine.
    assert settings["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in settings["INSTALLED_APPS"]


def test_redis_url_moves_cache_and_sessions_to_redis():
    settings = production_settings(REDIS_URL="redis://cache.internal:6379/2")
    assert settings["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/2"
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert (
        production_settings(REDIS_URL=REDIS, SESSION_ENGINE="django.contrib.sessions.backends.cache")["SESSION_ENGINE"]
        == "django.contrib.sessions.backends.cache"
    )


def test_bucket_moves_media_to_s3_and_lets_pages_show_its_images():
    settings = production_settings(
        AWS_STORAGE_BUCKET_NAME="cdhr-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    storage = settings["STORAGES"]["default"]
    assert storage["BACKEND"] == "cdhr_cms.storage.PrivateS3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "cdhr-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    # No public CDN domain: objects stay private and every link is signed.
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["querystring_auth"] is True
    assert storage["OPTIONS"]["file_overwrite"] is False
    assert "https://s3.example.net" in settings["IMG_SRC"]
    # Static files stay with whitenoise on the app server.
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_s3_files_are_linked_through_the_site_and_signed_for_a_minute():
    from cdhr_cms.storage import PrivateS3Storage

    storage = PrivateS3Storage(
        bucket_name="cdhr-media", endpoint_url="https://s3.example.net", access_key="key", secret_key="secret"
    )
    # Pages link to /media/…, which checks the file may be seen (defenders/files.py) before redirecting.
    assert storage.url("images/a.jpg") == "/media/images/a.jpg"
    before = int(time.time())
    signed = storage.signed_url("images/a.jpg")
    assert signed.startswith("https://s3.example.net/cdhr-media/images/a.jpg?")
    expires = int(dict(parse_qsl(urlsplit(signed).query))["Expires"])
    assert before + 55 <= expires <= int(time.time()) + 65


def test_frontend_cache_variables_configure_purging():
    settings = production_settings(
        FRONTEND_CACHE_URL="http://127.0.0.1:6081", CLOUDFLARE_ZONE_ID="zone", CLOUDFLARE_BEARER_TOKEN="token"
    )
    cache = settings["WAGTAILFRONTENDCACHE"]
    assert cache["proxy"] == {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://127.0.0.1:6081",
    }
    assert cache["cloudflare"]["ZONEID"] == "zone"
    assert "wagtail.contrib.frontend_cache" in settings["INSTALLED_APPS"]


def test_tasks_backend_can_run_immediately_when_asked():
    settings = production_settings(TASKS_BACKEND="immediate")
    assert settings["TASKS"]["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_development_and_tests_run_tasks_immediately(settings):
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"


# --- Redis, for real --------------------------------------------------------------------------------------------


@pytest.fixture
def redis_settings(settings):
    """This test's own key prefix in Redis database 15, so parallel runs never see each other's keys."""
    prefix = f"cdhr-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": prefix}
    }
    # Changing CACHES makes Django drop its cache connections (setting_changed), so `cache` now means Redis.
    yield prefix
    caches["default"].clear()


def test_redis_cache_stores_and_shares_values_between_servers():
    prefix = f"cdhr-test-{uuid.uuid4().hex}"
    server_a = RedisCache(REDIS, {"KEY_PREFIX": prefix})
    server_b = RedisCache(REDIS, {"KEY_PREFIX": prefix})
    try:
        server_a.set("page", {"html": "<p>Hola</p>"}, timeout=30)
        assert server_b.get("page") == {"html": "<p>Hola</p>"}
        server_a.add("generation", 1, timeout=None)
        server_b.incr("generation")
        assert server_a.get("generation") == 2
        server_b.delete("page")
        assert server_a.get("page") is None
    finally:
        server_a.delete_many(["page", "generation"])


def test_publishing_bumps_the_shared_content_generation_in_redis(
    redis_settings, db, django_capture_on_commit_callbacks
):
    before = page_cache.content_generation()
    with django_capture_on_commit_callbacks(execute=True):  # the other server sees the change once it is committed
        page_cache.bump_generation()
    other_server = RedisCache(REDIS, {"KEY_PREFIX": redis_settings})
    assert other_server.get(page_cache.GENERATION_KEY) == before + 1


def test_admin_session_lives_in_redis_and_survives_a_redis_flush(client, redis_settings, settings, django_user_model):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CDHR_OTP_REQUIRED = False
    django_user_model.objects.create_superuser("root", "root@example.org", "a-long-password-for-tests")
    response = client.post(reverse("wagtailadmin_login"), {"username": "root", "password": "a-long-password-for-tests"})
    assert response.status_code == 302
    session_key = client.session.session_key
    assert caches["default"].get(CachedDBSessionStore.cache_key_prefix + session_key) is not None
    caches["default"].clear()
    # Written through to the database, so a Redis restart signs nobody out.
    assert client.get("/admin/").status_code == 200


# --- Backups ----------------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL pointing at PostgreSQL: the backup procedure is pg_dump/pg_restore (CI runs it on PG)",
)
def test_backup_restores_into_a_fresh_database():
    """The README's backup (pg_dump + media tarball) restored into a new database gives the same, working site."""
    result = subprocess.run(
        ["bash", str(ROOT / "bench" / "backup_restore.sh")],
        env={**os.environ, "PY": sys.executable},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert "missing_files=0" in result.stdout
    assert "backup and restore: OK" in result.stdout
