"""Production: everything secure by default; the secret key and hosts must come from the environment."""

import os
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Each worker keeps its database connection between requests (a new PostgreSQL connection costs more than a simple
# page's queries), checked before reuse so that a restarted database costs one failed request at most.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Moderators and superusers must use two-factor authentication; no environment variable turns it off here.
CDHR_OTP_REQUIRED = True

# Demo content and demo users are refused here (see home/management/commands/setup_site.py).
CDHR_ALLOW_DEMO = False

# Background tasks wait in the database queue for `manage.py db_worker` (README, "Deploying"), so that a publish
# never waits for search indexing or cache purges; TASKS_BACKEND=immediate runs them in the request instead.
if os.environ.get("TASKS_BACKEND", "database") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Without Redis, the cache must still be shared by every gunicorn worker of this machine: a publish handled by one
# worker (or by a management command) has to invalidate the pages the others cached. An in-memory cache would not be
# (bench/loadfault.py showed the stale pages), so the files in CACHE_DIR stand in. Several machines need REDIS_URL.
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(os.environ.get("CACHE_DIR", Path(tempfile.gettempdir()) / "cdhr-cache"))),
            "KEY_PREFIX": "cdhr",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
