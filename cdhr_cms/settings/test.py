"""Tests: fast hashing, in-memory cache, plain static storage, deprecations as errors."""

import os
import warnings
from pathlib import Path

from wagtail.utils.deprecation import RemovedInWagtail90Warning

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The benchmark and the browser tests build a site with these settings and serve it with others: they say where.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / ".test-media")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

warnings.filterwarnings("error", category=RemovedInWagtail90Warning)

CDHR_ALLOW_DEMO = True
# Serve static files from the apps' folders: tests do not run collectstatic. Both are needed: with DEBUG off,
# whitenoise otherwise only looks in STATIC_ROOT, and the browser tests' pages had no style sheet at all.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Off by default, so one test's rendered page never leaks into another; the cache tests switch it on.
CDHR_PAGE_CACHE_SECONDS = 0
# Other apps' admin tests sign in with force_login; tests/test_workflow_accounts.py switches two-factor back on
# (the production value) to prove it guards the admin.
CDHR_OTP_REQUIRED = False
