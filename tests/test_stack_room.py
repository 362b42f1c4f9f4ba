"""Our gunicorn worker serves requests with room on Python's stack (cdhr_cms/stack.py).

CPython 3.11 frees a 16 KB chunk of its frame stack each time the call at the chunk's start returns, so a loop of
calls at that depth maps and unmaps memory at every call. That is seen here as minor page faults: a fresh mapping's
first page faults when a frame is written into it.
"""

import resource
import sys

from gunicorn.config import Config

from cdhr_cms import stack

CALLS_PER_DEPTH = 300
# Each level of `descend` adds one small frame (about 100 bytes): 220 levels climb past the end of a 16 KB chunk
# wherever the stack starts, and stay within the room a worker's frame leaves (about 31 KB).
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
    # these depths, and a loop there faults about once per call.
    assert sys.version_info[:2] == (3, 11)
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


def test_the_roomy_frame_is_larger_than_a_chunk():
    # Larger than 32 KB, so that CPython gives it a chunk of 64 KB: room for a request behind it.
    frame_bytes = stack.room_call.__code__.co_nlocals * 8
    assert 32 * 1024 < frame_bytes < 48 * 1024


def test_gunicorn_started_from_the_project_uses_the_roomy_worker():
    # The README's commands, `make bench`, `make loadfault` and the two-server test start gunicorn in the project's
    # root, where it reads gunicorn.conf.py.
    config = Config()
    config.set("config", "gunicorn.conf.py")
    namespace = {}
    with open("gunicorn.conf.py") as source:
        exec(compile(source.read(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102 - the project's own file
    config.set("worker_class", namespace["worker_class"])
    assert config.worker_class is stack.SyncWorker
    assert stack.SyncWorker.run is not stack.GunicornSyncWorker.run
