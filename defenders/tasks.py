"""The exposure audit as background work (`manage.py db_worker` in production, README "Deploying"; in the request
itself where tasks run at once, as in development and tests).

The crawl reads every public address of the site: about two minutes on the demo, far beyond the 30 s a web worker
and the proxy give a request. The moderator's report starts it here, and shows the state of the latest run, kept in
the cache (shared by every worker and the task worker) until the next one."""

import datetime

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from .exposure import run_audit

LATEST_AUDIT_KEY = "exposure-audit:latest"
# A run queued or running for longer than this is taken for lost (a worker restarted): another may be started.
AUDIT_GIVEN_UP_AFTER = datetime.timedelta(hours=1)


def latest_audit():
    """{"state": "queued" | "running" | "finished" | "failed", "requested_by", "requested_at", "finished_at",
    "result": AuditResult or None}, or None before the first run."""
    return cache.get(LATEST_AUDIT_KEY)


def audit_in_progress():
    audit = latest_audit()
    return (
        audit is not None
        and audit["state"] in ("queued", "running")
        and timezone.now() - audit["requested_at"] < AUDIT_GIVEN_UP_AFTER
    )


def _record(**changes):
    audit = {**(latest_audit() or {}), **changes}
    cache.set(LATEST_AUDIT_KEY, audit, timeout=None)


def start_exposure_audit(user):
    """Queue a run for `user`; False (nothing queued) while another is queued or running."""
    if audit_in_progress():
        return False
    now = timezone.now()
    _record(state="queued", requested_by=user.get_username(), requested_at=now, finished_at=None, result=None)
    exposure_audit.enqueue()
    return True


@task()
def exposure_audit():
    _record(state="running")
    try:
        result = run_audit()
    except Exception:
        _record(state="failed", finished_at=timezone.now())
        raise
    _record(state="finished", finished_at=timezone.now(), result=result)
