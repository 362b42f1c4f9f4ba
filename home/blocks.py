"""StreamField blocks shared by every page type. Their templates live in templates/components/streamfield/blocks/."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        label = _("Heading")
        icon = "title"
        template = "components/streamfield/blocks/heading_block.html"


class LabelledImageBlock(ImageBlock):
    """Wagtail's ImageBlock, whose own image chooser would otherwise be labelled "Image" in English in every admin
    language (Wagtail 8.0.1 gives it no label, so it is named after its field). Saved and migrated as an ImageBlock."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Image")


class FigureBlock(blocks.StructBlock):
    # ImageBlock carries the alt text (or an explicit "decorative" choice) with the image itself.
    image = LabelledImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    credit = blocks.CharBlock(required=False, label=_("Photo credit"))

    class Meta:
        label = _("Figure")
        icon = "image"
        template = "components/streamfield/blocks/figure_block.html"

    def render(self, value, context=None):
        # A picture an app hides from the site (a defender's face: the `hide_image_on_site` hook) is not shown at
        # all, rather than as an image whose files answer 404 with its alt text and caption, which may describe it.
        image = value.get("image") if value else None
        if image is not None and any(hide(image) for hide in hooks.get_hooks("hide_image_on_site")):
            return ""
        return super().render(value, context)


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))
    language = blocks.CharBlock(
        required=False,
        max_length=12,
        label=_("Language of the quote"),
        help_text=_("BCP 47 code such as 'es', 'pt-BR' or 'ar', when the quote is not in the page's language."),
    )

    class Meta:
        label = _("Quote")
        icon = "openquote"
        template = "components/streamfield/blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Link text"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    # URLBlock, not CharBlock: URLs are synchronised, never sent to translators.
    url = blocks.URLBlock(required=False, label=_("External URL"))

    class Meta:
        label = _("Call to action")
        icon = "link"
        template = "components/streamfield/blocks/call_to_action_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    text = blocks.CharBlock(required=False, label=_("Link text"))

    class Meta:
        label = _("Document link")
        icon = "doc-full"
        template = "components/streamfield/blocks/document_link_block.html"


class VideoBlock(blocks.StructBlock):
    """A link to a video on another site. Nothing is loaded from that site until the reader follows the link:
    our readers include people at risk, and an embedded player would tell a third party who is reading."""

    url = blocks.URLBlock(label=_("Video URL"))
    title = blocks.CharBlock(label=_("Video title"))
    provider = blocks.CharBlock(required=False, label=_("Provider"), help_text=_("For example: YouTube, Vimeo."))
    transcript = blocks.TextBlock(required=False, label=_("Transcript or description"))

    class Meta:
        label = _("Video")
        icon = "media"
        template = "components/streamfield/blocks/video_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        label=_("Paragraph"),
        template="components/streamfield/blocks/paragraph_block.html",
    )
    figure = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document_link = DocumentLinkBlock()
    video = VideoBlock()

    class Meta:
        block_counts = {}
