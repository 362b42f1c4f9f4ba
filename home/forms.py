from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from .scrub import ActiveContentError, scrub_document


class CleanDocumentForm(BaseDocumentForm):
    """Refuse, with a clear message, a file whose metadata cannot be removed (a damaged or disguised PDF, say);
    the cleaning itself happens when the document is saved (home/signals.py)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "read") and not getattr(uploaded, "_committed", False):
            uploaded.seek(0)
            data = uploaded.read()
            uploaded.seek(0)
            try:
                scrub_document(uploaded.name, data)
            except ActiveContentError as error:
                raise ValidationError(
                    _(
                        "This PDF contains scripts, embedded files or actions that could not be removed. "
                        "Save it again as a plain PDF (for example with “Print to PDF”) and upload that file."
                    )
                ) from error
            except Exception as error:
                raise ValidationError(
                    _("This file could not be read, so its hidden metadata could not be removed. Is it damaged?")
                ) from error
        return uploaded

    def add_error(self, field, error):
        # Wagtail's multiple upload completes a kept upload (one whose first form was refused, for want of a
        # collection say) with a form without the file, and attaches the file only once that form is valid. The
        # document model's check of the file's extension then reports on a field this form does not have, which
        # Django turns into a server error. The file's extension was checked when it was uploaded.
        if "file" not in self.fields and not self.instance.file:
            if field == "file":
                return
            if field is None and hasattr(error, "error_dict"):
                others = {name: errors for name, errors in error.error_dict.items() if name != "file"}
                if not others:
                    return
                error = ValidationError(others)
        super().add_error(field, error)
