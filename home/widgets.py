"""Form widgets of the public site's filter forms (the agenda's, the teaching resources')."""

import html

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .markup import html_attributes, text_escape


class PlainSelect(forms.Select):
    """A select written in Python, the same markup as Django's template for it (without the line breaks between its
    tags): the agenda's defender filter lists every public defender, hundreds at benchmark size, and rendering an
    option template (later, one template loop over Django's option dictionaries) made half, then a third of the
    agenda's render time; the teaching resources' five filters, two thirds of their directory's. Flat choices
    only."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        parts = [f'<select name="{conditional_escape(name)}"{html_attributes(self.build_attrs(self.attrs, attrs))}>']
        has_selected = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else option_value
            # As ChoiceWidget.optgroups: the first option whose value is chosen, only.
            selected = not has_selected and str(option_value) in chosen
            has_selected |= selected
            parts.append(
                f'<option value="{html.escape(str(option_value))}"{" selected" if selected else ""}>'
                f"{text_escape(label)}</option>"
            )
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
