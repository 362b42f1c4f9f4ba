"""Validators for text that leaves the site in one-line fields: titles become e-mail subjects, calendar SUMMARYs,
feed titles and share cards, where a line break or a control character breaks the format (a header injection in
e-mail, a 500 in a calendar, XML that no reader accepts)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Line and paragraph separators are not "Cc" characters but break lines all the same.
LINE_BREAKERS = {"\u2028", "\u2029", "\u0085"}


def has_control_characters(value):
    return any(unicodedata.category(ch) == "Cc" or ch in LINE_BREAKERS for ch in str(value or ""))


def refuse_control_characters(value):
    if has_control_characters(value):
        raise ValidationError(
            _("Use a single line without line breaks, tabs or other control characters."), code="control_characters"
        )


def single_line(value):
    """`value` on one line: control characters and line breaks become spaces, runs of spaces one space."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" or ch in LINE_BREAKERS else ch for ch in str(value or ""))
    return " ".join(text.split())


def refuse_control_characters_in(instance, *names):
    """For a model's clean(): a ValidationError naming each of the fields `names` that holds control characters."""
    errors = {}
    for name in names:
        try:
            refuse_control_characters(getattr(instance, name))
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)
