"""The notice on a translation that still shows some Catalan words (translations/partial_translation.py)."""

from django import template
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from translations.partial_translation import shows_untranslated_strings

register = template.Library()

# Shown on a translated page that still has some words in Catalan (translations/partial_translation.py).
PARTLY_TRANSLATED = {
    "es": gettext_lazy("Part of this page is not translated into Spanish yet and is shown in Catalan."),
    "en": gettext_lazy("Part of this page is not translated into English yet and is shown in Catalan."),
}


@register.simple_tag(takes_context=True)
def partial_translation_notice(context):
    """The notice on a translation that still shows some source-language words, or "" (in the page's language)."""
    request = context.get("request")
    page = context.get("page")
    if request is None or not isinstance(page, Page) or page.locale.language_code not in PARTLY_TRANSLATED:
        return ""
    if not shows_untranslated_strings(page, is_preview=getattr(request, "is_preview", False)):
        return ""
    return PARTLY_TRANSLATED[page.locale.language_code]
