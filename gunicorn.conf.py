# gunicorn reads this file from the directory it starts in (the project's root, where the README's commands run).
# Our sync worker is gunicorn's, run with room on Python's stack for whole requests (cdhr_cms/stack.py).
worker_class = "cdhr_cms.stack.SyncWorker"
