"""StreamField blocks of a teaching resource: learning goals, activity steps and downloadable documents."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

# Languages a teaching document may be written in: the site's three and the languages of many pupils' families.
DOCUMENT_LANGUAGES = [
    ("ca", _("Catalan")),
    ("es", _("Spanish")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]


class ActivityStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"))
    minutes = blocks.IntegerBlock(required=False, min_value=1, max_value=600, label=_("Minutes"))
    instructions = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Instructions"))

    class Meta:
        label = _("Activity step")
        icon = "list-ol"
        template = "resources/blocks/activity_step.html"


class ResourceDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    # A choice, so it is kept in step across translations (wagtail-localize does not send choices to translators).
    language = blocks.ChoiceBlock(choices=DOCUMENT_LANGUAGES, default="ca", label=_("Language of the document"))
    description = blocks.CharBlock(required=False, label=_("Description"), help_text=_("For example: pupil's sheet."))

    class Meta:
        label = _("Document")
        icon = "doc-full"


class LearningGoalsBlock(blocks.StreamBlock):
    goal = blocks.CharBlock(label=_("Learning goal"))


class ActivityStepsBlock(blocks.StreamBlock):
    step = ActivityStepBlock()


class ResourceDocumentsBlock(blocks.StreamBlock):
    document = ResourceDocumentBlock()
