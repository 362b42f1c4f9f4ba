"""`{% written_once %}` (home/templatetags/fragments.py): a part of a page written once for each set of plain values
it shows. What it gives must always be what the block would write now: another value, language or markup gives
another part, the block cannot read what it was not given, and values compared by identity are refused."""

import collections
import dataclasses
import datetime
import decimal
import zoneinfo

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from home.templatetags.fragments import frozen

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


_compiled = {}


def render(source, **context):
    """`source` rendered with `context`, compiled once as a page's template is: a block written before is given."""
    if source not in _compiled:
        _compiled[source] = Template("{% load i18n fragments %}" + source)
    return _compiled[source].render(Context(context))


def test_the_same_values_give_the_same_part_and_other_values_another():
    source = "{% written_once items=items %}{% for name, count in items %}{{ name }} ({{ count }}); {% endfor %}"
    source += "{% endwritten_once %}"
    assert render(source, items=(("Colòmbia", 3), ("Kenya", 1))) == "Colòmbia (3); Kenya (1); "
    assert render(source, items=(("Colòmbia", 3), ("Kenya", 1))) == "Colòmbia (3); Kenya (1); "
    assert render(source, items=(("Colòmbia", 4), ("Kenya", 1))) == "Colòmbia (4); Kenya (1); "
    # Equal as Python compares them, written differently by a template.
    assert render(source, items=(("x", True),)) == "x (True); "
    assert render(source, items=(("x", 1),)) == "x (1); "


def test_markup_and_text_are_told_apart():
    source = "{% written_once value=value %}{{ value }}{% endwritten_once %}"
    assert render(source, value="<b>") == "&lt;b&gt;"
    assert render(source, value=mark_safe("<b>")) == "<b>"
    assert render(source, value="<b>") == "&lt;b&gt;"


def test_numbers_written_apart_are_told_apart():
    source = "{% written_once value=value %}{{ value }}{% endwritten_once %}"
    with translation.override("en"):
        assert render(source, value=decimal.Decimal("1.0")) == "1.0"
        assert render(source, value=decimal.Decimal("1.00")) == "1.00"


def test_the_block_sees_only_what_it_names():
    source = "{% written_once shown=shown %}{{ shown }}[{{ secret }}]{% endwritten_once %}"
    assert render(source, shown="a", secret="do not show") == "a[]"


def test_each_language_has_its_own_part():
    source = '{% written_once value=value %}{% translate "Next page" %} {{ value }}{% endwritten_once %}'
    with translation.override("en"):
        english = render(source, value=2)
    with translation.override("es"):
        spanish = render(source, value=2)
    assert english == "Next page 2" and spanish != english and spanish.endswith(" 2")


def test_the_repeated_autumn_hour_is_two_times():
    first = datetime.datetime(2027, 10, 31, 2, 30, tzinfo=MADRID)
    second = first.replace(fold=1)
    assert first == second  # Python compares them alike; their offsets differ
    source = '{% written_once when=when %}{{ when|date:"c" }}{% endwritten_once %}'
    assert render(source, when=first) != render(source, when=second)


@dataclasses.dataclass(frozen=True)
class Frozen:
    name: str


@dataclasses.dataclass
class Thawed:
    name: str


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [["a list"], {"a": "dict"}, gettext_lazy("Next page"), Thawed("mutable"), (1, ["a list in a tuple"]), object()],
)
def test_what_is_not_plain_data_is_refused(value):
    with pytest.raises(TypeError):
        frozen(value)


@pytest.mark.django_db
def test_a_model_instance_is_refused(homes):
    with pytest.raises(TypeError):
        frozen(homes["ca"])
    assert frozen(Frozen("x")) == frozen(Frozen("x")) != frozen(Frozen("y"))


def test_a_block_names_what_it_shows():
    with pytest.raises(TemplateSyntaxError):
        render("{% written_once %}x{% endwritten_once %}")
    with pytest.raises(TemplateSyntaxError):
        render("{% written_once value %}x{% endwritten_once %}", value=1)


def test_the_same_kind_of_record_is_checked_every_time():
    # Records of one class are read by the fields it was first met with, each value checked again: another value
    # gives another key, and a record that holds a list is refused however often its class was met.
    assert frozen(Frozen("x")) == frozen(Frozen("x"))
    assert frozen(Frozen("x")) != frozen(Frozen(mark_safe("x"))) != frozen(Frozen("y"))
    with pytest.raises(TypeError):
        frozen(Frozen(["a list"]))
    with pytest.raises(TypeError):
        frozen((Frozen("x"), Frozen(gettext_lazy("Next page"))))


def test_a_tuple_of_another_kind_is_told_apart_from_a_plain_one():
    pair = collections.namedtuple("Pair", "name count")
    assert frozen(pair("x", 1)) != frozen(("x", 1))
    assert frozen(pair("x", 1)) == frozen(pair("x", 1))


def test_parts_given_again_are_kept_over_parts_given_once(monkeypatch):
    # The store is bounded; when full, the part given least recently goes first, so that the parts many addresses
    # share (a directory's filters, paginations) outlive those of one address (a profile's lists).
    from home.templatetags import fragments

    monkeypatch.setattr(fragments, "MAX_WRITTEN", 2)
    fragments._written.clear()
    source = "{% written_once value=value %}[{{ value }}]{% endwritten_once %}"
    for value in ("shared", "once", "shared", "new"):
        assert render(source, value=value) == f"[{value}]"
    assert sorted(fragments._written.values()) == ["[new]", "[shared]"]
