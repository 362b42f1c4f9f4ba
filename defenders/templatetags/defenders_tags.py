"""JSON-LD for a defender profile, read from a PublicDefender, never the page itself. Open Graph comes from the
shared templates/components/social_meta.html, with the share card that DefenderPage.share_card_facts() describes.
`portrait_picture`: Wagtail's `{% picture %}` for a portrait, written once per process until a hard change."""

from django import template

from home import pictures
from home.json_ld import ld_json_script

register = template.Library()


@register.simple_tag(takes_context=True)
def json_ld(context, defender):
    data = defender.json_ld(context.get("request"))
    if data is None:
        return ""
    return ld_json_script(data)


# The patterns a template names, of home/pictures.py.
PATTERNS = {"CARD": pictures.CARD, "PORTRAIT": pictures.PORTRAIT}


@register.simple_tag
def portrait_picture(image, pattern, **attrs):
    """What `{% picture image <pattern> attr=... %}` writes, for `pattern` "CARD" or "PORTRAIT" of home/pictures.py:
    the same renditions (prefetched ones when the view loaded them, else looked up or made as Wagtail does) and the
    same <picture> element, attributes in the template's order (`pictures.written_picture`)."""
    if not image:
        return ""
    return pictures.written_picture(image, PATTERNS[pattern], attrs)
