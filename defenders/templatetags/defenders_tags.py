"""JSON-LD for a defender profile, read from a PublicDefender, never the page itself. Open Graph comes from the
shared templates/components/social_meta.html, with the share card that DefenderPage.share_card_facts() describes."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Same escapes as Django's json_script: the JSON cannot close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, defender):
    data = defender.json_ld(context.get("request"))
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
