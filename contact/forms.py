"""The contact form and its defences against spam, none of which asks a third party anything.

- a honeypot: a field people never see (visually hidden, skipped by the keyboard, labelled "leave empty" for
  screen readers) that bots fill in;
- a signed timestamp: a form sent less than a few seconds after it was shown, or hours later, is refused;
- a rate limit per IP address on the messages that would be stored, counted in Django's cache (a form sent back for
  a correction does not count: someone fixing a typo five times is not refused).
A form sent twice (a double click, a reload, a replay) is stored once: `first_sending`. The same form sent again
with other words (a message corrected while the first sending was on its way) is another message.
Every refusal says clearly what happened and keeps what the person typed.
"""

import hashlib
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

TIMESTAMP_SALT = "resources.contact.timestamp"


SUBJECTS = [
    ("general", _("General question")),
    ("press", _("Press")),
    ("schools", _("Schools and teaching resources")),
    ("municipalities", _("Municipalities")),
]


def issue_timestamp():
    return signing.dumps(time.time(), salt=TIMESTAMP_SALT)


def _sent_key(sending):
    return "contact-sent:" + hashlib.sha256(sending.encode()).hexdigest()


def first_sending(sending):
    """True the first time a form, known by its signed timestamp and its words (`ContactForm.sending`), is sent;
    False after. Kept in Django's cache (shared
    by every worker) for as long as the timestamp is accepted; `cache.add` is atomic, so of two posts at once only
    one is stored."""
    return cache.add(_sent_key(sending), True, timeout=settings.CDHR_CONTACT_MAX_SECONDS)


def sent_before(sending):
    """Whether this form was sent already with these words (its message stored), without counting this sending."""
    return cache.get(_sent_key(sending)) is not None


class ContactForm(forms.Form):
    # `autocomplete` says what each field is for (WCAG 1.3.5), so browsers and assistive tools can fill it in.
    name = forms.CharField(label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    subject = forms.ChoiceField(label=_("Subject"), choices=[("", _("Choose a subject"))] + SUBJECTS)
    message = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    consent = forms.BooleanField(
        label=_("I agree that the consortium keeps this message to answer it, as the privacy notice explains."),
        error_messages={"required": _("Please tick the box to agree, or we cannot keep and answer your message.")},
    )
    # Spam defences (see the module docstring). The honeypot's label is what a screen reader announces.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    honeypot_field = "website"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = issue_timestamp()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must stay empty. Please clear it and send the form again."))
        return ""

    def clean_started(self):
        value = self.cleaned_data.get("started", "")
        try:
            shown_at = signing.loads(value, salt=TIMESTAMP_SALT, max_age=settings.CDHR_CONTACT_MAX_SECONDS)
        except signing.SignatureExpired:
            # A new timestamp, so that sending the (kept) text again works.
            self.data = self.data.copy()
            self.data[self.add_prefix("started")] = issue_timestamp()
            raise forms.ValidationError(
                _("This form was open for too long. Please check your message and send it again.")
            ) from None
        except (signing.BadSignature, TypeError, ValueError):
            self.data = self.data.copy()
            self.data[self.add_prefix("started")] = issue_timestamp()
            raise forms.ValidationError(
                _("We could not check when this form was opened. Please send it again.")
            ) from None
        if time.time() - float(shown_at) < settings.CDHR_CONTACT_MIN_SECONDS:
            raise forms.ValidationError(
                _("This form was sent very quickly, as robots do. Please wait a moment and send it again.")
            )
        return value

    def sending(self):
        """This form as shown (its signed timestamp) with what was written in it: the same twice is one message."""
        words = self.submission_data()
        return "\n".join([self.cleaned_data["started"], *(str(words[name]) for name in sorted(words))])

    def submission_data(self):
        """What is stored: what the person wrote, and their consent; nothing about the spam checks."""
        return {name: self.cleaned_data[name] for name in ("name", "email", "subject", "message", "consent")}


def readable_submission(data):
    """A stored message with the labels a reader understands: the subject's name, "Yes"/"No" for consent."""
    data = dict(data)
    subjects = dict(SUBJECTS)
    if data.get("subject") in subjects:
        data["subject"] = str(subjects[data["subject"]])
    if "consent" in data:
        data["consent"] = gettext("Yes") if data["consent"] else gettext("No")
    return data


def data_fields():
    """Columns of the admin's submissions listing and CSV export."""
    return [
        ("submit_time", gettext("Submission date")),
        ("name", gettext("Name")),
        ("email", gettext("E-mail")),
        ("subject", gettext("Subject")),
        ("message", gettext("Message")),
        ("consent", gettext("Consent")),
    ]


def client_ip(request):
    # REMOTE_ADDR: the proxy in front of the app must set it to the visitor's address (never trust a header here,
    # a bot would simply send a different X-Forwarded-For with each message).
    return request.META.get("REMOTE_ADDR", "unknown")


def is_rate_limited(request):
    """Count this message; True when the address has sent more than the limit within the window."""
    key = f"contact-rate:{client_ip(request)}"
    window = settings.CDHR_CONTACT_RATE_WINDOW_SECONDS
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
            count = 1
    return count > settings.CDHR_CONTACT_RATE_LIMIT


def rate_limited_error():
    minutes = max(1, settings.CDHR_CONTACT_RATE_WINDOW_SECONDS // 60)
    return ngettext(
        "We received several messages from your connection in the last few minutes, so this one was not sent. "
        "Please wait %(minutes)d minute and send it again.",
        "We received several messages from your connection in the last few minutes, so this one was not sent. "
        "Please wait %(minutes)d minutes and send it again.",
        minutes,
    ) % {"minutes": minutes}


def notify_moderators(page, submission):
    """Tell moderators a message arrived, with a link to the admin. Never the message itself: e-mail is neither
    private nor covered by the retention period."""
    recipients = settings.CDHR_CONTACT_NOTIFY_EMAILS
    if not recipients:
        return
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailforms:list_submissions", args=[page.pk])
    body = gettext("A new message arrived through the contact form. Read it in the admin (sign-in required):")
    send_mail(
        gettext("A new message arrived"),
        f"{body}\n{link}\n",
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        fail_silently=True,
    )
