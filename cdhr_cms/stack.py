"""Room on Python's stack for a whole request: CPython before python/cpython#142183's fix (2026).

CPython keeps the frames of Python calls in chunks of 16 KB and frees a chunk as soon as the call at its start
returns. A template loop running at the depth where one chunk ends maps a chunk and unmaps it at every call it makes:
under gunicorn, strace counted 500 to 1,200 `munmap` calls of 16 KB for each tour, directory, programme, profile and
home page, and the agenda's events rendered in 0.75 ms each inside a request against 0.28 ms outside one. Where the
chunks end depends on how deep the server's and the middleware's calls are, so it comes and goes with unrelated
changes. CPython's fix (a spare chunk kept per thread) is in its 2026 releases of 3.13 and 3.14; the 3.11 we run
(like 3.12) does not have it.

Our gunicorn worker (`SyncWorker`, named in gunicorn.conf.py) runs its whole loop from a frame large enough that
CPython gives it a chunk of 64 KB of its own, and the frames of every request it serves go into the room left after
it (about 38 KB): under gunicorn, strace counted no `munmap` at all while serving the agenda, tour, programme,
directory, profile, home and standard pages. The frame and its chunk last as long as the worker, so a request pays
nothing for them. A request deeper than the room would only move the chunk's end to a new depth, as without it.
Measured in `make bench` (README, "Performance").

gunicorn picks another worker class when told to (`-k`, `--threads` above 1, which turns a sync worker into gthread,
`GUNICORN_CMD_ARGS`): the site is the same, without the room.
"""

from gunicorn.workers.sync import SyncWorker as GunicornSyncWorker

# A frame's size is the number of its local variables (8 bytes each). CPython sizes a new chunk at the smallest of
# 16, 32, 64 KB... that holds the frame with 1,000 variables to spare (MINIMUM_OVERHEAD in Python/pystate.c): a
# frame of more than 3,096 variables gets 64 KB. 3,200 variables (25 KB) leave about 38 KB for the request.
ROOM_SLOTS = 3200


def _room_call():
    """`room_call(fn, *args)`: `fn(*args)`, called from a frame of ROOM_SLOTS local variables. Python declares a
    local variable only by assigning it, so the function is written out here: the assignments never run."""
    names = " = ".join(f"_{index}" for index in range(ROOM_SLOTS))
    source = f"def room_call(fn, *args):\n    if False:\n        {names} = None\n    return fn(*args)\n"
    namespace = {}
    exec(compile(source, __name__, "exec"), namespace)  # noqa: S102 - source written above, no outside input
    return namespace["room_call"]


room_call = _room_call()


class SyncWorker(GunicornSyncWorker):
    """gunicorn's sync worker, its loop (and so every request) called from the roomy frame."""

    def run(self):
        return room_call(super().run)
