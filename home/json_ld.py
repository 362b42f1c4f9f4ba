"""schema.org data as a `<script type="application/ld+json">` block, the one way every app writes it."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def ld_json_script(data):
    """`data` as JSON-LD, escaped as Django's `json_script` escapes (`&`, `<` and `>` as `\\uXXXX`), so that no value
    can close the `<script>` element. Three replacements rather than `str.translate` with Django's table, which looks
    every character up in a dictionary: a millisecond for the twenty events a tour page showed."""
    return ld_json_script_of(json_text(data))


def json_text(data):
    """`data` in JSON as the script block writes it (not yet escaped for HTML): parts of a list written apart and
    joined with ", " are the list's text."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def ld_json_script_of(payload):
    """The script block of JSON text `payload` (`json_text`), escaped."""
    payload = payload.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308 - escaped above
