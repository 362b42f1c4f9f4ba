"""Room on Python's stack for a whole request: CPython 3.11 to 3.13 (before python/cpython#142183's fix, 2026).

CPython keeps the frames of Python calls in chunks of 16 KB and frees a chunk as soon as the call at its start
returns. A template loop running at the depth where one chunk ends maps a chunk and unmaps it at every call it makes:
under gunicorn, strace counted 500 to 1,200 `munmap` calls of 16 KB for each tour, directory, programme, profile and
home page, and the agenda's events rendered in 0.75 ms each inside a request against 0.28 ms outside one. Where the
chunks end depends on how deep the server's and the middleware's calls are, so it comes and goes with unrelated
changes. CPython 3.13 and 3.14 keep a spare chunk since 2026; the 3.11 we run will not get that fix.

Our gunicorn worker (`SyncWorker`, named in gunicorn.conf.py) runs its whole loop from a frame too large for a 16 KB
chunk, so CPython gives that frame a chunk of 64 KB of its own, and the frames of every request it serves go into
the room left after it (about 31 KB): under gunicorn, strace counted no `munmap` at all while serving the agenda,
tour, programme, directory, profile, home and standard pages. The frame and its chunk last as long as the worker, so
a request pays nothing for them. Measured in `make bench` (README, "Performance").
"""

from gunicorn.workers.sync import SyncWorker as GunicornSyncWorker

# A frame's size is the number of its local variables. CPython allocates chunks in powers of two from 16 KB: a frame
# of more than 16 KB (2,048 variables of 8 bytes) gets 32 KB, one of more than 32 KB gets 64 KB. 4,200 variables
# (about 33 KB) leave about 31 KB for the request. Reserving more costs more on every request (about 20 µs for this
# one, 33 µs for twice as much) if it is paid per call; the worker pays it once.
ROOM_SLOTS = 4200


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
