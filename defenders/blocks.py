"""Blocks of a defender's biography: prose, quotes in the defender's own language, images and click-to-open video.

They reuse the site's blocks (home/blocks.py) so that a quote always carries its `lang` and a video never loads
anything from its host before the reader asks for it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import FigureBlock, QuoteBlock, VideoBlock


class BiographyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        label=_("Paragraph"),
        template="components/streamfield/blocks/paragraph_block.html",
    )
    quote = QuoteBlock(
        help_text=_("In the defender's own words and language; give the language code so that it is marked up.")
    )
    image = FigureBlock(label=_("Image"))
    video = VideoBlock()


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Link text"))
    # URLBlock, not CharBlock: the address is synchronised, never sent to translators.
    url = blocks.URLBlock(label=_("URL"))

    class Meta:
        label = _("Link")
        icon = "link"
        template = "defenders/blocks/link_block.html"


class LinksBlock(blocks.StreamBlock):
    link = LinkBlock()
