import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, query):
    """Wrap each word of the query found in `text` in <mark>; everything else is escaped."""
    text = escape(text or "")
    words = [re.escape(escape(word)) for word in (query or "").split() if len(word) > 1]
    if not words:
        return mark_safe(text)  # noqa: S308 - escaped above
    pattern = re.compile("(" + "|".join(words) + ")", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", text))  # noqa: S308 - escaped above, only <mark> added
