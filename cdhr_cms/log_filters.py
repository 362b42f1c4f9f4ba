"""Filters for the log configuration in settings/base.py."""

import logging


class WithoutTraceback(logging.Filter):
    """Keeps the one line of a record and drops its traceback: a request with a Host header that is not ours is the
    client's error, logged by Django with the whole stack; a scanner trying hosts would fill the log with stacks that
    say nothing but "DisallowedHost"."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
