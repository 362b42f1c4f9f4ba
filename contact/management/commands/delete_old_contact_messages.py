"""Delete contact messages older than the retention period (settings.CDHR_CONTACT_RETENTION_DAYS, default 180).

Run it daily from cron, for example:
    15 3 * * *  cd /srv/cdhr && .venv/bin/python manage.py delete_old_contact_messages
The privacy notice promises this period: keep them in step.
"""

from django.core.management.base import BaseCommand

from contact.retention import delete_old_contact_messages


class Command(BaseCommand):
    help = "Delete contact form messages older than CDHR_CONTACT_RETENTION_DAYS days (run daily from cron)."

    def handle(self, *args, **options):
        count, days = delete_old_contact_messages()
        self.stdout.write(f"Deleted {count} contact message(s) older than {days} days.")
