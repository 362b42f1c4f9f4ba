"""Status changes of an endorsement: each one saves, goes to Wagtail's audit log and tells the submitter by e-mail."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from wagtail.log_actions import log

from accounts.language import admin_language
from home.formatting import long_date

from .models import Endorsement

# Audit-log action names, registered with labels in wagtail_hooks.register_log_actions.
ACTION_SUBMIT = "statements.endorsement.submit"
ACTION_WITHDRAW = "statements.endorsement.withdraw"
ACTION_VERIFY = "statements.endorsement.verify"
ACTION_REJECT = "statements.endorsement.reject"


class TransitionError(Exception):
    pass


def _notify(endorsement, subject, body):
    """E-mail the person who submitted `endorsement`, in their admin language (Catalan unless they chose another):
    `subject` and `body` are lazy messages with %(municipality)s, %(year)s and %(reason)s; the adoption follows, its
    date written the reader's way (home/formatting.py)."""
    recipient = endorsement.submitted_by
    if recipient is None or not recipient.email:
        return
    with override(admin_language(recipient)):
        values = _message(endorsement)
        text = str(body) % values
        if endorsement.adoption_date:
            text += "\n\n" + _("Adopted by: %(body)s, %(date)s.") % {
                "body": endorsement.get_adopting_body_display(),
                "date": long_date(endorsement.adoption_date),
            }
        send_mail(str(subject) % values, text, settings.DEFAULT_FROM_EMAIL, [recipient.email], fail_silently=True)


def _message(endorsement):
    return {
        "municipality": endorsement.municipality.name,
        "year": endorsement.statement.year,
        "reason": endorsement.rejection_reason,
    }


def submitted(endorsement, user):
    """Called once the new endorsement is saved."""
    log(endorsement, ACTION_SUBMIT, user=user)
    _notify(
        endorsement,
        gettext_lazy("Endorsement received: %(municipality)s, %(year)s statement"),
        gettext_lazy(
            "The endorsement of the %(year)s statement by %(municipality)s has been received and awaits verification."
        ),
    )


def withdraw(endorsement, user):
    with transaction.atomic():
        endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if endorsement.status != Endorsement.Status.SUBMITTED:
            raise TransitionError(_("Only an endorsement awaiting verification can be withdrawn."))
        endorsement.status = Endorsement.Status.WITHDRAWN
        endorsement.withdrawn_at = timezone.now()
        endorsement.save(update_fields=["status", "withdrawn_at"])
        log(endorsement, ACTION_WITHDRAW, user=user)
    _notify(
        endorsement,
        gettext_lazy("Endorsement withdrawn: %(municipality)s, %(year)s statement"),
        gettext_lazy("The endorsement of the %(year)s statement by %(municipality)s has been withdrawn."),
    )
    return endorsement


def verify(endorsement, user):
    with transaction.atomic():
        endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if endorsement.status != Endorsement.Status.SUBMITTED:
            raise TransitionError(_("Only an endorsement awaiting verification can be verified."))
        endorsement.status = Endorsement.Status.VERIFIED
        endorsement.verified_by = user
        endorsement.verified_at = timezone.now()
        endorsement.save(update_fields=["status", "verified_by", "verified_at"])
        log(endorsement, ACTION_VERIFY, user=user)
    _notify(
        endorsement,
        gettext_lazy("Endorsement verified: %(municipality)s, %(year)s statement"),
        gettext_lazy(
            "The endorsement of the %(year)s statement by %(municipality)s has been verified and is now public."
        ),
    )
    return endorsement


def reject(endorsement, user, reason):
    with transaction.atomic():
        endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if endorsement.status != Endorsement.Status.SUBMITTED:
            raise TransitionError(_("Only an endorsement awaiting verification can be rejected."))
        endorsement.status = Endorsement.Status.REJECTED
        endorsement.rejection_reason = reason
        endorsement.verified_by = user
        endorsement.verified_at = timezone.now()
        endorsement.save(update_fields=["status", "rejection_reason", "verified_by", "verified_at"])
        log(endorsement, ACTION_REJECT, user=user, data={"reason": reason})
    _notify(
        endorsement,
        gettext_lazy("Endorsement rejected: %(municipality)s, %(year)s statement"),
        gettext_lazy(
            "The endorsement of the %(year)s statement by %(municipality)s has been rejected. Reason: %(reason)s"
        ),
    )
    return endorsement
