"""No module of ours replaces an attribute of Wagtail, Django or wagtail-localize at run time (issue 18): after
Django has started (every app imported, every `ready()` run), every function and class found on their modules and
classes is their own. Upgrades then change what Wagtail does in one place only: Wagtail."""

import inspect
import sys
from pathlib import Path

from django.conf import settings
from wagtail.models import Locale, Page
from wagtail.models.i18n import LocaleManager
from wagtail.query import PageQuerySet

THIRD_PARTY = ("wagtail", "django", "wagtail_localize", "modelcluster", "taggit", "treebeard")


def our_packages():
    base = Path(settings.BASE_DIR)
    return {path.parent.name for path in base.glob("*/__init__.py")} | {path.stem for path in base.glob("*.py")}


def defined_in(value):
    """The module a function, method or class was written in (None for plain values)."""
    for attribute in ("fget", "__func__", "func"):
        value = getattr(value, attribute, value)
    module = getattr(value, "__module__", None)
    return module if isinstance(module, str) else None


def is_ours(module, ours):
    return module is not None and module.split(".")[0] in ours


def written_by_wagtail(cls, name):
    """`cls.name` is the function Wagtail wrote on one of `cls`'s classes, in that class's own module."""
    value = inspect.getattr_static(cls, name)
    function = getattr(value, "__func__", value)
    owner_name, _, method = function.__qualname__.partition(".")
    owner = getattr(sys.modules[function.__module__], owner_name)
    return function.__module__.split(".")[0] == "wagtail" and method == name and owner in cls.__mro__


def test_wagtails_routing_privacy_and_locale_lookup_are_wagtails_own():
    assert written_by_wagtail(Page, "route_for_request")
    assert written_by_wagtail(Page, "find_for_request")
    assert written_by_wagtail(Page, "get_view_restrictions")
    assert written_by_wagtail(PageQuerySet, "private_q")
    assert written_by_wagtail(PageQuerySet, "public")
    assert written_by_wagtail(LocaleManager, "get_for_language")
    assert type(Locale.objects).get_for_language is LocaleManager.get_for_language
    assert written_by_wagtail(Locale, "get_active")


def test_no_attribute_of_wagtail_django_or_wagtail_localize_is_ours():
    ours = our_packages()
    assert {"home", "defenders", "editions", "statements"} <= ours
    found = []
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in THIRD_PARTY:
            continue
        for attribute, value in list(vars(module).items()):
            if is_ours(defined_in(value), ours):
                found.append(f"{name}.{attribute}")
            # Classes written in this module: their own attributes (methods, properties, managers' methods).
            if isinstance(value, type) and value.__module__ == name:
                for member, inner in vars(value).items():
                    if is_ours(defined_in(inner), ours):
                        found.append(f"{name}.{attribute}.{member}")
    assert found == []


def test_the_check_would_see_a_patch(monkeypatch):
    """The test above is not blind: a replaced method is reported."""
    from home.queries import restricted_q

    monkeypatch.setattr(PageQuerySet, "private_q", lambda self: restricted_q())
    assert not written_by_wagtail(PageQuerySet, "private_q")
    ours = our_packages()
    assert is_ours(defined_in(vars(PageQuerySet)["private_q"]), ours)
