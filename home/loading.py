"""Model instances made from the database's rows as Django's Model constructor makes them, without the work it
does for an instance made in code (issue 21).

modelcluster's `ClusterableModel.__init__` accepts a page's or an event's child objects as keyword arguments, and to
know their names it walks every field of the model at each instance it makes, keyword arguments or not: half the
cost of loading a page (17 → 8 µs for a defender's profile), and a listing loads 20 to 70 of them. A row read from
the database is given as positional values and never brings child objects, so the walk finds nothing to do; nor does
Django's own loop over the fields, which sets each value under its name (`made_from_row` sets them at once). Our
models take this path through `LoadedAsRows`; the prepared queries of home/queries.py take it for any model that
keeps Django's `from_db` (`instance_maker`: Wagtail's pages and locales, Django's plain models).
"""

import functools

from django.db import models
from django.db.models.base import DEFERRED, ModelState
from django.db.models.signals import post_init, pre_init
from modelcluster.models import ClusterableModel
from wagtail.models import Page, ShowInMenusMixin

# The constructors between one of our models and Django's Model that `LoadedAsRows` may skip: modelcluster's (above),
# and Wagtail's page constructors (`AbstractPage.__init__`, which `Page` inherits, and ShowInMenusMixin's), which set
# defaults only for a page without an id, and a row always has its key. Any other one keeps the whole chain: a form
# page's (`FormMixin.__init__`, the contact page) among them.
SKIPPABLE_CONSTRUCTORS = {ClusterableModel.__init__, Page.__init__, ShowInMenusMixin.__init__}


class LoadedAsRows:
    """Mixed into a model of ours, before its other bases: `from_db` (Django's documented hook for loading an
    instance) makes it as Django's Model constructor alone would (`made_from_row`) when every constructor in between
    is one of SKIPPABLE_CONSTRUCTORS: pages, events and people, and the cities and themes that are loaded with them
    (`select_related()`, which makes them through their own `from_db`). `tests/test_loading.py` checks that each such
    model loads the same instance either way."""

    @classmethod
    def from_db(cls, db, field_names, values):
        if not _may_skip_constructors(cls):
            return super().from_db(db, field_names, values)
        return from_row(cls, db, field_names, values)


def from_row(model, db, field_names, values):
    """What Django's `Model.from_db` gives for a model whose constructors may be skipped (`_may_skip_constructors`),
    made by `made_from_row`."""
    if len(values) != len(model._meta.concrete_fields):
        # The columns `only()` or `defer()` left out stay unset, as Django's `Model.from_db` leaves them (deferred).
        return made_from_row(model, db, values, names=field_names)
    return made_from_row(model, db, values)


def instance_maker(model):
    """`model.from_db`, or the same instances made by `from_row` for a model that keeps Django's `from_db` and whose
    constructors may be skipped: what a prepared query (home/queries.py) makes of its rows, Wagtail's own pages (the
    search's results) and Django's plain models among them."""
    if model.from_db.__func__ is models.Model.from_db.__func__ and _may_skip_constructors(model):
        return functools.partial(from_row, model)
    return model.from_db


def made_from_row(model, db, values, names=None):
    """An instance of `model` (for which `_may_skip_constructors` holds) loaded from `db` with `values`, one per
    concrete field in their order (DEFERRED for a column not read), as Django's Model constructor makes it; or, with
    `names` (the attribute names of the fields read, as Django's `from_db` is given them), one per name.

    What that constructor does with a row's values is to set each under its field's attribute name, skipping the
    deferred ones, after a new state and between two signals. Without receivers for the signals, the values go
    straight into the instance's attributes: the attributes with a setter of their own (a foreign key's, which forgets
    a related object a new instance does not have; a StreamField's, which reads what the database converter has read
    already) keep a value read from the database as it is, which tests/test_loading.py checks for each of our models
    and for every other model with rows on its test site. A page of ours has 30 to 50 columns: loaded this way, a
    city programme takes 4 µs, against 10 through the constructor's loop over them."""
    new = model.__new__(model)
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        if names is not None:
            given = dict(zip(names, values, strict=True))
            values = [given.get(name, DEFERRED) for name in _attribute_names(model)]
        models.Model.__init__(new, *values)
    elif names is not None:
        new._state = ModelState()
        new.__dict__.update(zip(names, values, strict=True))
    else:
        new._state = ModelState()
        names = _attribute_names(model)
        new.__dict__.update({name: value for name, value in zip(names, values, strict=True) if value is not DEFERRED})
    if "id" not in new.__dict__ and "id" in _attribute_names(model):
        # What the page constructors' `if not self.id` leaves behind when `only()` left out Wagtail's page id:
        # Django reads it from the page type's own key, without a query.
        new.id = new.pk
    new._state.adding = False
    new._state.db = db
    return new


@functools.cache
def _attribute_names(model):
    return tuple(field.attname for field in model._meta.concrete_fields)


@functools.cache
def _may_skip_constructors(model):
    constructors = {klass.__dict__["__init__"] for klass in model.__mro__ if "__init__" in klass.__dict__}
    return constructors - {object.__init__, models.Model.__init__} <= SKIPPABLE_CONSTRUCTORS
