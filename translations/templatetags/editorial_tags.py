"""Template tags for our override of wagtail-localize's editor template (translations/editor.py holds the rules)."""

from django import template

from translations.editor import translation_editor_extras as _extras

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_editor_extras(context):
    return _extras(context["request"].user, context.get("translation"), context["instance"], context["props"])
