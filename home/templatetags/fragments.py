"""`{% written_once name=value … %}…{% endwritten_once %}`: a part of a page written once per process for each set
of values it shows, and given again wherever and whenever the same values come back (issue 21).

The block sees the values it names and nothing else (no other variable of the page, no request), in the active
language, so that what it writes follows from the key alone: the block, the language and the values. A value must be
plain data compared by what it holds: text, numbers, booleans, None, dates and times, and tuples or frozen
dataclasses of those. A model instance (compared by its key, whatever its fields say now), a list or a lazy
translation is refused with an error, so that no change can hide behind an unchanged key. Nothing here depends on
the content generation: a change of content makes other values, hence another key.

    {% load fragments %}
    {% written_once options=country_options %}{% for code, name in options %}…{% endfor %}{% endwritten_once %}
"""

import collections
import contextlib
import dataclasses
import datetime
import decimal

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

from home.catalogues import CATALOGUE_SETTINGS
from home.formatting import FORMAT_SETTINGS

register = template.Library()

# The parts written lately, by key: at most this many (most under a KB, a page's header 2–3 KB, a directory's filter
# options some 30 KB), the one given least recently dropped first. Every address has three of its own (its header with
# the language switcher, its hreflang links, its Open Graph tags: 6,600 for the large site's 2,200 pages) beside its
# lists; parts many addresses share (filters, paginations, a tour's openings) are given again soon, and stay.
_written = collections.OrderedDict()
MAX_WRITTEN = 8192

SCALARS = (str, int, float, decimal.Decimal, bool, type(None), datetime.date, datetime.time, datetime.timedelta)
# Scalars whose value, with their exact type, is all a template writes of them (not times: their zone and fold).
EXACT_SCALARS = frozenset((str, int, bool, type(None), datetime.date, datetime.timedelta))
# The fields of the frozen dataclasses met so far, by class.
_frozen_dataclass_fields = {}


def frozen(value):
    """A key for `value` that only an equal value, written the same way, has: each scalar with its type (True and 1
    compare equal, but a template writes "True" and "1"; markup, a SafeString, equals its text, which Django would
    escape), a number as written, a time with its zone and fold (two times of the hour the autumn change repeats
    compare equal). TypeError for anything that is not plain data."""
    kind = type(value)
    # The usual values first, by their exact type (a subclass, markup among them, takes the checks below): a tour's
    # page asks this of two hundred values.
    if kind in EXACT_SCALARS:
        return (kind, value)
    if kind is tuple:
        return (tuple, tuple(map(frozen, value)))
    if kind in _frozen_dataclass_fields:
        return (kind, tuple(frozen(getattr(value, name)) for name in _frozen_dataclass_fields[kind]))
    if isinstance(value, (datetime.datetime, datetime.time)):
        return (type(value), value, value.tzinfo, value.fold)
    if isinstance(value, (float, decimal.Decimal)):
        return (type(value), str(value))  # 1.0 and 1.00, 0.0 and -0.0 compare equal but are written apart
    if isinstance(value, SCALARS):
        return (type(value), value)
    if isinstance(value, tuple):
        return (type(value), tuple(frozen(item) for item in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and value.__dataclass_params__.frozen:
        _frozen_dataclass_fields[kind] = tuple(field.name for field in dataclasses.fields(value))
        return frozen(value)
    raise TypeError(f"{{% written_once %}} takes plain data, not {type(value).__name__}: {value!r:.80}")


class WrittenOnceNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist = nodelist
        self.values = values

    def render(self, context):
        values = {name: expression.resolve(context) for name, expression in self.values.items()}
        # The node itself names the block: a template read again (another node) never takes an older block's part.
        key = (
            self,
            translation.get_language(),
            context.autoescape,
            tuple((name, frozen(value)) for name, value in values.items()),
        )
        written = _written.get(key)
        if written is not None:
            with contextlib.suppress(KeyError):  # dropped meanwhile by another thread
                _written.move_to_end(key)
            return written
        alone = context.new(values)
        # No request either: a tag that reads it could write what the key does not say (the site, the user).
        alone.request = None
        written = self.nodelist.render(alone)
        _written[key] = written
        while len(_written) > MAX_WRITTEN:
            with contextlib.suppress(KeyError):
                _written.popitem(last=False)
        return written


@register.tag
def written_once(parser, token):
    bits = token.split_contents()[1:]
    values = template.base.token_kwargs(bits, parser, support_legacy=False)
    if bits or not values:
        raise template.TemplateSyntaxError("{% written_once %} takes name=value pairs only, at least one.")
    nodelist = parser.parse(("endwritten_once",))
    parser.delete_first_token()
    return WrittenOnceNode(nodelist, values)


@receiver(setting_changed)
def _forget_written(*, setting, **kwargs):
    # A test that changes the catalogues or the formats reads them afresh.
    if setting in CATALOGUE_SETTINGS | FORMAT_SETTINGS:
        _written.clear()
