"""Names of the languages a teaching resource's documents are written in, in the visitor's language."""

from django import template

from resources.blocks import DOCUMENT_LANGUAGES

register = template.Library()
_LABELS = dict(DOCUMENT_LANGUAGES)


@register.filter
def language_label(code):
    return _LABELS.get(code, code)


@register.filter
def language_names(codes):
    return [str(language_label(code)) for code in codes]
