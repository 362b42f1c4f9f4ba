"""JSON-LD for a defender profile, read from a PublicDefender, never the page itself. Open Graph comes from the
shared templates/components/social_meta.html, with the share card that DefenderPage.share_card_facts() describes.
`portrait_picture`: Wagtail's `{% picture %}` for a portrait, with its filters parsed once per process."""

from django import template
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from home import pictures
from home.json_ld import ld_json_script

register = template.Library()


@register.simple_tag(takes_context=True)
def json_ld(context, defender):
    data = defender.json_ld(context.get("request"))
    if data is None:
        return ""
    return ld_json_script(data)


# A pattern's filters, parsed once: Wagtail's tag makes new Filter objects at every render, and each one parses its
# operations again (with `inspect` signatures: a millisecond per portrait of a directory card).
_FILTERS = {
    "CARD": [Filter(spec=spec) for spec in pictures.filter_specs(pictures.CARD)],
    "PORTRAIT": [Filter(spec=spec) for spec in pictures.filter_specs(pictures.PORTRAIT)],
}


@register.simple_tag
def portrait_picture(image, pattern, **attrs):
    """What `{% picture image <pattern> attr=... %}` writes, for `pattern` "CARD" or "PORTRAIT" of home/pictures.py:
    the same renditions (prefetched ones when the view loaded them, else looked up or made as Wagtail does) and the
    same <picture> element, attributes in the template's order."""
    if not image:
        return ""
    return Picture(get_renditions_or_not_found(image, _FILTERS[pattern]), attrs).__html__()
