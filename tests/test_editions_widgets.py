"""The filter selects of the agenda and the teaching resources are written in Python (home/widgets.py PlainSelect)
for speed: the markup must be the one Django's own Select writes, whatever the choices, the chosen value and the
attributes."""

import re

import pytest
from django import forms
from django.utils.safestring import mark_safe

from editions.agenda import AgendaFilterForm
from home.widgets import PlainSelect

# Labels as the agenda gives them: names read from the database, its own translated (lazy) empty label, markup marked
# safe. The empty label is taken from the form rather than written here, so the project's catalogue gets no copy.
CHOICES = [
    ("", AgendaFilterForm.base_fields["city"].empty_label),
    ("sabadell", "Sabadell"),
    ("l'h", "L'Hospitalet & <Llobregat>"),
    (3, "3"),
    ("safe", mark_safe("<b>Badalona</b>")),  # noqa: S308 - a fixed test string
]


@pytest.mark.parametrize("value", [None, "", "sabadell", "l'h", "3", 3, "cap"])
@pytest.mark.parametrize(
    "attrs",
    [{"id": "id_city"}, {"id": "id_city", "aria-invalid": "true", "aria-describedby": "id_city_error"}]
    + [{"id": "x", "required": True, "disabled": False, "data-x": '"<>"'}],
)
def test_plain_select_writes_what_djangos_select_writes(value, attrs):
    ours = PlainSelect(choices=CHOICES).render("city", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("city", value, attrs=attrs)
    # Django's template puts line breaks and indentation between the tags, which HTML ignores.
    assert str(ours) == re.sub(r">\s+<", "><", str(django))
