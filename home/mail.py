"""The e-mail backend: Django's own (SMTP or console), with every subject on one line.

A subject is a header: a line break in it (a page title imported with one, a task name) makes Django refuse the whole
message with BadHeaderError, and Wagtail's workflow notifications then go unsent. Titles refuse control characters
when they are saved (home/validators.py); this is the net for everything else that reaches a subject.
"""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .validators import single_line


class SingleLineSubjectBackend(BaseEmailBackend):
    """Flattens subjects, then hands the messages to settings.CDHR_EMAIL_DELIVERY_BACKEND."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(settings.CDHR_EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs)

    def open(self):
        return self.delivery.open()

    def close(self):
        return self.delivery.close()

    def send_messages(self, email_messages):
        for message in email_messages:
            message.subject = single_line(message.subject)
        return self.delivery.send_messages(email_messages)
