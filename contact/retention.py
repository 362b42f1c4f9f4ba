"""Contact messages are kept for a limited time, then deleted (see the delete_old_contact_messages command)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from .models import ContactPage


def contact_submissions():
    return FormSubmission.objects.filter(page__in=ContactPage.objects.all())


def delete_old_contact_messages(now=None):
    """Delete messages older than the retention period; return (how many, the period in days)."""
    days = settings.CDHR_CONTACT_RETENTION_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=days)
    count, _by_model = contact_submissions().filter(submit_time__lt=cutoff).delete()
    return count, days
