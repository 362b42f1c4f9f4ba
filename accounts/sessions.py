"""How long a signed-in session lives, and ending every session of a user who is switched off.

The rules live in the session data itself (when it started, when it was last used), not in the store's expiry date,
so that they hold the same with database sessions, Redis-backed cache sessions or cached_db. The store's own expiry
(SESSION_COOKIE_AGE) is only a backstop that clears abandoned sessions.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.module_loading import import_string

STARTED_KEY = "_cdhr_started"
LAST_SEEN_KEY = "_cdhr_last_seen"
# Cache sessions cannot be listed, so each user's session keys are also kept under this key (shared through Redis).
INDEX_KEY = "user-sessions:{user_id}"


def session_expired(session, now):
    """True when a signed-in session has passed its absolute lifetime or been idle too long."""
    started = session.get(STARTED_KEY)
    last_seen = session.get(LAST_SEEN_KEY)
    if started is None or last_seen is None:
        # Signed in before these rules existed (or by a route that skipped the login signal): start counting now.
        return False
    return now - started > settings.CDHR_SESSION_MAX_SECONDS or now - last_seen > settings.CDHR_SESSION_IDLE_SECONDS


def _engine_is_database_backed():
    return settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }


def remember_session(sender, request, user, **kwargs):
    """user_logged_in: stamp the session and index it under its user."""
    now = time.time()
    request.session[STARTED_KEY] = now
    request.session[LAST_SEEN_KEY] = now
    if request.session.session_key is None:
        request.session.save()
    key = INDEX_KEY.format(user_id=user.pk)
    keys = set(cache.get(key) or ())
    keys.add(request.session.session_key)
    cache.set(key, keys, timeout=settings.CDHR_SESSION_MAX_SECONDS)


def user_session_keys(user_id):
    """Every known session key of one user: from the index, plus a scan of the session table when there is one."""
    keys = set(cache.get(INDEX_KEY.format(user_id=user_id)) or ())
    if _engine_is_database_backed():
        for row in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if str(row.get_decoded().get(SESSION_KEY)) == str(user_id):
                keys.add(row.session_key)
    return keys


def end_sessions(user_id):
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    for session_key in user_session_keys(user_id):
        store(session_key).delete()
    cache.delete(INDEX_KEY.format(user_id=user_id))


def end_sessions_of_inactive_user(sender, instance, **kwargs):
    """post_save on the user model: switching someone off (the admin's "active" box, or any save) signs them out
    everywhere at once."""
    if not instance.is_active:
        end_sessions(instance.pk)


def end_sessions_of_deleted_user(sender, instance, **kwargs):
    end_sessions(instance.pk)


def connect():
    from django.contrib.auth.signals import user_logged_in

    user_model = get_user_model()
    user_logged_in.connect(remember_session, dispatch_uid="cdhr-remember-session")
    post_save.connect(end_sessions_of_inactive_user, sender=user_model, dispatch_uid="cdhr-end-inactive-sessions")
    post_delete.connect(end_sessions_of_deleted_user, sender=user_model, dispatch_uid="cdhr-end-deleted-sessions")


class SessionLifetimeMiddleware:
    """Signs out sessions past their absolute or idle limit, and sessions whose user may no longer sign in.

    Goes right after AuthenticationMiddleware. The second check is the safety net behind the post_save signal:
    Django's backend already refuses an inactive user, and this also throws the stale session away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) is not None:
            now = time.time()
            if not request.user.is_authenticated or session_expired(session, now):
                logout(request)
            else:
                session.setdefault(STARTED_KEY, now)
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)
