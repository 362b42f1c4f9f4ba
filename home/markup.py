"""Markup written in Python where a template was too slow for its size (the agenda's selects, the event card), with
the same escaping Django's templates apply: `text_escape` as `{{ value }}` writes a value, `html_attributes` as
django/forms/widgets/attrs.html writes a widget's attributes."""

import html

from django.utils.html import conditional_escape, escape


def html_attributes(attrs):
    """A widget's attributes as Django's django/forms/widgets/attrs.html writes them: `True` alone, `False` not."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def text_escape(value):
    """`conditional_escape(value)` for the hundreds of options of a select or the facts of a page of cards: the standard
    library's `html.escape`, which Django's wraps, called directly (Django's lazy-string wrapper around it made a
    tenth of the agenda's render time). Markup already marked safe is left as it is, as Django leaves it."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
