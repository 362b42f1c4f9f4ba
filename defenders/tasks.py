"""The exposure audit as background work (`manage.py db_worker` in production, README "Deploying"; in the request
itself where tasks run at once, as in development and tests).

The crawl reads every public address of the site: about two minutes on the demo, far beyond the 30 s a web worker
and the proxy give a request. The moderators' report queues it here and shows the state of the latest run and the
result of the latest finished one, kept in the cache (shared by every worker and the task worker)."""

import datetime
import secrets

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from .exposure import run_audit

LATEST_RUN_KEY = "exposure-audit:latest-run"
LATEST_RESULT_KEY = "exposure-audit:latest-result"
# Held by the run queued or running (its id); taken with `cache.add`, so that two moderators pressing "Run" at once
# queue one crawl. It expires: a run that has not finished by then is taken for lost (no worker, a worker killed).
RUN_LOCK_KEY = "exposure-audit:run-lock"
AUDIT_GIVEN_UP_AFTER = datetime.timedelta(hours=1)


def audit_status():
    """What the report shows: {"run": the latest run ({"id", "state": queued | running | finished | failed,
    "requested_by", "requested_at"}) or None, "in_progress": whether it holds the lock, "lost": whether it was
    given up unfinished, "latest": the latest finished run ({"requested_by", "finished_at", "result"}) or None}."""
    found = cache.get_many([LATEST_RUN_KEY, LATEST_RESULT_KEY, RUN_LOCK_KEY])
    run = found.get(LATEST_RUN_KEY)
    in_progress = run is not None and found.get(RUN_LOCK_KEY) == run["id"]
    lost = run is not None and run["state"] in ("queued", "running") and not in_progress
    return {"run": run, "in_progress": in_progress, "lost": lost, "latest": found.get(LATEST_RESULT_KEY)}


def start_exposure_audit(user):
    """Queue a run for `user`; False (nothing queued) while another is queued or running."""
    run_id = secrets.token_hex(8)
    if not cache.add(RUN_LOCK_KEY, run_id, timeout=int(AUDIT_GIVEN_UP_AFTER.total_seconds())):
        return False
    run = {"id": run_id, "state": "queued", "requested_by": user.get_username(), "requested_at": timezone.now()}
    cache.set(LATEST_RUN_KEY, run, timeout=None)
    exposure_audit.enqueue(run_id)
    return True


def _update_run(run_id, **changes):
    run = cache.get(LATEST_RUN_KEY)
    if run is not None and run["id"] == run_id:
        cache.set(LATEST_RUN_KEY, {**run, **changes}, timeout=None)
    return run


@task()
def exposure_audit(run_id):
    if cache.get(RUN_LOCK_KEY) != run_id:
        return  # given up meanwhile (a newer run may hold the lock): its result must not replace the newer one's
    run = _update_run(run_id, state="running")
    try:
        result = run_audit()
    except Exception:
        _update_run(run_id, state="failed")
        raise
    finally:
        if cache.get(RUN_LOCK_KEY) == run_id:
            cache.delete(RUN_LOCK_KEY)
    latest = {"requested_by": run["requested_by"], "finished_at": timezone.now(), "result": result}
    cache.set(LATEST_RESULT_KEY, latest, timeout=None)
    _update_run(run_id, state="finished")
