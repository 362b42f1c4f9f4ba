"""The consortium's contact page, on Wagtail's form builder, and the messages it receives.

The form and its spam defences are in forms.py; messages are deleted after a while (retention.py).
"""

from http import HTTPMethod

from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.models import FormMixin, FormSubmission
from wagtail_localize.fields import TranslatableField

from cdhr_cms.cache import fragment
from home.models import BASE_PAGE_TRANSLATABLE_FIELDS, BasePage, StandardPage

from .forms import (
    ContactForm,
    data_fields,
    first_sending,
    is_rate_limited,
    notify_moderators,
    rate_limited_error,
    readable_submission,
    sent_before,
)

PRIVACY_SLUG = "privacitat"


class ContactMessage(FormSubmission):
    """A message sent through the contact form, as the admin's listing and export show it: the subject's and the
    consent's labels in the reader's language, not the stored codes (`general`, `True`). Same table as Wagtail's
    submissions; the page names this class through `get_submission_class`, Wagtail's documented extension point."""

    class Meta:
        proxy = True
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def get_data(self):
        return readable_submission(super().get_data())


class ContactPage(FormMixin, BasePage):
    """The contact form, on Wagtail's form builder (submissions are listed in the admin's Forms area).

    The fields are fixed in code (`forms.ContactForm`), with labels from gettext, rather than edited as form-builder
    field rows: those rows are an inline child model that wagtail-localize would have to copy into every language,
    and the spam defences, the consent link and the retention rule depend on knowing exactly which fields exist.
    Editors still write the page's introduction and thank-you text, translated like any page.
    """

    allowed_http_methods = [*BasePage.allowed_http_methods, HTTPMethod.POST]

    intro = models.TextField(_("introduction"), blank=True)
    thank_you_text = models.TextField(_("thank-you text"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("thank_you_text")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("intro"),
        TranslatableField("thank_you_text"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "contact/contact_page.html"
    landing_page_template = "contact/contact_page_landing.html"

    class Meta:
        verbose_name = _("contact page")

    def get_form_class(self):
        return ContactForm

    def get_form(self, *args, **kwargs):
        kwargs.pop("page", None)
        kwargs.pop("user", None)
        return self.get_form_class()(*args, **kwargs)

    def get_data_fields(self):
        return data_fields()

    def get_submission_class(self):
        return ContactMessage

    def process_form_submission(self, form):
        """Store the message and tell moderators, once per form shown: None when this form was sent before (a
        double click, a reload of the thank-you page, a replay), whose message is already stored."""
        if not first_sending(form.sending()):
            return None
        submission = ContactMessage.objects.create(form_data=form.submission_data(), page=self)
        notify_moderators(self, submission)
        return submission

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        response = super().render_landing_page(request, form_submission, *args, **kwargs)
        # A preview of the thank-you page is a GET: only a form sent again has no submission.
        response.context_data["sent_before"] = request.method == "POST" and form_submission is None
        return response

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            response = self.serve_sending(request, *args, **kwargs)
        else:
            response = super().serve(request, *args, **kwargs)
        # The page carries a CSRF token and a fresh timestamp: it must never be served from a cache to someone else.
        add_never_cache_headers(response)
        return response

    def serve_sending(self, request, *args, **kwargs):
        """A sent form, as Wagtail's `FormMixin.serve` handles it, with the rate limit counting only the messages
        that would be stored: an address over the limit gets the form back (429) with what was typed and why."""
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        status = 200
        if form.is_valid():
            # A form sent again (a double click, a reload) was stored the first time: the answer says so, and it does
            # not count against the limit, which had told its sender "not sent, send it again".
            if sent_before(form.sending()):
                return self.render_landing_page(request, None, *args, **kwargs)
            if not is_rate_limited(request):
                return self.render_landing_page(request, self.process_form_submission(form), *args, **kwargs)
            form.add_error(None, rate_limited_error())
            status = 429
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_days"] = settings.CDHR_CONTACT_RETENTION_DAYS
        context["privacy_page"] = self.privacy_page()
        return context

    def privacy_page(self):
        """The privacy notice in this page's language ({"url", "title"}, or empty): the translation of the Catalan page
        with PRIVACY_SLUG (each language has its own slug, home/slugs.py). Kept with the site chrome until content
        changes (cdhr_cms.cache.fragment): every reader of the form needs it, and it changes as rarely as the footer."""

        def find():
            source = StandardPage.objects.filter(locale__language_code="ca", slug=PRIVACY_SLUG).values(
                "translation_key"
            )
            page = StandardPage.objects.live().sibling_of(self).filter(translation_key__in=source).first()
            return {"url": page.get_url(), "title": page.title} if page else {}

        return fragment(f"privacy-page-{self.pk}", self.locale.language_code, find)
