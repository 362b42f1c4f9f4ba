"""Our gunicorn worker serves requests with room on Python's stack (cdhr_cms/stack.py).

CPython 3.11 frees a 16 KB chunk of its frame stack each time the call at the chunk's start returns, so a loop of
calls at that depth maps and unmaps memory at every call. That is seen here as minor page faults: a fresh mapping's
first page faults when a frame is written into it.
"""

import gc
import resource
import sys

from django.conf import settings
from gunicorn.app.wsgiapp import WSGIApplication

from cdhr_cms import stack

CALLS_PER_DEPTH = 300
# Each level of `descend` adds one small frame (about 100 bytes): 220 levels climb past the end of a 16 KB chunk
# wherever the stack starts, and stay within the room a worker's frame leaves (about 38 KB).
DEPTHS = range(220)


def _a_frame_of(variables):
    """A function doing nothing from a frame of `variables` local variables (about 8 bytes each)."""
    names = " = ".join(f"_{index}" for index in range(variables))
    namespace = {}
    source = f"def call():\n    if False:\n        {names} = None\n"
    exec(compile(source, "frame", "exec"), namespace)  # noqa: S102 - source written above
    return namespace["call"]


# A call needing more room than one level of `descend` adds: at some depth of DEPTHS, the calling loop's frame still
# fits in a chunk and this one does not, whatever the stack held before.
call_of_2_kb = _a_frame_of(250)


def descend(levels, then):
    if levels:
        return descend(levels - 1, then)
    return then()


def calls_in_a_loop():
    for _ in range(CALLS_PER_DEPTH):
        call_of_2_kb()


def faults_of_the_worst_depth():
    """The most minor page faults that `CALLS_PER_DEPTH` calls made at any one depth of DEPTHS."""
    worst = 0
    for depth in DEPTHS:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        descend(depth, calls_in_a_loop)
        worst = max(worst, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    return worst


def test_without_room_a_loop_at_a_chunks_end_maps_memory_at_every_call():
    # The fault the worker exists for, on the CPython this project runs (3.11): a chunk's end lies somewhere among
    # these depths, and a loop there faults about once per call. On a CPython with the fix (python/cpython#142183)
    # this fails: the worker is then no longer needed.
    assert faults_of_the_worst_depth() >= CALLS_PER_DEPTH // 2


def test_with_room_no_depth_maps_memory_per_call():
    assert stack.room_call(faults_of_the_worst_depth) < CALLS_PER_DEPTH // 10


def test_room_call_answers_what_the_call_answers_and_lets_its_errors_through():
    assert stack.room_call(divmod, 17, 5) == (3, 2)
    assert stack.room_call(lambda *args, **kwargs: (args, kwargs), 1, 2) == ((1, 2), {})
    try:
        stack.room_call(int, "not a number")
    except ValueError as error:
        assert "not a number" in str(error)
    else:
        raise AssertionError("room_call swallowed the error")


def test_the_roomy_frame_gets_a_chunk_of_64_kb_with_room_for_a_request():
    # CPython sizes a frame's new chunk to hold it with 1,000 variables (8 bytes each) to spare, in powers of two
    # from 16 KB: more than 32 KB asked means 64 KB given.
    variables = stack.room_call.__code__.co_nlocals
    asked = (variables + 1000) * 8
    assert 32 * 1024 < asked <= 64 * 1024
    assert 64 * 1024 - variables * 8 > 32 * 1024  # the room left for a request's frames


def test_gunicorn_started_in_the_project_uses_the_roomy_worker(monkeypatch):
    # The README's command, `make bench`, `make loadfault` and the two-server test start gunicorn in the project's
    # root, where gunicorn reads gunicorn.conf.py; loaded here as gunicorn loads it, without starting a server.
    monkeypatch.chdir(settings.BASE_DIR)
    monkeypatch.setattr(sys, "argv", ["gunicorn", "cdhr_cms.wsgi", "--workers=4"])
    config = WSGIApplication().cfg
    assert config.worker_class is stack.SyncWorker
    assert issubclass(stack.SyncWorker, stack.GunicornSyncWorker)
    assert stack.SyncWorker.run is not stack.GunicornSyncWorker.run


def test_a_worker_leaves_what_loading_the_site_made_out_of_the_collectors_passes(monkeypatch):
    # gunicorn calls `post_worker_init` once a worker has loaded the site: what it made lives as long as the worker,
    # and a full collection walking it all paused the worker for about 140 ms (README, "Performance").
    monkeypatch.chdir(settings.BASE_DIR)
    monkeypatch.setattr(sys, "argv", ["gunicorn", "cdhr_cms.wsgi", "--workers=4"])
    config = WSGIApplication().cfg
    gc.unfreeze()
    try:
        config.post_worker_init(None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
