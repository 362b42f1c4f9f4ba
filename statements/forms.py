"""The municipal endorsement form and the moderator's rejection form. Every rule that can refuse a submission is
checked here, before anything is saved (the document included)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from home.models import Municipality
from home.scrub import scrub_pdf

from .models import SOURCE_LANGUAGE, Endorsement, StatementPage
from .rules import is_moderator, municipalities_of

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
# In Catalan, like the workflows and the municipal collections (see home/roles.py for why).
PRIVATE_COLLECTION_NAME = "Documents d'adhesió (privats)"
EARLIER_PRIVATE_COLLECTION_NAME = "Endorsement documents (private)"


def private_collection():
    """The collection supporting documents go to: restricted to superusers (a "groups" restriction with no group),
    so Wagtail's own document URLs never serve them; the statements views do, checking status and municipality."""
    collection = Collection.objects.filter(name=PRIVATE_COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.objects.filter(name=EARLIER_PRIVATE_COLLECTION_NAME).first()
        if collection is not None:
            collection.name = PRIVATE_COLLECTION_NAME
            collection.save()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PRIVATE_COLLECTION_NAME)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    return collection


def validate_pdf(uploaded):
    if uploaded.size > MAX_DOCUMENT_SIZE:
        raise forms.ValidationError(_("The document is larger than 10 MB."))
    if not uploaded.name.lower().endswith(".pdf"):
        raise forms.ValidationError(_("The document must be a PDF file."))
    # The extension proves nothing: read the first bytes.
    uploaded.seek(0)
    head = uploaded.read(len(PDF_MAGIC))
    uploaded.seek(0)
    if head != PDF_MAGIC:
        raise forms.ValidationError(_("The document is not a valid PDF file."))
    # It must also open: its metadata is removed before it is stored (home/scrub.py), which needs a readable PDF.
    try:
        scrub_pdf(uploaded.read())
    except Exception as error:
        raise forms.ValidationError(_("The document is not a valid PDF file.")) from error
    finally:
        uploaded.seek(0)


def open_statements():
    """Catalan source statements whose endorsement window is open today."""
    today = timezone.localdate()
    return StatementPage.objects.filter(
        locale__language_code=SOURCE_LANGUAGE, live=True, window_opens__lte=today, window_closes__gte=today
    ).order_by("-year")


class EndorsementForm(WagtailAdminModelForm):
    supporting_document = forms.FileField(
        label=_("Supporting document"),
        help_text=_("The minutes or the decree, as a PDF of at most 10 MB. It stays private until verified."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    class Meta:
        model = Endorsement
        fields = [
            "statement",
            "municipality",
            "adopting_body",
            "adoption_date",
            "reference",
            "signatory_name",
            "signatory_role",
            "public_statement",
        ]
        widgets = {"adoption_date": AdminDateInput}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.user = for_user
        # Only statements in their window are offered; the window is checked again in clean() because a choice
        # list is no protection against a crafted request or a window closing while the form is open.
        self.fields["statement"].queryset = StatementPage.objects.filter(locale__language_code=SOURCE_LANGUAGE)
        self.fields["statement"].label_from_instance = lambda page: f"{page.year} — {page.title}"
        if for_user is not None and is_moderator(for_user):
            self.fields["municipality"].queryset = Municipality.objects.order_by("sort_name")
        else:
            self.fields["municipality"].queryset = municipalities_of(for_user).order_by("sort_name")
        mine = self.fields["municipality"].queryset
        if len(mine) == 1:
            self.fields["municipality"].initial = mine[0].pk
        # Offer only statements in their window; any other choice still gets clean_statement's explicit message.
        open_now = list(open_statements())
        self.fields["statement"].widget.choices = [("", "---------")] + [
            (page.pk, f"{page.year} — {page.title}") for page in open_now
        ]
        if open_now:
            self.fields["statement"].initial = open_now[0].pk

    def clean_statement(self):
        statement = self.cleaned_data["statement"]
        if not statement.window_is_open():
            raise forms.ValidationError(
                _("The endorsement window of the %(year)s statement is not open (%(opens)s – %(closes)s).")
                % {
                    "year": statement.year,
                    "opens": statement.window_opens or "—",
                    "closes": statement.window_closes or "—",
                }
            )
        return statement

    def clean_adoption_date(self):
        adoption_date = self.cleaned_data["adoption_date"]
        if adoption_date > timezone.localdate():
            raise forms.ValidationError(_("The adoption date cannot be in the future."))
        return adoption_date

    def clean_supporting_document(self):
        uploaded = self.cleaned_data["supporting_document"]
        validate_pdf(uploaded)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        statement, municipality = cleaned.get("statement"), cleaned.get("municipality")
        if statement and municipality:
            active = Endorsement.objects.active().filter(statement=statement, municipality=municipality)
            if active.exists():
                raise forms.ValidationError(
                    _("%(municipality)s already has an active endorsement of the %(year)s statement.")
                    % {"municipality": municipality.name, "year": statement.year}
                )
        return cleaned

    def save(self, commit=True):
        endorsement = super().save(commit=False)
        uploaded = self.cleaned_data["supporting_document"]
        Document = get_document_model()
        document = Document(
            title=f"{endorsement.municipality.name} — {endorsement.statement.year}",
            file=uploaded,
            collection=private_collection(),
            uploaded_by_user=self.user,
        )
        document._set_document_file_metadata()
        document.save()
        endorsement.document = document
        endorsement.status = Endorsement.Status.SUBMITTED
        endorsement.submitted_by = self.user
        endorsement.submitted_at = timezone.now()
        if commit:
            endorsement.save()
        return endorsement


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the council that submitted the endorsement."),
        max_length=2000,
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the endorsement is rejected."))
        return reason
