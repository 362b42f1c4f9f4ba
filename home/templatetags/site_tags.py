"""Template tags for the site chrome: the language switcher and the hreflang alternates."""

import json
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from home.models import HomePage

register = template.Library()


@dataclass
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    # False when the current page has no live translation in this language: the link then goes to that
    # language's home page, and the switcher says so.
    is_translated: bool


def language_links_for(request, page=None):
    current = get_language()
    links = []
    if isinstance(page, Page) and page.pk:
        translations = {
            translation.locale.language_code: translation
            for translation in page.get_translations(inclusive=True).live().select_related("locale")
        }
        homes = None
        for code, name in settings.LANGUAGES:
            translation = translations.get(code)
            if translation is not None:
                links.append(LanguageLink(code, name, translation.get_url(request), code == current, True))
                continue
            if homes is None:
                homes = {home.locale.language_code: home for home in HomePage.objects.live().select_related("locale")}
            home = homes.get(code)
            url = home.get_url(request) if home else f"/{code}/"
            links.append(LanguageLink(code, name, url, code == current, False))
    else:
        # Views that are not pages (municipality profiles, search, ...) have the same path in every language.
        path = request.get_full_path()
        for code, name in settings.LANGUAGES:
            links.append(LanguageLink(code, name, translate_url(path, code), code == current, True))
    return links


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    if request is None:
        return []
    cache_key = "_language_links"
    if not hasattr(request, cache_key):
        setattr(request, cache_key, language_links_for(request, context.get("page")))
    return getattr(request, cache_key)


OG_LOCALES = {"ca": "ca_ES", "es": "es_ES", "en": "en_GB"}


@register.filter
def og_locale(language_code):
    return OG_LOCALES.get(language_code, language_code)


# The same escaping as Django's json_script: the data can never close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """Render schema.org data as <script type="application/ld+json">. A data block, never executed, so the
    Content-Security-Policy's script rules do not apply to it."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def structured_data(page, request):
    return page.structured_data(request)
