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
        # The document model checks the file's extension (Wagtail's AbstractDocument.clean) also when no file
        # reached it, and reports an extension "" (not allowed):
        # - when this form refused the file (damaged, with scripts): on top of the real reason, which it contradicts;
        # - when Wagtail's multiple upload completes a kept upload (one whose first form was refused, for want of a
        #   collection say) with a form without the file, attached only once that form is valid: on a field this
        #   form does not have, which Django turns into a server error. The extension was checked at the upload.
        refused_here = field is None and "file" in (self._errors or {})
        if refused_here or ("file" not in self.fields and not self.instance.file):
            if field == "file":
                return
            if field is None and hasattr(error, "error_dict"):
                others = {name: errors for name, errors in error.error_dict.items() if name != "file"}
                if not others:
                    return
                error = ValidationError(others)
        super().add_error(field, error)
