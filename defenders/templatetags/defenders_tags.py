"""Open Graph and JSON-LD for a defender profile. Both read a PublicDefender, never the page itself."""

import contextlib
import json

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

from home.pictures import SOCIAL

register = template.Library()

# Same escapes as Django's json_script: the JSON cannot close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def open_graph(context, defender):
    request = context.get("request")
    tags = [("og:type", "profile"), ("og:title", defender.name)]
    if defender.summary:
        tags.append(("og:description", defender.summary))
    if request is not None:
        tags.append(("og:url", defender.page.get_full_url(request)))
    portrait = defender.portrait
    rendition = None
    if portrait is not None:
        # An original missing from storage: a profile without a share image beats an error page.
        with contextlib.suppress(SourceImageIOError):
            rendition = portrait.get_rendition(SOCIAL)
    if rendition is not None:
        url = rendition.url if request is None else request.build_absolute_uri(rendition.url)
        tags.append(("og:image", url))
        tags.append(("og:image:alt", defender.portrait_alt))
    return format_html_join("\n    ", '<meta property="{}" content="{}">', tags)


@register.simple_tag(takes_context=True)
def json_ld(context, defender):
    data = defender.json_ld(context.get("request"))
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
