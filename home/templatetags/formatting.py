"""`{% load formatting %}`: dates, times and numbers in the reader's language (see home/formatting.py).

{{ event.start|full_date }}  {{ event.start|short_time }}  {{ tour.start_date|long_date }}
<time datetime="{{ event.start|iso_datetime }}">  {{ count|number }}
"""

from django import template

from home import formatting

register = template.Library()

for _name in (
    "long_date",
    "full_date",
    "day_month",
    "short_date",
    "short_time",
    "long_datetime",
    "full_datetime",
    "iso_date",
    "iso_datetime",
):
    # is_safe: the results are plain text that Django escapes like any other value.
    register.filter(_name, getattr(formatting, _name), is_safe=False)


@register.filter(is_safe=False)
def number(value, decimals=None):
    return formatting.number(value, decimals)


@register.simple_tag
def date_span(start, end):
    """ "12 d'abril de 2027 – 21 d'abril de 2027"; the start alone when there is no end."""
    if not end or end == start:
        return formatting.long_date(start)
    return f"{formatting.long_date(start)} – {formatting.long_date(end)}"
