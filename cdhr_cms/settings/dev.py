"""Development: DEBUG on by default (`make run` turns it off), a generated secret key, console e-mail."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import BASE_DIR, STORAGES, env_bool

DEBUG = env_bool("DEBUG", True)


def _dev_secret_key():
    # Generated once per checkout and kept out of git, so sessions survive restarts of runserver.
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()

CDHR_ALLOW_DEMO = True
# Static files straight from the apps' folders, without `collectstatic`, with DEBUG on or off: `make run` serves the
# demo with DEBUG off, as visitors see the site (its own 404 and 500 pages, never a traceback), and with DEBUG off
# neither runserver serves static files nor may the manifest storage name a file `collectstatic` never wrote.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Two-factor is offered but not required here, so that a newcomer can sign in to the demo right after `make run`;
# OTP_REQUIRED=true tries the production behaviour locally. Production always requires it (production.py).
CDHR_OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
