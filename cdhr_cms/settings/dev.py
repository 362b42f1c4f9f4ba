"""Development: DEBUG on by default, a generated secret key, console e-mail."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool

DEBUG = env_bool("DEBUG", True)


def _dev_secret_key():
    # Generated once per checkout and kept out of git, so sessions survive restarts of runserver.
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()

CDHR_ALLOW_DEMO = True
WHITENOISE_AUTOREFRESH = True
# Two-factor is offered but not required here, so that a newcomer can sign in to the demo right after `make run`;
# OTP_REQUIRED=true tries the production behaviour locally. Production always requires it (production.py).
CDHR_OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
