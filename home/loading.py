"""Pages, events and people loaded from the database as Django makes a plain model (issue 21).

modelcluster's `ClusterableModel.__init__` accepts a page's or an event's child objects as keyword arguments, and to
know their names it walks every field of the model at each instance it makes, keyword arguments or not: half the
cost of loading a page (17 → 8 µs for a defender's profile), and a listing loads 20 to 70 of them. A row read from
the database is given to the constructor as positional values and never brings child objects, so the walk finds
nothing to do.
"""

import functools

from django.db import models
from django.db.models.base import DEFERRED
from modelcluster.models import ClusterableModel
from wagtail.models import Page, ShowInMenusMixin

# The constructors between one of our models and Django's Model that `LoadedAsRows` may skip: modelcluster's (above),
# and Wagtail's page constructors (`AbstractPage.__init__`, which `Page` inherits, and ShowInMenusMixin's), which set
# defaults only for a page without an id, and a row always has its key. Any other one keeps the whole chain: a form
# page's (`FormMixin.__init__`, the contact page) among them.
SKIPPABLE_CONSTRUCTORS = {ClusterableModel.__init__, Page.__init__, ShowInMenusMixin.__init__}


class LoadedAsRows:
    """Mixed into a ClusterableModel of ours, before it in the bases: `from_db` (Django's documented hook for loading
    an instance) makes it with Django's Model constructor alone when every constructor in between is one of
    SKIPPABLE_CONSTRUCTORS. `tests/test_loading.py` checks that each such model loads the same instance either way."""

    @classmethod
    def from_db(cls, db, field_names, values):
        if not _may_skip_constructors(cls):
            return super().from_db(db, field_names, values)
        if len(values) != len(cls._meta.concrete_fields):
            # The columns `only()` or `defer()` left out, as Django's `Model.from_db` marks them.
            given = iter(values)
            values = [next(given) if f.attname in field_names else DEFERRED for f in cls._meta.concrete_fields]
        return made_from_row(cls, db, values)


def made_from_row(model, db, values):
    """An instance of `model` (for which `_may_skip_constructors` holds) loaded from `db` with `values`, one per
    concrete field in their order (DEFERRED for a column not read), made by Django's Model constructor alone."""
    new = model.__new__(model)
    models.Model.__init__(new, *values)
    if "id" not in new.__dict__:
        # What the page constructors' `if not self.id` leaves behind when `only()` left out Wagtail's page id:
        # Django reads it from the page type's own key, without a query.
        new.id = new.pk
    new._state.adding = False
    new._state.db = db
    return new


@functools.cache
def _may_skip_constructors(model):
    constructors = {klass.__dict__["__init__"] for klass in model.__mro__ if "__init__" in klass.__dict__}
    return constructors - {object.__init__, models.Model.__init__} <= SKIPPABLE_CONSTRUCTORS
