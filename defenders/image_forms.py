"""The admin's image form (`WAGTAILIMAGES_IMAGE_FORM_BASE`): Wagtail's, refusing with a form error a file that looks
like an image but cannot be cleaned of its metadata (defenders/images.py), rather than failing when it is saved."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .images import strip_metadata


class CleanableImageField(WagtailImageField):
    """Wagtail's image field, which recognises an image by its first bytes: a damaged or truncated photo passed, and
    then failed with a server error when Wagtail counted its pixels or when its metadata was removed on saving."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except (OSError, SyntaxError, ValueError) as error:  # Pillow's "cannot identify image file" is an OSError
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error

    def to_python(self, data):
        f = super().to_python(data)
        if f is not None:
            try:
                strip_metadata(f.read())
            except (OSError, SyntaxError, ValueError) as error:
                raise ValidationError(
                    _(
                        "This image could not be read to the end, so its hidden metadata could not be removed. "
                        "Is it damaged?"
                    ),
                    code="invalid_image",
                ) from error
            finally:
                f.seek(0)
        return f


class CleanableImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's form factory makes the file field itself (wagtail.images.forms.formfield_for_dbfield): it is
        # replaced here by the same field that also reads the whole image. The multiple upload's edit form has none.
        if "file" in self.fields:
            field = self.fields["file"]
            self.fields["file"] = CleanableImageField(
                label=field.label, required=field.required, widget=field.widget, help_text=field.help_text
            )
        from .files import hidden_image_ids  # it reads the models, which are not loaded when this module is

        if self.instance.pk and "tags" in self.fields and self.instance.pk in hidden_image_ids():
            # A hidden picture keeps no tag: every tag is offered to all staff (defenders/files.py).
            del self.fields["tags"]
