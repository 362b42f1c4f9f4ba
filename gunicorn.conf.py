import gc

# gunicorn reads this file from the directory it starts in (the project's root, where the README's commands run).
# Our sync worker is gunicorn's, run with room on Python's stack for whole requests (cdhr_cms/stack.py).
worker_class = "cdhr_cms.stack.SyncWorker"


def post_worker_init(worker):
    """Once a worker has loaded the site, the objects loading made (modules, URL patterns, models: about 240,000)
    are moved out of the garbage collector's reach with `gc.freeze()`: they live as long as the worker, and every
    full collection walked them all, a pause of about 140 ms every few hundred requests on the large site (README,
    "Performance"). The workers load the site themselves (gunicorn does not preload it), so this is about pauses,
    not about memory shared with the parent."""
    gc.collect()
    gc.freeze()
